import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { compact, isSecretKey, SECRET_KEYS, type ResourceInputs } from "./resourceInputs";
import type { ClientSettings } from "../settings/settings";
import { STATS_OUTPUT_FIELDS, type SettingType, type StatsOutputTable, type ValuesOf } from "../settings/settingTables";
import type { WaitOptions } from "../waiter/waitDefaults";
import { markSecret, unwrapSecret } from "./wireValues";

/**
 * What both resources record in state besides the stats. The connection echoes the inputs
 * (so `read` on refresh can reach the API with the same arguments), except `projectId` and
 * `endpoint`, which hold the effective values (from arguments, stack config or environment),
 * so that `diff` sees a task move even when only the stack config changed.
 */
export type ConnectionOutputs = {
  readonly taskId: string;
  readonly projectId: string;
  readonly endpoint: string;
  readonly region?: string;
  readonly cloud?: string;
  readonly accessKey?: string;
  /** OIDC federation settings passed as arguments (none is a secret: the ID token stays in its file). */
  readonly idpId?: string;
  readonly idTokenFile?: string;
  readonly iamEndpoint?: string;
  readonly allowInsecureHttp?: boolean;
  /** Present only when passed as an argument; always a secret. */
  readonly secretKey?: unknown;
  readonly securityToken?: unknown;
  readonly authToken?: unknown;
};

/** The task's own status as last read (a row of `STATS_OUTPUT_FIELDS` that only the resources record). */
export type TaskStatusOutputs = Pick<ValuesOf<StatsOutputTable>, "status">;

export type MigrationStatsOutputs = ConnectionOutputs & GetMigrationStatsResult & TaskStatusOutputs;

/** Outputs of a `WaitForMigration`, complete or (after a timeout) not yet. */
export type WaitForMigrationOutputs = ConnectionOutputs &
  Partial<GetMigrationStatsResult> &
  Partial<TaskStatusOutputs> &
  Partial<WaitOptions> & {
    /** True once the gate opened; false while a timed-out wait awaits its resume. */
    readonly completed: boolean;
    /** Seconds waited, all attempts together. */
    readonly waitedSeconds: number;
    /** Stats reads, all attempts together. */
    readonly polls: number;
    /** ISO-8601 time the first attempt started. */
    readonly startedAt: string;
    /** ISO-8601 time the gate opened; empty while not complete. */
    readonly completedAt: string;
  };

/** The connection part of the outputs; credentials passed as arguments are marked secret on the wire. */
export function connectionOutputs(inputs: ResourceInputs, settings: Pick<ClientSettings, "projectId" | "endpoint">): ConnectionOutputs {
  const c = inputs.connection;
  const secrets: Record<string, unknown> = {};
  for (const key of SECRET_KEYS) {
    const value = c[key];
    if (value !== undefined && value !== null) secrets[key] = markSecret(value);
  }
  return compact({
    taskId: inputs.taskId,
    projectId: settings.projectId,
    endpoint: settings.endpoint,
    region: c.region,
    cloud: c.cloud,
    accessKey: c.accessKey,
    idpId: c.idpId,
    idTokenFile: c.idTokenFile,
    iamEndpoint: c.iamEndpoint,
    allowInsecureHttp: c.allowInsecureHttp,
    ...secrets,
  } satisfies ConnectionOutputs);
}

/** Stored outputs read back as inputs of the same shape (used by `read`, which only sees outputs). */
export function remarkSecrets<T extends object>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = isSecretKey(key) && value !== undefined && value !== null ? markSecret(unwrapSecret(value)) : value;
  }
  return out as T;
}

/** The waiter options as given (not defaulted), so a later change is visible to `diff`. */
export function waitOptionOutputs(inputs: ResourceInputs): Partial<WaitOptions> {
  return compact({ ...inputs.waitOptions });
}

/** The fields of `GetMigrationStatsResult`, from the table. */
const STATS_FIELDS = STATS_OUTPUT_FIELDS.filter((f) => f.resourceOnly !== true);

/** The stats as plain output fields. */
export function statsOutputs(stats: GetMigrationStatsResult): GetMigrationStatsResult {
  const out: Record<string, unknown> = {};
  for (const { name } of STATS_FIELDS) out[name] = stats[name as keyof GetMigrationStatsResult];
  return out as GetMigrationStatsResult;
}

const hasType = (value: unknown, type: SettingType): boolean =>
  type === "string" || type === "boolean" ? typeof value === type : typeof value === "number" && Number.isFinite(value);

/** The stats recorded in earlier outputs, if a complete set is there (a wait that never read any has none). */
export function statsFromOutputs(values: Readonly<Record<string, unknown>>): GetMigrationStatsResult | undefined {
  if (!STATS_FIELDS.every((f) => hasType(values[f.name], f.type))) return undefined;
  const out: Record<string, unknown> = {};
  for (const { name } of STATS_FIELDS) out[name] = values[name];
  return out as unknown as GetMigrationStatsResult;
}

/** `${projectId}/${taskId}`: the id both resources get; identifies the task, not a cloud object they own. */
export function resourceId(projectId: string, taskId: string): string {
  return `${projectId}/${taskId}`;
}
