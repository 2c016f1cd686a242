import * as http from "node:http";
import * as https from "node:https";
import { proxyRouteFor, type ProxyRoute } from "./proxyRoute";
import type * as Tunnel from "./proxyTunnelAgent";

export interface ClientAgentOptions {
  /** Connections kept per origin (the client's concurrency limit). */
  readonly maxSockets: number;
  /** Bound of a proxy's answer to CONNECT (the client's request timeout). */
  readonly connectTimeoutMs: number;
  /** Where the proxy variables are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

const routes = new WeakMap<http.Agent, ProxyRoute>();

/**
 * The connection pool of one client for `endpoint`: its own keep-alive agent, never Node's
 * global one. Direct, or through the proxy the environment names for it ({@link proxyRouteFor}):
 * a CONNECT tunnel for https endpoints, a forwarding proxy for http ones (the transport then
 * sends absolute-URL requests to it).
 *
 * @throws ConfigurationError for a proxy variable that is not an http(s) URL.
 */
export function createClientAgent(endpoint: URL, opts: ClientAgentOptions): http.Agent {
  const route = proxyRouteFor(endpoint, opts.env);
  const pool = { keepAlive: true, maxSockets: opts.maxSockets };
  if (route?.mode === "tunnel") {
    // Loaded only when a proxy is in use: https-proxy-agent and its dependencies cost start-up
    // time (the CLI, every Pulumi provider process) that direct connections need not pay.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ProxyTunnelAgent } = require("./proxyTunnelAgent") as typeof Tunnel;
    const agent = new ProxyTunnelAgent(route, { maxSockets: opts.maxSockets, connectTimeoutMs: opts.connectTimeoutMs });
    routes.set(agent, route);
    return agent;
  }
  const agent = endpoint.protocol === "https:" ? new https.Agent(pool) : new http.Agent(pool);
  if (route !== undefined) routes.set(agent, route);
  return agent;
}

/** The proxy an agent made by {@link createClientAgent} sends through; undefined when direct. */
export function proxyRouteOf(agent: http.Agent): ProxyRoute | undefined {
  return routes.get(agent);
}
