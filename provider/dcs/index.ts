/**
 * The DCS API layer (imports core/, http/, settings/): the client with its retries, signing
 * (signing/), response parsing, the API's error classes, shared reads and clock-skew advice.
 * Code outside provider/ imports this layer through this file only.
 */
export {
  ApiError,
  isApiError,
  isNetworkError,
  isResponseFormatError,
  isTaskNotFoundError,
  NetworkError,
  type RequestContext,
  ResponseFormatError,
  TaskNotFoundError,
} from "./apiErrors";
export { DcsClient, type DcsClientOptions, debugEnabled, USER_AGENT } from "./dcsClient";
export { type GetMigrationStatsResult } from "./migrationStats";
export { type MigrationLogEntry, type MigrationTaskRecord, type TaskRecordReader } from "./migrationTaskRecord";
export { readTaskStatus, taskStatusUnavailableLine, type TaskStatusRead } from "./readTaskStatus";
export { parseStats, type ParseStatsContext } from "./parseStats";
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
