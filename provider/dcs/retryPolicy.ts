import type { ClientTunables } from "../settings/clientOptions";
import { PROXY_ERROR_CODES } from "../core/networkErrorCodes";

/**
 * 5xx answers that state what the server cannot do rather than a passing condition: 501 Not
 * Implemented (the method is not supported; RFC 9110 §15.6.2 makes it cacheable by default, i.e.
 * a lasting answer) and 505 HTTP Version Not Supported (§15.6.6). Asking again gets the same.
 */
export const PERMANENT_SERVER_STATUSES: ReadonlySet<number> = new Set([501, 505]);

/**
 * Whether an HTTP status is worth another attempt — the one rule for the client's retries and
 * for the waiter (FACTS.md §1, §5): 408 (timeout), 429 (throttled) and every 5xx but
 * {@link PERMANENT_SERVER_STATUSES}. An unrecognized 5xx counts as 500, as RFC 9110 §15 asks.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && !PERMANENT_SERVER_STATUSES.has(status));
}

/**
 * Transient network failures: resets, refused connections while a gateway restarts, DNS
 * hiccups (`EAI_AGAIN`: the resolver did not answer), timeouts. `ENOTFOUND` is absent on
 * purpose: getaddrinfo reports NXDOMAIN that way — the name does not exist (a mistyped region
 * or cloud domain) and asking again only delays the message; the waiter agrees. A proxy that
 * could not reach the API host (5xx to CONNECT) is retried like a 5xx; its 407 and 403 are not.
 */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  PROXY_ERROR_CODES.unavailable,
]);

/** The result of one attempt, as far as retrying is concerned. */
export type AttemptResult =
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string | undefined }
  | { readonly kind: "network"; readonly code: string; readonly tls: boolean }
  /** A 2xx whose JSON body stopped before its end (see `isCutOffJson`): a transfer fault, retried like a 5xx. */
  | { readonly kind: "cut-off" };

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string };

type RetryTunables = Pick<ClientTunables, "maxRetries" | "baseDelayMs" | "maxDelayMs" | "maxRetryAfterMs" | "throttleMinDelayMs">;

/**
 * Whether to try again after `attempt` (1-based) ended with `result`, and after how
 * long. Pure: the clock and the random source are arguments.
 *
 * Only GETs are sent, so every transient failure is safe to repeat. 4xx other than
 * 408/429 and TLS failures are permanent: repeating them only delays the message.
 */
export function decideRetry(result: AttemptResult, attempt: number, tunables: RetryTunables, nowMs: number, random: () => number): RetryDecision {
  if (result.kind === "network") {
    if (result.tls) return { retry: false, reason: `TLS failure ${result.code} is permanent` };
    if (!RETRYABLE_NETWORK_CODES.has(result.code)) return { retry: false, reason: `network error ${result.code} is not transient` };
  } else if (result.kind === "status" && !isRetryableStatus(result.status)) {
    return { retry: false, reason: `HTTP ${result.status} is not retried` };
  }
  if (attempt > tunables.maxRetries) {
    return { retry: false, reason: `all ${tunables.maxRetries + 1} attempts used` };
  }
  const what = result.kind === "network" ? result.code : result.kind === "cut-off" ? "a JSON body cut off mid-way" : `HTTP ${result.status}`;
  if (result.kind === "status") {
    const requested = parseRetryAfter(result.retryAfter, nowMs);
    if (requested !== undefined) {
      return { retry: true, delayMs: Math.min(requested, tunables.maxRetryAfterMs), reason: `${what} with Retry-After` };
    }
    if (result.status === 429) {
      const delayMs = Math.max(backoffDelay(attempt, tunables, random), tunables.throttleMinDelayMs);
      return { retry: true, delayMs, reason: `${what} (throttled)` };
    }
  }
  return { retry: true, delayMs: backoffDelay(attempt, tunables, random), reason: what };
}

/** Full jitter: random(0, min(maxDelayMs, baseDelayMs·2^(attempt−1))). */
export function backoffDelay(attempt: number, tunables: Pick<ClientTunables, "baseDelayMs" | "maxDelayMs">, random: () => number): number {
  const ceiling = Math.min(tunables.maxDelayMs, tunables.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ceiling * r);
}

/**
 * `Retry-After` in milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - nowMs);
}
