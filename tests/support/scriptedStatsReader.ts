import type { GetMigrationStatsResult } from "../../provider/dcs/migrationStats";
import type { StatsReader } from "../../provider/dcs/statsReader";
import type { VirtualClock } from "./virtualClock";
import { makeStats } from "./statsFixture";

/** What the fake API answers at a moment: stats fields, or an error to throw. */
export type ScriptAnswer = Partial<Omit<GetMigrationStatsResult, "keyDelta">> | Error;

/**
 * A reader whose answers are a function of elapsed time on a {@link VirtualClock} (ms since the
 * reader was made), so a scenario reads like the migration it models. Each call can take
 * `latencyMs` of fake time, and every call time is recorded.
 */
export class ScriptedStatsReader implements StatsReader {
  readonly calls: number[] = [];
  private readonly origin: number;
  constructor(
    private readonly clock: VirtualClock,
    private readonly script: (elapsedMs: number, call: number) => ScriptAnswer,
    private readonly latencyMs = 0,
  ) {
    this.origin = clock.now();
  }
  async getMigrationStats(taskId: string, opts?: { signal?: AbortSignal }): Promise<GetMigrationStatsResult> {
    const elapsed = this.clock.now() - this.origin;
    this.calls.push(elapsed);
    const answer = this.script(elapsed, this.calls.length);
    this.clock.advance(this.latencyMs);
    await Promise.resolve();
    if (opts?.signal?.aborted === true) throw opts.signal.reason;
    if (answer instanceof Error) throw answer;
    return makeStats({ taskId, observedAt: new Date(this.clock.now()).toISOString(), ...answer });
  }
}

/** A reader answering a fixed list in order (the last answer repeats). */
export function sequenceReader(clock: VirtualClock, answers: readonly ScriptAnswer[], latencyMs = 0): ScriptedStatsReader {
  return new ScriptedStatsReader(
    clock,
    (_elapsed, call) => answers[Math.min(call, answers.length) - 1] ?? new Error("no answer scripted"),
    latencyMs,
  );
}
