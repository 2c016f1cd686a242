import { validateHeaderCredential } from "./credentialText";
import { Credentials } from "./credentials";
import { DEFAULT_CLOUD, parseEndpoint, regionalEndpoint } from "./dcsEndpoint";
import { ConfigurationError } from "./errors";
import { validatePathId } from "./validatePathId";

/**
 * Connection settings a caller may pass explicitly. Each one left undefined is
 * looked up in the Pulumi stack config, then in the environment, under the names
 * Huawei Cloud users already have (FACTS.md §3).
 */
export interface ConnectionArgs {
  /** Project id (the `{project_id}` of the URL, also sent as `X-Project-Id`). */
  projectId?: string | undefined;
  /** Region id, e.g. `cn-north-4`; builds the endpoint `https://dcs.{region}.{cloud}`. */
  region?: string | undefined;
  /** Cloud domain. @default "myhuaweicloud.com" */
  cloud?: string | undefined;
  /** Full endpoint override (scheme, host, port only), e.g. an emulator's `http://127.0.0.1:18080`. */
  endpoint?: string | undefined;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  /** Security token of temporary AK/SK credentials. */
  securityToken?: string | undefined;
  /** IAM token (`X-Auth-Token`), used instead of an AK/SK pair. */
  authToken?: string | undefined;
  /** Allow plain `http://` to a non-loopback host. @default false */
  allowInsecureHttp?: boolean | undefined;
}

/** Everything a {@link DcsClient} needs, resolved and validated. Safe to log: secrets sit inside {@link Credentials}. */
export interface ClientSettings {
  /** Origin of the DCS API, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`. */
  readonly endpoint: string;
  readonly projectId: string;
  readonly region: string | undefined;
  readonly credentials: Credentials;
  readonly allowInsecureHttp: boolean;
  /** Names of the settings each value came from (never values), for messages. */
  readonly sources: { readonly endpoint: string; readonly projectId: string; readonly credentials: string };
}

/** Where settings are read from besides the explicit arguments. */
export interface SettingsSources {
  /** Pulumi stack config lookup, e.g. `(key) => new pulumi.Config().get(key)` with full keys like `huaweicloud:region`. */
  config?: ((key: string) => string | undefined) | undefined;
  /** Environment. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

interface Place {
  /** How the place is named to users: `argument \`projectId\``, `stack config \`huaweicloud:region\``, `environment HW_REGION_NAME`. */
  readonly label: string;
  /** Short name for `field` and source lists. */
  readonly name: string;
  readonly value: string | undefined;
}

interface CredentialGroup {
  readonly accessKey: Place;
  readonly secretKey: Place;
  readonly securityToken: Place | undefined;
  readonly authToken: Place | undefined;
}

/**
 * Resolves connection settings: explicit arguments win, then stack config, then
 * environment variables (Terraform's HW_*, the official SDK's HUAWEICLOUD_SDK_*, and
 * OS_*). Credentials are taken as a group from the first place that has any, so an
 * access key is never paired with another account's secret key.
 *
 * @throws ConfigurationError listing every place looked at for each missing setting
 *   (names only), or naming the half of a key pair that is missing.
 */
