import { systemClock, type Clock } from "../provider/core";

/**
 * Real time sped up `scale` times from `originMs`, to run the real waiter against a
 * time-scaled emulator task: a 20-minute migration at scale 30 lasts 40 s, and the waiter,
 * whose options stay the defaults (10 s polls, 30 s window), sees the same 20 minutes.
 * Reads the wall clock with sub-millisecond precision (`performance`): at 40× a whole
 * millisecond is 40 ms of the waiter's time, and waits that tick over a millisecond boundary
 * at different moments would drift apart by that much.
 */
export function scaledClock(scale: number, originMs: number): Clock {
  if (!(scale > 0)) throw new Error(`Expected \`scale\` to be > 0, got ${scale}`);
  return {
    now: () => originMs + (performance.timeOrigin + performance.now() - originMs) * scale,
    sleep: (ms, signal) => systemClock.sleep(ms / scale, signal),
  };
}
