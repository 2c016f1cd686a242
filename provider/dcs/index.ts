/**
 * The DCS API layer (imports core/, http/, settings/): the client with its retries, signing
 * (signing/), response parsing, the API's error classes, shared reads and clock-skew advice.
 * Code outside provider/ imports this layer through this file only.
 */
export {
  ApiError,
  CredentialExpiredError,
  isApiError,
  isCredentialExpiredError,
  isNetworkError,
  isResponseFormatError,
  isTaskNotFoundError,
  NetworkError,
  type RequestContext,
  ResponseFormatError,
  TaskNotFoundError,
} from "./apiErrors";
export { credentialExpired, type ExpiryEvidence } from "./credentialExpiry";
export { DcsClient, type DcsClientOptions, debugEnabled, USER_AGENT } from "./dcsClient";
export { FederationError, type FederationFailure, isFederationError } from "./federationError";
export { exchangeIdToken, FEDERATION_DURATION_SECONDS, type IamExchange, parseExpiresAt, type TemporaryKeys } from "./iamFederation";
export { type GetMigrationStatsResult } from "./migrationStats";
export { type MigrationLogEntry, type MigrationTaskRecord, type TaskRecordReader } from "./migrationTaskRecord";
export { readTaskStatus, taskStatusUnavailableLine, type TaskStatusRead } from "./readTaskStatus";
export { parseStats, type ParseStatsContext } from "./parseStats";
export { MAX_ID_TOKEN_BYTES, readIdToken } from "./readIdToken";
export { type HeldKeys, RENEWAL_DEFAULTS, renewalDue, renewalMarginMs, RenewingCredentials } from "./renewingCredentials";
export {
  backoffDelay,
  decideRetry,
  isRetryableStatus,
  parseRetryAfter,
  PERMANENT_SERVER_STATUSES,
  RETRYABLE_NETWORK_CODES,
} from "./retryPolicy";
export { closeSharedDcsClients, MAX_SHARED_CLIENTS, sharedClientKey, sharedDcsClient } from "./sharedDcsClient";
export {
  type AuthorizationParts,
  canonicalRequest,
  formatSdkDate,
  hashPayload,
  hmacSignature,
  parseAuthorizationHeader,
  parseSdkDate,
  SDK_DATE_MAX_SKEW_MS,
  type SignedRequest,
  signRequest,
  type SignRequestInput,
  stringToSign,
  type VerifyFailureReason,
  verifySignature,
  type VerifySignatureInput,
  type VerifySignatureResult,
} from "./signing";
export { type DatedStats, type StatsReader } from "./statsReader";
