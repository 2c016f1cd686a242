import assert from "node:assert/strict";
import { AbortedError } from "../../../provider/core/errors";
import { ApiError, NetworkError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { resolveWaitOptions } from "../../../provider/waiter/waitDefaults";
import { MigrationFailedError, MigrationStalledError, WaitTimeoutError } from "../../../provider/waiter/waitErrors";
import { initialWaitState, type WaitState } from "../../../provider/waiter/waitState";
import { waitStep, type WaitStepOutcome } from "../../../provider/waiter/waitStep";
import { makeStats } from "../../support/statsFixture";

/**
 * The decision on one read, as a pure function: each case builds a state, feeds one observation
 * and reads the verdict — no loop, no clock, no reader.
 */

const T0 = Date.parse("2025-01-01T00:00:00Z");
const options = resolveWaitOptions({ stableForSeconds: 30, stallTimeoutSeconds: 600, timeoutSeconds: 3600, pollIntervalSeconds: 10 });
const start = (): WaitState => initialWaitState("task-1", T0, options);
const at = (seconds: number): number => T0 + seconds * 1000;
const running = makeStats({ fullMigrationProgress: 60, sourceDbsize: 1000, targetDbsize: 600 });
const done = makeStats();

/** Feeds reads in order, each answered `seconds` after the start; returns the last outcome. */
function feed(state: WaitState, reads: ReadonlyArray<readonly [number, ReturnType<typeof makeStats> | Error]>): WaitStepOutcome {
  let outcome: WaitStepOutcome | undefined;
  for (const [seconds, read] of reads) {
    outcome = waitStep(outcome?.state ?? state, read instanceof Error ? { at: at(seconds), error: read } : { at: at(seconds), stats: read }, options);
  }
  assert.ok(outcome !== undefined);
  return outcome;
}

const failure = (outcome: WaitStepOutcome): Error => {
  assert.equal(outcome.decision.kind, "fail");
  return (outcome.decision as { error: Error }).error;
};

describe("waitStep", () => {
  it("keeps waiting on a first read that meets the criteria, until they have held for stableForSeconds", () => {
    const first = feed(start(), [[0, done]]);
    assert.equal(first.decision.kind, "wait");
    assert.equal(first.events[0]?.type, "observation");
    assert.equal(feed(start(), [[0, done], [20, done]]).decision.kind, "wait");
    const opened = feed(start(), [[0, done], [20, done], [30, done]]);
    assert.equal(opened.decision.kind, "complete");
    assert.equal(opened.decision.kind === "complete" && opened.decision.result.polls, 3);
  });

  it("restarts the stability window when one read misses the criteria", () => {
    const outcome = feed(start(), [[0, done], [20, running], [30, done], [50, done]]);
    assert.equal(outcome.decision.kind, "wait");
    assert.equal(feed(start(), [[0, done], [20, running], [30, done], [60, done]]).decision.kind, "complete");
  });

  it("never asks for a read more than pollIntervalSeconds away", () => {
    const outcome = feed(start(), [[0, running]]);
    assert.equal(outcome.decision.kind, "wait");
    assert.ok(outcome.decision.kind === "wait" && outcome.decision.delayMs <= options.pollIntervalSeconds * 1000);
  });

  it("fails as MigrationFailedError when the task stopped migrating short of the criteria, and completes at once when it stopped with them met", () => {
    assert.ok(failure(feed(start(), [[0, makeStats({ ...running, isMigrating: false })]])) instanceof MigrationFailedError);
    assert.equal(feed(start(), [[0, makeStats({ isMigrating: false })]]).decision.kind, "complete");
  });

  it("fails as MigrationStalledError when nothing moved for stallTimeoutSeconds, naming what is unmet", () => {
    const error = failure(feed(start(), [[0, running], [300, running], [600, running]]));
    assert.ok(error instanceof MigrationStalledError);
    assert.match(error.message, /Not met: progress 60% < required 100%; key difference 400 > tolerance 0/);
  });

  it("fails as WaitTimeoutError once the deadline passed, with the last stats", () => {
    const error = failure(feed(start(), [[3600, running]]));
    assert.ok(error instanceof WaitTimeoutError);
    assert.equal(error.lastStats, running);
  });

  it("reports a drop in progress as a regression and keeps waiting", () => {
    const outcome = feed(start(), [[0, running], [10, makeStats({ ...running, fullMigrationProgress: 20 })]]);
    assert.deepEqual(outcome.events.map((e) => e.type), ["regression", "observation"]);
    assert.equal(outcome.decision.kind, "wait");
  });

  it("keeps waiting through a transient read error (503, reset) and reports it", () => {
    const outcome = feed(start(), [[0, running], [10, new ApiError("busy", { status: 503 })]]);
    assert.equal(outcome.decision.kind, "wait");
    assert.equal(outcome.events[0]?.type, "transient-error");
    assert.equal(feed(start(), [[0, new NetworkError("reset", { code: "ECONNRESET" })]]).decision.kind, "wait");
  });

  it("stops at once on a permanent read error, keeping its class and adding the wait's context", () => {
    const error = failure(feed(start(), [[0, running], [10, new TaskNotFoundError("gone", { status: 400, errorCode: "DCS.4133" })]]));
    assert.ok(error instanceof TaskNotFoundError);
    assert.match(error.message, /while waiting for DCS migration task task-1/);
  });

  it("gives up with the read error itself when reads keep failing for stallTimeoutSeconds", () => {
    const busy = new ApiError("busy", { status: 503 });
    const error = failure(feed(start(), [[0, running], [300, busy], [601, busy]]));
    assert.ok(error instanceof ApiError);
    assert.match(error.message, /kept failing/);
  });

  it("ends with AbortedError on a cancelled read", () => {
    assert.ok(failure(feed(start(), [[0, new AbortedError("cancelled")]])) instanceof AbortedError);
  });
});
