import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

/** The repository root, from this file's place in tests/support/. */
const ROOT = path.resolve(__dirname, "..", "..");

/** How a `dcs-migration` child process ended. */
export interface CliProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves when stdout has produced a line matching `pattern`. */
  waitForStdout(pattern: RegExp): Promise<void>;
  readonly done: Promise<CliProcessResult>;
}

/**
 * Runs the real bin entry (`cli/main.ts` through ts-node, as `node -r ts-node/register`)
 * in a child process with exactly `env` (plus PATH), so the parent's credentials never leak
 * in. stdout is a pipe, so the CLI is in its non-TTY mode.
 */
export function startCliProcess(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ["-r", "ts-node/register", path.join("cli", "main.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const w of [...waiters]) {
      if (w.pattern.test(stdout)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CliProcessResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    waitForStdout: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stdout)) return resolve();
        waiters.push({ pattern, resolve });
        void done.then((r) => reject(new Error(`exited ${r.code} before printing ${pattern}:\n${r.stdout}\n${r.stderr}`)));
      }),
  };
}

export function runCliProcess(args: readonly string[], env: Record<string, string>): Promise<CliProcessResult> {
  return startCliProcess(args, env).done;
}
