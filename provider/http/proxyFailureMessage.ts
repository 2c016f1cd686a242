import type { ProxyHop } from "./httpRequest";
import { PROXY_ERROR_CODES } from "../core/networkErrorCodes";

/** What a proxy-aware message needs to know about the failed read. */
export interface ProxyFailure {
  readonly code: string;
  readonly message: string;
  readonly tls: boolean;
  readonly proxy: ProxyHop;
}

/**
 * The message of a read that failed on its way through a proxy. It names the proxy by
 * `host:port` and the variable it came from, never its credentials, and says which side to
 * look at: the proxy itself (down, unknown host, 407, policy) or the API behind it.
 */
export function proxyFailureMessage(f: ProxyFailure, ctx: { endpoint: string; taskId: string; attempts: number; timeoutMs: number }): string {
  const host = new URL(ctx.endpoint).host;
  const proxy = `the proxy ${f.proxy.hostPort} (from ${f.proxy.variable})`;
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : "";
  const direct = `unset ${f.proxy.variable} or add ${new URL(ctx.endpoint).hostname} to NO_PROXY if ${host} is reachable without it`;
  if (f.tls) {
    return (
      `The TLS certificate of ${host}, reached through ${proxy}, was refused (${f.code}: ${f.message}). Certificates are always verified; ` +
      `a TLS-inspecting proxy presents its own: make Node trust its CA (NODE_EXTRA_CA_CERTS), otherwise check the endpoint is really Huawei Cloud.`
    );
  }
  switch (f.code) {
    case PROXY_ERROR_CODES.auth:
      return f.proxy.withCredentials
        ? `${cap(proxy)} refused the credentials in ${f.proxy.variable} (407; ${f.message}). Check the user name and password in the proxy URL (percent-encode special characters such as @ : / as %40 %3A %2F).`
        : `${cap(proxy)} requires authentication (407; ${f.message}) and ${f.proxy.variable} has no credentials. Put them in the proxy URL: ${f.proxy.variable}=http://USER:PASSWORD@${f.proxy.hostPort}.`;
    case PROXY_ERROR_CODES.refused:
      return `${cap(proxy)} refused to open a tunnel to ${host} (${f.message}). Its policy does not let this machine reach ${host}: ask the proxy's administrators to allow CONNECT to it, or ${direct}.`;
    case PROXY_ERROR_CODES.unavailable:
      return `${cap(proxy)} could not reach ${host}${tries} (${f.message}). The proxy resolves and connects to the API host itself: retry later, and check the endpoint's region and the proxy's own network.`;
    case "ECONNREFUSED":
      return `${cap(proxy)} refused the connection${tries} (ECONNREFUSED). Check that the proxy is running and that ${f.proxy.variable} names the right host and port, or ${direct}.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Could not resolve the proxy host of ${f.proxy.variable} (${f.proxy.hostPort}, ${f.code})${tries}. Check ${f.proxy.variable}; the API host ${host} is resolved by the proxy, not here.`;
    case "ETIMEDOUT":
      return `No answer from ${ctx.endpoint} through ${proxy} within ${ctx.timeoutMs} ms${tries} while reading task ${ctx.taskId}. Check the proxy and its path to ${host}, or raise requestTimeoutMs.`;
    default:
      return `The connection to ${ctx.endpoint} through ${proxy} failed${tries} (${f.code}: ${f.message}) while reading task ${ctx.taskId}. Retry later; check the proxy and its path to ${host}.`;
  }
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
