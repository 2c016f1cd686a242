import { ConfigurationError } from "../provider/core";

/**
 * A command line that cannot be run as written: unknown flag, bad value, missing argument.
 * A kind of configuration error (exit code 2); `field` names the flag, e.g. `--timeout`.
 */
export class UsageError extends ConfigurationError {
  override readonly name: string = "UsageError";
  /** The command whose `--help` explains the fix (`stats`, `wait`), if any. */
  readonly command: string | undefined;
  constructor(message: string, options: { field?: string; command?: string; cause?: unknown } = {}) {
    super(message, options);
    this.command = options.command;
  }
}
