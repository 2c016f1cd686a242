/**
 * The settings layer (imports core/ and http/): every setting declared once (settingTables.ts),
 * where a value comes from (argument, stack config, environment), credentials, the endpoint,
 * path-id checks and the client tunables.
 * Code outside provider/ imports this layer through this file only.
 */
export { CLIENT_DEFAULTS, type ClientTunables, resolveClientTunables } from "./clientOptions";
export { type CredentialKind, Credentials } from "./credentials";
export { DEFAULT_CLOUD, parseEndpoint, regionalEndpoint } from "./dcsEndpoint";
export { settingRule, settingTypeRule, settingValueFromText } from "./settingRule";
export { type ArgumentName, type ClientSettings, type ConnectionArgs, resolveSettings, type SettingsSources } from "./settings";
export {
  CLIENT_TUNABLE_SETTINGS,
  CONNECTION_SETTINGS,
  type ConnectionSettingRow,
  type ConnectionTable,
  isSecretSetting,
  namesOf,
  type OutputFieldRow,
  type SettingRow,
  SECRET_SETTING_NAMES,
  STATS_OUTPUT_FIELDS,
  type StatsOutputTable,
  type ValueOf,
  WAIT_OUTPUT_FIELDS,
  WAIT_SETTINGS,
  type WaitOutputTable,
  type WaitTable,
} from "./settingTables";
export { MAX_PATH_ID_LENGTH, validatePathId } from "./validatePathId";
