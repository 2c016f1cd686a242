import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import type { ScriptedTaskRequest } from "../../emulator/tasks/taskRequest";
import {
  buildGoGate,
  buildNodeGate,
  describeGateRun,
  installPythonGate,
  runGateProgram,
  type GateProgram,
  type GateProgramRun,
} from "../support/automationGatePrograms";
import { ScaledClock } from "../support/scaledClock";
import { pluginStackConfig } from "../support/yamlGateStack";
import type { PulumiWorkspace } from "../support/pulumiWorkspace";
import { runPulumi, type PulumiRun } from "../support/runPulumi";
import { servedRelease, type ServedRelease } from "../support/servedRelease";
import { exportStack } from "../support/stackState";
import { untilTaskRead } from "../support/untilTaskRead";
import { limiter, resultOf, settle, type Settled } from "../support/concurrentScenarios";

/**
 * Python, Go and Node.js programs on the release's SDKs, the way such a team uses the plugin: the
 * wheel `pip install`ed into a venv, the Go module built through a `replace` to the release's `go/`
 * folder, the Node.js SDK's sources compiled as its publisher would; each program an Automation API inline program (the official SDKs serve the program
 * themselves and run the CLI with `--client`, FACTS.md §9), through the real engine against the
 * emulator. The engine downloads the plugin from the release served on 127.0.0.1 (the
 * `pluginDownloadURL` every SDK carries) into an empty PULUMI_HOME; no `plugins:` block anywhere.
 */

const GATE_TYPE = "dcs-migration:index:WaitForMigration";
const CUTOVER_TYPE = "dcs-migration:index:MigrationStats";
const PROJECT = "sdk-gate";
const LANGUAGES = ["python", "go", "nodejs"] as const;
const LANGUAGE_NAMES = { python: "Python", go: "Go", nodejs: "Node.js (the release's Node.js SDK over the plugin)" } as const;
/** The asset the engine downloads on this machine. */
const TARBALL = (version: string): string => `pulumi-resource-dcs-migration-v${version}-linux-amd64.tar.gz`;

function tarballEntries(tarball: string): string[] {
  return execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n").map((e) => e.replace(/^\.\//, ""));
}
const PASSPHRASE = "e2e-passphrase";
/** Stacks at once (each runs a CLI, a plugin and a program process; the machine has 2 cores). */
const CONCURRENT_STACKS = 3;
const FAST_TIMINGS = { stableForSeconds: 1, pollIntervalSeconds: 1, minPollIntervalSeconds: 0.5, stallTimeoutSeconds: 60, timeoutSeconds: 120 };
/** Stands at 30 % while the scenario's clock is paused; 30 → 100 % in 0.7 s once it runs. */
const TIMELINE = { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 7_000, shape: "linear" }] } as const;


/** One stack of a gate program: its folder, backend and (empty) PULUMI_HOME, and the settings file the program reads. */
interface GateStack {
  readonly root: string;
  readonly pulumiHome: string;
  readonly settingsFile: string;
  readonly env: Record<string, string>;
  /** The stack as the CLI sees it, for `pulumi stack export`. */
  readonly ws: PulumiWorkspace;
}

