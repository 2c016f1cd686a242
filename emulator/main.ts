import { EmulatorInputError } from "./control/inputError";
import { MAIN_USAGE, parseMainArgs } from "./mainArgs";
import { startEmulator, type EmulatorHandle } from "./startEmulator";
import type { TaskDescription } from "./tasks/emulatedTask";

/**
 * `npm run emulator -- [options]`: a thin shell over {@link startEmulator} — parse
 * flags, start, print, wait for Ctrl-C, close. The printed credentials are
 * emulator-only test values.
 */
async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseMainArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(MAIN_USAGE);
    return 0;
  }
  let emulator: EmulatorHandle;
  try {
    emulator = await startEmulator({
      ...args.options,
      ...(args.verbose ? { log: (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) } : {}),
    });
  } catch (e) {
    process.stderr.write(`Could not start the emulator: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof EmulatorInputError ? 2 : 1;
  }

  if (args.json) {
    process.stdout.write(
      JSON.stringify({
        url: emulator.url,
        projectId: emulator.projectId,
        credentials: emulator.credentials,
        tasks: emulator.tasks.map((t) => ({ id: t.id, kind: t.kind, details: t.details })),
      }) + "\n",
    );
  } else {
    process.stdout.write(describe(emulator, args.options.clockSkewMs ?? 0));
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n${signal}: stopping the emulator and its Redis processes…\n`);
      emulator.close().then(
        () => resolve(0),
        (e: unknown) => {
          process.stderr.write(`Error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
          resolve(1);
        },
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function describe(emulator: EmulatorHandle, clockSkewMs: number): string {
  const c = emulator.credentials;
  const lines = [
    `DCS migration emulator listening on ${emulator.url}`,
    "",
    "Emulator-only test credentials:",
    `  project id      ${emulator.projectId}`,
    `  access key      ${c.accessKey}`,
    `  secret key      ${c.secretKey}`,
    `  auth token      ${c.authToken}`,
    ...(c.securityToken === undefined ? [] : [`  security token  ${c.securityToken}`]),
    "",
    "Tasks:",
    ...(emulator.tasks.length === 0 ? ["  (none; create some with POST /_emulator/tasks)"] : emulator.tasks.map(taskLine)),
    "",
    "Use them from a shell:",
    `  export HW_DCS_ENDPOINT=${emulator.url} HW_PROJECT_ID=${emulator.projectId}`,
    `  export HW_ACCESS_KEY=${c.accessKey} HW_SECRET_KEY=${c.secretKey}${c.securityToken === undefined ? "" : ` HW_SECURITY_TOKEN=${c.securityToken}`}`,
    "",
    ...(clockSkewMs === 0
      ? []
      : [
          `Gateway clock: ${Math.abs(clockSkewMs) / 1000} s ${clockSkewMs > 0 ? "ahead of" : "behind"} this machine's (--clock-skew); ` +
            "AK/SK signatures more than 15 min from it are refused.",
          "",
        ]),
    `Control API: ${emulator.url}/_emulator/tasks (see emulator/README.md)`,
    "Press Ctrl-C to stop.",
    "",
  ];
  return lines.join("\n");
}

function taskLine(t: TaskDescription): string {
  const d = t.details;
  const what =
    t.kind === "scripted"
      ? `scripted ${String(d["preset"])} (time scale ${String(d["timeScale"])})`
      : `redis ${String(d["keys"])} keys (source 127.0.0.1:${String(d["sourcePort"])}, target 127.0.0.1:${String(d["targetPort"])})`;
  return `  ${t.id}  ${what}, fields as ${t.fieldFormat}s`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
