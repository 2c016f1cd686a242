import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** An HTTPS server on 127.0.0.1 whose certificate no trust store holds. */
export interface SelfSignedHttpsServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** TCP connections accepted (each one a client that tried to talk to it). */
  readonly connections: number;
  /** HTTP requests that got through a TLS handshake: must stay 0 for a client that verifies. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * Generates a throwaway self-signed certificate for 127.0.0.1 with the `openssl` CLI (at test
 * time, so no key is ever committed) and serves valid-looking stats over it, so the only thing
 * wrong is the trust.
 */
export async function startSelfSignedHttpsServer(body: string): Promise<SelfSignedHttpsServer> {
  const dir = mkdtempSync(join(tmpdir(), "dcs-selfsigned-"));
  let key: Buffer;
  let cert: Buffer;
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
      { stdio: "ignore" },
    );
    key = readFileSync(join(dir, "key.pem"));
    cert = readFileSync(join(dir, "cert.pem"));
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
