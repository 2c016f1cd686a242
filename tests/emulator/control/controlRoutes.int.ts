import { strict as assert } from "node:assert";
import { EmulatorControlError, EmulatorInputError, startEmulator, type EmulatorHandle } from "../../../emulator";
import { signRequest } from "../../../provider/dcs/signing";
import { rawHttpRequest, type RawResponse } from "../../support/rawHttpRequest";

function send(emu: EmulatorHandle, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawHttpRequest(`${emu.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

function errorOf(res: RawResponse): { error: string; field?: string } {
  assert.match(String(res.headers["content-type"]), /application\/json/);
  return JSON.parse(res.body) as { error: string; field?: string };
}

describe("emulator control API", () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator({ maxTasks: 5 });
  });
  after(() => emu.close());
  afterEach(async () => {
    for (const t of await emu.control.listTasks()) await emu.control.deleteTask(t.id);
  });

  it("registers temporary credentials, lists them without a secret, expires them, and refuses bad ones by field", async () => {
    const keys = { accessKey: "TMPCONTROL0001", secretKey: "control-secret-key-0001", securityToken: "control-security-token-0001" };
    const registered = await emu.control.registerCredential({ ...keys, lifetimeSeconds: 60 });
    assert.equal(registered.accessKey, keys.accessKey);
    assert.equal(registered.expired, false);
    assert.ok(Date.parse(registered.expiresAt) > Date.now() + 50_000);
    const listed = await send(emu, "GET", "/credentials");
    assert.ok(!listed.body.includes(keys.secretKey) && !listed.body.includes(keys.securityToken), "no secret is answered");
    assert.equal((await emu.control.expireCredential(keys.accessKey)).expired, true);
    const bad = await send(emu, "POST", "/credentials", JSON.stringify({ ...keys, securityToken: "has a space" }));
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, "securityToken");
    assert.equal(errorOf(await send(emu, "POST", "/credentials", JSON.stringify({ ...keys, lifetimeSeconds: -1 }))).field, "lifetimeSeconds");
    assert.equal(errorOf(await send(emu, "POST", "/credentials", JSON.stringify({ ...keys, extra: 1 }))).field, "extra");
    const own = await send(emu, "POST", "/credentials", JSON.stringify({ ...keys, accessKey: emu.credentials.accessKey }));
    assert.equal(own.status, 409);
    const unknown = await send(emu, "POST", "/credentials/NOSUCHKEY/expire");
    assert.equal(unknown.status, 404);
    assert.equal(errorOf(unknown).field, "accessKey");
  });

  it("creates, lists, inspects and deletes tasks", async () => {
    const a = await emu.control.createTask({ kind: "scripted", id: "a", preset: "stall-63", sourceKeys: 10 });
    const b = await emu.control.createTask({ kind: "scripted", preset: "complete" });
    assert.equal(a.id, "a");
    assert.match(b.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual((await emu.control.listTasks()).map((t) => t.id).sort(), [a.id, b.id].sort());
    const inspected = await emu.control.getTask("a");
    assert.equal(inspected.kind, "scripted");
    assert.equal(inspected.state, "running");
    assert.equal(inspected.stats["source_dbsize"], 10);
    assert.equal(inspected.details["preset"], "stall-63");
    await emu.control.deleteTask("a");
    await assert.rejects(emu.control.getTask("a"), (e: unknown) => e instanceof EmulatorControlError && e.status === 404);
  });

  it("refuses, naming id and without a request, task ids the URL parser would rewrite or the server could not read", async () => {
    const before = (await emu.control.requests()).total;
    for (const id of ["", ".", "..", "x".repeat(1 << 20)]) {
      for (const call of [() => emu.control.getTask(id), () => emu.control.stopTask(id), () => emu.control.deleteTask(id), () => emu.control.setFaults(id, [])]) {
        await assert.rejects(call(), (e: unknown) => e instanceof EmulatorInputError && e.field === "id" && e.message.length < 300);
      }
    }
    assert.deepEqual((await emu.control.requests()).total, before);
    await assert.rejects(emu.control.getTask("../health"), (e: unknown) => e instanceof EmulatorControlError && e.status === 404 && e.field === "id");
  });

  it("skews the gateway's clock: Date header shifted, a signature from this machine's clock refused like the gateway does, until set back", async () => {
    const task = await emu.control.createTask({ kind: "scripted", preset: "complete" });
    const url = new URL(`${emu.url}/v2/${emu.projectId}/migration-task/${task.id}/stats`);
    const signedGet = (): Promise<RawResponse> => {
      const { headers } = signRequest({ method: "GET", url, headers: { "X-Project-Id": emu.projectId }, ...emu.credentials, date: new Date() });
      return rawHttpRequest(url.href, { headers });
    };
    const MIN = 60_000;
    try {
      const set = await emu.control.setClockSkew(20 * MIN);
      assert.equal(set.skewMs, 20 * MIN);
      assert.ok(Math.abs(Date.parse(set.gatewayTime) - Date.now() - 20 * MIN) < 5000, set.gatewayTime);
      const refused = await signedGet();
      assert.equal(refused.status, 401);
      assert.ok(Math.abs(Date.parse(String(refused.headers["date"])) - Date.now() - 20 * MIN) < 5000, `Date: ${refused.headers["date"]}`);
      const body = JSON.parse(refused.body) as { error_code: string; error_msg: string; request_id: string };
      assert.equal(body.error_code, "APIGW.0301");
      assert.match(body.error_msg, /^Incorrect IAM authentication information: signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/);
      assert.equal(body.request_id, refused.headers["x-request-id"]);

      // Within the gateway's 15 minutes the signature is accepted, skew or not.
      await emu.control.setClockSkew(-14 * MIN);
      assert.equal((await signedGet()).status, 200);
      assert.equal((await emu.control.clock()).skewMs, -14 * MIN);
    } finally {
      await emu.control.setClockSkew(0);
    }
    const back = await signedGet();
    assert.equal(back.status, 200);
    assert.ok(Math.abs(Date.parse(String(back.headers["date"])) - Date.now()) < 5000);
  });

  it("answers 400 naming skewMs for a clock skew that is not a whole number of ms", async () => {
    for (const body of ['{"skewMs":"20m"}', '{"skewMs":1.5}', "{}"]) {
      const res = await send(emu, "PUT", "/clock", body);
      assert.equal(res.status, 400, body);
      assert.equal(errorOf(res).field, "skewMs", body);
    }
    assert.equal(errorOf(await send(emu, "PUT", "/clock", '{"skew":1}')).field, "skew");
    assert.equal((await emu.control.clock()).skewMs, 0);
  });

  it("lists presets and fault kinds", async () => {
    const p = await emu.control.presets();
    assert.ok(p.presets.includes("stall-63"));
    assert.ok(p.faultKinds.includes("reset"));
  });

  it("answers 400 naming the field for a bad task request", async () => {
    const res = await send(emu, "POST", "/tasks", JSON.stringify({ kind: "scripted", timeScale: -1 }));
    assert.equal(res.status, 400);
    assert.deepEqual(errorOf(res), { error: "Expected `timeScale` to be > 0, got -1", field: "timeScale" });
  });

  it("answers 400 for a body that is not JSON, or empty", async () => {
    const bad = await send(emu, "POST", "/tasks", "{kind: scripted");
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad).error, /not valid JSON/);
    const empty = await send(emu, "POST", "/tasks", "");
    assert.equal(empty.status, 400);
    assert.match(errorOf(empty).error, /empty/);
  });

  it("answers 400 through the typed client with the field at fault", async () => {
    await assert.rejects(
      emu.control.createTask({ kind: "redis", keys: -5 }),
      (e: unknown) => e instanceof EmulatorControlError && e.status === 400 && e.field === "keys" && /keys.*>= 0, got -5/.test(e.message),
    );
  });

  it("answers 409 for a task id already taken", async () => {
    await emu.control.createTask({ kind: "scripted", id: "dup" });
    await assert.rejects(emu.control.createTask({ kind: "scripted", id: "dup" }), (e: unknown) => e instanceof EmulatorControlError && e.status === 409);
  });

  it("answers 400 once the task cap is reached", async () => {
    for (let i = 0; i < 5; i++) await emu.control.createTask({ kind: "scripted" });
    await assert.rejects(
      emu.control.createTask({ kind: "scripted" }),
      (e: unknown) => e instanceof EmulatorControlError && e.status === 400 && /maximum of 5 tasks/.test(e.message),
    );
  });

  it("answers 404 for an unknown task or control path, and 405 with Allow for a wrong method", async () => {
    assert.equal((await send(emu, "POST", "/tasks/none/stop")).status, 404);
    const unknown = await send(emu, "GET", "/nothing-here");
    assert.equal(unknown.status, 404);
    assert.match(errorOf(unknown).error, /No control endpoint/);
    const wrong = await send(emu, "PATCH", "/tasks");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers["allow"], "GET, POST");
  });

  it("answers 413 for a control body above the size cap", async () => {
    const res = await send(emu, "POST", "/tasks", JSON.stringify({ kind: "scripted", id: "x".repeat(70_000) }));
    assert.equal(res.status, 413);
  });

  it("answers 400 for a bad fault and keeps the task's faults unchanged", async () => {
    await emu.control.createTask({ kind: "scripted", id: "f", faults: [{ kind: "reset", count: 1 }] });
    const res = await send(emu, "PUT", "/tasks/f/faults", JSON.stringify({ faults: [{ kind: "delay", delayMs: 1e9 }] }));
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, "faults[0].delayMs");
    assert.deepEqual((await emu.control.getTask("f")).faults, [{ kind: "reset", count: 1 }]);
  });

  it("appends faults after the existing ones", async () => {
    await emu.control.createTask({ kind: "scripted", id: "g", faults: [{ kind: "reset", count: 1 }] });
    const faults = await emu.control.addFaults("g", [{ kind: "html" }]);
    assert.deepEqual(faults.map((f) => f.kind), ["reset", "html"]);
  });

  it("refuses to start a scripted task (only Redis tasks wait for a start)", async () => {
    await emu.control.createTask({ kind: "scripted", id: "s" });
    await assert.rejects(emu.control.startTask("s"), (e: unknown) => e instanceof EmulatorControlError && e.status === 400);
  });

  it("keeps serving after a run of bad requests", async () => {
    await Promise.all([
      send(emu, "POST", "/tasks", "[]"),
      send(emu, "POST", "/tasks", "null"),
      send(emu, "POST", "/tasks", JSON.stringify({ kind: "scripted", timeline: { phases: "x" } })),
      send(emu, "DELETE", "/tasks/%E0%A4%A"),
      send(emu, "GET", "/tasks/%zz"),
    ]);
    assert.deepEqual(await emu.control.health(), { ok: true, projectId: emu.projectId, tasks: 0 });
  });

  it("never answers a Huawei path: its errors are control-API JSON, not Huawei bodies", async () => {
    const res = await send(emu, "GET", "/tasks/none");
    assert.equal(res.status, 404);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    assert.equal(body["error_code"], undefined);
    assert.equal(res.headers["x-request-id"], undefined);
  });
});
