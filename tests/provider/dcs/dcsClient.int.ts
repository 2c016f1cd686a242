import { strict as assert } from "node:assert";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { DcsClient, type DcsClientOptions } from "../../../provider/dcs/dcsClient";
import { ApiError, NetworkError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { resolveSettings, type ConnectionArgs } from "../../../provider/settings/settings";
import { VirtualClock } from "../../support/virtualClock";

describe("DcsClient against the emulator", () => {
  let emu: EmulatorHandle;
  const clients: DcsClient[] = [];

  before(async () => {
    emu = await startEmulator({
      tasks: [
        { kind: "scripted", id: "done", preset: "complete", sourceKeys: 42 },
        { kind: "scripted", id: "done-strings", preset: "complete", sourceKeys: 42, fieldFormat: "string" },
        { kind: "scripted", id: "throttled", preset: "complete", faults: [{ kind: "throttle", retryAfterSeconds: 2, count: 1 }] },
        {
          kind: "scripted",
          id: "throttled-date",
          preset: "complete",
          faults: [{ kind: "throttle", retryAfterSeconds: 3, retryAfterFormat: "http-date", count: 1 }],
        },
        { kind: "scripted", id: "burst", preset: "complete", faults: [{ kind: "status", status: 503, count: 3 }] },
        { kind: "scripted", id: "long-burst", preset: "complete", faults: [{ kind: "status", status: 503, errorCode: "DCS.5000", errorMsg: "Internal error." }] },
        { kind: "scripted", id: "slow", preset: "complete", faults: [{ kind: "delay", delayMs: 2_000 }] },
        { kind: "scripted", id: "reset-once", preset: "complete", faults: [{ kind: "reset", count: 1 }] },
        { kind: "scripted", id: "html", preset: "complete", faults: [{ kind: "html", status: 502 }] },
      ],
    });
  });
  after(async () => {
    for (const c of clients.splice(0)) c.close();
    await emu?.close();
  });

  /** A client on a clock that starts now (signatures stay within the 15-minute window) and sleeps instantly. */
  function clientFor(args: ConnectionArgs = {}, opts: DcsClientOptions = {}): { client: DcsClient; clock: VirtualClock } {
    const clock = new VirtualClock(Date.now());
    const settings = resolveSettings(
      { endpoint: emu.url, projectId: emu.projectId, accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey, ...args },
      { env: {} },
    );
    const client = new DcsClient(settings, { clock, env: {}, ...opts });
    clients.push(client);
    return { client, clock };
  }

  async function served(taskId: string): Promise<number> {
    const counts = await emu.control.requests();
    return counts.tasks[taskId]?.requests ?? 0;
  }

  it("gets its AK/SK signature accepted and reads the stats", async () => {
    const { client } = clientFor();
    const stats = await client.getMigrationStats("done");
    assert.equal(stats.fullMigrationProgress, 100);
    assert.equal(stats.sourceDbsize, 42);
    assert.equal(stats.projectId, emu.projectId);
    assert.equal(await served("done"), 1);
  });

  it("reads the documented string field types the same way", async () => {
    const { client } = clientFor();
    const stats = await client.getMigrationStats("done-strings");
    assert.equal(stats.sourceDbsize, 42);
    assert.equal(typeof stats.offset, "string");
  });

  it("authenticates with an IAM token instead of a key pair", async () => {
    const settings = resolveSettings({ endpoint: emu.url, projectId: emu.projectId, authToken: emu.credentials.authToken }, { env: {} });
    const client = new DcsClient(settings, { env: {} });
    clients.push(client);
    assert.equal((await client.getMigrationStats("done")).sourceDbsize, 42);
  });

  it("is rejected with the gateway's APIGW.0301 for a wrong secret key, once, with the canonical requests compared", async () => {
    const before = await served("done");
    const { client } = clientFor({ secretKey: emu.credentials.secretKey + "x" });
    await assert.rejects(client.getMigrationStats("done"), (e: unknown) => {
      assert.ok(e instanceof ApiError, String(e));
      assert.equal(e.status, 401);
      assert.equal(e.errorCode, "APIGW.0301");
      assert.match(e.message, /rejected the AK\/SK signature/);
      assert.match(e.message, /canonical request matches ours/);
      assert.ok(!e.message.includes(emu.credentials.secretKey));
      return true;
    });
    assert.equal((await served("done")) - before, 1);
  });

  it("signs the security token of temporary credentials so the gateway accepts them", async () => {
    const temp = await startEmulator({ temporaryCredentials: true, tasks: [{ kind: "scripted", id: "t", preset: "complete", sourceKeys: 7 }] });
    try {
      const settings = resolveSettings(
        {
          endpoint: temp.url,
          projectId: temp.projectId,
          accessKey: temp.credentials.accessKey,
          secretKey: temp.credentials.secretKey,
          securityToken: temp.credentials.securityToken,
        },
        { env: {} },
      );
      const client = new DcsClient(settings, { env: {} });
      clients.push(client);
      assert.equal((await client.getMigrationStats("t")).sourceDbsize, 7);
    } finally {
      await temp.close();
    }
  });

  it("reports an unknown task as TaskNotFoundError (DCS.4133) without retrying", async () => {
    const { client } = clientFor();
    await assert.rejects(client.getMigrationStats("no-such-task"), (e: unknown) => {
      assert.ok(e instanceof TaskNotFoundError, String(e));
      assert.equal(e.errorCode, "DCS.4133");
      assert.match(e.message, /^DCS\.4133 Instance job is not found\. \(HTTP 400, request id [0-9a-f]{32}\) — task no-such-task in project/);
      assert.equal(e.attempts, 1);
      return true;
    });
    assert.equal(client.requestsSent, 1);
  });

  it("waits out a 429 for the seconds Retry-After asks, then succeeds", async () => {
    const { client, clock } = clientFor();
    assert.equal((await client.getMigrationStats("throttled")).fullMigrationProgress, 100);
    assert.deepEqual(clock.sleeps, [2000]);
    assert.equal(await served("throttled"), 2);
  });

  it("waits out a 429 whose Retry-After is an HTTP date", async () => {
    const { client, clock } = clientFor();
    await client.getMigrationStats("throttled-date");
    assert.equal(clock.sleeps.length, 1);
    // An HTTP date has one-second resolution and is measured against the client's clock.
    assert.ok(clock.sleeps[0]! >= 1000 && clock.sleeps[0]! <= 4000, `slept ${clock.sleeps[0]} ms`);
  });

  it("rides out a burst of three 503s within the default four attempts", async () => {
    const { client, clock } = clientFor();
    assert.equal((await client.getMigrationStats("burst")).fullMigrationProgress, 100);
    assert.equal(client.requestsSent, 4);
    assert.equal(clock.sleeps.length, 3);
    assert.equal(await served("burst"), 4);
  });

  it("gives up on an endless 503 after maxRetries + 1 attempts with the error code and attempts", async () => {
    const { client } = clientFor({}, { maxRetries: 2 });
    await assert.rejects(client.getMigrationStats("long-burst"), (e: unknown) => {
      assert.ok(e instanceof ApiError && e.status === 503 && e.attempts === 3, String(e));
      assert.match(e.message, /^DCS\.5000 Internal error\. \(HTTP 503, request id [0-9a-f]{32}, 3 attempts\)/);
      return true;
    });
    assert.equal(await served("long-burst"), 3);
  });

  it("times out a response slower than requestTimeoutMs, retrying it", async () => {
    const { client } = clientFor({}, { requestTimeoutMs: 150, maxRetries: 1 });
    await assert.rejects(client.getMigrationStats("slow"), (e: unknown) => {
      assert.ok(e instanceof NetworkError && e.code === "ETIMEDOUT" && e.attempts === 2, String(e));
      return true;
    });
    assert.equal(await served("slow"), 2);
  });

  it("retries a reset connection", async () => {
    const { client } = clientFor();
    assert.equal((await client.getMigrationStats("reset-once")).fullMigrationProgress, 100);
    assert.equal(client.requestsSent, 2);
  });

  it("retries a gateway's HTML 502 and quotes the page when giving up", async () => {
    const { client } = clientFor({}, { maxRetries: 1 });
    await assert.rejects(client.getMigrationStats("html"), (e: unknown) => {
      assert.ok(e instanceof ApiError && e.status === 502 && e.attempts === 2, String(e));
      assert.match(e.message, /The body was not a Huawei error: "</);
      return true;
    });
    assert.equal(await served("html"), 2);
  });

  it("shares one request among concurrent reads of one task", async () => {
    const before = await served("done");
    const { client } = clientFor();
    await Promise.all(Array.from({ length: 10 }, () => client.getMigrationStats("done")));
    assert.equal((await served("done")) - before, 1);
  });
});
