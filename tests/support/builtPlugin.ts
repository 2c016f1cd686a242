import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { pluginTarballName } from "../../release/packPlugin";
import { hostTarget } from "../../release/releaseTargets";
import { servedRelease } from "./servedRelease";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");

let pending: Promise<string> | undefined;
let packed: Promise<string> | undefined;

/**
 * The checkout's `plugin/` folder after a build, as a program's `plugins.providers[].path` names
 * it: the launcher and `schema.json` in `<tmp>/plugin/`, the compiled code in `<tmp>/dist/`, the
 * package.json (the plugin's version) and the repo's node_modules beside them — the layout of the
 * installed npm package. Compiled once per test process (`tsc --noCheck`: `npm run lint`
 * type-checks) into a temp folder, so the working tree's `dist/` is never read or written: a
 * stale build there cannot decide what the tests run. Removed when the process exits.
 */
export function builtPluginFolder(): Promise<string> {
  pending ??= build();
  return pending;
}

/**
 * `npm pack` of that same build: the tarball a user installs (same `files` as a release; the
 * release's type check is `npm run lint`'s). Packed once per test process; removed at exit.
 */
export function packedBuild(): Promise<string> {
  packed ??= builtPluginFolder().then(async (pluginDir) => {
    const root = path.dirname(pluginDir);
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", root], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const [result] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (result === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
    return path.join(root, path.basename(result.filename));
  });
  return packed;
}

/**
 * The provider plugin tarball of this machine's platform from the release the end-to-end tests
 * share (`npm run release`, see servedRelease), for `pulumi plugin install … --file <tarball>`.
 */
export async function pluginTarball(): Promise<string> {
  const release = await servedRelease();
  const target = hostTarget();
  if (target === undefined) throw new Error(`A release has no plugin binary for ${process.platform}-${process.arch}.`);
  return path.join(release.dir, pluginTarballName(release.version, target));
}

async function build(): Promise<string> {
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-plugin-"));
  process.once("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "-p", path.join(REPO_ROOT, "tsconfig.build.json"), "--noCheck", "--outDir", path.join(root, "dist")];
  try {
    await run(process.execPath, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`Compiling the plugin failed: ${err.stdout ?? ""}${err.stderr ?? ""}`, { cause: e });
  }
  const pluginDir = path.join(root, "plugin");
  await fs.promises.mkdir(pluginDir);
  for (const file of ["pulumi-resource-dcs-migration", "schema.json"]) {
    await fs.promises.copyFile(path.join(REPO_ROOT, "plugin", file), path.join(pluginDir, file));
  }
  await fs.promises.chmod(path.join(pluginDir, "pulumi-resource-dcs-migration"), 0o755);
  for (const file of ["package.json", "README.md"]) {
    await fs.promises.copyFile(path.join(REPO_ROOT, file), path.join(root, file));
  }
  await fs.promises.symlink(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  return pluginDir;
}
