import { spawn } from "node:child_process";

/** What a bash run printed: each stream, and both interleaved in arrival order (as a CI log shows them). */
export interface BoundedBashRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

/**
 * Runs `bash <args>` in its own process group, as a CI runner runs a step, and kills the whole
 * group after `timeoutMs` (noting it on stderr with `label`), so a hung step fails its test
 * instead of the suite.
 */
export function runBoundedBash(args: readonly string[], cwd: string, env: Record<string, string>, timeoutMs: number, label: string): Promise<BoundedBashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => ((stdout += c), (output += c)));
    child.stderr.setEncoding("utf8").on("data", (c: string) => ((stderr += c), (output += c)));
    const timer = setTimeout(() => {
      const note = `\n[${label}] killed after ${timeoutMs} ms\n`;
      stderr += note;
      output += note;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output });
    });
  });
}
