import { systemClock, type Clock } from "../../provider/core/clock";

/**
 * Real time, sped up `scale` times and held still on demand, for tests and benchmarks that run
 * real sockets, servers and processes (the emulator's clock in end-to-end tests, the client's
 * clock in fault tests). Its counterpart for pure code is {@link VirtualClock}.
 *
 * - `now()` advances `scale` ms per real ms from `origin` (a time-scaled emulator task that uses
 *   the same origin sees the same instants), read from `Date.now()` — or with sub-millisecond
 *   precision (`subMillisecond`), which the benchmarks need: at 40× a whole millisecond is 40 ms
 *   of the waiter's time. `sleep(ms)` takes `ms / scale` real ms, so backoffs and poll intervals
 *   shrink while the code runs at production settings.
 * - `pause()` holds `now()` where it is and `resume()` lets it run again; time lost while paused
 *   is never made up, so at scale 1 the clock stays within seconds of a signer's `X-Sdk-Date`
 *   (FACTS.md §3: 15 minutes allowed). End-to-end tests order events with it instead of racing
 *   the machine: create a task while paused, start `pulumi up`, resume once the wait has read it.
 */
export class ScaledClock implements Clock {
  readonly #origin: number;
  readonly #wallNow: () => number;
  #pausedAt: number | undefined;
  #lostMs = 0;
  /** Every requested sleep, in clock ms, in order. */
  readonly sleeps: number[] = [];

  constructor(
    readonly scale: number = 1,
    origin?: number,
    opts: { readonly subMillisecond?: boolean } = {},
  ) {
    if (!(scale > 0)) throw new Error(`Expected \`scale\` to be > 0, got ${scale}`);
    this.#wallNow = opts.subMillisecond === true ? preciseWallNow : Date.now;
    this.#origin = origin ?? this.#wallNow();
  }

  readonly now = (): number => this.#pausedAt ?? this.#origin + (this.#wallNow() - this.#lostMs - this.#origin) * this.scale;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return systemClock.sleep(Math.max(0, ms) / this.scale, signal);
  };

  get paused(): boolean {
    return this.#pausedAt !== undefined;
  }

  /** Holds the clock at the current instant. Idempotent. */
  pause(): void {
    this.#pausedAt ??= this.now();
  }

  /** Lets time run again from where it was held; returns the real time (epoch ms) it resumed at. */
  resume(): number {
    const at = Date.now();
    if (this.#pausedAt !== undefined) {
      // Real ms that, scaled, bring now() back to where it was held.
      this.#lostMs = this.#wallNow() - this.#origin - (this.#pausedAt - this.#origin) / this.scale;
      this.#pausedAt = undefined;
    }
    return at;
  }
}

/** Wall-clock epoch ms with sub-millisecond precision. */
function preciseWallNow(): number {
  return performance.timeOrigin + performance.now();
}
