/**
 * A local emulator of Huawei Cloud DCS `ShowMigrationTaskStats`, for the demo,
 * tests and benchmarks. See emulator/README.md.
 */
export { startEmulator, type EmulatorHandle } from "./startEmulator";
export { EMULATOR_DEFAULTS, type EmulatorOptions, type EmulatorTls } from "./emulatorOptions";
export { EmulatorControl, EmulatorControlError, type GatewayClock, type RequestCounts } from "./emulatorControl";
export { ManualClock, SYSTEM_CLOCK, type EmulatorClock } from "./emulatorClock";
export { EmulatorInputError } from "./control/inputError";
export type { EmulatorCredentials } from "./auth/authenticate";
export type { TaskDescription, TaskKind } from "./tasks/emulatedTask";
export type { TaskCounters } from "./tasks/taskCounters";
export {
  REDIS_TASK_DEFAULTS,
  SCRIPTED_TASK_DEFAULTS,
  type CreateTaskRequest,
  type RedisTaskRequest,
  type ScriptedTaskRequest,
} from "./tasks/taskRequest";
export type { FaultRule, FaultAction, FaultWindow, FaultKind, RetryAfterFormat } from "./faults/faultRule";
export type { FieldFormat } from "./statsBody";
export type { StatsFields } from "./statsFields";
export {
  TIMELINE_DEFAULTS,
  drop,
  hold,
  linear,
  sCurve,
  type Timeline,
  type TimelinePhase,
  type TimelineEnd,
  type ProgressShape,
} from "./timeline";
export { statsAt, endTimeline } from "./timelineStats";
export { presetTimeline, PRESET_NAMES, TIMELINE_PRESETS, type PresetName, type PresetOptions } from "./timelinePresets";
