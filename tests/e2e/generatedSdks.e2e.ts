import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SCHEMA = path.join(REPO_ROOT, "plugin", "schema.json");
const TOOLCHAIN = path.join(REPO_ROOT, "scripts", "pulumi-toolchain");
const GO_PROGRAM = path.join(__dirname, "fixtures", "go-sdk-program", "main.go");
/** Where the generated Go SDK lives as a module (the publisher's choice; the schema names none). */
const GO_MODULE = "pulumi-dcs-migration/sdk/go";

async function exec(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  try {
    const { stdout } = await run(file, [...args], { ...options, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`\`${file} ${args.join(" ")}\` failed:\n${err.stdout ?? ""}\n${err.stderr ?? ""}`, { cause: e });
  }
}

async function onPath(command: string): Promise<boolean> {
  return exec("bash", ["-c", `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

// `pulumi package gen-sdk --language python|go` needs the CLI's Python and Go language hosts, whose
// modules the Go module proxy refuses (README); scripts/ensure-gen-sdk builds the same generators
// from github.com/pulumi/pulumi/pkg/v3, which it serves.
describe("the Python and Go SDKs generated from plugin/schema.json (Pulumi's own generators)", function () {
  this.timeout(600_000);
  let root: string;
  let generator: string;

  before(async function () {
    const missing = [];
    if (!(await onPath("go"))) missing.push("go");
    if (!(await onPath("python3"))) missing.push("python3");
    if (missing.length > 0) {
      if (process.env["CI"] === "true" || process.env["CI"] === "1") throw new Error(`${missing.join(" and ")} not on PATH`);
      console.log(`      skipped: ${missing.join(" and ")} not on PATH`);
      this.skip();
    }
    generator = (await exec("bash", [path.join(REPO_ROOT, "scripts", "ensure-gen-sdk")])).trim();
    root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-sdks-"));
  });
  after(async () => {
    if (root !== undefined) await fs.promises.rm(root, { recursive: true, force: true });
  });

  it("generates the Python package pulumi_dcs_migration with both resources, the invoke and the provider config, and every file compiles", async () => {
    const out = path.join(root, "python");
    await exec(generator, [SCHEMA, "python", out]);
    const files = await filesUnder(out);
    for (const expected of ["wait_for_migration.py", "migration_stats.py", "get_migration_stats.py", "provider.py", "config/vars.py"]) {
      assert.ok(files.includes(`pulumi_dcs_migration/${expected}`), `no pulumi_dcs_migration/${expected} in ${files.join(", ")}`);
    }
    const wait = await fs.promises.readFile(path.join(out, "pulumi_dcs_migration", "wait_for_migration.py"), "utf8");
    assert.match(wait, /stable_for_seconds: pulumi\.Input\[Optional\[_builtins\.float\]\]/);
    assert.match(wait, /"dcs-migration:index:WaitForMigration"/);
    const config = await fs.promises.readFile(path.join(out, "pulumi_dcs_migration", "config", "vars.py"), "utf8");
    assert.match(config, /def secret_key\(self\)/);
    const sources = files.filter((f) => f.endsWith(".py")).map((f) => path.join(out, f));
    await exec("python3", ["-m", "py_compile", ...sources], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    console.log(`      ${sources.length} Python files compiled`);
  });

  it("generates the Go package dcsmigration, and a Go program using the gate, the invoke and dependsOn builds against github.com/pulumi/pulumi/sdk/v3", async () => {
    const out = path.join(root, "go");
    await exec(generator, [SCHEMA, "go", out, `${GO_MODULE}/dcsmigration`]);
    // The toolchain's go.mod pins the same Pulumi SDK and dependency versions the CLI was built
    // with, so the Go build cache it filled serves most packages; modules stay in the Go module cache.
    const goMod = (await fs.promises.readFile(path.join(TOOLCHAIN, "go.mod"), "utf8")).replace(/^module .*$/m, `module ${GO_MODULE}`);
    await fs.promises.writeFile(path.join(out, "go.mod"), goMod);
    await fs.promises.copyFile(path.join(TOOLCHAIN, "go.sum"), path.join(out, "go.sum"));
    await fs.promises.mkdir(path.join(out, "program"));
    await fs.promises.copyFile(GO_PROGRAM, path.join(out, "program", "main.go"));
    const started = Date.now();
    await exec("go", ["build", "./..."], { cwd: out, env: { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false" } });
    console.log(`      go build ./... took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const files = await filesUnder(out);
    for (const expected of ["waitForMigration.go", "migrationStats.go", "getMigrationStats.go", "provider.go", "config/config.go"]) {
      assert.ok(files.includes(`dcsmigration/${expected}`), `no dcsmigration/${expected} in ${files.join(", ")}`);
    }
  });
});
