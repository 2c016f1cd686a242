import { InFlightRequests } from "../../provider/http/inFlightRequests";
import type { GetMigrationStatsResult } from "../../provider/dcs/migrationStats";
import type { DatedStats, ReadFreshness, StatsReader } from "../../provider/dcs/statsReader";
import type { Clock } from "../../provider/core/clock";
import { makeStats } from "./statsFixture";

/**
 * A reader that shares reads as `DcsClient` does — through the same `InFlightRequests` — over a
 * scripted task on a virtual clock: a request samples the task when it is sent, answers
 * `latencyMs` later, and carries its send time in `observedAt`. With `shareAnswers: false` it
 * offers only the plain read (sharing a request in flight), as every reader did before
 * `getSharedMigrationStats`.
 */
export class SharingStatsReader implements StatsReader {
  /** Send time of every request that went out. */
  readonly requests: number[] = [];
  readonly #inFlight = new InFlightRequests<GetMigrationStatsResult>();
  readonly getSharedMigrationStats?: (
    taskId: string,
    opts: { readonly signal?: AbortSignal | undefined; readonly freshness: ReadFreshness },
  ) => Promise<DatedStats>;

  constructor(
    private readonly clock: Clock,
    private readonly latencyMs: number,
    private readonly statsAt: (t: number) => Partial<Omit<GetMigrationStatsResult, "keyDelta">>,
    options: { readonly shareAnswers?: boolean } = {},
  ) {
    if (options.shareAnswers !== false) {
      this.getSharedMigrationStats = (taskId, opts) =>
        this.#inFlight
          .runFresh(taskId, opts.signal, opts.freshness, () => this.#fetch())
          .then(({ value, sentAt, answeredAt }) => ({ stats: value, sentAt, answeredAt }));
    }
  }

  getMigrationStats(taskId: string, opts: { signal?: AbortSignal } = {}): Promise<GetMigrationStatsResult> {
    return this.#inFlight.run(taskId, opts.signal, () => this.#fetch());
  }

  async #fetch(): Promise<GetMigrationStatsResult> {
    const sentAt = this.clock.now();
    this.requests.push(sentAt);
    const stats = makeStats({ ...this.statsAt(sentAt), observedAt: new Date(sentAt).toISOString() });
    await this.clock.sleep(this.latencyMs);
    return stats;
  }
}
