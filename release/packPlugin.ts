import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { PACKAGE_NAME } from "../plugin/pluginConfig";
import { targetName, type ReleaseTarget } from "./releaseTargets";

const run = promisify(execFile);

/** The asset name the Pulumi CLI downloads and `pulumi plugin install … --file` expects (FACTS.md §9). */
export function pluginTarballName(version: string, target: Pick<ReleaseTarget, "os" | "arch">): string {
  return `pulumi-resource-${PACKAGE_NAME}-v${version}-${targetName(target)}.tar.gz`;
}

/** The executable's name inside the tarball: Pulumi runs `pulumi-resource-<name>` (`.exe` on Windows). */
export function pluginExecutableName(target: Pick<ReleaseTarget, "exeSuffix">): string {
  return `pulumi-resource-${PACKAGE_NAME}${target.exeSuffix}`;
}

export interface PackPluginOptions {
  readonly binary: string;
  readonly target: ReleaseTarget;
  readonly version: string;
  readonly outDir: string;
  /** Node's licence, shipped beside the binary that carries Node (`NODE-LICENSE`). */
  readonly nodeLicense?: string;
}

/** The plugin tarball of one platform: the executable at the archive root (mode 755, owner root), and Node's licence. */
export async function packPlugin(options: PackPluginOptions): Promise<string> {
  const stage = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-plugin-pack-"));
  try {
    const exe = pluginExecutableName(options.target);
    // A hard link where the file system allows, so 120 MB is not copied once more.
    await fs.promises.link(options.binary, path.join(stage, exe)).catch(() => fs.promises.copyFile(options.binary, path.join(stage, exe)));
    await fs.promises.chmod(path.join(stage, exe), 0o755);
    const files = [exe];
    if (options.nodeLicense !== undefined) {
      await fs.promises.copyFile(options.nodeLicense, path.join(stage, "NODE-LICENSE"));
      files.push("NODE-LICENSE");
    }
    await fs.promises.mkdir(options.outDir, { recursive: true });
    const tarball = path.join(path.resolve(options.outDir), pluginTarballName(options.version, options.target));
    await run("tar", ["-czf", tarball, "-C", stage, "--owner=0", "--group=0", "--numeric-owner", ...files]);
    return tarball;
  } finally {
    await fs.promises.rm(stage, { recursive: true, force: true });
  }
}
