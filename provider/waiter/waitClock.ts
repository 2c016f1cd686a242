import { AbortedError } from "../errors";

/** Time as the waiter sees it; injected so tests run on a fake clock with no real waiting. */
export interface WaitClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with an {@link AbortedError} as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new AbortedError("The wait was cancelled.", { cause: signal.reason }));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AbortedError("The wait was cancelled.", { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
