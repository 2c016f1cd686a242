import { validateHeaderCredential } from "./credentialText";
import { Credentials, type FederationSettings } from "./credentials";
import { DEFAULT_CLOUD, parseEndpoint, regionalEndpoint } from "./dcsEndpoint";
import { ConfigurationError } from "../core/errors";
import { validatePathId } from "./validatePathId";
import type { ClientTunables } from "./clientOptions";
import { settingRule, settingValueFromText } from "./settingRule";
import {
  CLIENT_TUNABLE_SETTINGS,
  CONNECTION_SETTINGS,
  rowOf,
  type ClientTunableName,
  type ConnectionSettingName,
  type ConnectionSettingRow,
  type ConnectionTable,
  type ValuesOf,
} from "./settingTables";

/**
 * Connection settings a caller may pass explicitly: one field per row of `CONNECTION_SETTINGS`
 * but `taskId`, each carrying its row's TSDoc. Each one left undefined is looked up in the
 * Pulumi stack config, then in the environment, under the names Huawei Cloud users already have
 * (FACTS.md §3).
 */
export type ConnectionArgs = { -readonly [K in keyof Omit<ValuesOf<ConnectionTable>, "taskId">]?: ValuesOf<ConnectionTable>[K] | undefined };

/** Everything a {@link DcsClient} needs, resolved and validated. Safe to log: secrets sit inside {@link Credentials}. */
export interface ClientSettings {
  /** Origin of the DCS API, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`. */
  readonly endpoint: string;
  readonly projectId: string;
  readonly region: string | undefined;
  readonly credentials: Credentials;
  readonly allowInsecureHttp: boolean;
  /** Client tunables set in stack config or the environment (`HW_MAX_RETRIES`); explicit client options win. */
  readonly tunables?: Readonly<Partial<ClientTunables>> | undefined;
  /** Names of the settings each value came from (never values), for messages. */
  readonly sources: { readonly endpoint: string; readonly projectId: string; readonly credentials: string };
}

/** How an entry point names a setting passed to it explicitly. */
export interface ArgumentName {
  /** For `ConfigurationError.field`, e.g. `projectId` or `--project-id`. */
  readonly name: string;
  /** For messages, e.g. "argument `projectId`" or "flag --project-id". */
  readonly label: string;
}

/** Where settings are read from besides the explicit arguments. */
export interface SettingsSources {
  /**
   * Pulumi stack config lookup by full key (`huaweicloud:region`). Absent where there is no stack
   * config (the CLI): then no stack config key is looked at, listed or suggested.
   */
  config?: ((key: string) => string | undefined) | undefined;
  /** Namespace of the stack config keys. @default "huaweicloud" */
  configNamespace?: string | undefined;
  /** Environment. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * How explicit arguments are named, or undefined for a setting the entry point does not take
   * (it is then left out of the places listed). @default "argument `name`" for every setting
   */
  argumentName?: ((row: ConnectionSettingRow) => ArgumentName | undefined) | undefined;
}

interface Place {
  /** How the place is named to users: `argument \`projectId\``, `stack config \`huaweicloud:region\``, `environment HW_REGION_NAME`. */
  readonly label: string;
  /** Short name for `field` and source lists. */
  readonly name: string;
  readonly value: string | undefined;
}

interface CredentialGroup {
  /** 0: explicit arguments, 1: stack config, 2: environment. */
  readonly level: number;
  readonly accessKey: Place;
  readonly secretKey: Place;
  readonly securityToken: Place | undefined;
  readonly authToken: Place | undefined;
}

const programArgument = (row: ConnectionSettingRow): ArgumentName => ({ name: row.name, label: `argument \`${row.name}\`` });

const connectionRow = (name: ConnectionSettingName): ConnectionSettingRow => {
  const row = rowOf(CONNECTION_SETTINGS, name);
  if (row === undefined) throw new Error(`no connection setting ${name}`);
  return row;
};

/**
 * Resolves connection settings: explicit arguments win, then stack config, then
 * environment variables (Terraform's HW_*, the official SDK's HUAWEICLOUD_SDK_*, and
 * OS_*), each in the order of its `CONNECTION_SETTINGS` row. Credentials are taken as a
 * group from the first place that has any, so an access key is never paired with another
 * account's secret key. Client tunables with a config key or environment variable
 * (`maxRetries`, `HW_MAX_RETRIES`) are read the same way into `tunables`.
 *
 * @throws ConfigurationError listing every place looked at for each missing setting
 *   (names only), or naming the half of a key pair that is missing.
 */
