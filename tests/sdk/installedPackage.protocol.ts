import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { startDynamicProviderHost, type DynamicProviderHost } from "../support/dynamicProviderHost";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { serializeProvider } from "../support/serializeProvider";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const URN = "urn:pulumi:dev::installed::pulumi-nodejs:dynamic/dcs:WaitForMigration::gate";

/**
 * The package as a user gets it: `npm run build`'s compiler settings, `npm pack`, unpacked into
 * a fresh program's node_modules next to its dependencies. The provider the installed SDK
 * serializes must load, by package name, from that program's folder in the real host.
 */
describe("the installed package (npm pack) inside the real dynamic-provider host", function () {
  this.timeout(240_000);
  let root: string;
  let program: string;
  let files: string[];
  let engine: FakeEngine;
  let emulator: EmulatorHandle;
  let host: DynamicProviderHost;
  let providerText: string;

  before(async () => {
    root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-installed-"));
    const staging = path.join(root, "staging");
    await fs.promises.mkdir(staging);
    for (const f of ["package.json", "README.md"]) await fs.promises.copyFile(path.join(REPO_ROOT, f), path.join(staging, f));
    await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(REPO_ROOT, "tsconfig.build.json"), "--outDir", path.join(staging, "dist")], { cwd: REPO_ROOT });
    const packed = await run("npm", ["pack", "--json", "--pack-destination", root], { cwd: staging, env: { ...process.env, npm_config_loglevel: "error" } });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info!.files.map((f) => f.path);

    // A fresh program: the tarball unpacked as npm would, its dependencies linked from this checkout.
    program = path.join(root, "program");
    const modules = path.join(program, "node_modules");
    await fs.promises.mkdir(path.join(modules, "pulumi-dcs-migration"), { recursive: true });
    await run("tar", ["-xzf", path.join(root, info!.filename), "-C", path.join(modules, "pulumi-dcs-migration"), "--strip-components=1"]);
    for (const entry of await fs.promises.readdir(path.join(REPO_ROOT, "node_modules"))) {
      if (entry !== ".bin" && entry !== "pulumi-dcs-migration") {
        await fs.promises.symlink(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
      }
    }
    await fs.promises.writeFile(path.join(program, "package.json"), '{ "name": "installed", "private": true }\n');

    const installed = require(path.join(modules, "pulumi-dcs-migration", "dist", "sdk", "waitForMigration.js")) as {
      waitForMigrationProvider: pulumi.dynamic.ResourceProvider;
    };
    providerText = (await serializeProvider(installed.waitForMigrationProvider)).text;

    engine = await startFakeEngine();
    emulator = await startEmulator();
    // NODE_DEBUG=module makes Node report every file it loads, so the test can see which copy ran.
    host = await startDynamicProviderHost({ cwd: program, engineAddress: engine.address, env: { NODE_DEBUG: "module" } });
    await host.configure({
      "huaweicloud:dcsEndpoint": emulator.url,
      "huaweicloud:projectId": emulator.projectId,
      "huaweicloud:accessKey": emulator.credentials.accessKey,
      "huaweicloud:secretKey": emulator.credentials.secretKey,
    });
  });

  after(async () => {
    await host?.close();
    await emulator?.close();
    await engine?.close();
    if (root !== undefined) await fs.promises.rm(root, { recursive: true, force: true });
  });

  it("ships the SDK, the provider entry the shim requires, and no tests or sources", () => {
    assert.ok(files.includes("dist/sdk/index.js"));
    assert.ok(files.includes("dist/sdk/index.d.ts"));
    assert.ok(files.includes("dist/provider/dynamicProviders.js"));
    assert.deepEqual(files.filter((f) => /^(tests|provider|sdk|emulator)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts")), []);
  });

  it("waits for a migration with the installed provider, loaded by package name from the program's node_modules", async () => {
    const taskId = (await emulator.control.createTask({ kind: "scripted", preset: "complete" })).id;
    const created = await host.create(URN, { __provider: providerText, __urn: URN, taskId, stableForSeconds: 0 });
    assert.equal(created.properties["completed"], true);
    assert.equal(created.properties["__provider"], providerText);
    const loaded = host.output();
    assert.match(loaded, /node_modules\/pulumi-dcs-migration\/dist\/provider\/dynamicProviders\.js/);
    assert.ok(!loaded.includes(path.join(REPO_ROOT, "provider", "dynamicProviders.ts")), "the checkout's sources were loaded instead");
    assert.ok(engine.logs.some((l) => l.urn === URN));
  });
});
