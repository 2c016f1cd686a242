import type { Redis } from "ioredis";
import type { EmulatorClock } from "../emulatorClock";
import type { FaultRule } from "../faults/faultRule";
import { parseInfo } from "../redis/redisInfo";
import { RedisServerProcess } from "../redis/redisServerProcess";
import { replicationStats } from "../redis/replicationStats";
import { connectRedis, redisClosed } from "../redis/connectRedis";
import { seedKeys } from "../redis/seedKeys";
import { startWriteLoad, type WriteLoad } from "../redis/writeLoad";
import { statsWireObject, type FieldFormat } from "../statsBody";
import type { StatsFields } from "../statsFields";
import type { EmulatedTask, TaskDescription } from "./emulatedTask";
import { newTaskCounters, snapshotCounters, type TaskCounters } from "./taskCounters";
import { TaskRecordBook, type EmulatedLogLine, type TaskRecordState } from "./taskRecord";
import type { RedisTaskSpec } from "./taskRequest";

/** Lifecycle of a Redis-backed task. */
export type RedisTaskState = "pending" | "syncing" | "replicating" | "stopped" | "failed";

export interface RedisTaskOptions {
  /** redis-server executable. @default "redis-server" */
  readonly redisServer?: string;
  /** How long one look at both servers is reused; bounds the INFO traffic under load. @default 100 */
  readonly sampleMaxAgeMs?: number;
}

/** One look at a server, pipelined; ioredis's batch form names each command by its method. */
const SAMPLE_COMMANDS = [["info", "replication", "stats", "keyspace", "persistence"], ["dbsize"]];

/**
 * A real migration between two redis-server processes (FACTS.md §6): the source
 * is seeded, the target runs `REPLICAOF` (full sync, then incremental), and every
 * stats answer is read from the servers. Stopping runs `REPLICAOF NO ONE`. If a
 * server dies, the task has failed: `is_migrating` false, last values frozen.
 */
export class RedisTask implements EmulatedTask {
  readonly kind = "redis";
  readonly fieldFormat: FieldFormat;
  readonly counters: TaskCounters = newTaskCounters();
  readonly recordCounters: TaskCounters = newTaskCounters();
  readonly logCounters: TaskCounters = newTaskCounters();
  readonly book = new TaskRecordBook();
  faults: readonly FaultRule[];
  private state: RedisTaskState = "pending";
  private failure: string | undefined;
  private endedAt: number | undefined;
  private readonly createdAt: number;
  private startedAt: number | undefined;
  private syncedAt: number | undefined;
  private lastProgress = 0;
  private last: StatsFields | undefined;
  private lastAt = 0;
  private inflight: Promise<StatsFields> | undefined;
  private writeLoad: WriteLoad | undefined;
  private closing = false;

  private constructor(
    readonly id: string,
    private readonly spec: RedisTaskSpec,
    private readonly clock: EmulatorClock,
    private readonly source: RedisServerProcess,
    private readonly target: RedisServerProcess,
    private readonly sourceClient: Redis,
    private readonly targetClient: Redis,
    private readonly loadClient: Redis,
    private readonly options: RedisTaskOptions,
    readonly seedMs: number,
  ) {
    this.fieldFormat = spec.fieldFormat;
    this.faults = spec.faults;
    this.createdAt = clock.now();
    for (const server of [source, target]) {
      void server.exited.then(({ code, signal }) => {
        if (this.closing) return;
        this.markFailed(`redis-server (${server.label}) on port ${server.port} exited (code ${code}, signal ${signal})`);
      });
    }
  }

  /** Starts both servers, seeds the source and (unless `autoStart` is false) starts replicating. */
  static async create(id: string, spec: RedisTaskSpec, clock: EmulatorClock, options: RedisTaskOptions = {}): Promise<RedisTask> {
    const servers: RedisServerProcess[] = [];
    const clients: Redis[] = [];
    try {
      const redisServer = options.redisServer === undefined ? {} : { redisServer: options.redisServer };
      const [source, target] = await Promise.all([
        // Disk-based sync: a diskless one hides the RDB size, so no real percentage (FACTS.md §6).
        RedisServerProcess.start({ label: "source", config: { "repl-diskless-sync": "no" }, ...redisServer }),
        RedisServerProcess.start({
          label: "target",
          config: {
            // Keep answering INFO while loading the RDB, so progress can be watched.
            "loading-process-events-interval-bytes": "16384",
            "key-load-delay": String(spec.keyLoadDelay),
          },
          ...redisServer,
        }),
      ]);
      servers.push(source, target);
      const [sourceClient, targetClient, loadClient] = await Promise.all([
        connectRedis(source.port),
        connectRedis(target.port),
        connectRedis(source.port),
      ]);
      clients.push(sourceClient, targetClient, loadClient);
      const seedStart = Date.now();
      await seedKeys(loadClient, spec);
      const task = new RedisTask(id, spec, clock, source, target, sourceClient, targetClient, loadClient, options, Date.now() - seedStart);
      if (spec.autoStart) await task.start();
      return task;
    } catch (e) {
      for (const c of clients) c.disconnect();
      await Promise.all(servers.map((s) => s.stop()));
      throw e;
    }
  }

