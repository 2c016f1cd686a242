import { AbortedError } from "../../provider/core/errors";

/**
 * A clock whose time moves only when the code under test sleeps (or a test calls `advance`),
 * so waits of hours run in microseconds and timing is exact.
 */
export class FakeClock {
  private t: number;
  /** Every requested sleep, in ms, in order. */
  readonly sleeps: number[] = [];
  constructor(start: number | string = "2025-01-01T00:00:00.000Z") {
    this.t = typeof start === "number" ? start : Date.parse(start);
  }
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    throwIfAborted(signal);
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
    throwIfAborted(signal);
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortedError("The wait was cancelled.", { cause: signal.reason });
}
