import { spawn, type ChildProcess } from "node:child_process";
import * as os from "node:os";

/** Child processes that spin on the CPU while a measurement runs beside them. */
export interface CpuLoad {
  /** How many processes spin. */
  readonly processes: number;
  /** Kills the spinners (by their own pids) and waits until they are gone. */
  stop(): Promise<void>;
}

/** A spinner ends on its own after this long, so a killed benchmark cannot leave one behind. */
const MAX_SPIN_MS = 10 * 60_000;

/** Spins until killed, its parent is gone, or MAX_SPIN_MS; looks up (cheaply) every million turns. */
const SPINNER = `
const [parent, maxMs] = process.argv.slice(1).map(Number);
const end = Date.now() + maxMs;
process.stdout.write("spinning\\n");
for (let i = 0; ; i++) {
  if (i % 1e6 === 0 && (process.ppid !== parent || Date.now() > end)) process.exit(0);
}
`;

/**
 * Starts `processes` Node children that each spin one core at 100 % until stopped: a busy
 * machine made on purpose, so a measurement shows what late timers and lost CPU slices do to it
 * (the test layers running beside a wait are what split same-task polls before, at 1.56 requests
 * per poll). Defaults to one spinner per core.
 */
export async function startCpuLoad(processes = os.cpus().length): Promise<CpuLoad> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    const child = spawn(process.execPath, ["-e", SPINNER, String(process.pid), String(MAX_SPIN_MS)], { stdio: ["ignore", "pipe", "ignore"] });
    children.push(child);
  }
  // Spinning for sure before the measurement starts, not still loading Node.
  await Promise.all(children.map((c) => new Promise<void>((resolve, reject) => {
    c.once("error", reject);
    c.stdout!.once("data", () => resolve());
  })));
  return {
    processes,
    async stop() {
      await Promise.all(
        children.map((c) =>
          c.exitCode !== null || c.signalCode !== null
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                c.once("exit", () => resolve());
                c.kill("SIGKILL");
              }),
        ),
      );
    },
  };
}
