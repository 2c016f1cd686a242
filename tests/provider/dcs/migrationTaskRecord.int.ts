import { strict as assert } from "node:assert";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { ApiError } from "../../../provider/dcs/apiErrors";
import { resolveSettings } from "../../../provider/settings/settings";
import { VirtualClock } from "../../support/virtualClock";

describe("DcsClient reads of the task record and its log, against the emulator", () => {
  let emu: EmulatorHandle;
  const clients: DcsClient[] = [];

  before(async () => {
    emu = await startEmulator({
      temporaryCredentials: true,
      tasks: [
        { kind: "scripted", id: "running", preset: "linear" },
        { kind: "scripted", id: "incremental", preset: "complete" },
        // 41 % of a 10-minute ramp is 246 s of task time: at ×1000 it has failed after 0.25 s.
        { kind: "scripted", id: "failed", preset: "fail-41", durationMs: 600_000, timeScale: 1000 },
        { kind: "scripted", id: "forbidden", preset: "linear", faults: [{ kind: "status", status: 403, errorCode: "APIGW.0302", errorMsg: "The IAM user is not authorized to access this API.", target: "record" }] },
        { kind: "scripted", id: "flaky", preset: "linear", faults: [{ kind: "status", status: 503, count: 2, target: "record" }] },
        { kind: "scripted", id: "many-errors", preset: "linear" },
      ],
    });
    await new Promise((r) => setTimeout(r, 300));
  });
  after(async () => {
    for (const c of clients.splice(0)) c.close();
    await emu?.close();
  });

  /** AK/SK with a security token: the query of the log read is signed too. */
  function client(): DcsClient {
    const settings = resolveSettings(
      {
        endpoint: emu.url,
        projectId: emu.projectId,
        accessKey: emu.credentials.accessKey,
        secretKey: emu.credentials.secretKey,
        securityToken: emu.credentials.securityToken,
      },
      { env: {} },
    );
    const c = new DcsClient(settings, { clock: new VirtualClock(Date.now()), env: {} });
    clients.push(c);
    return c;
  }

  it("reads a running task's status as the API spells it, with the request id", async () => {
    const record = await client().getMigrationTask("running");
    assert.equal(record.status, "FULLMIGRATING");
    assert.equal(record.migrationType, "online_migration");
    assert.match(record.requestId ?? "", /^[0-9a-f]{32}$/);
    assert.equal((await client().getMigrationTask("incremental")).status, "INCRMIGEATING");
  });

  it("reads a failed task's status and the API's reason with its time; the stats say is_migrating false", async () => {
    const c = client();
    assert.equal((await c.getMigrationTask("failed")).status, "FAILED");
    const reason = await c.getLatestMigrationError("failed");
    assert.match(reason?.message ?? "", /^Full migration failed: the source Redis closed the replication connection/);
    assert.equal(reason?.logLevel, "ERROR");
    assert.match(reason?.createdAt ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const stats = await c.getMigrationStats("failed");
    assert.equal(stats.isMigrating, false);
    assert.equal(stats.fullMigrationProgress, 41);
  });

  it("finds the newest ERROR line when there are more than one page holds, whatever order the API lists them in", async () => {
    for (let i = 1; i <= 12; i++) {
      await emu.control.setTaskStatus("many-errors", { status: "ERROR", reason: `error number ${i}`, keepMigrating: true });
      await new Promise((r) => setTimeout(r, 2));
    }
    const c = client();
    const reason = await c.getLatestMigrationError("many-errors");
    assert.equal(reason?.message, "error number 12");
    const counts = await emu.control.recordRequests("many-errors");
    assert.equal(counts.logs.requests, 2, "the first page and the last");
  });

  it("refuses a 403 on the record without retrying, naming the status; the stats still read", async () => {
    const c = client();
    await assert.rejects(c.getMigrationTask("forbidden"), (e: unknown) => e instanceof ApiError && e.status === 403 && /APIGW\.0302/.test(e.message));
    const counts = await emu.control.recordRequests("forbidden");
    assert.equal(counts.record.requests, 1);
    assert.equal((await c.getMigrationStats("forbidden")).isMigrating, true);
  });

  it("retries a 5xx on the record like a stats read, and shares one request between concurrent reads", async () => {
    const c = client();
    const [a, b] = await Promise.all([c.getMigrationTask("flaky"), c.getMigrationTask("flaky")]);
    assert.equal(a.status, "FULLMIGRATING");
    assert.equal(b.status, "FULLMIGRATING");
    const counts = await emu.control.recordRequests("flaky");
    assert.equal(counts.record.requests, 3, "two 503s, then the answer, for both callers");
    assert.equal((await emu.control.taskRequests("flaky")).requests, 0, "not counted as stats requests");
  });

  it("turns a task FAILED through the control API: the record says so, the stats stop migrating", async () => {
    const created = await emu.control.createTask({ kind: "scripted", preset: "linear" });
    await emu.control.setTaskStatus(created.id, { status: "MIGRATION_FAILED", reason: "The target ran out of memory." });
    const c = client();
    assert.equal((await c.getMigrationTask(created.id)).status, "MIGRATION_FAILED");
    assert.equal((await c.getLatestMigrationError(created.id))?.message, "The target ran out of memory.");
    assert.equal((await c.getMigrationStats(created.id)).isMigrating, false);
    await assert.rejects(emu.control.setTaskStatus(created.id, { status: "failed; drop" }), /status/);
  });
});
