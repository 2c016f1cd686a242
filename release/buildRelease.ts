import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { readReleaseInfo, type ReleaseInfo } from "../plugin/releaseInfo";
import { bundlePlugin } from "./bundlePlugin";
import { officialNodeBinary, pinnedNodeVersion } from "./officialNode";
import { packPlugin } from "./packPlugin";
import { hostTarget, parseTargets, RELEASE_TARGETS, targetName, type ReleaseTarget } from "./releaseTargets";
import { buildSeaBinary } from "./seaBinary";

const REPO_ROOT = path.resolve(__dirname, "..");

export interface BuildReleaseOptions {
  /** An empty or new folder; the tarballs and the checksums file go to its top level. */
  readonly outDir: string;
  /** `DCS_MIGRATION_PLUGIN_DOWNLOAD_URL` is read from here. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default every platform a release ships */
  readonly targets?: readonly ReleaseTarget[];
  /** Put a V8 code cache into this machine's own binary (other platforms never get one). @default true */
  readonly codeCache?: boolean;
  readonly repoRoot?: string;
}

export interface BuiltAsset {
  readonly target: string;
  readonly tarball: string;
  readonly tarballBytes: number;
  readonly binaryBytes: number;
  readonly codeCache: boolean;
  readonly blobMs: number;
  readonly injectMs: number;
  readonly packMs: number;
}

export interface BuiltRelease {
  readonly release: ReleaseInfo;
  readonly nodeVersion: string;
  readonly bundleBytes: number;
  readonly assets: readonly BuiltAsset[];
  readonly checksums: string;
}

/** `pulumi-dcs-migration_<version>_checksums.txt`, the name release tooling (goreleaser) gives it; `sha256sum -c` reads it. */
export function checksumsFileName(version: string): string {
  return `pulumi-dcs-migration_${version}_checksums.txt`;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Builds the plugin release: one single-executable `pulumi-resource-dcs-migration` per platform
 * (the plugin bundled once, injected into each platform's official Node binary), each in its
 * tarball `pulumi-resource-dcs-migration-v<version>-<os>-<arch>.tar.gz`, and their SHA-256 sums.
 * The schema inside names the release's server (package.json's, or the env override).
 */
export async function buildRelease(options: BuildReleaseOptions): Promise<BuiltRelease> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const release = readReleaseInfo(repoRoot, options.env ?? process.env);
  const outDir = path.resolve(options.outDir);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
    throw new Error(`${outDir} is not empty; a release is built into an empty or new folder (\`npm run release\` empties dist/release itself).`);
  }
  const host = hostTarget();
  if (host === undefined) {
    throw new Error(`A release is built on ${RELEASE_TARGETS.map(targetName).join(", ")}: the SEA blob is written by that platform's Node ${pinnedNodeVersion(repoRoot)}; this is ${process.platform}-${process.arch}.`);
  }
  const nodeVersion = pinnedNodeVersion(repoRoot);
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-release-"));
  try {
    const bundle = await bundlePlugin(repoRoot, release, path.join(work, "main.js"));
    const generatorNode = await officialNodeBinary(host, nodeVersion);
    const nodeLicense = path.join(path.dirname(path.dirname(generatorNode)), "LICENSE");
    const assets: BuiltAsset[] = [];
    // One platform at a time: each binary is ~120 MB and the machine may be shared.
    for (const target of options.targets ?? RELEASE_TARGETS) {
      const codeCache = (options.codeCache ?? true) && target === host;
      const sea = await buildSeaBinary({
        bundle: bundle.file,
        nodeBinary: await officialNodeBinary(target, nodeVersion),
        generatorNode,
        out: path.join(work, `pulumi-resource-dcs-migration-${targetName(target)}${target.exeSuffix}`),
        useCodeCache: codeCache,
        os: target.os,
      });
      const started = performance.now();
      const tarball = await packPlugin({
        binary: sea.file,
        target,
        version: release.version,
        outDir,
        ...(fs.existsSync(nodeLicense) ? { nodeLicense } : {}),
      });
      const packMs = performance.now() - started;
      await fs.promises.rm(sea.file, { force: true });
      assets.push({
        target: targetName(target),
        tarball,
        tarballBytes: (await fs.promises.stat(tarball)).size,
        binaryBytes: sea.bytes,
        codeCache,
        blobMs: sea.blobMs,
        injectMs: sea.injectMs,
        packMs,
      });
    }
    const checksums = path.join(outDir, checksumsFileName(release.version));
    const lines = await Promise.all(assets.map(async (a) => `${await sha256(a.tarball)}  ${path.basename(a.tarball)}\n`));
    await fs.promises.writeFile(checksums, lines.join(""));
    return { release, nodeVersion, bundleBytes: bundle.bytes, assets, checksums };
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}

const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** `scripts/release` (`npm run release`): `buildRelease.ts --out <dir> [--targets linux-amd64,…] [--no-code-cache]`. */
if (require.main === module) {
  const { values } = parseArgs({ options: { out: { type: "string" }, targets: { type: "string" }, "no-code-cache": { type: "boolean" } } });
  const started = performance.now();
  buildRelease({
    outDir: values.out ?? path.join(REPO_ROOT, "dist", "release"),
    ...(values.targets === undefined ? {} : { targets: parseTargets(values.targets) }),
    codeCache: values["no-code-cache"] !== true,
  }).then(
    (built) => {
      const out = process.stdout;
      out.write(`plugin v${built.release.version} (Node ${built.nodeVersion} inside, bundle ${MiB(built.bundleBytes)}), pluginDownloadURL ${built.release.pluginDownloadURL}\n`);
      for (const a of built.assets) {
        out.write(
          `  ${path.basename(a.tarball)}  ${MiB(a.tarballBytes)} (binary ${MiB(a.binaryBytes)}${a.codeCache ? ", V8 code cache" : ""}; ` +
            `blob ${seconds(a.blobMs)}, postject ${seconds(a.injectMs)}, tar ${seconds(a.packMs)})\n`,
        );
      }
      out.write(`  ${path.basename(built.checksums)}\n${seconds(performance.now() - started)} in all\n`);
    },
    (e: unknown) => {
      process.stderr.write(`release: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
