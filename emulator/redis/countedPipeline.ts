import type { Redis } from "ioredis";

/** A Redis command as its words, e.g. `["SET", "k", "v", "EX", 60]`. */
export type RedisCommand = readonly [string, ...(string | number)[]];

/** Outcome of {@link countedPipeline}: how many replies were errors, and the first one. */
export interface PipelineCounts {
  readonly replies: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

/**
 * Sends `commands` in one write and counts the error replies instead of keeping
 * every reply: how the seeder and the write load push thousands of SETs.
 * A dropped connection shows as error replies ("Connection is closed.").
 */
export async function countedPipeline(redis: Redis, commands: readonly RedisCommand[]): Promise<PipelineCounts> {
  // `call` takes any command by name; ioredis's batch form wants its own lower-case method names.
  const results = (await redis.pipeline(commands.map((c) => ["call", ...c])).exec()) ?? [];
  let errors = 0;
  let firstError: string | undefined;
  for (const [error] of results) {
    if (error === null) continue;
    errors++;
    firstError ??= error.message;
  }
  return { replies: results.length, errors, firstError };
}
