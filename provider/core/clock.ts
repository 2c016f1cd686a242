import { AbortedError } from "./errors";

/** Time as the client and the waiter see it; injected so tests run on a fake clock with no real waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with an {@link AbortedError} as soon as `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay one `setTimeout` honours (2^31 − 1 ms, about 24.8 days); Node fires longer ones after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The AbortedError for a fired signal, carrying its reason as `cause`: the one builder of it. */
export function abortedError(signal: Pick<AbortSignal, "reason"> | undefined, what = "The request was cancelled"): AbortedError {
  return new AbortedError(`${what}: the caller's AbortSignal fired.`, { cause: signal?.reason });
}

/** The real clock. Sleeps longer than one timer can hold are taken in steps. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortedError(signal, "The wait was cancelled"));
        return;
      }
      let remaining = Math.max(0, ms);
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortedError(signal, "The wait was cancelled"));
      };
      const step = (): void => {
        const now = Math.min(remaining, MAX_TIMER_MS);
        remaining -= now;
        timer = setTimeout(() => {
          if (remaining > 0) return step();
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, now);
      };
      step();
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
