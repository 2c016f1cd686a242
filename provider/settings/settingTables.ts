/**
 * Every setting of the package, declared once: one table per kind (connection and credentials,
 * wait options, client tunables), one row per setting. A row is the field's whole spec — like a
 * pulumi-go-provider `infer` struct tag: name, type, default (none: optional), doc, where it is
 * looked up (stack config key, environment variables, CLI flag), secret or not, and its lifecycle:
 * what a change does (`onChange`, pulumi-command's `replaceOnChanges`), whether the outputs record
 * it for refresh (`recorded`) and whether it is part of a client's identity (`clientIdentity`).
 *
 * Everything else is derived from the rows: the SDK argument types (mapped types over the tables,
 * so the TSDoc written on each row's key is what users see on hover), the providers' input
 * decoding and checks (one checker, `settingRule.ts`), the recorded outputs and their types, the
 * diff's key lists, the shared-client key, `WaitOptions` and its optional fields, defaults, the CLI
 * flags and their help, and the plugin's schema and config keys. Adding a setting is one row here
 * plus its use (`tests/provider/pulumi/fieldSpec.unit.ts` walks every row through its uses).
 *
 * Each row's TSDoc comment and its `doc` string say the same thing: the comment is for editors,
 * `doc` for help text and the schema (`tests/provider/settings/settingTables.unit.ts` keeps them equal).
 */
import { MAX_TIMER_MS } from "../core/clock";

/** The value type of a setting; `integer` is a number that must be whole. */
export type SettingType = "string" | "number" | "integer" | "boolean";

/** What every row has. */
export interface SettingRow {
  /** The SDK argument and schema property name, e.g. `stableForSeconds`. */
  readonly name: string;
  readonly type: SettingType;
  /** The value used when the setting is given nowhere; absent when there is none. */
  readonly default?: string | number | boolean;
  /** The description users see (TSDoc, `--help`, the plugin schema), unless `docFor` words it for a surface. */
  readonly doc: string;
  /**
   * The wording for a surface where `doc` is untrue: `doc` speaks of the TypeScript SDK, whose
   * resources run in the dynamic-provider host; `plugin` goes to the plugin's schema (so to every
   * SDK generated from it), `cli` to `dcs-migration --help`.
   */
  readonly docFor?: { readonly plugin?: string; readonly cli?: string };
  /** Kept secret in state, never quoted in a message, never taken from a flag. */
  readonly secret: boolean;
  /** Key under the stack-config namespace: `huaweicloud:<configKey>` (the plugin: `dcs-migration:<configKey>`). */
  readonly configKey?: string;
  /** Environment variables read when neither an argument nor stack config sets it, in precedence order. */
  readonly env: readonly string[];
  /** The `dcs-migration` flag that sets it, e.g. `--stable-for`; absent when the CLI has none. */
  readonly flag?: string;
  /** The flag's value placeholder in `--help`, e.g. `DURATION`. */
  readonly placeholder?: string;
  /**
   * What a changed value does to a deployed resource, like pulumi-command's `replaceOnChanges`:
   * `replace` — another task or place, so another resource; `update` — how the task is reached or
   * waited for; `nothing` — not a resource input (stack config or environment only).
   */
  readonly onChange: "replace" | "update" | "nothing";
  /**
   * Recorded in the resources' outputs, so `read` (refresh) reaches the API the same way and
   * `diff` sees a change: `given` — the argument as passed; `effective` — the value resolved from
   * argument, stack config or environment, so moving it between them is no change. Every resource
   * input is recorded (`diff` compares outputs with inputs); absent for what is not an input.
   */
  readonly recorded?: "given" | "effective";
  /**
   * Part of the client's identity: two settings that differ in it never share a client
   * (`sharedClientKey`), because their requests differ.
   */
  readonly clientIdentity: boolean;
}

/** What a row's lifecycle may be: an input is recorded, and what is not an input changes nothing. */
export type Lifecycle =
  | { readonly onChange: "replace" | "update"; readonly recorded: "given" | "effective" }
  | { readonly onChange: "nothing"; readonly recorded?: undefined };

