import { strict as assert } from "node:assert";
import { ManualClock, startEmulator, type EmulatorHandle } from "../../emulator";
import { DcsClient } from "../../provider/dcs/dcsClient";
import { resolveSettings } from "../../provider/settings/settings";
import { officialSignedRequest } from "../support/officialSigner";
import { rawHttpRequest, type RawResponse } from "../support/rawHttpRequest";

const MIN = 60_000;
const REQUEST_ID = /^[0-9a-f]{32}$/;

/** GET the stats of `taskId` signed by the official SDK, sent byte for byte as signed. */
async function officialGet(emu: EmulatorHandle, taskId: string, opts: { projectId?: string; securityToken?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { path, headers } = await officialSignedRequest({
    endpoint: emu.url,
    projectId: opts.projectId ?? emu.projectId,
    taskId,
    accessKey: emu.credentials.accessKey,
    secretKey: emu.credentials.secretKey,
    ...(opts.securityToken === undefined ? {} : { securityToken: opts.securityToken }),
    ...(opts.headers === undefined ? {} : { headers: opts.headers }),
  });
  return rawHttpRequest(emu.url + path, { headers });
}

function json(res: RawResponse): Record<string, unknown> {
  return JSON.parse(res.body) as Record<string, unknown>;
}

function assertHuaweiError(res: RawResponse, status: number, code: string, msg?: RegExp): void {
  assert.equal(res.status, status, res.body);
  assert.match(String(res.headers["x-request-id"]), REQUEST_ID);
  const body = json(res);
  assert.equal(body["error_code"], code);
  assert.equal(typeof body["error_msg"], "string");
  if (msg !== undefined) assert.match(String(body["error_msg"]), msg);
}

describe("emulated stats API over HTTP", () => {
  let emu: EmulatorHandle;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock(Date.now());
    emu = await startEmulator({
      clock,
      tasks: [
        { kind: "scripted", id: "linear", preset: "linear", timeScale: 1000 },
        { kind: "scripted", id: "strings", preset: "complete", sourceKeys: 42, fieldFormat: "string" },
      ],
    });
  });
  after(() => emu.close());

  describe("authentication", () => {
    it("answers a request signed by the official SDK with the documented body and an X-Request-Id", async () => {
      const res = await officialGet(emu, "strings");
      assert.equal(res.status, 200);
      assert.match(String(res.headers["x-request-id"]), REQUEST_ID);
      assert.match(String(res.headers["content-type"]), /^application\/json/);
      assert.deepEqual(json(res), {
        full_migration_progress: "100",
        offset: "0",
        source_dbsize: "42",
        target_dbsize: "42",
        target_input_kbps: "50",
        target_ops: "5300",
        is_migrating: true,
      });
    });

    it("accepts the configured X-Auth-Token", async () => {
      const res = await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/strings/stats`, {
        headers: { "X-Auth-Token": emu.credentials.authToken },
      });
      assert.equal(res.status, 200);
    });

    it("answers 401 APIGW.0301 to a request without credentials, with the request id in header and body", async () => {
      const res = await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/strings/stats`);
      assertHuaweiError(res, 401, "APIGW.0301");
      assert.equal(json(res)["request_id"], res.headers["x-request-id"]);
    });

    it("answers 401 to a wrong X-Auth-Token", async () => {
      const res = await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/strings/stats`, { headers: { "X-Auth-Token": "MIInope" } });
      assertHuaweiError(res, 401, "APIGW.0301", /token/);
    });

    it("answers 401 with the server's canonical request when the signature does not match", async () => {
      const { path, headers } = await officialSignedRequest({
        endpoint: emu.url,
        projectId: emu.projectId,
        taskId: "strings",
        accessKey: emu.credentials.accessKey,
        secretKey: "not-the-secret-key-00000000000000000000",
      });
      const res = await rawHttpRequest(emu.url + path, { headers });
      assertHuaweiError(res, 401, "APIGW.0301", new RegExp(`^verify aksk signature fail, canonicalRequest:GET\\|/v2/${emu.projectId}/migration-task/strings/stats/\\|\\|`));
    });

    it("answers 401 when the server clock is 16 minutes ahead of the signer's X-Sdk-Date", async () => {
      clock.advance(16 * MIN);
      try {
        assertHuaweiError(await officialGet(emu, "strings"), 401, "APIGW.0301", /signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z/);
      } finally {
        clock.advance(-16 * MIN);
      }
      assert.equal((await officialGet(emu, "strings")).status, 200);
    });
  });

  describe("routing and Huawei errors", () => {
    it("answers HTTP 400 DCS.4133 for a task that does not exist", async () => {
      assertHuaweiError(await officialGet(emu, "no-such-task"), 400, "DCS.4133", /^Instance job is not found\.$/);
    });

    it("answers 403 when the project in the URL is not the credentials' project", async () => {
      assertHuaweiError(await officialGet(emu, "strings", { projectId: "someoneelsesproject" }), 403, "APIGW.0302", /someoneelsesproject/);
    });

    it("checks credentials before revealing whether a task exists", async () => {
      const res = await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/no-such-task/stats`);
      assertHuaweiError(res, 401, "APIGW.0301");
    });

    it("answers 404 DCS.4001 for an unknown path", async () => {
      assertHuaweiError(await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/strings/progress`), 404, "DCS.4001");
      assertHuaweiError(await rawHttpRequest(`${emu.url}/`), 404, "DCS.4001");
    });

    it("serves only GET on the stats path", async () => {
      for (const method of ["POST", "PUT", "DELETE"]) {
        const res = await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/strings/stats`, {
          method,
          headers: { "X-Auth-Token": emu.credentials.authToken },
        });
        assertHuaweiError(res, 404, "DCS.4001");
      }
    });

    it("answers 413 to an oversized body on the stats path instead of buffering it", async () => {
      const res = await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/strings/stats`, {
        // Node's client frames a GET body only when told its length.
        headers: { "X-Auth-Token": emu.credentials.authToken, "Content-Type": "application/json", "Content-Length": "70000" },
        body: "x".repeat(70_000),
      });
      assertHuaweiError(res, 413, "APIGW.0201");
    });
  });

  describe("scripted timeline over HTTP", () => {
    it("moves with the (injected) clock: 0 % at start, half-way, then 100 % with converged counts", async () => {
      const created = await emu.control.createTask({ kind: "scripted", preset: "linear", timeScale: 1000, sourceKeys: 1000 });
      const read = async (): Promise<Record<string, unknown>> => json(await officialGet(emu, created.id));
      assert.equal((await read())["full_migration_progress"], 0);
      clock.advance(900); // 15 virtual minutes
      const half = await read();
      assert.equal(half["full_migration_progress"], 50);
      assert.equal(half["target_dbsize"], 500);
      clock.advance(900);
      const done = await read();
      assert.equal(done["full_migration_progress"], 100);
      assert.equal(done["target_dbsize"], done["source_dbsize"]);
      assert.equal(done["is_migrating"], true);
      clock.advance(-1800);
    });

    it("reports is_migrating false, frozen, once the task is stopped through the control API", async () => {
      const created = await emu.control.createTask({ kind: "scripted", preset: "linear", timeScale: 1000 });
      clock.advance(360); // 6 virtual minutes → 20 %
      await emu.control.stopTask(created.id);
      clock.advance(1000);
      const body = json(await officialGet(emu, created.id));
      assert.equal(body["full_migration_progress"], 20);
      assert.equal(body["is_migrating"], false);
      assert.equal((await emu.control.getTask(created.id)).state, "stopped");
      clock.advance(-1360);
    });

    it("is read by the project's DcsClient, numbers and strings alike", async () => {
      const settings = resolveSettings(
        { endpoint: emu.url, projectId: emu.projectId, accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey },
        { env: {} },
      );
      const client = new DcsClient(settings, { maxRetries: 0 });
      try {
        const strings = await client.getMigrationStats("strings");
        assert.equal(strings.fullMigrationProgress, 100);
        assert.equal(strings.sourceDbsize, 42);
        assert.equal(strings.keyDelta, 0);
        const numbers = await client.getMigrationStats("linear");
        assert.equal(typeof numbers.fullMigrationProgress, "number");
        assert.equal(numbers.isMigrating, true);
      } finally {
        client.close();
      }
    });
  });

  describe("faults", () => {
    async function faultyTask(faults: unknown[]): Promise<string> {
      const t = await emu.control.createTask({ kind: "scripted", preset: "complete", faults: faults as never });
      return t.id;
    }
    const statuses = async (id: string, n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await officialGet(emu, id)).status);
      return out;
    };

    it("answers a burst of N 503s from a request index, then recovers", async () => {
      const id = await faultyTask([{ kind: "status", status: 503, fromRequest: 1, count: 3 }]);
      assert.deepEqual(await statuses(id, 6), [200, 503, 503, 503, 200, 200]);
      const counts = await emu.control.taskRequests(id);
      assert.deepEqual(counts.byStatus, { "200": 3, "503": 3 });
      assert.equal(counts.faults["status"], 3);
    });

    it("answers 429 APIG.0308 with Retry-After in seconds", async () => {
      const id = await faultyTask([{ kind: "throttle", retryAfterSeconds: 4, count: 1 }]);
      const res = await officialGet(emu, id);
      assertHuaweiError(res, 429, "APIG.0308", /throttling threshold/);
      assert.equal(res.headers["retry-after"], "4");
    });

    it("answers 429 with Retry-After as an HTTP date from the server clock", async () => {
      const id = await faultyTask([{ kind: "throttle", retryAfterSeconds: 5, retryAfterFormat: "http-date", count: 1 }]);
      const res = await officialGet(emu, id);
      assert.equal(res.status, 429);
      assert.equal(res.headers["retry-after"], new Date(clock.now() + 5000).toUTCString());
    });

    it("answers normally after a delay", async () => {
      const id = await faultyTask([{ kind: "delay", delayMs: 30, count: 1 }]);
      assert.equal((await officialGet(emu, id)).status, 200);
      assert.equal((await emu.control.taskRequests(id)).faults["delay"], 1);
    });

    it("resets the connection without an answer", async () => {
      const id = await faultyTask([{ kind: "reset", count: 1 }]);
      await assert.rejects(officialGet(emu, id), (e: NodeJS.ErrnoException) => e.code === "ECONNRESET" || /socket hang up/.test(e.message));
      assert.equal((await officialGet(emu, id)).status, 200);
      assert.equal((await emu.control.taskRequests(id)).byStatus["reset"], 1);
    });

    it("answers an HTML 502 page instead of JSON", async () => {
      const id = await faultyTask([{ kind: "html", count: 1 }]);
      const res = await officialGet(emu, id);
      assert.equal(res.status, 502);
      assert.match(String(res.headers["content-type"]), /text\/html/);
      assert.match(res.body, /^<html>/);
      assert.throws(() => JSON.parse(res.body));
    });

    it("answers a 200 whose JSON body is cut half-way", async () => {
      const id = await faultyTask([{ kind: "truncate", count: 1 }]);
      const res = await officialGet(emu, id);
      assert.equal(res.status, 200);
      assert.equal(Number(res.headers["content-length"]), Buffer.byteLength(res.body));
      assert.match(res.body, /^\{"full_migration_progress":/);
      assert.throws(() => JSON.parse(res.body));
    });

    it("answers a 200 with a malformed field", async () => {
      const id = await faultyTask([{ kind: "malformed", field: "full_migration_progress", value: "abc" }]);
      assert.equal(json(await officialGet(emu, id))["full_migration_progress"], "abc");
    });

    it("applies a fault only inside its virtual time window", async () => {
      const id = (await emu.control.createTask({ kind: "scripted", preset: "linear", timeScale: 1000, faults: [{ kind: "status", status: 500, fromMs: 60_000, toMs: 120_000 }] })).id;
      assert.equal((await officialGet(emu, id)).status, 200);
      clock.advance(60);
      assertHuaweiError(await officialGet(emu, id), 500, "DCS.5000");
      clock.advance(60);
      assert.equal((await officialGet(emu, id)).status, 200);
      clock.advance(-120);
    });

    it("injects faults into a running task through the control API, and clears them", async () => {
      const id = await faultyTask([]);
      await emu.control.setFaults(id, [{ kind: "status", status: 503 }]);
      assert.equal((await officialGet(emu, id)).status, 503);
      await emu.control.clearFaults(id);
      assert.equal((await officialGet(emu, id)).status, 200);
    });

    it("counts every request per task, including the rejected ones", async () => {
      const id = await faultyTask([]);
      await officialGet(emu, id);
      await rawHttpRequest(`${emu.url}/v2/${emu.projectId}/migration-task/${id}/stats`);
      const counts = await emu.control.taskRequests(id);
      assert.equal(counts.requests, 2);
      assert.equal(counts.served, 1);
      assert.deepEqual(counts.byStatus, { "200": 1, "401": 1 });
    });
  });
});

describe("emulated stats API with temporary credentials", () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator({ temporaryCredentials: true, tasks: [{ kind: "scripted", id: "t", preset: "complete" }] });
  });
  after(() => emu.close());

  it("accepts the official SDK's request carrying the security token", async () => {
    assert.ok(emu.credentials.securityToken);
    assert.equal((await officialGet(emu, "t", { securityToken: emu.credentials.securityToken })).status, 200);
  });

  it("answers 401 when the security token is left out", async () => {
    assertHuaweiError(await officialGet(emu, "t"), 401, "APIGW.0301", /x-security-token/);
  });
});