export function resolveSettings(args: ConnectionArgs, sources: SettingsSources = {}): ClientSettings {
  const env = sources.env ?? process.env;
  const config = sources.config;
  const namespace = sources.configNamespace ?? "huaweicloud";
  const argumentName = sources.argumentName ?? programArgument;
  const configKey = (key: string): string => `${namespace}:${key}`;
  const arg = (row: ConnectionSettingRow): Place | undefined => {
    const named = argumentName(row);
    if (named === undefined) return undefined;
    const value = (args as Record<string, unknown>)[row.name];
    const rule = value === null ? undefined : settingRule(row, value);
    if (rule !== undefined) throw new ConfigurationError(`Expected \`${row.name}\` to be ${rule}, got ${typeof value}.`, { field: named.name });
    return { label: named.label, name: named.name, value: clean(value) };
  };
  const cfg = (key: string | undefined): Place | undefined =>
    key === undefined || config === undefined ? undefined : { label: `stack config \`${configKey(key)}\``, name: configKey(key), value: clean(config(configKey(key))) };
  const envVar = (name: string | undefined): Place | undefined => (name === undefined ? undefined : { label: `environment ${name}`, name, value: clean(env[name]) });
  /** Every place a plain setting is looked up, in precedence order. */
  const placesOf = (name: ConnectionSettingName): Place[] => {
    const row = connectionRow(name);
    return [arg(row), cfg(row.configKey), ...row.env.map(envVar)].filter((p): p is Place => p !== undefined);
  };
  const hintFor = (name: ConnectionSettingName): string => {
    const row = connectionRow(name);
    const example = row.example ?? "<value>";
    const exported = `\`export ${row.env[0]}=${example}\``;
    return config === undefined || row.configKey === undefined ? `e.g. ${exported}` : `e.g. \`pulumi config set ${configKey(row.configKey)} ${example}\` or ${exported}`;
  };
  const allowInsecureHttp = args.allowInsecureHttp ?? false;
  const insecureRule = settingRule(connectionRow("allowInsecureHttp"), allowInsecureHttp);
  if (insecureRule !== undefined) {
    throw new ConfigurationError(`Expected \`allowInsecureHttp\` to be ${insecureRule}, got ${JSON.stringify(allowInsecureHttp)}.`, {
      field: argumentName(connectionRow("allowInsecureHttp"))?.name ?? "allowInsecureHttp",
    });
  }

  const missing: Array<{ what: string; places: Place[]; hint: string }> = [];

  const projectPlaces = placesOf("projectId");
  const project = first(projectPlaces);
  if (project === undefined) {
    missing.push({ what: "project id", places: projectPlaces, hint: hintFor("projectId") });
  }

  const endpointPlaces = placesOf("endpoint");
  const regionPlaces = placesOf("region");
  const cloudPlaces = placesOf("cloud");
  const endpointOverride = first(endpointPlaces);
  const region = first(regionPlaces);
  let endpoint: { value: string; source: string } | undefined;
  if (endpointOverride !== undefined) {
    const insecure = argumentName(connectionRow("allowInsecureHttp"));
    const insecureSwitch = insecure === undefined || !insecure.name.startsWith("--") ? undefined : insecure.name;
    endpoint = { value: parseEndpoint(endpointOverride.value, endpointOverride.name, allowInsecureHttp, insecureSwitch), source: endpointOverride.name };
  } else if (region !== undefined) {
    const cloud = first(cloudPlaces);
    const built = regionalEndpoint(region.value, region.name, cloud?.value ?? DEFAULT_CLOUD, cloud?.name ?? "cloud");
    endpoint = { value: built, source: cloud === undefined ? region.name : `${region.name}, ${cloud.name}` };
  } else {
    missing.push({ what: "region (or a full DCS endpoint)", places: [...regionPlaces, ...endpointPlaces], hint: hintFor("region") });
  }

  const groups = credentialGroups(arg, cfg, envVar);
  const federationPlaces = (name: "idpId" | "idTokenFile"): Array<Place | undefined> => {
    const row = connectionRow(name);
    return [arg(row), cfg(row.configKey), envVar(row.env[0])];
  };
  const federation = {
    idpId: federationPlaces("idpId"),
    idTokenFile: federationPlaces("idTokenFile"),
    iamEndpoint: () => iamEndpointOf(first(placesOf("iamEndpoint")), first(cloudPlaces), allowInsecureHttp),
  };
  const credentials = credentialsByLevel(groups, federation, allowInsecureHttp);
  if (credentials === undefined) {
    const fed = federation.idpId.flatMap((p, i) => [p, federation.idTokenFile[i]]).filter((p): p is Place => p !== undefined);
    const places = [...groups.flatMap((g) => [g.accessKey, g.secretKey, ...(g.authToken ? [g.authToken] : [])]), ...fed];
    const pair = `export ${connectionRow("accessKey").env[0]} and ${connectionRow("secretKey").env[0]}`;
    const secretConfig = connectionRow("secretKey").configKey;
    missing.push({
      what: "credentials (an access key + secret key pair, an IAM token, or OIDC federation: an identity provider id + an ID token file)",
      places,
      hint: config === undefined || secretConfig === undefined ? `e.g. ${pair}` : `e.g. ${pair} or \`pulumi config set --secret ${configKey(secretConfig)} …\``,
    });
  }

  if (missing.length > 0 || project === undefined || endpoint === undefined || credentials === undefined) {
    const lines = missing.map((m) => `  - ${m.what}: looked at ${m.places.map((p) => p.label).join(", ")}; set one of them, ${m.hint}.`);
    const firstMissing = missing[0]?.places[0]?.name;
    throw new ConfigurationError(`Cannot call the DCS API, settings are missing:\n${lines.join("\n")}`, firstMissing === undefined ? {} : { field: firstMissing });
  }

  return {
    endpoint: endpoint.value,
    projectId: validatePathId(project.name, project.value),
    region: region?.value,
    credentials,
    allowInsecureHttp,
    tunables: tunablesFrom(cfg, envVar),
    sources: { endpoint: endpoint.source, projectId: project.name, credentials: credentials.source },
  };
}

