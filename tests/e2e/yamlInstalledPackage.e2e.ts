import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { cleanPulumiEnv } from "../support/cleanPulumiEnv";
import { packedBuild } from "../support/builtPlugin";
import { npm } from "../support/packPackage";
import { ScaledClock } from "../support/scaledClock";
import { describeRun, runPulumi, type PulumiRun } from "../support/runPulumi";
import { untilTaskRead } from "../support/untilTaskRead";
import { INSTALLED_PLUGIN_PATH, pluginStackConfig, YAML_PROGRAMS } from "../support/yamlGateStack";

const GATE_TYPE = "dcs-migration:index:WaitForMigration";

interface ExportedState {
  deployment?: {
    resources?: Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown>; initErrors?: string[] }>;
    pending_operations?: unknown[];
  };
}

describe("examples/yaml-gate with the packed npm package installed, the CLI and the official YAML host (end to end)", function () {
  this.timeout(600_000);
  const clock = new ScaledClock();
  let emulator: EmulatorHandle;
  let root: string | undefined;

  before(async () => {
    emulator = await startEmulator({ clock });
  });
  after(async () => {
    clock.resume();
    if (root !== undefined) await fs.promises.rm(root, { recursive: true, force: true });
    await emulator?.close();
  });

  it("deploys the gate from the installed package's plugin folder; one Ctrl-C mid-wait leaves a stack that the next `pulumi up` completes", async () => {
    const started = Date.now();
    const tarball = await packedBuild(); // the build the other YAML tests load the plugin from, when they ran first
    root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-yaml-installed-"));
    const project = path.join(root, "project");
    await fs.promises.mkdir(project);
    await fs.promises.copyFile(path.join(YAML_PROGRAMS.example, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    const manifest = JSON.parse(await fs.promises.readFile(path.join(YAML_PROGRAMS.example, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    manifest.dependencies["pulumi-dcs-migration"] = `file:${tarball}`;
    await fs.promises.writeFile(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const installFlags = ["install", "--no-audit", "--no-fund", "--no-update-notifier"];
    try {
      await npm([...installFlags, "--offline"], project);
    } catch (offline) {
      if (!/ENOTCACHED/.test(String((offline as Error).message))) throw offline;
      console.log("      npm cache incomplete for an offline install; installing with --prefer-offline");
      await npm([...installFlags, "--prefer-offline"], project);
    }
    console.log(`      packed and installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const launcher = path.join(project, INSTALLED_PLUGIN_PATH, "pulumi-resource-dcs-migration");
    assert.ok((fs.statSync(launcher).mode & 0o111) !== 0, `${launcher} is not executable`);

    // Nothing of this checkout on PATH: the CLI with its YAML host, node, and the system's sh.
    const minimalPath = [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);
    const env = cleanPulumiEnv(
      { backendDir: path.join(root, "backend"), pulumiHome: path.join(root, "pulumi-home"), passphrase: "yaml-installed-e2e" },
      {},
      { ...process.env, PATH: minimalPath },
    );
    await fs.promises.mkdir(path.join(root, "backend"));
    await fs.promises.mkdir(path.join(root, "pulumi-home"));
    const base = pluginStackConfig(emulator);
    const pulumi = (args: string[], onSpawn?: (pid: number) => void): Promise<PulumiRun> =>
      runPulumi(args, { cwd: project, env, redact: Object.values(base.secretConfig), ...(onSpawn ? { onSpawn } : {}) });
    const ok = async (args: string[]): Promise<PulumiRun> => {
      const r = await pulumi(args);
      assert.equal(r.code, 0, describeRun(r));
      return r;
    };
    const exported = async (): Promise<ExportedState & { text: string }> => {
      const text = (await ok(["stack", "export"])).stdout;
      return { ...(JSON.parse(text) as ExportedState), text };
    };
    const gateOf = (state: ExportedState) => state.deployment?.resources?.find((r) => r.type === GATE_TYPE);

    // 30 % and standing still until the clock resumes, then 30 → 100 % in 0.7 s.
    clock.pause();
    const taskId = "e2e-yaml-installed-1";
    await emulator.control.createTask({
      kind: "scripted",
      id: taskId,
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 7_000, shape: "linear" }] },
      timeScale: 10,
    });
    await ok(["stack", "init", "dev"]);
    const settings = { ...base.config, "yaml-gate:taskId": taskId, "yaml-gate:stableForSeconds": "1", "yaml-gate:pollIntervalSeconds": "1", "yaml-gate:minPollIntervalSeconds": "1" };
    await ok([
      "config",
      "set-all",
      ...Object.entries(settings).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
      ...Object.entries(base.secretConfig).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
    ]);

    let cliPid: number | undefined;
    const pending = pulumi(["up", "--yes", "--skip-preview"], (pid) => (cliPid = pid));
    await untilTaskRead(emulator.control, taskId, pending, { reads: 2 }); // the invoke's read, then the gate's
    assert.ok(cliPid !== undefined);
    const signalledAt = Date.now();
    process.kill(-cliPid, "SIGINT"); // Ctrl-C in a terminal: SIGINT to the CLI's process group
    const interrupted = await pending;
    const endedAfterMs = Date.now() - signalledAt;
    console.log(`      pulumi up ended ${endedAfterMs} ms after SIGINT`);
    assert.notEqual(interrupted.code, 0, describeRun(interrupted));
    assert.ok(endedAfterMs <= 10_000, `pulumi up ran on for ${endedAfterMs} ms after SIGINT`);
    const afterCtrlC = await exported();
    const saved = gateOf(afterCtrlC);
    assert.ok(saved !== undefined, `no gate in state after Ctrl-C: ${afterCtrlC.text.slice(0, 2000)}`);
    assert.equal(saved.outputs?.["completed"], false);
    assert.ok((saved.initErrors ?? []).length > 0, "the interrupted gate carries no init error");
    assert.deepEqual(afterCtrlC.deployment?.pending_operations ?? [], [], "Ctrl-C left a pending operation");

    clock.resume();
    const resumed = await ok(["up", "--yes", "--skip-preview"]);
    assert.match(resumed.stdout, /~ 1 updated/, describeRun(resumed));
    assert.match(resumed.stdout, /\+ 1 created/, describeRun(resumed));
    const out = JSON.parse((await ok(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    assert.equal(out["gateCompleted"], true);
    assert.equal(out["gateProgress"], 100);
    assert.ok(Date.parse(String(out["cutoverObservedAt"])) >= Date.parse(String(out["gateCompletedAt"])), "the cut-over came before the gate opened");
    const final = await exported();
    assert.equal(gateOf(final)?.id, saved.id, "the gate was recreated instead of resumed");
    assert.ok(!final.text.includes(root), "the state records a path of this machine");
    const destroy = await ok(["destroy", "--yes"]);
    assert.match(destroy.stdout, /- 3 deleted/, describeRun(destroy));
  });
});
