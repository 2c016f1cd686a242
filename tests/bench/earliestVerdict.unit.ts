import assert from "node:assert/strict";
import { benchTimelines } from "../../bench/benchTimelines";
import { earliestVerdict, timelineTruth } from "../../bench/earliestVerdict";
import { resolveWaitOptions } from "../../provider/waiter/waitDefaults";

const options = resolveWaitOptions();
const timeline = (name: string) => {
  const found = benchTimelines().find((b) => b.name === name);
  assert.ok(found !== undefined, name);
  return found.timeline;
};

describe("earliestVerdict (the benchmark's truth)", () => {
  it("puts a linear 20-minute migration's completion at exactly 1 200 s and the earliest gate 30 s later", () => {
    const v = earliestVerdict(timelineTruth(timeline("linear"), options), 2_500);
    assert.deepEqual(v, { kind: "complete", completedAtMs: 1_200_000, earliestMs: 1_230_000 });
  });

  it("waits for key counts converging after 100 % until the difference is within tolerance (53 keys of 531 221)", () => {
    // 2 000 keys in flight drain over 180 s, 10 never arrive: ceil(2000·(1 − s/180 s)) + 10 ≤ 53 from s = 176.13 s.
    const v = earliestVerdict(timelineTruth(timeline("converging"), options), 0);
    assert.deepEqual(v, { kind: "complete", completedAtMs: 1_376_130, earliestMs: 1_406_130 });
  });

  it("does not count 20 s at 100 % that a resync takes away; the second completion decides", () => {
    const v = earliestVerdict(timelineTruth(timeline("resync"), options), 0);
    assert.deepEqual(v, { kind: "complete", completedAtMs: 1_700_000, earliestMs: 1_730_000 });
  });

  it("opens an already complete task one window after the wait's own start, not the task's", () => {
    const v = earliestVerdict(timelineTruth(timeline("complete"), options), 7_500);
    assert.deepEqual(v, { kind: "complete", completedAtMs: 0, earliestMs: 37_500 });
  });

  it("calls a permanent stall stallTimeoutSeconds after the stats last changed, and a failure when the task ends", () => {
    assert.deepEqual(earliestVerdict(timelineTruth(timeline("stall"), options), 0), { kind: "stalled", sinceMs: 756_000, earliestMs: 1_356_000 });
    assert.deepEqual(earliestVerdict(timelineTruth(timeline("fail"), options), 0), { kind: "failed", sinceMs: 480_000, earliestMs: 480_000 });
  });
});
