import type { CliIo } from "../../cli/cliIo";

/** A {@link CliIo} that collects what a command prints, for in-process CLI tests. */
export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function capturedIo(
  options: { env?: Record<string, string | undefined>; isTTY?: boolean; columns?: number; signal?: AbortSignal } = {},
): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: { write: (s: string) => stderr.push(s) },
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    signal: options.signal,
    out: () => stdout.join(""),
    err: () => stderr.join(""),
  };
}
