import { AbortedError, ApiError, ConfigurationError, DcsMigrationError, NetworkError, WaitError } from "../provider/errors";
import { FLAG_OF_CONNECTION_ARG } from "./commandFlags";
import { UsageError } from "./usageError";

/**
 * The client's configuration messages are written for Pulumi programs (`argument \`projectId\``,
 * stack config, `pulumi config set`); on the command line the user wrote flags and environment
 * variables, so say `--project-id` and leave out what the CLI never reads.
 */
export function inFlagTerms(error: Error): string {
  let message = error.message;
  if (!(error instanceof ConfigurationError)) return message;
  message = message
    .replace(/stack config `[^`]+`, /g, "")
    .replace(/argument `(accessKey|secretKey|securityToken|authToken)`, /g, "")
    .replace(/`pulumi config set [^`]*` or /g, "")
    .replace(/ or `pulumi config set [^`]*`/g, "")
    .replace(/argument `(\w+)`/g, (m, name: string) => {
      const flag = FLAG_OF_CONNECTION_ARG[name];
      return flag === undefined ? m : `flag ${flag}`;
    });
  const flag = error.field === undefined ? undefined : FLAG_OF_CONNECTION_ARG[error.field];
  if (flag !== undefined) message = message.split(`\`${error.field}\``).join(flag);
  return message;
}

/** What to print on stderr when `command` (if known) fails. */
export function errorText(error: unknown, command?: string): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const message = inFlagTerms(error);
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
  const out: Record<string, unknown> = { name: error.name, message: inFlagTerms(error) };
  if (error instanceof ConfigurationError && error.field !== undefined) out["field"] = FLAG_OF_CONNECTION_ARG[error.field] ?? error.field;
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
