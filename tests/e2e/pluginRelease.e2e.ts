import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { markSecret } from "../../provider/pulumi";
import { pluginExecutableName, pluginTarballName } from "../../release/packPlugin";
import { RELEASE_TARGETS } from "../../release/releaseTargets";
import { seaFuseFlipped } from "../../release/seaBinary";
import { checksumsFileName } from "../../release/buildRelease";
import { cleanPulumiEnv } from "../support/cleanPulumiEnv";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { startPluginHost } from "../support/pluginHost";
import { pulumiCommand } from "../support/pulumiCommand";
import type { PulumiWorkspace } from "../support/pulumiWorkspace";
import { describeRun, type PulumiRun } from "../support/runPulumi";
import { serveFolder, servedRelease, type ServedRelease } from "../support/servedRelease";
import { createYamlGateStack, withoutPluginsBlock, YAML_PROGRAMS } from "../support/yamlGateStack";

const run = promisify(execFile);
const WAIT_URN = "urn:pulumi:dev::proto::dcs-migration:index:WaitForMigration::gate";
const LINUX_AMD64 = RELEASE_TARGETS.find((t) => t.os === "linux" && t.arch === "amd64")!;

/** The folder of the CLI and the YAML host: the whole PATH of a run that must not find `node`. */
function nodeFreePath(): string {
  const dir = process.env["PULUMI_TOOLCHAIN_BIN"];
  if (dir === undefined || dir === "") throw new Error("PULUMI_TOOLCHAIN_BIN is not set: run through scripts/test (it runs scripts/ensure-pulumi).");
  assert.ok(!fs.existsSync(path.join(dir, "node")), `${dir} holds a node`);
  return dir;
}

/** What `pulumi plugin install` prints and leaves behind in a fresh PULUMI_HOME. */
interface InstallAttempt {
  readonly code: number;
  readonly output: string;
  /** Names under PULUMI_HOME/plugins afterwards. */
  readonly plugins: string[];
  /** `pulumi plugin ls` afterwards. */
  readonly listed: string;
  readonly home: string;
}

