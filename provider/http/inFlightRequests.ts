import { abortedError } from "../core/clock";

/**
 * How old a read that another caller sent may be and still answer this caller, measured on the
 * caller's own clock (a waiter may run on a scaled or virtual clock, not the wall clock).
 */
export interface ReadFreshness {
  /**
   * The caller's clock. Ages are compared only between callers that pass the same clock
   * object: a time on one clock means nothing on another.
   */
  readonly clock: { now(): number };
  /**
   * Share a read of the key sent at or after this moment on `clock` (epoch ms), in flight or
   * already answered: a max-age fixed as a moment, so the time the call takes to get here cannot
   * age a read that was young enough when the caller asked. Omitted: no answered read is shared.
   */
  readonly sentFrom?: number | undefined;
  /**
   * Also join a read in flight however long ago it was sent (it is at most one request old).
   * @default false
   */
  readonly joinInFlight?: boolean | undefined;
}

/** A shared answer with the moments its request left and its answer came, on the clock of the caller that asked. */
export interface DatedAnswer<T> {
  readonly value: T;
  readonly sentAt: number;
  /**
   * When the answer came: the same for every caller that shared it, also for one that asked
   * later, so waits sharing reads plan their next read from the same moment.
   */
  readonly answeredAt: number;
}

interface Entry<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  subscribers: number;
  /** Set when a caller with a {@link ReadFreshness} started it: its clock and send time. */
  readonly clock: { now(): number } | undefined;
  readonly sentAt: number;
  /** Set on success, on `clock`. */
  answeredAt: number;
}

interface Answered<T> {
  readonly clock: { now(): number };
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly value: T;
}

/**
 * Part of the shared-read machinery explained in `../dcs/sharedDcsClient.ts`.
 *
 * Request coalescing: concurrent calls with the same key share one in-flight
 * operation. The shared operation is cancelled only when every caller has
 * cancelled, so one caller's AbortSignal never fails another caller's call.
 *
 * {@link run} joins whatever is in flight. {@link runFresh} says how old a read it accepts:
 * it also takes the last successful answer of the key when that is fresh enough, so callers
 * whose timers fire a little apart (a loaded machine) still share one request, and it reports
 * when the read it got was sent, so the caller dates the observation honestly.
 */
export class InFlightRequests<T> {
  readonly #entries = new Map<string, Entry<T>>();
  /** The newest successful answer per key started by a {@link runFresh} caller; one per key. */
  readonly #answered = new Map<string, Answered<T>>();

  /** Keys with an operation in flight. */
  get size(): number {
    return this.#entries.size;
  }

  run(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    return this.#subscribe(key, this.#entries.get(key) ?? this.#start(key, start, undefined, 0), signal);
  }

  /**
   * Like {@link run}, but shares only a read sent as recently as `freshness` asks (in
   * flight or answered), and starts a new one otherwise. A read this call starts is always its
   * answer. Failed reads are not kept: a later caller tries again.
   */
  runFresh(
    key: string,
    signal: AbortSignal | undefined,
    freshness: ReadFreshness,
    start: (signal: AbortSignal) => Promise<T>,
  ): Promise<DatedAnswer<T>> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    const { clock } = freshness;
    const now = clock.now();
    const fresh = (sentAt: number): boolean => freshness.sentFrom !== undefined && sentAt >= freshness.sentFrom;
    const inFlight = this.#entries.get(key);
    // The newest acceptable read first: one in flight is younger than any answered one.
    if (inFlight !== undefined && inFlight.clock === clock && (freshness.joinInFlight === true || fresh(inFlight.sentAt))) {
      return this.#subscribe(key, inFlight, signal).then((value) => ({ value, sentAt: inFlight.sentAt, answeredAt: inFlight.answeredAt }));
    }
    const answered = this.#answered.get(key);
    if (answered !== undefined && answered.clock === clock && fresh(answered.sentAt)) {
      const { value, sentAt, answeredAt } = answered;
      return Promise.resolve({ value, sentAt, answeredAt });
    }
    const created = this.#start(key, start, clock, now);
    return this.#subscribe(key, created, signal).then((value) => ({ value, sentAt: created.sentAt, answeredAt: created.answeredAt }));
  }

  #start(key: string, start: (signal: AbortSignal) => Promise<T>, clock: { now(): number } | undefined, sentAt: number): Entry<T> {
    const controller = new AbortController();
    const created: Entry<T> = {
      controller,
      subscribers: 0,
      clock,
      sentAt,
      answeredAt: sentAt,
      promise: Promise.resolve()
        .then(() => start(controller.signal))
        .then((value) => {
          if (clock !== undefined) {
            created.answeredAt = clock.now();
            this.#remember(key, { clock, sentAt, answeredAt: created.answeredAt, value });
          }
          return value;
        })
        .finally(() => {
          if (this.#entries.get(key) === created) this.#entries.delete(key);
        }),
    };
    // Settled through the subscribers; this only keeps an unobserved rejection from being reported.
    created.promise.catch(() => undefined);
    // A caller that needed a younger read than the one in flight replaces it as the one to join;
    // the older one still answers its own subscribers.
    this.#entries.set(key, created);
    return created;
  }

  #remember(key: string, answer: Answered<T>): void {
    const known = this.#answered.get(key);
    // Answers can arrive out of order; never let an older one replace a younger one.
    if (known === undefined || known.clock !== answer.clock || answer.sentAt >= known.sentAt) this.#answered.set(key, answer);
  }

  #subscribe(key: string, shared: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
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
