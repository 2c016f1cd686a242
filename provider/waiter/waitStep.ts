import { AbortedError, withContext } from "../core/errors";
import { MigrationFailedError, MigrationStalledError, WaitTimeoutError } from "./waitErrors";
import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { abortedError } from "../core/clock";
import { classifyWaitError } from "./classifyWaitError";
import { checkCriteria, parseOffset, type CriteriaCheck } from "./completionCriteria";
import { etaSeconds, planNextPoll } from "./pollSchedule";
import { MAX_TREND_SAMPLES } from "./predictCompletion";
import { oldestSharedRead } from "./sharedReadAge";
import type { WaitOptions } from "./waitDefaults";
import type { WaitEvent, WaitPhase } from "./waitEvent";
import { failedMessage, readErrorContext, stalledMessage, timeoutMessage } from "./waitMessages";
import type { TrendSample, WaitState } from "./waitState";

/**
 * What one read produced: stats, or the error the reader threw. `sentAt` is when the request
 * left (the read is dated by it; defaults to `at`), `at` when the answer came (epoch ms).
 */
export type WaitObservation =
  | { readonly sentAt?: number; readonly at: number; readonly stats: GetMigrationStatsResult }
  | { readonly sentAt?: number; readonly at: number; readonly error: unknown };

/** The gate opened. */
export interface WaitResult {
  /** The read that opened the gate. */
  readonly stats: GetMigrationStatsResult;
  /** Seconds this attempt waited. */
  readonly waitedSeconds: number;
  /** Reads made, earlier attempts included. */
  readonly polls: number;
  /** ISO-8601 time the gate opened. */
  readonly completedAt: string;
  /** ISO-8601 start of the first attempt. */
  readonly startedAt: string;
}

export type WaitDecision =
  | { readonly kind: "complete"; readonly result: WaitResult }
  | {
      readonly kind: "wait";
      readonly delayMs: number;
      /**
       * The earliest send time (the wait's clock, epoch ms) of a read another wait on the task
       * sent that may serve as the next read instead of a new request (see `oldestSharedRead`).
       */
      readonly shareReadsSentFrom: number;
    }
  | { readonly kind: "fail"; readonly error: Error };

export interface WaitStepOutcome {
  readonly state: WaitState;
  readonly decision: WaitDecision;
  /** What to report for this read, in order. */
  readonly events: readonly WaitEvent[];
}

function phaseOf(check: CriteriaCheck): WaitPhase {
  if (!check.progressMet) return "full-sync";
  return check.met ? "stabilizing" : "converging";
}

function sampleOf(at: number, stats: GetMigrationStatsResult): TrendSample {
  const offset = parseOffset(stats.offset);
  return {
    at,
    progress: stats.fullMigrationProgress,
    absKeyDelta: Math.abs(stats.sourceDbsize - stats.targetDbsize),
    offset: offset === undefined ? undefined : Number(offset),
  };
}

function changed(prev: GetMigrationStatsResult | undefined, next: GetMigrationStatsResult): boolean {
  return (
    prev === undefined ||
    prev.fullMigrationProgress !== next.fullMigrationProgress ||
    prev.sourceDbsize !== next.sourceDbsize ||
    prev.targetDbsize !== next.targetDbsize ||
    prev.offset !== next.offset
  );
}

/**
 * Adds the wait's context to a read error without changing its class, so callers still branch
 * on it. A copy, because the client hands one error to every caller sharing a request.
 */
function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

const seconds = (ms: number): number => ms / 1000;

/**
 * The whole completion rule as a pure function: the state before a read, the read, and the
 * options give the next state, the decision (complete, wait so long, or fail with this error)
 * and the events to report. No clock, no I/O — the loop in `waitForCompletion` only executes it.
 */
