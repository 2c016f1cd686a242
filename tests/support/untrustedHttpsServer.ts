import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** An HTTPS server on 127.0.0.1 whose certificate no trust store holds. */
export interface UntrustedHttpsServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** TCP connections accepted (each one a client that tried to talk to it). */
  readonly connections: number;
  /** HTTP requests that got through a TLS handshake: must stay 0 for a client that verifies. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * How the certificate is untrusted:
 * - `self-signed`: the leaf signs itself (a test box, a forgotten dev cert);
 * - `unknown-root`: leaf + intermediate sent, root CA unknown (a corporate TLS-inspecting proxy,
 *   a private CA without NODE_EXTRA_CA_CERTS) — Node's "unable to get local issuer certificate".
 */
export type Untrust = "self-signed" | "unknown-root";

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const CA_EXT = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";
const LEAF_EXT = "subjectAltName=IP:127.0.0.1\n";

/**
 * Generates throwaway certificates for 127.0.0.1 with the `openssl` CLI (at test time, so no
 * key is ever committed) and serves valid-looking stats over them, so the only thing wrong is
 * the trust.
 */
export async function startUntrustedHttpsServer(body: string, untrust: Untrust): Promise<UntrustedHttpsServer> {
  const dir = mkdtempSync(join(tmpdir(), "dcs-untrusted-"));
  const f = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync("openssl", args, { stdio: "ignore" });
  };
  let key: Buffer;
  let cert: Buffer;
  try {
    if (untrust === "self-signed") {
      openssl("req", "-x509", ...EC, "-keyout", f("key.pem"), "-out", f("cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
      cert = readFileSync(f("cert.pem"));
    } else {
      writeFileSync(f("ca.ext"), CA_EXT);
      writeFileSync(f("leaf.ext"), LEAF_EXT);
      openssl("req", "-x509", ...EC, "-keyout", f("root.key"), "-out", f("root.pem"), "-days", "1", "-subj", "/CN=Untrusted Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
      openssl("req", ...EC, "-keyout", f("int.key"), "-out", f("int.csr"), "-subj", "/CN=Untrusted Test Intermediate");
      openssl("x509", "-req", "-in", f("int.csr"), "-CA", f("root.pem"), "-CAkey", f("root.key"), "-CAcreateserial", "-out", f("int.pem"), "-days", "1", "-extfile", f("ca.ext"));
      openssl("req", ...EC, "-keyout", f("key.pem"), "-out", f("leaf.csr"), "-subj", "/CN=127.0.0.1");
      openssl("x509", "-req", "-in", f("leaf.csr"), "-CA", f("int.pem"), "-CAkey", f("int.key"), "-CAcreateserial", "-out", f("leaf.pem"), "-days", "1", "-extfile", f("leaf.ext"));
      cert = Buffer.concat([readFileSync(f("leaf.pem")), readFileSync(f("int.pem"))]);
    }
    key = readFileSync(f("key.pem"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let connections = 0;
  let requests = 0;
  const server = https.createServer({ key, cert }, (_req, res) => {
    requests++;
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  server.on("connection", () => connections++);
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
