import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import type { WaitOptions } from "./waitDefaults";

/** One successful read reduced to the numbers a trend needs. `at` is when the read was sent (epoch ms). */
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
 * function and a test can build any situation directly. Times are epoch milliseconds; a read
 * is dated when it was sent, since the server sampled the task no earlier than that.
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
  /** Milliseconds the reads of this attempt have run ahead of a fixed-interval loop (see `EARLY_POLL_CREDIT`). */
  readonly earlyMs: number;
  readonly lastStats: GetMigrationStatsResult | undefined;
  /** When the last successful read of this attempt was sent. */
  readonly lastSuccessAt: number | undefined;
  /** When the first read of the current unbroken run of satisfying reads was sent. */
  readonly stableSince: number | undefined;
  /** When the read that last saw progress, key counts or offset change was sent (or the attempt start). */
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
    earlyMs: 0,
    lastStats: resume?.lastStats,
    lastSuccessAt: undefined,
    stableSince: undefined,
    lastChangeAt: now,
    samples: [],
    lastError: undefined,
    consecutiveErrors: 0,
  };
}
