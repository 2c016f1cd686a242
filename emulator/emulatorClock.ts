/**
 * The emulator's notion of "now", epoch milliseconds. Injected so tests can move
 * a scripted task through its timeline, or skew the server clock against a
 * signer's `X-Sdk-Date`, without waiting.
 */
export interface EmulatorClock {
  now(): number;
}

export const SYSTEM_CLOCK: EmulatorClock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements EmulatorClock {
  constructor(private current: number = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
}
