import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { migrationStatsProvider } from "../../sdk/migrationStats";
import { createProviderShim } from "../../sdk/providerShim";
import { waitForMigrationProvider } from "../../sdk/waitForMigration";
import { serializeProvider } from "../support/serializeProvider";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SIZE_BUDGET = 16 * 1024;

/**
 * Evaluates `__provider` text the way the dynamic-provider host does (require-from-string,
 * `handler()`, `configure`), in a fresh Node process whose working directory is `cwd`, then
 * runs `check` and prints its result or the error.
 */
function evaluateInHost(text: string, cwd: string): Promise<{ result?: unknown; error?: string }> {
  const requireFromString = require.resolve("require-from-string");
  const script = `
    const requireFromString = require(${JSON.stringify(requireFromString)});
    let text = "";
    process.stdin.on("data", (d) => (text += d)).on("end", async () => {
      try {
        const provider = requireFromString(text).handler();
        await provider.configure({ config: { get: () => undefined } });
        console.log(JSON.stringify({ result: await provider.check({}, { taskId: "t" }) }));
      } catch (e) {
        console.log(JSON.stringify({ error: e.message }));
      }
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["-e", script], { cwd, env: { PATH: process.env["PATH"] ?? "" } }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "{}"));
    });
    child.stdin!.end(text);
  });
}

describe("the serialized provider (__provider)", () => {
  let tmp: string;
  before(async () => {
    tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-shim-"));
  });
  after(async () => {
    await fs.promises.rm(tmp, { recursive: true, force: true });
  });

  for (const [name, provider] of [
    ["WaitForMigration", waitForMigrationProvider],
    ["MigrationStats", migrationStatsProvider],
  ] as const) {
    it(`${name}: stays under 16 KiB and holds no path of this machine`, async () => {
      const { text } = await serializeProvider(provider);
      const bytes = Buffer.byteLength(text);
      assert.ok(bytes <= SIZE_BUDGET, `${name} __provider is ${bytes} bytes`);
      for (const local of [REPO_ROOT, os.homedir(), os.tmpdir(), process.cwd()]) {
        assert.ok(!text.includes(local), `__provider contains ${local}`);
      }
      assert.match(text, /require\(`\$\{packageName\}\/dist\/\$\{entry\}`\)/, "loads the provider by package name");
      assert.match(text, new RegExp(`kind: "${name}"`));
    });
  }

  it("captures nothing from the program: secret stack config never reaches __provider", async () => {
    const saved = pulumi.runtime.allConfig();
    pulumi.runtime.setAllConfig(
      { "huaweicloud:secretKey": "program-config-secret-value", "huaweicloud:accessKey": "AKPROGRAMCONFIG" },
      ["huaweicloud:secretKey"],
    );
    try {
      const { text, containsSecrets } = await serializeProvider(createProviderShim("WaitForMigration"));
      assert.equal(containsSecrets, false);
      assert.ok(!text.includes("program-config-secret-value"));
      assert.ok(!text.includes("AKPROGRAMCONFIG"));
    } finally {
      pulumi.runtime.setAllConfig(saved, []);
    }
  });

  it("loads an installed package by name from the program's node_modules", async () => {
    const program = path.join(tmp, "installed");
    const entry = path.join(program, "node_modules", "pulumi-dcs-migration", "dist", "provider");
    await fs.promises.mkdir(entry, { recursive: true });
    // A stand-in for the built package: proves which file the shim requires, not what it does.
    await fs.promises.writeFile(
      path.join(entry, "dynamicProviders.js"),
      "exports.createDynamicProvider = (kind) => ({ check: async () => ({ inputs: { loadedBy: 'package name', kind } }) });\n",
    );
    const { text } = await serializeProvider(waitForMigrationProvider);
    assert.deepEqual(await evaluateInHost(text, program), {
      result: { inputs: { loadedBy: "package name", kind: "WaitForMigration" } },
    });
  });

  it("fails with a message that says to install the package when it cannot be found", async () => {
    const empty = path.join(tmp, "empty");
    await fs.promises.mkdir(empty);
    const { text } = await serializeProvider(waitForMigrationProvider);
    const { error } = await evaluateInHost(text, empty);
    assert.match(error ?? "", /Cannot load the pulumi-dcs-migration provider: `require\("pulumi-dcs-migration"\)` fails from /);
    assert.match(error ?? "", /npm install pulumi-dcs-migration/);
  });
});
