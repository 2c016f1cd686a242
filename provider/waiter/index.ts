export { WAIT_DEFAULTS, resolveWaitOptions, type WaitOptions } from "./waitDefaults";
export { waitForCompletion, type WaitForCompletionArgs } from "./waitForCompletion";
export { waitStep, type WaitDecision, type WaitObservation, type WaitResult, type WaitStepOutcome } from "./waitStep";
export { initialWaitState, type WaitCheckpoint, type WaitState, type TrendSample } from "./waitState";
export { checkCriteria, keyToleranceFor, type CriteriaCheck } from "./completionCriteria";
export { classifyWaitError, type WaitErrorKind } from "./classifyWaitError";
export { planNextPoll, etaSeconds, EARLY_POLL_CREDIT, REFUND_STRETCH, REFUND_MIN_LEAD_INTERVALS, type PollPlan } from "./pollSchedule";
export { predictCriteriaAt, type Prediction } from "./predictCompletion";
export { systemClock, type WaitClock } from "./waitClock";
export type {
  WaitEvent,
  WaitObservationEvent,
  WaitPhase,
  WaitRegressionEvent,
  WaitTransientErrorEvent,
} from "./waitEvent";
export { formatProgressLine } from "./formatProgressLine";
export { shouldEmitProgress, PROGRESS_REPEAT_SECONDS, type ProgressThrottleState } from "./progressThrottle";
export { describeStats, shortTaskId, formatPercent, formatKeys } from "./describeStats";
export { formatDuration, formatEta } from "./formatDuration";
export { formatCount } from "./formatCount";
