import { resolveSettings } from "../provider/settings";
import { formatProgressLine, waitForCompletion } from "../provider/waiter";
import type { CliDeps } from "./cliDeps";
import type { CliIo } from "./cliIo";
import { CONNECTION_FLAGS, OUTPUT_FLAGS, WAIT_FLAGS, cliArgumentName, connectionArgsFrom, taskIdFrom, waitOptionsFrom } from "./commandFlags";
import { errorText } from "./errorReport";
import { EXIT_CODES, exitCodeFor, type ExitCode } from "./exitCodes";
import { waitHelp } from "./helpText";
import { JsonProgress } from "./jsonProgress";
import { parseFlags } from "./parseFlags";
import { PlainProgress } from "./plainProgress";
import type { ProgressReporter } from "./progressReporter";
import { TtyProgress } from "./ttyProgress";

/**
 * `dcs-migration wait`: the shared waiter (`waitForCompletion`, the same rule as
 * WaitForMigration) with a progress display; the exit code says how it ended.
 */
export async function waitCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<ExitCode> {
  const flags = parseFlags(argv, [...CONNECTION_FLAGS, ...WAIT_FLAGS, ...OUTPUT_FLAGS], "wait");
  if (flags["help"] === true) {
    io.stdout.write(waitHelp());
    return EXIT_CODES.ok;
  }
  const json = flags["json"] === true;
  const taskIdFlag = typeof flags["task-id"] === "string" ? flags["task-id"].trim() : "";
  let reporter: ProgressReporter = json ? new JsonProgress(io.stdout, taskIdFlag) : new PlainProgress(io.stdout);
  let reader: ReturnType<CliDeps["createReader"]> | undefined;
  let stopTicker = (): void => undefined;
  try {
    const taskId = taskIdFrom(flags, "wait");
    const options = waitOptionsFrom(flags);
    const settings = resolveSettings(connectionArgsFrom(flags), { env: io.env, argumentName: cliArgumentName });
    reader = deps.createReader(settings, io);
    if (!json && io.isTTY) {
      const tty = new TtyProgress(io.stdout, io.columns ?? 80, deps.clock.now);
      stopTicker = deps.every(1000, () => tty.tick());
      reporter = tty;
    }
    const result = await waitForCompletion({
      reader,
      taskId,
      options,
      clock: deps.clock,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onEvent: (event) => {
        // Said once, on stderr with the other notes; --json also keeps it in its stream.
        if (event.type === "task-status-unavailable") {
          io.stderr.write(`note: ${formatProgressLine(event)}\n`);
          if (!json) return;
        }
        reporter.onEvent(event);
      },
    });
    stopTicker();
    reporter.finish({ result });
    return EXIT_CODES.ok;
  } catch (error) {
    stopTicker();
    reporter.finish({ error });
    io.stderr.write(errorText(error, "wait") + "\n");
    return exitCodeFor(error);
  } finally {
    reader?.close?.();
  }
}
