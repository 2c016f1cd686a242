import type { EmulatorControl } from "../../emulator/emulatorControl";
import { describeRun, type PulumiRun } from "./runPulumi";

export const UNTIL_TASK_READ_DEFAULTS = { reads: 1, timeoutMs: 120_000, intervalMs: 100 } as const;

/**
 * Resolves once the emulator has served `reads` authenticated stats requests for `taskId`,
 * i.e. once a running `pulumi up` is really waiting on the task. Rejects with the CLI's output
 * if `run` ends first, and after `timeoutMs` otherwise.
 */
export async function untilTaskRead(
  control: EmulatorControl,
  taskId: string,
  run: Promise<PulumiRun>,
  options: { reads?: number; timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const { reads, timeoutMs, intervalMs } = { ...UNTIL_TASK_READ_DEFAULTS, ...options };
  let finished: PulumiRun | undefined;
  void run.then((r) => (finished = r));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counters = await control.taskRequests(taskId);
    if (counters.served >= reads) return;
    if (finished !== undefined) {
      throw new Error(
        `The Pulumi run ended after ${counters.served} of ${reads} expected reads of task ${taskId}: ${describeRun(finished)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(`Task ${taskId} was read ${counters.served} times in ${timeoutMs} ms, expected ${reads}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
