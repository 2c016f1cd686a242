import assert from "node:assert/strict";
import { interruptedWaitMessage } from "../../../provider/waiter/interruptedWaitMessage";
import type { GetMigrationStatsResult } from "../../../provider/dcs/migrationStats";

const stats: GetMigrationStatsResult = {
  taskId: "7f3c1a2b",
  projectId: "p",
  fullMigrationProgress: 87,
  offset: "12",
  sourceDbsize: 531_221,
  targetDbsize: 480_113,
  keyDelta: 51_108,
  targetInputKbps: 50,
  targetOps: 5300,
  isMigrating: true,
  observedAt: "2026-12-02T12:00:00.000Z",
};

describe("interruptedWaitMessage", () => {
  it("says a cancelled wait stopped after how long, where the migration stood, and that the next up resumes", () => {
    const message = interruptedWaitMessage({ taskId: "7f3c1a2b", interruption: { kind: "cancelled" }, waitedSeconds: 72, polls: 9, lastStats: stats });
    assert.match(message, /^Cancelled after 1m 12s waiting for DCS migration task 7f3c1a2b at 87% full migration, keys 480 113 \/ 531 221/);
    assert.match(message, /\(9 polls\); the resource is saved as not yet complete and the next `pulumi up` resumes the wait\.$/);
  });

  it("names the customTimeouts deadline that won over timeoutSeconds", () => {
    const message = interruptedWaitMessage({
      taskId: "t",
      interruption: { kind: "custom-timeout", option: "customTimeouts.create", seconds: 5, timeoutSeconds: 3600 },
      waitedSeconds: 5,
      polls: 0,
      lastStats: undefined,
    });
    assert.match(message, /^Timed out after 5s waiting for DCS migration task t \(customTimeouts\.create 5s, earlier than timeoutSeconds 3600\) before the first read/);
    assert.match(message, /Raise customTimeouts\.create if one run should wait longer\.$/);
  });
});
