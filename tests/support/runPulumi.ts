import { spawn } from "node:child_process";
import { pulumiCommand } from "./pulumiCommand";

/** What one Pulumi CLI invocation did. */
export interface PulumiRun {
  /** Exit code; `null` when the process was killed (see `signal`). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The command line, for assertion messages. */
  command: string;
}

export interface RunPulumiOptions {
  cwd: string;
  /** The complete environment (see cleanPulumiEnv); nothing is inherited beyond it. */
  env: Record<string, string>;
  /**
   * Kill the CLI after this long; a hung engine must fail the test rather than the whole run.
   * @default 240000
   */
  timeoutMs?: number;
  /** Values (test secrets) replaced by `***` in the command line reported by describeRun. */
  redact?: readonly string[];
  /**
   * Called with the CLI's pid as soon as it started, to signal it mid-run (Ctrl-C is SIGINT to
   * `-pid`, the CLI's process group; a killed engine is SIGKILL to `pid`).
   */
  onSpawn?: (pid: number) => void;
}

export const RUN_PULUMI_DEFAULTS = { timeoutMs: 240_000 } as const;

/**
 * Runs `pulumi <args>` non-interactively without colour and resolves with its exit code and
 * output; it never rejects for a non-zero exit, so tests assert on exit codes themselves.
 */
export function runPulumi(args: readonly string[], options: RunPulumiOptions): Promise<PulumiRun> {
  const timeoutMs = options.timeoutMs ?? RUN_PULUMI_DEFAULTS.timeoutMs;
  if (!(timeoutMs > 0)) throw new Error(`Expected \`timeoutMs\` to be > 0, got ${timeoutMs}`);
  const cli = pulumiCommand();
  const fullArgs = ["--non-interactive", "--color", "never", ...args];
  const redact = (options.redact ?? []).filter((v) => v !== "");
  const command = `pulumi ${fullArgs.map((a) => redact.reduce((s, v) => s.split(v).join("***"), a)).join(" ")}`;
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also stops the language host, the program and the
    // provider processes the CLI started, instead of leaving them orphaned.
    const child = spawn(cli, fullArgs, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    };
    process.once("exit", killGroup);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      process.removeListener("exit", killGroup);
      reject(new Error(`Could not start \`${cli}\`: ${err.message}. Run the tests with \`npm test\`, which provides the CLI.`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      process.removeListener("exit", killGroup);
      if (timedOut) stderr += `\n[runPulumi] killed after ${timeoutMs} ms: ${command}\n`;
      resolve({ code, signal, stdout, stderr, command });
    });
  });
}

/** A one-line summary of a run for assertion messages: command, exit code and the output tail. */
export function describeRun(run: PulumiRun, tailChars = 3000): string {
  const output = `${run.stdout}\n${run.stderr}`.trim();
  return `\`${run.command}\` exited ${run.code ?? run.signal}; output ends with:\n${output.slice(-tailChars)}`;
}
