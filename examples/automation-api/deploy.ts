/**
 * Drives the stack in this folder with Pulumi's Automation API, in two stages:
 *
 * 1. `up` with `target`: only the migration gate (`WaitForMigration`), so the run blocks until the
 *    migration is complete — or fails, stalls or times out, and then nothing else is touched;
 * 2. `up` of the whole stack: the cut-over, which depends on the gate.
 *
 * Run: `DCS_TASK_ID=<task id> npx ts-node deploy.ts [stack]` with the `pulumi` CLI on PATH, a
 * backend (`pulumi login`, or PULUMI_BACKEND_URL) and, for a local backend,
 * PULUMI_CONFIG_PASSPHRASE; the DCS settings and credentials as HW_* environment variables (or
 * `huaweicloud:*` config). Optional timings: DCS_STABLE_FOR_SECONDS, DCS_POLL_INTERVAL_SECONDS,
 * DCS_MIN_POLL_INTERVAL_SECONDS, DCS_STALL_TIMEOUT_SECONDS, DCS_TIMEOUT_SECONDS.
 * Exit codes: 0 cut over; 1 the gate did not open (nothing cut over); 2 a setting is missing.
 */
import { LocalWorkspace, type ConfigMap } from "@pulumi/pulumi/automation";
import { GATE_NAME } from "./gateName";

const TIMINGS = {
  stableForSeconds: "DCS_STABLE_FOR_SECONDS",
  pollIntervalSeconds: "DCS_POLL_INTERVAL_SECONDS",
  minPollIntervalSeconds: "DCS_MIN_POLL_INTERVAL_SECONDS",
  stallTimeoutSeconds: "DCS_STALL_TIMEOUT_SECONDS",
  timeoutSeconds: "DCS_TIMEOUT_SECONDS",
} as const;

/** Prints engine output line by line with the stage in front, as a pipeline log would show it. */
const printer = (stage: string) => (text: string) => {
  for (const line of text.split("\n")) if (line.trim() !== "") console.log(`[${stage}] ${line}`);
};

async function main(): Promise<number> {
  const taskId = process.env["DCS_TASK_ID"];
  if (taskId === undefined || taskId === "") {
    console.error("DCS_TASK_ID is not set: export DCS_TASK_ID=<id of the DCS online-migration task>.");
    return 2;
  }
  const stackName = process.argv[2] ?? "dev";
  const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: __dirname });
  const config: ConfigMap = { taskId: { value: taskId } };
  for (const [key, variable] of Object.entries(TIMINGS)) {
    const value = process.env[variable];
    if (value !== undefined && value !== "") config[key] = { value };
  }
  await stack.setAllConfig(config);

  // The gate's URN: this project and stack, any type, the gate's name (the CLI matches `**`).
  const project = (await stack.workspace.projectSettings()).name;
  const gateUrn = `urn:pulumi:${stack.name}::${project}::**::${GATE_NAME}`;

  console.log(`stage 1: the migration gate only (${gateUrn})`);
  try {
    await stack.up({ target: [gateUrn], onOutput: printer("gate") });
  } catch (error) {
    // The engine's own account of the failure (the gate's message says what was last seen and
    // what to do) is in the output above; the cut-over was not touched.
    console.error(`stage 1 failed: the migration gate did not open; nothing was cut over. ${firstErrorLine(error)}`);
    return 1;
  }

  console.log("stage 2: the whole stack (the cut-over)");
  const result = await stack.up({ onOutput: printer("cutover") });
  const outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value as unknown]));
  console.log(`cut over: ${JSON.stringify(outputs)}`);
  return 0;
}

/** The first `error:` line of a failed CLI run, or the message's first line. */
function firstErrorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n").find((l) => /error:/.test(l)) ?? text.split("\n")[0] ?? "").trim();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
