import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The fuse every official Node binary carries; postject flips its last character to `1` when it injects a SEA blob. */
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export interface SeaBinaryOptions {
  /** The bundled plugin (one CommonJS file). */
  readonly bundle: string;
  /** The official Node binary of the target platform, copied and injected. */
  readonly nodeBinary: string;
  /** A Node binary of the same version that runs here: it writes the SEA blob. */
  readonly generatorNode: string;
  /** Where the executable goes. */
  readonly out: string;
  /**
   * Compile the bundle ahead of time into a V8 code cache inside the blob. Only for a binary of
   * this machine's platform: V8 rejects a cache made on another (Node's SEA docs).
   */
  readonly useCodeCache: boolean;
  readonly os: "linux" | "windows" | "darwin";
}

export interface SeaBinaryResult {
  readonly file: string;
  readonly bytes: number;
  /** Wall time of the blob (`node --experimental-sea-config`) and the injection (postject). */
  readonly blobMs: number;
  readonly injectMs: number;
}

/**
 * A Node single-executable application: `node --experimental-sea-config` writes the bundle (and
 * its code cache) into a blob, postject injects the blob into a copy of the official binary as
 * the `NODE_SEA_BLOB` resource and flips the fuse (FACTS.md §9). Checked afterwards: the fuse of
 * the result must read flipped, else Node would start as plain `node`.
 */
export async function buildSeaBinary(options: SeaBinaryOptions): Promise<SeaBinaryResult> {
  const work = path.dirname(options.out);
  const blob = `${options.out}.blob`;
  const config = `${options.out}.sea-config.json`;
  await fs.promises.writeFile(
    config,
    JSON.stringify({ main: options.bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: options.useCodeCache, useSnapshot: false }),
  );
  try {
    let started = performance.now();
    try {
      await run(options.generatorNode, ["--experimental-sea-config", config], { cwd: work });
    } catch (e) {
      const err = e as Error & { stderr?: string };
      throw new Error(`node --experimental-sea-config failed: ${(err.stderr ?? err.message).trim()}`, { cause: e });
    }
    const blobMs = performance.now() - started;

    await fs.promises.copyFile(options.nodeBinary, options.out);
    await fs.promises.chmod(options.out, 0o755);
    started = performance.now();
    // postject's CLI in a child process: its ELF/PE library prints pages of harmless warnings
    // ("Can't find string offset for section name", "The signature seems corrupted!" on Windows:
    // node.exe's Authenticode signature no longer matches) that are shown only if it fails.
    const cli = path.join(path.dirname(require.resolve("postject/package.json")), "dist", "cli.js");
    const machO = options.os === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : [];
    try {
      await run(process.execPath, [cli, options.out, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE, ...machO], { maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const err = e as Error & { stdout?: string; stderr?: string };
      throw new Error(`postject could not inject the plugin into ${options.out}: ${`${err.stdout ?? ""}${err.stderr ?? err.message}`.trim()}`, { cause: e });
    }
    const injectMs = performance.now() - started;
    if (!(await seaFuseFlipped(options.out))) throw new Error(`${options.out}: postject left the SEA fuse unflipped; the binary would run as plain node.`);
    return { file: options.out, bytes: (await fs.promises.stat(options.out)).size, blobMs, injectMs };
  } finally {
    await fs.promises.rm(blob, { force: true });
    await fs.promises.rm(config, { force: true });
  }
}

/** Whether `file` holds the SEA fuse flipped to `:1` (a SEA blob injected), read without running it. */
export async function seaFuseFlipped(file: string): Promise<boolean> {
  const bytes = await fs.promises.readFile(file);
  return bytes.includes(`${SEA_FUSE}:1`) && !bytes.includes(`${SEA_FUSE}:0`);
}
