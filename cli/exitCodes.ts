import { AbortedError, ConfigurationError } from "../provider/core";
import { ApiError, CredentialExpiredError, FederationError, NetworkError, ResponseFormatError } from "../provider/dcs";
import { MigrationFailedError, MigrationStalledError, WaitTimeoutError } from "../provider/waiter";

/** Exit codes of `dcs-migration`; scripts branch on them, so they never change meaning. */
export const EXIT_CODES = {
  /** Stats read, or migration complete. */
  ok: 0,
  /** The migration failed, was stopped, or stalled. */
  migrationFailed: 1,
  /** Bad command line or configuration (nothing was waited for). */
  usage: 2,
  /** The wait timed out. */
  timeout: 3,
  /** The API refused (task not found, 401, 403, other 4xx, malformed answer) or kept failing past the retry budget. */
  apiError: 4,
  /** The credentials expired (a 401 naming an expired token or signature): set fresh ones and run again. */
  credentialExpired: 5,
  /** Unexpected internal error: a bug, please report it. */
  internal: 70,
  /** Interrupted with Ctrl-C (SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The table printed by `--help`. */
export const EXIT_CODE_TABLE: ReadonlyArray<readonly [ExitCode, string]> = [
  [EXIT_CODES.ok, "stats read / migration complete"],
  [EXIT_CODES.migrationFailed, "migration failed, stopped or stalled"],
  [EXIT_CODES.usage, "usage or configuration error"],
  [EXIT_CODES.timeout, "timed out"],
  [EXIT_CODES.apiError, "API error: task not found, 401, 403, other 4xx, bad answer, or errors past the retry budget"],
  [EXIT_CODES.credentialExpired, "credentials expired (mid-wait or before): set fresh ones and run again"],
  [EXIT_CODES.internal, "internal error (a bug; please report it)"],
  [EXIT_CODES.interrupted, "interrupted (Ctrl-C)"],
];

/** How a command ended, as an exit code: the single place this mapping lives. */
export function exitCodeFor(outcome: unknown): ExitCode {
  if (outcome === undefined) return EXIT_CODES.ok;
  if (outcome instanceof AbortedError) return EXIT_CODES.interrupted;
  if (outcome instanceof MigrationFailedError || outcome instanceof MigrationStalledError) {
    return EXIT_CODES.migrationFailed;
  }
  if (outcome instanceof WaitTimeoutError) return EXIT_CODES.timeout;
  if (outcome instanceof ConfigurationError) return EXIT_CODES.usage;
  if (outcome instanceof CredentialExpiredError) return EXIT_CODES.credentialExpired;
  if (outcome instanceof ApiError || outcome instanceof NetworkError || outcome instanceof ResponseFormatError || outcome instanceof FederationError) {
    return EXIT_CODES.apiError;
  }
  return EXIT_CODES.internal;
}

/** The `outcome` word of `wait --json`'s final object; same cases as {@link exitCodeFor}. */
export type Outcome =
  | "complete"
  | "failed"
  | "stalled"
  | "timeout"
  | "configuration-error"
  | "api-error"
  | "credential-expired"
  | "internal-error"
  | "interrupted";

export function outcomeFor(outcome: unknown): Outcome {
  if (outcome === undefined) return "complete";
  if (outcome instanceof MigrationStalledError) return "stalled";
  switch (exitCodeFor(outcome)) {
    case EXIT_CODES.ok:
      return "complete";
    case EXIT_CODES.migrationFailed:
      return "failed";
    case EXIT_CODES.usage:
      return "configuration-error";
    case EXIT_CODES.timeout:
      return "timeout";
    case EXIT_CODES.apiError:
      return "api-error";
    case EXIT_CODES.credentialExpired:
      return "credential-expired";
    case EXIT_CODES.interrupted:
      return "interrupted";
    case EXIT_CODES.internal:
      return "internal-error";
  }
}
