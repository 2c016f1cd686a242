import assert from "node:assert/strict";
import { AbortedError, ConfigurationError } from "../../../provider/core/errors";
import { ApiError, NetworkError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { MigrationFailedError, MigrationStalledError, WaitTimeoutError } from "../../../provider/waiter/waitErrors";
import type { GetMigrationStatsResult } from "../../../provider/dcs/migrationStats";
import type { StatsReader } from "../../../provider/dcs/statsReader";
import type { WaitEvent, WaitObservationEvent } from "../../../provider/waiter/waitEvent";
import { waitForCompletion } from "../../../provider/waiter/waitForCompletion";
import { VirtualClock } from "../../support/virtualClock";
import { ScriptedStatsReader, sequenceReader } from "../../support/scriptedStatsReader";
import { makeStats } from "../../support/statsFixture";

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";

/** A migration whose progress and target keys rise linearly to completion at `doneMs`. */
function linear(doneMs: number, source = 531_221) {
  return (t: number) => {
    const progress = Math.min(100, (100 * t) / doneMs);
    return { fullMigrationProgress: Number(progress.toFixed(1)), sourceDbsize: source, targetDbsize: t >= doneMs ? source : Math.floor((source * progress) / 100) };
  };
}

function collect(): { events: WaitEvent[]; onEvent: (e: WaitEvent) => void } {
  const events: WaitEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

const observations = (events: WaitEvent[]): WaitObservationEvent[] =>
  events.filter((e): e is WaitObservationEvent => e.type === "observation");

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof Error, `expected an Error, got ${String(e)}`);
    return e;
  }
  assert.fail("expected the wait to fail, but it completed");
}

