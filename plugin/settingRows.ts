import { WAIT_DEFAULTS } from "../provider/waiter/waitDefaults";

/**
 * INTERIM: the rows `provider/settingTables.ts` will export (being written on another branch),
 * in the same shape, so the schema generator switches by changing its import only. Until then
 * the docs repeat the SDK's TSDoc; names, defaults and secrecy come from the provider's lists.
 *
 * @internal
 */
export type SettingType = "string" | "number" | "integer" | "boolean";

export interface SettingRow {
  readonly name: string;
  readonly type: SettingType;
  readonly default?: string | number | boolean;
  readonly doc: string;
  readonly secret?: boolean;
  /** Key of the setting in stack config (`huaweicloud:<configKey>` for the dynamic provider). */
  readonly configKey?: string;
  readonly env?: readonly string[];
  readonly flag?: string;
}

export interface OutputFieldRow {
  readonly name: string;
  readonly type: SettingType;
  readonly doc: string;
}

export const CONNECTION_SETTINGS: readonly SettingRow[] = [
  { name: "projectId", type: "string", doc: "Project id (the `{project_id}` of the API path).", configKey: "projectId", env: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"], flag: "--project-id" },
  { name: "region", type: "string", doc: "Region, e.g. `cn-north-4`; builds the endpoint `https://dcs.{region}.{cloud}`.", configKey: "region", env: ["HW_REGION_NAME", "OS_REGION_NAME"], flag: "--region" },
  { name: "cloud", type: "string", default: "myhuaweicloud.com", doc: "Cloud domain.", configKey: "cloud", env: ["HW_CLOUD"], flag: "--cloud" },
  { name: "endpoint", type: "string", doc: "Full DCS endpoint (scheme, host, port), overriding region and cloud.", configKey: "dcsEndpoint", env: ["HW_DCS_ENDPOINT"], flag: "--endpoint" },
  { name: "accessKey", type: "string", doc: "Access key id.", configKey: "accessKey", env: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "OS_ACCESS_KEY"] },
  { name: "secretKey", type: "string", secret: true, doc: "Secret access key. Kept secret: encrypted in state, never shown.", configKey: "secretKey", env: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "OS_SECRET_KEY"] },
  { name: "securityToken", type: "string", secret: true, doc: "Security token of temporary credentials. Kept secret.", configKey: "securityToken", env: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"] },
  { name: "authToken", type: "string", secret: true, doc: "IAM token, instead of an access key pair. Kept secret.", configKey: "token", env: ["HW_AUTH_TOKEN"] },
  { name: "allowInsecureHttp", type: "boolean", default: false, doc: "Allow plain `http://` to a host that is not loopback.", flag: "--allow-insecure-http" },
];

const WAIT_DOCS: Readonly<Record<keyof typeof WAIT_DEFAULTS, string>> = {
  requiredProgress: "Minimum `full_migration_progress` (percent) for completion.",
  keyCountTolerance:
    "Key-count difference `|source − target|` still counted as converged. The effective tolerance is the larger of this and `keyCountToleranceRatio × sourceDbsize`: live sources rarely reach exact equality (keys with a TTL expire independently on each side).",
  keyCountToleranceRatio: "Key-count difference allowed as a fraction of `sourceDbsize` (0.0001 = 1 key in 10 000).",
  maxOffset: "When set, the incremental `offset` must also be ≤ this decimal integer, e.g. `\"0\"`.",
  stableForSeconds: "How long every read must satisfy the criteria before the gate opens; 0 opens on the first.",
  stallTimeoutSeconds:
    "Fail as stalled when progress, key counts and offset have not moved for this long while the migration is not complete.",
  timeoutSeconds:
    "Longest one `pulumi up` waits. On timeout the resource is saved as not yet complete and the next `pulumi up` resumes the wait (no replacement).",
  pollIntervalSeconds:
    "Longest gap between two reads. One exception: after reads were sent early for a completion that did not come (a resync), a gap may stretch by up to half of this while the next completion is predicted at least six intervals away, which wins those reads back.",
  minPollIntervalSeconds: "Shortest gap between two reads.",
};

const INTEGER_OPTIONS: ReadonlySet<string> = new Set(["keyCountTolerance"]);

export const WAIT_SETTINGS: readonly SettingRow[] = (Object.keys(WAIT_DEFAULTS) as Array<keyof typeof WAIT_DEFAULTS>).map((name) => {
  const value = WAIT_DEFAULTS[name];
  return {
    name,
    type: name === "maxOffset" ? "string" : INTEGER_OPTIONS.has(name) ? "integer" : "number",
    doc: WAIT_DOCS[name],
    ...(value === undefined ? {} : { default: value }),
  } satisfies SettingRow;
});

export const CLIENT_TUNABLE_SETTINGS: readonly SettingRow[] = [];

export const STATS_OUTPUT_FIELDS: readonly OutputFieldRow[] = [
  { name: "taskId", type: "string", doc: "Id of the DCS online-migration task." },
  { name: "projectId", type: "string", doc: "The project the task was read from (argument, stack config or environment)." },
  { name: "endpoint", type: "string", doc: "The DCS endpoint used, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`." },
  { name: "fullMigrationProgress", type: "number", doc: "Full-migration progress at the last read, 0–100." },
  { name: "offset", type: "string", doc: "Incremental-migration offset at the last read, as a decimal string (exact beyond 2^53)." },
  { name: "sourceDbsize", type: "number", doc: "Key count of the source Redis at the last read." },
  { name: "targetDbsize", type: "number", doc: "Key count of the target Redis at the last read." },
  { name: "keyDelta", type: "number", doc: "`sourceDbsize − targetDbsize` at the last read; negative when the target holds extra keys." },
  { name: "targetInputKbps", type: "number", doc: "Write traffic into the target, KB/s, at the last read." },
  { name: "targetOps", type: "number", doc: "Operations per second on the target at the last read." },
  { name: "isMigrating", type: "boolean", doc: "Whether the task was running at the last read." },
  { name: "observedAt", type: "string", doc: "ISO-8601 time of the last read." },
];

export const WAIT_OUTPUT_FIELDS: readonly OutputFieldRow[] = [
  { name: "completed", type: "boolean", doc: "True: the gate opened (a resource whose wait timed out is not complete and fails the update)." },
  { name: "waitedSeconds", type: "number", doc: "Seconds waited, resumed attempts included." },
  { name: "polls", type: "integer", doc: "Stats reads made, resumed attempts included." },
  { name: "startedAt", type: "string", doc: "ISO-8601 time the first wait started." },
  { name: "completedAt", type: "string", doc: "ISO-8601 time the gate opened." },
];
