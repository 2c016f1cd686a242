import { AbortedError } from "./errors";

/** Time as the client and the waiter see it; injected so tests run on a fake clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with AbortedError as soon as `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedError(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortedError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** The AbortedError for a fired signal, carrying its reason as `cause`. */
export function abortedError(signal: AbortSignal | undefined, what = "The request was cancelled"): AbortedError {
  return new AbortedError(`${what}: the caller's AbortSignal fired.`, { cause: signal?.reason });
}
