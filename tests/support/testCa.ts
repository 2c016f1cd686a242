import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";

/** A throwaway CA and a server certificate it signed, made at test time (no key is ever committed). */
export interface TestCa {
  /** The CA certificate (PEM): what a client must trust. */
  readonly caPem: string;
  /** A file holding {@link caPem}, for `NODE_EXTRA_CA_CERTS` of child processes. */
  readonly caFile: string;
  /** The server's key and certificate (PEM), for the emulator's `tls` option. */
  readonly key: string;
  readonly cert: string;
  /**
   * Makes this process trust the CA too (in-process clients and `fetch`), as NODE_EXTRA_CA_CERTS
   * does for a child; returns the function that restores the previous trust store.
   */
  trustInProcess(): () => void;
  /** Removes the files. */
  remove(): void;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * A test CA (openssl CLI: node:crypto cannot sign certificates) and a certificate for `names`
 * (DNS names, plus 127.0.0.1 for the emulator's control API), valid for one day.
 */
export function createTestCa(names: readonly string[]): TestCa {
  const dir = mkdtempSync(join(tmpdir(), "dcs-test-ca-"));
  const f = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync("openssl", args, { stdio: "ignore" });
  };
  try {
    openssl("req", "-x509", ...EC, "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "1", "-subj", "/CN=dcs-migration test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    writeFileSync(f("leaf.ext"), `subjectAltName=${[...names.map((n) => `DNS:${n}`), "IP:127.0.0.1"].join(",")}\nextendedKeyUsage=serverAuth\n`);
    openssl("req", ...EC, "-keyout", f("key.pem"), "-out", f("leaf.csr"), "-subj", `/CN=${names[0] ?? "127.0.0.1"}`);
    openssl("x509", "-req", "-in", f("leaf.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f("cert.pem"), "-days", "1", "-extfile", f("leaf.ext"));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const caPem = readFileSync(f("ca.pem"), "utf8");
  const key = readFileSync(f("key.pem"), "utf8");
  const cert = readFileSync(f("cert.pem"), "utf8");
  // Only the public CA certificate stays on disk while the test runs.
  for (const name of ["ca.key", "key.pem", "leaf.csr", "leaf.ext", "cert.pem", "ca.srl"]) rmSync(f(name), { force: true });
  return {
    caPem,
    caFile: f("ca.pem"),
    key,
    cert,
    trustInProcess: () => {
      const before = tls.getCACertificates("default");
      tls.setDefaultCACertificates([...before, caPem]);
      return () => tls.setDefaultCACertificates(before);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
