import assert from "node:assert/strict";
import { shouldEmitProgress, type ProgressThrottleState } from "../../../provider/waiter/progressThrottle";
import type { WaitEvent, WaitPhase } from "../../../provider/waiter/waitEvent";
import { makeStats } from "../../support/statsFixture";

function obs(elapsedSeconds: number, phase: WaitPhase = "full-sync"): WaitEvent {
  return {
    type: "observation",
    taskId: "t",
    phase,
    stats: makeStats(),
    elapsedSeconds,
    polls: 1,
    keyTolerance: 0,
    stableSeconds: 0,
    stableForSeconds: 30,
    etaSeconds: undefined,
    nextPollSeconds: 10,
  };
}

function run(events: WaitEvent[]): boolean[] {
  let state: ProgressThrottleState = {};
  return events.map((e) => {
    const d = shouldEmitProgress(state, e);
    state = d.state;
    return d.emit;
  });
}

describe("shouldEmitProgress", () => {
  it("emits the first read, then at most once per 30 s while the phase stays", () => {
    assert.deepEqual(run([0, 10, 20, 30, 40, 59, 60].map((t) => obs(t))), [true, false, false, true, false, false, true]);
  });

  it("emits every phase change at once", () => {
    assert.deepEqual(
      run([obs(0), obs(5, "converging"), obs(10, "stabilizing"), obs(12, "stabilizing"), obs(14, "complete")]),
      [true, true, true, false, true],
    );
  });

  it("always emits regressions and read errors, without resetting the repeat timer", () => {
    const regression: WaitEvent = {
      type: "regression",
      taskId: "t",
      elapsedSeconds: 10,
      polls: 2,
      stats: makeStats(),
      previousProgress: 100,
    };
    assert.deepEqual(run([obs(0), regression, obs(20), obs(30)]), [true, true, false, true]);
  });
});
