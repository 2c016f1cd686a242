import { AbortedError, ConfigurationError, DcsMigrationError } from "../provider/core";
import { ApiError, NetworkError } from "../provider/dcs";
import { WaitError } from "../provider/waiter";
import { UsageError } from "./usageError";

/** What to print on stderr when `command` (if known) fails. */
export function errorText(error: unknown, command?: string): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const message = error.message;
  if (error instanceof AbortedError) return "interrupted: stopped waiting; the migration task itself is not affected.";
  if (error instanceof UsageError) {
    const about = error.command ?? command;
    const help = about === undefined ? "dcs-migration --help" : `dcs-migration ${about} --help`;
    return `error: ${message}\nRun \`${help}\` for usage.`;
  }
  // Every error of the package's own hierarchy describes the outside world (settings, the API,
  // the network, the migration); only something else is a bug of ours.
  if (error instanceof DcsMigrationError) return `error: ${message}`;
  return `error: unexpected ${error.name}: ${message}\nThis is a bug in dcs-migration; please report it with the command you ran.`;
}

/** The error as a JSON value for `--json` output: class name, message and the structured fields. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (error instanceof ConfigurationError && error.field !== undefined) out["field"] = error.field;
  if (error instanceof ApiError) {
    out["status"] = error.status;
    out["errorCode"] = error.errorCode;
    out["requestId"] = error.requestId;
    out["attempts"] = error.attempts;
  }
  if (error instanceof NetworkError) {
    out["code"] = error.code;
    out["attempts"] = error.attempts;
  }
  if (error instanceof WaitError) {
    out["waitedSeconds"] = error.waitedSeconds;
    out["polls"] = error.polls;
    out["lastStats"] = error.lastStats;
  }
  return out;
}
