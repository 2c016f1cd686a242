import { join } from "node:path";
import type { EmulatorHandle } from "../emulator/startEmulator";
import { createPulumiWorkspace, type PulumiWorkspace } from "../tests/support/pulumiWorkspace";
import { describeRun } from "../tests/support/runPulumi";
import { pluginStackConfig, withPluginPath } from "../tests/support/yamlGateStack";
import { median } from "./percentile";

export const ENGINE_OVERHEAD_DEFAULTS = { runs: 5 } as const;

const UP_FLAGS = (process.env["BENCH_UP_FLAGS"] ?? "").split(" ").filter((f) => f !== "");

export interface EngineOverheadResult {
  readonly runs: number;
  /** Wall ms of each timed `pulumi up --yes`, in the order run. */
  readonly waitMs: readonly number[];
  readonly trivialMs: readonly number[];
  /** The same gate in a Pulumi YAML program, through the provider plugin (official YAML host). */
  readonly yamlMs: readonly number[];
  readonly medianWaitMs: number;
  readonly medianTrivialMs: number;
  readonly medianYamlMs: number;
  /** medianWaitMs ÷ medianTrivialMs. */
  readonly ratio: number;
  /** medianYamlMs ÷ medianWaitMs: the YAML gate stack next to the TypeScript one. */
  readonly yamlRatio: number;
  /** Size of `__provider` in the state of the WaitForMigration resource, bytes (UTF-8). */
  readonly providerBytes: number;
  /** The same for the trivial dynamic resource, for scale. */
  readonly trivialProviderBytes: number;
}

const PROGRAM = join(__dirname, "fixtures", "engineOverhead");
const YAML_PROGRAM = join(__dirname, "fixtures", "engineOverheadYaml");

function modulesDir(): string {
  const dir = process.env["BENCH_MODULES_DIR"];
  if (dir === undefined || dir === "") {
    throw new Error("BENCH_MODULES_DIR is not set: run the benchmark with `npm run bench`, which builds the package the program installs.");
  }
  return dir;
}

async function timedUp(ws: PulumiWorkspace): Promise<number> {
  const started = process.hrtime.bigint();
  const up = await ws.run(["up", "--yes", ...UP_FLAGS]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (up.code !== 0) throw new Error(`engine overhead: ${describeRun(up)}`);
  return ms;
}

async function destroy(ws: PulumiWorkspace): Promise<void> {
  const run = await ws.run(["destroy", "--yes"]);
  if (run.code !== 0) throw new Error(`engine overhead: ${describeRun(run)}`);
}

async function providerBytes(ws: PulumiWorkspace, typeSuffix: string): Promise<number> {
  const exported = await ws.run(["stack", "export"]);
  if (exported.code !== 0) throw new Error(`engine overhead: ${describeRun(exported)}`);
  const state = JSON.parse(exported.stdout) as { deployment: { resources?: Array<{ type: string; outputs?: Record<string, unknown> }> } };
  const resource = (state.deployment.resources ?? []).find((r) => r.type.endsWith(typeSuffix));
  const provider = resource?.outputs?.["__provider"];
  if (typeof provider !== "string") throw new Error(`engine overhead: no __provider on a resource of type *${typeSuffix} in the exported state`);
  return Buffer.byteLength(provider, "utf8");
}

/**
 * `pulumi up` (real CLI, local file backend) of one WaitForMigration on an already-complete
 * emulator task against the same program with one trivial dynamic resource instead: one
 * untimed warm-up each, then `runs` timed runs each, alternating, each followed by an untimed
 * destroy. The program loads this package by name from a build, as an installed package. A third
 * stack holds the same gate in Pulumi YAML, served by that build's provider plugin.
 */
export async function engineOverhead(emulator: EmulatorHandle, runs: number = ENGINE_OVERHEAD_DEFAULTS.runs): Promise<EngineOverheadResult> {
  const task = await emulator.control.createTask({ kind: "scripted", preset: "complete" });
  const env = { NODE_PATH: modulesDir() };
  const workspaces: PulumiWorkspace[] = [];
  try {
    // Both stacks get the same configuration (the secret included, so both pay for the
    // secrets provider); only the mode differs.
    const stackFor = async (mode: "wait" | "trivial"): Promise<PulumiWorkspace> => {
      const ws = await createPulumiWorkspace({
        programDir: PROGRAM,
        config: {
          "engine-overhead:mode": mode,
          "engine-overhead:taskId": task.id,
          "engine-overhead:endpoint": emulator.url,
          "engine-overhead:projectId": emulator.projectId,
          "engine-overhead:accessKey": emulator.credentials.accessKey,
        },
        secretConfig: { "engine-overhead:secretKey": emulator.credentials.secretKey },
        env,
      });
      workspaces.push(ws);
      return ws;
    };
    const wait = await stackFor("wait");
    const trivial = await stackFor("trivial");
    const plugin = pluginStackConfig(emulator);
    const yaml = await createPulumiWorkspace({
      programDir: await withPluginPath(YAML_PROGRAM, join(modulesDir(), "pulumi-dcs-migration", "plugin")),
      config: { ...plugin.config, "engine-overhead-yaml:taskId": task.id },
      secretConfig: plugin.secretConfig,
    });
    workspaces.push(yaml);

    for (const ws of [wait, trivial, yaml]) {
      await timedUp(ws);
      await destroy(ws);
    }
    const waitMs: number[] = [];
    const trivialMs: number[] = [];
    const yamlMs: number[] = [];
    let waitProvider = 0;
    let trivialProvider = 0;
    const stacks = [wait, trivial, yaml] as const;
    for (let i = 0; i < runs; i++) {
      // Rotate which goes first, so none always follows the same other.
      const order = stacks.map((_, k) => stacks[(i + k) % stacks.length]!);
      for (const ws of order) {
        const ms = await timedUp(ws);
        if (ws === wait) {
          waitMs.push(ms);
          if (i === 0) waitProvider = await providerBytes(ws, ":WaitForMigration");
        } else if (ws === trivial) {
          trivialMs.push(ms);
          if (i === 0) trivialProvider = await providerBytes(ws, ":Resource");
        } else {
          yamlMs.push(ms);
        }
        await destroy(ws);
      }
    }
    const medianWaitMs = median(waitMs);
    const medianTrivialMs = median(trivialMs);
    const medianYamlMs = median(yamlMs);
    return {
      runs,
      waitMs,
      trivialMs,
      yamlMs,
      medianWaitMs,
      medianTrivialMs,
      medianYamlMs,
      ratio: medianWaitMs / medianTrivialMs,
      yamlRatio: medianYamlMs / medianWaitMs,
      providerBytes: waitProvider,
      trivialProviderBytes: trivialProvider,
    };
  } finally {
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
    await emulator.control.deleteTask(task.id).catch(() => undefined);
  }
}
