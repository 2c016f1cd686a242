import { NetworkError } from "../provider/dcs";
import { formatDuration } from "../provider/waiter";

/**
 * A refresh or `get` cut short by the resource's `customTimeouts.read` (`ReadRequest.timeout`,
 * which the engine sends since Pulumi 3.246 and does not enforce itself): named after the option,
 * so a user knows which knob ended it. Nothing was written: the state keeps what it had.
 */
export function readTimeoutError(args: { seconds: number; type: string; id: string; taskId: unknown; cause: unknown }): NetworkError {
  const task = typeof args.taskId === "string" ? args.taskId : args.id;
  const kind = args.type.split(":").pop() ?? args.type;
  return new NetworkError(
    `customTimeouts.read ${formatDuration(args.seconds)} elapsed before the DCS API answered the read of task ${task} ` +
      `(${kind} ${args.id}); the state keeps its earlier outputs. Check the network path to the DCS endpoint, ` +
      `or raise customTimeouts.read (without it, the client's own retries and per-attempt timeout bound the read).`,
    { code: "ETIMEDOUT", ...(typeof args.taskId === "string" ? { taskId: args.taskId } : {}) },
    { cause: args.cause },
  );
}
