import * as fs from "node:fs";
import * as path from "node:path";

/** The checkout this file belongs to. */
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PACKAGE_NAME = "pulumi-dcs-migration";

/**
 * Makes `import … from "pulumi-dcs-migration"` work in a copied program (a test fixture or an
 * example) against this checkout's sources, without a build: the program's `node_modules`
 * becomes a folder linking every package of the repo's `node_modules`, plus a
 * `pulumi-dcs-migration` entry that loads `sdk/index.ts` (the program runs under ts-node, which
 * compiles it). `npm run lint` resolves the same name through the `paths` mapping in
 * tsconfig.json.
 *
 * The dynamic providers then find the checkout the way sdk/providerShim.ts documents: through
 * the real location of `@pulumi/pulumi`. The packed package is tested separately
 * (tests/e2e/installedPackage.e2e.ts).
 */
export async function linkPackageSources(programDir: string): Promise<void> {
  const nodeModules = path.join(programDir, "node_modules");
  await fs.promises.rm(nodeModules, { recursive: true, force: true });
  await fs.promises.mkdir(nodeModules);
  const repoModules = path.join(REPO_ROOT, "node_modules");
  for (const entry of await fs.promises.readdir(repoModules)) {
    if (entry === PACKAGE_NAME) continue;
    await fs.promises.symlink(path.join(repoModules, entry), path.join(nodeModules, entry));
  }
  const stub = path.join(nodeModules, PACKAGE_NAME);
  await fs.promises.mkdir(stub);
  await fs.promises.writeFile(
    path.join(stub, "package.json"),
    `${JSON.stringify({ name: PACKAGE_NAME, private: true, main: "index.js" }, null, 2)}\n`,
  );
  await fs.promises.writeFile(
    path.join(stub, "index.js"),
    `// Written by tests/support/linkPackageSources.ts: the checkout's SDK sources.\n` +
      `module.exports = require(${JSON.stringify(path.join(REPO_ROOT, "sdk", "index.ts"))});\n`,
  );
}
