import { AbortedError } from "../errors";

/** Time as the waiter sees it; injected so tests run on a fake clock with no real waiting. */
export interface WaitClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with an {@link AbortedError} as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay one `setTimeout` honours; Node fires longer ones after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** The real clock. Sleeps longer than one timer can hold (~24.8 days) are taken in steps. */
export const systemClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new AbortedError("The wait was cancelled.", { cause: signal.reason }));
        return;
      }
      let remaining = Math.max(0, ms);
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AbortedError("The wait was cancelled.", { cause: signal?.reason }));
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
