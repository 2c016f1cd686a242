import assert from "node:assert/strict";
import fc from "fast-check";
import { resolveWaitOptions } from "../../../provider/waiter/waitDefaults";
import { waitForCompletion } from "../../../provider/waiter/waitForCompletion";
import { VirtualClock } from "../../support/virtualClock";
import { fixedIntervalWait } from "../../support/fixedIntervalWait";
import { ScriptedStatsReader } from "../../support/scriptedStatsReader";

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";

/** Progress and target keys rising linearly from `startMs` to completion at `doneMs`, progress reported to 0.1 %. */
function linear(doneMs: number, source: number, startMs = 0) {
  return (t: number): { fullMigrationProgress: number; sourceDbsize: number; targetDbsize: number } => {
    const f = Math.max(0, Math.min(1, (t - startMs) / (doneMs - startMs)));
    return {
      fullMigrationProgress: Math.floor(f * 1000) / 10,
      sourceDbsize: source,
      targetDbsize: t >= doneMs ? source : Math.floor(source * f),
    };
  };
}

/** Slow–fast–slow (smoothstep) to completion at `doneMs`, progress floored to whole percents, keys exact. */
function sCurve(doneMs: number, source: number) {
  return (t: number) => {
    const x = Math.max(0, Math.min(1, t / doneMs));
    const f = x * x * (3 - 2 * x);
    return { fullMigrationProgress: Math.floor(f * 100 + 1e-9), sourceDbsize: source, targetDbsize: Math.floor(source * f) };
  };
}

type Shape = (doneMs: number, source: number) => ReturnType<typeof linear>;

/** Runs both waiters on the same scenario; returns gate delays beyond (done + window) in ms and read counts. */
async function race(doneMs: number, latencyMs: number, source = 531_221, options = resolveWaitOptions(), shape: Shape = linear) {
  const windowMs = options.stableForSeconds * 1000;
  const clockA = new VirtualClock();
  const readerA = new ScriptedStatsReader(clockA, shape(doneMs, source), latencyMs);
  const result = await waitForCompletion({ reader: readerA, taskId: TASK, clock: clockA, options });
  const clockB = new VirtualClock();
  const readerB = new ScriptedStatsReader(clockB, shape(doneMs, source), latencyMs);
  const fixed = await fixedIntervalWait(readerB, TASK, clockB, options, 3_600_000);
  assert.ok(fixed !== undefined);
  return {
    excessMs: result.waitedSeconds * 1000 - doneMs - windowMs,
    fixedExcessMs: fixed.openedAt - Date.parse("2025-01-01T00:00:00.000Z") - doneMs - windowMs,
    polls: result.polls,
    fixedPolls: fixed.polls,
    calls: readerA.calls,
  };
}

