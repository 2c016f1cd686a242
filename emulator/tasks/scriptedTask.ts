import type { EmulatorClock } from "../emulatorClock";
import type { FaultRule } from "../faults/faultRule";
import { statsWireObject, type FieldFormat } from "../statsBody";
import type { StatsFields } from "../statsFields";
import type { Timeline } from "../timeline";
import { endTimeline, statsAt } from "../timelineStats";
import type { EmulatedTask, TaskDescription } from "./emulatedTask";
import { newTaskCounters, snapshotCounters, type TaskCounters } from "./taskCounters";
import { scriptedTaskRecord, TaskRecordBook, type TaskRecordState } from "./taskRecord";
import type { ScriptedTaskSpec } from "./taskRequest";

/**
 * A task that plays a timeline: each answer is `statsAt(timeline, elapsed)` with
 * elapsed = startAtMs + (now − createdAt) × timeScale, so it is a pure function of
 * the injected clock — deterministic, and cheap enough for the hot path.
 */
export class ScriptedTask implements EmulatedTask {
  readonly kind = "scripted";
  readonly fieldFormat: FieldFormat;
  readonly counters: TaskCounters = newTaskCounters();
  readonly recordCounters: TaskCounters = newTaskCounters();
  readonly logCounters: TaskCounters = newTaskCounters();
  readonly book = new TaskRecordBook();
  faults: readonly FaultRule[];
  private timeline: Timeline;
  private readonly createdAt: number;

  constructor(
    readonly id: string,
    private readonly spec: ScriptedTaskSpec,
    private readonly clock: EmulatorClock,
  ) {
    this.fieldFormat = spec.fieldFormat;
    this.faults = spec.faults;
    this.timeline = spec.timeline;
    this.createdAt = clock.now();
  }

  elapsedMs(): number {
    return this.spec.startAtMs + Math.max(0, this.clock.now() - this.createdAt) * this.spec.timeScale;
  }

  stats(): StatsFields {
    return statsAt(this.timeline, this.elapsedMs());
  }

  taskRecord(): TaskRecordState {
    // Virtual ms on the timeline back to this machine's time, for the log lines' `created_at`.
    const wallTime = (virtualMs: number): string =>
      new Date(this.createdAt + Math.max(0, virtualMs - this.spec.startAtMs) / this.spec.timeScale).toISOString();
    return this.book.apply({ ...scriptedTaskRecord(this.timeline, this.elapsedMs(), wallTime), createdAt: new Date(this.createdAt).toISOString() });
  }

  /** Ends the timeline now: from here on `is_migrating` is false and values are frozen. */
  stop(): Promise<void> {
    this.timeline = endTimeline(this.timeline, this.elapsedMs(), "stopped");
    return Promise.resolve();
  }

  describe(): Promise<TaskDescription> {
    const elapsed = this.elapsedMs();
    const stats = statsAt(this.timeline, elapsed);
    const end = this.timeline.end;
    const state = end !== undefined && elapsed >= end.atMs ? end.reason : "running";
    const record = this.taskRecord();
    return Promise.resolve({
      id: this.id,
      kind: this.kind,
      fieldFormat: this.fieldFormat,
      createdAt: new Date(this.createdAt).toISOString(),
      elapsedMs: elapsed,
      state,
      stats: statsWireObject(stats, this.fieldFormat),
      status: record.status,
      counters: snapshotCounters(this.counters),
      faults: this.faults,
      details: {
        preset: this.spec.preset,
        timeScale: this.spec.timeScale,
        startAtMs: this.spec.startAtMs,
        timeline: this.timeline,
      },
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
