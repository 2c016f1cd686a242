/** Where a command writes to; `process.stdout` fits, and so does a string collector in tests. */
export interface OutputStream {
  write(text: string): unknown;
}

/** Everything `run` touches of the outside world, so commands run in-process in tests. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is an interactive terminal (live progress bar) or a pipe/file (plain lines). */
  readonly isTTY: boolean;
  /** Terminal width for the progress bar. @default 80 */
  readonly columns?: number | undefined;
  /** Aborted on Ctrl-C (SIGINT). */
  readonly signal?: AbortSignal | undefined;
}
