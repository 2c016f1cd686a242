import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { runCliProcess as runCliChild, startCliProcess, type CliProcessResult } from "../support/runCliProcess";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeIamSecrets, startFakeIam } from "../support/fakeIam";
import { scanForSecrets, type Artifact } from "../support/secretScan";

/**
 * The `dcs-migration` bin run as a child process against the emulator, for every exit code.
 * Scripted tasks play their virtual timeline fast (timeScale), and the wait flags shrink the
 * intervals to fractions of a second, so each run takes about a second of real time.
 */
describe("dcs-migration (child process against the emulator)", function () {
  this.timeout(60_000);
  let emulator: EmulatorHandle;
  before(async () => {
    // Temporary credentials, so every run also carries a security token the scan below looks for.
    emulator = await startEmulator({ temporaryCredentials: true });
  });
  after(async () => emulator.close());

  /** Every stdout and stderr the bin produced in this suite. */
  const artifacts: Artifact[] = [];
  const keep = (args: readonly string[], r: CliProcessResult): CliProcessResult => {
    artifacts.push({ name: `dcs-migration ${args.join(" ")} (stdout)`, content: r.stdout }, { name: `dcs-migration ${args.join(" ")} (stderr)`, content: r.stderr });
    return r;
  };
  const runCliProcess = async (args: readonly string[], childEnv: Record<string, string>): Promise<CliProcessResult> => keep(args, await runCliChild(args, childEnv));

  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    HW_ACCESS_KEY: emulator.credentials.accessKey,
    HW_SECRET_KEY: emulator.credentials.secretKey,
    HW_SECURITY_TOKEN: emulator.credentials.securityToken ?? "",
    HW_PROJECT_ID: emulator.projectId,
    HW_DCS_ENDPOINT: emulator.url,
    ...overrides,
  });
  const FAST = ["--poll-interval", "300ms", "--min-poll-interval", "100ms", "--stable-for", "1s"];
  const task = async (preset: string, timeScale = 60, durationMs = 60_000): Promise<string> =>
    (await emulator.control.createTask({ kind: "scripted", preset: preset as never, durationMs, timeScale })).id;
  const show = (r: CliProcessResult): string => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

  it("stats: prints the table and exits 0; --json prints the normalized object", async () => {
    const id = await task("complete");
    const table = await runCliProcess(["stats", "--task-id", id], env());
    assert.equal(table.code, 0, show(table));
    assert.match(table.stdout, /^Full migration +100%$/m);
    assert.match(table.stdout, /^Key difference +0 \(equal\)$/m);
    assert.match(table.stdout, /^Task status +INCRMIGEATING$/m, "the task's own status, as the API spells it");
    const json = await runCliProcess(["stats", "--task-id", id, "--json"], env());
    assert.equal(json.code, 0, show(json));
    const stats = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.deepEqual([stats["taskId"], stats["projectId"], stats["fullMigrationProgress"], stats["status"]], [id, emulator.projectId, 100, "INCRMIGEATING"]);
  });

  it("wait: exits 0 once complete, one plain line per phase change when stdout is not a terminal", async () => {
    // Ten real seconds of migration, so it is still running however slowly the child starts.
    const id = await task("linear", 6, 60_000);
    const r = await runCliProcess(["wait", "--task-id", id, ...FAST], env());
    assert.equal(r.code, 0, show(r));
    const lines = r.stdout.trimEnd().split("\n");
    assert.ok(lines.every((l) => l.startsWith(`dcs task ${id.slice(0, 8)}…: `)), show(r));
    assert.match(lines[lines.length - 1] ?? "", /100% full migration, keys 531 221 \/ 531 221 \(Δ 0\), .*complete after \d+s$/);
    assert.ok(lines.some((l) => /stable 0s of 1s/.test(l)), show(r));
    assert.doesNotMatch(r.stdout, /\x1b\[/, "no terminal escapes in a pipe");
    assert.equal(r.stderr, "");
  });

  it("wait --json: one object per read, as many as the API served, then the result", async () => {
    const id = await task("linear", 60, 60_000);
    const r = await runCliProcess(["wait", "--task-id", id, "--json", ...FAST], env());
    assert.equal(r.code, 0, show(r));
    const objects = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const served = await emulator.control.taskRequests(id);
    assert.equal(objects.filter((o) => o["type"] === "observation").length, served.requests);
    const result = objects[objects.length - 1];
    assert.deepEqual([result?.["type"], result?.["outcome"], result?.["exitCode"]], ["result", "complete", 0]);
    assert.equal(result?.["polls"], served.requests);
  });

  it("exits 1 when the migration fails", async () => {
    const r = await runCliProcess(["wait", "--task-id", await task("fail-40", 120), ...FAST], env());
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /is FAILED: The migration task failed\. \(DCS\.MIG\.4001, logged [^)]+\) at 40% full migration/);
  });

  it("exits 1 when the migration stalls", async () => {
    const r = await runCliProcess(["wait", "--task-id", await task("stall-63", 600), ...FAST, "--stall-timeout", "1s"], env());
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /stalled: progress, key counts and offset have not changed/);
  });

  it("exits 2 on a usage error and on missing settings, before any request", async () => {
    const before = (await emulator.control.requests()).total.requests;
    const usage = await runCliProcess(["wait", "--task-id", "x", "--timeout", "soon"], env());
    assert.equal(usage.code, 2, show(usage));
    assert.match(usage.stderr, /--timeout: expected a duration/);
    const unset = await runCliProcess(["stats", "--task-id", "x"], { HW_DCS_ENDPOINT: emulator.url });
    assert.equal(unset.code, 2, show(unset));
    assert.match(unset.stderr, /project id: looked at flag --project-id, environment HW_PROJECT_ID/);
    assert.equal((await emulator.control.requests()).total.requests, before);
  });

  it("exits 3 on timeout", async () => {
    const r = await runCliProcess(["wait", "--task-id", await task("linear", 1, 3_600_000), ...FAST, "--timeout", "1s"], env());
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /Timed out after 1s/);
  });

  it("exits 4 for a task the API does not know and for a rejected signature, never printing the secret", async () => {
    const missing = await runCliProcess(["wait", "--task-id", "no-such-task", ...FAST], env());
    assert.equal(missing.code, 4, show(missing));
    assert.match(missing.stderr, /no-such-task/);

    const wrongKey = "wrong-secret-key-do-not-print";
    const rejected = await runCliProcess(
      ["stats", "--task-id", await task("complete")],
      env({ HW_SECRET_KEY: wrongKey, DCS_MIGRATION_DEBUG: "1", HW_DEBUG: "1" }),
    );
    assert.equal(rejected.code, 4, show(rejected));
    assert.match(rejected.stderr, /\[dcs-migration\] GET .* → HTTP 401/);
    assert.ok(!(rejected.stdout + rejected.stderr).includes(wrongKey), show(rejected));
  });

  it("never prints the secret key over a whole wait with debug tracing on", async () => {
    const r = await runCliProcess(
      ["wait", "--task-id", await task("linear", 60, 60_000), "--json", ...FAST],
      env({ DCS_MIGRATION_DEBUG: "1" }),
    );
    assert.equal(r.code, 0, show(r));
    assert.match(r.stderr, /\[dcs-migration\] GET /);
    assert.ok(!(r.stdout + r.stderr).includes(emulator.credentials.secretKey), "secret key printed");
  });

  it("exits 130 promptly on Ctrl-C (SIGINT), without another read", async () => {
    const id = await task("linear", 1, 3_600_000);
    const p = startCliProcess(["wait", "--task-id", id, "--poll-interval", "5s"], env());
    await p.waitForStdout(/full migration/);
    const readsBefore = (await emulator.control.taskRequests(id)).requests;
    p.child.kill("SIGINT");
    const killer = setTimeout(() => p.child.kill("SIGKILL"), 5000);
    const r = keep(["wait", "--task-id", id, "(SIGINT)"], await p.done);
    clearTimeout(killer);
    assert.equal(r.code, 130, show(r));
    assert.match(r.stderr, /^interrupted: stopped waiting/m);
    assert.equal((await emulator.control.taskRequests(id)).requests, readsBefore);
  });

  it("authenticates with an IAM token from HW_AUTH_TOKEN, tracing requests without printing it", async () => {
    const tokenEnv = { HW_AUTH_TOKEN: emulator.credentials.authToken, HW_PROJECT_ID: emulator.projectId, HW_DCS_ENDPOINT: emulator.url, DCS_MIGRATION_DEBUG: "1" };
    const stats = await runCliProcess(["stats", "--task-id", await task("complete"), "--json"], tokenEnv);
    assert.equal(stats.code, 0, show(stats));
    const wait = await runCliProcess(["wait", "--task-id", await task("linear", 60, 60_000), ...FAST], tokenEnv);
    assert.equal(wait.code, 0, show(wait));
    assert.match(wait.stderr, /\[dcs-migration\] GET .* → HTTP 200/);
  });

  /** Secrets of the credential tests below, for the scan. */
  const moreSecrets: Record<string, string> = {};

  it("exits 5 when the temporary credentials expire mid-wait, saying so and how to go on", async () => {
    const keys = { accessKey: "CLIEXPIRING0000000001", secretKey: "cli-expiring-secret-key-0001", securityToken: "cli-expiring-security-token-0001" };
    Object.assign(moreSecrets, { expiringSecretKey: keys.secretKey, expiringSecurityToken: keys.securityToken });
    await emulator.control.registerCredential({ ...keys, lifetimeSeconds: 3_600 });
    const id = await task("linear", 1, 3_600_000);
    const p = startCliProcess(["wait", "--task-id", id, ...FAST], env({ HW_ACCESS_KEY: keys.accessKey, HW_SECRET_KEY: keys.secretKey, HW_SECURITY_TOKEN: keys.securityToken, HW_DEBUG: "1" }));
    await p.waitForStdout(/full migration/);
    await emulator.control.expireCredential(keys.accessKey);
    const r = keep(["wait", "--task-id", id, "(credentials expire)"], await p.done);
    assert.equal(r.code, 5, show(r));
    assert.match(r.stderr, /calc ak sk signature fail:signature expired \(HTTP 401, request id [^)]+\) — the temporary credentials \(access key CLIEXPIRING0000000001, from HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN\) have expired\. Set fresh credentials/);
  });

  it("waits with OIDC federation only (Huawei's SDK variables, no key in the environment), tracing IAM calls without a secret", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dcs-cli-oidc-"));
    const fake = await startFakeIam({
      idpId: "ci",
      acceptToken: (t) => t === "eyJ-cli-token-0001",
      lifetimeSeconds: 600,
      onIssue: (k) => emulator.control.registerCredential({ ...k }).then(() => undefined),
    });
    try {
      writeFileSync(join(dir, "token"), "eyJ-cli-token-0001");
      const oidcEnv = {
        HUAWEICLOUD_SDK_IDP_ID: "ci",
        HUAWEICLOUD_SDK_ID_TOKEN_FILE: join(dir, "token"),
        HUAWEICLOUD_SDK_IAM_ENDPOINT: fake.url,
        HW_PROJECT_ID: emulator.projectId,
        HW_DCS_ENDPOINT: emulator.url,
        HW_DEBUG: "1",
      };
      const r = await runCliProcess(["wait", "--task-id", await task("linear", 60, 60_000), ...FAST], oidcEnv);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stderr, /\[dcs-migration\] POST http:\/\/127\.0\.0\.1:\d+\/v3\/OS-FEDERATION\/identity_providers\/ci\/protocols\/oidc\/auth attempt 1\/4 → HTTP 201/);
      assert.match(r.stderr, /\[dcs-migration\] POST .*\/v3\.0\/OS-CREDENTIAL\/securitytokens attempt 1\/4 → HTTP 201/);
      assert.equal(fake.calls.securityTokens, 1);
      Object.assign(moreSecrets, fakeIamSecrets(fake, "oidc."));
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves the secret key, security token and IAM token in none of the outputs, debug tracing included", () => {
    const { secretKey, securityToken, authToken } = emulator.credentials;
    const result = scanForSecrets(artifacts, { secretKey, securityToken: securityToken ?? "", authToken, "rejected secret key": "wrong-secret-key-do-not-print", ...moreSecrets });
    assert.equal(result.hits.length, 0, result.report);
    assert.ok(artifacts.some((a) => String(a.content).includes("[dcs-migration] GET")), "the scan covered debug traces");
  });
});
