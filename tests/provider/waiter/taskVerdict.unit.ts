import assert from "node:assert/strict";
import type { MigrationLogEntry, MigrationTaskRecord, TaskRecordReader } from "../../../provider/dcs/migrationTaskRecord";
import { ApiError, NetworkError } from "../../../provider/dcs/apiErrors";
import { MigrationFailedError, MigrationStalledError } from "../../../provider/waiter/waitErrors";
import { classifyTaskStatus, judgeTaskRecord } from "../../../provider/waiter/taskVerdict";
import { resolveWaitOptions } from "../../../provider/waiter/waitDefaults";
import type { WaitEvent } from "../../../provider/waiter/waitEvent";
import { waitForCompletion } from "../../../provider/waiter/waitForCompletion";
import { initialWaitState } from "../../../provider/waiter/waitState";
import { waitStep } from "../../../provider/waiter/waitStep";
import { VirtualClock } from "../../support/virtualClock";
import { ScriptedStatsReader, type ScriptAnswer } from "../../support/scriptedStatsReader";
import { makeStats } from "../../support/statsFixture";

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";
const REASON: MigrationLogEntry = {
  createdAt: "2026-12-07T20:33:15.877Z",
  logLevel: "ERROR",
  message: "Full migration failed: the source Redis closed the replication connection.",
  logCode: "DCS.MIG.4001",
};

/** A stats script plus a task record whose status is a function of elapsed time; counts both kinds of read. */
class RecordingReader extends ScriptedStatsReader implements TaskRecordReader {
  readonly recordCalls: number[] = [];
  logCalls = 0;
  readonly start: number;
  constructor(
    private readonly fake: VirtualClock,
    stats: (elapsedMs: number) => ScriptAnswer,
    private readonly status: (elapsedMs: number) => string | Error,
    private readonly reason: MigrationLogEntry | undefined = REASON,
  ) {
    super(fake, stats);
    this.start = fake.now();
  }
  async getMigrationTask(taskId: string): Promise<MigrationTaskRecord> {
    const elapsed = this.fake.now() - this.start;
    this.recordCalls.push(elapsed);
    await Promise.resolve();
    const s = this.status(elapsed);
    if (s instanceof Error) throw s;
    return { taskId, status: s, taskName: undefined, migrationType: undefined, migrationMethod: undefined, updatedAt: undefined, observedAt: "", requestId: undefined };
  }
  async getLatestMigrationError(): Promise<MigrationLogEntry | undefined> {
    this.logCalls++;
    return this.reason;
  }
}

const forbidden = (): ApiError =>
  new ApiError("APIGW.0302 The IAM user is not authorized to access this API (HTTP 403, request id r1) — …", { status: 403, errorCode: "APIGW.0302" });

const options = { pollIntervalSeconds: 10, minPollIntervalSeconds: 2, stableForSeconds: 30, stallTimeoutSeconds: 600, timeoutSeconds: 3600 };

/** Climbs 1 % per 10 s; from `failAtMs` on, frozen at that progress with `is_migrating` as given. */
function climbing(failAtMs: number, migratingAfter: boolean): (t: number) => ScriptAnswer {
  return (t) => {
    const at = Math.min(t, failAtMs);
    const progress = Math.floor(at / 10_000);
    return { fullMigrationProgress: progress, sourceDbsize: 531_221, targetDbsize: Math.floor((531_221 * progress) / 100), isMigrating: t < failAtMs || migratingAfter };
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof Error);
    return e;
  }
  assert.fail("expected the wait to fail");
}

