import { strict as assert } from "node:assert";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { connectRedis } from "../../emulator/redis/connectRedis";
import { rawHttpRequest } from "../support/rawHttpRequest";

const ROOT = join(__dirname, "..", "..");
const MAIN = [process.execPath, "-r", "ts-node/register", join(ROOT, "emulator", "main.ts")] as const;

function redisAvailable(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
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

describe("npm run emulator (emulator/main.ts)", function () {
  this.timeout(60_000);

  it("prints usage with --help and exits 0", () => {
    const r = spawnSync(MAIN[0], [...MAIN.slice(1), "--help"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--scripted <preset>/);
  });

  it("exits 2 naming the flag for a bad value", () => {
    const r = spawnSync(MAIN[0], [...MAIN.slice(1), "--scripted", "warp-speed"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Expected `--scripted` to be one of linear.*got "warp-speed"/);
  });

  it("serves its tasks, and on Ctrl-C stops every redis-server and exits 0", async function () {
    const withRedis = redisAvailable();
    const child = spawn(MAIN[0], [...MAIN.slice(1), "--json", "--scripted", "complete", ...(withRedis ? ["--redis", "500"] : [])], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", resolve);
        void exited.then((code) => reject(new Error(`exited ${code} before printing`)));
      });
      const info = JSON.parse(line) as {
        url: string;
        projectId: string;
        credentials: { authToken: string };
        tasks: Array<{ id: string; kind: string; details: Record<string, unknown> }>;
      };
      const scripted = info.tasks.find((t) => t.kind === "scripted");
      assert.ok(scripted);
      const res = await rawHttpRequest(`${info.url}/v2/${info.projectId}/migration-task/${scripted.id}/stats`, {
        headers: { "X-Auth-Token": info.credentials.authToken },
      });
      assert.equal(res.status, 200);
      assert.equal((JSON.parse(res.body) as Record<string, unknown>)["full_migration_progress"], 100);

      const redis = info.tasks.find((t) => t.kind === "redis");
      const ports = redis === undefined ? [] : [Number(redis.details["sourcePort"]), Number(redis.details["targetPort"])];
      for (const port of ports) assert.equal(await refusesConnections(port), false);

      child.kill("SIGINT");
      assert.equal(await exited, 0);
      for (const port of ports) assert.ok(await refusesConnections(port), `redis-server on ${port} survived Ctrl-C`);
      await assert.rejects(rawHttpRequest(`${info.url}/_emulator/health`));
      if (!withRedis) this.skip();
    } finally {
      child.kill("SIGKILL");
    }
  });
});
