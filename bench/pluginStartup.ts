import { join } from "node:path";
import { startFakeEngine } from "../tests/support/fakeEngine";
import { startPluginHost } from "../tests/support/pluginHost";
import { median } from "./percentile";

export const PLUGIN_STARTUP_DEFAULTS = { runs: 10 } as const;

export interface PluginStartupResult {
  readonly runs: number;
  /** Wall ms from spawning the launcher to the answer of its first RPC (GetPluginInfo), per run. */
  readonly firstAnswerMs: readonly number[];
  /** Wall ms from spawning the launcher to its port line (the handshake the engine waits for), per run. */
  readonly portMs: readonly number[];
  readonly medianFirstAnswerMs: number;
  readonly medianPortMs: number;
}

/** The launcher of the compiled package `npm run bench` builds, laid out as the installed npm package. */
export function benchPluginLauncher(): string {
  const dir = process.env["BENCH_MODULES_DIR"];
  if (dir === undefined || dir === "") {
    throw new Error("BENCH_MODULES_DIR is not set: run the benchmark with `npm run bench`, which builds the package the plugin runs from.");
  }
  return join(dir, "pulumi-dcs-migration", "plugin", "pulumi-resource-dcs-migration");
}

/**
 * Start-up of the provider plugin as the engine sees it: `runs` cold starts of the launcher
 * (`sh` → `node` → compiled plugin), each timed from spawn to the answer of `GetPluginInfo`
 * over gRPC, then stopped. A fake engine stands at the address the engine would pass.
 */
export async function pluginStartup(runs: number = PLUGIN_STARTUP_DEFAULTS.runs): Promise<PluginStartupResult> {
  const launcher = benchPluginLauncher();
  const engine = await startFakeEngine();
  const firstAnswerMs: number[] = [];
  const portMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const host = await startPluginHost({ engineAddress: engine.address, launcher });
      try {
        await host.getPluginInfo();
        firstAnswerMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        portMs.push(host.startMs);
      } finally {
        await host.close();
      }
    }
  } finally {
    await engine.close();
  }
  return { runs, firstAnswerMs, portMs, medianFirstAnswerMs: median(firstAnswerMs), medianPortMs: median(portMs) };
}