describe("poll schedule", () => {
  it("reads exactly at the end of the stability window when it falls between two regular reads", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, () => ({}));
    const result = await waitForCompletion({ reader, taskId: TASK, clock, options: { stableForSeconds: 25 } });
    assert.deepEqual(reader.calls, [0, 10_000, 20_000, 25_000]);
    assert.equal(result.waitedSeconds, 25);
  });

  it("reads at the predicted completion instead of up to a whole interval later", async () => {
    const r = await race(43_000, 0);
    assert.ok(r.calls.some((t) => t > 43_000 && t < 44_000), `no read just after 43 s: ${r.calls.join(", ")}`);
    assert.ok(r.excessMs >= 0 && r.excessMs < 1000, `gate ${r.excessMs} ms after done + window`);
    assert.ok(r.fixedExcessMs >= 6000, `the fixed loop was as quick (${r.fixedExcessMs} ms); the scenario proves nothing`);
    assert.ok(r.polls <= r.fixedPolls, `${r.polls} reads against the fixed loop's ${r.fixedPolls}`);
  });

  it("reads just after the slow end of an S-curve, which the key counts trace, instead of up to an interval later", async () => {
    const excesses: number[] = [];
    for (const doneMs of [1_200_000, 1_203_300, 1_206_600, 1_209_900, 1_213_200, 1_216_500, 1_219_800]) {
      const r = await race(doneMs, 150, 531_221, resolveWaitOptions(), sCurve);
      assert.ok(r.excessMs >= 0, `opened ${-r.excessMs} ms before done + window`);
      assert.ok(r.polls <= r.fixedPolls, `${r.polls} reads against the fixed loop's ${r.fixedPolls}`);
      excesses.push(r.excessMs);
    }
    excesses.sort((a, b) => a - b);
    assert.ok((excesses[3] ?? Infinity) <= 1000, `median excess ${excesses[3]} ms (all: ${excesses.join(", ")})`);
  });

  it("after a resync aims at the real completion again, never gapping beyond pollIntervalSeconds, for at most one read more than the fixed loop", async () => {
    // 0→100 % by 600 s, 20 s at 100 % (less than the window), back to 60 %, 100 % again at 840 s.
    const source = 531_221;
    const resync = (shiftMs: number) => (t: number) => {
      const u = t + shiftMs;
      const f = u < 600_000 ? u / 600_000 : u < 620_000 ? 1 : Math.min(1, 0.6 + (0.4 * (u - 620_000)) / 220_000);
      return { fullMigrationProgress: Math.floor(f * 100 + 1e-9), sourceDbsize: source, targetDbsize: Math.floor(source * f) };
    };
    const options = resolveWaitOptions();
    const excesses: number[] = [];
    for (let shiftMs = 0; shiftMs < 10_000; shiftMs += 1000) {
      const clockA = new VirtualClock();
      const readerA = new ScriptedStatsReader(clockA, resync(shiftMs), 150);
      const result = await waitForCompletion({ reader: readerA, taskId: TASK, clock: clockA, options });
      const clockB = new VirtualClock();
      const fixed = await fixedIntervalWait(new ScriptedStatsReader(clockB, resync(shiftMs), 150), TASK, clockB, options, 3_600_000);
      assert.ok(fixed !== undefined);
      // The trade of a strict ceiling: the early reads the resync wasted are not won back.
      assert.ok(result.polls <= fixed.polls + 1, `shift ${shiftMs}: ${result.polls} reads against the fixed loop's ${fixed.polls}`);
      const gaps = readerA.calls.slice(1).map((t, i) => t - (readerA.calls[i] ?? 0));
      assert.ok(gaps.every((g) => g <= 10_150), `shift ${shiftMs}: a gap beyond the interval (+ the read's 150 ms): ${Math.max(...gaps)} ms`);
      const excess = result.waitedSeconds * 1000 - (840_000 - shiftMs) - options.stableForSeconds * 1000;
      assert.ok(excess >= 0, `shift ${shiftMs}: opened ${-excess} ms early`);
      excesses.push(excess);
    }
    excesses.sort((a, b) => a - b);
    assert.ok((excesses[5] ?? Infinity) <= 1000, `median excess ${excesses[5]} ms (all: ${excesses.join(", ")})`);
  });

  it("calls a stall on a read sent exactly stallTimeoutSeconds after the last change was seen", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (t) => {
      const f = Math.min(0.63, t / 150_000);
      return { fullMigrationProgress: Math.floor(f * 100), targetDbsize: Math.floor(531_221 * f) };
    }, 150);
    await assert.rejects(waitForCompletion({ reader, taskId: TASK, clock, options: { stallTimeoutSeconds: 60 } }), /stalled/);
    const seen = reader.calls.find((t) => t >= 94_500);
    assert.ok(seen !== undefined);
    assert.equal(reader.calls[reader.calls.length - 1], seen + 60_000, `reads: ${reader.calls.join(", ")}`);
  });

  it("never reads more often than minPollIntervalSeconds, deadline read aside", async () => {
    const clock = new VirtualClock();
    // Progress that keeps promising completion 1 s ahead and never arrives tempts the predictor.
    const reader = new ScriptedStatsReader(clock, (t) => ({ fullMigrationProgress: 99 + Math.min(0.99, t / 1e6), targetDbsize: 0 }));
    await assert.rejects(
      waitForCompletion({ reader, taskId: TASK, clock, options: { timeoutSeconds: 300, minPollIntervalSeconds: 3 } }),
    );
    const gaps = reader.calls.slice(1).map((t, i) => t - (reader.calls[i] ?? 0));
    assert.ok(gaps.slice(0, -1).every((g) => g >= 3000), `gaps: ${gaps.join(", ")}`);
    assert.ok(gaps.every((g) => g <= 10_000), `gaps: ${gaps.join(", ")}`);
  });

  it("never opens later, nor with more reads, than a fixed 10 s loop on a steady migration", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 20_000, max: 900_000 }), fc.integer({ min: 0, max: 400 }), async (doneMs, latencyMs) => {
        const r = await race(doneMs, latencyMs);
        assert.ok(r.excessMs >= 0, `opened ${-r.excessMs} ms before done + window`);
        assert.ok(r.excessMs <= r.fixedExcessMs, `opened ${r.excessMs} ms late, the fixed loop ${r.fixedExcessMs} ms`);
        assert.ok(r.polls <= r.fixedPolls, `${r.polls} reads against the fixed loop's ${r.fixedPolls}`);
      }),
      { numRuns: 150, seed: 20250101 },
    );
  });

  it("gates within 1 s of done + window in the median over varied steady migrations", async () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const excesses: number[] = [];
    for (let i = 0; i < 101; i++) {
      const r = await race(20_000 + Math.floor(random() * 880_000), Math.floor(random() * 300));
      excesses.push(r.excessMs);
    }
    excesses.sort((a, b) => a - b);
    const median = excesses[50] ?? Infinity;
    assert.ok(median <= 1000, `median excess ${median} ms`);
  });
});
