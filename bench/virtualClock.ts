import { AbortedError, type Clock } from "../provider/core";

/**
 * Time that moves only when the code under measurement sleeps or a read takes its latency,
 * so a 20-minute migration replays in milliseconds and every instant is exact.
 * One clock drives one wait: the waiter awaits each read before its next sleep.
 */
export class VirtualClock implements Clock {
  #t: number;
  constructor(startMs: number) {
    this.#t = startMs;
  }
  readonly now = (): number => this.#t;
  advance(ms: number): void {
    this.#t += Math.max(0, ms);
  }
  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted === true) throw new AbortedError("The wait was cancelled.", { cause: signal.reason });
    this.advance(ms);
    await Promise.resolve();
  };
}
