/**
 * The Pulumi layer (imports every layer below): the dynamic providers, their input checks,
 * outputs and diff, the engine log and engine watch, and the provider context.
 * Code outside provider/ imports this layer through this file only.
 */
export { createDynamicProvider, type ProviderKind, type ProviderSources } from "./dynamicProviders";
export { createEngineLog, engineAddressFromArgv, type EngineLog } from "./engineLog";
export { watchEngine } from "./engineWatch";
export { createMigrationStatsProvider } from "./migrationStatsProvider";
export { pulumiRpcRuntime, type PulumiRpcRuntime } from "./pulumiRpcRuntime";
export { type ProviderContext, settingsFor } from "./providerContext";
export { type InputFailure, isSecretKey, SECRET_KEYS, validateInputs } from "./resourceInputs";
export { createWaitForMigrationProvider } from "./waitForMigrationProvider";
export { isUnknown, isWireSecret, markSecret, unwrapSecret } from "./wireValues";
