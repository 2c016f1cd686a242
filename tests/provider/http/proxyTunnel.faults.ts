import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { DcsClient, type DcsClientOptions } from "../../../provider/dcs/dcsClient";
import { NetworkError } from "../../../provider/dcs/apiErrors";
import { resolveSettings } from "../../../provider/settings/settings";
import { installOfflineDns } from "../../support/offlineDns";
import { runCliProcess } from "../../support/runCliProcess";
import { freePort, squidExecutable, startSquid, type SquidProxy } from "../../support/squidProxy";
import { createTestCa, type TestCa } from "../../support/testCa";
import { startWireTap, type WireTap } from "../../support/wireTap";

const API_HOST = "dcs.cn-north-4.myhuaweicloud.com";
/** The proxy's policy refuses tunnels to it (403). */
const FORBIDDEN_HOST = "dcs.cn-south-1.myhuaweicloud.com";
/** The proxy resolves it, but nothing listens where it points (the proxy answers 503). */
const UNREACHABLE_HOST = "dcs.ap-southeast-1.myhuaweicloud.com";
/** An http:// endpoint (an emulator elsewhere, `allowInsecureHttp`), reached through HTTP_PROXY. */
const PLAIN_HOST = "dcs-emulator.build.example";
const USER = "pipeline";
const PASSWORD = `pw-${randomBytes(6).toString("hex")}`;
const REPO = path.resolve(__dirname, "..", "..", "..");
const FAST_RETRIES: Partial<DcsClientOptions> = { baseDelayMs: 10, maxDelayMs: 20 };

/**
 * The client through a real proxy: squid, started here on 127.0.0.1, in front of the emulator
 * served over HTTPS with a certificate from a CA made at test time, under a real-looking host
 * name that only squid resolves (its hosts file). Nothing here may resolve that name locally:
 * lookups are answered offline and recorded.
 */
