import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { compact } from "./resourceInputs";
import { ResourceInitError } from "./resourceInitError";
import { statsOutputs, type ConnectionOutputs, type Verdict, type WaitForMigrationOutputs } from "./resourceOutputs";
import type { WaitOptions } from "../waiter/waitDefaults";

/** Where a wait cut short stands. */
export interface WaitStand {
  readonly waitedSeconds: number;
  readonly polls: number;
  readonly lastStats?: GetMigrationStatsResult | undefined;
  /** The task's own status as last read; empty when it could not be read. */
  readonly status: string;
}

/** What the resource records besides where the wait stands. */
export interface NotCompleteRecord {
  readonly id: string;
  /** The connection and wait-option outputs. */
  readonly base: ConnectionOutputs & Partial<WaitOptions>;
  /** When the first attempt started (ISO-8601). */
  readonly startedAt: string;
  /** Seconds the earlier attempts waited. */
  readonly priorWaitedSeconds: number;
  /** The inputs' `__provider`, which the host does not add to a partial failure's properties. */
  readonly provider: unknown;
}

/**
 * A wait that ended before the gate opened (timeout, cancel, `customTimeouts`), as the partial
 * failure the host saves: the resource is created "with init errors", its outputs say
 * `completed: false` and where the wait stands, and the next `pulumi up` calls `update`, which
 * resumes from there instead of starting over (FACTS.md §4).
 */
export function notCompleteError(message: string, record: NotCompleteRecord, stand: WaitStand, cause: unknown): ResourceInitError {
  const properties = compact({
    ...record.base,
    ...(stand.lastStats === undefined ? {} : statsOutputs(stand.lastStats)),
    status: stand.status,
    ...({
      completed: false,
      waitedSeconds: record.priorWaitedSeconds + stand.waitedSeconds,
      polls: stand.polls,
      startedAt: record.startedAt,
      completedAt: "",
    } satisfies Verdict),
    __provider: record.provider,
  } satisfies WaitForMigrationOutputs & { readonly __provider: unknown });
  return new ResourceInitError(message, { id: record.id, properties }, { cause });
}