/** A connection or credential setting. */
export interface ConnectionSettingRow extends SettingRow {
  /** Required in every entry point (only `taskId`). */
  readonly required?: boolean;
  /**
   * Part of the credential group. Credentials are taken as a group from the first place that
   * has any; in the environment, position i of every credential row's `env` forms group i
   * (`HW_*`, then `HUAWEICLOUD_SDK_*`, then `OS_*`), so an access key is never paired with
   * another family's secret key.
   */
  readonly credential?: boolean;
  /** An example value for the "set one of them" hint, e.g. `cn-north-4`. */
  readonly example?: string;
  /**
   * The effective value this setting helps resolve (`region` and `cloud` build the endpoint):
   * `diff` compares that value, so a new region that leaves the endpoint as it is changes nothing.
   */
  readonly partOf?: "endpoint";
}

/** A wait option (`WaitForMigration` argument, `dcs-migration wait` flag). */
export interface WaitSettingRow extends SettingRow {
  readonly type: "number" | "integer" | "string";
  readonly flag: string;
  readonly placeholder: string;
  /** The flag takes a duration (`90`, `90s`, `15m`, `1h`) and the option is in seconds. */
  readonly duration?: boolean;
  /** What a flag value must look like, for the message refusing one that is not a number. */
  readonly flagValue?: string;
  /**
   * The rule a value breaks, phrased to follow "Expected X to be", or undefined when it is fine.
   * Runs after the type check; `name` renders another option's name the way the caller names it.
   */
  readonly validate?: (value: never, all: Readonly<Record<string, unknown>>, name: (option: string) => string) => string | undefined;
}

/** A {@link DcsClient} tunable. */
export interface ClientTunableRow extends SettingRow {
  readonly type: "integer";
  readonly default: number;
  /** Inclusive bounds. */
  readonly min: number;
  readonly max: number;
}

/** A field the resources output (and the data source returns, unless `resourceOnly`). */
export interface OutputFieldRow {
  readonly name: string;
  readonly type: SettingType;
  readonly doc: string;
  /** Recorded by the resources but not part of `GetMigrationStatsResult`. */
  readonly resourceOnly?: boolean;
}

/**
 * Longest duration any wait option may name. Far beyond any migration; what lies above it is a
 * unit mistake (milliseconds for seconds) or an attempt at "forever", which `timeoutSeconds` is not.
 */
export const MAX_DURATION_SECONDS = 365 * 86_400;

const durationRule =
  (min: "> 0" | ">= 0") =>
  (v: number): string | undefined =>
    (min === "> 0" ? v <= 0 : v < 0) ? min : v > MAX_DURATION_SECONDS ? `≤ ${MAX_DURATION_SECONDS} (one year)` : undefined;

// ---------------------------------------------------------------------------------------------
// Connection and credentials (FACTS.md §3: the names Huawei Cloud users already have)
// ---------------------------------------------------------------------------------------------