async function pluginInstall(args: readonly string[], reuseHome?: string): Promise<InstallAttempt> {
  const home = reuseHome ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-plugin-home-")));
  const env = { ...cleanPulumiEnv({ backendDir: path.join(home, "backend"), pulumiHome: home, passphrase: "unused" }), PATH: nodeFreePath() };
  const cli = (a: readonly string[]) =>
    run(pulumiCommand(), ["--non-interactive", "--color", "never", ...a], { env, cwd: home }).then(
      (r) => ({ code: 0, output: `${r.stdout}${r.stderr}` }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
    );
  const install = await cli(["plugin", "install", "resource", "dcs-migration", ...args]);
  const pluginsDir = path.join(home, "plugins");
  const plugins = fs.existsSync(pluginsDir) ? (await fs.promises.readdir(pluginsDir)).sort() : [];
  const listed = (await cli(["plugin", "ls"])).output;
  return { ...install, plugins, listed, home };
}

/** Nothing of dcs-migration is installed: no plugin folder Pulumi would load, and `plugin ls` lists none. */
function assertNothingInstalled(attempt: InstallAttempt): void {
  const folders = attempt.plugins.filter((p) => /^resource-dcs-migration-v[^.]+\.[^.]+\.[^.]+$/.test(p));
  // The CLI marks a folder it is still filling with `<folder>.partial` and never loads it.
  for (const folder of folders) assert.ok(attempt.plugins.includes(`${folder}.partial`), `${folder} left without its .partial marker: ${attempt.plugins.join(", ")}`);
  assert.doesNotMatch(attempt.listed, /dcs-migration/, attempt.listed);
}

function elfMachine(bytes: Buffer): number {
  assert.deepEqual([...bytes.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], "ELF magic");
  assert.equal(bytes[4], 2, "ELF64");
  return bytes.readUInt16LE(18);
}

function peMachine(bytes: Buffer): number {
  assert.equal(bytes.toString("latin1", 0, 2), "MZ");
  const pe = bytes.readUInt32LE(0x3c);
  assert.equal(bytes.toString("latin1", pe, pe + 4), "PE\0\0");
  return bytes.readUInt16LE(pe + 4);
}

describe("the plugin release (`npm run release`): one Node-free executable per platform, which the engine downloads by itself", function () {
  this.timeout(900_000);
  let release: ServedRelease;
  let emulator: EmulatorHandle;
  let engine: FakeEngine;
  const workspaces: PulumiWorkspace[] = [];
  const homes: string[] = [];
  let unpacked: string;

  before(async () => {
    [release, emulator, engine] = await Promise.all([servedRelease(), startEmulator(), startFakeEngine()]);
    console.log(`      (npm run release took ${release.buildSeconds.toFixed(0)} s)`);
    unpacked = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-release-unpacked-"));
  });
  after(async () => {
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
    await Promise.all(homes.map((h) => fs.promises.rm(h, { recursive: true, force: true })));
    if (unpacked !== undefined) await fs.promises.rm(unpacked, { recursive: true, force: true });
    await engine?.close();
    await emulator?.close();
  });

  it("holds a tarball per platform (the executable at its root, a SEA blob injected) and their SHA-256 sums", async () => {
    const expected = [...RELEASE_TARGETS.map((t) => pluginTarballName(release.version, t)), checksumsFileName(release.version)];
    const files = (await fs.promises.readdir(release.dir)).filter((f) => !fs.statSync(path.join(release.dir, f)).isDirectory());
    assert.deepEqual(files.sort(), expected.sort());

    const sums = await fs.promises.readFile(path.join(release.dir, checksumsFileName(release.version)), "utf8");
    for (const target of RELEASE_TARGETS) {
      const name = pluginTarballName(release.version, target);
      const digest = createHash("sha256").update(await fs.promises.readFile(path.join(release.dir, name))).digest("hex");
      assert.ok(sums.includes(`${digest}  ${name}\n`), `${name}: ${digest} in\n${sums}`);

      const { stdout } = await run("tar", ["-tzf", path.join(release.dir, name)]);
      assert.deepEqual(stdout.trim().split("\n").sort(), ["NODE-LICENSE", pluginExecutableName(target)]);
      const dir = path.join(unpacked, `${target.os}-${target.arch}`);
      await fs.promises.mkdir(dir);
      await run("tar", ["-xzf", path.join(release.dir, name), "-C", dir]);
      const exe = path.join(dir, pluginExecutableName(target));
      assert.equal((await fs.promises.stat(exe)).mode & 0o111, 0o111, `${exe} executable`);
      const bytes = await fs.promises.readFile(exe);
      // The machine each binary is for (only linux-amd64 runs here; the others are checked, not run).
      const machine = target.os === "windows" ? peMachine(bytes) : elfMachine(bytes);
      assert.equal(machine, target.arch === "arm64" ? 0xb7 : target.os === "windows" ? 0x8664 : 0x3e, `${name}: machine 0x${machine.toString(16)}`);
      assert.ok(await seaFuseFlipped(exe), `${name}: SEA fuse flipped`);
      // The bundled plugin is inside, with the release's download URL built in.
      assert.ok(bytes.includes("pulumi-resource-dcs-migration failed to start"), `${name}: plugin code inside`);
      assert.ok(bytes.includes(release.pluginDownloadURL), `${name}: download URL inside`);
    }
  });

  it("`pulumi plugin install resource dcs-migration <v> --server <url>` installs it, and it serves a wait with an empty environment", async () => {
    const attempt = await pluginInstall([release.version, "--server", release.pluginDownloadURL]);
    homes.push(attempt.home);
    assert.equal(attempt.code, 0, attempt.output);
    const installed = path.join(attempt.home, "plugins", `resource-dcs-migration-v${release.version}`, "pulumi-resource-dcs-migration");
    assert.ok(fs.existsSync(installed), `${installed} exists`);
    assert.ok(release.server.requests.includes(`GET /releases/v${release.version}/${pluginTarballName(release.version, LINUX_AMD64)} 200`), release.server.requests.join("\n"));

    const plugin = await startPluginHost({ engineAddress: engine.address, launcher: installed, cwd: attempt.home, env: { PATH: "" } });
    try {
      assert.equal(await plugin.getPluginInfo(), release.version);
      const schema = await plugin.getSchema();
      const committed = JSON.parse(await fs.promises.readFile(path.join(__dirname, "..", "..", "plugin", "schema.json"), "utf8"));
      assert.deepEqual(schema, { ...committed, pluginDownloadURL: release.pluginDownloadURL });
      await plugin.configure({ "dcs-migration:config:dcsEndpoint": emulator.url, "dcs-migration:config:projectId": emulator.projectId });
      const taskId = (await emulator.control.createTask({ kind: "scripted", preset: "complete" })).id;
      const created = await plugin.create(WAIT_URN, {
        taskId,
        stableForSeconds: 0,
        accessKey: emulator.credentials.accessKey,
        secretKey: markSecret(emulator.credentials.secretKey),
      });
      assert.equal(created.properties["completed"], true);
      assert.ok(engine.logs.some((l) => l.urn === WAIT_URN && /complete after/.test(l.message)));
    } finally {
      await plugin.close();
    }
  });

  it("a YAML program gates a deployment on the plugin the engine downloads itself: `pulumi package add <executable>`, empty PULUMI_HOME, no `plugins:` block, no node on PATH", async () => {
    const taskId = (await emulator.control.createTask({ kind: "scripted", preset: "complete" })).id;
    const ws = await createYamlGateStack({
      emulator,
      program: await withoutPluginsBlock(YAML_PROGRAMS.example),
      pluginDir: undefined,
      taskId,
      timings: { stableForSeconds: 0 },
      env: { PATH: nodeFreePath(), PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false" },
    });
    workspaces.push(ws);
    const pluginsDir = path.join(path.dirname(ws.programDir), "pulumi-home", "plugins");

    // `package add` asks the plugin for its schema and writes YAML's package declaration from it.
    const exe = path.join(unpacked, "add", pluginExecutableName(LINUX_AMD64));
    await fs.promises.mkdir(path.dirname(exe), { recursive: true });
    await run("tar", ["-xzf", path.join(release.dir, pluginTarballName(release.version, LINUX_AMD64)), "-C", path.dirname(exe)]);
    const add = await ws.run(["package", "add", exe]);
    const declaration = path.join(ws.programDir, "sdks", "dcs-migration", `dcs-migration-${release.version}.yaml`);
    assert.ok(fs.existsSync(declaration), describeRun(add));
    assert.equal(
      await fs.promises.readFile(declaration, "utf8"),
      `packageDeclarationVersion: 1\nname: dcs-migration\nversion: ${release.version}\ndownloadUrl: ${release.pluginDownloadURL}\n`,
    );
    // Pulumi YAML's host (1.25) then fails the last step, linking the package into Pulumi.yaml.
    assert.ok(add.code === 0 || /Link not implemented/.test(add.stderr), describeRun(add));
    assert.ok(!fs.existsSync(pluginsDir) || (await fs.promises.readdir(pluginsDir)).length === 0, "nothing installed by package add");

    const before = release.server.requests.length;
    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.equal(up.code, 0, describeRun(up));
    assert.deepEqual(release.server.requests.slice(before), [`GET /releases/v${release.version}/${pluginTarballName(release.version, LINUX_AMD64)} 200`]);
    assert.ok(fs.existsSync(path.join(pluginsDir, `resource-dcs-migration-v${release.version}`, "pulumi-resource-dcs-migration")));
    const outputs = await ws.run(["stack", "output", "--json"]);
    const out = JSON.parse(outputs.stdout) as Record<string, unknown>;
    assert.equal(out["gateCompleted"], true, outputs.stdout);
    assert.equal(typeof out["liveProgress"], "number", outputs.stdout);
  });

  it("refuses a platform the release has no binary for, naming the asset it looked for; nothing installed", async () => {
    const other = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-release-other-"));
    homes.push(other);
    // A release of the other platforms only: what a darwin user meets today.
    await fs.promises.mkdir(path.join(other, `v${release.version}`));
    for (const t of RELEASE_TARGETS.filter((t) => t !== LINUX_AMD64)) {
      const name = pluginTarballName(release.version, t);
      await fs.promises.copyFile(path.join(release.dir, name), path.join(other, `v${release.version}`, name));
    }
    const server = await serveFolder(other);
    try {
      const attempt = await pluginInstall([release.version, "--server", `${server.origin}/v\${VERSION}`]);
      homes.push(attempt.home);
      assert.notEqual(attempt.code, 0);
      assert.ok(
        attempt.output.includes(`404 HTTP error fetching plugin from ${server.origin}/v${release.version}/${pluginTarballName(release.version, LINUX_AMD64)}`),
        attempt.output,
      );
      assertNothingInstalled(attempt);
      assert.deepEqual(attempt.plugins, []);
    } finally {
      await server.close();
    }
  });

  it("refuses a version the server does not hold (a missing asset), naming the URL; nothing installed", async () => {
    const attempt = await pluginInstall(["0.0.9", "--server", release.pluginDownloadURL]);
    homes.push(attempt.home);
    assert.notEqual(attempt.code, 0);
    assert.ok(attempt.output.includes(`404 HTTP error fetching plugin from ${release.server.origin}/releases/v0.0.9/pulumi-resource-dcs-migration-v0.0.9-linux-amd64.tar.gz`), attempt.output);
    assert.deepEqual(attempt.plugins, []);
  });

  it("refuses a truncated tarball: the CLI names the plugin and leaves only a folder marked .partial, which nothing loads and the next install replaces; `--checksum` refuses it before unpacking", async () => {
    const broken = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-release-broken-"));
    homes.push(broken);
    const name = pluginTarballName(release.version, LINUX_AMD64);
    const whole = await fs.promises.readFile(path.join(release.dir, name));
    await fs.promises.mkdir(path.join(broken, `v${release.version}`));
    await fs.promises.writeFile(path.join(broken, `v${release.version}`, name), whole.subarray(0, Math.floor(whole.length / 2)));
    const server = await serveFolder(broken);
    try {
      const attempt = await pluginInstall([release.version, "--server", `${server.origin}/v\${VERSION}`]);
      homes.push(attempt.home);
      assert.notEqual(attempt.code, 0);
      assert.match(attempt.output, new RegExp(`installing \\[resource plugin dcs-migration-${release.version.replace(/\./g, "\\.")}\\].*(unexpected EOF|uncompressing|gzip)`), attempt.output);
      assertNothingInstalled(attempt);
      const again = await pluginInstall([release.version, "--server", release.pluginDownloadURL], attempt.home);
      assert.equal(again.code, 0, again.output);
      assert.deepEqual(again.plugins.filter((p) => p.endsWith(".partial")), []);
      assert.match(again.listed, /dcs-migration\s+resource\s+/, again.listed);

      const sum = createHash("sha256").update(whole).digest("hex");
      const checked = await pluginInstall([release.version, "--server", `${server.origin}/v\${VERSION}`, "--checksum", sum]);
      homes.push(checked.home);
      assert.notEqual(checked.code, 0);
      assert.ok(checked.output.includes(`invalid checksum, expected ${sum}`), checked.output);
      assert.deepEqual(checked.plugins.filter((p) => p.includes("dcs-migration") && !p.endsWith(".lock")), []);
    } finally {
      await server.close();
    }
  });

  it("a wrong pluginDownloadURL fails `pulumi up` naming the URL it tried; nothing installed", async () => {
    const taskId = (await emulator.control.createTask({ kind: "scripted", preset: "complete" })).id;
    const ws = await createYamlGateStack({
      emulator,
      program: await withoutPluginsBlock(YAML_PROGRAMS.gateOnly),
      pluginDir: undefined,
      taskId,
      env: { PATH: nodeFreePath(), PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false" },
    });
    workspaces.push(ws);
    const wrong = `${release.server.origin}/no-such-release/v\${VERSION}`;
    await fs.promises.writeFile(
      path.join(ws.programDir, "dcs-migration.yaml"),
      `packageDeclarationVersion: 1\nname: dcs-migration\nversion: ${release.version}\ndownloadUrl: ${wrong}\n`,
    );
    const up: PulumiRun = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(up.code, 0);
    const tried = `${release.server.origin}/no-such-release/v${release.version}/${pluginTarballName(release.version, LINUX_AMD64)}`;
    assert.ok((up.stdout + up.stderr).includes(tried), describeRun(up));
    const pluginsDir = path.join(path.dirname(ws.programDir), "pulumi-home", "plugins");
    const left = fs.existsSync(pluginsDir) ? (await fs.promises.readdir(pluginsDir)).filter((p) => !p.endsWith(".lock")) : [];
    assert.deepEqual(left, []);
  });
});
