import { DEFAULT_CLI_DEPS, type CliDeps } from "./cliDeps";
import type { CliIo } from "./cliIo";
import { errorText } from "./errorReport";
import { EXIT_CODES, exitCodeFor } from "./exitCodes";
import { topHelp } from "./helpText";
import { statsCommand } from "./statsCommand";
import { UsageError } from "./usageError";
import { waitCommand } from "./waitCommand";

/**
 * The whole CLI as a function: arguments and I/O in, exit code out. `main.ts` only binds
 * it to the process; tests call it in-process with collected output, a fake clock and a
 * scripted reader.
 */
export async function run(argv: readonly string[], io: CliIo, deps: Partial<CliDeps> = {}): Promise<number> {
  const all: CliDeps = { ...DEFAULT_CLI_DEPS, ...deps };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "stats":
        return await statsCommand(rest, io, all);
      case "wait":
        return await waitCommand(rest, io, all);
      case "help":
      case "--help":
      case "-h":
        io.stdout.write(topHelp());
        return EXIT_CODES.ok;
      case undefined:
        io.stderr.write(topHelp());
        return EXIT_CODES.usage;
      default:
        throw new UsageError(
          command.startsWith("-")
            ? `Expected a command (stats or wait) before ${JSON.stringify(command)}.`
            : `Unknown command ${JSON.stringify(command)}; expected stats or wait.`,
        );
    }
  } catch (error) {
    io.stderr.write(errorText(error, command === "stats" || command === "wait" ? command : undefined) + "\n");
    return exitCodeFor(error);
  }
}
