import * as fs from "node:fs";

/** A running process, as `/proc` shows it. */
export interface MarkedProcess {
  readonly pid: number;
  /** The command line, arguments joined by spaces. */
  readonly command: string;
}

/**
 * The processes (Linux `/proc`) whose environment holds `name=value`. Every process Pulumi
 * starts for a run (language host, program, provider plugins and their launchers) inherits the
 * CLI's environment, and plugins run in process groups of their own (FACTS.md §7), so a
 * variable set for one run is the way to find all of them, and only them.
 */
export function markedProcesses(name: string, value: string): MarkedProcess[] {
  const wanted = `${name}=${value}`;
  const found: MarkedProcess[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
      if (!environ.includes(wanted)) continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      // A zombie (exited, not yet reaped) has an empty command line and no longer runs.
      if (command === "") continue;
      found.push({ pid: Number(entry), command });
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

/** Sends SIGKILL to each process, ignoring the ones already gone. */
export function killProcesses(processes: readonly MarkedProcess[]): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