const CONNECTION_ROWS = {
  /** Id of the DCS online-migration task. */
  taskId: {
    onChange: "replace",
    recorded: "given",
    clientIdentity: false,
    type: "string",
    doc: "Id of the DCS online-migration task.",
    secret: false,
    env: [],
    flag: "--task-id",
    placeholder: "ID",
    required: true,
  },
  /** Project id (the `{project_id}` of the API path). */
  projectId: {
    onChange: "replace",
    recorded: "effective",
    clientIdentity: true,
    type: "string",
    doc: "Project id (the `{project_id}` of the API path).",
    secret: false,
    configKey: "projectId",
    env: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"],
    flag: "--project-id",
    placeholder: "ID",
    example: "<id>",
  },
  /** Region, e.g. `cn-north-4`; builds the endpoint `https://dcs.{region}.{cloud}`. */
  region: {
    onChange: "replace",
    recorded: "given",
    clientIdentity: false,
    partOf: "endpoint",
    type: "string",
    doc: "Region, e.g. `cn-north-4`; builds the endpoint `https://dcs.{region}.{cloud}`.",
    secret: false,
    configKey: "region",
    env: ["HW_REGION_NAME", "OS_REGION_NAME"],
    flag: "--region",
    placeholder: "REGION",
    example: "cn-north-4",
  },
  /** Cloud domain. @default "myhuaweicloud.com" */
  cloud: {
    onChange: "replace",
    recorded: "given",
    clientIdentity: false,
    partOf: "endpoint",
    type: "string",
    default: "myhuaweicloud.com",
    doc: "Cloud domain.",
    secret: false,
    configKey: "cloud",
    env: ["HW_CLOUD"],
    flag: "--cloud",
    placeholder: "DOMAIN",
  },
  /** Full DCS endpoint (scheme, host, port), e.g. a local emulator; overrides region and cloud. */
  endpoint: {
    onChange: "replace",
    recorded: "effective",
    clientIdentity: true,
    type: "string",
    doc: "Full DCS endpoint (scheme, host, port), e.g. a local emulator; overrides region and cloud.",
    secret: false,
    configKey: "dcsEndpoint",
    env: ["HW_DCS_ENDPOINT"],
    flag: "--endpoint",
    placeholder: "URL",
  },
  /** Access key id. */
  accessKey: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    type: "string",
    doc: "Access key id.",
    secret: false,
    configKey: "accessKey",
    env: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "OS_ACCESS_KEY"],
    credential: true,
  },
  /** Secret access key. Kept secret: encrypted in state, never shown. */
  secretKey: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    type: "string",
    doc: "Secret access key. Kept secret: encrypted in state, never shown.",
    secret: true,
    configKey: "secretKey",
    env: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "OS_SECRET_KEY"],
    credential: true,
  },
  /** Security token of temporary credentials. Kept secret. */
  securityToken: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    type: "string",
    doc: "Security token of temporary credentials. Kept secret.",
    secret: true,
    configKey: "securityToken",
    env: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
    credential: true,
  },
  /** IAM token, instead of an access key pair. Kept secret. */
  authToken: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    type: "string",
    doc: "IAM token, instead of an access key pair. Kept secret.",
    secret: true,
    configKey: "token",
    env: ["HW_AUTH_TOKEN"],
    credential: true,
  },
  /**
   * OIDC federation (as Huawei's SDKs do it): the IAM identity provider that trusts the CI system's
   * ID tokens. With `idTokenFile`, temporary keys are obtained from IAM and renewed before they expire.
   */
  idpId: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    credential: true,
    type: "string",
    doc: "OIDC federation (as Huawei's SDKs do it): the IAM identity provider that trusts the CI system's ID tokens. With `idTokenFile`, temporary keys are obtained from IAM and renewed before they expire.",
    secret: false,
    configKey: "idpId",
    env: ["HUAWEICLOUD_SDK_IDP_ID"],
  },
  /** OIDC federation: path of the file holding the ID token; read again at each renewal (CI refreshes it). The token itself is never stored. */
  idTokenFile: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    credential: true,
    type: "string",
    doc: "OIDC federation: path of the file holding the ID token; read again at each renewal (CI refreshes it). The token itself is never stored.",
    secret: false,
    configKey: "idTokenFile",
    env: ["HUAWEICLOUD_SDK_ID_TOKEN_FILE"],
  },
  /** OIDC federation: IAM endpoint that exchanges the ID token; `https://iam.{cloud}` when unset (`https://iam.myhuaweicloud.com`, Huawei's SDK default). */
  iamEndpoint: {
    onChange: "update",
    recorded: "given",
    // Part of the client's identity through the federated credential's identity digest (`Credentials.identity`).
    clientIdentity: false,
    type: "string",
    doc: "OIDC federation: IAM endpoint that exchanges the ID token; `https://iam.{cloud}` when unset (`https://iam.myhuaweicloud.com`, Huawei's SDK default).",
    secret: false,
    configKey: "iamEndpoint",
    env: ["HUAWEICLOUD_SDK_IAM_ENDPOINT"],
  },
  /** Allow plain `http://` to a host that is not loopback. @default false */
  allowInsecureHttp: {
    onChange: "update",
    recorded: "given",
    clientIdentity: true,
    type: "boolean",
    default: false,
    doc: "Allow plain `http://` to a host that is not loopback.",
    secret: false,
    env: [],
    flag: "--allow-insecure-http",
  },
} as const satisfies Record<string, Omit<ConnectionSettingRow, "name"> & Lifecycle>;

// ---------------------------------------------------------------------------------------------
// Wait options: what "complete" means and how long to wait for it (WaitForMigration, `wait`)
// ---------------------------------------------------------------------------------------------

