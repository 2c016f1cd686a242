/**
 * Public surface of the DCS API client: everything outside `provider/` that talks
 * to DCS imports from here.
 */
export { DcsClient, USER_AGENT, debugEnabled, type DcsClientOptions } from "./dcsClient";
export { sharedDcsClient, sharedClientKey, closeSharedDcsClients, MAX_SHARED_CLIENTS } from "./sharedDcsClient";
export { resolveSettings, type ArgumentName, type ConnectionArgs, type ClientSettings, type SettingsSources } from "./settings";
export { Credentials, type CredentialKind } from "./credentials";
export { CLIENT_DEFAULTS, resolveClientTunables, type ClientTunables } from "./clientOptions";
export { systemClock, type Clock } from "./clock";
export { parseStats, type ParseStatsContext } from "./parseStats";
export { parseLosslessJson, JsonNumberText } from "./losslessJson";
export { validatePathId, MAX_PATH_ID_LENGTH } from "./validatePathId";
export { parseEndpoint, regionalEndpoint, isLoopbackHost, DEFAULT_CLOUD } from "./dcsEndpoint";
export { decideRetry, parseRetryAfter, backoffDelay, isRetryableStatus, PERMANENT_SERVER_STATUSES, RETRYABLE_NETWORK_CODES } from "./retryPolicy";
export type { StatsReader, DatedStats, ReadFreshness } from "./statsReader";
export type { GetMigrationStatsResult } from "./migrationStats";