/**
 * The credential groups in precedence order: the explicit arguments, the stack config, then one
 * group per position of the credential rows' environment lists (see `ConnectionSettingRow.credential`).
 */
function credentialGroups(
  arg: (row: ConnectionSettingRow) => Place | undefined,
  cfg: (key: string | undefined) => Place | undefined,
  envVar: (name: string | undefined) => Place | undefined,
): CredentialGroup[] {
  const rows = { accessKey: connectionRow("accessKey"), secretKey: connectionRow("secretKey"), securityToken: connectionRow("securityToken"), authToken: connectionRow("authToken") };
  const group = (level: number, at: (row: ConnectionSettingRow) => Place | undefined): CredentialGroup | undefined => {
    const accessKey = at(rows.accessKey);
    const secretKey = at(rows.secretKey);
    return accessKey === undefined || secretKey === undefined
      ? undefined
      : { level, accessKey, secretKey, securityToken: at(rows.securityToken), authToken: at(rows.authToken) };
  };
  const families = Math.max(...Object.values(rows).map((r) => r.env.length));
  return [
    group(0, arg),
    group(1, (row) => cfg(row.configKey)),
    ...Array.from({ length: families }, (_, i) => group(2, (row) => envVar(row.env[i]))),
  ].filter((g): g is CredentialGroup => g !== undefined);
}

/**
 * The credentials of the first level (arguments, stack config, environment) that has any: at each
 * level a key pair or IAM token wins over OIDC federation set at the same level, so a stack that
 * names its own keys keeps them in a CI job that also offers federation; a level with only
 * federation uses it. Half a federation (an identity provider without a token file, or the
 * reverse) is refused, naming both.
 */
function credentialsByLevel(
  groups: readonly CredentialGroup[],
  federation: {
    readonly idpId: ReadonlyArray<Place | undefined>;
    readonly idTokenFile: ReadonlyArray<Place | undefined>;
    readonly iamEndpoint: () => { value: string; name: string };
  },
  allowInsecureHttp: boolean,
): Credentials | undefined {
  for (const level of [0, 1, 2]) {
    const found = credentialsFrom(groups.filter((g) => g.level === level));
    if (found !== undefined) return found;
    const idp = federation.idpId[level];
    const file = federation.idTokenFile[level];
    const idpValue = idp?.value;
    const fileValue = file?.value;
    if (idpValue === undefined && fileValue === undefined) continue;
    if (idp === undefined || file === undefined || idpValue === undefined || fileValue === undefined) {
      const [set, unset] = idpValue === undefined ? [file, idp] : [idp, file];
      throw new ConfigurationError(
        `${capitalize(set?.label ?? "one federation setting")} is set but ${unset?.label ?? "its pair"} is not: OIDC federation needs both the identity provider id and the ID token file. Set both, or remove ${set?.name ?? "it"}.`,
        { field: unset?.name ?? set?.name ?? "idpId" },
      );
    }
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(idpValue)) {
      throw new ConfigurationError(
        `Expected ${idp.label} to be an IAM identity provider id (letters, digits, \`-\`, \`_\`, \`.\`; at most 128), got ${JSON.stringify(idpValue.slice(0, 64))}.`,
        { field: idp.name },
      );
    }
    const iam = federation.iamEndpoint();
    const settings: FederationSettings = {
      idpId: idpValue,
      idTokenFile: fileValue,
      iamEndpoint: iam.value,
      names: { idpId: idp.name, idTokenFile: file.name, iamEndpoint: iam.name },
      allowInsecureHttp,
    };
    return Credentials.federated(settings, `${idp.name}, ${file.name}`);
  }
  return undefined;
}