const WAIT_ROWS = {
  /** Minimum `full_migration_progress` (percent) for completion. @default 100 */
  requiredProgress: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 100,
    doc: "Minimum `full_migration_progress` (percent) for completion.",
    secret: false,
    env: [],
    flag: "--required-progress",
    placeholder: "PERCENT",
    flagValue: "a percentage like 100 or 99.5",
    validate: (v: number) => (v <= 0 || v > 100 ? "> 0 and ≤ 100" : undefined),
  },
  /**
   * Key-count difference `|source − target|` accepted, in keys. The larger of this and the ratio
   * tolerance wins: live sources rarely reach exact equality (TTL keys expire on each side).
   * @default 0
   */
  keyCountTolerance: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "integer",
    default: 0,
    doc: "Key-count difference `|source − target|` accepted, in keys. The larger of this and the ratio tolerance wins: live sources rarely reach exact equality (TTL keys expire on each side).",
    secret: false,
    env: [],
    flag: "--key-tolerance",
    placeholder: "N",
    flagValue: "a whole number of keys like 0 or 50",
    validate: (v: number) => (v < 0 ? ">= 0" : !Number.isInteger(v) ? "a whole number of keys" : undefined),
  },
  /** Key-count difference accepted, as a fraction of the source keys (0.0001 = 1 key in 10 000). @default 0.0001 */
  keyCountToleranceRatio: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 0.0001,
    doc: "Key-count difference accepted, as a fraction of the source keys (0.0001 = 1 key in 10 000).",
    secret: false,
    env: [],
    flag: "--key-tolerance-ratio",
    placeholder: "R",
    flagValue: "a fraction like 0.0001",
    validate: (v: number) => (v < 0 || v > 1 ? "between 0 and 1" : undefined),
  },
  /** When set, the incremental `offset` must also be ≤ this decimal integer (compared exactly), e.g. `"0"`. */
  maxOffset: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "string",
    doc: 'When set, the incremental `offset` must also be ≤ this decimal integer (compared exactly), e.g. `"0"`.',
    secret: false,
    env: [],
    flag: "--max-offset",
    placeholder: "N",
    validate: (v: string) => (typeof v === "string" && /^\d+$/.test(v) ? undefined : 'a non-negative decimal integer string such as "0" or "1000"'),
  },
  /** How long every read must satisfy the criteria before the gate opens; 0 opens on the first. @default 30 */
  stableForSeconds: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 30,
    doc: "How long every read must satisfy the criteria before the gate opens; 0 opens on the first.",
    secret: false,
    env: [],
    flag: "--stable-for",
    placeholder: "DURATION",
    duration: true,
    validate: durationRule(">= 0"),
  },
  /** Fail as stalled when progress, key counts and offset have not moved for this long before completion. @default 600 */
  stallTimeoutSeconds: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 600,
    doc: "Fail as stalled when progress, key counts and offset have not moved for this long before completion.",
    secret: false,
    env: [],
    flag: "--stall-timeout",
    placeholder: "DURATION",
    duration: true,
    validate: durationRule("> 0"),
  },
  /**
   * Longest one wait takes (the dynamic-provider host ignores `customTimeouts`). On timeout the
   * resource is saved as not yet complete and the next `pulumi up` resumes the wait.
   * @default 3600
   */
  timeoutSeconds: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 3600,
    doc: "Longest one wait takes (the dynamic-provider host ignores `customTimeouts`). On timeout the resource is saved as not yet complete and the next `pulumi up` resumes the wait.",
    docFor: {
      plugin: "Longest one wait takes; a `customTimeouts` create/update deadline ends it sooner when earlier. On timeout the resource is saved as not yet complete and the next `pulumi up` resumes the wait.",
      cli: "Longest the wait takes; then the command exits with code 3 (timed out).",
    },
    secret: false,
    env: [],
    flag: "--timeout",
    placeholder: "DURATION",
    duration: true,
    validate: durationRule("> 0"),
  },
  /** Longest gap between two reads. @default 10 */
  pollIntervalSeconds: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 10,
    doc: "Longest gap between two reads.",
    secret: false,
    env: [],
    flag: "--poll-interval",
    placeholder: "DURATION",
    duration: true,
    validate: durationRule("> 0"),
  },
  /** Shortest gap between two reads (except the last read just before the deadline). @default 2 */
  minPollIntervalSeconds: {
    onChange: "update",
    recorded: "given",
    clientIdentity: false,
    type: "number",
    default: 2,
    doc: "Shortest gap between two reads (except the last read just before the deadline).",
    secret: false,
    env: [],
    flag: "--min-poll-interval",
    placeholder: "DURATION",
    duration: true,
    validate: (v: number, all: Readonly<Record<string, unknown>>, name: (option: string) => string) =>
      durationRule("> 0")(v) ??
      (typeof all["pollIntervalSeconds"] === "number" && v > all["pollIntervalSeconds"]
        ? `≤ ${name("pollIntervalSeconds")} (${all["pollIntervalSeconds"]})`
        : undefined),
  },
} as const satisfies Record<string, Omit<WaitSettingRow, "name"> & Lifecycle>;

