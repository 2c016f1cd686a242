import assert from "node:assert/strict";
import { faultFor } from "../../../emulator/faults/faultRule";
import { parseFaultRules } from "../../../emulator/faults/faultValidation";
import { scriptedTaskRecord, TaskRecordBook } from "../../../emulator/tasks/taskRecord";
import { presetTimeline } from "../../../emulator/timelinePresets";
import { validateTimeline } from "../../../emulator/timelineValidation";

const wall = (ms: number): string => new Date(Date.UTC(2026, 11, 7, 20, 0, 0) + ms).toISOString();

describe("the emulator's task record", () => {
  it("follows a failing timeline: FULLMIGRATING, then FAILED at 41 % with the reason as an ERROR line at that moment", () => {
    const timeline = presetTimeline("fail-41", { durationMs: 100_000 });
    const before = scriptedTaskRecord(timeline, 40_000, wall);
    assert.equal(before.status, "FULLMIGRATING");
    assert.deepEqual(before.logs.map((l) => l.logLevel), ["INFO"]);
    const after = scriptedTaskRecord(timeline, 60_000, wall);
    assert.equal(after.status, "FAILED");
    const error = after.logs.find((l) => l.logLevel === "ERROR");
    assert.match(error?.message ?? "", /^Full migration failed: the source Redis closed the replication connection/);
    assert.equal(error?.createdAt, wall(41_000), "logged when the task failed, not when it was read");
  });

  it("turns INCRMIGEATING once 100 % holds, TERMINATED when stopped, SUCCESS when a full-only task finishes", () => {
    const linear = presetTimeline("linear", { durationMs: 10_000 });
    assert.equal(scriptedTaskRecord(linear, 5_000, wall).status, "FULLMIGRATING");
    assert.equal(scriptedTaskRecord(linear, 10_000, wall).status, "INCRMIGEATING");
    assert.equal(scriptedTaskRecord({ ...linear, end: { atMs: 12_000, reason: "stopped" } }, 13_000, wall).status, "TERMINATED");
    const fullOnly = presetTimeline("full-only", { durationMs: 10_000 });
    const done = scriptedTaskRecord(fullOnly, 10 * 60_000, wall);
    assert.equal(done.status, "SUCCESS");
    assert.equal(done.migrationMethod, "full_amount_migration");
  });

  it("lets a status set by a test win, with its log line after the task's own", () => {
    const book = new TaskRecordBook();
    const own = { ...scriptedTaskRecord(presetTimeline("linear"), 1_000, wall), createdAt: wall(0) };
    book.set("MIGRATION_FAILED", { createdAt: wall(2_000), logLevel: "ERROR", message: "The target ran out of memory.", logCode: "DCS.MIG.4001" });
    const shown = book.apply(own);
    assert.equal(shown.status, "MIGRATION_FAILED");
    assert.equal(shown.logs.at(-1)?.message, "The target ran out of memory.");
  });

  it("refuses a timeline end whose status is not a status word, naming the field", () => {
    const bad = { ...presetTimeline("fail-40"), end: { atMs: 1, reason: "failed", status: "failed; drop" } };
    assert.throws(() => validateTimeline(bad as never, "timeline"), /`timeline\.end\.status` to be an upper-case status word/);
  });

  it("puts a fault in front of the path it names only, counting that path's requests", () => {
    const rules = parseFaultRules([{ kind: "status", status: 403, target: "record" }]);
    assert.equal(faultFor(rules, 0, 0), undefined, "the stats are not refused");
    assert.equal(faultFor(rules, 0, 0, "record")?.kind, "status");
    assert.equal(faultFor(rules, 0, 0, "logs"), undefined);
    assert.throws(() => parseFaultRules([{ kind: "reset", target: "everything" }]), /`faults\[0\]\.target` to be one of/);
  });
});
