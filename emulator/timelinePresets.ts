import { drop, hold, linear, sCurve, TIMELINE_DEFAULTS, type Timeline } from "./timeline";

/** Knobs every preset takes. */
export interface PresetOptions {
  /** Virtual length of the main full-sync ramp. @default 1_800_000 (30 minutes) */
  readonly durationMs?: number;
  /** @default TIMELINE_DEFAULTS.sourceKeys */
  readonly sourceKeys?: number;
}

export const PRESET_DEFAULTS = { durationMs: 30 * 60_000 } as const;

const MINUTE = 60_000;

/**
 * The named migrations the emulator can play, each a story a waiter must get
 * right (FACTS.md §2 for why each happens in real migrations).
 */
export const TIMELINE_PRESETS = {
  /** 0 → 100 % at a constant rate; counts equal at the end. */
  linear: (d: number): Partial<Timeline> => ({ phases: [linear(100, d)] }),
  /** 0 → 100 % slow–fast–slow. */
  "s-curve": (d: number): Partial<Timeline> => ({ phases: [sCurve(100, d)] }),
  /**
   * Reaches 100 % with 2 000 keys still in flight that drain over 3 minutes, then
   * stays 10 keys apart like the API page's example (TTL expiry on one side).
   */
  converging: (d: number): Partial<Timeline> => ({
    phases: [linear(100, d)],
    missingKeys: 10,
    lagKeys: 2000,
    convergeMs: 3 * MINUTE,
    finalOffset: 100,
  }),
  /** Climbs to 63 % and stops moving, still `is_migrating` (big keys, buffer overflow). */
  "stall-63": (d: number): Partial<Timeline> => ({ phases: [linear(63, d * 0.63)] }),
  /** Climbs to 40 % and fails: `is_migrating` false from then on. */
  "fail-40": (d: number): Partial<Timeline> => ({
    phases: [linear(40, d * 0.4)],
    end: { atMs: d * 0.4, reason: "failed" },
  }),
  /**
   * Climbs to 41 % and fails with a reason in the task's log, as a full sync cut off by the
   * source does (FACTS.md §2: output-buffer overflow restarting or breaking the full sync).
   */
  "fail-41": (d: number): Partial<Timeline> => ({
    phases: [linear(41, d * 0.41)],
    end: {
      atMs: d * 0.41,
      reason: "failed",
      status: "FAILED",
      message: "Full migration failed: the source Redis closed the replication connection (client-output-buffer-limit for replicas exceeded).",
    },
  }),
  /** Reaches 100 %, holds 2 minutes, the link breaks and a new full sync restarts from 60 %. */
  resync: (d: number): Partial<Timeline> => ({
    phases: [linear(100, d), hold(2 * MINUTE), drop(60), linear(100, d * 0.4)],
  }),
  /** The target already held 1 000 keys of its own, so it ends with more than the source. */
  "extra-keys": (d: number): Partial<Timeline> => ({ phases: [linear(100, d)], extraTargetKeys: 1000 }),
  /** Already at 100 % with equal counts from the first call (incremental sync running). */
  complete: (): Partial<Timeline> => ({ startProgress: 100, phases: [] }),
  /** 0 → 99 % over the duration, then the last 1 % takes 5 more minutes. */
  "long-tail": (d: number): Partial<Timeline> => ({ phases: [linear(99, d), linear(100, 5 * MINUTE)] }),
  /** A full-only migration: reaches 100 %, then the task finishes one minute later (`is_migrating` false). */
  "full-only": (d: number): Partial<Timeline> => ({
    phases: [linear(100, d)],
    end: { atMs: d + MINUTE, reason: "finished" },
  }),
} as const;

export type PresetName = keyof typeof TIMELINE_PRESETS;

export const PRESET_NAMES = Object.keys(TIMELINE_PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(TIMELINE_PRESETS, name);
}

/** The full timeline of a preset, with `overrides` applied on top. */
export function presetTimeline(name: PresetName, options: PresetOptions = {}, overrides: Partial<Timeline> = {}): Timeline {
  const d = options.durationMs ?? PRESET_DEFAULTS.durationMs;
  const base: Timeline = {
    ...TIMELINE_DEFAULTS,
    ...(options.sourceKeys === undefined ? {} : { sourceKeys: options.sourceKeys }),
    ...TIMELINE_PRESETS[name](d),
  };
  return { ...base, ...overrides };
}
