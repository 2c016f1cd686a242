import { DcsMigrationError } from "../core/errors";

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

/**
 * A 401 that says the credential expired (an IAM token past its 24 hours, temporary keys past their
 * `expires_at`), not that it is wrong: fresh credentials fix it, and a wait cut short by it resumes.
 */
export class CredentialExpiredError extends ApiError {
  override readonly name: string = "CredentialExpiredError";
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

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
export const isTaskNotFoundError = (e: unknown): e is TaskNotFoundError => e instanceof TaskNotFoundError;
export const isNetworkError = (e: unknown): e is NetworkError => e instanceof NetworkError;
export const isResponseFormatError = (e: unknown): e is ResponseFormatError => e instanceof ResponseFormatError;
export const isCredentialExpiredError = (e: unknown): e is CredentialExpiredError => e instanceof CredentialExpiredError;
