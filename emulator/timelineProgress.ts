import type { ProgressShape, Timeline } from "./timeline";

/** Where a timeline's progress stands at one instant. */
export interface ProgressPoint {
  /** Exact progress, 0–100 (not yet rounded for the wire). */
  readonly progress: number;
  /** True while a ramp phase is moving (data is being copied). */
  readonly ramping: boolean;
  /**
   * When progress most recently reached 100 and has stayed there since; undefined
   * while below 100. Key counts converge from this moment (see timelineStats.ts).
   */
  readonly reached100AtMs: number | undefined;
}

/** Plays the phases of `timeline` up to `elapsedMs`. Pure. */
export function progressAt(timeline: Pick<Timeline, "startProgress" | "phases">, elapsedMs: number): ProgressPoint {
  const t = Math.max(0, elapsedMs);
  let progress = timeline.startProgress;
  let reached = progress >= 100 ? 0 : undefined;
  let phaseStart = 0;
  for (const phase of timeline.phases) {
    if (t < phaseStart) break;
    if (phase.kind === "drop") {
      progress = phase.to;
      reached = progress >= 100 ? (reached ?? phaseStart) : undefined;
      continue;
    }
    const phaseEnd = phaseStart + phase.durationMs;
    if (phase.kind === "ramp") {
      if (t < phaseEnd) {
        const fraction = ease(phase.shape, (t - phaseStart) / phase.durationMs);
        const value = progress + (phase.to - progress) * fraction;
        return { progress: value, ramping: true, reached100AtMs: value >= 100 ? reached : undefined };
      }
      progress = phase.to;
    } else if (t < phaseEnd) {
      return { progress, ramping: false, reached100AtMs: reached };
    }
    if (progress >= 100) reached ??= phaseEnd;
    else reached = undefined;
    phaseStart = phaseEnd;
  }
  return { progress, ramping: false, reached100AtMs: reached };
}

/** Total length of the phases, i.e. when the last one ends. */
export function phasesDurationMs(timeline: Pick<Timeline, "phases">): number {
  let total = 0;
  for (const phase of timeline.phases) if (phase.kind !== "drop") total += phase.durationMs;
  return total;
}

function ease(shape: ProgressShape, x: number): number {
  const f = Math.min(1, Math.max(0, x));
  return shape === "linear" ? f : f * f * (3 - 2 * f);
}
