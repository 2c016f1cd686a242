import { abortedError } from "./clock";

interface Entry<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  subscribers: number;
}

/**
 * Request coalescing: concurrent calls with the same key share one in-flight
 * operation. The shared operation is cancelled only when every caller has
 * cancelled, so one caller's AbortSignal never fails another caller's call.
 * A caller that joins late gets the answer of the request already on its way,
 * which is at most one request old.
 */
export class InFlightRequests<T> {
  readonly #entries = new Map<string, Entry<T>>();

  /** Keys with an operation in flight. */
  get size(): number {
    return this.#entries.size;
  }

  run(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      const controller = new AbortController();
      const created: Entry<T> = {
        controller,
        subscribers: 0,
        promise: Promise.resolve()
          .then(() => start(controller.signal))
          .finally(() => {
            if (this.#entries.get(key) === created) this.#entries.delete(key);
          }),
      };
      // Settled through the subscribers; this only keeps an unobserved rejection from being reported.
      created.promise.catch(() => undefined);
      this.#entries.set(key, created);
      entry = created;
    }
    const shared = entry;
    shared.subscribers++;
    if (signal === undefined) return shared.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        shared.subscribers--;
        if (shared.subscribers === 0) {
          if (this.#entries.get(key) === shared) this.#entries.delete(key);
          shared.controller.abort(signal.reason);
        }
        reject(abortedError(signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      shared.promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }
}
