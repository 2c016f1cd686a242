import { isConfigurationError } from "../provider/core";
import { type InputFailure, isUnknown, isWireSecret, markSecret, unwrapSecret } from "../provider/pulumi";
import {
  resolveSettings,
  settingRule,
  settingValueFromText,
  CLIENT_TUNABLE_SETTINGS,
  CONNECTION_SETTINGS,
  type SettingRow,
} from "../provider/settings";

/** The Pulumi package name: stack config keys are `dcs-migration:<key>`. */
export const PACKAGE_NAME = "dcs-migration";

/** Every provider config key with the setting it sets: each connection setting that has a stack config key, then the client tunables. */
export const PROVIDER_CONFIG: ReadonlyArray<{ readonly key: string; readonly setting: SettingRow }> = [
  ...CONNECTION_SETTINGS,
  ...CLIENT_TUNABLE_SETTINGS,
]
  .filter((s) => s.configKey !== undefined)
  .map((setting) => ({ key: setting.configKey as string, setting }));

const CONFIG_BY_KEY = new Map(PROVIDER_CONFIG.map((c) => [c.key, c.setting]));

/** Keys the engine itself adds to a provider's inputs; not ours to judge. */
const ENGINE_KEYS: ReadonlySet<string> = new Set(["version", "pluginDownloadURL"]);

/** The provider's configuration, by key, as plain strings (what the core's settings resolution reads). */
export type PluginConfig = ReadonlyMap<string, string>;

function asConfigString(value: unknown): string | undefined {
  const plain = unwrapSecret(value);
  if (plain === undefined || plain === null || isUnknown(plain)) return undefined;
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/**
 * The configuration `Configure` carries: `variables` keyed `dcs-migration:config:<key>` (older
 * engines: `dcs-migration:<key>`), secrets as plain text, or the same values as `args`, secrets
 * wrapped (FACTS.md §7). Keys of other packages are ignored.
 */
export function configFromConfigure(variables: ReadonlyMap<string, string>, args: Readonly<Record<string, unknown>>): PluginConfig {
  const config = new Map<string, string>();
  for (const [key, value] of Object.entries(args)) {
    const text = asConfigString(value);
    if (CONFIG_BY_KEY.has(key) && text !== undefined) config.set(key, text);
  }
  for (const [full, value] of variables) {
    for (const prefix of [`${PACKAGE_NAME}:config:`, `${PACKAGE_NAME}:`]) {
      if (!full.startsWith(prefix)) continue;
      const key = full.slice(prefix.length);
      if (CONFIG_BY_KEY.has(key)) config.set(key, value);
      break;
    }
  }
  return config;
}

/**
 * The stack-config lookup the provider core is given, with `configNamespace` {@link PACKAGE_NAME}:
 * it asks for `dcs-migration:<key>` (and names that key in its messages).
 */
export function coreConfigLookup(config: PluginConfig): (key: string) => string | undefined {
  const prefix = `${PACKAGE_NAME}:`;
  return (key) => (key.startsWith(prefix) ? config.get(key.slice(prefix.length)) : undefined);
}

function typeProblem(setting: SettingRow, value: unknown): string | undefined {
  const rule = settingRule(setting, typeof value === "string" ? settingValueFromText(setting, value) : value);
  if (rule === undefined) return undefined;
  const shown = setting.secret ? "" : ` ${JSON.stringify(value)}`;
  return `Expected \`${PACKAGE_NAME}:${setting.configKey ?? setting.name}\` to be ${rule}, got ${value === null ? "null" : typeof value}${shown}.`;
}

/** The config keys of the credential rows (`accessKey`, `secretKey`, `securityToken`, `token`). */
const CREDENTIAL_CONFIG_KEYS = CONNECTION_SETTINGS.filter((r) => r.credential === true).flatMap((r) => (r.configKey === undefined ? [] : [r.configKey]));

/** Placeholders for settings the config leaves out, so resolving it judges only what it does set. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  projectId: "0123456789abcdef0123456789abcdef",
  region: "cn-north-4",
  token: "placeholder-token",
};

/**
 * `CheckConfig`: refuses unknown keys, values of the wrong type and settings the core would refuse
 * (a bad endpoint, a half key pair, a credential with a line break…) by their config key, before any
 * request. Missing settings are fine here: resources may pass them, or the environment has them.
 * Credentials come back marked secret, so a provider resource's inputs are stored encrypted.
 */
export function checkPluginConfig(news: Readonly<Record<string, unknown>>): { inputs: Record<string, unknown>; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const inputs: Record<string, unknown> = {};
  const known = new Map<string, string>();
  for (const [key, raw] of Object.entries(news)) {
    if (raw === undefined || raw === null) continue;
    if (ENGINE_KEYS.has(key)) {
      inputs[key] = raw;
      continue;
    }
    const setting = CONFIG_BY_KEY.get(key);
    if (setting === undefined) {
      failures.push({
        property: key,
        reason: `Unknown configuration key \`${PACKAGE_NAME}:${key}\`; expected one of ${PROVIDER_CONFIG.map((c) => c.key).join(", ")}.`,
      });
      continue;
    }
    const value = unwrapSecret(raw);
    inputs[key] = setting.secret || isWireSecret(raw) ? markSecret(value) : value;
    if (isUnknown(value)) continue;
    const problem = typeProblem(setting, value);
    if (problem !== undefined) {
      // A property name makes the engine print the value next to the reason; keep credentials out of it.
      failures.push({ property: setting.secret ? "" : key, reason: problem });
      continue;
    }
    known.set(key, typeof value === "string" ? value : String(value));
  }
  if (failures.length === 0) {
    const connection = new Map(known);
    const hasCredentials = CREDENTIAL_CONFIG_KEYS.some((k) => connection.has(k));
    if (!connection.has("projectId")) connection.set("projectId", PLACEHOLDERS["projectId"]!);
    if (!connection.has("region") && !connection.has("dcsEndpoint")) connection.set("region", PLACEHOLDERS["region"]!);
    if (!hasCredentials) connection.set("token", PLACEHOLDERS["token"]!);
    try {
      resolveSettings({}, { config: coreConfigLookup(connection), configNamespace: PACKAGE_NAME, env: {} });
    } catch (e) {
      if (!isConfigurationError(e)) throw e;
      const prefix = `${PACKAGE_NAME}:`;
      const field = e.field?.startsWith(prefix) === true ? e.field.slice(prefix.length) : "";
      const secret = CONFIG_BY_KEY.get(field)?.secret === true;
      failures.push({ property: secret ? "" : field, reason: e.message });
    }
  }
  return { inputs, failures };
}