// ---------------------------------------------------------------------------------------------
// Client tunables. The DCS API publishes no rate limit (FACTS.md §1); Huawei advises waiting
// 2–5 s after a throttled call, hence `throttleMinDelayMs`. AWS's standard retry mode (3
// attempts, capped full-jitter backoff, `Retry-After` honoured; FACTS.md §5) is the model; one
// more attempt rides out a gateway restart. Delays stop at MAX_TIMER_MS: Node clamps a longer
// timer to 1 ms (TimeoutOverflowWarning), so a huge delay would retry at once.
// ---------------------------------------------------------------------------------------------

const CLIENT_TUNABLE_ROWS = {
  /**
   * Retries of a read after its first attempt, for transient failures only (429, 5xx, resets);
   * named after the Huawei Cloud Terraform and Pulumi providers' `max_retries`.
   * @default 3
   */
  maxRetries: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 3,
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    doc: "Retries of a read after its first attempt, for transient failures only (429, 5xx, resets); named after the Huawei Cloud Terraform and Pulumi providers' `max_retries`.",
    secret: false,
    configKey: "maxRetries",
    env: ["HW_MAX_RETRIES"],
  },
  /** Backoff base in ms: retry n waits random(0, min(maxDelayMs, baseDelayMs·2^(n−1))). @default 500 */
  baseDelayMs: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 500,
    min: 0,
    max: MAX_TIMER_MS,
    doc: "Backoff base in ms: retry n waits random(0, min(maxDelayMs, baseDelayMs·2^(n−1))).",
    secret: false,
    env: [],
  },
  /** Cap of one backoff delay, in ms. @default 10000 */
  maxDelayMs: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 10_000,
    min: 0,
    max: MAX_TIMER_MS,
    doc: "Cap of one backoff delay, in ms.",
    secret: false,
    env: [],
  },
  /** Cap of a server-requested `Retry-After`, in ms. @default 30000 */
  maxRetryAfterMs: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 30_000,
    min: 0,
    max: MAX_TIMER_MS,
    doc: "Cap of a server-requested `Retry-After`, in ms.",
    secret: false,
    env: [],
  },
  /** Least wait after a 429 that carries no `Retry-After`, in ms (Huawei advises 2–5 s). @default 2000 */
  throttleMinDelayMs: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 2_000,
    min: 0,
    max: MAX_TIMER_MS,
    doc: "Least wait after a 429 that carries no `Retry-After`, in ms (Huawei advises 2–5 s).",
    secret: false,
    env: [],
  },
  /** Time limit of one attempt (connect, headers and body), in ms. @default 10000 */
  requestTimeoutMs: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 10_000,
    min: 1,
    max: MAX_TIMER_MS,
    doc: "Time limit of one attempt (connect, headers and body), in ms.",
    secret: false,
    env: [],
  },
  /** Requests one client keeps in flight at once; more wait for a slot. @default 16 */
  maxConcurrentRequests: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 16,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    doc: "Requests one client keeps in flight at once; more wait for a slot.",
    secret: false,
    env: [],
  },
  /** Largest response body read, in bytes; larger ones are refused without being buffered. @default 1048576 */
  maxResponseBytes: {
    onChange: "nothing",
    clientIdentity: true,
    type: "integer",
    default: 1_048_576,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    doc: "Largest response body read, in bytes; larger ones are refused without being buffered.",
    secret: false,
    env: [],
  },
} as const satisfies Record<string, Omit<ClientTunableRow, "name"> & Lifecycle>;

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

