import type { WaitEvent, WaitResult } from "../provider/waiter";

/** How `wait` shows its progress: a live bar, plain lines or NDJSON. */
export interface ProgressReporter {
  onEvent(event: WaitEvent): void;
  /** Called once, with the result or the error that ended the wait (before the error text is printed). */
  finish(end: { readonly result?: WaitResult; readonly error?: unknown }): void;
}
