import { Redis, type RedisOptions } from "ioredis";

/**
 * How the emulator talks to its own redis-servers: one connection that never
 * comes back. A server that dies means the migration task has failed
 * (FACTS.md §6), so a dropped connection must reject what is pending and every
 * later command at once, never queue them for a reconnect that would hide it.
 */
export const FAIL_FAST_REDIS_OPTIONS = {
  host: "127.0.0.1",
  // No reconnect: the first close ends the client ("end"), pending commands reject.
  retryStrategy: () => null,
  // Commands sent while not connected reject instead of waiting in a queue.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  // RESP2 and no ready check or CLIENT SETINFO: no handshake round trips, and
  // Redis 7.0 (Debian bookworm) has no CLIENT SETINFO anyway.
  protocol: 2,
  enableReadyCheck: false,
  disableClientInfo: true,
  lazyConnect: true,
} as const satisfies RedisOptions;

/**
 * Connects to a loopback Redis; resolves once commands can be sent.
 *
 * @throws Error naming the port and the socket error (e.g. ECONNREFUSED), or the timeout.
 */
export async function connectRedis(port: number, timeoutMs = 2000): Promise<Redis> {
  const redis = new Redis({ ...FAIL_FAST_REDIS_OPTIONS, port, connectTimeout: timeoutMs });
  let lastError: Error | undefined;
  // Without a listener ioredis prints every socket error; the owner learns of a loss from rejected commands.
  redis.on("error", (e: Error) => {
    lastError = e;
  });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    const reason = lastError?.message ?? (e instanceof Error ? e.message : String(e));
    throw new Error(`Cannot connect to Redis on 127.0.0.1:${port}: ${reason}`, { cause: lastError ?? e });
  }
  return redis;
}

/** True once the connection has dropped or been closed: with no reconnect it never comes back. */
export function redisClosed(redis: Redis): boolean {
  return redis.status === "close" || redis.status === "end";
}
