import * as fs from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { buildRelease } from "../release/buildRelease";
import { pluginExecutableName } from "../release/packPlugin";
import { hostTarget } from "../release/releaseTargets";
import { startFakeEngine, type FakeEngine } from "../tests/support/fakeEngine";
import { startPluginHost } from "../tests/support/pluginHost";
import { median } from "./percentile";

export const PLUGIN_STARTUP_DEFAULTS = { runs: 10 } as const;

/** Start-up of one way of running the plugin. */
export interface StartupSeries {
  /** Wall ms from spawn to the answer of the first RPC (GetPluginInfo), per run. */
  readonly firstAnswerMs: readonly number[];
  /** Wall ms from spawn to the port line (the handshake the engine waits for), per run. */
  readonly portMs: readonly number[];
  readonly medianFirstAnswerMs: number;
  readonly medianPortMs: number;
}

export interface PluginStartupResult extends StartupSeries {
  readonly runs: number;
  /** The single executable of the release (`npm run release`), this machine's platform, run with an empty PATH. */
  readonly binary: StartupSeries & {
    readonly target: string;
    readonly binaryBytes: number;
    readonly tarballBytes: number;
    /** Wall ms of `node --experimental-sea-config` plus postject for this binary. */
    readonly seaStepMs: number;
  };
}

/** The launcher of the compiled package `npm run bench` builds, laid out as the installed npm package. */
export function benchPluginLauncher(): string {
  const dir = process.env["BENCH_MODULES_DIR"];
  if (dir === undefined || dir === "") {
    throw new Error("BENCH_MODULES_DIR is not set: run the benchmark with `npm run bench`, which builds the package the plugin runs from.");
  }
  return join(dir, "pulumi-dcs-migration", "plugin", "pulumi-resource-dcs-migration");
}

async function startOnce(engine: FakeEngine, launcher: string, env: Record<string, string> | undefined): Promise<{ firstAnswerMs: number; portMs: number }> {
  const started = process.hrtime.bigint();
  const host = await startPluginHost({ engineAddress: engine.address, launcher, ...(env === undefined ? {} : { env }) });
  try {
    await host.getPluginInfo();
    return { firstAnswerMs: Number(process.hrtime.bigint() - started) / 1e6, portMs: host.startMs };
  } finally {
    await host.close();
  }
}

function series(runs: Array<{ firstAnswerMs: number; portMs: number }>): StartupSeries {
  const firstAnswerMs = runs.map((r) => r.firstAnswerMs);
  const portMs = runs.map((r) => r.portMs);
  return { firstAnswerMs, portMs, medianFirstAnswerMs: median(firstAnswerMs), medianPortMs: median(portMs) };
}

/**
 * Start-up of the provider plugin as the engine sees it, both ways it ships, side by side: the
 * `sh` launcher of the npm package (`sh` → `node` → compiled plugin) and the release's single
 * executable (built here for this machine's platform, as `npm run release` builds it). `runs`
 * cold starts of each, alternating so machine load hits both alike, each timed from spawn to the
 * answer of `GetPluginInfo` over gRPC, then stopped. A fake engine stands at the engine's address.
 */
export async function pluginStartup(runs: number = PLUGIN_STARTUP_DEFAULTS.runs): Promise<PluginStartupResult> {
  const launcher = benchPluginLauncher();
  const target = hostTarget();
  if (target === undefined) throw new Error(`No release binary is built for ${process.platform}-${process.arch}.`);
  const work = await fs.promises.mkdtemp(join(os.tmpdir(), "dcs-bench-release-"));
  const engine = await startFakeEngine();
  try {
    const built = await buildRelease({ outDir: join(work, "release"), targets: [target] });
    const asset = built.assets[0]!;
    execFileSync("tar", ["-xzf", asset.tarball, "-C", work]);
    const binary = join(work, pluginExecutableName(target));
    const viaLauncher: Array<{ firstAnswerMs: number; portMs: number }> = [];
    const viaBinary: Array<{ firstAnswerMs: number; portMs: number }> = [];
    for (let i = 0; i < runs; i++) {
      viaLauncher.push(await startOnce(engine, launcher, undefined));
      // An empty PATH: no node to fall back on.
      viaBinary.push(await startOnce(engine, binary, { PATH: "" }));
    }
    return {
      runs,
      ...series(viaLauncher),
      binary: {
        ...series(viaBinary),
        target: asset.target,
        binaryBytes: asset.binaryBytes,
        tarballBytes: asset.tarballBytes,
        seaStepMs: asset.blobMs + asset.injectMs,
      },
    };
  } finally {
    await engine.close();
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
