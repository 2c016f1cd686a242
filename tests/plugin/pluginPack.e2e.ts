import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { pluginTarballName } from "../../plugin/packPlugin";
import { markSecret } from "../../provider/pulumi/wireValues";
import { cleanPulumiEnv } from "../support/cleanPulumiEnv";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { builtPluginFolder, pluginTarball } from "../support/builtPlugin";
import { npm } from "../support/packPackage";
import { startPluginHost } from "../support/pluginHost";
import { pulumiCommand } from "../support/pulumiCommand";

const VERSION: string = require("../../package.json").version;
const WAIT_URN = "urn:pulumi:dev::proto::dcs-migration:index:WaitForMigration::gate";

describe("the provider plugin as released: npm package and `npm run plugin:pack` tarball", function () {
  this.timeout(240_000);
  let home: string;
  let emulator: EmulatorHandle;
  let engine: FakeEngine;

  before(async () => {
    home = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-plugin-home-"));
    emulator = await startEmulator();
    engine = await startFakeEngine();
  });

  after(async () => {
    await engine?.close();
    await emulator?.close();
    if (home !== undefined) await fs.promises.rm(home, { recursive: true, force: true });
  });

  it("ships an executable launcher and the schema in plugin/ of the npm package, next to the compiled plugin", async () => {
    // The build the YAML end-to-end tests load the plugin from (once per test process).
    const root = path.dirname(await builtPluginFolder());
    const { stdout } = await npm(["pack", "--json", "--dry-run"], root);
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string; mode: number }> }>)[0]!.files;
    const launcher = files.find((f) => f.path === "plugin/pulumi-resource-dcs-migration");
    assert.ok(launcher !== undefined, "launcher packed");
    assert.equal(launcher.mode & 0o111, 0o111, "launcher executable");
    for (const file of ["plugin/schema.json", "dist/plugin/main.js", "dist/provider/pulumi/waitForMigrationProvider.js"]) {
      assert.ok(files.some((f) => f.path === file), file);
    }
  });

  it("installs with `pulumi plugin install --file` into a fresh PULUMI_HOME and serves a wait with only node on PATH", async () => {
    const tarball = await pluginTarball(); // `npm run plugin:pack` of that build
    assert.equal(path.basename(tarball), pluginTarballName(VERSION));

    const env = cleanPulumiEnv({ backendDir: path.join(home, "backend"), pulumiHome: home, passphrase: "unused" });
    await promisify(execFile)(pulumiCommand(), ["plugin", "install", "resource", "dcs-migration", VERSION, "--file", tarball], { env, cwd: home });
    const installed = path.join(home, "plugins", `resource-dcs-migration-v${VERSION}`, "pulumi-resource-dcs-migration");
    assert.ok(fs.existsSync(installed), `${installed} exists`);

    // Only node and the base system: no checkout, no ts-node, no npm.
    const plugin = await startPluginHost({
      engineAddress: engine.address,
      launcher: installed,
      cwd: home,
      env: { PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter) },
    });
    try {
      assert.equal(await plugin.getPluginInfo(), VERSION);
      const schema = await plugin.getSchema();
      assert.deepEqual(schema, JSON.parse(await fs.promises.readFile(path.join(__dirname, "..", "..", "plugin", "schema.json"), "utf8")));
      await plugin.configure({
        "dcs-migration:config:dcsEndpoint": emulator.url,
        "dcs-migration:config:projectId": emulator.projectId,
      });
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
});