  /** Begins the migration: `REPLICAOF` on the target, and the write load if any. */
  async start(): Promise<void> {
    if (this.state !== "pending") throw new Error(`Task ${this.id} cannot start: it is ${this.state}`);
    await this.targetClient.call("REPLICAOF", "127.0.0.1", this.source.port);
    this.startedAt = this.clock.now();
    this.state = "syncing";
    this.invalidate();
    if (this.spec.writeOpsPerSecond > 0) {
      this.writeLoad = startWriteLoad(this.loadClient, {
        opsPerSecond: this.spec.writeOpsPerSecond,
        newKeyFraction: this.spec.newKeyFraction,
        seededKeys: this.spec.keys,
        valueBytes: this.spec.valueBytes,
      });
    }
  }

  /**
   * The record as the API would show this migration: RUNNING (the API's "to be configured") until
   * started, FULLMIGRATING during the full sync, INCRMIGEATING once the replica's link is up,
   * TERMINATED after a stop, FAILED when a server died — with the death as the ERROR log line.
   */
  taskRecord(): TaskRecordState {
    const status = { pending: "RUNNING", syncing: "FULLMIGRATING", replicating: "INCRMIGEATING", stopped: "TERMINATED", failed: "FAILED" }[this.state];
    const at = (ms: number): string => new Date(ms).toISOString();
    const logs: EmulatedLogLine[] = [];
    if (this.startedAt !== undefined) logs.push({ createdAt: at(this.startedAt), logLevel: "INFO", message: "Full migration started (REPLICAOF).", logCode: "DCS.MIG.0001" });
    if (this.syncedAt !== undefined) {
      logs.push({ createdAt: at(this.syncedAt), logLevel: "INFO", message: "Full migration finished; incremental migration started.", logCode: "DCS.MIG.0002" });
    }
    if (this.state === "failed" && this.endedAt !== undefined) {
      logs.push({ createdAt: at(this.endedAt), logLevel: "ERROR", message: `The migration failed: ${this.failure ?? "a Redis server is gone"}.`, logCode: "DCS.MIG.4001" });
    }
    return this.book.apply({ status, createdAt: at(this.createdAt), migrationMethod: "incremental_migration", logs });
  }

  get currentState(): RedisTaskState {
    return this.state;
  }

  elapsedMs(): number {
    return Math.max(0, this.clock.now() - (this.startedAt ?? this.createdAt));
  }

