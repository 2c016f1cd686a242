import assert from "node:assert/strict";
import { checkCriteria } from "../../../provider/waiter/completionCriteria";
import { fallCrossing, predictCriteriaAt, progressStep } from "../../../provider/waiter/predictCompletion";
import { resolveWaitOptions } from "../../../provider/waiter/waitDefaults";
import type { TrendSample } from "../../../provider/waiter/waitState";
import { makeStats } from "../../support/statsFixture";

const SOURCE = 531_221;
const options = resolveWaitOptions();

/** Reads every 10 s of a task whose true progress is `truth(t)` (0–100), reported floored to whole percents, keys exact. */
function reads(truth: (t: number) => number, untilMs: number, keys: (t: number) => number = (t) => Math.floor((SOURCE * truth(t)) / 100)): TrendSample[] {
  const out: TrendSample[] = [];
  for (let t = 0; t <= untilMs; t += 10_000) {
    out.push({ at: t, progress: Math.floor(truth(t)), absKeyDelta: SOURCE - keys(t), offset: undefined });
  }
  return out;
}

function predict(samples: TrendSample[]): number | undefined {
  const last = samples[samples.length - 1];
  assert.ok(last !== undefined);
  const stats = makeStats({ fullMigrationProgress: last.progress, sourceDbsize: SOURCE, targetDbsize: SOURCE - last.absKeyDelta });
  return predictCriteriaAt(samples, checkCriteria(stats, options), options)?.at;
}

describe("predictCriteriaAt", () => {
  it("pins a whole-percent progress down with the exact key counts (linear, done at 1 200 s)", () => {
    const at = predict(reads((t) => Math.min(100, t / 12_000), 1_190_000));
    assert.ok(at !== undefined && Math.abs(at - 1_200_000) < 300, `predicted ${at}`);
  });

  it("waits for the whole copy in a long tail, not for the key tolerance a few seconds earlier", () => {
    // 99 % at 1 200 s, then the last percent over 300 s: done at 1 500 s; the 53-key tolerance is crossed ~3 s before.
    const truth = (t: number): number => (t < 1_200_000 ? (99 * t) / 1_200_000 : Math.min(100, 99 + (t - 1_200_000) / 300_000));
    const at = predict(reads(truth, 1_490_000));
    assert.ok(at !== undefined && at >= 1_499_500 && at < 1_501_000, `predicted ${at}`);
  });

  it("never guesses early at the slow end of an S-curve, and still guesses before the last read", () => {
    const smooth = (t: number): number => {
      const x = Math.min(1, t / 1_200_000);
      return 100 * x * x * (3 - 2 * x);
    };
    // Truly done (key difference 0, progress 100) only at 1 200 s; straight lines through the last reads say sooner.
    for (const until of [1_150_000, 1_160_000, 1_170_000, 1_180_000, 1_190_000]) {
      const at = predict(reads(smooth, until));
      assert.ok(at === undefined || at >= 1_197_000, `at ${until}: predicted ${at}`);
    }
    assert.ok(predict(reads(smooth, 1_190_000)) !== undefined);
  });

  it("uses progress alone when the key counts do not move with it (snapshot loaded at the end)", () => {
    const at = predict(reads((t) => Math.min(100, t / 12_000), 1_190_000, (t) => (t >= 1_200_000 ? SOURCE : 0)));
    // Progress 99 at 1 190 s at 1 %/12 s: 100 at the latest by 1 202 s.
    assert.ok(at !== undefined && at >= 1_200_000 && at <= 1_202_500, `predicted ${at}`);
  });

  it("makes no guess during the full sync when the keys would still be far off at 100 %", () => {
    // The target will trail by 20 000 keys when progress reaches 100.
    const at = predict(reads((t) => Math.min(100, t / 12_000), 1_190_000, (t) => Math.floor(((SOURCE - 20_000) * t) / 1_200_000)));
    assert.equal(at, undefined);
  });

  it("makes no guess without movement", () => {
    assert.equal(predict(reads(() => 63, 300_000)), undefined);
  });
});

describe("fallCrossing and progressStep", () => {
  it("finds a steady fall's crossing exactly", () => {
    const samples: TrendSample[] = [0, 10_000, 20_000].map((at) => ({ at, progress: 100, absKeyDelta: 1000 - at / 100, offset: undefined }));
    assert.deepEqual(fallCrossing(samples, (s) => s.absKeyDelta, 500), { at: 50_000, spread: 0 });
  });

  it("reads the reporting step from the values seen", () => {
    const with_ = (values: number[]): TrendSample[] => values.map((progress, i) => ({ at: i, progress, absKeyDelta: 0, offset: undefined }));
    assert.equal(progressStep(with_([10, 11, 12])), 1);
    assert.equal(progressStep(with_([10, 10.5, 11.25])), 0.01);
  });
});
