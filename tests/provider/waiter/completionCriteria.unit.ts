import assert from "node:assert/strict";
import { checkCriteria, COMPLETION_CRITERIA, type CriteriaResults } from "../../../provider/waiter/completionCriteria";
import { resolveWaitOptions, type WaitOptions } from "../../../provider/waiter/waitDefaults";
import { makeStats } from "../../support/statsFixture";

describe("checkCriteria", () => {
  const defaults = resolveWaitOptions();

  it("counts the API page's example (10 keys short at 100 %) as converged under the defaults", () => {
    const c = checkCriteria(makeStats({ sourceDbsize: 531_221, targetDbsize: 531_211, offset: "100" }), defaults);
    assert.equal(c.met, true);
    assert.equal(c.keyTolerance, 53);
  });

  it("demands equality when both tolerances are 0", () => {
    const exact = resolveWaitOptions({ keyCountTolerance: 0, keyCountToleranceRatio: 0 });
    assert.equal(checkCriteria(makeStats({ sourceDbsize: 531_221, targetDbsize: 531_211 }), exact).met, false);
    assert.equal(checkCriteria(makeStats({ sourceDbsize: 531_221, targetDbsize: 531_221 }), exact).met, true);
    assert.equal(checkCriteria(makeStats({ sourceDbsize: 0, targetDbsize: 0 }), exact).met, true);
  });

  it("uses the larger of the absolute and relative tolerance", () => {
    const o = resolveWaitOptions({ keyCountTolerance: 100 });
    assert.equal(checkCriteria(makeStats({ sourceDbsize: 531_221, targetDbsize: 531_121 }), o).met, true);
    assert.equal(checkCriteria(makeStats({ sourceDbsize: 531_221, targetDbsize: 531_120 }), o).met, false);
  });

  it("treats extra keys on the target like missing ones, and counts them", () => {
    const c = checkCriteria(makeStats({ sourceDbsize: 1000, targetDbsize: 1200 }), defaults);
    assert.equal(c.keysMet, false);
    assert.equal(c.extraTargetKeys, 200);
  });

  it("requires the progress threshold", () => {
    const c = checkCriteria(makeStats({ fullMigrationProgress: 99.9 }), defaults);
    assert.deepEqual([c.met, c.progressMet, c.keysMet], [false, false, true]);
    assert.equal(checkCriteria(makeStats({ fullMigrationProgress: 95 }), resolveWaitOptions({ requiredProgress: 95 })).met, true);
  });

  it("compares the offset exactly beyond 2^53 when maxOffset is set, and ignores it otherwise", () => {
    const o = resolveWaitOptions({ maxOffset: "9007199254740993" });
    assert.equal(checkCriteria(makeStats({ offset: "9007199254740993" }), o).met, true);
    assert.equal(checkCriteria(makeStats({ offset: "9007199254740994" }), o).offsetMet, false);
    assert.equal(checkCriteria(makeStats({ offset: "9007199254740994" }), defaults).met, true);
  });
});

describe("COMPLETION_CRITERIA (the rule as a list)", () => {
  /** A read breaking exactly one criterion, per criterion: a new criterion without a case here fails to compile. */
  const breaking: { readonly [K in keyof CriteriaResults]: { stats: Parameters<typeof makeStats>[0]; options: Partial<WaitOptions>; says: RegExp } } = {
    progress: { stats: { fullMigrationProgress: 87.5 }, options: {}, says: /^progress 87\.5% < required 100%$/ },
    keys: { stats: { sourceDbsize: 1000, targetDbsize: 900 }, options: { keyCountToleranceRatio: 0 }, says: /^key difference 100 > tolerance 0$/ },
    offset: { stats: { offset: "12" }, options: { maxOffset: "0" }, says: /^offset 12 > maxOffset 0$/ },
  };

  for (const criterion of COMPLETION_CRITERIA) {
    it(`${criterion.name}: alone unmet, it keeps the gate closed and says what is missing`, () => {
      const c = breaking[criterion.name];
      const check = checkCriteria(makeStats(c.stats), resolveWaitOptions(c.options));
      assert.equal(check.met, false);
      assert.deepEqual(check.unmet.map((u) => u.name), [criterion.name]);
      assert.match(check.unmet[0]!.describe(), c.says);
      assert.equal(check.results[criterion.name].met, false);
    });
  }

  it("holds only when every criterion holds, and lists the unmet ones in rule order", () => {
    assert.equal(checkCriteria(makeStats(), resolveWaitOptions({ maxOffset: "0" })).met, true);
    const all = checkCriteria(makeStats({ fullMigrationProgress: 50, sourceDbsize: 1000, targetDbsize: 500, offset: "9" }), resolveWaitOptions({ maxOffset: "0" }));
    assert.deepEqual(all.unmet.map((u) => u.name), COMPLETION_CRITERIA.map((c) => c.name));
  });
});
