#!/usr/bin/env node
import { EXIT_CODES } from "./exitCodes";
import { run } from "./run";

// The bin entry: bind `run` to this process. Ctrl-C aborts the wait (exit 130); a second
// Ctrl-C exits at once in case something hangs on the way out.
const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
  controller.abort(new Error("interrupted (SIGINT)"));
});

void run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
  // Nothing should keep the process alive now; if something does (a socket), do not hang the shell.
  setTimeout(() => process.exit(code), 2000).unref();
});