describe("the client through a real proxy (squid, CONNECT) to the emulator over HTTPS", function () {
  this.timeout(60_000);
  let ca: TestCa | undefined;
  let untrust: (() => void) | undefined;
  let emulator: EmulatorHandle | undefined;
  let squid: SquidProxy | undefined;
  let tap: WireTap | undefined;
  let restoreDns: (() => void) | undefined;
  let closedPort = 0;
  const lookups: string[] = [];
  const clients: DcsClient[] = [];

  before(async function () {
    const exe = squidExecutable();
    if (exe === undefined) {
      console.log("      squid is not installed (scripts/ensure-squid): proxy tests skipped");
      this.skip();
    }
    ca = createTestCa([API_HOST, FORBIDDEN_HOST, UNREACHABLE_HOST]);
    untrust = ca.trustInProcess();
    emulator = await startEmulator({ tls: { key: ca.key, cert: ca.cert }, temporaryCredentials: true });
    squid = await startSquid(exe, {
      hosts: { [API_HOST]: "127.0.0.1", [FORBIDDEN_HOST]: "127.0.0.1", [UNREACHABLE_HOST]: "127.0.0.1", [PLAIN_HOST]: "127.0.0.1" },
      users: { [USER]: PASSWORD },
      forbidden: [FORBIDDEN_HOST],
    });
    tap = await startWireTap(squid.port);
    closedPort = await freePort();
    restoreDns = installOfflineDns((host) => lookups.push(host));
  });
  after(async () => {
    for (const c of clients.splice(0)) c.close();
    restoreDns?.();
    await tap?.close();
    await squid?.close();
    await emulator?.close();
    untrust?.();
    ca?.remove();
  });

  function proxyUrl(credentials = `${USER}:${PASSWORD}`, port = tap!.port): string {
    return `http://${credentials === "" ? "" : `${credentials}@`}127.0.0.1:${port}`;
  }

  function clientFor(env: Record<string, string>, host = API_HOST, port = emulator!.port): { client: DcsClient; trace: string[] } {
    const e = emulator!;
    const settings = resolveSettings(
      { endpoint: `https://${host}:${port}`, projectId: e.projectId, accessKey: e.credentials.accessKey, secretKey: e.credentials.secretKey, securityToken: e.credentials.securityToken },
      { env: {} },
    );
    const trace: string[] = [];
    const client = new DcsClient(settings, { env, debug: (l) => trace.push(l), ...FAST_RETRIES });
    clients.push(client);
    return { client, trace };
  }

  async function failure(p: Promise<unknown>): Promise<NetworkError> {
    const e = await p.then(
      () => assert.fail("the read succeeded"),
      (err: unknown) => err,
    );
    assert.ok(e instanceof NetworkError, `expected a NetworkError, got ${String(e)}`);
    return e;
  }

  it("reads stats through one CONNECT tunnel, reused by later reads, without resolving the API host itself", async () => {
    const task = await emulator!.control.createTask({ kind: "scripted", preset: "complete" });
    const before = { connections: tap!.connections(), sent: tap!.fromClients().length };
    const { client, trace } = clientFor({ HTTPS_PROXY: proxyUrl() });
    for (let i = 0; i < 3; i++) assert.equal((await client.getMigrationStats(task.id)).fullMigrationProgress, 100);
    assert.equal(tap!.connections() - before.connections, 1, "one TCP connection to the proxy for three reads (keep-alive through the tunnel)");
    assert.equal((await emulator!.control.taskRequests(task.id)).requests, 3);
    assert.deepEqual(lookups, [], "the API host is resolved by the proxy only");
    assert.equal(trace.length, 3);
    for (const line of trace) {
      assert.match(line, new RegExp(`GET https://${API_HOST.replace(/\./g, "\\.")}:\\d+/v2/.* via proxy 127\\.0\\.0\\.1:${tap!.port} attempt 1/4 → HTTP 200`));
      assert.doesNotMatch(line, new RegExp(PASSWORD));
    }
    const seen = tap!.fromClients().subarray(before.sent).toString("latin1");
    assert.match(seen, new RegExp(`^CONNECT ${API_HOST.replace(/\./g, "\\.")}:${emulator!.port} HTTP/1\\.1\\r\\n`));
    assert.ok(seen.includes(`Proxy-Authorization: Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`), "credentials sent on CONNECT");
    for (const clear of ["/v2/", emulator!.projectId, emulator!.credentials.accessKey, "X-Sdk-Date", task.id]) {
      assert.ok(!seen.includes(clear), `${clear} crossed the proxy in clear text`);
    }
    client.close();
    // Squid logs a tunnel when it closes.
    const line = await until(() => squid!.accessLog().split("\n").find((l) => l.includes(`CONNECT ${API_HOST}:${emulator!.port} ${USER}`)));
    assert.match(line, /TCP_TUNNEL\/200/);
  });

  it("fails at once with ERR_PROXY_AUTH when the proxy refuses the credentials (407), naming the proxy and not the password", async () => {
    const { client, trace } = clientFor({ HTTPS_PROXY: proxyUrl(`${USER}:wrong-${PASSWORD}`) });
    const e = await failure(client.getMigrationStats("any-task"));
    assert.equal(e.code, "ERR_PROXY_AUTH");
    assert.equal(trace.length, 1, "a 407 is not retried");
    assert.match(e.message, new RegExp(`^The proxy 127\\.0\\.0\\.1:${tap!.port} \\(from HTTPS_PROXY\\) refused the credentials in HTTPS_PROXY \\(407`));
    assert.doesNotMatch(e.message, new RegExp(PASSWORD));
    const none = await failure(clientFor({ https_proxy: proxyUrl("") }).client.getMigrationStats("any-task"));
    assert.equal(none.code, "ERR_PROXY_AUTH");
    assert.match(none.message, /requires authentication \(407; .*Basic authentication\)\) and https_proxy has no credentials/);
  });

  it("fails at once with ERR_PROXY_REFUSED when the proxy's policy refuses the tunnel (403)", async () => {
    const { client, trace } = clientFor({ HTTPS_PROXY: proxyUrl() }, FORBIDDEN_HOST);
    const e = await failure(client.getMigrationStats("any-task"));
    assert.equal(e.code, "ERR_PROXY_REFUSED");
    assert.equal(trace.length, 1);
    assert.match(e.message, /refused to open a tunnel to dcs\.cn-south-1\.myhuaweicloud\.com:\d+ \(proxy .* with 403 Forbidden \(X-Squid-Error: ERR_ACCESS_DENIED/);
  });

  it("retries a proxy that cannot reach the API host (503), then says so", async () => {
    const { client, trace } = clientFor({ HTTPS_PROXY: proxyUrl() }, UNREACHABLE_HOST, closedPort);
    const e = await failure(client.getMigrationStats("any-task"));
    assert.equal(e.code, "ERR_PROXY_UNAVAILABLE");
    assert.equal(trace.length, 4, "retried like a 5xx");
    assert.match(e.message, /could not reach dcs\.ap-southeast-1\.myhuaweicloud\.com:\d+ after 4 attempts \(.*503 Service Unavailable \(X-Squid-Error: ERR_CONNECT_FAIL/);
  });

  it("retries a proxy that is down, then names it in the error", async () => {
    const { client, trace } = clientFor({ HTTPS_PROXY: proxyUrl(`${USER}:${PASSWORD}`, closedPort) });
    const e = await failure(client.getMigrationStats("any-task"));
    assert.equal(e.code, "ECONNREFUSED");
    assert.equal(trace.length, 4);
    assert.match(e.message, new RegExp(`^The proxy 127\\.0\\.0\\.1:${closedPort} \\(from HTTPS_PROXY\\) refused the connection after 4 attempts`));
    assert.doesNotMatch(e.message + trace.join("\n"), new RegExp(PASSWORD));
  });

  it("sends an http:// endpoint's requests to HTTP_PROXY as absolute URLs, and names the proxy on its 407", async () => {
    const plain = await startEmulator({ tasks: [{ kind: "scripted", id: "plain-task", preset: "complete" }] });
    try {
      const make = (password: string): { client: DcsClient; trace: string[] } => {
        const settings = resolveSettings(
          { endpoint: `http://${PLAIN_HOST}:${plain.port}`, allowInsecureHttp: true, projectId: plain.projectId, accessKey: plain.credentials.accessKey, secretKey: plain.credentials.secretKey },
          { env: {} },
        );
        const trace: string[] = [];
        // HTTPS_PROXY points nowhere: an http:// endpoint must not use it.
        const client = new DcsClient(settings, { env: { HTTP_PROXY: proxyUrl(`${USER}:${password}`), HTTPS_PROXY: `http://127.0.0.1:${closedPort}` }, debug: (l) => trace.push(l), ...FAST_RETRIES });
        clients.push(client);
        return { client, trace };
      };
      const sentBefore = tap!.fromClients().length;
      const ok = make(PASSWORD);
      assert.equal((await ok.client.getMigrationStats("plain-task")).fullMigrationProgress, 100);
      assert.match(ok.trace[0] ?? "", new RegExp(`GET http://${PLAIN_HOST.replace(/\./g, "\\.")}:\\d+/v2/\\S+ via proxy 127\\.0\\.0\\.1:${tap!.port} attempt 1/4 → HTTP 200`));
      const seen = tap!.fromClients().subarray(sentBefore).toString("latin1");
      assert.match(seen, new RegExp(`^GET http://${PLAIN_HOST.replace(/\./g, "\\.")}:${plain.port}/v2/`));
      assert.deepEqual(lookups, []);
      const refused = await failure(make(`wrong-${PASSWORD}`).client.getMigrationStats("plain-task"));
      assert.equal(refused.code, "ERR_PROXY_AUTH");
      assert.match(refused.message, /^The proxy 127\.0\.0\.1:\d+ \(from HTTP_PROXY\) refused the credentials in HTTP_PROXY \(407/);
    } finally {
      await plain.close();
    }
  });

  it("connects directly to a host NO_PROXY lists (and so resolves it itself)", async () => {
    lookups.length = 0;
    const { client, trace } = clientFor({ HTTPS_PROXY: proxyUrl(), NO_PROXY: "localhost,.myhuaweicloud.com" });
    const e = await failure(client.getMigrationStats("any-task"));
    assert.equal(e.code, "ENOTFOUND");
    assert.deepEqual(lookups, [API_HOST]);
    assert.doesNotMatch(trace.join("\n"), /via proxy/);
    lookups.length = 0;
  });

  it("`HTTPS_PROXY=http://user:pass@127.0.0.1:<port> dcs-migration stats --region cn-north-4` reads the stats through the proxy", async function () {
    // --region means port 443: a relay on a loopback address of its own, port 443, stands in for
    // the API host there (only the proxy knows the name points to it).
    const address = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    let front: WireTap;
    try {
      front = await startWireTap(emulator!.port, { host: address, port: 443 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EACCES") {
        console.log("      binding port 443 needs root: the --region run is skipped");
        this.skip();
      }
      throw e;
    }
    const regional = await startSquid(squidExecutable()!, { hosts: { [API_HOST]: address }, users: { [USER]: PASSWORD } });
    try {
      const task = await emulator!.control.createTask({ kind: "scripted", preset: "complete" });
      const e = emulator!;
      const result = await runCliProcess(["stats", "--region", "cn-north-4", "--task-id", task.id, "--json"], {
        HTTPS_PROXY: `http://${USER}:${PASSWORD}@127.0.0.1:${regional.port}`,
        NODE_EXTRA_CA_CERTS: ca!.caFile,
        HW_PROJECT_ID: e.projectId,
        HW_ACCESS_KEY: e.credentials.accessKey,
        HW_SECRET_KEY: e.credentials.secretKey,
        HW_SECURITY_TOKEN: e.credentials.securityToken ?? "",
        HW_DEBUG: "1",
        // Any lookup of the API host in the CLI would fail: only the proxy may resolve it.
        NODE_OPTIONS: `--require ts-node/register --require ${path.join(REPO, "tests", "support", "offlineDnsPreload.ts")}`,
      });
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      const stats = JSON.parse(result.stdout) as { fullMigrationProgress?: number; taskId?: string };
      assert.equal(stats.fullMigrationProgress, 100);
      assert.equal(stats.taskId, task.id);
      assert.match(result.stderr, new RegExp(`GET https://${API_HOST.replace(/\./g, "\\.")}/v2/\\S+ via proxy 127\\.0\\.0\\.1:${regional.port} attempt 1/4 → HTTP 200`));
      assert.doesNotMatch(result.stdout + result.stderr, new RegExp(PASSWORD));
      assert.equal(front.connections(), 1, "the API host was reached once, by the proxy");
      const line = await until(() => regional.accessLog().split("\n").find((l) => l.includes(`CONNECT ${API_HOST}:443 ${USER}`)));
      assert.match(line, /TCP_TUNNEL\/200/);
    } finally {
      await regional.close();
      await front.close();
    }
  });
});

/** Polls `f` until it returns something (5 s at most). */
async function until<T>(f: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
