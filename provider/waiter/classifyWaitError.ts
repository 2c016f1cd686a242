import { AbortedError } from "../core/errors";
import { ApiError, NetworkError } from "../dcs/apiErrors";
import { FederationError } from "../dcs/federationError";
import { isTlsErrorCode, PERMANENT_PROXY_CODES } from "../core/networkErrorCodes";
import { isRetryableStatus } from "../dcs/retryPolicy";

/**
 * What a failed read means for a wait in progress:
 * - `transient`: keep polling; only the stall or total deadline may end the wait.
 * - `permanent`: will not fix itself by waiting; end the wait now.
 * - `aborted`: the caller cancelled.
 */
export type WaitErrorKind = "transient" | "permanent" | "aborted";

/**
 * Node error codes that waiting will not cure: the name does not exist, or TLS trust fails —
 * judged by the client's own rule, so an untrusted CA (a corporate proxy, a private CA without
 * NODE_EXTRA_CA_CERTS) fails the wait at once instead of after the stall timeout — or a proxy
 * that wants other credentials (407) or forbids the API host (403).
 */
const isPermanentNetworkCode = (code: string): boolean => code === "ENOTFOUND" || isTlsErrorCode(code) || PERMANENT_PROXY_CODES.has(code);

/**
 * Sorts a reader's error. The client has already retried what it retries (FACTS.md §1: 429
 * throttling, 5xx), so what reaches here is judged for the wait as a whole, by the client's own
 * status rule (`isRetryableStatus`): throttling, server errors and network trouble may pass;
 * 501/505, a missing task (400 DCS.4133), 401/403 and other 4xx,
 * a malformed body, bad configuration and programming errors will not.
 */
export function classifyWaitError(error: unknown): WaitErrorKind {
  if (error instanceof AbortedError) return "aborted";
  if (error instanceof Error && error.name === "AbortError") return "aborted";
  if (error instanceof NetworkError) {
    return error.code !== undefined && isPermanentNetworkCode(error.code) ? "permanent" : "transient";
  }
  // IAM out of reach while renewing federation keys may pass (the held keys have expired by then);
  // IAM refusing the ID token, or a bad token file (ConfigurationError), will not.
  if (error instanceof FederationError) return error.failure === "unreachable" ? "transient" : "permanent";
  if (error instanceof ApiError) {
    return isRetryableStatus(error.status) ? "transient" : "permanent";
  }
  return "permanent";
}
