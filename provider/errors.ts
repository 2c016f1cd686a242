import type { GetMigrationStatsResult } from "./migrationStats";

/**
 * One class per failure mode, all under {@link DcsMigrationError}, so callers
 * (the CLI's exit codes, the waiter's retry decision) branch on the class and
 * users read a message that says what happened, what was last seen and what to do.
 * Messages never contain a secret key, security token or IAM token.
 */
export class DcsMigrationError extends Error {
  override readonly name: string = "DcsMigrationError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad or missing settings or arguments, found before any request is sent. */
export class ConfigurationError extends DcsMigrationError {
  override readonly name: string = "ConfigurationError";
  /** The argument, flag or setting at fault, e.g. `taskId` or `HW_PROJECT_ID`. */
  readonly field: string | undefined;
  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options);
    this.field = options?.field;
  }
}

/**
 * A setting's name as a message shows it: an argument or variable in backticks (`` `taskId` ``),
 * a command-line flag as typed (`--task-id`), since the entry point passes in the name its users know.
 */
export function settingName(field: string): string {
  return field.startsWith("--") ? field : `\`${field}\``;
}

/** Where a failed request was going; carried by every API-side error. */
export interface RequestContext {
  readonly taskId?: string;
  readonly projectId?: string;
  /** `X-Request-Id` of the response, for Huawei support. */
  readonly requestId?: string;
  /** How many attempts were made, retries included. */
  readonly attempts?: number;
}

/** The API answered with an error status and (usually) a Huawei error body. */
export class ApiError extends DcsMigrationError {
  override readonly name: string = "ApiError";
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly requestId: string | undefined;
  readonly taskId: string | undefined;
  readonly projectId: string | undefined;
  readonly attempts: number | undefined;
  constructor(
    message: string,
    details: RequestContext & { status: number; errorCode?: string; errorMsg?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMsg = details.errorMsg;
    this.requestId = details.requestId;
    this.taskId = details.taskId;
    this.projectId = details.projectId;
    this.attempts = details.attempts;
  }
}

/** HTTP 400 with `DCS.4133`: the task does not exist (FACTS.md §1: not a 404). */
export class TaskNotFoundError extends ApiError {
  override readonly name: string = "TaskNotFoundError";
}

/** No usable HTTP answer: reset, refused, DNS, TLS, or the per-request timeout. */
export class NetworkError extends DcsMigrationError {
  override readonly name: string = "NetworkError";
  /** Node's error code when there is one (`ECONNRESET`, `ENOTFOUND`, `ETIMEDOUT`, …). */
  readonly code: string | undefined;
  readonly taskId: string | undefined;
  readonly projectId: string | undefined;
  readonly attempts: number | undefined;
  constructor(message: string, details: RequestContext & { code?: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.code = details.code;
    this.taskId = details.taskId;
    this.projectId = details.projectId;
    this.attempts = details.attempts;
  }
}

/** A 2xx body that is not the documented shape (non-JSON, missing or bad field, too large). */
export class ResponseFormatError extends DcsMigrationError {
  override readonly name: string = "ResponseFormatError";
  readonly field: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  constructor(
    message: string,
    details: { field?: string; status?: number; requestId?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.field = details.field;
    this.status = details.status;
    this.requestId = details.requestId;
  }
}

/** Base of the waiter's verdicts; each carries the last stats seen. */
export class WaitError extends DcsMigrationError {
  override readonly name: string = "WaitError";
  readonly lastStats: GetMigrationStatsResult | undefined;
  readonly waitedSeconds: number;
  readonly polls: number;
  constructor(
    message: string,
    details: { lastStats?: GetMigrationStatsResult; waitedSeconds: number; polls: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.lastStats = details.lastStats;
    this.waitedSeconds = details.waitedSeconds;
    this.polls = details.polls;
  }
}

/** `is_migrating` turned false before the completion criteria held. */
export class MigrationFailedError extends WaitError {
  override readonly name: string = "MigrationFailedError";
}

/** Nothing moved (progress, key counts, offset) for the stall timeout. */
export class MigrationStalledError extends WaitError {
  override readonly name: string = "MigrationStalledError";
}

/** The total deadline passed before completion. */
export class WaitTimeoutError extends WaitError {
  override readonly name: string = "WaitTimeoutError";
}

/** The caller's AbortSignal fired. */
export class AbortedError extends DcsMigrationError {
  override readonly name: string = "AbortedError";
}

/**
 * `error` with `context` appended to its message: a new error of the same class and fields whose
 * `cause` is the original, which stays untouched (a reader may hand the same error to several
 * waits). The new stack starts where the context was added; the original's is in `cause`.
 */
export function withContext<E extends Error>(error: E, context: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as E, error);
  Object.defineProperty(copy, "message", { value: error.message + context, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(copy, "cause", { value: error, writable: true, configurable: true, enumerable: false });
  Error.captureStackTrace(copy, withContext);
  return copy;
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
export const isTaskNotFoundError = (e: unknown): e is TaskNotFoundError => e instanceof TaskNotFoundError;
export const isNetworkError = (e: unknown): e is NetworkError => e instanceof NetworkError;
export const isConfigurationError = (e: unknown): e is ConfigurationError => e instanceof ConfigurationError;
export const isResponseFormatError = (e: unknown): e is ResponseFormatError => e instanceof ResponseFormatError;
export const isWaitError = (e: unknown): e is WaitError => e instanceof WaitError;
