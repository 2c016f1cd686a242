import { spawn } from "node:child_process";
import { join } from "node:path";

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
export function runEmulatorThroughput(timeoutMs = 300_000): Promise<ThroughputResult> {
  const root = join(__dirname, "..");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register", join(root, "bench", "emulatorThroughput.ts")], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`bench/emulatorThroughput.ts exited with ${code}: ${(err || out).trim().slice(-1000)}`));
      const cases: ThroughputCase[] = [];
      for (const line of out.split("\n")) {
        const m = /^(.+?)\s+(\d+) req\/s/.exec(line);
        if (m?.[1] !== undefined && m[2] !== undefined) cases.push({ name: m[1].trim(), requestsPerSecond: Number(m[2]) });
      }
      if (cases.length === 0) return reject(new Error(`bench/emulatorThroughput.ts printed no "req/s" line:\n${out}`));
      resolve({ cases, output: out });
    });
  });
}
