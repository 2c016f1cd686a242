import { startEmulator } from "../emulator";

/**
 * How long the emulator's Redis-backed migration of 100 000 keys takes: seeding
 * the source, then from `REPLICAOF` to the first stats read that shows 100 % with
 * equal key counts (read through the control API every 10 ms, so ±10 ms).
 *
 * Run: bash scripts/with-node ts-node bench/redisMigrationTime.ts [keys] [runs]
 */
export const MIGRATION_TIME_DEFAULTS = { keys: 100_000, runs: 3, pollMs: 10 } as const;

async function main(): Promise<void> {
  const keys = Number(process.argv[2] ?? MIGRATION_TIME_DEFAULTS.keys);
  const runs = Number(process.argv[3] ?? MIGRATION_TIME_DEFAULTS.runs);
  const emu = await startEmulator({ redisSampleMaxAgeMs: 0 });
  try {
    for (const keyLoadDelay of [0, -4]) {
      const seeds: number[] = [];
      const syncs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const task = await emu.control.createTask({ kind: "redis", keys, keyLoadDelay, autoStart: false });
        seeds.push(Number(task.details["seedMs"]));
        const started = Date.now();
        await emu.control.startTask(task.id);
        for (;;) {
          const d = await emu.control.getTask(task.id);
          if (d.stats["full_migration_progress"] === 100 && d.stats["target_dbsize"] === d.stats["source_dbsize"]) break;
          if (Date.now() - started > 300_000) throw new Error(`no convergence after 5 minutes: ${JSON.stringify(d.stats)}`);
          await new Promise((r) => setTimeout(r, MIGRATION_TIME_DEFAULTS.pollMs));
        }
        syncs.push(Date.now() - started);
        await emu.control.deleteTask(task.id);
      }
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
      console.log(
        `${keys} keys, key-load-delay ${keyLoadDelay}: seed median ${median(seeds)} ms (${seeds.join(", ")}), ` +
          `REPLICAOF → 100 % with equal counts median ${median(syncs)} ms (${syncs.join(", ")})`,
      );
    }
  } finally {
    await emu.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
