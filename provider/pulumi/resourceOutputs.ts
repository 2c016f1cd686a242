import type { GetMigrationStatsResult } from "../dcs/migrationStats";
import { compact, isSecretKey, type ResourceInputs } from "./resourceInputs";
import type { ClientSettings, ConnectionArgs } from "../settings/settings";
import {
  CONNECTION_SETTINGS,
  STATS_OUTPUT_FIELDS,
  WAIT_SETTINGS,
  type ConnectionTable,
  type EffectiveSettingName,
  type GivenSettingName,
  type SecretSettingName,
  type SettingType,
  type StatsOutputTable,
  type ValueOf,
  type ValuesOf,
  type WaitOutputTable,
} from "../settings/settingTables";
import type { WaitOptions } from "../waiter/waitDefaults";
import { markSecret, unwrapSecret } from "./wireValues";

/**
 * What both resources record in state besides the stats: every connection row with `recorded`.
 * `given` rows echo the arguments (so `read` on refresh reaches the API with the same ones);
 * `effective` rows (`projectId`, `endpoint`) hold the resolved values (from arguments, stack
 * config or environment), so that `diff` sees a task move even when only the stack config changed.
 * Required: `taskId` and the effective values; the rest only when passed. Credentials are secrets
 * on the wire, hence `unknown`.
 */
export type ConnectionOutputs = { readonly [K in "taskId" | EffectiveSettingName]: string } & {
  readonly [K in Exclude<GivenSettingName, "taskId" | SecretSettingName>]?: ValueOf<ConnectionTable[K]>;
} & { readonly [K in Extract<GivenSettingName, SecretSettingName>]?: unknown };

/** The task's own status as last read (a row of `STATS_OUTPUT_FIELDS` that only the resources record). */
export type TaskStatusOutputs = Pick<ValuesOf<StatsOutputTable>, "status">;

export type MigrationStatsOutputs = ConnectionOutputs & GetMigrationStatsResult & TaskStatusOutputs;

/** The wait's own outputs: one per row of `WAIT_OUTPUT_FIELDS`, each with its row's TSDoc. */
export type Verdict = ValuesOf<WaitOutputTable>;

/** Outputs of a `WaitForMigration`, complete or (after a timeout) not yet. */
export type WaitForMigrationOutputs = ConnectionOutputs &
  Partial<GetMigrationStatsResult> &
  Partial<TaskStatusOutputs> &
  Partial<WaitOptions> &
  Verdict;

/** Rows recorded as given, but `taskId` (which `decodeInputs` keeps apart). */
const GIVEN_ROWS = CONNECTION_SETTINGS.filter((r) => r.recorded === "given" && r.name !== "taskId");
/** Rows recorded as their effective value (the filter cannot narrow the names; the type says the same). */
const EFFECTIVE_KEYS = CONNECTION_SETTINGS.filter((r) => r.recorded === "effective").map((r) => r.name) as ReadonlyArray<EffectiveSettingName>;

/**
 * The names of the outputs that echo a connection input or a wait option: rebuilt from the new
 * inputs when a completed wait is updated.
 */
export const ECHOED_OUTPUT_KEYS: ReadonlySet<string> = new Set([
  ...CONNECTION_SETTINGS.filter((r) => r.recorded !== undefined && r.name !== "taskId").map((r) => r.name),
  ...WAIT_SETTINGS.filter((r) => r.recorded !== undefined).map((r) => r.name),
]);

/** The connection part of the outputs; credentials passed as arguments are marked secret on the wire. */
export function connectionOutputs(inputs: ResourceInputs, settings: Pick<ClientSettings, EffectiveSettingName>): ConnectionOutputs {
  const out: Record<string, unknown> = { taskId: inputs.taskId };
  for (const key of EFFECTIVE_KEYS) out[key] = settings[key];
  for (const row of GIVEN_ROWS) {
    const value = inputs.connection[row.name as keyof ConnectionArgs];
    if (value !== undefined && value !== null) out[row.name] = row.secret ? markSecret(value) : value;
  }
  return out as ConnectionOutputs;
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
  return out as GetMigrationStatsResult;
}

/** `${projectId}/${taskId}`: the id both resources get; identifies the task, not a cloud object they own. */
export function resourceId(projectId: string, taskId: string): string {
  return `${projectId}/${taskId}`;
}
