import type { GetMigrationStatsResult } from "../migrationStats";
import type { WaitOptions } from "./waitDefaults";

/** One successful read reduced to the numbers a trend needs. Times are epoch milliseconds. */
export interface TrendSample {
  readonly at: number;
  readonly progress: number;
  /** `|source − target|` */
  readonly absKeyDelta: number;
  /** The offset as a (possibly rounded) number; only its trend is used. */
  readonly offset: number | undefined;
}

/**
 * What a wait remembers between reads. Plain data, so the decision step stays a pure
 * function and a test can build any situation directly. Times are epoch milliseconds.
 */
export interface WaitState {
  readonly taskId: string;
  /** When this attempt started. */
  readonly startedAt: number;
  /** When the first attempt started (differs from `startedAt` after a resume). */
  readonly firstStartedAt: number;
  /** `startedAt + timeoutSeconds`. */
  readonly deadline: number;
  /** Reads so far, all attempts. */
  readonly polls: number;
  /** Reads in this attempt; the poll budget is counted from these. */
  readonly attemptPolls: number;
  readonly lastStats: GetMigrationStatsResult | undefined;
  /** Time of the last successful read in this attempt. */
  readonly lastSuccessAt: number | undefined;
  /** Time of the first read of the current unbroken run of satisfying reads. */
  readonly stableSince: number | undefined;
  /** Last time progress, key counts or offset changed (or the attempt start). */
  readonly lastChangeAt: number;
  /** Recent reads since the last regression, oldest first. */
  readonly samples: readonly TrendSample[];
  readonly lastError: Error | undefined;
  readonly consecutiveErrors: number;
}

/**
 * What a resumed wait (after a timed-out `pulumi up`, FACTS.md §4) carries over. Carried:
 * `startedAt` (reported as the first start), `polls` (counts keep adding up) and `lastStats`
 * (a progress drop between attempts is reported as a regression). Restarted: the total
 * timeout, the stall clock, the stability window and the poll budget — nothing was observed
 * in the gap, so none of them can honestly continue.
 */
export interface WaitCheckpoint {
  /** ISO-8601 start of the first attempt. */
  readonly startedAt: string;
  /** Reads made by earlier attempts. */
  readonly polls: number;
  /** The last stats an earlier attempt saw. */
  readonly lastStats?: GetMigrationStatsResult | undefined;
}

/** The state before the first read of an attempt. */
export function initialWaitState(
  taskId: string,
  now: number,
  options: WaitOptions,
  resume?: WaitCheckpoint,
): WaitState {
  const resumedStart = resume === undefined ? Number.NaN : Date.parse(resume.startedAt);
  return {
    taskId,
    startedAt: now,
    firstStartedAt: Number.isFinite(resumedStart) && resumedStart <= now ? resumedStart : now,
    deadline: now + options.timeoutSeconds * 1000,
    polls: resume !== undefined && Number.isInteger(resume.polls) && resume.polls > 0 ? resume.polls : 0,
    attemptPolls: 0,
    lastStats: resume?.lastStats,
    lastSuccessAt: undefined,
    stableSince: undefined,
    lastChangeAt: now,
    samples: [],
    lastError: undefined,
    consecutiveErrors: 0,
  };
}