/**
 * IAM's origin for federation: the override, else `https://iam.{cloud}` — Huawei's SDK default
 * `https://iam.myhuaweicloud.com` for the default cloud, and the same host scheme as the DCS
 * endpoint for another cloud domain (`myhuaweicloud.eu`), so one `cloud` setting moves both.
 */
function iamEndpointOf(
  override: { value: string; name: string } | undefined,
  cloud: { value: string; name: string } | undefined,
  allowInsecureHttp: boolean,
): { value: string; name: string } {
  if (override !== undefined) return { value: parseEndpoint(override.value, override.name, allowInsecureHttp), name: override.name };
  const domain = (cloud?.value ?? DEFAULT_CLOUD).toLowerCase();
  // regionalEndpoint validates the domain the same way as for DCS; the region part is discarded.
  regionalEndpoint("cn-north-4", "region", domain, cloud?.name ?? "cloud");
  return { value: `https://iam.${domain}`, name: cloud === undefined ? "the default IAM endpoint" : `iam.{${cloud.name}}` };
}

/** Client tunables set in stack config or the environment, validated like explicit ones. */
function tunablesFrom(
  cfg: (key: string | undefined) => Place | undefined,
  envVar: (name: string | undefined) => Place | undefined,
): Partial<ClientTunables> | undefined {
  const out: Partial<Record<ClientTunableName, number>> = {};
  for (const row of CLIENT_TUNABLE_SETTINGS) {
    const place = first([cfg(row.configKey), ...row.env.map(envVar)].filter((p): p is Place => p !== undefined));
    if (place === undefined) continue;
    const value = settingValueFromText(row, place.value);
    const rule = settingRule(row, value);
    if (rule !== undefined) {
      throw new ConfigurationError(`Expected ${place.label} to be ${rule}, got ${JSON.stringify(place.value)}.`, { field: place.name });
    }
    out[row.name] = value as number;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function credentialsFrom(groups: readonly CredentialGroup[]): Credentials | undefined {
  for (const g of groups) {
    const ak = g.accessKey.value;
    const sk = g.secretKey.value;
    if (ak !== undefined || sk !== undefined) {
      if (ak === undefined || sk === undefined) {
        const [set, unset] = ak === undefined ? [g.secretKey, g.accessKey] : [g.accessKey, g.secretKey];
        throw new ConfigurationError(
          `${capitalize(set.label)} is set but ${unset.label} is not: an access key and its secret key must come from the same place. Set both, or remove ${set.name}.`,
          { field: unset.name },
        );
      }
      const token = g.securityToken?.value;
      validateHeaderCredential(g.accessKey.name, g.accessKey.label, ak, "access key");
      if (token !== undefined && g.securityToken !== undefined) validateHeaderCredential(g.securityToken.name, g.securityToken.label, token, "security token");
      const source = [g.accessKey.name, g.secretKey.name, ...(token !== undefined && g.securityToken ? [g.securityToken.name] : [])].join(", ");
      return Credentials.accessKeyPair(ak, sk, token, source);
    }
    if (g.authToken?.value !== undefined) {
      validateHeaderCredential(g.authToken.name, g.authToken.label, g.authToken.value, "IAM token");
      return Credentials.iamToken(g.authToken.value, g.authToken.name);
    }
    if (g.securityToken?.value !== undefined) {
      throw new ConfigurationError(
        `${capitalize(g.securityToken.label)} is set but ${g.accessKey.label} and ${g.secretKey.label} are not: a security token only works with the temporary access key pair it was issued with.`,
        { field: g.accessKey.name },
      );
    }
  }
  return undefined;
}

function first(places: readonly Place[]): (Place & { readonly value: string }) | undefined {
  for (const p of places) if (p.value !== undefined) return { label: p.label, name: p.name, value: p.value };
  return undefined;
}

/** Unset, empty and whitespace-only all mean "not set"; surrounding whitespace (a pasted newline) is dropped. */
function clean(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
