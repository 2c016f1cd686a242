import type { EmulatorClock } from "../../emulator/emulatorClock";

/**
 * Real time for an emulator started in a test, except that the test can hold it still.
 *
 * Scripted tasks play their timeline on the emulator's clock, so while the clock is paused
 * every task stands where it is. End-to-end tests use that to order events without racing
 * the CLI's start-up time: create a task while paused, start `pulumi up`, and resume only once
 * the wait has read the task — then "the deployment was blocked" is a fact of the ordering, not
 * of how fast this machine happens to be. Time lost while paused is never made up, so the
 * clock stays within seconds of the signer's `X-Sdk-Date` (FACTS.md §3: 15 minutes allowed).
 */
export class PausableClock implements EmulatorClock {
  private pausedAt: number | undefined;
  private lostMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.pausedAt ?? this.realNow() - this.lostMs;
  }

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Holds the clock at the current instant. Idempotent. */
  pause(): void {
    this.pausedAt ??= this.now();
  }

  /** Lets time run again from where it was held; returns the real time it resumed at. */
  resume(): number {
    const at = this.realNow();
    if (this.pausedAt !== undefined) {
      this.lostMs = at - this.pausedAt;
      this.pausedAt = undefined;
    }
    return at;
  }
}
