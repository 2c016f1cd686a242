import type { StatsReader } from "../statsReader";
import { validatePathId } from "../validatePathId";
import { abortedError, systemClock, type Clock } from "../clock";
import { resolveWaitOptions, type WaitOptions } from "./waitDefaults";
import type { WaitEvent } from "./waitEvent";
import { initialWaitState, type WaitCheckpoint } from "./waitState";
import { waitStep, type WaitObservation, type WaitResult } from "./waitStep";

export interface WaitForCompletionArgs {
  readonly reader: StatsReader;
  readonly taskId: string;
  /** Validated again here, so a partial or unchecked object is safe to pass. @default WAIT_DEFAULTS */
  readonly options?: Partial<WaitOptions>;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Aborting ends the wait promptly with an `AbortedError`, also mid-request and mid-sleep. */
  readonly signal?: AbortSignal;
  /** Called once per read (and for regressions and tolerated errors); exceptions it throws are ignored. */
  readonly onEvent?: (event: WaitEvent) => void;
  /** Continue an earlier attempt; see {@link WaitCheckpoint} for what carries over. */
  readonly resume?: WaitCheckpoint;
}

// A function, not an inline test, because the flag changes behind the compiler's back across awaits.
const isAborted = (signal: AbortSignal | undefined): signal is AbortSignal => signal?.aborted === true;


/**
 * Polls `reader` until the migration is complete by {@link WaitOptions} and returns the
 * stats that opened the gate. Throws `MigrationFailedError`, `MigrationStalledError`,
 * `WaitTimeoutError`, a permanent read error (`TaskNotFoundError`, other `ApiError`,
 * `ConfigurationError`, `ResponseFormatError`, …, with the wait's context added to its
 * message), a transient read error that persisted for the stall timeout, or `AbortedError`.
 * All deciding is done by the pure `waitStep`; this only reads, reports and sleeps.
 */
export async function waitForCompletion(args: WaitForCompletionArgs): Promise<WaitResult> {
  // The id ends up in the API path and in every message of the wait: refuse what no reader can
  // use (empty, path-changing, megabytes long) before the first read, naming `taskId`.
  validatePathId("taskId", args.taskId);
  const options = resolveWaitOptions(args.options);
  const clock = args.clock ?? systemClock;
  const { signal } = args;
  const report = (events: readonly WaitEvent[]): void => {
    for (const event of events) {
      try {
        args.onEvent?.(event);
      } catch {
        // A broken progress printer must not end a deployment gate.
      }
    }
  };

  let state = initialWaitState(args.taskId, clock.now(), options, args.resume);
  for (;;) {
    if (isAborted(signal)) throw abortedError(signal, "The wait was cancelled");
    let observation: WaitObservation;
    const sentAt = clock.now();
    try {
      const stats = await args.reader.getMigrationStats(args.taskId, signal === undefined ? {} : { signal });
      observation = { sentAt, at: clock.now(), stats };
    } catch (error) {
      if (isAborted(signal)) throw abortedError(signal, "The wait was cancelled");
      observation = { sentAt, at: clock.now(), error };
    }
    const outcome = waitStep(state, observation, options);
    state = outcome.state;
    report(outcome.events);
    const { decision } = outcome;
    if (decision.kind === "complete") return decision.result;
    if (decision.kind === "fail") throw decision.error;
    // Timers may fire a little early against the wall clock; a read meant for the end of the
    // stability window must not go out before it, or the gate slips by a whole interval.
    const sendAt = clock.now() + decision.delayMs;
    await clock.sleep(decision.delayMs, signal);
    for (let early = sendAt - clock.now(); early > 0; early = sendAt - clock.now()) {
      await clock.sleep(early, signal);
    }
  }
}
