import { ConfigurationError } from "./errors";

/**
 * Defaults of every {@link DcsClient} knob, in one place.
 *
 * The DCS API publishes no rate limit (FACTS.md §1); Huawei advises waiting 2–5 s
 * after a throttled call, hence `throttleMinDelayMs`. AWS's standard retry mode (3
 * attempts, capped full-jitter backoff, `Retry-After` honoured; FACTS.md §5) is the
 * model; one more attempt rides out a gateway restart.
 */
export const CLIENT_DEFAULTS = {
  /** Attempts per call, the first included. @default 4 */
  maxAttempts: 4,
  /** Backoff base: attempt n waits random(0, min(maxDelayMs, baseDelayMs·2^(n−1))). @default 500 */
  baseDelayMs: 500,
  /** Cap of one backoff delay. @default 10000 */
  maxDelayMs: 10_000,
  /** Cap of a server-requested `Retry-After`. @default 30000 */
  maxRetryAfterMs: 30_000,
  /** Least wait after a 429 that carries no `Retry-After` (Huawei advises 2–5 s). @default 2000 */
  throttleMinDelayMs: 2_000,
  /** Time limit of one attempt: connect, headers and body. @default 10000 */
  requestTimeoutMs: 10_000,
  /** Requests one client keeps in flight at once; more wait for a slot. @default 16 */
  maxConcurrentRequests: 16,
  /** Largest response body read; larger ones are refused without being buffered. @default 1048576 (1 MiB) */
  maxResponseBytes: 1_048_576,
} as const;

/** The longest delay `setTimeout` honours (2^31 − 1 ms, about 24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Tunables of a client; every one defaults to {@link CLIENT_DEFAULTS}. */
export type ClientTunables = { -readonly [K in keyof typeof CLIENT_DEFAULTS]: number };

/**
 * Merges `partial` over {@link CLIENT_DEFAULTS} (undefined means "default") and
 * validates once.
 *
 * @throws ConfigurationError like "Expected `maxAttempts` to be an integer ≥ 1, got 0".
 */
export function resolveClientTunables(partial: Partial<ClientTunables> = {}): ClientTunables {
  for (const key of Object.keys(partial)) {
    if (!Object.prototype.hasOwnProperty.call(CLIENT_DEFAULTS, key)) {
      // A typo (`retries`, `timeoutMs`) would otherwise leave the default silently in force.
      throw new ConfigurationError(
        `Unknown client option \`${key}\`; expected one of clock, random, debug, env, ${Object.keys(CLIENT_DEFAULTS).join(", ")}.`,
        { field: key },
      );
    }
  }
  const merged: ClientTunables = { ...CLIENT_DEFAULTS };
  for (const key of Object.keys(CLIENT_DEFAULTS) as Array<keyof ClientTunables>) {
    const v = partial[key];
    if (v !== undefined) merged[key] = v;
  }
  const integerAtLeast = (key: keyof ClientTunables, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const v = merged[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max} (the longest delay a Node.js timer can hold)`;
      throw new ConfigurationError(`Expected \`${key}\` to be an integer ${range}, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}.`, { field: key });
    }
  };
  integerAtLeast("maxAttempts", 1);
  // Node clamps a longer timer to 1 ms (TimeoutOverflowWarning): a huge delay would retry at once.
  integerAtLeast("baseDelayMs", 0, MAX_TIMER_MS);
  integerAtLeast("maxDelayMs", 0, MAX_TIMER_MS);
  integerAtLeast("maxRetryAfterMs", 0, MAX_TIMER_MS);
  integerAtLeast("throttleMinDelayMs", 0, MAX_TIMER_MS);
  integerAtLeast("requestTimeoutMs", 1, MAX_TIMER_MS);
  integerAtLeast("maxConcurrentRequests", 1);
  integerAtLeast("maxResponseBytes", 1);
  return merged;
}