describe("waitForCompletion", () => {
  it("opens the gate once the criteria have held for the stability window", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, linear(95_000));
    const { events, onEvent } = collect();
    const result = await waitForCompletion({ reader, taskId: TASK, clock, onEvent });
    assert.equal(result.stats.fullMigrationProgress, 100);
    assert.equal(result.stats.targetDbsize, 531_221);
    assert.ok(result.waitedSeconds >= 125, `opened after ${result.waitedSeconds}s, before completion + 30 s`);
    assert.ok(result.waitedSeconds <= 126, `opened after ${result.waitedSeconds}s, over 1 s late`);
    assert.equal(result.polls, reader.calls.length);
    assert.equal(result.completedAt, new Date(clock.now()).toISOString());
    const phases = observations(events).map((e) => e.phase);
    assert.equal(phases[0], "full-sync");
    assert.ok(phases.includes("stabilizing"));
    assert.equal(phases[phases.length - 1], "complete");
  });

  it("accepts the API page's example (531 221 vs 531 211 keys at 100 %) as converged under the defaults", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [
      { fullMigrationProgress: 100, offset: "100", sourceDbsize: 531_221, targetDbsize: 531_211, isMigrating: true },
    ]);
    const result = await waitForCompletion({ reader, taskId: TASK, clock });
    assert.equal(result.waitedSeconds, 30);
    assert.equal(result.stats.keyDelta, 10);
    assert.deepEqual(reader.calls, [0, 10_000, 20_000, 30_000]);
  });

  it("demands equal key counts when both tolerances are 0", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ sourceDbsize: 531_221, targetDbsize: 531_211 }]);
    const err = await rejection(
      waitForCompletion({
        reader,
        taskId: TASK,
        clock,
        options: { keyCountTolerance: 0, keyCountToleranceRatio: 0, stallTimeoutSeconds: 60 },
      }),
    );
    assert.ok(err instanceof MigrationStalledError);
    assert.match(err.message, /key difference 10 > tolerance 0/);

    const clock2 = new VirtualClock();
    const equal = sequenceReader(clock2, [{ sourceDbsize: 531_221, targetDbsize: 531_221 }]);
    const ok = await waitForCompletion({
      reader: equal,
      taskId: TASK,
      clock: clock2,
      options: { keyCountTolerance: 0, keyCountToleranceRatio: 0, stableForSeconds: 0 },
    });
    assert.equal(ok.polls, 1);
  });

  it("opens on the first satisfying read when stableForSeconds is 0", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 50, targetDbsize: 500 }, {}]);
    const result = await waitForCompletion({ reader, taskId: TASK, clock, options: { stableForSeconds: 0 } });
    assert.equal(result.polls, 2);
  });

  it("restarts the stability window when a read breaks the criteria", async () => {
    const clock = new VirtualClock();
    // Converged from the start, except that the target loses keys between 15 s and 25 s.
    const reader = new ScriptedStatsReader(clock, (t) =>
      t >= 15_000 && t < 25_000 ? { targetDbsize: 900 } : { targetDbsize: 1000 },
    );
    const { events, onEvent } = collect();
    const result = await waitForCompletion({ reader, taskId: TASK, clock, onEvent });
    const firstGoodAfterBreak = reader.calls.find((t) => t >= 25_000);
    assert.ok(firstGoodAfterBreak !== undefined);
    assert.equal(result.waitedSeconds * 1000, firstGoodAfterBreak + 30_000);
    assert.ok(observations(events).some((e) => e.phase === "converging"), "the break is reported");
  });

  it("fails fast when is_migrating turns false before completion, naming the task and the last stats", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (t) =>
      t < 25_000 ? { fullMigrationProgress: 40, targetDbsize: 400 } : { fullMigrationProgress: 40, targetDbsize: 400, isMigrating: false },
    );
    const err = await rejection(waitForCompletion({ reader, taskId: TASK, clock }));
    assert.ok(err instanceof MigrationFailedError);
    assert.equal(reader.calls.length, 4);
    assert.equal(err.polls, 4);
    assert.equal(err.waitedSeconds, 30);
    assert.equal(err.lastStats?.fullMigrationProgress, 40);
    assert.match(err.message, new RegExp(TASK));
    assert.match(err.message, /is_migrating is false/);
    assert.match(err.message, /40% full migration, keys 400 \/ 1 000 \(Δ 600\)/);
    assert.match(err.message, /Waited 30s \(4 polls\)/);
    assert.match(err.message, /restart the migration/);
  });

  it("completes at once when the task has ended with the data in place (full-only migration)", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ isMigrating: false }]);
    const result = await waitForCompletion({ reader, taskId: TASK, clock });
    assert.equal(result.polls, 1);
    assert.equal(result.waitedSeconds, 0);
  });

  it("reports a stall when nothing moves for stallTimeoutSeconds", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 87.5, targetDbsize: 875 }]);
    const err = await rejection(
      waitForCompletion({ reader, taskId: TASK, clock, options: { stallTimeoutSeconds: 120 } }),
    );
    assert.ok(err instanceof MigrationStalledError);
    assert.equal(err.waitedSeconds, 120);
    assert.match(err.message, /have not changed for 2m/);
    assert.match(err.message, /progress 87.5% < required 100%/);
    assert.match(err.message, /--stall-timeout/);
  });

  it("does not call a slowly moving migration stalled", async () => {
    const clock = new VirtualClock();
    // One key more every 50 s: slow, but moving, until done at 500 s.
    const reader = new ScriptedStatsReader(clock, (t) => ({
      fullMigrationProgress: 100,
      targetDbsize: Math.min(1000, 990 + Math.floor(t / 50_000)),
    }));
    const result = await waitForCompletion({
      reader,
      taskId: TASK,
      clock,
      options: { stallTimeoutSeconds: 60, keyCountToleranceRatio: 0 },
    });
    assert.equal(result.stats.targetDbsize, 1000);
  });

  it("calls a target with extra keys beyond tolerance stalled, and says so", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ sourceDbsize: 1000, targetDbsize: 1200 }]);
    const err = await rejection(
      waitForCompletion({ reader, taskId: TASK, clock, options: { stallTimeoutSeconds: 60 } }),
    );
    assert.ok(err instanceof MigrationStalledError);
    assert.match(err.message, /The target has 200 extra keys beyond the tolerance/);
    assert.match(err.message, /--key-tolerance/);
  });

  it("reports a fall in progress as a regression and keeps waiting", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (t) => {
      if (t < 40_000) return linear(40_000, 1000)(t);
      if (t < 50_000) return { fullMigrationProgress: 100, targetDbsize: 1000 };
      return linear(100_000, 1000)(t - 50_000 + 10_000); // resync restarts at 10 %
    });
    const { events, onEvent } = collect();
    const result = await waitForCompletion({ reader, taskId: TASK, clock, onEvent });
    const regression = events.find((e) => e.type === "regression");
    assert.ok(regression !== undefined && regression.type === "regression");
    assert.equal(regression.previousProgress, 100);
    assert.ok(regression.stats.fullMigrationProgress < 20);
    assert.ok(result.waitedSeconds >= 170, `opened after ${result.waitedSeconds}s, before the resync ended`);
  });

  it("times out with a last read at the deadline, naming what was last seen", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (t) => ({ fullMigrationProgress: t / 10_000, targetDbsize: 0 }));
    const err = await rejection(
      waitForCompletion({ reader, taskId: TASK, clock, options: { timeoutSeconds: 95 } }),
    );
    assert.ok(err instanceof WaitTimeoutError);
    assert.equal(reader.calls[reader.calls.length - 1], 95_000);
    assert.equal(err.waitedSeconds, 95);
    assert.match(err.message, /Timed out after 1m 35s/);
    assert.match(err.message, /9.5% full migration/);
    assert.match(err.message, /--timeout/);
  });

  it("completes when the last read at the deadline opens the gate", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{}]);
    const result = await waitForCompletion({
      reader,
      taskId: TASK,
      clock,
      options: { timeoutSeconds: 25, stableForSeconds: 25 },
    });
    assert.equal(result.waitedSeconds, 25);
  });

  it("survives throttling, server errors and network resets, reporting each", async () => {
    const clock = new VirtualClock();
    const throttled = new ApiError("throttled", { status: 429, errorCode: "APIG.0308" });
    const reader = new ScriptedStatsReader(clock, (_t, call) => {
      if (call === 2) return new NetworkError("socket hang up", { code: "ECONNRESET" });
      if (call === 3) return throttled;
      if (call === 4) return new ApiError("internal", { status: 500, errorCode: "DCS.5000" });
      return {};
    });
    const { events, onEvent } = collect();
    const result = await waitForCompletion({ reader, taskId: TASK, clock, onEvent });
    const errors = events.filter((e) => e.type === "transient-error");
    assert.equal(errors.length, 3);
    assert.deepEqual(
      errors.map((e) => (e.type === "transient-error" ? e.consecutiveErrors : 0)),
      [1, 2, 3],
    );
    assert.equal(result.stats.fullMigrationProgress, 100);
  });

  it("names the last read error in a timeout message", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (t, call) =>
      call === 3 ? new ApiError("gateway busy", { status: 503 }) : { fullMigrationProgress: t / 10_000, targetDbsize: 0 },
    );
    const err = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options: { timeoutSeconds: 60 } }));
    assert.ok(err instanceof WaitTimeoutError);
    assert.match(err.message, /Last read error seen: ApiError: gateway busy/);
  });

  it("gives up with the read error itself when the API keeps failing for the stall timeout", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (_t, call) =>
      call === 1 ? { fullMigrationProgress: 50, targetDbsize: 500 } : new NetworkError("connect ECONNREFUSED", { code: "ECONNREFUSED" }),
    );
    const err = await rejection(
      waitForCompletion({ reader, taskId: TASK, clock, options: { stallTimeoutSeconds: 60 } }),
    );
    assert.ok(err instanceof NetworkError);
    assert.equal(err.code, "ECONNREFUSED");
    assert.match(err.message, /connect ECONNREFUSED/);
    assert.match(err.message, /kept failing for 1m/);
    assert.match(err.message, /50% full migration/);
  });

  it("stops at once on a missing task, keeping the error class and adding the last stats", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, (_t, call) =>
      call < 3
        ? { fullMigrationProgress: 30, targetDbsize: 300 }
        : new TaskNotFoundError("Instance job is not found.", { status: 400, errorCode: "DCS.4133", taskId: TASK }),
    );
    const err = await rejection(waitForCompletion({ reader, taskId: TASK, clock }));
    assert.ok(err instanceof TaskNotFoundError);
    assert.equal(err.errorCode, "DCS.4133");
    assert.equal(reader.calls.length, 3);
    assert.match(err.message, /^Instance job is not found\./);
    assert.match(err.message, /30% full migration/);
  });

  it("leaves the reader's own error object untouched when adding context (it may be shared), chaining it as the cause", async () => {
    const clock = new VirtualClock();
    const shared = new ApiError("Access denied.", { status: 403, requestId: "req-1" });
    const reader = sequenceReader(clock, [shared]);
    const first = await rejection(waitForCompletion({ reader, taskId: TASK, clock }));
    const second = await rejection(waitForCompletion({ reader, taskId: TASK, clock }));
    assert.equal(shared.message, "Access denied.");
    assert.ok(first instanceof ApiError && second instanceof ApiError);
    assert.equal(first.requestId, "req-1");
    assert.equal(first.cause, shared, "the reader's error is chained as the cause");
    assert.equal((second.message.match(/while waiting/g) ?? []).length, 1);
  });

  for (const status of [401, 403]) {
    it(`stops at once on HTTP ${status}`, async () => {
      const clock = new VirtualClock();
      const reader = sequenceReader(clock, [new ApiError("denied", { status })]);
      const err = await rejection(waitForCompletion({ reader, taskId: TASK, clock }));
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, status);
      assert.equal(reader.calls.length, 1);
      assert.match(err.message, /No stats were read/);
    });
  }

  it("stops promptly with AbortedError when aborted between reads", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 10, targetDbsize: 100 }]);
    const controller = new AbortController();
    const err = await rejection(
      waitForCompletion({
        reader,
        taskId: TASK,
        clock,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.polls === 3) controller.abort();
        },
      }),
    );
    assert.ok(err instanceof AbortedError);
    assert.equal(reader.calls.length, 3);
  });

  it("stops with AbortedError when aborted in the middle of a read", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    let started = 0;
    const hanging: StatsReader = {
      getMigrationStats: (_id, opts) =>
        new Promise<GetMigrationStatsResult>((_resolve, reject) => {
          started += 1;
          opts?.signal?.addEventListener("abort", () => reject(new Error("request aborted")));
        }),
    };
    const pending = waitForCompletion({ reader: hanging, taskId: TASK, clock, signal: controller.signal });
    await Promise.resolve();
    controller.abort();
    const err = await rejection(pending);
    assert.ok(err instanceof AbortedError);
    assert.equal(started, 1);
  });

  it("resumes from a checkpoint: counts add up, the first start is kept, a drop since is a regression", async () => {
    const clock = new VirtualClock("2025-01-01T02:00:00.000Z");
    const reader = sequenceReader(clock, [{ fullMigrationProgress: 30, targetDbsize: 300 }, {}]);
    const { events, onEvent } = collect();
    const result = await waitForCompletion({
      reader,
      taskId: TASK,
      clock,
      onEvent,
      resume: {
        startedAt: "2025-01-01T00:00:00.000Z",
        polls: 360,
        lastStats: makeStats({ fullMigrationProgress: 80, targetDbsize: 800 }),
      },
    });
    assert.equal(result.startedAt, "2025-01-01T00:00:00.000Z");
    assert.equal(result.polls, 360 + reader.calls.length);
    assert.equal(result.waitedSeconds, clock.now() / 1000 - Date.parse("2025-01-01T02:00:00.000Z") / 1000);
    assert.equal(events[0]?.type, "regression");
  });

  it("keeps waiting when the progress printer throws", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{}]);
    const result = await waitForCompletion({
      reader,
      taskId: TASK,
      clock,
      onEvent: () => {
        throw new Error("stdout closed");
      },
    });
    assert.equal(result.waitedSeconds, 30);
  });

  it("rejects a path-changing or megabyte-long task id before reading, naming taskId in a short message", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{}]);
    for (const taskId of ["../other", "a?b", "a%2Fb", "x".repeat(1 << 20)]) {
      const e = await rejection(waitForCompletion({ reader, taskId, clock }));
      assert.ok(e instanceof ConfigurationError);
      assert.equal(e.field, "taskId");
      assert.ok(e.message.length < 300, `${e.message.length} characters`);
    }
    assert.equal(reader.calls.length, 0);
  });

  it("rejects an empty task id and bad options before reading anything", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [{}]);
    const empty = await rejection(waitForCompletion({ reader, taskId: " ", clock }));
    assert.ok(empty instanceof ConfigurationError);
    assert.equal(empty.field, "taskId");
    const bad = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options: { timeoutSeconds: -1 } }));
    assert.ok(bad instanceof ConfigurationError);
    assert.equal(bad.message, "Expected `timeoutSeconds` to be > 0, got -1");
    assert.equal(reader.calls.length, 0);
  });
});
