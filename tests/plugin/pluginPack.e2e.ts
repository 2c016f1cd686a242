import assert from "node:assert/strict";
import * as path from "node:path";
import { builtPluginFolder } from "../support/builtPlugin";
import { npm } from "../support/packPackage";

describe("the provider plugin in the npm package (the launcher for programs that have Node; the release binaries are tests/e2e/pluginRelease.e2e.ts)", function () {
  this.timeout(240_000);

  it("ships an executable launcher and the schema in plugin/, next to the compiled plugin, and none of the release tooling", async () => {
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
    // esbuild and postject are build tools: nothing the package ships may load them.
    assert.deepEqual(files.filter((f) => /(^|\/)release\/|bundlePlugin|seaBinary/.test(f.path)).map((f) => f.path), []);
  });
});
