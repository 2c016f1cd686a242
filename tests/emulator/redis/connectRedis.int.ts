import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { connectRedis, redisClosed } from "../../../emulator/redis/connectRedis";
import { countedPipeline } from "../../../emulator/redis/countedPipeline";
import { findFreePort } from "../../../emulator/redis/freePort";
import { RedisServerProcess } from "../../../emulator/redis/redisServerProcess";

function redisAvailable(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("the emulator's Redis connection (ioredis, fail fast)", function () {
  this.timeout(20_000);
  let server: RedisServerProcess | undefined;

  before(function () {
    if (!redisAvailable()) {
      if (process.env["CI"] === "true") throw new Error("redis-server is not installed");
      this.skip();
    }
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("refuses at once, naming the port, when nothing listens", async () => {
    const port = await findFreePort();
    await assert.rejects(connectRedis(port, 500), new RegExp(`127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it("rejects the pending command and every later one when redis-server dies, and never reconnects", async () => {
    server = await RedisServerProcess.start({ label: "source" });
    const client = await connectRedis(server.port);
    const killer = await connectRedis(server.port);
    // Blocks on the server, so it is pending when the server goes away.
    const pending = client.call("BLPOP", "never-pushed", "0").then(
      (reply) => reply,
      (e: unknown) => e,
    );
    await killer.call("SHUTDOWN", "NOSAVE").catch(() => undefined);
    killer.disconnect();
    assert.match(String(await pending), /Connection is closed/);
    assert.equal(redisClosed(client), true);
    await assert.rejects(client.call("PING"), /Connection is closed|enableOfflineQueue/);
    await server.exited;
    // Had it been queued for a reconnect, the status would be "reconnecting" now.
    assert.equal(client.status, "end");
  });

  it("counts the error replies of a pipelined batch and keeps the others", async () => {
    server = await RedisServerProcess.start({ label: "source" });
    const client = await connectRedis(server.port);
    try {
      const counts = await countedPipeline(client, [
        ["SET", "a", "text"],
        ["INCR", "a"],
        ["SET", "b", "1", "EX", 60],
        ["INCR", "b"],
      ]);
      assert.deepEqual(counts, { replies: 4, errors: 1, firstError: "ERR value is not an integer or out of range" });
      assert.equal(await client.call("GET", "b"), "2");
    } finally {
      client.disconnect();
    }
  });
});
