import { DcsClient, debugEnabled, type StatsReader, type TaskRecordReader } from "../provider/dcs";
import type { ClientSettings } from "../provider/settings";
import { systemClock, type Clock } from "../provider/core";
import type { CliIo } from "./cliIo";

/** A reader the command may close when done (the real client holds keep-alive sockets). */
export type ClosableReader = StatsReader & Partial<TaskRecordReader> & { close?(): void };

/** What the commands build on; tests swap in a scripted reader and a fake clock. */
export interface CliDeps {
  readonly createReader: (settings: ClientSettings, io: CliIo) => ClosableReader;
  readonly clock: Clock;
  /** Starts the progress bar's once-a-second redraw; returns the stop function. */
  readonly every: (ms: number, fn: () => void) => () => void;
}

export const DEFAULT_CLI_DEPS: CliDeps = {
  createReader: (settings, io) =>
    new DcsClient(settings, {
      env: io.env,
      // Request tracing goes to the command's stderr, so it never mixes with --json on stdout.
      debug: debugEnabled(io.env) ? (line) => io.stderr.write(line + "\n") : undefined,
    }),
  clock: systemClock,
  every: (ms, fn) => {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
