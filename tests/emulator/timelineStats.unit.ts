import { strict as assert } from "node:assert";
import fc from "fast-check";
import { drop, hold, linear, sCurve, TIMELINE_DEFAULTS, type Timeline } from "../../emulator/timeline";
import { presetTimeline, PRESET_NAMES } from "../../emulator/timelinePresets";
import { endTimeline, statsAt } from "../../emulator/timelineStats";

const MIN = 60_000;
const D = 30 * MIN;

function tl(overrides: Partial<Timeline>): Timeline {
  return { ...TIMELINE_DEFAULTS, ...overrides };
}

describe("statsAt (scripted timelines)", () => {
  describe("linear preset", () => {
    const t = presetTimeline("linear", { durationMs: D, sourceKeys: 1000 });

    it("starts at 0 % with an empty target and sync traffic", () => {
      const s = statsAt(t, 0);
      assert.equal(s.fullMigrationProgress, 0);
      assert.equal(s.targetDbsize, 0);
      assert.equal(s.sourceDbsize, 1000);
      assert.equal(s.targetInputKbps, TIMELINE_DEFAULTS.syncKbps);
      assert.equal(s.isMigrating, true);
    });

    it("is half-way at half the duration, with half the keys copied", () => {
      const s = statsAt(t, D / 2);
      assert.equal(s.fullMigrationProgress, 50);
      assert.equal(s.targetDbsize, 500);
    });

    it("reaches 100 % with equal counts, zero offset and incremental traffic at the end", () => {
      const s = statsAt(t, D);
      assert.deepEqual(s, {
        fullMigrationProgress: 100,
        offset: 0,
        sourceDbsize: 1000,
        targetDbsize: 1000,
        targetInputKbps: TIMELINE_DEFAULTS.incrementalKbps,
        targetOps: TIMELINE_DEFAULTS.incrementalOps,
        isMigrating: true,
      });
    });

    it("never reports 100 % a moment before the end", () => {
      assert.equal(statsAt(t, D - 1).fullMigrationProgress, 99);
    });

    it("stays at 100 % and migrating long after (incremental sync keeps running)", () => {
      const s = statsAt(t, 10 * D);
      assert.equal(s.fullMigrationProgress, 100);
      assert.equal(s.isMigrating, true);
    });
  });

  it("s-curve moves slowly at the start and end and fast in the middle", () => {
    const t = presetTimeline("s-curve", { durationMs: D });
    const first = statsAt(t, D * 0.1).fullMigrationProgress;
    const middle = statsAt(t, D * 0.55).fullMigrationProgress - statsAt(t, D * 0.45).fullMigrationProgress;
    const last = 100 - statsAt(t, D * 0.9).fullMigrationProgress;
    assert.ok(first < 10, `first tenth moved ${first}`);
    assert.ok(middle > 10, `middle tenth moved ${middle}`);
    assert.ok(last < 10, `last tenth moved ${last}`);
    assert.equal(statsAt(t, D).fullMigrationProgress, 100);
  });

  describe("converging preset", () => {
    const t = presetTimeline("converging", { durationMs: D, sourceKeys: 531_221 });

    it("reaches 100 % with keys still in flight and a non-zero offset", () => {
      const s = statsAt(t, D);
      assert.equal(s.fullMigrationProgress, 100);
      assert.equal(s.sourceDbsize - s.targetDbsize, 10 + 2000);
      assert.ok(s.offset > 100);
    });

    it("drains the in-flight keys over 3 minutes after 100 %", () => {
      const mid = statsAt(t, D + 1.5 * MIN);
      assert.equal(mid.sourceDbsize - mid.targetDbsize, 10 + 1000);
    });

    it("ends 10 keys apart with offset 100, like the API page's example", () => {
      const s = statsAt(t, D + 3 * MIN);
      assert.equal(s.sourceDbsize, 531_221);
      assert.equal(s.targetDbsize, 531_211);
      assert.equal(s.offset, 100);
      assert.deepEqual(statsAt(t, D + 60 * MIN), s);
    });
  });

  describe("stall-63 preset", () => {
    const t = presetTimeline("stall-63", { durationMs: D });
    it("climbs to 63 % and stays there with no traffic, still migrating", () => {
      for (const at of [D * 0.63, D, 10 * D]) {
        const s = statsAt(t, at);
        assert.equal(s.fullMigrationProgress, 63);
        assert.equal(s.targetInputKbps, 0);
        assert.equal(s.targetOps, 0);
        assert.equal(s.isMigrating, true);
      }
    });
  });

  describe("fail-40 preset", () => {
    const t = presetTimeline("fail-40", { durationMs: D, sourceKeys: 1000 });
    it("is migrating just before 40 %", () => {
      assert.equal(statsAt(t, D * 0.4 - 1).isMigrating, true);
    });
    it("stops migrating at 40 % and freezes every value there", () => {
      const s = statsAt(t, D * 0.4);
      assert.equal(s.fullMigrationProgress, 40);
      assert.equal(s.isMigrating, false);
      assert.equal(s.targetInputKbps, 0);
      assert.equal(s.targetDbsize, 400);
      assert.deepEqual(statsAt(t, 5 * D), s);
    });
  });

  describe("resync preset", () => {
    const t = presetTimeline("resync", { durationMs: D, sourceKeys: 1000 });
    it("reaches 100 %, then falls back to 60 % after two minutes, then climbs back to 100 %", () => {
      assert.equal(statsAt(t, D).fullMigrationProgress, 100);
      assert.equal(statsAt(t, D + 2 * MIN - 1).fullMigrationProgress, 100);
      const fallen = statsAt(t, D + 2 * MIN);
      assert.equal(fallen.fullMigrationProgress, 60);
      assert.equal(fallen.targetDbsize, 600);
      assert.equal(fallen.isMigrating, true);
      assert.equal(statsAt(t, D + 2 * MIN + D * 0.2).fullMigrationProgress, 80);
      assert.equal(statsAt(t, D + 2 * MIN + D * 0.4).fullMigrationProgress, 100);
    });
  });

  it("extra-keys ends with the target holding 1 000 more keys than the source", () => {
    const s = statsAt(presetTimeline("extra-keys", { durationMs: D, sourceKeys: 5000 }), D);
    assert.equal(s.fullMigrationProgress, 100);
    assert.equal(s.targetDbsize - s.sourceDbsize, 1000);
  });

  it("extra-keys starts with the target's own keys already there", () => {
    assert.equal(statsAt(presetTimeline("extra-keys", { durationMs: D }), 0).targetDbsize, 1000);
  });

  it("complete is at 100 % with equal counts from the first instant", () => {
    const s = statsAt(presetTimeline("complete", { sourceKeys: 42 }), 0);
    assert.equal(s.fullMigrationProgress, 100);
    assert.equal(s.targetDbsize, 42);
    assert.equal(s.offset, 0);
    assert.equal(s.isMigrating, true);
  });

  it("long-tail shows 99 % for the 5 minutes its last percent takes", () => {
    const t = presetTimeline("long-tail", { durationMs: D });
    assert.equal(statsAt(t, D).fullMigrationProgress, 99);
    assert.equal(statsAt(t, D + 5 * MIN - 1).fullMigrationProgress, 99);
    assert.equal(statsAt(t, D + 5 * MIN).fullMigrationProgress, 100);
  });

  it("full-only finishes a minute after 100 % with is_migrating false and converged counts", () => {
    const t = presetTimeline("full-only", { durationMs: D, sourceKeys: 100 });
    assert.equal(statsAt(t, D + MIN - 1).isMigrating, true);
    const s = statsAt(t, D + MIN);
    assert.equal(s.isMigrating, false);
    assert.equal(s.fullMigrationProgress, 100);
    assert.equal(s.targetDbsize, 100);
  });

  it("composes pieces: ramp, hold (a stall), drop and a second ramp", () => {
    const t = tl({ phases: [linear(50, 1000), hold(500), drop(10), sCurve(100, 1000)], sourceKeys: 100 });
    assert.equal(statsAt(t, 1000).fullMigrationProgress, 50);
    assert.equal(statsAt(t, 1200).targetInputKbps, 0, "no traffic during a hold below 100");
    assert.equal(statsAt(t, 1500).fullMigrationProgress, 10);
    assert.equal(statsAt(t, 2500).fullMigrationProgress, 100);
  });

  it("endTimeline freezes values from the stop on, and keeps an earlier end", () => {
    const t = presetTimeline("linear", { durationMs: D });
    const stopped = endTimeline(t, D / 2, "stopped");
    assert.equal(statsAt(stopped, D).fullMigrationProgress, 50);
    assert.equal(statsAt(stopped, D).isMigrating, false);
    const failed = presetTimeline("fail-40", { durationMs: D });
    assert.equal(endTimeline(failed, D, "stopped"), failed);
  });

  it("every preset stays within 0–100 %, never has negative counts, and is a pure function of time", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESET_NAMES), fc.integer({ min: -1000, max: 10 * D }), (name, at) => {
        const t = presetTimeline(name, { durationMs: D, sourceKeys: 10_000 });
        const s = statsAt(t, at);
        assert.ok(s.fullMigrationProgress >= 0 && s.fullMigrationProgress <= 100);
        assert.ok(Number.isInteger(s.fullMigrationProgress));
        assert.ok(s.targetDbsize >= 0 && s.offset >= 0 && s.sourceDbsize >= 0);
        assert.deepEqual(statsAt(t, at), s);
      }),
    );
  });

  it("never shows a target count above the source plus its own extra keys", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESET_NAMES), fc.integer({ min: 0, max: 10 * D }), (name, at) => {
        const t = presetTimeline(name, { durationMs: D, sourceKeys: 10_000 });
        const s = statsAt(t, at);
        assert.ok(s.targetDbsize <= s.sourceDbsize + t.extraTargetKeys);
      }),
    );
  });
});
