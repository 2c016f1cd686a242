import type { IncomingHttpHeaders } from "node:http";
import { PROXY_ERROR_CODES, type ProxyErrorCode } from "../core/networkErrorCodes";

/** The proxy's answer to CONNECT (or to a forwarded request) was not a way through. */
export class ProxyRefusalError extends Error {
  override readonly name = "ProxyRefusalError";
  readonly code: ProxyErrorCode;
  readonly status: number;

  /**
   * @param proxy `host:port` of the proxy (never its credentials).
   * @param target `host:port` asked for.
   */
  constructor(proxy: string, target: string, status: number, statusText: string, headers: IncomingHttpHeaders) {
    const code = status === 407 ? PROXY_ERROR_CODES.auth : status >= 500 ? PROXY_ERROR_CODES.unavailable : PROXY_ERROR_CODES.refused;
    // Squid names its reason (ERR_CONNECT_FAIL, ERR_DNS_FAIL, ERR_ACCESS_DENIED); other proxies
    // may say nothing more than the status.
    const squid = headerText(headers["x-squid-error"]);
    const scheme = status === 407 ? headerText(headers["proxy-authenticate"])?.split(/\s/)[0] : undefined;
    const extra = [squid === undefined ? undefined : `X-Squid-Error: ${squid}`, scheme === undefined ? undefined : `it asks for ${scheme} authentication`]
      .filter((x) => x !== undefined)
      .join("; ");
    super(`proxy ${proxy} answered CONNECT ${target} with ${status}${statusText === "" ? "" : ` ${statusText}`}${extra === "" ? "" : ` (${extra})`}`);
    this.code = code;
    this.status = status;
  }
}

function headerText(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === "" ? undefined : s.slice(0, 200);
}
