import type { Redis } from "ioredis";
import { countedPipeline, type RedisCommand } from "./countedPipeline";
import { seedKeyName } from "./seedKeys";

export interface WriteLoadOptions {
  /** Writes per second to the source. */
  readonly opsPerSecond: number;
  /** Share of writes that create new keys (the rest overwrite seeded keys), 0–1. @default 0 */
  readonly newKeyFraction?: number;
  /** How many seeded keys exist to overwrite. */
  readonly seededKeys: number;
  readonly valueBytes: number;
}

export interface WriteLoad {
  /** Writes acknowledged so far. */
  readonly written: () => number;
  /** Keys created by the load so far. */
  readonly created: () => number;
  /** The first error, if the load stopped on one. */
  readonly error: () => Error | undefined;
  stop(): Promise<void>;
}

const TICK_MS = 50;

/**
 * A steady stream of SETs into the source while the migration runs, so the
 * replication has live writes to carry (incremental sync, non-zero offset and
 * traffic on the target). Paced by wall time in 50 ms ticks; deterministic key
 * choice (round-robin over seeded keys, numbered new keys).
 */
export function startWriteLoad(client: Redis, options: WriteLoadOptions): WriteLoad {
  const startedAt = Date.now();
  const newEvery = (options.newKeyFraction ?? 0) > 0 ? Math.max(1, Math.round(1 / (options.newKeyFraction ?? 1))) : 0;
  const value = "w".repeat(Math.max(1, options.valueBytes));
  let issued = 0;
  let newIssued = 0;
  let written = 0;
  let created = 0;
  let failure: Error | undefined;
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = (): void => {
    if (stopped || failure !== undefined) return;
    const due = Math.floor(((Date.now() - startedAt) / 1000) * options.opsPerSecond) - issued;
    if (due <= 0) return;
    const commands: RedisCommand[] = [];
    let newKeys = 0;
    for (let i = 0; i < due; i++, issued++) {
      let key: string;
      if (newEvery > 0 && issued % newEvery === 0) {
        key = `load:${String(newIssued).padStart(9, "0")}`;
        newIssued++;
        newKeys++;
      } else {
        key = seedKeyName(options.seededKeys > 0 ? issued % options.seededKeys : 0);
      }
      commands.push(["SET", key, value]);
    }
    busy = busy
      .then(() => countedPipeline(client, commands))
      .then((result) => {
        written += result.replies - result.errors;
        created += newKeys;
        if (result.errors > 0) failure ??= new Error(`Write load refused: ${result.firstError}`);
      })
      .catch((e: unknown) => {
        failure ??= e instanceof Error ? e : new Error(String(e));
      });
  };

  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  return {
    written: () => written,
    created: () => created,
    error: () => failure,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}
