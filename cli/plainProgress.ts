import { formatProgressLine, shouldEmitProgress, type ProgressThrottleState, type WaitEvent } from "../provider/waiter";
import type { OutputStream } from "./cliIo";
import type { ProgressReporter } from "./progressReporter";

/**
 * Progress for logs and pipes: one line per phase change, regression or read error, and
 * otherwise one per 30 s — the same throttle and wording as the Pulumi provider's log lines.
 */
export class PlainProgress implements ProgressReporter {
  #throttle: ProgressThrottleState = {};
  constructor(private readonly out: OutputStream) {}

  onEvent(event: WaitEvent): void {
    const decision = shouldEmitProgress(this.#throttle, event);
    this.#throttle = decision.state;
    if (decision.emit) this.out.write(formatProgressLine(event) + "\n");
  }

  finish(): void {
    // The "complete" event already printed the last line; errors are printed by the command.
  }
}
