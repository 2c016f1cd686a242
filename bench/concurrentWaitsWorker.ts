import { readFileSync } from "node:fs";
import { closeSharedDcsClients, sharedDcsClient, type StatsReader, type TaskRecordReader } from "../provider/dcs";
import { resolveSettings } from "../provider/settings";
import { waitForCompletion } from "../provider/waiter";
import { ScaledClock } from "../tests/support/scaledClock";

/**
 * The process under measurement for the concurrency benchmark: N waits at once through the
 * provider's code path (`waitForCompletion` + the process-wide `sharedDcsClient`), nothing else
 * loaded, run from compiled JavaScript so its memory is what an installed provider uses.
 * Reads its job from the JSON in env BENCH_WORKER_JOB and prints one JSON line.
 */
export interface WorkerJob {
  readonly url: string;
  readonly projectId: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly timeScale: number;
  /** Real epoch ms the scaled clock starts from. */
  readonly originMs: number;
  /** One entry per wait; the same id more than once means waits on the same task. */
  readonly taskIds: readonly string[];
}

export interface WorkerWait {
  readonly taskId: string;
  /** Real epoch ms of this wait's first read, and of its gate opening (or failure). */
  readonly firstSendMs: number;
  readonly endedMs: number;
  readonly polls: number;
  readonly error?: string;
}

export interface WorkerReport {
  readonly startedMs: number;
  readonly endedMs: number;
  readonly waits: readonly WorkerWait[];
  /** Largest `process.memoryUsage().rss` sampled every 20 ms, bytes. */
  readonly peakRssBytes: number;
  /** The kernel's high-water mark of the process's resident set (VmHWM), bytes; undefined off Linux. */
  readonly vmHwmBytes: number | undefined;
}

function vmHwmBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env["BENCH_WORKER_JOB"] ?? "") as WorkerJob;
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 20);
  const settings = resolveSettings(
    { endpoint: job.url, projectId: job.projectId, accessKey: job.accessKey, secretKey: job.secretKey },
    { env: {} },
  );
  const clock = new ScaledClock(job.timeScale, job.originMs, { subMillisecond: true });
  const startedMs = Date.now();
  const waits = await Promise.all(
    job.taskIds.map(async (taskId): Promise<WorkerWait> => {
      // Each wait asks the process-wide cache, as every WaitForMigration in a provider process does.
      const client = sharedDcsClient(settings);
      let firstSendMs: number | undefined;
      // The record reads too, as the provider's reader has them: the bench counts them beside /stats.
      const reader: StatsReader & TaskRecordReader = {
        getMigrationTask: (id, opts) => client.getMigrationTask(id, opts),
        getLatestMigrationError: (id, opts) => client.getLatestMigrationError(id, opts),
        getMigrationStats(id, opts) {
          firstSendMs ??= Date.now();
          return client.getMigrationStats(id, opts);
        },
        getSharedMigrationStats(id, opts) {
          firstSendMs ??= Date.now();
          return client.getSharedMigrationStats(id, opts);
        },
      };
      try {
        const result = await waitForCompletion({ reader, taskId, clock });
        return { taskId, firstSendMs: firstSendMs ?? startedMs, endedMs: Date.now(), polls: result.polls };
      } catch (e) {
        const polls = typeof (e as { polls?: unknown }).polls === "number" ? (e as { polls: number }).polls : 0;
        return { taskId, firstSendMs: firstSendMs ?? startedMs, endedMs: Date.now(), polls, error: String(e) };
      }
    }),
  );
  const endedMs = Date.now();
  clearInterval(sampler);
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  closeSharedDcsClients();
  const report: WorkerReport = { startedMs, endedMs, waits, peakRssBytes, vmHwmBytes: vmHwmBytes() };
  process.stdout.write(JSON.stringify(report) + "\n");
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`concurrentWaitsWorker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