const STATS_OUTPUT_ROWS = {
  /** Id of the migration task read. */
  taskId: { type: "string", doc: "Id of the migration task read." },
  /** The project the task was read from (argument, stack config or environment). */
  projectId: { type: "string", doc: "The project the task was read from (argument, stack config or environment)." },
  /** Full-migration progress, 0–100. */
  fullMigrationProgress: { type: "number", doc: "Full-migration progress, 0–100." },
  /** Incremental-migration offset as a decimal string: exact even beyond 2^53. */
  offset: { type: "string", doc: "Incremental-migration offset as a decimal string: exact even beyond 2^53." },
  /** Keys in the source. */
  sourceDbsize: { type: "number", doc: "Keys in the source." },
  /** Keys in the target. */
  targetDbsize: { type: "number", doc: "Keys in the target." },
  /** `sourceDbsize − targetDbsize`; negative when the target holds extra keys. */
  keyDelta: { type: "number", doc: "`sourceDbsize − targetDbsize`; negative when the target holds extra keys." },
  /** Input rate of the target, in kbit/s. */
  targetInputKbps: { type: "number", doc: "Input rate of the target, in kbit/s." },
  /** Operations per second on the target. */
  targetOps: { type: "number", doc: "Operations per second on the target." },
  /** Whether the task is still migrating (`is_migrating`). */
  isMigrating: { type: "boolean", doc: "Whether the task is still migrating (`is_migrating`)." },
  /** ISO-8601 time the response arrived. */
  observedAt: { type: "string", doc: "ISO-8601 time the response arrived." },
  /** The DCS endpoint used, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`. */
  endpoint: { type: "string", doc: "The DCS endpoint used, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`.", resourceOnly: true },
  /**
   * The task's own status as last read (ShowMigrationTask), e.g. `FULLMIGRATING`, `INCRMIGEATING`, `FAILED`; empty when it could not be read (a policy that allows only the stats).
   */
  status: {
    type: "string",
    doc: "The task's own status as last read (ShowMigrationTask), e.g. `FULLMIGRATING`, `INCRMIGEATING`, `FAILED`; empty when it could not be read (a policy that allows only the stats).",
    resourceOnly: true,
  },
} as const satisfies Record<string, Omit<OutputFieldRow, "name">>;

const WAIT_OUTPUT_ROWS = {
  /** True: the gate opened (a resource whose wait timed out is not complete and fails the update). */
  completed: { type: "boolean", doc: "True: the gate opened (a resource whose wait timed out is not complete and fails the update)." },
  /** Seconds waited, resumed attempts included. */
  waitedSeconds: { type: "number", doc: "Seconds waited, resumed attempts included." },
  /** Stats reads made, resumed attempts included. */
  polls: { type: "integer", doc: "Stats reads made, resumed attempts included." },
  /** ISO-8601 time the first wait started. */
  startedAt: { type: "string", doc: "ISO-8601 time the first wait started." },
  /** ISO-8601 time the gate opened; empty while not complete. */
  completedAt: { type: "string", doc: "ISO-8601 time the gate opened; empty while not complete." },
} as const satisfies Record<string, Omit<OutputFieldRow, "name">>;

// ---------------------------------------------------------------------------------------------
// Derived: rows as arrays, and the TypeScript types of the values
// ---------------------------------------------------------------------------------------------

/** A table as an array in declaration order: the generic row type, with the table's names. */
type Rows<Row, T> = ReadonlyArray<Row & { readonly name: keyof T & string }>;

function rows<Row, T extends Record<string, object>>(table: T): Rows<Row, T> {
  return Object.freeze(Object.entries(table).map(([name, row]) => Object.freeze({ name, ...row }))) as Rows<Row, T>;
}

/** The TypeScript type of a row's value. */
export type ValueOf<R> = R extends { readonly type: "boolean" } ? boolean : R extends { readonly type: "string" } ? string : number;

/** A table's values, every one present; homomorphic, so each key keeps the row's TSDoc. */
export type ValuesOf<T> = { readonly [K in keyof T]: ValueOf<T[K]> };

export const CONNECTION_SETTINGS = rows<ConnectionSettingRow, typeof CONNECTION_ROWS>(CONNECTION_ROWS);
export const WAIT_SETTINGS = rows<WaitSettingRow, typeof WAIT_ROWS>(WAIT_ROWS);
export const CLIENT_TUNABLE_SETTINGS = rows<ClientTunableRow, typeof CLIENT_TUNABLE_ROWS>(CLIENT_TUNABLE_ROWS);
export const STATS_OUTPUT_FIELDS = rows<OutputFieldRow, typeof STATS_OUTPUT_ROWS>(STATS_OUTPUT_ROWS);
export const WAIT_OUTPUT_FIELDS = rows<OutputFieldRow, typeof WAIT_OUTPUT_ROWS>(WAIT_OUTPUT_ROWS);

