/**
 * What happened to one task's stats requests, so tests and benchmarks can count
 * the calls a client really made (retries included) instead of trusting it.
 */
export interface TaskCounters {
  /** Every request for this task's stats path, whatever the outcome. */
  requests: number;
  /** Requests that passed authentication; the index fault windows count (`fromRequest`). */
  served: number;
  /** Responses by HTTP status (`"200"`, `"401"`, …); a reset connection counts as `"reset"`. */
  readonly byStatus: Record<string, number>;
  /** Faults applied, by kind. */
  readonly faults: Record<string, number>;
}

export function newTaskCounters(): TaskCounters {
  return { requests: 0, served: 0, byStatus: {}, faults: {} };
}

export function countOutcome(counters: TaskCounters, outcome: number | "reset"): void {
  const key = String(outcome);
  counters.byStatus[key] = (counters.byStatus[key] ?? 0) + 1;
}

export function countFault(counters: TaskCounters, kind: string): void {
  counters.faults[kind] = (counters.faults[kind] ?? 0) + 1;
}

/** A copy, so a snapshot sent over the control API does not change afterwards. */
export function snapshotCounters(counters: TaskCounters): TaskCounters {
  return { requests: counters.requests, served: counters.served, byStatus: { ...counters.byStatus }, faults: { ...counters.faults } };
}