describe("Python, Go and Node.js programs on the release's SDKs (Automation API, real engine, emulator, plugin downloaded from the release)", function () {
  this.timeout(900_000);
  const emulators: EmulatorHandle[] = [];
  const roots: string[] = [];
  let release: ServedRelease;
  /** Whether the release's plugin is the `sh` launcher (node on PATH) or the single executable (no node). */
  let needsNode = true;
  const programs: Partial<Record<GateProgram["language"], Promise<GateProgram>>> = {};
  let taskCount = 0;

  async function pausableEmulator(): Promise<{ emulator: EmulatorHandle; clock: ScaledClock }> {
    const clock = new ScaledClock();
    const emulator = await startEmulator({ clock });
    emulators.push(emulator);
    return { emulator, clock };
  }

  async function createTask(emulator: EmulatorHandle, request: Omit<ScriptedTaskRequest, "kind" | "id">): Promise<string> {
    taskCount += 1;
    const id = `e2e-sdk-${taskCount}-${Date.now().toString(36)}`;
    await emulator.control.createTask({ kind: "scripted", id, ...request });
    return id;
  }

  /** The program's environment: the CLI, and `node` only while the plugin is the `sh` launcher. */
  function programEnv(pulumiHome: string, backendDir: string): Record<string, string> {
    const toolchain = process.env["PULUMI_TOOLCHAIN_BIN"];
    if (toolchain === undefined || toolchain === "") throw new Error("PULUMI_TOOLCHAIN_BIN is not set: run with scripts/test (or set it to `scripts/ensure-pulumi`'s output)");
    const dirs = needsNode ? [toolchain, path.dirname(process.execPath), "/usr/bin", "/bin"] : [toolchain];
    if (!needsNode && dirs.some((d) => fs.existsSync(path.join(d, "node")))) throw new Error(`node is on the programs' PATH ${dirs.join(":")}`);
    return {
      PATH: dirs.join(path.delimiter),
      HOME: process.env["HOME"] ?? os.homedir(),
      PULUMI_HOME: pulumiHome,
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      NO_COLOR: "1",
    };
  }

  async function gateStack(program: GateProgram, emulator: EmulatorHandle, taskId: string, timings: Partial<typeof FAST_TIMINGS> = {}): Promise<GateStack> {
    const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-sdk-e2e-"));
    roots.push(root);
    const workDir = path.join(root, "program");
    const backendDir = path.join(root, "backend");
    const pulumiHome = path.join(root, "pulumi-home");
    await Promise.all([workDir, backendDir, pulumiHome].map((d) => fs.promises.mkdir(d)));
    const base = pluginStackConfig(emulator);
    const config: Record<string, string> = { ...base.config, [`${PROJECT}:taskId`]: taskId };
    for (const [k, v] of Object.entries({ ...FAST_TIMINGS, ...timings })) config[`${PROJECT}:${k}`] = String(v);
    const settingsFile = path.join(root, "settings.json");
    const settings = { workDir, stack: "dev", project: PROJECT, backendUrl: `file://${backendDir}`, pulumiHome, passphrase: PASSPHRASE, config, secretConfig: base.secretConfig, sdkDir: program.sdkDir };
    await fs.promises.writeFile(settingsFile, JSON.stringify(settings));
    const env = programEnv(pulumiHome, backendDir);
    const run = (args: readonly string[]): Promise<PulumiRun> => runPulumi([...args, "--stack", "dev"], { cwd: workDir, env });
    const ws: PulumiWorkspace = { root, programDir: workDir, stack: "dev", env, run, cleanup: () => fs.promises.rm(root, { recursive: true, force: true }) };
    return { root, pulumiHome, settingsFile, env, ws };
  }

  /** Adapts a program run to untilTaskRead, which watches a CLI run for an early end. */
  function asPulumiRun(p: Promise<GateProgramRun>, program: GateProgram): Promise<PulumiRun> {
    return p.then((r) => ({ code: r.code, signal: r.signal, stdout: r.output, stderr: "", command: `${program.language} gate program` }));
  }

  // ── the scenarios, per language ──

  /** The migration at 30 % until the gate has read it, then 100 %: the cut-over follows the gate. */
  async function gate(program: GateProgram) {
    const { emulator, clock } = await pausableEmulator();
    clock.pause();
    const taskId = await createTask(emulator, { timeline: TIMELINE, timeScale: 10 });
    const s = await gateStack(program, emulator, taskId);
    const pending = runGateProgram(program, s.settingsFile, "up", { env: s.env });
    // Two reads: the invoke's, then the gate's first.
    await untilTaskRead(emulator.control, taskId, asPulumiRun(pending, program), { reads: 2 });
    const readsWhileWaiting = (await emulator.control.taskRequests(taskId)).served;
    clock.resume();
    const run = await pending;
    const state = await exportStack(s.ws);
    const plugins = await fs.promises.readdir(path.join(s.pulumiHome, "plugins")).catch(() => [] as string[]);
    return { taskId, run, state, plugins, readsWhileWaiting };
  }

  /** fail-40: 0 → 40 % in 0.8 s, then the task stops (is_migrating false). */
  async function failedTask(program: GateProgram) {
    const { emulator } = await pausableEmulator();
    const taskId = await createTask(emulator, { preset: "fail-40", durationMs: 20_000, timeScale: 10 });
    const s = await gateStack(program, emulator, taskId, { timeoutSeconds: 600 });
    const started = Date.now();
    const run = await runGateProgram(program, s.settingsFile, "up", { env: s.env });
    return { taskId, run, tookSeconds: (Date.now() - started) / 1000, state: await exportStack(s.ws) };
  }

  /** Ctrl-C while the gate waits, then `up` again once the migration completes. */
  async function interrupted(program: GateProgram) {
    const { emulator, clock } = await pausableEmulator();
    clock.pause();
    const taskId = await createTask(emulator, { timeline: TIMELINE, timeScale: 10 });
    const s = await gateStack(program, emulator, taskId, { timeoutSeconds: 600 });
    let pid: number | undefined;
    const pending = runGateProgram(program, s.settingsFile, "up", { env: s.env, onSpawn: (p) => (pid = p) });
    await untilTaskRead(emulator.control, taskId, asPulumiRun(pending, program), { reads: 3 });
    if (pid === undefined) throw new Error("the program's pid is unknown");
    const signalledAt = Date.now();
    // Python, Node.js: a terminal's Ctrl-C (the whole process group; the CLI gets it, the program waits on).
    // Go: SIGINT to the program, whose Automation API context then interrupts the CLI once.
    process.kill(program.language === "go" ? pid : -pid, "SIGINT");
    const first = await pending;
    const endedAfterMs = Date.now() - signalledAt;
    const afterFirst = await exportStack(s.ws);
    clock.resume();
    const second = await runGateProgram(program, s.settingsFile, "up", { env: s.env });
    return { taskId, first, endedAfterMs, afterFirst, second, afterSecond: await exportStack(s.ws) };
  }

  const scenarios: Partial<Record<string, Promise<Settled<unknown>>>> = {};
  const scenario = <T>(key: string): Promise<T> => resultOf(scenarios[key] as Promise<Settled<T>> | undefined);

  before(async function () {
    const missing = ["go", "python3"].filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
    if (missing.length > 0) {
      if (process.env["CI"] === "true" || process.env["CI"] === "1") throw new Error(`${missing.join(" and ")} not on PATH`);
      console.log(`      skipped: ${missing.join(" and ")} not on PATH (the release's SDKs need both to build)`);
      this.skip();
    }
    const started = Date.now();
    release = await servedRelease();
    needsNode = tarballEntries(path.join(release.dir, TARBALL(release.version))).includes("dist/plugin/main.js");
    console.log(`      release built in ${release.buildSeconds.toFixed(1)} s, served at ${release.pluginDownloadURL}${needsNode ? " (plugin: the sh launcher, node on PATH)" : " (no node on PATH)"}`);
    programs.python = installPythonGate(release);
    programs.go = buildGoGate(release);
    programs.nodejs = buildNodeGate(release);
    const slot = limiter(CONCURRENT_STACKS);
    for (const language of LANGUAGES) {
      const program = programs[language] as Promise<GateProgram>;
      // Each scenario waits for its program, then for a slot; the longest first.
      scenarios[`${language}:interrupted`] = settle(program.then((p) => slot(() => interrupted(p))));
      scenarios[`${language}:gate`] = settle(program.then((p) => slot(() => gate(p))));
      scenarios[`${language}:failed`] = settle(program.then((p) => slot(() => failedTask(p))));
    }
    for (const language of LANGUAGES) {
      const p = await settle(programs[language] as Promise<GateProgram>);
      if (p.ok) console.log(`      ${language} program ready in ${p.value.setupSeconds.toFixed(1)} s`);
    }
    console.log(`      setup ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  after(async () => {
    await Promise.allSettled(Object.values(scenarios));
    await Promise.allSettled(emulators.map((e) => e.close()));
    await Promise.allSettled(roots.map((r) => fs.promises.rm(r, { recursive: true, force: true })));
  });

  it("the release holds the wheel and sdist, the Go module and the Node.js sources, each pinning the plugin at the package version from the release's server", async () => {
    const python = await fs.promises.readdir(path.join(release.dir, "python"));
    assert.deepEqual(python.sort(), [`pulumi_dcs_migration-${release.version}-py3-none-any.whl`, `pulumi_dcs_migration-${release.version}.tar.gz`]);
    const goMod = await fs.promises.readFile(path.join(release.dir, "go", "go.mod"), "utf8");
    assert.match(goMod, /^module \S+\/sdk\/go$/m);
    assert.ok(fs.existsSync(path.join(release.dir, "go", "go.sum")), "the Go module has no go.sum");
    const wheel = path.join(release.dir, "python", `pulumi_dcs_migration-${release.version}-py3-none-any.whl`);
    const readZip = "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())";
    const pluginJsons = {
      "the wheel's pulumi_dcs_migration/pulumi-plugin.json": execFileSync("python3", ["-c", readZip, wheel, "pulumi_dcs_migration/pulumi-plugin.json"], { encoding: "utf8" }),
      "go/dcsmigration/pulumi-plugin.json": await fs.promises.readFile(path.join(release.dir, "go", "dcsmigration", "pulumi-plugin.json"), "utf8"),
    };
    for (const [what, text] of Object.entries(pluginJsons)) {
      assert.deepEqual(JSON.parse(text), { resource: true, name: "dcs-migration", version: release.version, server: release.pluginDownloadURL }, what);
    }
    const nodePkg = JSON.parse(await fs.promises.readFile(path.join(release.dir, "nodejs", "package.json"), "utf8")) as { version: string; pulumi: unknown };
    assert.equal(nodePkg.version, release.version);
    assert.deepEqual(nodePkg.pulumi, { resource: true, name: "dcs-migration", version: release.version, server: release.pluginDownloadURL });
    const sizes = [...python.map((f) => path.join("python", f))].map((f) => `${f} ${(fs.statSync(path.join(release.dir, f)).size / 1024).toFixed(1)} KiB`);
    console.log(`      ${sizes.join(", ")}`);
  });

  it("the sdist installs with pip (built from source by pip, as without a wheel) and carries the same version and pulumi-plugin.json", async () => {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-sdist-"));
    roots.push(dir);
    const venv = path.join(dir, "venv");
    execFileSync("python3", ["-m", "venv", venv]);
    const python = path.join(venv, "bin", "python");
    const sdist = path.join(release.dir, "python", `pulumi_dcs_migration-${release.version}.tar.gz`);
    // --no-deps: the package alone (its dependency `pulumi` is installed from PyPI in the programs' venv).
    const install = spawnSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", sdist], { encoding: "utf8" });
    assert.equal(install.status, 0, `pip install of the sdist failed:\n${install.stdout}${install.stderr}`);
    const show = execFileSync(python, ["-m", "pip", "show", "pulumi_dcs_migration"], { encoding: "utf8" });
    assert.match(show, new RegExp(`^Version: ${release.version.replace(/\./g, "\\.")}$`, "m"), show);
    const site = execFileSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
    const plugin = JSON.parse(await fs.promises.readFile(path.join(site, "pulumi_dcs_migration", "pulumi-plugin.json"), "utf8")) as unknown;
    assert.deepEqual(plugin, { resource: true, name: "dcs-migration", version: release.version, server: release.pluginDownloadURL });
  });

  for (const language of LANGUAGES) {
    describe(`a ${LANGUAGE_NAMES[language]} program`, () => {
      it("reads the stats, blocks on the gate until the migration is complete, shows progress, and creates the cut-over after it; the engine downloaded the plugin from the release", async () => {
        const program = await (programs[language] as Promise<GateProgram>);
        const r = await scenario<Awaited<ReturnType<typeof gate>>>(`${language}:gate`);
        assert.equal(r.run.code, 0, describeGateRun(program, r.run));
        assert.equal(r.run.result?.ok, true, describeGateRun(program, r.run));
        const out = r.run.result?.outputs ?? {};
        assert.equal(out["liveProgress"], 30, "the invoke did not read the stats before the wait");
        assert.equal(out["gateCompleted"], true);
        assert.equal(out["cutoverProgress"], 100, "the cut-over read the task before the migration was complete");
        assert.match(r.run.output, new RegExp(`dcs task \\S+: 30% full migration`), `no progress line while waiting: ${describeGateRun(program, r.run)}`);
        assert.match(r.run.output, /complete after/, describeGateRun(program, r.run));
        assert.ok(r.plugins.includes(`resource-dcs-migration-v${release.version}`), `PULUMI_HOME/plugins holds ${r.plugins.join(", ") || "nothing"}`);
        const served = release.server.requests.filter((r) => r.endsWith(`/v${release.version}/${TARBALL(release.version)} 200`));
        assert.ok(served.length > 0, `the release server never served ${TARBALL(release.version)}: ${release.server.requests.join(", ")}`);
        assert.ok(Date.parse(String(out["gateCompletedAt"])) > 0);
        assert.ok(r.state.get(CUTOVER_TYPE, "cutover"));
      });

      it("fails fast when the migration task fails at 40 %, naming the task, its status and the API's reason, and creates nothing after the gate", async () => {
        const program = await (programs[language] as Promise<GateProgram>);
        const r = await scenario<Awaited<ReturnType<typeof failedTask>>>(`${language}:failed`);
        assert.notEqual(r.run.code, 0, describeGateRun(program, r.run));
        assert.equal(r.run.result?.ok, false, describeGateRun(program, r.run));
        assert.match(r.run.output, new RegExp(`DCS migration task ${r.taskId} is FAILED: \\S`), describeGateRun(program, r.run));
        assert.match(r.run.output, /Last seen: 40% full migration/, describeGateRun(program, r.run));
        assert.ok(r.tookSeconds < 120, `the failed task took ${r.tookSeconds} s to fail (timeoutSeconds 600)`);
        assert.equal(r.state.find(CUTOVER_TYPE, "cutover"), undefined, "the cut-over was created");
        assert.equal(r.state.find(GATE_TYPE, "migration"), undefined, "a failed migration left a gate in state");
      });

      it("Ctrl-C mid-wait ends `up` and saves the gate as not complete with no pending operation; the next `up` resumes it (same id, polls added up) and creates the cut-over", async () => {
        const program = await (programs[language] as Promise<GateProgram>);
        const r = await scenario<Awaited<ReturnType<typeof interrupted>>>(`${language}:interrupted`);
        console.log(`      ${language}: the program ended ${r.endedAfterMs} ms after SIGINT`);
        assert.notEqual(r.first.code, 0, describeGateRun(program, r.first));
        assert.match(r.first.output, /Cancelled after .* waiting for DCS migration task/, describeGateRun(program, r.first));
        const saved = r.afterFirst.get(GATE_TYPE, "migration");
        assert.equal(saved.outputs?.["completed"], false, "the interrupted gate is not saved as incomplete");
        assert.ok((saved.initErrors ?? []).length > 0, "the interrupted gate carries no init error, so the next up would not resume it");
        assert.deepEqual(r.afterFirst.pendingOperations, [], "Ctrl-C left a pending operation the user must clear by hand");
        assert.equal(r.afterFirst.find(CUTOVER_TYPE, "cutover"), undefined, "the cut-over was created after Ctrl-C");

        assert.equal(r.second.code, 0, describeGateRun(program, r.second));
        const resumed = r.afterSecond.get(GATE_TYPE, "migration");
        assert.equal(resumed.id, saved.id, "the gate got a new id: it was recreated");
        assert.equal(resumed.outputs?.["completed"], true);
        assert.equal(resumed.outputs?.["startedAt"], saved.outputs?.["startedAt"], "the resumed wait forgot when it started");
        assert.ok(Number(resumed.outputs?.["polls"]) > Number(saved.outputs?.["polls"]), `polls ${String(saved.outputs?.["polls"])} → ${String(resumed.outputs?.["polls"])}: the first attempt's were not carried over`);
        assert.ok(r.afterSecond.find(CUTOVER_TYPE, "cutover") !== undefined, "the cut-over was not created once the gate opened");
      });
    });
  }
});
