import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { packedBuild } from "../support/builtPlugin";
import { runCompositeAction, type CompositeActionRun } from "../support/compositeAction";
import { emulatorEnv } from "../support/emulatorStackConfig";
import { fakeIamSecrets, startFakeIam } from "../support/fakeIam";
import { scanForSecrets } from "../support/secretScan";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * A job's environment: the runner machine's own (PATH, HOME, CA bundles, npm settings: a runner's
 * steps inherit them), without any credential or CI variable of the process running the tests.
 */
function jobEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(HW_|HUAWEICLOUD_|OS_|ACTIONS_|GITHUB_|RUNNER_|DCS_|INPUT_|PULUMI_)/.test(name)) continue;
    env[name] = value;
  }
  // The package's dependencies come from the npm cache that `npm ci` filled when it has them.
  return { ...env, npm_config_prefer_offline: "true", ...extra };
}

/** A stand-in for GitHub's ID token service: `GET <url>&audience=…` with the request token → `{value}`. */
interface FakeTokenService {
  readonly url: string;
  readonly requestToken: string;
  readonly issued: string[];
  /** When each token was issued (ms), same order. */
  readonly issuedAt: number[];
  readonly audiences: Array<string | null>;
  readonly refused: number;
  close(): Promise<void>;
}

async function startFakeTokenService(): Promise<FakeTokenService> {
  const requestToken = `request-token-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const issued: string[] = [];
  const issuedAt: number[] = [];
  const audiences: Array<string | null> = [];
  let refused = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers.authorization !== `bearer ${requestToken}` || url.searchParams.get("api-version") !== "2.0") {
      refused++;
      res.writeHead(401, { "content-type": "application/json" }).end('{"message":"bad request token"}');
      return;
    }
    const token = `eyJhbGciOiJSUzI1NiJ9.github-id-token-${issued.length + 1}-${Math.random().toString(36).slice(2)}.sig`;
    issued.push(token);
    issuedAt.push(Date.now());
    audiences.push(url.searchParams.get("audience"));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ count: 1, value: token }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/_apis/distributedtask/hubs/build/plans/plan/jobs/job/idtoken?api-version=2.0`,
    requestToken,
    issued,
    issuedAt,
    audiences,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the GitHub Action (action.yml), its steps run as the runner runs them, against the emulator", function () {
  this.timeout(600_000);
  let emulator: EmulatorHandle;
  let tarball: string;
  let job: string; // one job's RUNNER_TEMP and workspace: the CLI is installed once, as in a job with several gates
  const setupNodeCalls: Array<Record<string, string>> = [];

  before(async () => {
    [emulator, tarball] = await Promise.all([startEmulator(), packedBuild()]);
    job = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-action-"));
    await fs.promises.mkdir(path.join(job, "temp"));
    await fs.promises.mkdir(path.join(job, "workspace"));
  });
  after(async () => {
    await emulator?.close();
    if (job !== undefined) await fs.promises.rm(job, { recursive: true, force: true });
  });

  function runAction(withInputs: Record<string, string>, env: Record<string, string>): Promise<CompositeActionRun> {
    return runCompositeAction({
      actionDir: REPO_ROOT,
      with: { "cli-package": tarball, endpoint: emulator.url, "project-id": emulator.projectId, ...withInputs },
      env: jobEnv(env),
      runnerTemp: path.join(job, "temp"),
      workspace: path.join(job, "workspace"),
      uses: {
        // Stands in for actions/setup-node: the node on this PATH must be the version asked for.
        "actions/setup-node@v4": (w) => {
          setupNodeCalls.push(w);
          assert.equal(process.versions.node.split(".")[0], w["node-version"], "the test's node is not the version the action sets up");
        },
      },
    });
  }

  /** Static credentials as a workflow sets them from secrets: in the job's env, never as inputs. */
  const staticCredentials = (): Record<string, string> => {
    const { HW_ACCESS_KEY = "", HW_SECRET_KEY = "" } = emulatorEnv(emulator);
    return { HW_ACCESS_KEY, HW_SECRET_KEY };
  };

  it("opens the gate on a migration that completes: exit 0 and the final stats as step outputs and a job summary", async () => {
    const task = await emulator.control.createTask({ kind: "scripted", id: "action-complete", preset: "linear", durationMs: 20_000, timeScale: 10, sourceKeys: 2000 });
    const run = await runAction({ "task-id": task.id, "stable-for": "1s", "poll-interval": "1s", "min-poll-interval": "1s", timeout: "2m" }, staticCredentials());

    assert.equal(run.exitCode, 0, run.log);
    assert.deepEqual(setupNodeCalls.at(-1), { "node-version": "22" });
    assert.equal(run.outputs["completed"], "true");
    assert.equal(run.outputs["exit-code"], "0");
    assert.equal(run.outputs["outcome"], "complete");
    assert.equal(run.outputs["progress"], "100");
    assert.equal(run.outputs["source-keys"], "2000");
    assert.equal(run.outputs["target-keys"], "2000");
    assert.ok(Number(run.outputs["waited-seconds"]) > 0, `waited-seconds ${run.outputs["waited-seconds"]}`);
    assert.equal(run.outputs["polls"], String((await emulator.control.taskRequests(task.id)).requests), "polls differ from the emulator's request count");
    assert.equal(run.outputs["message"], "");
    assert.match(run.summary, /### DCS migration gate: open/);
    assert.match(run.summary, /\| outcome \| \*\*complete\*\* \(exit code 0\) \|/);
    assert.match(run.summary, /\| keys \(target \/ source\) \| 2000 \/ 2000 \|/);
    assert.match(run.log, /"type":"result"/, "the NDJSON is not in the step's log");
    // Skipped without idp-id: no federation variables leak into the job.
    assert.equal(run.steps.find((s) => s.name.startsWith("Federate"))?.skipped, true);
    assert.deepEqual(run.exportedEnv, {});
    const scan = scanForSecrets([{ name: "action log", content: run.log }, { name: "summary", content: run.summary }, { name: "outputs", content: JSON.stringify(run.outputs) }], { secretKey: staticCredentials()["HW_SECRET_KEY"] ?? "" });
    assert.equal(scan.hits.length, 0, scan.report);
  });

  it("fails the step with exit 1 when the migration fails, and still sets the outputs (last stats, message)", async () => {
    // `fail-40`: is_migrating turns false at 40 % (after 1.2 s at 600×).
    const task = await emulator.control.createTask({ kind: "scripted", id: "action-failed", preset: "fail-40", timeScale: 600, sourceKeys: 5000 });
    const run = await runAction({ "task-id": task.id, "poll-interval": "1s", "min-poll-interval": "1s", timeout: "2m" }, staticCredentials());

    assert.equal(run.exitCode, 1, run.log);
    assert.equal(run.outputs["completed"], "false");
    assert.equal(run.outputs["exit-code"], "1");
    assert.equal(run.outputs["outcome"], "failed");
    assert.equal(run.outputs["progress"], "40");
    assert.equal(run.outputs["source-keys"], "5000");
    assert.ok(Number(run.outputs["target-keys"]) < 5000, `target-keys ${run.outputs["target-keys"]}`);
    assert.match(run.outputs["message"] ?? "", new RegExp(task.id));
    assert.match(run.summary, /### DCS migration gate: closed/);
    assert.match(run.summary, /\*\*failed\*\* \(exit code 1\)/);
  });

  it("ends with exit 3 at the timeout, the outputs saying how far the migration got", async () => {
    // A 3-hour migration at real speed: nowhere near done when the 3 s timeout passes.
    const task = await emulator.control.createTask({ kind: "scripted", id: "action-timeout", preset: "linear", durationMs: 10_800_000, startAtMs: 3_600_000, sourceKeys: 9000 });
    const run = await runAction({ "task-id": task.id, timeout: "3s", "poll-interval": "1s", "min-poll-interval": "1s" }, staticCredentials());

    assert.equal(run.exitCode, 3, run.log);
    assert.equal(run.outputs["completed"], "false");
    assert.equal(run.outputs["exit-code"], "3");
    assert.equal(run.outputs["outcome"], "timeout");
    assert.equal(run.outputs["progress"], "33");
    assert.equal(run.outputs["source-keys"], "9000");
    assert.ok(Number(run.outputs["waited-seconds"]) >= 3, `waited-seconds ${run.outputs["waited-seconds"]}`);
    assert.match(run.outputs["message"] ?? "", /Timed out|timed out|timeout/);
  });

  it("with idp-id and no secret: fetches the job's GitHub ID token into a mode-600 file, exports the federation variables, refreshes it during the wait, and never prints it", async () => {
    const tokens = await startFakeTokenService();
    try {
      const task = await emulator.control.createTask({ kind: "scripted", id: "action-oidc", preset: "linear", durationMs: 40_000, timeScale: 10, sourceKeys: 1000 });
      const run = await runAction(
        {
          "task-id": task.id,
          "idp-id": "github-actions",
          "id-token-audience": "huaweicloud-iam",
          "iam-endpoint": "https://iam.example.invalid",
          "id-token-refresh-seconds": "1",
          "stable-for": "1s",
          "poll-interval": "1s",
          "min-poll-interval": "1s",
          timeout: "2m",
        },
        // The workflow's `permissions: id-token: write` gives the job these two. The job also holds
        // keys, which win over federation at the same level (provider/settings.ts), so this test is
        // about the token file alone; the next-but-one test waits on federation only.
        { ACTIONS_ID_TOKEN_REQUEST_URL: tokens.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: tokens.requestToken, ...staticCredentials() },
      );
      assert.equal(run.exitCode, 0, run.log);
      const requestsAtEnd = tokens.issued.length;

      const tokenFile = run.exportedEnv["HUAWEICLOUD_SDK_ID_TOKEN_FILE"] ?? "";
      assert.deepEqual(run.exportedEnv, {
        HUAWEICLOUD_SDK_IDP_ID: "github-actions",
        HUAWEICLOUD_SDK_ID_TOKEN_FILE: tokenFile,
        HUAWEICLOUD_SDK_IAM_ENDPOINT: "https://iam.example.invalid",
      });
      assert.ok(tokenFile.startsWith(path.join(job, "temp") + path.sep), `the token file ${tokenFile} is not under RUNNER_TEMP`);
      assert.equal((await fs.promises.stat(tokenFile)).mode & 0o777, 0o600);
      assert.equal((await fs.promises.stat(path.dirname(tokenFile))).mode & 0o777, 0o700);
      assert.equal(await fs.promises.readFile(tokenFile, "utf8"), tokens.issued.at(-1), "the file does not hold the newest token");
      assert.equal(tokens.refused, 0);
      assert.ok(tokens.audiences.every((a) => a === "huaweicloud-iam"), `audiences ${JSON.stringify(tokens.audiences)}`);
      // The wait took a few seconds with a 1 s refresh: the file was rewritten meanwhile.
      assert.ok(requestsAtEnd >= 2, `the ID token was fetched ${requestsAtEnd} time(s); expected a refresh during the wait\n${run.log}`);
      assert.deepEqual([...run.masks].sort(), [...tokens.issued].sort(), "not every token was masked before use");
      const scan = scanForSecrets(
        [{ name: "action log", content: run.log }, { name: "summary", content: run.summary }, { name: "outputs", content: JSON.stringify(run.outputs) }],
        Object.fromEntries([...tokens.issued.map((t, i) => [`idToken${i + 1}`, t]), ["requestToken", tokens.requestToken]]),
      );
      assert.equal(scan.hits.length, 0, scan.report);
      // The refresher ended with the step: nothing asks for tokens afterwards.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(tokens.issued.length, requestsAtEnd, "a token refresher outlived the action");
    } finally {
      await tokens.close();
    }
  });

  it("with idp-id in a job without `permissions: id-token: write`: fails before waiting, saying what to add", async () => {
    const task = await emulator.control.createTask({ kind: "scripted", id: "action-oidc-denied", preset: "complete", sourceKeys: 10 });
    const run = await runAction({ "task-id": task.id, "idp-id": "github-actions" }, {});
    assert.equal(run.exitCode, 2, run.log);
    assert.match(run.log, /permissions: id-token: write/);
    assert.equal(run.steps.find((s) => s.id === "wait")?.skipped, true);
    assert.equal(run.outputs["exit-code"], "", "the wait step ran");
    assert.equal((await emulator.control.taskRequests(task.id)).requests, 0);
  });

  it("federation only, no secret anywhere: a wait spanning several key lifetimes completes on the keys IAM issues for the refreshed GitHub ID tokens", async () => {
    const tokens = await startFakeTokenService();
    // GitHub's ID tokens expire 5 minutes after issue; here 2.5 s, refreshed every second. IAM
    // issues keys that live 2 s, so the client renews them (re-reading the token file) all along.
    const idTokenLifetimeMs = 2500;
    const iam = await startFakeIam({
      idpId: "github-actions",
      acceptToken: (t) => {
        const i = tokens.issued.indexOf(t);
        return i >= 0 && Date.now() - (tokens.issuedAt[i] ?? 0) < idTokenLifetimeMs;
      },
      lifetimeSeconds: 2,
      onIssue: (keys) => emulator.control.registerCredential({ ...keys }).then(() => undefined),
    });
    try {
      const task = await emulator.control.createTask({ kind: "scripted", id: "action-federated", preset: "linear", durationMs: 50_000, timeScale: 10, sourceKeys: 1500 });
      const run = await runAction(
        {
          "task-id": task.id,
          "idp-id": "github-actions",
          "id-token-audience": "huaweicloud-iam",
          "iam-endpoint": iam.url,
          "id-token-refresh-seconds": "1",
          "stable-for": "6s", // three lifetimes of the 2 s keys however far the task got meanwhile
          "poll-interval": "1s",
          "min-poll-interval": "1s",
          timeout: "2m",
        },
        // No HW_* key at all: only what `permissions: id-token: write` gives a job.
        { ACTIONS_ID_TOKEN_REQUEST_URL: tokens.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: tokens.requestToken },
      );
      assert.equal(run.exitCode, 0, run.log);
      assert.equal(run.outputs["completed"], "true");
      assert.equal(run.outputs["target-keys"], "1500");
      assert.ok(iam.issued.length >= 3, `IAM issued ${iam.issued.length} key set(s): the wait did not span three key lifetimes\n${run.log}`);
      assert.equal(iam.calls.refused, 0, "IAM refused an exchange (a stale ID token in the file?)");
      assert.ok(new Set(iam.idTokensSeen).size >= 2, `every exchange used the same ID token: the refreshed file was not re-read (${iam.idTokensSeen.length} exchanges)`);
      const scan = scanForSecrets(
        [{ name: "action log", content: run.log }, { name: "summary", content: run.summary }, { name: "outputs", content: JSON.stringify(run.outputs) }],
        { ...fakeIamSecrets(iam), ...Object.fromEntries(tokens.issued.map((t, i) => [`githubIdToken${i}`, t])), requestToken: tokens.requestToken },
      );
      assert.equal(scan.hits.length, 0, scan.report);
    } finally {
      await iam.close();
      await tokens.close();
    }
  });
});
