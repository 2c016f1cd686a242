import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { cleanPulumiEnv } from "../support/cleanPulumiEnv";
import { emulatorStackConfig } from "../support/emulatorStackConfig";
import { npm, packPackage, type PackedPackage } from "../support/packPackage";
import { describeRun, runPulumi, type PulumiRun } from "../support/runPulumi";

const FIXTURE = path.join(__dirname, "fixtures", "installed");
const REPO_PACKAGE = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The oldest version a caret range `^x.y.z` allows. */
function oldestAllowed(range: string): string {
  const version = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (version === undefined) throw new Error(`Expected a caret range for @pulumi/pulumi, got ${range}`);
  return version;
}

/** Every installed copy of `name` below `dir` (in node_modules folders at any depth), as `<version> <path>`. */
function copiesOf(dir: string, name: string): string[] {
  const found: string[] = [];
  const visit = (modules: string): void => {
    if (!fs.existsSync(modules)) return;
    const manifest = path.join(modules, name, "package.json");
    if (fs.existsSync(manifest)) found.push(`${(JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version} ${path.relative(dir, path.dirname(manifest))}`);
    for (const entry of fs.readdirSync(modules)) {
      const pkgs = entry.startsWith("@") ? fs.readdirSync(path.join(modules, entry)).map((p) => path.join(entry, p)) : [entry];
      for (const pkg of pkgs) visit(path.join(modules, pkg, "node_modules"));
    }
  };
  visit(path.join(dir, "node_modules"));
  return found;
}

describe("the packed package, installed into a fresh Pulumi TypeScript project (end to end)", function () {
  this.timeout(600_000);
  let emulator: EmulatorHandle;
  let packed: PackedPackage | undefined;
  const roots: string[] = [];

  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await packed?.cleanup();
    await Promise.all(roots.map((r) => fs.promises.rm(r, { recursive: true, force: true })));
    await emulator?.close();
  });

  const oldest = oldestAllowed(REPO_PACKAGE.peerDependencies["@pulumi/pulumi"] ?? "");

  it(`builds and packs, installs from the tarball with npm beside the oldest @pulumi/pulumi its range allows (${oldest}), type-checks the user's program against the packed types, and deploys and destroys it against the emulator`, async () => {
    packed = await packPackage();
    assert.ok(packed.files.includes("package/dist/sdk/index.d.ts"), `the tarball lacks the SDK types: ${packed.files.join(", ")}`);
    assert.ok(packed.files.includes("package/dist/provider/dynamicProviders.js"), "the tarball lacks the provider entry point the shim loads");
    assert.ok(!packed.files.some((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts")), "the tarball ships TypeScript sources");
    assert.ok(!packed.files.some((f) => f.includes("/tests/") || f.includes("/emulator/")), "the tarball ships tests or the emulator");
    await installAndDeploy(packed, oldest, 1);
  });

  it("installs and deploys the same beside the newest @pulumi/pulumi on npm, sharing it (one copy in node_modules)", async () => {
    const { stdout } = await npm(["view", "@pulumi/pulumi", "version", "--prefer-online"], os.tmpdir());
    const newest = stdout.trim();
    assert.match(newest, /^3\.\d+\.\d+$/);
    console.log(`      newest @pulumi/pulumi on npm: ${newest}`);
    packed ??= await packPackage();
    await installAndDeploy(packed, newest, 2);
  });

  /**
   * A project outside the repo, as `pulumi new typescript` would make it, with `@pulumi/pulumi` at
   * `pulumiVersion` and the package: installed, checked to hold one copy of the Pulumi runtime
   * (the package's own peer range shares the program's), deployed and destroyed.
   */
  async function installAndDeploy(tarball: PackedPackage, pulumiVersion: string, run: number): Promise<void> {
    const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-installed-"));
    roots.push(root);
    const project = path.join(root, "project");
    await fs.promises.cp(FIXTURE, project, { recursive: true });
    const manifest = {
      name: "my-migration-stack",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-dcs-migration": `file:${tarball.tarball}` },
      devDependencies: { typescript: REPO_PACKAGE.devDependencies["typescript"], "@types/node": REPO_PACKAGE.devDependencies["@types/node"] },
    };
    await fs.promises.writeFile(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const installFlags = ["install", "--no-audit", "--no-fund", "--no-update-notifier"];
    try {
      await npm([...installFlags, "--offline"], project); // everything from the npm cache when it is warm
    } catch (offline) {
      if (!/ENOTCACHED/.test(String((offline as Error).message))) throw offline;
      console.log("      npm cache incomplete for an offline install; installing with --prefer-offline");
      await npm([...installFlags, "--prefer-offline"], project);
    }
    const installed = JSON.parse(await fs.promises.readFile(path.join(project, "node_modules", "pulumi-dcs-migration", "package.json"), "utf8")) as { version: string };
    assert.equal(installed.version, "0.1.0");
    assert.ok(!fs.lstatSync(path.join(project, "node_modules", "pulumi-dcs-migration")).isSymbolicLink(), "the package was linked, not installed");

    const help = await npm(["exec", "--offline", "--", "dcs-migration", "--help"], project);
    assert.match(help.stdout, /dcs-migration/, "the installed CLI did not print its help");

    const env = cleanPulumiEnv(
      { backendDir: path.join(root, "backend"), pulumiHome: path.join(root, "pulumi-home"), passphrase: "installed-e2e" },
      // Like a user's default setup: ts-node type-checks the program against the packed .d.ts files.
      { PULUMI_NODEJS_TRANSPILE_ONLY: "false" },
    );
    await fs.promises.mkdir(path.join(root, "backend"));
    await fs.promises.mkdir(path.join(root, "pulumi-home"));
    const base = emulatorStackConfig(emulator);
    const pulumi = (args: string[]): Promise<PulumiRun> =>
      runPulumi(args, { cwd: project, env, redact: Object.values(base.secretConfig) });
    const ok = async (args: string[]): Promise<PulumiRun> => {
      const r = await pulumi(args);
      assert.equal(r.code, 0, describeRun(r));
      return r;
    };

    assert.deepEqual(copiesOf(project, "@pulumi/pulumi"), [`${pulumiVersion} node_modules/@pulumi/pulumi`]);
    const taskId = (await emulator.control.createTask({ kind: "scripted", id: `e2e-installed-${run}`, preset: "linear", durationMs: 20_000, timeScale: 10, sourceKeys: 3000 })).id;
    await ok(["stack", "init", "dev"]);
    await ok([
      "config",
      "set-all",
      ...Object.entries({ ...base.config, "installed:taskId": taskId }).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
      ...Object.entries(base.secretConfig).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
    ]);
    const up = await ok(["up", "--yes"]);
    assert.match(up.stdout, /\+ 3 created/, describeRun(up));
    const out = JSON.parse((await ok(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    assert.equal(out["completed"], true);
    assert.equal(out["statsProgress"], 100);
    assert.equal(out["statsTargetDbsize"], 3000);
    assert.equal(out["liveSourceDbsize"], 3000);

    const exported = (await ok(["stack", "export"])).stdout;
    assert.ok(!exported.includes(root), "the state records a path of this machine");
    assert.match(exported, /pulumi-dcs-migration/, "the serialized provider does not load the installed package");
    const destroy = await ok(["destroy", "--yes"]);
    assert.match(destroy.stdout, /- 3 deleted/, describeRun(destroy));
  }
});
