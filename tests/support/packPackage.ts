import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** What a release build of the checkout needs: the package manifest, build configs and sources. */
const BUILD_INPUTS = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "README.md", "LICENSE", "sdk", "provider", "plugin", "cli"];

export interface PackedPackage {
  /** Absolute path of the `.tgz` that `npm pack` wrote. */
  readonly tarball: string;
  /** Files in the tarball, e.g. `package/dist/sdk/index.js`. */
  readonly files: readonly string[];
  /** Removes the build folder and the tarball. */
  cleanup(): Promise<void>;
}

/**
 * `npm run build` and `npm pack`, the way a release is made, on a copy of the checkout's
 * sources in a temp folder — so the working tree's `dist/` is left alone while other work goes
 * on. The copy uses the repo's installed node_modules (a link), which is what `npm ci` gives a
 * fresh clone.
 */
export async function packPackage(): Promise<PackedPackage> {
  const { root, src, cleanup } = await buildCheckoutCopy();
  try {
    const { stdout } = await npm(["pack", "--json", "--pack-destination", root], src);
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (packed === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
    return {
      tarball: path.join(root, path.basename(packed.filename)),
      files: packed.files.map((f) => `package/${f.path}`),
      cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** A built copy of the checkout (`npm run build` in `src`, node_modules linked); `cleanup` removes it all. */
export interface BuiltCopy {
  readonly root: string;
  readonly src: string;
  cleanup(): Promise<void>;
}

/** Copies the checkout's build inputs into a temp folder and runs `npm run build` there. */
export async function buildCheckoutCopy(): Promise<BuiltCopy> {
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-pack-"));
  const cleanup = (): Promise<void> => fs.promises.rm(root, { recursive: true, force: true });
  try {
    const src = path.join(root, "src");
    await fs.promises.mkdir(src);
    for (const entry of BUILD_INPUTS) {
      const from = path.join(REPO_ROOT, entry);
      if (fs.existsSync(from)) await fs.promises.cp(from, path.join(src, entry), { recursive: true });
    }
    await fs.promises.symlink(path.join(REPO_ROOT, "node_modules"), path.join(src, "node_modules"), "dir");
    await npm(["run", "build"], src);
    return { root, src, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Runs npm (the one on PATH, i.e. Node ≥ 22's under scripts/test); rejects with its output on failure. */
export async function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run("npm", [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string; code?: unknown };
    throw new Error(`\`npm ${args.join(" ")}\` in ${cwd} failed (exit ${String(err.code)}):\n${err.stdout ?? ""}\n${err.stderr ?? ""}`, { cause: e });
  }
}
