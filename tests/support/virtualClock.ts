import { AbortedError } from "../../provider/core/errors";
import type { Clock } from "../../provider/core/clock";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export interface VirtualClockOptions {
  /**
   * Many waits at once: every sleep is a timer on one queue, fired in time order by
   * {@link VirtualClock.runUntil}. Otherwise (one wait) a sleep moves the clock at once.
   * @default false
   */
  readonly concurrent?: boolean;
  /** With `concurrent`: how late each timer fires, as on a loaded machine (never early: Node's are not). @default 0 */
  readonly lateMs?: () => number;
  /** Record every requested sleep in {@link VirtualClock.sleeps}; off for soak runs, where it would grow. @default true */
  readonly record?: boolean;
}

/**
 * Virtual time, for tests and benchmarks of the client and the waiter: it moves only when the
 * code under test sleeps or the caller advances it, so hours of waiting run in microseconds and
 * every instant is exact. Its counterpart for real sockets and servers is {@link ScaledClock}.
 *
 * - One wait (the default): a sleep moves the clock at once and resolves on the next microtask.
 * - Many concurrent waits (`concurrent: true`): each sleep is a timer on one queue, and
 *   {@link runUntil} fires them in time order, letting every promise chain settle between two.
 */
export class VirtualClock implements Clock {
  #t: number;
  #seq = 0;
  readonly #timers: Timer[] = [];
  readonly #opts: VirtualClockOptions;
  /** Every requested sleep, in ms, in order (unless `record: false`). */
  readonly sleeps: number[] = [];

  constructor(start: number | string = "2025-01-01T00:00:00.000Z", opts: VirtualClockOptions = {}) {
    this.#t = typeof start === "number" ? start : Date.parse(start);
    this.#opts = opts;
  }

  readonly now = (): number => this.#t;

  /** Moves the clock forward (a read's latency, a test's "later"). */
  advance(ms: number): void {
    this.#t += Math.max(0, ms);
  }

  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    throwIfAborted(signal);
    if (this.#opts.record !== false) this.sleeps.push(ms);
    if (this.#opts.concurrent === true) {
      const late = Math.max(0, this.#opts.lateMs?.() ?? 0);
      await new Promise<void>((resolve) => this.#timers.push({ at: this.#t + Math.max(0, ms) + late, seq: this.#seq++, resolve }));
      return;
    }
    this.advance(ms);
    await Promise.resolve();
    throwIfAborted(signal);
  };

  /** With `concurrent`: fires timers in order until `done` resolves; fails when no timer is left before that. */
  async runUntil<T>(done: Promise<T>): Promise<T> {
    let finished = false;
    const result = done.finally(() => (finished = true));
    for (;;) {
      // Let every chain run to its next sleep before time moves.
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (finished) return result;
      if (this.#timers.length === 0) throw new Error("no timer left, yet the waits have not ended");
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift()!;
      this.#t = Math.max(this.#t, next.at);
      next.resolve();
    }
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortedError("The wait was cancelled.", { cause: signal.reason });
}
