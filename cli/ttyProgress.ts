import { AbortedError } from "../provider/core";
import { formatProgressLine, type WaitEvent, type WaitObservationEvent, type WaitResult } from "../provider/waiter";
import type { OutputStream } from "./cliIo";
import type { ProgressReporter } from "./progressReporter";
import { renderProgressBar } from "./renderProgressBar";

/** Carriage return + erase line: the bar is redrawn in place. */
const CLEAR_LINE = "\r\x1b[2K";

/**
 * The live progress bar of `wait` on a terminal. Redrawn on every read and on `tick()`
 * (the command calls it each second so elapsed time moves between reads); regressions and
 * read errors are printed as lines above it.
 */
export class TtyProgress implements ProgressReporter {
  #last: { event: WaitObservationEvent; at: number } | undefined;
  #drawn = false;

  constructor(
    private readonly out: OutputStream,
    private readonly columns: number,
    private readonly now: () => number,
  ) {}

  onEvent(event: WaitEvent): void {
    if (event.type === "observation") {
      this.#last = { event, at: this.now() };
      this.#draw();
      return;
    }
    this.out.write(CLEAR_LINE + formatProgressLine(event) + "\n");
    this.#drawn = false;
    this.#draw();
  }

  tick(): void {
    this.#draw();
  }

  finish(end: { readonly result?: WaitResult; readonly error?: unknown }): void {
    this.#draw();
    if (this.#drawn) this.out.write("\n");
    this.#drawn = false;
    if (end.result !== undefined && this.#last !== undefined) this.out.write(formatProgressLine(this.#last.event) + "\n");
    if (end.error instanceof AbortedError && this.#last === undefined) this.out.write(CLEAR_LINE);
  }

  #draw(): void {
    if (this.#last === undefined) return;
    const { event, at } = this.#last;
    const elapsed = event.phase === "complete" ? event.elapsedSeconds : event.elapsedSeconds + (this.now() - at) / 1000;
    this.out.write(CLEAR_LINE + renderProgressBar(event, elapsed, this.columns));
    this.#drawn = true;
  }
}
