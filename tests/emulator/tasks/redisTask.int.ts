import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { parseInfo } from "../../../emulator/redis/redisInfo";
import { connectRedis } from "../../../emulator/redis/connectRedis";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import type { GetMigrationStatsResult } from "../../../provider/dcs/migrationStats";
import { resolveSettings } from "../../../provider/settings/settings";

function redisAvailable(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function clientFor(emu: EmulatorHandle): DcsClient {
  const settings = resolveSettings(
    { endpoint: emu.url, projectId: emu.projectId, accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey },
    { env: {} },
  );
  return new DcsClient(settings, { maxRetries: 0 });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function info(port: number): Promise<ReadonlyMap<string, string>> {
  const c = await connectRedis(port);
  try {
    return parseInfo(String(await c.call("INFO", "replication", "keyspace")));
  } finally {
    c.disconnect();
  }
}

async function refusesConnections(port: number): Promise<boolean> {
  try {
    (await connectRedis(port, 500)).disconnect();
    return false;
  } catch {
    return true;
  }
}

describe("Redis-backed tasks (real redis-server processes)", function () {
  this.timeout(120_000);
  let emu: EmulatorHandle;
  let client: DcsClient;

  before(async function () {
    // scripts/test installs redis-server (scripts/ensure-redis); without it, say so rather than pass silently.
    if (!redisAvailable()) {
      if (process.env["CI"] === "true") throw new Error("redis-server is not installed");
      this.skip();
    }
    emu = await startEmulator({ redisSampleMaxAgeMs: 0 });
    client = clientFor(emu);
  });
  after(async () => {
    client?.close();
    await emu?.close();
  });

  it("migrates 100 000 seeded keys to an empty target: progress climbs from below 100 % to 100 % and the counts converge", async () => {
    // key-load-delay slows the target's RDB load so a loopback migration lasts long enough to be watched.
    const task = await emu.control.createTask({ kind: "redis", id: "big", keys: 100_000, ttlFraction: 0.1, keyLoadDelay: -4, autoStart: false });
    const sourcePort = Number(task.details["sourcePort"]);
    const targetPort = Number(task.details["targetPort"]);

    const before = await client.getMigrationStats("big");
    assert.equal(before.sourceDbsize, 100_000);
    assert.equal(before.targetDbsize, 0);
    assert.equal(before.fullMigrationProgress, 0);

    await emu.control.startTask("big");
    const seen: GetMigrationStatsResult[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const s = await client.getMigrationStats("big");
      seen.push(s);
      if (s.fullMigrationProgress === 100 && s.targetDbsize === s.sourceDbsize) break;
      assert.ok(Date.now() < deadline, `no convergence; last seen ${JSON.stringify(s)}`);
      await sleep(100);
    }
    const during = seen.filter((s) => s.fullMigrationProgress > 0 && s.fullMigrationProgress < 100);
    assert.ok(during.length > 0, `never saw progress strictly between 0 and 100: ${seen.map((s) => s.fullMigrationProgress).join(",")}`);
    for (let i = 1; i < seen.length; i++) {
      assert.ok((seen[i]?.fullMigrationProgress ?? 0) >= (seen[i - 1]?.fullMigrationProgress ?? 0), "progress went down without a resync");
    }
    assert.ok(during.some((s) => s.targetDbsize > 0 && s.targetDbsize < 100_000), "the target's key count never showed a partial load");

    const last = seen[seen.length - 1];
    assert.equal(last?.sourceDbsize, 100_000);
    assert.equal(last?.targetDbsize, 100_000);
    assert.equal(last?.keyDelta, 0);
    assert.equal(last?.isMigrating, true);
    // The API tells the truth about the servers.
    const target = await info(targetPort);
    assert.equal(target.get("role"), "slave");
    assert.equal(target.get("master_link_status"), "up");
    assert.equal(target.get("master_port"), String(sourcePort));
    assert.match(target.get("db0") ?? "", /^keys=100000,expires=10000,/);

    const described = await emu.control.getTask("big");
    assert.equal(described.state, "replicating");
    assert.equal((await client.getMigrationTask("big")).status, "INCRMIGEATING", "the record follows the replica's link");
    assert.equal(typeof described.details["syncMs"], "number");

    await emu.control.stopTask("big");
    const stopped = await client.getMigrationStats("big");
    assert.equal(stopped.isMigrating, false);
    assert.equal(stopped.fullMigrationProgress, 100);
    assert.equal((await info(targetPort)).get("role"), "master", "stopping runs REPLICAOF NO ONE");
    assert.equal((await client.getMigrationTask("big")).status, "TERMINATED");

    await emu.control.deleteTask("big");
    assert.ok(await refusesConnections(sourcePort), "the source is still running after delete");
    assert.ok(await refusesConnections(targetPort), "the target is still running after delete");
  });

  it("carries a steady write load: the source grows, the target follows, the offset and traffic are real", async () => {
    await emu.control.createTask({ kind: "redis", id: "live", keys: 5000, writeOpsPerSecond: 400, newKeyFraction: 0.5 });
    let first: GetMigrationStatsResult | undefined;
    let caughtUp: GetMigrationStatsResult | undefined;
    const deadline = Date.now() + 30_000;
    while (caughtUp === undefined) {
      const s = await client.getMigrationStats("live");
      if (s.fullMigrationProgress === 100) first ??= s;
      if (first !== undefined && s.sourceDbsize > first.sourceDbsize + 100 && Math.abs(s.keyDelta) < 100 && s.targetOps > 0) caughtUp = s;
      assert.ok(Date.now() < deadline, `the target never followed the live writes; last ${JSON.stringify(s)}`);
      await sleep(200);
    }
    assert.ok(caughtUp.targetDbsize > 5000);
    const described = await emu.control.getTask("live");
    assert.ok(Number(described.details["writesAcknowledged"]) > 0);
    await emu.control.deleteTask("live");
  });

  it("fails the task (is_migrating false, last values kept) when a redis-server dies", async () => {
    const task = await emu.control.createTask({ kind: "redis", id: "doomed", keys: 1000 });
    const deadline = Date.now() + 30_000;
    while ((await client.getMigrationStats("doomed")).fullMigrationProgress !== 100) {
      assert.ok(Date.now() < deadline, "no sync");
      await sleep(50);
    }
    const source = await connectRedis(Number(task.details["sourcePort"]));
    await source.call("SHUTDOWN", "NOSAVE").catch(() => undefined);
    source.disconnect();
    let s = await client.getMigrationStats("doomed");
    while (s.isMigrating) {
      assert.ok(Date.now() < deadline, "the task never noticed its source died");
      await sleep(50);
      s = await client.getMigrationStats("doomed");
    }
    assert.equal(s.sourceDbsize, 1000);
    assert.equal(s.targetInputKbps, 0);
    const described = await emu.control.getTask("doomed");
    assert.equal(described.state, "failed");
    assert.match(String(described.details["failure"]), /source/);
    assert.equal((await client.getMigrationTask("doomed")).status, "FAILED");
    assert.match((await client.getLatestMigrationError("doomed"))?.message ?? "", /^The migration failed: redis-server \(source\) on port \d+ (exited|is gone)/);
    await emu.control.deleteTask("doomed");
  });

  it("stops every redis-server when the emulator closes", async () => {
    const other = await startEmulator({ tasks: [{ kind: "redis", keys: 100 }] });
    const d = other.tasks[0]?.details ?? {};
    const ports = [Number(d["sourcePort"]), Number(d["targetPort"])];
    assert.equal(await refusesConnections(ports[0] ?? 0), false);
    await other.close();
    for (const port of ports) assert.ok(await refusesConnections(port), `port ${port} still answers`);
  });
});
