import { DcsMigrationError } from "../core/errors";

/** Why IAM did not give temporary keys for the ID token. */
export type FederationFailure =
  /** IAM answered with an error: the identity provider refused the token, or the request was wrong. */
  | "refused"
  /** No answer from IAM (network, timeout, 5xx past the retry budget): may pass. */
  | "unreachable"
  /** IAM answered 2xx without the token or keys it should carry. */
  | "bad-answer";

/**
 * OIDC federation could not turn the ID token into temporary keys (FACTS.md §10). Carries the
 * step, IAM's status and error code — never the ID token, the unscoped token or any key.
 */
export class FederationError extends DcsMigrationError {
  override readonly name: string = "FederationError";
  readonly failure: FederationFailure;
  /** `oidc-auth` (ID token → unscoped token) or `security-token` (unscoped token → temporary keys). */
  readonly step: "oidc-auth" | "security-token";
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly requestId: string | undefined;
  /** Network code for `unreachable` (ECONNREFUSED, ETIMEDOUT, …). */
  readonly code: string | undefined;
  constructor(
    message: string,
    details: {
      failure: FederationFailure;
      step: "oidc-auth" | "security-token";
      status?: number | undefined;
      errorCode?: string | undefined;
      requestId?: string | undefined;
      code?: string | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.failure = details.failure;
    this.step = details.step;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.requestId = details.requestId;
    this.code = details.code;
  }
}

export const isFederationError = (e: unknown): e is FederationError => e instanceof FederationError;
