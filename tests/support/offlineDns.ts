// The module object itself (not an import namespace), so its `lookup` can be replaced.
import dns = require("node:dns");
import { isIP } from "node:net";

/** Names that never leave the machine: loopback, and the literal addresses handled without a lookup. */
const LOCAL_NAMES = new Set(["localhost", "localhost."]);

type LookupCallback = (err: NodeJS.ErrnoException | null, address?: unknown, family?: number) => void;

/**
 * Answers name lookups in this process the way RFC 6761 §6.4 asks resolvers to treat
 * `.invalid` names — NXDOMAIN at once, surfaced by Node as `getaddrinfo ENOTFOUND` — without
 * consulting the system resolver, and refuses every other non-local name the same way. The
 * host's glibc resolver would otherwise send a query for `dcs.….invalid` to the configured
 * name server, and tests must not put any packet on a network outside 127.0.0.1.
 *
 * @param onLookup told of every name answered offline (a client that tried to reach it).
 * @returns a function restoring the original `dns.lookup`.
 */
export function installOfflineDns(onLookup?: (hostname: string) => void): () => void {
  const original = dns.lookup;
  const offline = function lookup(hostname: string, options: unknown, callback?: LookupCallback): void {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback;
    if (isIP(hostname) !== 0 || LOCAL_NAMES.has(hostname.toLowerCase())) {
      (original as (...a: unknown[]) => void).call(dns, hostname, options, callback);
      return;
    }
    onLookup?.(hostname);
    const error: NodeJS.ErrnoException & { hostname?: string } = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = "ENOTFOUND";
    error.errno = -3008;
    error.syscall = "getaddrinfo";
    error.hostname = hostname;
    process.nextTick(() => cb(error));
  };
  (dns as { lookup: unknown }).lookup = offline;
  return () => {
    (dns as { lookup: unknown }).lookup = original;
  };
}