export function waitStep(state: WaitState, observation: WaitObservation, options: WaitOptions): WaitStepOutcome {
  const at = observation.at;
  const seen = Math.min(observation.sentAt ?? at, at);
  const polled: WaitState = { ...state, polls: state.polls + 1 };
  const base = { taskId: state.taskId, polls: polled.polls, elapsedSeconds: seconds(at - state.startedAt) };
  const waitDetails = (s: WaitState) => ({
    lastStats: s.lastStats,
    waitedSeconds: seconds(at - s.startedAt),
    polls: s.polls,
  });

  if ("error" in observation) {
    const error = asError(observation.error);
    const kind = classifyWaitError(error);
    if (kind === "aborted") {
      const aborted = error instanceof AbortedError ? error : abortedError({ reason: error }, "The wait was cancelled");
      return { state: polled, decision: { kind: "fail", error: aborted }, events: [] };
    }
    if (kind === "permanent") {
      return {
        state: polled,
        decision: { kind: "fail", error: withContext(error, readErrorContext(polled, at, options, false)) },
        events: [],
      };
    }
    const next: WaitState = { ...polled, lastError: error, consecutiveErrors: polled.consecutiveErrors + 1 };
    const check = next.lastStats === undefined ? undefined : checkCriteria(next.lastStats, options);
    if (at >= next.deadline) {
      return {
        state: next,
        decision: {
          kind: "fail",
          error: new WaitTimeoutError(timeoutMessage(next, at, check, options), waitDetails(next), { cause: error }),
        },
        events: [],
      };
    }
    const stallMs = options.stallTimeoutSeconds * 1000;
    if (seen - (next.lastSuccessAt ?? next.startedAt) >= stallMs) {
      return {
        state: next,
        decision: { kind: "fail", error: withContext(error, readErrorContext(next, at, options, true)) },
        events: [],
      };
    }
    // A read that failed says nothing about the criteria, so it neither breaks nor extends the window.
    const stableCheck = next.lastSuccessAt === undefined ? undefined : check;
    const plan = planNextPoll(next, seen, at, stableCheck, options);
    return {
      state: { ...next, earlyMs: plan.earlyMs },
      decision: {
        kind: "wait",
        delayMs: Math.max(0, plan.sendAt - at),
        shareReadsSentFrom: oldestSharedRead(next, seen, at, plan.sendAt, stableCheck, options),
      },
      events: [
        {
          type: "transient-error",
          ...base,
          error,
          consecutiveErrors: next.consecutiveErrors,
          lastStats: next.lastStats,
          nextPollSeconds: seconds(Math.max(0, plan.sendAt - at)),
        },
      ],
    };
  }

  const stats = observation.stats;
  const check = checkCriteria(stats, options);
  const events: WaitEvent[] = [];
  const prev = state.lastStats;
  let samples = state.samples;
  let earlyMs = state.earlyMs;
  if (prev !== undefined && stats.fullMigrationProgress < prev.fullMigrationProgress) {
    // A broken incremental link restarts the full sync (FACTS.md §2): report it, forget the old trend, keep waiting.
    events.push({ type: "regression", ...base, stats, previousProgress: prev.fullMigrationProgress });
    samples = [];
    // The early reads were spent on a completion the resync took back. A gap never exceeds
    // pollIntervalSeconds, so they cannot be won back: forgive them and aim at the next approach,
    // at the cost of at most one read more than a fixed loop per resync.
    earlyMs = 0;
  } else if (prev !== undefined && checkCriteria(prev, options).progressMet !== check.progressMet) {
    // The key counts' pace during the full sync says nothing about their pace after it.
    samples = [];
  }
  const next: WaitState = {
    ...polled,
    earlyMs,
    lastStats: stats,
    lastSuccessAt: seen,
    lastChangeAt: changed(prev, stats) ? seen : state.lastChangeAt,
    stableSince: check.met ? (state.stableSince ?? seen) : undefined,
    samples: [...samples, sampleOf(seen, stats)].slice(-MAX_TREND_SAMPLES),
    // Kept after a recovery so a final message can still name the last trouble seen.
    lastError: state.lastError,
    consecutiveErrors: 0,
  };
  const stableMs = next.stableSince === undefined ? 0 : seen - next.stableSince;
  const observation_ = (phase: WaitPhase, nextPollMs: number | undefined): WaitEvent => ({
    type: "observation",
    ...base,
    phase,
    stats,
    keyTolerance: check.keyTolerance,
    stableSeconds: seconds(stableMs),
    stableForSeconds: options.stableForSeconds,
    etaSeconds: phase === "complete" ? 0 : etaSeconds(next, at, check, options),
    nextPollSeconds: nextPollMs === undefined ? undefined : seconds(nextPollMs),
  });
  const complete = (): WaitStepOutcome => ({
    state: next,
    decision: {
      kind: "complete",
      result: {
        stats,
        waitedSeconds: seconds(at - next.startedAt),
        polls: next.polls,
        completedAt: new Date(at).toISOString(),
        startedAt: new Date(next.firstStartedAt).toISOString(),
      },
    },
    events: [...events, observation_("complete", undefined)],
  });
  const fail = (error: Error): WaitStepOutcome => ({
    state: next,
    decision: { kind: "fail", error },
    events: [...events, observation_(phaseOf(check), undefined)],
  });

  if (!stats.isMigrating) {
    // A task that has ended with the data in place will not change any more (a full-only
    // migration ends this way, FACTS.md §2), so waiting out the window would prove nothing.
    if (check.met) return complete();
    return fail(new MigrationFailedError(failedMessage(next, at, stats, check), waitDetails(next)));
  }
  if (check.met && stableMs >= options.stableForSeconds * 1000) return complete();
  if (at >= next.deadline) {
    return fail(new WaitTimeoutError(timeoutMessage(next, at, check, options), waitDetails(next)));
  }
  if (!check.met && seen - next.lastChangeAt >= options.stallTimeoutSeconds * 1000) {
    return fail(new MigrationStalledError(stalledMessage(next, at, stats, check, options), waitDetails(next)));
  }
  const plan = planNextPoll(next, seen, at, check, options);
  const delayMs = Math.max(0, plan.sendAt - at);
  return {
    state: { ...next, earlyMs: plan.earlyMs },
    decision: { kind: "wait", delayMs, shareReadsSentFrom: oldestSharedRead(next, seen, at, plan.sendAt, check, options) },
    events: [...events, observation_(phaseOf(check), delayMs)],
  };
}
