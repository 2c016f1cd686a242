import assert from "node:assert/strict";
import { benchTimelines } from "../../bench/benchTimelines";
import { fixedIntervalBaseline } from "../../bench/fixedIntervalBaseline";
import { TimelineStatsReader, uniformLatency } from "../../bench/timelineStatsReader";
import { VirtualClock } from "../support/virtualClock";
import { resolveWaitOptions } from "../../provider/waiter/waitDefaults";

const options = resolveWaitOptions();
const run = async (name: string, startMs: number, latencyMs = 0) => {
  const bench = benchTimelines().find((b) => b.name === name);
  assert.ok(bench !== undefined);
  const clock = new VirtualClock(startMs);
  const reader = new TimelineStatsReader(bench.timeline, clock, 0, uniformLatency(latencyMs, latencyMs, () => 0));
  const outcome = await fixedIntervalBaseline(reader, "t", clock, options);
  return { outcome, sends: reader.sentAt };
};

describe("fixedIntervalBaseline (the loop the waiter is measured against)", () => {
  it("reads every 10 s after each answer and opens on the first read 30 s into an unbroken run at 100 %", async () => {
    const { outcome, sends } = await run("linear", 2_500, 200);
    assert.ok(sends.slice(1).every((t, i) => t - (sends[i] ?? 0) === 10_200), "a read every 10 s + 200 ms latency");
    // First read at 100 %: 2 500 + 118 × 10 200 = 1 206 100 ms; open on the read sent ≥ 30 s later, at 1 236 700 (+200 ms answer).
    assert.deepEqual(outcome, { kind: "complete", at: 1_236_900, polls: 122 });
  });

  it("fails as stalled with the waiter's rule and at once when the task fails", async () => {
    assert.equal((await run("stall", 0)).outcome.kind, "stalled");
    const failed = (await run("fail", 0)).outcome;
    assert.deepEqual(failed, { kind: "failed", at: 480_000, polls: 49 });
  });
});
