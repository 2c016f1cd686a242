import type { FaultRule } from "../faults/faultRule";
import type { FieldFormat } from "../statsBody";
import type { StatsFields } from "../statsFields";
import type { TaskCounters } from "./taskCounters";
import type { TaskRecordBook, TaskRecordState } from "./taskRecord";

export type TaskKind = "scripted" | "redis";

/** What the control API's inspect returns for a task. */
export interface TaskDescription {
  readonly id: string;
  readonly kind: TaskKind;
  readonly fieldFormat: FieldFormat;
  /** Wall-clock creation time, ISO-8601. */
  readonly createdAt: string;
  /** The task's own (virtual) time since it started, the clock of its timeline and fault windows. */
  readonly elapsedMs: number;
  /** e.g. `running`, `stopped`, `failed`, `pending`, `syncing`, `replicating`. */
  readonly state: string;
  /** The stats the API would answer now, as wire values. */
  readonly stats: Record<string, unknown>;
  /** The task record's status the API would answer now. */
  readonly status: string;
  readonly counters: TaskCounters;
  readonly faults: readonly FaultRule[];
  /** Kind-specific details (the timeline, Redis ports, seeding options, timings). */
  readonly details: Record<string, unknown>;
}

/** A migration task the emulator answers for. */
export interface EmulatedTask {
  readonly id: string;
  readonly kind: TaskKind;
  readonly fieldFormat: FieldFormat;
  readonly counters: TaskCounters;
  /** Requests for the task's record and for its logs (the stats keep `counters`). */
  readonly recordCounters: TaskCounters;
  readonly logCounters: TaskCounters;
  /** A status and log lines set through the control API. */
  readonly book: TaskRecordBook;
  /** The record and log the API answers now (what the book holds laid over the task's own). */
  taskRecord(): TaskRecordState | Promise<TaskRecordState>;
  /** Replaced as a whole by the control API, read per request. */
  faults: readonly FaultRule[];
  /** Virtual ms since the task started. */
  elapsedMs(): number;
  /** The stats the API answers now. */
  stats(): StatsFields | Promise<StatsFields>;
  /** Ends the migration (`is_migrating` false from now on). */
  stop(): Promise<void>;
  describe(): Promise<TaskDescription>;
  /** Releases everything the task holds (processes, connections). */
  close(): Promise<void>;
}