export function resolveSettings(args: ConnectionArgs, sources: SettingsSources = {}): ClientSettings {
  const env = sources.env ?? process.env;
  const config = sources.config;
  const arg = (name: keyof ConnectionArgs): Place => {
    const value = args[name];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new ConfigurationError(`Expected \`${name}\` to be a string, got ${typeof value}.`, { field: name });
    }
    return { label: `argument \`${name}\``, name, value: clean(value) };
  };
  const cfg = (key: string): Place => ({ label: `stack config \`${key}\``, name: key, value: clean(config?.(key)) });
  const envVar = (name: string): Place => ({ label: `environment ${name}`, name, value: clean(env[name]) });
  const allowInsecureHttp = args.allowInsecureHttp ?? false;
  if (typeof allowInsecureHttp !== "boolean") {
    throw new ConfigurationError(`Expected \`allowInsecureHttp\` to be true or false, got ${JSON.stringify(allowInsecureHttp)}.`, {
      field: "allowInsecureHttp",
    });
  }

  const missing: Array<{ what: string; places: Place[]; hint: string }> = [];

  const projectPlaces = [arg("projectId"), cfg("huaweicloud:projectId"), envVar("HW_PROJECT_ID"), envVar("HUAWEICLOUD_SDK_PROJECT_ID"), envVar("OS_PROJECT_ID")];
  const project = first(projectPlaces);
  if (project === undefined) {
    missing.push({ what: "project id", places: projectPlaces, hint: "e.g. `pulumi config set huaweicloud:projectId <id>` or `export HW_PROJECT_ID=<id>`" });
  }

  const endpointPlaces = [arg("endpoint"), cfg("huaweicloud:dcsEndpoint"), envVar("HW_DCS_ENDPOINT")];
  const regionPlaces = [arg("region"), cfg("huaweicloud:region"), envVar("HW_REGION_NAME"), envVar("OS_REGION_NAME")];
  const cloudPlaces = [arg("cloud"), cfg("huaweicloud:cloud"), envVar("HW_CLOUD")];
  const endpointOverride = first(endpointPlaces);
  const region = first(regionPlaces);
  let endpoint: { value: string; source: string } | undefined;
  if (endpointOverride !== undefined) {
    endpoint = { value: parseEndpoint(endpointOverride.value, endpointOverride.name, allowInsecureHttp), source: endpointOverride.name };
  } else if (region !== undefined) {
    const cloud = first(cloudPlaces);
    const built = regionalEndpoint(region.value, region.name, cloud?.value ?? DEFAULT_CLOUD, cloud?.name ?? "cloud");
    endpoint = { value: built, source: cloud === undefined ? region.name : `${region.name}, ${cloud.name}` };
  } else {
    missing.push({
      what: "region (or a full DCS endpoint)",
      places: [...regionPlaces, ...endpointPlaces],
      hint: "e.g. `pulumi config set huaweicloud:region cn-north-4` or `export HW_REGION_NAME=cn-north-4`",
    });
  }

  const groups: CredentialGroup[] = [
    { accessKey: arg("accessKey"), secretKey: arg("secretKey"), securityToken: arg("securityToken"), authToken: arg("authToken") },
    {
      accessKey: cfg("huaweicloud:accessKey"),
      secretKey: cfg("huaweicloud:secretKey"),
      securityToken: cfg("huaweicloud:securityToken"),
      authToken: cfg("huaweicloud:token"),
    },
    { accessKey: envVar("HW_ACCESS_KEY"), secretKey: envVar("HW_SECRET_KEY"), securityToken: envVar("HW_SECURITY_TOKEN"), authToken: envVar("HW_AUTH_TOKEN") },
    {
      accessKey: envVar("HUAWEICLOUD_SDK_AK"),
      secretKey: envVar("HUAWEICLOUD_SDK_SK"),
      securityToken: envVar("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
      authToken: undefined,
    },
    { accessKey: envVar("OS_ACCESS_KEY"), secretKey: envVar("OS_SECRET_KEY"), securityToken: undefined, authToken: undefined },
  ];
  const credentials = credentialsFrom(groups);
  if (credentials === undefined) {
    const places = groups.flatMap((g) => [g.accessKey, g.secretKey, ...(g.authToken ? [g.authToken] : [])]);
    missing.push({
      what: "credentials (an access key + secret key pair, or an IAM token)",
      places,
      hint: "e.g. export HW_ACCESS_KEY and HW_SECRET_KEY or `pulumi config set --secret huaweicloud:secretKey …`",
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
    sources: { endpoint: endpoint.source, projectId: project.name, credentials: credentials.source },
  };
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

function first(places: readonly Place[]): { name: string; value: string } | undefined {
  for (const p of places) if (p.value !== undefined) return { name: p.name, value: p.value };
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
