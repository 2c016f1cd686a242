import { BlockList, isIP } from "node:net";
import { inspect } from "node:util";
import { isLoopbackHost } from "../core/isLoopbackHost";
import { ConfigurationError } from "../core/errors";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The proxy requests to one endpoint go through, read from the environment by
 * {@link proxyRouteFor}. Only `host:port` and the variable's name are ever shown: the
 * credentials in the proxy URL stay inside {@link proxyAuthorization}.
 */
export class ProxyRoute {
  /** Proxy URL without credentials, path or query, e.g. `http://proxy.corp:3128`. */
  readonly url: URL;
  /** `host:port` of the proxy: what errors and traces name. */
  readonly hostPort: string;
  /** The variable the proxy came from, e.g. `HTTPS_PROXY`. */
  readonly variable: string;
  /** `tunnel`: CONNECT, TLS end to end (https endpoints); `forward`: absolute-URL requests (http endpoints). */
  readonly mode: "tunnel" | "forward";
  readonly #authorization: string | undefined;

  constructor(url: URL, variable: string, mode: "tunnel" | "forward", authorization: string | undefined) {
    this.url = url;
    this.hostPort = url.host;
    this.variable = variable;
    this.mode = mode;
    this.#authorization = authorization;
  }

  /** `Basic …` for `Proxy-Authorization`, from the proxy URL's user info; undefined without one. */
  proxyAuthorization(): string | undefined {
    return this.#authorization;
  }

  /** e.g. `proxy 10.0.0.5:3128 (from HTTPS_PROXY)` */
  describe(): string {
    return `proxy ${this.hostPort} (from ${this.variable})`;
  }

  toJSON(): Record<string, unknown> {
    return { proxy: this.hostPort, variable: this.variable, mode: this.mode, credentials: this.#authorization === undefined ? "none" : "[redacted]" };
  }

  [inspect.custom](): string {
    return `ProxyRoute ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * The proxy for requests to `target`, or undefined to connect directly. Follows curl's rules
 * (the ones `HTTPS_PROXY` users expect) with two choices of Go's `net/http` (the Pulumi CLI's):
 *
 * - `https_proxy`/`HTTPS_PROXY` for https targets, `http_proxy`/`HTTP_PROXY` for http ones;
 *   lower case first, as curl; an empty value means none. `ALL_PROXY` is not read.
 * - A value without a scheme is an `http://` proxy; `https://` proxies are spoken to over TLS;
 *   other schemes (socks) are refused with a ConfigurationError naming the variable.
 * - `no_proxy`/`NO_PROXY`: comma- or space-separated; `*` matches everything; a name matches
 *   itself and every subdomain (a leading `.` or `*.` changes nothing); `name:port` only that
 *   port; an IP matches itself; `10.0.0.0/8` and `fd00::/8` match addresses in the block.
 * - Loopback targets (localhost, 127.0.0.0/8, ::1) are never proxied (Go's rule; curl would send
 *   them to the proxy unless NO_PROXY lists them): a proxy elsewhere cannot reach this machine's
 *   loopback, so an emulator on 127.0.0.1 keeps working in a shell that exports HTTPS_PROXY.
 *
 * @throws ConfigurationError for a proxy value that is not an http(s) URL.
 */
export function proxyRouteFor(target: URL, env: Env): ProxyRoute | undefined {
  const secure = target.protocol === "https:";
  const names = secure ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"];
  const found = firstSet(env, names);
  if (found === undefined) return undefined;
  const host = normalizeHost(target.hostname);
  if (isLoopbackHost(host) || host.endsWith(".localhost")) return undefined;
  const port = Number(target.port) || (secure ? 443 : 80);
  const noProxy = firstSet(env, ["no_proxy", "NO_PROXY"]);
  if (noProxy !== undefined && matchesNoProxy(host, port, noProxy.value)) return undefined;
  return parseProxyValue(found.value, found.name, secure ? "tunnel" : "forward");
}

/** Whether `host` (lower case, no brackets) on `port` is exempted by a NO_PROXY list. */
export function matchesNoProxy(host: string, port: number, list: string): boolean {
  const hostIp = isIP(host);
  return list
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((e) => e !== "")
    .some((entry) => {
      if (entry === "*") return true;
      const slash = entry.indexOf("/");
      if (slash !== -1) return hostIp !== 0 && inBlock(host, hostIp, entry.slice(0, slash), entry.slice(slash + 1));
      const { name, entryPort } = splitPort(entry);
      if (entryPort !== undefined && entryPort !== port) return false;
      const domain = normalizeHost(name.replace(/^\*?\.+/, ""));
      if (domain === "") return false;
      return host === domain || (hostIp === 0 && host.endsWith(`.${domain}`));
    });
}

function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== "") return { name, value };
  }
  return undefined;
}

function normalizeHost(hostname: string): string {
  const h = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return h.toLowerCase().replace(/\.+$/, "");
}

function splitPort(entry: string): { name: string; entryPort: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) return { name: bracketed[1] ?? "", entryPort: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort !== null) return { name: withPort[1] ?? "", entryPort: Number(withPort[2]) };
  return { name: entry, entryPort: undefined };
}

function inBlock(host: string, hostIp: number, base: string, prefixText: string): boolean {
  const baseIp = isIP(base);
  const prefix = Number(prefixText);
  if (baseIp === 0 || baseIp !== hostIp || !/^\d+$/.test(prefixText) || prefix > (baseIp === 4 ? 32 : 128)) return false;
  const type = baseIp === 4 ? "ipv4" : "ipv6";
  const block = new BlockList();
  block.addSubnet(base, prefix, type);
  return block.check(host, type);
}

/** The proxy URL of a variable, without ever echoing its credentials. */
function parseProxyValue(value: string, variable: string, mode: "tunnel" | "forward"): ProxyRoute {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigurationError(`Expected \`${variable}\` to be a proxy URL like http://proxy.example.com:3128, got ${JSON.stringify(withoutCredentials(value))}.`, {
      field: variable,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(
      `Expected \`${variable}\` to be an http:// or https:// proxy URL, got a ${url.protocol.slice(0, -1)}:// one (${url.host}); only HTTP proxies are supported.`,
      { field: variable },
    );
  }
  if (url.hostname === "") {
    throw new ConfigurationError(`Expected \`${variable}\` to name a proxy host, got ${JSON.stringify(withoutCredentials(value))}.`, { field: variable });
  }
  let authorization: string | undefined;
  if (url.username !== "" || url.password !== "") {
    const user = safeDecode(url.username);
    const pass = safeDecode(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
  }
  const bare = new URL(`${url.protocol}//${url.host}`);
  return new ProxyRoute(bare, variable, mode, authorization);
}

function withoutCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, (_m, scheme: string | undefined) => `${scheme ?? ""}[credentials]@`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
