import type { TaskRecordReader } from "../dcs/migrationTaskRecord";
import type { DatedStats, StatsReader } from "../dcs/statsReader";
import { validatePathId } from "../settings/validatePathId";
import { abortedError, systemClock, type Clock } from "../core/clock";
import { resolveWaitOptions, type WaitOptions } from "./waitDefaults";
import type { WaitEvent } from "./waitEvent";
import { initialWaitState, type WaitCheckpoint } from "./waitState";
import { classifyWaitError } from "./classifyWaitError";
import { classifyTaskStatus, judgeTaskRecord, taskConsultFor, type TaskConsult, type TaskRecordObservation } from "./taskVerdict";
import { waitStep, type WaitObservation, type WaitResult, type WaitStepOutcome } from "./waitStep";

export interface WaitForCompletionArgs {
  /** Reads the stats; when it can also read the task record (the real client does), the wait consults it (see `taskConsultFor`). */
  readonly reader: StatsReader & Partial<TaskRecordReader>;
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

/** One read of the task record (and, for a failed status, its newest ERROR log line), or why it failed. */
type RecordRead = { readonly ok: true; readonly record: TaskRecordObservation } | { readonly ok: false; readonly error: Error };

async function readTaskRecord(
  reader: Partial<TaskRecordReader>,
  taskId: string,
  signal: AbortSignal | undefined,
  clock: Clock,
): Promise<RecordRead> {
  const opts = signal === undefined ? {} : { signal };
  try {
    const record = await reader.getMigrationTask!(taskId, opts);
    let reason: TaskRecordObservation["reason"];
    let reasonError: Error | undefined;
    if (classifyTaskStatus(record.status) === "failed" && reader.getLatestMigrationError !== undefined) {
      try {
        reason = await reader.getLatestMigrationError(taskId, opts);
      } catch (e) {
        if (isAborted(signal)) throw abortedError(signal, "The wait was cancelled");
        reasonError = e instanceof Error ? e : new Error(String(e));
      }
    }
    return { ok: true, record: { status: record.status, reason, reasonError, at: clock.now() } };
  } catch (e) {
    if (isAborted(signal)) throw abortedError(signal, "The wait was cancelled");
    return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

// A function, not an inline test, because the flag changes behind the compiler's back across awaits.
const isAborted = (signal: AbortSignal | undefined): signal is AbortSignal => signal?.aborted === true;


/**
 * One read, shared with other waits on the task when the reader can (how: `../dcs/sharedDcsClient.ts`): a read
 * sent at or after `shareFrom` on this wait's clock may answer it, and it is dated by when it was
 * sent. Without `shareFrom` (an attempt's first read) only a read in flight may be joined.
 */
async function readStats(
  reader: StatsReader,
  taskId: string,
  signal: AbortSignal | undefined,
  clock: Clock,
  calledAt: number,
  shareFrom: number | undefined,
): Promise<DatedStats> {
  if (reader.getSharedMigrationStats === undefined) {
    const stats = await reader.getMigrationStats(taskId, signal === undefined ? {} : { signal });
    return { stats, sentAt: calledAt, answeredAt: clock.now() };
  }
  const freshness = shareFrom === undefined ? { clock, joinInFlight: true } : { clock, sentFrom: shareFrom };
  return reader.getSharedMigrationStats(taskId, { signal, freshness });
}

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
  // The task record: read when `taskConsultFor` says so, until it is refused for good.
  let askRecord = args.reader.getMigrationTask !== undefined;
  let saidUnavailable = false;
  let startConsulted = false;
  /** Reads the record for `consult` and lets it correct the stats' outcome (`judgeTaskRecord`). */
  const consultRecord = async (outcome: WaitStepOutcome, consult: TaskConsult): Promise<WaitStepOutcome> => {
    const result = await readTaskRecord(args.reader, args.taskId, signal, clock);
    const base = { taskId: args.taskId, polls: outcome.state.polls, elapsedSeconds: (clock.now() - outcome.state.startedAt) / 1000 };
    if (result.ok) {
      const { record } = result;
      const judged = judgeTaskRecord(outcome, record, outcome.state.startedAt, options);
      // Before the read's own events, so the last line of a wait is still its outcome.
      return { ...judged, events: [{ type: "task-status", ...base, status: record.status, consult, reason: record.reason }, ...judged.events] };
    }
    const permanent = classifyWaitError(result.error) !== "transient";
    if (permanent) askRecord = false;
    if (saidUnavailable) return outcome;
    saidUnavailable = true;
    return { ...outcome, events: [...outcome.events, { type: "task-status-unavailable", ...base, error: result.error, permanent }] };
  };
  // The first read of an attempt may join a read already on its way, never an answered one:
  // in one process that could be this wait's own last read of an earlier attempt.
  let shareFrom: number | undefined;
  for (;;) {
    if (isAborted(signal)) throw abortedError(signal, "The wait was cancelled");
    let observation: WaitObservation;
    const calledAt = clock.now();
    try {
      // Dated by the shared read itself: every wait that shared it then plans from the same two
      // moments, so their next reads line up again however late each one's timer fired.
      const { stats, sentAt, answeredAt } = await readStats(args.reader, args.taskId, signal, clock, calledAt, shareFrom);
      observation = { sentAt, at: answeredAt, stats };
    } catch (error) {
      if (isAborted(signal)) throw abortedError(signal, "The wait was cancelled");
      observation = { sentAt: calledAt, at: clock.now(), error };
    }
    let outcome = waitStep(state, observation, options);
    const consult = askRecord ? taskConsultFor(outcome, startConsulted, "stats" in observation) : undefined;
    if (consult !== undefined) {
      outcome = await consultRecord(outcome, consult);
      startConsulted = true;
    }
    state = outcome.state;
    report(outcome.events);
    const { decision } = outcome;
    if (decision.kind === "complete") return decision.result;
    if (decision.kind === "fail") throw decision.error;
    shareFrom = decision.shareReadsSentFrom;
    // The delay counts from the answer (a shared one may have come before this wait asked).
    // Timers may fire a little early against the wall clock; a read meant for the end of the
    // stability window must not go out before it, or the gate slips by a whole interval.
    const sendAt = observation.at + decision.delayMs;
    for (let ahead = sendAt - clock.now(); ahead > 0; ahead = sendAt - clock.now()) {
      await clock.sleep(ahead, signal);
    }
  }
}
