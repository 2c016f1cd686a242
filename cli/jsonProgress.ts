import type { WaitEvent, WaitResult } from "../provider/waiter";
import type { OutputStream } from "./cliIo";
import { errorJson } from "./errorReport";
import { exitCodeFor, outcomeFor } from "./exitCodes";
import type { ProgressReporter } from "./progressReporter";

/** The NDJSON line for one wait event: the event itself, with a read error made serializable. */
export function eventJson(event: WaitEvent): Record<string, unknown> {
  if (event.type === "transient-error" || event.type === "task-status-unavailable") return { ...event, error: errorJson(event.error) };
  return { ...event };
}

/** The last NDJSON line of `wait --json`. */
export function resultJson(taskId: string, end: { readonly result?: WaitResult; readonly error?: unknown }): Record<string, unknown> {
  const outcome = end.result !== undefined ? undefined : end.error;
  const base = { type: "result", taskId, outcome: outcomeFor(outcome), exitCode: exitCodeFor(outcome) };
  if (end.result !== undefined) return { ...base, ...end.result };
  return { ...base, error: errorJson(end.error) };
}

/** `wait --json`: one object per event, then the result, each on its own line. */
export class JsonProgress implements ProgressReporter {
  constructor(
    private readonly out: OutputStream,
    private readonly taskId: string,
  ) {}

  onEvent(event: WaitEvent): void {
    this.out.write(JSON.stringify(eventJson(event)) + "\n");
  }

  finish(end: { readonly result?: WaitResult; readonly error?: unknown }): void {
    this.out.write(JSON.stringify(resultJson(this.taskId, end)) + "\n");
  }
}
