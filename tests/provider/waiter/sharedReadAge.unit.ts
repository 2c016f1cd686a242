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
  it("accepts another wait's read sent up to half an interval before a regular read", () => {
    const seen = T0 + 60_000;
    const at = seen + 200;
    assert.equal(SHARED_READ_LAG, 0.5);
    assert.equal(oldestSharedRead(state({ lastChangeAt: seen }), seen, at, at + 10_000, notMet, options), at + 5_000);
  });

  it("accepts nothing sent before the moment a read is aimed at (a predicted completion)", () => {
    const seen = T0 + 60_000;
    assert.equal(oldestSharedRead(state({ lastChangeAt: seen }), seen, seen + 200, seen + 4_000, notMet, options), seen + 4_000);
  });

  it("accepts nothing sent before the end of the stability window, aimed at or inside the accepted span", () => {
    const stableSince = T0 + 35_000;
    const windowEnd = stableSince + 30_000;
    // Aimed exactly at the window's end: nothing earlier, or the gate would wait a whole interval more.
    assert.equal(oldestSharedRead(state({ stableSince }), T0 + 58_000, T0 + 58_200, windowEnd, met, options), windowEnd);
    // A regular read just after the window's end: the window's end is still the floor.
    assert.equal(oldestSharedRead(state({ stableSince }), T0 + 55_000, T0 + 55_200, T0 + 65_200, met, options), windowEnd);
  });

  it("accepts nothing sent before the moment a stall can be called when the span reaches back over it", () => {
    const lastChangeAt = T0;
    const stallAt = lastChangeAt + 600_000;
    assert.equal(oldestSharedRead(state({ lastChangeAt }), stallAt - 8_000, stallAt - 7_800, stallAt + 2_200, notMet, options), stallAt);
  });

  it("never accepts the wait's own previous read, however short the planned gap", () => {
    const seen = T0 + 60_000;
    assert.ok(oldestSharedRead(state({ lastChangeAt: seen }), seen, seen, seen, notMet, options) > seen);
    assert.ok(oldestSharedRead(state({ lastChangeAt: seen }), seen, seen, seen + 0.5, notMet, options) > seen);
  });
});
