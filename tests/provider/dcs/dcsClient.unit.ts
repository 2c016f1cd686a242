import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import type { Clock } from "../../../provider/core/clock";
import { DcsClient, type DcsClientOptions } from "../../../provider/dcs/dcsClient";
import { AbortedError, ConfigurationError } from "../../../provider/core/errors";
import { ApiError, NetworkError, ResponseFormatError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { resolveSettings } from "../../../provider/settings/settings";
import { verifySignature } from "../../../provider/dcs/signing";
import { VirtualClock } from "../../support/virtualClock";
import { startScriptedHttpServer, type ScriptedHttpServer, type ScriptedReply } from "../../support/scriptedHttpServer";

const AK = "HPUATESTACCESSKEY001";
const SK = "test-secret-key-must-never-leak-0001";
const TOKEN = "test-security-token-must-never-leak-0002";
const IAM = "test-iam-token-must-never-leak-0003";
const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab";
const STATS = { full_migration_progress: "100", offset: "0", source_dbsize: "531221", target_dbsize: "531211", target_input_kbps: "50", target_ops: "5300", is_migrating: true };
const ok = (extra: Partial<ScriptedReply> = {}): ScriptedReply => ({ status: 200, body: STATS, headers: { "x-request-id": "req-ok" }, ...extra });

describe("DcsClient against a local HTTP server", () => {
  let server: ScriptedHttpServer | undefined;
  const clients: DcsClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
    server = undefined;
  });

  /** Zero-delay client on a fake clock, so retries are counted, not timed. */
  function clientFor(url: string, opts: DcsClientOptions = {}, args: Parameters<typeof resolveSettings>[0] = {}): DcsClient {
    const settings = resolveSettings({ endpoint: url, projectId: PROJECT, accessKey: AK, secretKey: SK, ...args }, { env: {} });
    const client = new DcsClient(settings, { clock: new VirtualClock(), random: () => 0, baseDelayMs: 0, throttleMinDelayMs: 0, env: {}, ...opts });
    clients.push(client);
    return client;
  }

  async function serve(script: Parameters<typeof startScriptedHttpServer>[0]): Promise<ScriptedHttpServer> {
    server = await startScriptedHttpServer(script);
    return server;
  }

  async function rejection<E extends Error>(p: Promise<unknown>, type: new (...a: never[]) => E): Promise<E> {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof type, `expected ${type.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      return e;
    }
    assert.fail(`expected ${type.name}`);
  }

  it("sends one signed GET to /v2/{project}/migration-task/{task}/stats and returns normalized stats", async () => {
    const s = await serve([ok()]);
    const clock = new VirtualClock(Date.now());
    const stats = await clientFor(s.url, { clock }).getMigrationStats(TASK);
    assert.equal(stats.fullMigrationProgress, 100);
    assert.equal(stats.keyDelta, 10);
    assert.equal(stats.observedAt, new Date(clock.now()).toISOString());
    assert.equal(s.requests.length, 1);
    const req = s.requests[0]!;
    assert.equal(req.method, "GET");
    assert.equal(req.url, `/v2/${PROJECT}/migration-task/${TASK}/stats`);
    assert.equal(req.headers["x-project-id"], PROJECT);
    const verdict = verifySignature({ method: "GET", path: req.url, headers: req.headers, secretKeyFor: (ak) => (ak === AK ? SK : undefined), now: clock.now() });
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
  });

  it("percent-encodes ids in the path and signs what it sends", async () => {
    const s = await serve([ok()]);
    await clientFor(s.url).getMigrationStats("a!b(c)*é");
    assert.equal(s.requests[0]!.url, `/v2/${PROJECT}/migration-task/a%21b%28c%29%2A%C3%A9/stats`);
  });

  it("signs X-Security-Token with temporary credentials", async () => {
    const s = await serve([ok()]);
    const clock = new VirtualClock(Date.now());
    await clientFor(s.url, { clock }, { securityToken: TOKEN }).getMigrationStats(TASK);
    const req = s.requests[0]!;
    assert.equal(req.headers["x-security-token"], TOKEN);
    assert.match(String(req.headers["authorization"]), /SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,/);
    assert.equal(verifySignature({ method: "GET", path: req.url, headers: req.headers, secretKeyFor: () => SK, now: clock.now() }).ok, true);
  });

  it("sends X-Auth-Token and no Authorization with an IAM token", async () => {
    const s = await serve([ok()]);
    const settings = resolveSettings({ endpoint: s.url, projectId: PROJECT, authToken: IAM }, { env: {} });
    const client = new DcsClient(settings, { env: {} });
    clients.push(client);
    await client.getMigrationStats(TASK);
    assert.equal(s.requests[0]!.headers["x-auth-token"], IAM);
    assert.equal(s.requests[0]!.headers["authorization"], undefined);
  });

  it("refuses a bad task id before sending anything", async () => {
    const s = await serve([ok()]);
    const client = clientFor(s.url);
    for (const id of ["", "../x", "a/b", "a b", "a%2Fb", "x".repeat(129)]) {
      const e = await rejection(client.getMigrationStats(id), ConfigurationError);
      assert.equal(e.field, "taskId");
    }
    assert.equal(s.requests.length, 0);
  });

  it("retries a 503 then succeeds, after one backoff sleep", async () => {
    const s = await serve([{ status: 503, body: { error_code: "DCS.5000", error_msg: "Internal error" } }, ok()]);
    const clock = new VirtualClock();
    const stats = await clientFor(s.url, { clock, baseDelayMs: 500, random: () => 0.5 }).getMigrationStats(TASK);
    assert.equal(stats.sourceDbsize, 531221);
    assert.equal(s.requests.length, 2);
    assert.deepEqual(clock.sleeps, [250]);
  });

  it("honours Retry-After in seconds on a 429", async () => {
    const s = await serve([{ status: 429, headers: { "retry-after": "3" }, body: { error_code: "APIG.0308", error_msg: "The throttling threshold has been reached" } }, ok()]);
    const clock = new VirtualClock();
    await clientFor(s.url, { clock }).getMigrationStats(TASK);
    assert.equal(s.requests.length, 2);
    assert.deepEqual(clock.sleeps, [3000]);
  });

  it("honours Retry-After as an HTTP date, and clamps a long one to maxRetryAfterMs", async () => {
    const clock = new VirtualClock("2025-01-01T00:00:00Z");
    const s = await serve([
      { status: 429, headers: { "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" } },
      { status: 429, headers: { "retry-after": "86400" } },
      ok(),
    ]);
    await clientFor(s.url, { clock, maxRetryAfterMs: 30_000 }).getMigrationStats(TASK);
    assert.equal(s.requests.length, 3);
    assert.deepEqual(clock.sleeps, [5000, 30_000]);
  });

  it("gives up on a 5xx after maxRetries + 1 requests with the attempt count in the error", async () => {
    const s = await serve([{ status: 500, headers: { "x-request-id": "req-500" }, body: { error_code: "DCS.5000", error_msg: "Internal error." } }]);
    const e = await rejection(clientFor(s.url).getMigrationStats(TASK), ApiError);
    assert.equal(s.requests.length, 4);
    assert.equal(e.attempts, 4);
    assert.equal(e.status, 500);
    assert.equal(e.requestId, "req-500");
    assert.match(e.message, /^DCS\.5000 Internal error\. \(HTTP 500, request id req-500, 4 attempts\) — /);
  });

  it("does not retry a 400 and reports DCS.4133 as TaskNotFoundError with task, project and request id", async () => {
    const s = await serve([{ status: 400, headers: { "x-request-id": "req-4133" }, body: { error_code: "DCS.4133", error_msg: "Instance job is not found." } }]);
    const e = await rejection(clientFor(s.url).getMigrationStats(TASK), TaskNotFoundError);
    assert.equal(s.requests.length, 1);
    assert.equal(e.errorCode, "DCS.4133");
    assert.equal(e.status, 400);
    assert.equal(e.message.split(" — ")[0], "DCS.4133 Instance job is not found. (HTTP 400, request id req-4133)");
    assert.match(e.message, new RegExp(`task ${TASK} in project ${PROJECT} does not exist`));
  });

  for (const status of [401, 403, 404, 409]) {
    it(`does not retry HTTP ${status}`, async () => {
      const s = await serve([{ status, body: { error_code: "X.1", error_msg: "nope" } }]);
      const e = await rejection(clientFor(s.url).getMigrationStats(TASK), ApiError);
      assert.equal(s.requests.length, 1);
      assert.equal(e.status, status);
    });
  }

  it("explains APIGW.0301: signature rejected, check the key pair and the clock, quoting the gateway's canonical request without the token", async () => {
    let echoed = "";
    const s = await serve((req) => {
      // The gateway quotes its canonical request, signed headers included, newlines as `|`.
      echoed = `GET|${req.url}/||host:${req.headers.host}|x-project-id:${PROJECT}|x-sdk-date:${req.headers["x-sdk-date"]}|x-security-token:${TOKEN}||host;x-project-id;x-sdk-date;x-security-token|e3b0`;
      return { status: 401, headers: { "x-request-id": "req-401" }, body: { error_code: "APIGW.0301", error_msg: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${echoed}` } };
    });
    const e = await rejection(clientFor(s.url, { clock: new VirtualClock("2024-01-02T03:04:05Z") }, { securityToken: TOKEN }).getMigrationStats(TASK), ApiError);
    assert.equal(s.requests.length, 1);
    assert.equal(e.errorCode, "APIGW.0301");
    assert.match(e.message, /rejected the AK\/SK signature/);
    assert.match(e.message, new RegExp(`access key ${AK} \\(read from accessKey, secretKey, securityToken\\)`));
    assert.match(e.message, /X-Sdk-Date 20240102T030405Z \(UTC\), which must be within 15 minutes/);
    assert.match(e.message, /canonical request/);
    assert.match(e.message, /x-security-token:\[redacted\]/);
    assert.ok(echoed.includes(TOKEN));
    assert.ok(!e.message.includes(TOKEN) && !(e.errorMsg ?? "").includes(TOKEN), "the token leaked");
    assert.ok(!e.message.includes(SK));
  });

  it("retries a connection reset, then reports ECONNRESET after maxRetries + 1", async () => {
    const s = await serve([{ reset: true }, ok()]);
    assert.equal((await clientFor(s.url).getMigrationStats(TASK)).targetOps, 5300);
    assert.equal(s.requests.length, 2);
    await s.close();
    const s2 = await serve([{ reset: true }]);
    const e = await rejection(clientFor(s2.url, { maxRetries: 2 }).getMigrationStats(TASK), NetworkError);
    assert.equal(s2.requests.length, 3);
    assert.equal(e.code, "ECONNRESET");
    assert.equal(e.attempts, 3);
  });

  it("retries a refused connection and says the endpoint refused it", async () => {
    const s = await serve([ok()]);
    const url = s.url;
    await s.close();
    server = undefined;
    const client = clientFor(url, { maxRetries: 1 });
    const e = await rejection(client.getMigrationStats(TASK), NetworkError);
    assert.equal(e.code, "ECONNREFUSED");
    assert.equal(client.requestsSent, 2);
    assert.match(e.message, /refused the connection after 2 attempts/);
  });

  it("times out a silent server per request and retries", async () => {
    const s = await serve([{ hang: true }]);
    const e = await rejection(clientFor(s.url, { requestTimeoutMs: 30, maxRetries: 1 }).getMigrationStats(TASK), NetworkError);
    assert.equal(e.code, "ETIMEDOUT");
    assert.equal(s.requests.length, 2);
    assert.match(e.message, /No answer from .* within 30 ms after 2 attempts/);
  });

  it("stops during a backoff sleep when the signal fires, without another request", async () => {
    const s = await serve([{ status: 503 }]);
    let sleeping: () => void = () => undefined;
    const entered = new Promise<void>((r) => (sleeping = r));
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          sleeping();
          signal?.addEventListener("abort", () => reject(new AbortedError("slept")), { once: true });
        }),
    };
    const controller = new AbortController();
    const pending = clientFor(s.url, { clock }).getMigrationStats(TASK, { signal: controller.signal });
    await entered;
    controller.abort(new Error("user pressed Ctrl-C"));
    await rejection(pending, AbortedError);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.requests.length, 1, "no request after the abort");
  });

  it("stops a request in flight when the signal fires", async () => {
    const s = await serve([{ hang: true }]);
    const controller = new AbortController();
    const pending = clientFor(s.url).getMigrationStats(TASK, { signal: controller.signal });
    while (s.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    await rejection(pending, AbortedError);
    assert.equal(s.requests.length, 1);
  });

  it("refuses a body whose Content-Length exceeds the cap, without retrying", async () => {
    const big = Buffer.alloc(1_048_577, 0x20);
    const s = await serve([{ status: 200, body: big, headers: { "x-request-id": "req-big" } }]);
    const e = await rejection(clientFor(s.url).getMigrationStats(TASK), ResponseFormatError);
    assert.equal(s.requests.length, 1);
    assert.equal(e.requestId, "req-big");
    assert.match(e.message, /larger than 1048576 bytes .*1048577 bytes announced/);
  });

  it("stops reading a streamed body once it passes the cap", async () => {
    const s = await serve([{ status: 200, streamBytes: 8 * 1024 * 1024 }]);
    const e = await rejection(clientFor(s.url, { maxResponseBytes: 100_000 }).getMigrationStats(TASK), ResponseFormatError);
    assert.match(e.message, /larger than 100000 bytes .* bytes received before stopping/);
    const seen = Number(/(\d+) bytes received/.exec(e.message)?.[1]);
    assert.ok(seen > 100_000 && seen < 8 * 1024 * 1024, `read ${seen} bytes`);
  });

  it("says an HTML 200 is not JSON, with status and request id", async () => {
    const s = await serve([{ status: 200, headers: { "content-type": "text/html", "x-request-id": "req-html" }, body: "<html><body>Login to continue</body></html>" }]);
    const e = await rejection(clientFor(s.url).getMigrationStats(TASK), ResponseFormatError);
    assert.match(e.message, /answered HTTP 200 with a body that is not JSON \(content-type text\/html, request id req-html\): it starts with "<html><body>Login/);
    assert.equal(s.requests.length, 1);
  });

  it("retries a 200 whose JSON body is cut off mid-way, and returns the stats of the next answer", async () => {
    const full = JSON.stringify(STATS);
    const s = await serve([ok({ body: full.slice(0, 40), headers: { "content-type": "application/json", "x-request-id": "req-cut" } }), ok()]);
    const stats = await clientFor(s.url).getMigrationStats(TASK);
    assert.equal(stats.sourceDbsize, 531221);
    assert.equal(s.requests.length, 2);
  });

  it("gives up on a JSON body cut off on every attempt with a ResponseFormatError that says so", async () => {
    const s = await serve([ok({ body: JSON.stringify(STATS).slice(0, 25), headers: { "x-request-id": "req-cut" } })]);
    const e = await rejection(clientFor(s.url).getMigrationStats(TASK), ResponseFormatError);
    assert.equal(s.requests.length, 4);
    assert.match(e.message, /HTTP 200 with a JSON body cut off mid-way on 4 attempts in a row \(last 25 bytes, request id req-cut\)/);
  });

  it("retries an HTML 502 from a gateway and quotes it when giving up", async () => {
    const s = await serve([{ status: 502, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" }]);
    const e = await rejection(clientFor(s.url, { maxRetries: 1 }).getMigrationStats(TASK), ApiError);
    assert.equal(s.requests.length, 2);
    assert.match(e.message, /^HTTP 502 \(HTTP 502, request id none, 2 attempts\) — .*The body was not a Huawei error: "<html>Bad Gateway<\/html>"/);
  });

  it("does not follow redirects", async () => {
    const s = await serve([{ status: 302, headers: { location: "http://127.0.0.1:1/elsewhere" } }]);
    const e = await rejection(clientFor(s.url).getMigrationStats(TASK), ApiError);
    assert.equal(s.requests.length, 1);
    assert.match(e.message, /redirected to http:\/\/127\.0\.0\.1:1\/elsewhere; redirects are not followed/);
  });

  it("keeps an offset beyond 2^53 exact end to end", async () => {
    const body = JSON.stringify(STATS).replace('"offset":"0"', '"offset":98765432109876543210');
    const s = await serve([{ status: 200, body }]);
    assert.equal((await clientFor(s.url).getMigrationStats(TASK)).offset, "98765432109876543210");
  });

  it("shares one request among concurrent reads of the same task", async () => {
    const s = await serve([ok({ delayMs: 20 })]);
    const client = clientFor(s.url);
    const results = await Promise.all(Array.from({ length: 8 }, () => client.getMigrationStats(TASK)));
    assert.equal(s.requests.length, 1);
    assert.ok(results.every((r) => r === results[0]));
    await client.getMigrationStats(TASK);
    assert.equal(s.requests.length, 2, "a later read sends a new request");
  });

  it("keeps the shared request alive when only one of its callers cancels", async () => {
    const s = await serve([ok({ delayMs: 20 })]);
    const client = clientFor(s.url);
    const controller = new AbortController();
    const cancelled = client.getMigrationStats(TASK, { signal: controller.signal });
    const kept = client.getMigrationStats(TASK, { signal: new AbortController().signal });
    controller.abort();
    await rejection(cancelled, AbortedError);
    assert.equal((await kept).targetOps, 5300);
    assert.equal(s.requests.length, 1);
  });

  it("sends separate requests for different tasks, at most maxConcurrentRequests at once", async () => {
    const s = await serve([ok({ delayMs: 15 })]);
    const client = clientFor(s.url, { maxConcurrentRequests: 2 });
    await Promise.all(["t1", "t2", "t3", "t4", "t5"].map((t) => client.getMigrationStats(t)));
    assert.equal(s.requests.length, 5);
    assert.equal(s.maxConcurrent, 2);
  });

  it("traces each attempt when HW_DEBUG=1, without any credential", async () => {
    const s = await serve([{ status: 503, headers: { "x-request-id": "req-a" } }, ok()]);
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await clientFor(s.url, { env: { HW_DEBUG: "1" } }, { securityToken: TOKEN }).getMigrationStats(TASK);
    } finally {
      process.stderr.write = original;
    }
    const text = written.join("");
    assert.match(text, new RegExp(`GET ${s.url}/v2/${PROJECT}/migration-task/${TASK}/stats attempt 1/4 → HTTP 503 request-id=req-a .*; retry in 0 ms`));
    assert.match(text, /attempt 2\/4 → HTTP 200 request-id=req-ok/);
    for (const secret of [SK, TOKEN]) assert.ok(!text.includes(secret));
  });

  it("is silent without a debug switch, and DCS_MIGRATION_DEBUG=1 works too", async () => {
    const s = await serve([ok()]);
    const lines: string[] = [];
    await clientFor(s.url, { debug: (l) => lines.push(l) }).getMigrationStats(TASK);
    assert.equal(lines.length, 1);
    const silent: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (silent.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await clientFor(s.url, { env: {} }).getMigrationStats(TASK);
      await clientFor(s.url, { env: { DCS_MIGRATION_DEBUG: "1" } }).getMigrationStats(TASK);
    } finally {
      process.stderr.write = original;
    }
    assert.equal(silent.length, 1);
    assert.match(silent[0]!, /\[dcs-migration\] GET/);
  });

  it("never shows secrets in JSON.stringify or util.inspect of the client", () => {
    const client = clientFor("http://127.0.0.1:1", {}, { securityToken: TOKEN });
    for (const text of [JSON.stringify(client), inspect(client, { depth: 10, showHidden: true }), String(Object.entries(client))]) {
      assert.ok(!text.includes(SK) && !text.includes(TOKEN), text);
    }
    assert.match(JSON.stringify(client), new RegExp(AK));
  });
});

describe("DcsClient over TLS", () => {
  let dir: string | undefined;
  let server: https.Server | undefined;
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (server) {
      server.closeAllConnections();
      await new Promise((r) => server!.close(r));
    }
  });

  it("refuses a self-signed certificate once, with a NetworkError that says why", async function () {
    dir = mkdtempSync(join(tmpdir(), "dcs-tls-"));
    try {
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    } catch {
      this.skip(); // no openssl to make a certificate with
    }
    server = https.createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_q, r) => r.end("{}"));
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const settings = resolveSettings({ endpoint: `https://127.0.0.1:${port}`, projectId: PROJECT, accessKey: AK, secretKey: SK }, { env: {} });
    const client = new DcsClient(settings, { clock: new VirtualClock(), baseDelayMs: 0, env: {} });
    try {
      await client.getMigrationStats(TASK);
      assert.fail("a self-signed certificate was accepted");
    } catch (e) {
      assert.ok(e instanceof NetworkError, String(e));
      assert.match(e.message, /The TLS certificate of 127\.0\.0\.1:\d+ was refused \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
      assert.equal(client.requestsSent, 1);
    } finally {
      client.close();
    }
  });
});
