import { join } from "node:path";
import { runNodeChild } from "./runNodeChild";

/** One case of bench/emulatorThroughput.ts (written by the emulator's author), as it printed it. */
export interface ThroughputCase {
  readonly name: string;
  readonly requestsPerSecond: number;
}

export interface ThroughputResult {
  readonly cases: readonly ThroughputCase[];
  /** Everything it printed, for the JSON record. */
  readonly output: string;
}

/**
 * Runs bench/emulatorThroughput.ts in its own process (it starts the emulator in another one,
 * as `npm run emulator` does) and reads the req/s figure of each case from its output.
 */
export async function runEmulatorThroughput(timeoutMs = 300_000): Promise<ThroughputResult> {
  const root = join(__dirname, "..");
  const { code, stdout: out, stderr: err } = await runNodeChild(
    ["-r", "ts-node/register", join(root, "bench", "emulatorThroughput.ts")],
    { cwd: root, timeoutMs },
  );
  if (code !== 0) throw new Error(`bench/emulatorThroughput.ts exited with ${code}: ${(err || out).trim().slice(-1000)}`);
  const cases: ThroughputCase[] = [];
  for (const line of out.split("\n")) {
    const m = /^(.+?)\s+(\d+) req\/s/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) cases.push({ name: m[1].trim(), requestsPerSecond: Number(m[2]) });
  }
  if (cases.length === 0) throw new Error(`bench/emulatorThroughput.ts printed no "req/s" line:\n${out}`);
  return { cases, output: out };
}
