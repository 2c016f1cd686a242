import { AbortedError } from "../../provider/core/errors";
import type { Clock } from "../../provider/core/clock";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Virtual time shared by many concurrent waits: every sleep is a timer on one queue, and
 * {@link runUntil} fires them in time order, letting all promise chains settle between two
 * timers. `lateMs` makes timers fire late by a chosen amount, as on a loaded machine (a timer
 * is never early: Node's are not either).
 */
export class TimerQueueClock implements Clock {
  #t: number;
  #seq = 0;
  readonly #timers: Timer[] = [];
  constructor(
    start: number,
    private readonly lateMs: () => number = () => 0,
  ) {
    this.#t = start;
  }
  readonly now = (): number => this.#t;
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new AbortedError("The wait was cancelled.", { cause: signal.reason }));
        return;
      }
      this.#timers.push({ at: this.#t + Math.max(0, ms) + Math.max(0, this.lateMs()), seq: this.#seq++, resolve });
    });

  /** Fires timers in order until `done` resolves; fails when no timer is left before that. */
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
