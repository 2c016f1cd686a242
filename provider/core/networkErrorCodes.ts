/**
 * Network error codes that decide retries and waits, kept below the transport so the client's
 * retry rule and the pure waiter judge a failure by its code without loading any transport code.
 */

/**
 * Error codes of a proxy that answered instead of letting the request through. They stand where
 * Node's codes (`ECONNRESET`, …) stand for other network failures, so retry and wait decisions
 * treat them by code:
 * - `ERR_PROXY_AUTH`: 407, the proxy wants credentials or refused the ones in the proxy URL —
 *   permanent, asking again sends the same ones;
 * - `ERR_PROXY_REFUSED`: another 4xx, usually 403 from the proxy's policy — permanent;
 * - `ERR_PROXY_UNAVAILABLE`: 5xx, the proxy could not reach the API host (or is failing) —
 *   transient, retried like a 5xx from the API.
 */
export const PROXY_ERROR_CODES = {
  auth: "ERR_PROXY_AUTH",
  refused: "ERR_PROXY_REFUSED",
  unavailable: "ERR_PROXY_UNAVAILABLE",
} as const;

export type ProxyErrorCode = (typeof PROXY_ERROR_CODES)[keyof typeof PROXY_ERROR_CODES];

/** Codes no retry or wait can cure. */
export const PERMANENT_PROXY_CODES: ReadonlySet<string> = new Set([PROXY_ERROR_CODES.auth, PROXY_ERROR_CODES.refused]);

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

/**
 * Whether a Node error code means the TLS handshake refused the server (untrusted, expired or
 * mismatched certificate, protocol failure): waiting does not change that, so neither the client
 * nor the waiter retries it.
 */
export function isTlsErrorCode(code: string): boolean {
  return TLS_CODE.test(code);
}
