import type { Redis } from "ioredis";
import { countedPipeline, type RedisCommand } from "./countedPipeline";

export interface SeedOptions {
  /** How many keys to write. */
  readonly keys: number;
  /** Share of them written with a TTL, 0–1. */
  readonly ttlFraction: number;
  /** TTL of those keys. */
  readonly ttlSeconds: number;
  /** Bytes per value. */
  readonly valueBytes: number;
  /** Commands per pipelined write. @default 1000 */
  readonly batchSize?: number;
}

/** The name of the i-th seeded key; the write load reuses it to overwrite existing keys. */
export function seedKeyName(i: number): string {
  return `key:${String(i).padStart(9, "0")}`;
}

/**
 * Fills a Redis with `keys` keys: plain keys with MSET, TTL keys with `SET … EX`
 * spread evenly among them (every k-th key), all pipelined in batches with their
 * replies counted rather than kept, so 100 000 keys take well under a second.
 *
 * @throws Error when any command gets an error reply, with the first one.
 */
export async function seedKeys(client: Redis, options: SeedOptions): Promise<void> {
  const batchSize = options.batchSize ?? 1000;
  const value = "v".repeat(Math.max(0, options.valueBytes));
  const ttlEvery = options.ttlFraction > 0 ? Math.max(1, Math.round(1 / options.ttlFraction)) : 0;
  let commands: RedisCommand[] = [];
  let mset: [string, ...string[]] = ["MSET"];
  const inFlight: Promise<void>[] = [];

  const flushMset = (): void => {
    if (mset.length > 1) commands.push(mset);
    mset = ["MSET"];
  };
  const flushBatch = (): void => {
    flushMset();
    if (commands.length === 0) return;
    const batch = commands;
    commands = [];
    inFlight.push(
      countedPipeline(client, batch).then((result) => {
        if (result.errors > 0) {
          throw new Error(`Seeding failed: ${result.errors} of ${result.replies} commands were refused; first: ${result.firstError}`);
        }
      }),
    );
  };

  for (let i = 0; i < options.keys; i++) {
    const key = seedKeyName(i);
    if (ttlEvery > 0 && i % ttlEvery === 0) {
      commands.push(["SET", key, value, "EX", options.ttlSeconds]);
    } else {
      mset.push(key, value);
      if (mset.length > 2 * batchSize) flushMset();
    }
    if (commands.length >= batchSize) flushBatch();
    // Bound the bytes queued in the socket: wait for older batches now and then.
    if (inFlight.length >= 16) await Promise.all(inFlight.splice(0, 8));
  }
  flushBatch();
  await Promise.all(inFlight);
}
