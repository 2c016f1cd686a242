/**
 * pulumi-dcs-migration: gate a Pulumi deployment on a Huawei Cloud DCS (Redis) online
 * migration really finishing.
 */
export { getMigrationStats, getMigrationStatsOutput } from "./getMigrationStats";
export type { GetMigrationStatsArgs, GetMigrationStatsOutputArgs } from "./getMigrationStats";
export type { GetMigrationStatsResult } from "../provider/dcs";
export type { ConnectionInputs } from "./connectionInputs";
export { MigrationStats } from "./migrationStats";
export type { MigrationStatsArgs } from "./migrationStats";
export { WaitForMigration, waitForMigration } from "./waitForMigration";
export type { WaitForMigrationArgs } from "./waitForMigration";
export { WAIT_DEFAULTS } from "../provider/waiter";
export type { WaitOptions } from "../provider/waiter";
export { AbortedError, ConfigurationError, DcsMigrationError, isConfigurationError } from "../provider/core";
export { ApiError, NetworkError, ResponseFormatError, TaskNotFoundError, isApiError, isNetworkError, isResponseFormatError, isTaskNotFoundError } from "../provider/dcs";
export { MigrationFailedError, MigrationStalledError, WaitError, WaitTimeoutError, isWaitError } from "../provider/waiter";
