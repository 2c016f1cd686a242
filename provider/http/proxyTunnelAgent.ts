import type { ClientRequest, IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import type { AgentConnectOpts } from "agent-base";
import { HttpsProxyAgent } from "https-proxy-agent";
import { ProxyRefusalError } from "./proxyRefusal";
import type { ProxyRoute } from "./proxyRoute";

/** What https-proxy-agent reports of the proxy's answer to CONNECT (its `proxyConnect` event). */
interface ConnectAnswer {
  readonly statusCode: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
}

export interface ProxyTunnelAgentOptions {
  /** Sockets per origin, as `http.Agent#maxSockets`. */
  readonly maxSockets: number;
  /** Longest wait for the proxy's answer to CONNECT; the socket is destroyed after it. */
  readonly connectTimeoutMs: number;
}

/**
 * A keep-alive pool of TLS connections to https endpoints, each through a CONNECT tunnel of the
 * proxy in `route` (https-proxy-agent 7 on agent-base 7, so Node's own pooling reuses a tunnel for
 * later requests). What this subclass adds:
 * - a refused CONNECT (407, 403, 5xx) becomes a {@link ProxyRefusalError} instead of a response
 *   replayed as if the API had sent it (https-proxy-agent's behaviour), so a proxy's 403 is never
 *   mistaken for DCS refusing the credentials;
 * - the wait for the proxy's answer is bounded, so a proxy that accepts and never answers does
 *   not hold a socket past the request's deadline;
 * - certificates of the API host are verified whatever the environment says.
 * The proxy credentials go only into the CONNECT's `Proxy-Authorization`, from a closure: the
 * agent's fields and its `DEBUG=https-proxy-agent` lines hold the proxy URL without them.
 */
export class ProxyTunnelAgent extends HttpsProxyAgent<string> {
  readonly route: ProxyRoute;
  readonly #connectTimeoutMs: number;

  constructor(route: ProxyRoute, opts: ProxyTunnelAgentOptions) {
    const authorization = route.proxyAuthorization();
    super(route.url.href, {
      keepAlive: true,
      maxSockets: opts.maxSockets,
      headers: (): Record<string, string> => (authorization === undefined ? {} : { "Proxy-Authorization": authorization }),
    });
    this.route = route;
    this.#connectTimeoutMs = opts.connectTimeoutMs;
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    let answer: ConnectAnswer | undefined;
    const onAnswer = (a: ConnectAnswer): void => {
      answer = a;
    };
    req.once("proxyConnect", onAnswer);
    const guard = new AbortController();
    const timer = setTimeout(() => guard.abort(), this.#connectTimeoutMs);
    // The base class opens the socket to the proxy synchronously, from `connectOpts`, before its
    // first await: a per-call signal there bounds this one CONNECT and nothing after it.
    const base = this.connectOpts;
    this.connectOpts = { ...base, signal: guard.signal };
    let pending: Promise<Socket>;
    try {
      pending = super.connect(req, opts.secureEndpoint ? { ...opts, rejectUnauthorized: true } : opts);
    } finally {
      this.connectOpts = base;
    }
    const target = `${opts.host ?? "?"}:${opts.port ?? "?"}`;
    try {
      const socket = await pending;
      if (answer?.statusCode === 200) return socket;
      // A fake socket that would replay the proxy's answer as the API's response.
      socket.destroy();
      throw new ProxyRefusalError(this.route.hostPort, target, answer?.statusCode ?? 0, answer?.statusText ?? "", answer?.headers ?? {});
    } catch (e) {
      if (guard.signal.aborted) throw tunnelError("ETIMEDOUT", `proxy ${this.route.hostPort} did not answer CONNECT ${target} within ${this.#connectTimeoutMs} ms`, e);
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      // https-proxy-agent's own errors carry no code: the proxy hung up before answering.
      if (typeof code !== "string") throw tunnelError("ECONNRESET", `proxy ${this.route.hostPort} closed the connection before answering CONNECT ${target}`, e);
      throw e;
    } finally {
      clearTimeout(timer);
      req.off("proxyConnect", onAnswer);
    }
  }
}

function tunnelError(code: string, message: string, cause: unknown): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(message, { cause });
  e.code = code;
  return e;
}
