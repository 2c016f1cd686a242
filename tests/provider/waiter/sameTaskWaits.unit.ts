import assert from "node:assert/strict";
import { MigrationStalledError, WaitTimeoutError } from "../../../provider/waiter/waitErrors";
import type { WaitEvent } from "../../../provider/waiter/waitEvent";
import { waitForCompletion } from "../../../provider/waiter/waitForCompletion";
import type { WaitResult } from "../../../provider/waiter/waitStep";
import { seededRandom } from "../../../bench/seededRandom";
import { SharingStatsReader } from "../../support/sharingStatsReader";
import { VirtualClock } from "../../support/virtualClock";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const TASK = "7f3c1a2b-0000-4000-8000-000000000001";
const SOURCE = 200_000;
const CONVERGED_MS = 95_000;

/** Progress and target keys rise linearly to completion at CONVERGED_MS after T0. */
const linear = (t: number) => {
  const progress = Math.min(100, (100 * (t - T0)) / CONVERGED_MS);
  return { fullMigrationProgress: Number(progress.toFixed(1)), sourceDbsize: SOURCE, targetDbsize: Math.floor((SOURCE * progress) / 100) };
};

/** Latest a timer fires: 2 s of the waits' clock, 200 ms of real time at the benchmark's 10×. */
const MAX_LATE_MS = 2000;

/** A busy machine: about one timer in three fires late, each by its own amount. */
function loadedTimers(seed: number): () => number {
  const random = seededRandom(seed);
  return () => (random() < 0.35 ? Math.round(random() * MAX_LATE_MS) : 0);
}

interface Run {
  readonly requests: number;
  readonly pollsPerWait: number[];
  readonly results: Array<WaitResult | Error>;
  /** Send times of the reads each wait observed, in order. */
  readonly seen: number[][];
}

async function sameTaskWaits(waits: number, statsAt: (t: number) => ReturnType<typeof linear>, shareAnswers: boolean, options = {}): Promise<Run> {
  const clock = new VirtualClock(T0, { concurrent: true, lateMs: loadedTimers(7) });
  // 200 ms per read, as a real gateway round trip.
  const reader = new SharingStatsReader(clock, 200, statsAt, { shareAnswers });
  const seen: number[][] = [];
  const all = Promise.all(
    Array.from({ length: waits }, () => {
      const mine: number[] = [];
      seen.push(mine);
      const onEvent = (e: WaitEvent): void => {
        if (e.type === "observation") mine.push(Date.parse(e.stats.observedAt));
      };
      return waitForCompletion({ reader, taskId: TASK, clock, onEvent, options }).catch((e: Error) => e);
    }),
  );
  const results = await clock.runUntil(all);
  const pollsPerWait = seen.map((s) => s.length);
  return { requests: reader.requests.length, pollsPerWait, results, seen };
}

const perPoll = (run: Run): number => run.requests / Math.max(...run.pollsPerWait);

describe("waits on one task in one process, with late timers", () => {
  it("share every read: 100 waits cost at most 1.05 requests per poll, where sharing only reads in flight costs far more", async () => {
    const shared = await sameTaskWaits(100, linear, true);
    const inFlightOnly = await sameTaskWaits(100, linear, false);
    assert.ok(shared.results.every((r) => !(r instanceof Error)), String(shared.results.find((r) => r instanceof Error)));
    assert.ok(perPoll(shared) <= 1.05, `${shared.requests} requests for ${Math.max(...shared.pollsPerWait)} polls`);
    assert.ok(perPoll(inFlightOnly) >= 1.3, `the same late timers without shared answers: ${perPoll(inFlightOnly).toFixed(2)} requests per poll`);
  });

  it("open every gate on a read sent at least the stability window after the migration converged, never reusing a wait's own read", async () => {
    const run = await sameTaskWaits(100, linear, true);
    for (const [i, r] of run.results.entries()) {
      assert.ok(!(r instanceof Error), String(r));
      const gateRead = Date.parse(r.stats.observedAt);
      assert.ok(gateRead >= T0 + CONVERGED_MS + 30_000, `wait ${i} opened on a read sent ${(gateRead - T0) / 1000}s in`);
      // Within one interval of the earliest possible opening, late timers included.
      assert.ok(gateRead <= T0 + CONVERGED_MS + 30_000 + 10_000 + MAX_LATE_MS, `wait ${i} opened on a read sent ${(gateRead - T0) / 1000}s in`);
      const reads = run.seen[i]!;
      for (let k = 1; k < reads.length; k++) assert.ok(reads[k]! > reads[k - 1]!, `wait ${i} saw the read sent at ${reads[k]} twice`);
    }
  });

  it("fall into one schedule when they started apart: each later wait costs at most its first read and one more", async () => {
    const clock = new VirtualClock(T0, { concurrent: true, lateMs: loadedTimers(11) });
    const reader = new SharingStatsReader(clock, 200, linear);
    const starts = [0, 1_700, 3_100, 6_000, 8_300, 14_900];
    const waits = starts.map(async (offset) => {
      await clock.sleep(offset);
      return waitForCompletion({ reader, taskId: TASK, clock });
    });
    const results = await clock.runUntil(Promise.all(waits));
    const polls = results.map((r) => r.polls);
    const extra = reader.requests.length - Math.max(...polls);
    assert.ok(extra <= 2 * (starts.length - 1), `${reader.requests.length} requests for waits of ${polls.join(", ")} polls`);
  });

  it("never answer a resumed attempt's first read with the previous attempt's last read, even at the same instant", async () => {
    const clock = new VirtualClock(T0, { concurrent: true });
    const reader = new SharingStatsReader(clock, 0, linear);
    const first = await clock.runUntil(waitForCompletion({ reader, taskId: TASK, clock, options: { timeoutSeconds: 20 } }).catch((e: WaitTimeoutError) => e));
    assert.ok(first instanceof WaitTimeoutError);
    // No time passes: the last read of the timed-out attempt is as young as a read can be.
    const resumed = await clock.runUntil(
      waitForCompletion({ reader, taskId: TASK, clock, resume: { startedAt: new Date(T0).toISOString(), polls: first.polls } }),
    );
    assert.equal(resumed.polls, reader.requests.length, "every poll of both attempts was a request of its own");
  });

  it("call a stall on a read sent no sooner than stallTimeoutSeconds after the last change", async () => {
    const stuckAt = T0 + 20_000;
    const stuck = (t: number) => linear(Math.min(t, stuckAt));
    const run = await sameTaskWaits(20, stuck, true, { stallTimeoutSeconds: 60 });
    for (const [i, r] of run.results.entries()) {
      assert.ok(r instanceof MigrationStalledError, `wait ${i}: ${String(r)}`);
      const reads = run.seen[i]!;
      const lastChange = reads.find((t) => t >= stuckAt)!;
      const verdict = reads[reads.length - 1]!;
      assert.ok(verdict - lastChange >= 60_000, `wait ${i} called the stall on a read sent ${(verdict - lastChange) / 1000}s after the last change`);
      assert.ok(verdict - lastChange <= 60_000 + MAX_LATE_MS, `wait ${i} called the stall ${(verdict - lastChange) / 1000}s after the last change`);
    }
    assert.ok(perPoll(run) <= 1.1, `${run.requests} requests for ${Math.max(...run.pollsPerWait)} polls`);
  });
});
