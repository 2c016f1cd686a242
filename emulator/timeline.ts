/**
 * A scripted migration: everything the stats call reports, as a pure function of
 * the (virtual) time since the task started. Data only — no functions — so a
 * timeline can be created over the control API as JSON, stored, and replayed on a
 * virtual clock by the benchmarks without HTTP (see {@link statsAt} in
 * ./timelineStats.ts).
 */

/** How a ramp moves between its start and end value. `s-curve` is slow–fast–slow (smoothstep). */
export type ProgressShape = "linear" | "s-curve";

export const PROGRESS_SHAPES: readonly ProgressShape[] = ["linear", "s-curve"];

/** Progress moves from where it is to `to` over `durationMs`; data is copied meanwhile. */
export interface RampPhase {
  readonly kind: "ramp";
  readonly to: number;
  readonly durationMs: number;
  readonly shape: ProgressShape;
}

/** Progress stays put for `durationMs`, with no traffic while below 100 (a stall). */
export interface HoldPhase {
  readonly kind: "hold";
  readonly durationMs: number;
}

/**
 * Progress falls back to `to` at once: a broken incremental link forcing a new full
 * sync (FACTS.md §2: with auto-resume, progress can go back down).
 */
export interface DropPhase {
  readonly kind: "drop";
  readonly to: number;
}

export type TimelinePhase = RampPhase | HoldPhase | DropPhase;

/** Why a task stopped migrating; from `atMs` on, `is_migrating` is false and every value is frozen. */
export type TimelineEndReason = "failed" | "stopped" | "finished";

export const TIMELINE_END_REASONS: readonly TimelineEndReason[] = ["failed", "stopped", "finished"];

export interface TimelineEnd {
  readonly atMs: number;
  readonly reason: TimelineEndReason;
  /**
   * The task record's status from `atMs` on. @default by reason: `failed` → FAILED,
   * `stopped` → TERMINATED, `finished` → SUCCESS (FACTS.md §10)
   */
  readonly status?: string;
  /** The ERROR line the task's log gets at `atMs` (a failure's reason, in the API's words). */
  readonly message?: string;
}

export interface Timeline {
  /** Progress at time 0. @default 0 */
  readonly startProgress: number;
  /** Played in order from time 0; after the last one progress holds forever. @default [] */
  readonly phases: readonly TimelinePhase[];
  /** Keys in the source Redis. @default 531221 (the API page's example) */
  readonly sourceKeys: number;
  /**
   * Keys that were on the target before the migration and stay there
   * (FACTS.md §2: target can exceed source). @default 0
   */
  readonly extraTargetKeys: number;
  /**
   * Source keys that never arrive, e.g. TTL keys that expired on one side only; the
   * API page's example ends 10 keys apart at 100 %. @default 0
   */
  readonly missingKeys: number;
  /** Keys still in flight when progress first reaches 100. @default 0 */
  readonly lagKeys: number;
  /** Time after reaching 100 over which {@link lagKeys} drain to zero. @default 0 */
  readonly convergeMs: number;
  /** Traffic while a ramp is copying data. @default 2048 */
  readonly syncKbps: number;
  /** @default 9000 */
  readonly syncOps: number;
  /** Traffic once at 100 (incremental replication of live writes). @default 50 (the API page's example) */
  readonly incrementalKbps: number;
  /** @default 5300 (the API page's example) */
  readonly incrementalOps: number;
  /** Offset at 0 % progress; shrinks with progress. @default 1048576 */
  readonly syncOffset: number;
  /** Offset once converged. @default 0 ("0 means no difference", FACTS.md §1) */
  readonly finalOffset: number;
  /** When and why the task stops migrating; never when absent. */
  readonly end?: TimelineEnd;
}

/** Every default of {@link Timeline}, in one place. */
export const TIMELINE_DEFAULTS: Timeline = {
  startProgress: 0,
  phases: [],
  sourceKeys: 531_221,
  extraTargetKeys: 0,
  missingKeys: 0,
  lagKeys: 0,
  convergeMs: 0,
  syncKbps: 2048,
  syncOps: 9000,
  incrementalKbps: 50,
  incrementalOps: 5300,
  syncOffset: 1_048_576,
  finalOffset: 0,
};

/** A linear ramp to `to` percent over `durationMs`. */
export function linear(to: number, durationMs: number): RampPhase {
  return { kind: "ramp", to, durationMs, shape: "linear" };
}

/** An S-shaped ramp (slow start, fast middle, slow end) to `to` percent over `durationMs`. */
export function sCurve(to: number, durationMs: number): RampPhase {
  return { kind: "ramp", to, durationMs, shape: "s-curve" };
}

/** Progress stays where it is for `durationMs`. */
export function hold(durationMs: number): HoldPhase {
  return { kind: "hold", durationMs };
}

/** Progress falls back to `to` at once (a resync). */
export function drop(to: number): DropPhase {
  return { kind: "drop", to };
}