  /** Reads both servers, at most once per `sampleMaxAgeMs`, sharing one read among concurrent callers. */
  stats(): StatsFields | Promise<StatsFields> {
    if (this.state === "failed" && this.last !== undefined) return this.last;
    if (this.last !== undefined && Date.now() - this.lastAt < (this.options.sampleMaxAgeMs ?? 100)) return this.last;
    this.inflight ??= this.sample().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Ends the migration with `REPLICAOF NO ONE`; the target keeps its data. */
  async stop(): Promise<void> {
    if (this.state === "stopped" || this.state === "failed") return;
    await this.writeLoad?.stop();
    if (this.state !== "pending") {
      this.invalidate();
      await this.sample();
    }
    await this.targetClient.call("REPLICAOF", "NO", "ONE");
    this.state = "stopped";
    this.endedAt = this.clock.now();
    this.invalidate();
  }

  async describe(): Promise<TaskDescription> {
    let stats: StatsFields | undefined;
    let error: string | undefined;
    try {
      stats = await this.stats();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    return {
      id: this.id,
      kind: this.kind,
      fieldFormat: this.fieldFormat,
      createdAt: new Date(this.createdAt).toISOString(),
      elapsedMs: this.elapsedMs(),
      state: this.state,
      stats: stats === undefined ? {} : statsWireObject(stats, this.fieldFormat),
      status: this.taskRecord().status,
      counters: snapshotCounters(this.counters),
      faults: this.faults,
      details: {
        sourcePort: this.source.port,
        targetPort: this.target.port,
        keys: this.spec.keys,
        ttlFraction: this.spec.ttlFraction,
        ttlSeconds: this.spec.ttlSeconds,
        valueBytes: this.spec.valueBytes,
        writeOpsPerSecond: this.spec.writeOpsPerSecond,
        newKeyFraction: this.spec.newKeyFraction,
        keyLoadDelay: this.spec.keyLoadDelay,
        seedMs: this.seedMs,
        startedAt: this.startedAt === undefined ? null : new Date(this.startedAt).toISOString(),
        /** Time from REPLICAOF to the first look that saw the link up. */
        syncMs: this.syncedAt === undefined || this.startedAt === undefined ? null : this.syncedAt - this.startedAt,
        writesAcknowledged: this.writeLoad?.written() ?? 0,
        ...(this.failure === undefined ? {} : { failure: this.failure }),
        ...(error === undefined ? {} : { readError: error }),
      },
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.writeLoad?.stop().catch(() => undefined);
    for (const c of [this.sourceClient, this.targetClient, this.loadClient]) c.disconnect();
    await Promise.all([this.source.stop(), this.target.stop()]);
  }

  private invalidate(): void {
    this.lastAt = 0;
  }

  private async sample(): Promise<StatsFields> {
    try {
      const [sourceReplies, targetReplies] = await Promise.all([
        this.sourceClient.pipeline(SAMPLE_COMMANDS).exec(),
        this.targetClient.pipeline(SAMPLE_COMMANDS).exec(),
      ]);
      const stats = replicationStats({
        sourceInfo: parseInfo(textOf(sourceReplies?.[0], "source INFO")),
        targetInfo: parseInfo(textOf(targetReplies?.[0], "target INFO")),
        sourceDbsize: integerOrUndefined(sourceReplies?.[1]),
        // DBSIZE answers -LOADING while the target loads the RDB (FACTS.md §6): fall back to INFO keyspace.
        targetDbsize: integerOrUndefined(targetReplies?.[1]),
        migrating: this.state !== "stopped" && this.state !== "failed",
        previousProgress: this.lastProgress,
      });
      if (this.state === "syncing" && stats.fullMigrationProgress === 100) {
        this.state = "replicating";
        this.syncedAt = this.clock.now();
      }
      this.lastProgress = stats.fullMigrationProgress;
      this.last = stats;
      this.lastAt = Date.now();
      return stats;
    } catch (e) {
      // Our connections only drop when a server goes away: the watchdog's exit event may still be on its way.
      const lost = redisClosed(this.sourceClient) || redisClosed(this.targetClient);
      if (lost || !this.source.running || !this.target.running) {
        const gone = redisClosed(this.sourceClient) || !this.source.running ? this.source : this.target;
        this.markFailed(`redis-server (${gone.label}) on port ${gone.port} is gone: ${e instanceof Error ? e.message : String(e)}`);
        if (this.last !== undefined) return this.last;
      }
      throw e;
    }
  }

  private markFailed(reason: string): void {
    if (this.state === "failed" || this.state === "stopped") return;
    this.state = "failed";
    this.failure = reason;
    this.endedAt = this.clock.now();
    void this.writeLoad?.stop();
    this.last = {
      ...(this.last ?? zeroStats()),
      targetInputKbps: 0,
      targetOps: 0,
      isMigrating: false,
    };
  }
}

/** One pipelined reply as ioredis gives it: `[error reply or null, value]`. */
type PipelineReply = [error: Error | null, result: unknown];

function textOf(reply: PipelineReply | undefined, what: string): string {
  const [error, value] = reply ?? [null, undefined];
  if (error === null && typeof value === "string") return value;
  throw new Error(`Unexpected ${what} reply: ${error?.message ?? JSON.stringify(value)}`);
}

function integerOrUndefined(reply: PipelineReply | undefined): number | undefined {
  const [error, value] = reply ?? [null, undefined];
  return error === null && typeof value === "number" ? value : undefined;
}

function zeroStats(): StatsFields {
  return {
    fullMigrationProgress: 0,
    offset: 0,
    sourceDbsize: 0,
    targetDbsize: 0,
    targetInputKbps: 0,
    targetOps: 0,
    isMigrating: false,
  };
}

