import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { packedBuild } from "../support/builtPlugin";
import { emulatorEnv } from "../support/emulatorStackConfig";
import { fakeIamSecrets, startFakeIam } from "../support/fakeIam";
import { readGitlabPipeline, runGitlabJob, type GitlabJobRun, type GitlabPipeline } from "../support/gitlabJob";
import { scanForSecrets } from "../support/secretScan";

const PIPELINE = path.join(__dirname, "..", "..", "examples", "gitlab-ci", ".gitlab-ci.yml");
const GATE_JOB = "wait-for-migration";

/** The runner machine's environment, without any credential or CI variable of the test process. */
function runnerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(HW_|HUAWEICLOUD_|OS_|CI|GITLAB_|DCS_|PULUMI_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, npm_config_prefer_offline: "true" };
}

function dotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("examples/gitlab-ci: the gate job's script, run as GitLab Runner's bash shell runs it, against the emulator", function () {
  this.timeout(600_000);
  let emulator: EmulatorHandle;
  let pipeline: GitlabPipeline;
  let tarball: string;
  let projectDir: string;
  let tmpDir: string;
  let jobId = 1000;

  before(async () => {
    [emulator, pipeline, tarball] = await Promise.all([startEmulator(), readGitlabPipeline(PIPELINE), packedBuild()]);
    projectDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-gitlab-"));
    tmpDir = path.join(projectDir, "..", `${path.basename(projectDir)}-tmp`);
    await fs.promises.mkdir(tmpDir);
  });
  after(async () => {
    await emulator?.close();
    for (const dir of [projectDir, tmpDir]) if (dir !== undefined) await fs.promises.rm(dir, { recursive: true, force: true });
  });

  async function runGate(
    taskId: string,
    idToken: string,
    connection: Record<string, string> = emulatorEnv(emulator),
    timings: Record<string, string> = {},
  ): Promise<GitlabJobRun & { env: Record<string, string>; tokenDir: string }> {
    const id = String(++jobId);
    const run = await runGitlabJob(pipeline, GATE_JOB, {
      runnerEnv: { ...runnerEnv(), TMPDIR: tmpDir },
      ciVariables: {
        CI_PROJECT_DIR: projectDir,
        CI_JOB_ID: id,
        // Project CI/CD variables: the task, where the emulator is, the IdP's client id; the
        // package from this checkout's tarball instead of the registry (a variable overriding the file's).
        DCS_TASK_ID: taskId,
        DCS_MIGRATION_PACKAGE: tarball,
        HUAWEICLOUD_IDP_CLIENT_ID: "huaweicloud-iam-client",
        DCS_STABLE_FOR: "1s",
        DCS_TIMEOUT: "2m",
        ...timings,
        // By default static keys, which win over the federation variables the job also sets (see the federated test below).
        ...connection,
      },
      idTokens: { HUAWEICLOUD_ID_TOKEN: idToken },
    });
    const envFile = path.join(projectDir, "gate.env");
    const env = fs.existsSync(envFile) ? dotenv(await fs.promises.readFile(envFile, "utf8")) : {};
    await fs.promises.rm(envFile, { force: true });
    return { ...run, env, tokenDir: path.join(tmpDir, `dcs-migration-${id}`) };
  }

  it("declares the cut-over after the gate, fed by the gate's dotenv report", () => {
    const cutover = pipeline.jobs["cutover"];
    assert.deepEqual(cutover?.needs, [{ job: GATE_JOB, artifacts: true }]);
    assert.equal(pipeline.jobs[GATE_JOB]?.artifacts?.reports?.dotenv, "gate.env");
    assert.equal(pipeline.jobs[GATE_JOB]?.artifacts?.when, "always");
  });

  it("a migration that completes: the job exits 0 and writes the result for the cut-over job", async () => {
    const task = await emulator.control.createTask({ kind: "scripted", id: "gitlab-complete", preset: "complete", sourceKeys: 3000 });
    const idToken = `eyJhbGciOiJSUzI1NiJ9.gitlab-id-token-${Date.now()}.sig`;
    const run = await runGate(task.id, idToken);
    assert.equal(run.exitCode, 0, run.log);
    assert.equal(run.audiences["HUAWEICLOUD_ID_TOKEN"], "huaweicloud-iam-client");
    assert.deepEqual(run.env, {
      MIGRATION_EXIT_CODE: "0",
      MIGRATION_OUTCOME: "complete",
      MIGRATION_PROGRESS: "100",
      MIGRATION_SOURCE_KEYS: "3000",
      MIGRATION_TARGET_KEYS: "3000",
      MIGRATION_STATUS: run.env["MIGRATION_STATUS"] ?? "",
    });
    assert.ok(!fs.existsSync(run.tokenDir), "after_script left the ID token file behind");
    const scan = scanForSecrets([{ name: "job log", content: run.log }], { idToken, secretKey: emulatorEnv(emulator)["HW_SECRET_KEY"] ?? "" });
    assert.equal(scan.hits.length, 0, scan.report);
  });

  it("a migration that fails: the job exits 1 (the cut-over does not run) and still reports how far it got", async () => {
    const task = await emulator.control.createTask({ kind: "scripted", id: "gitlab-failed", preset: "fail-40", timeScale: 600, sourceKeys: 3000 });
    const run = await runGate(task.id, `eyJhbGciOiJSUzI1NiJ9.gitlab-id-token-${Date.now()}.sig`);
    assert.equal(run.exitCode, 1, run.log);
    assert.equal(run.env["MIGRATION_EXIT_CODE"], "1");
    assert.equal(run.env["MIGRATION_OUTCOME"], "failed");
    assert.equal(run.env["MIGRATION_PROGRESS"], "40");
    assert.ok(!fs.existsSync(run.tokenDir), "after_script left the ID token file behind");
  });

  it("federation only (no key in any variable): the job's GitLab ID token gets keys from IAM, renewed over several lifetimes, and the gate opens", async () => {
    const idToken = `eyJhbGciOiJSUzI1NiJ9.gitlab-id-token-${Date.now()}-federated.sig`;
    const iam = await startFakeIam({
      idpId: "gitlab-ci",
      acceptToken: (t) => t === idToken,
      lifetimeSeconds: 2,
      onIssue: (keys) => emulator.control.registerCredential({ ...keys }).then(() => undefined),
    });
    try {
      const task = await emulator.control.createTask({ kind: "scripted", id: "gitlab-federated", preset: "linear", durationMs: 50_000, timeScale: 10, sourceKeys: 2500 });
      const { HW_DCS_ENDPOINT = "", HW_PROJECT_ID = "" } = emulatorEnv(emulator);
      // Held for 6 s at 100 %: three lifetimes of the 2 s keys however far the task got during the install.
      const run = await runGate(task.id, idToken, { HW_DCS_ENDPOINT, HW_PROJECT_ID, HUAWEICLOUD_SDK_IAM_ENDPOINT: iam.url }, { DCS_STABLE_FOR: "6s" });
      assert.equal(run.exitCode, 0, run.log);
      assert.equal(run.env["MIGRATION_OUTCOME"], "complete");
      assert.equal(run.env["MIGRATION_TARGET_KEYS"], "2500");
      assert.ok(iam.issued.length >= 3, `IAM issued ${iam.issued.length} key set(s): the wait did not span three key lifetimes\n${run.log}`);
      assert.equal(iam.calls.refused, 0);
      const scan = scanForSecrets([{ name: "job log", content: run.log }], fakeIamSecrets(iam));
      assert.equal(scan.hits.length, 0, scan.report);
    } finally {
      await iam.close();
    }
  });
});