describe("the task's own verdict (ShowMigrationTask)", () => {
  describe("classifyTaskStatus", () => {
    it("sorts the API's statuses: failures, ends, successes and running states", () => {
      for (const s of ["FAILED", "MIGRATION_FAILED", "ERROR"]) assert.equal(classifyTaskStatus(s), "failed", s);
      for (const s of ["TERMINATED", "TERMINATING", "RELEASED", "DELETED"]) assert.equal(classifyTaskStatus(s), "ended", s);
      for (const s of ["SUCCESS", "MIGRATION_SUCCESS"]) assert.equal(classifyTaskStatus(s), "succeeded", s);
      for (const s of ["CREATING", "FULLMIGRATING", "INCRMIGEATING", "INCRMIGRATING", "MIGRATING", "RUNNING"]) assert.equal(classifyTaskStatus(s), "running", s);
      assert.equal(classifyTaskStatus("SOMETHING_NEW"), "unknown");
    });
  });

  describe("judgeTaskRecord", () => {
    const opts = resolveWaitOptions(options);
    const step = (stats: Parameters<typeof makeStats>[0]) =>
      waitStep(initialWaitState(TASK, 0, opts), { at: 1000, stats: makeStats({ taskId: TASK, ...stats }) }, opts);

    it("fails a FAILED task at once, naming the status, the API's reason with its time, and where it stood", () => {
      const judged = judgeTaskRecord(step({ fullMigrationProgress: 41, sourceDbsize: 531_221, targetDbsize: 217_800 }), { status: "FAILED", reason: REASON, at: 1000 }, 0, opts);
      assert.equal(judged.decision.kind, "fail");
      const error = judged.decision.kind === "fail" ? judged.decision.error : undefined;
      assert.ok(error instanceof MigrationFailedError);
      assert.match(
        error.message,
        /^DCS migration task 7f3c1a2b-\S+ is FAILED: Full migration failed: the source Redis closed the replication connection\. \(DCS\.MIG\.4001, logged 2026-12-07T20:33:15\.877Z\) at 41% full migration, keys 217 800 \/ 531 221 \(Δ 313 421\)\./,
      );
      assert.match(error.message, /fix the cause, restart the migration/);
    });

    it("fails a FAILED task even when its stats look complete: the API says the data is not migrating", () => {
      const judged = judgeTaskRecord(step({ fullMigrationProgress: 100 }), { status: "MIGRATION_FAILED", at: 1000 }, 0, opts);
      assert.equal(judged.decision.kind, "fail");
    });

    it("lets a TERMINATED task open the gate when the criteria hold (how an incremental migration is ended), not otherwise", () => {
      const done = step({ fullMigrationProgress: 100, isMigrating: false });
      assert.equal(done.decision.kind, "complete");
      assert.equal(judgeTaskRecord(done, { status: "TERMINATED", at: 1000 }, 0, opts).decision.kind, "complete");
      const cut = judgeTaskRecord(step({ fullMigrationProgress: 41, targetDbsize: 200_000 }), { status: "TERMINATED", at: 1000 }, 0, opts);
      assert.equal(cut.decision.kind, "fail");
      assert.match(cut.decision.kind === "fail" ? cut.decision.error.message : "", /is TERMINATED \(it no longer migrates\) at 41% full migration/);
    });

    it("does not complete the gate on SUCCESS or INCRMIGEATING: the criteria still decide", () => {
      for (const status of ["SUCCESS", "MIGRATION_SUCCESS", "INCRMIGEATING"]) {
        const waiting = step({ fullMigrationProgress: 100 });
        assert.equal(waiting.decision.kind, "wait", "the stability window is still to run");
        assert.equal(judgeTaskRecord(waiting, { status, at: 1000 }, 0, opts).decision.kind, "wait", status);
      }
    });
  });

  describe("in waitForCompletion", () => {
    it("reads the record once at the start and once before opening, never on the polls between", async () => {
      const clock = new VirtualClock();
      const reader = new RecordingReader(clock, (t) => ({ fullMigrationProgress: Math.min(100, Math.floor(t / 2000)), sourceDbsize: 531_221, targetDbsize: t >= 200_000 ? 531_221 : 0 }), () => "FULLMIGRATING");
      const events: WaitEvent[] = [];
      await waitForCompletion({ reader, taskId: TASK, clock, options, onEvent: (e) => events.push(e) });
      assert.ok(reader.calls.length > 20, `${reader.calls.length} stats reads`);
      assert.equal(reader.recordCalls.length, 2, `record reads at ${reader.recordCalls.join(", ")} ms`);
      assert.equal(reader.recordCalls[0], 0, "the first right after the first stats read");
      assert.deepEqual(
        events.filter((e) => e.type === "task-status").map((e) => (e.type === "task-status" ? e.consult : "")),
        ["start", "complete"],
      );
    });

    it("fails within one poll of the task turning FAILED (is_migrating false), naming the status and the reason", async () => {
      const clock = new VirtualClock();
      const failAt = 410_000;
      const reader = new RecordingReader(clock, climbing(failAt, false), (t) => (t >= failAt ? "FAILED" : "FULLMIGRATING"));
      const error = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options }));
      assert.ok(error instanceof MigrationFailedError);
      assert.match(error.message, /is FAILED: Full migration failed: .* at 41% full migration, keys 217 800 \/ 531 221/);
      const firstAfter = reader.calls.find((t) => t >= failAt);
      assert.equal(reader.calls.at(-1), firstAfter, "the first stats read after the change ended the wait");
      assert.equal(reader.recordCalls.length, 2, "start, then the stop");
      assert.equal(reader.logCalls, 1);
    });

    it("names the status when a FAILED task still says is_migrating true: the stall consult catches it", async () => {
      const clock = new VirtualClock();
      const reader = new RecordingReader(clock, climbing(410_000, true), (t) => (t >= 410_000 ? "FAILED" : "FULLMIGRATING"));
      const error = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options: { ...options, stallTimeoutSeconds: 60 } }));
      assert.ok(error instanceof MigrationFailedError, error.name);
      assert.match(error.message, /is FAILED/);
      assert.equal(reader.recordCalls.length, 2, "start, then when the stall was about to be called");
    });

    it("adds the status to a stall when the task still says it migrates", async () => {
      const clock = new VirtualClock();
      const reader = new RecordingReader(clock, climbing(410_000, true), () => "FULLMIGRATING");
      const error = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options: { ...options, stallTimeoutSeconds: 60 } }));
      assert.ok(error instanceof MigrationStalledError);
      assert.match(error.message, /stalled.*The task's status is FULLMIGRATING \(read /);
    });

    it("fails at the first poll when the task is already FAILED", async () => {
      const clock = new VirtualClock();
      const reader = new RecordingReader(clock, () => ({ fullMigrationProgress: 41 }), () => "FAILED");
      const error = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options }));
      assert.match(error.message, /is FAILED/);
      assert.equal(reader.calls.length, 1);
    });

    it("goes on as before when the record is refused (403), saying so once and not asking again", async () => {
      const clock = new VirtualClock();
      const reader = new RecordingReader(clock, climbing(410_000, false), () => forbidden());
      const events: WaitEvent[] = [];
      const error = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options, onEvent: (e) => events.push(e) }));
      assert.ok(error instanceof MigrationFailedError);
      assert.match(error.message, /stopped before completing \(is_migrating is false\)/, "today's message");
      const unavailable = events.filter((e) => e.type === "task-status-unavailable");
      assert.equal(unavailable.length, 1);
      assert.equal(reader.recordCalls.length, 1, "refused once; the stop asked nothing more");
    });

    it("asks again at the next consult after a transient failure of the record read, and says it once", async () => {
      const clock = new VirtualClock();
      let n = 0;
      const reader = new RecordingReader(clock, climbing(410_000, false), () => (++n === 1 ? new NetworkError("reset", { code: "ECONNRESET" }) : "FAILED"));
      const events: WaitEvent[] = [];
      const error = await rejection(waitForCompletion({ reader, taskId: TASK, clock, options, onEvent: (e) => events.push(e) }));
      assert.match(error.message, /is FAILED/);
      assert.equal(events.filter((e) => e.type === "task-status-unavailable").length, 1);
      assert.equal(reader.recordCalls.length, 2);
    });
  });
});
