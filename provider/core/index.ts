/**
 * The core layer: what every other layer may use and which itself imports nothing of ours —
 * the clock, the base errors, quoting, lossless JSON, cut-off JSON, redaction, network error codes.
 * Code outside provider/ imports this layer through this file only.
 */
export { type Clock, systemClock } from "./clock";
export { AbortedError, ConfigurationError, DcsMigrationError, isConfigurationError, settingName, withContext } from "./errors";
export { isLoopbackHost } from "./isLoopbackHost";
export { JsonNumberText, parseLosslessJson } from "./losslessJson";
export { quote } from "./quote";
