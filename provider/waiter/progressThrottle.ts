import type { WaitEvent, WaitPhase } from "./waitEvent";

/** How often an unchanged phase is reported again in logs. */
export const PROGRESS_REPEAT_SECONDS = 30;

/** What the throttle remembers; start from `{}`. */
export interface ProgressThrottleState {
  readonly lastEmitSeconds?: number;
  readonly lastPhase?: WaitPhase;
}

/**
 * Decides whether an event is worth a log line: every phase change, every regression and
 * read error, and otherwise at most one line per {@link PROGRESS_REPEAT_SECONDS}. Pure — time is
 * the event's own `elapsedSeconds` — so the Pulumi provider and the CLI throttle alike.
 */
export function shouldEmitProgress(
  state: ProgressThrottleState,
  event: WaitEvent,
  repeatSeconds: number = PROGRESS_REPEAT_SECONDS,
): { readonly emit: boolean; readonly state: ProgressThrottleState } {
  if (event.type !== "observation") return { emit: true, state };
  const due =
    state.lastEmitSeconds === undefined ||
    state.lastPhase !== event.phase ||
    event.elapsedSeconds - state.lastEmitSeconds >= repeatSeconds;
  return due
    ? { emit: true, state: { lastEmitSeconds: event.elapsedSeconds, lastPhase: event.phase } }
    : { emit: false, state };
}
