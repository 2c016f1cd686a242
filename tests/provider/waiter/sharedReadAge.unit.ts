import assert from "node:assert/strict";
import { checkCriteria } from "../../../provider/waiter/completionCriteria";
import { oldestSharedRead, SHARED_READ_LAG } from "../../../provider/waiter/sharedReadAge";
import { resolveWaitOptions } from "../../../provider/waiter/waitDefaults";
import { initialWaitState, type WaitState } from "../../../provider/waiter/waitState";
import { makeStats } from "../../support/statsFixture";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const options = resolveWaitOptions({}); // 10 s polls, 30 s window, 600 s stall
const met = checkCriteria(makeStats(), options);
const notMet = checkCriteria(makeStats({ fullMigrationProgress: 50, targetDbsize: 500 }), options);
const state = (patch: Partial<WaitState>): WaitState => ({ ...initialWaitState("task", T0, options), ...patch });

describe("oldestSharedRead", () => {
  it("accepts another wait's read sent up to a tenth of the planned gap before a regular read", () => {
    const seen = T0 + 60_000;
    assert.equal(SHARED_READ_LAG, 0.1);
    assert.equal(oldestSharedRead(state({ lastChangeAt: seen }), seen, seen + 10_000, notMet, options), seen + 9_000);
  });

  it("accepts nothing sent before the end of the stability window when the plan aims at it", () => {
    const seen = T0 + 60_000;
    const windowEnd = T0 + 35_000 + 30_000;
    // Planned exactly at the window's end: nothing earlier, or the gate would wait a whole interval more.
    assert.equal(oldestSharedRead(state({ stableSince: T0 + 35_000 }), seen, windowEnd, met, options), windowEnd);
    // A regular read planned just after the window's end: the window's end is still the floor.
    assert.equal(oldestSharedRead(state({ stableSince: T0 + 35_000 }), seen, windowEnd + 300, met, options), windowEnd);
  });

  it("accepts nothing sent before the moment a stall can be called when the plan aims at it", () => {
    const lastChangeAt = T0;
    const stallAt = lastChangeAt + 600_000;
    assert.equal(oldestSharedRead(state({ lastChangeAt }), stallAt - 4_000, stallAt, notMet, options), stallAt);
  });

  it("never accepts the wait's own previous read, however short the planned gap", () => {
    const seen = T0 + 60_000;
    assert.ok(oldestSharedRead(state({ lastChangeAt: seen }), seen, seen, notMet, options) > seen);
    assert.ok(oldestSharedRead(state({ lastChangeAt: seen }), seen, seen + 0.5, notMet, options) > seen);
  });
});
