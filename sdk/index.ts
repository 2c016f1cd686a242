/**
 * pulumi-dcs-migration: gate a Pulumi deployment on a Huawei Cloud DCS (Redis) online
 * migration really finishing.
 */
export { getMigrationStats, getMigrationStatsOutput } from "./getMigrationStats";
export type { GetMigrationStatsArgs, GetMigrationStatsOutputArgs } from "./getMigrationStats";
export type { GetMigrationStatsResult } from "../provider/migrationStats";
export type { ConnectionInputs } from "./connectionInputs";
export { MigrationStats } from "./migrationStats";
export type { MigrationStatsArgs } from "./migrationStats";
export { WaitForMigration, waitForMigration } from "./waitForMigration";
export type { WaitForMigrationArgs } from "./waitForMigration";
export { WAIT_DEFAULTS } from "../provider/waiter/waitDefaults";
export type { WaitOptions } from "../provider/waiter/waitDefaults";
export {
  AbortedError,
  ApiError,
  ConfigurationError,
  DcsMigrationError,
  MigrationFailedError,
  MigrationStalledError,
  NetworkError,
  ResponseFormatError,
  TaskNotFoundError,
  WaitError,
  WaitTimeoutError,
  isApiError,
  isConfigurationError,
  isNetworkError,
  isResponseFormatError,
  isTaskNotFoundError,
  isWaitError,
} from "../provider/errors";