export type ConnectionTable = typeof CONNECTION_ROWS;
export type WaitTable = typeof WAIT_ROWS;
export type ClientTunableTable = typeof CLIENT_TUNABLE_ROWS;
export type StatsOutputTable = typeof STATS_OUTPUT_ROWS;
/** The stats outputs only the resources record (not part of `GetMigrationStatsResult`). */
export type ResourceOnlyOutputName = { [K in keyof StatsOutputTable]: StatsOutputTable[K] extends { resourceOnly: true } ? K : never }[keyof StatsOutputTable];
export type WaitOutputTable = typeof WAIT_OUTPUT_ROWS;

export type ConnectionSettingName = keyof ConnectionTable;
export type WaitOptionName = keyof WaitTable;
export type ClientTunableName = keyof ClientTunableTable;

/** Names of a table's rows whose `key` is `value` (e.g. every row with `onChange: "replace"`). */
export type NamesWhere<T, Key extends string, Value> = { [K in keyof T]: T[K] extends { readonly [P in Key]: Value } ? K : never }[keyof T] & string;

/** Names of a table's rows with a default. */
export type DefaultedName<T> = { [K in keyof T]: T[K] extends { readonly default: string | number | boolean } ? K : never }[keyof T] & string;

/**
 * A table's values once defaults are applied: a row with a default is always there, a row without
 * one is optional — optionality is "no default", never written by hand. Built from `Pick` (which is
 * homomorphic), so each key keeps its row's TSDoc.
 */
export type ResolvedValuesOf<T> = Pick<ValuesOf<T>, DefaultedName<T>> & Partial<Pick<ValuesOf<T>, Exclude<keyof T, DefaultedName<T>>>>;

/** The defaults of a table, by name. */
export type DefaultsOf<T> = Pick<ValuesOf<T>, DefaultedName<T>>;

/** The defaults of a table's rows, by name: only rows that have one. */
export function defaultsOf<T>(table: Rows<SettingRow, T>): Readonly<DefaultsOf<T>> {
  const entries = table.flatMap((r) => (r.default === undefined ? [] : [[r.name, r.default] as const]));
  return Object.freeze(Object.fromEntries(entries)) as DefaultsOf<T>;
}

/** Connection settings recorded as the effective value (resolved from argument, stack config or environment). */
export type EffectiveSettingName = NamesWhere<ConnectionTable, "recorded", "effective">;
/** Connection settings recorded as given. */
export type GivenSettingName = NamesWhere<ConnectionTable, "recorded", "given">;
/** Connection settings whose change replaces the resource. */
export type ReplacingSettingName = NamesWhere<ConnectionTable, "onChange", "replace">;
/** Connection settings that are part of a client's identity. */
export type ClientIdentitySettingName = NamesWhere<ConnectionTable, "clientIdentity", true>;

/** The rows of a table whose `key` is `value`, in table order. */
export function rowsWhere<R extends SettingRow, K extends keyof R>(table: ReadonlyArray<R>, key: K, value: R[K]): ReadonlyArray<R> {
  return Object.freeze(table.filter((r) => r[key] === value));
}

/** Names of the connection settings that are credentials, in table order. */
export type CredentialName = { [K in ConnectionSettingName]: ConnectionTable[K] extends { credential: true } ? K : never }[ConnectionSettingName];

/** Names of the connection settings kept secret. */
export type SecretSettingName = { [K in ConnectionSettingName]: ConnectionTable[K] extends { secret: true } ? K : never }[ConnectionSettingName];

/** The names of a table's rows, in declaration order. */
export const namesOf = <R extends { readonly name: string }>(table: ReadonlyArray<R>): ReadonlyArray<R["name"]> =>
  Object.freeze(table.map((r) => r.name));

/** Every connection setting kept secret. */
export const SECRET_SETTING_NAMES = Object.freeze(
  CONNECTION_SETTINGS.filter((r) => r.secret).map((r) => r.name),
) as ReadonlyArray<SecretSettingName>;

/** Whether a connection setting (or any input name) is kept secret. */
export const isSecretSetting = (name: string): name is SecretSettingName => (SECRET_SETTING_NAMES as readonly string[]).includes(name);

/** The row of a table by name. */
export function rowOf<R extends { readonly name: string }>(table: ReadonlyArray<R>, name: string): R | undefined {
  return table.find((r) => r.name === name);
}
