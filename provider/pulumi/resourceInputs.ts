import { isConfigurationError } from "../core/errors";
import type { ConnectionArgs } from "../settings/settings";
import { settingRule } from "../settings/settingRule";
import { validatePathId } from "../settings/validatePathId";
import { CONNECTION_SETTINGS, isSecretSetting, namesOf, SECRET_SETTING_NAMES, WAIT_SETTINGS, type SecretSettingName } from "../settings/settingTables";
import { resolveWaitOptions, type WaitOptions } from "../waiter/waitDefaults";
import { isUnknown, unwrapSecret } from "./wireValues";

/**
 * The inputs of `MigrationStats` and `WaitForMigration` as the dynamic provider receives them:
 * plain JSON (secrets arrive unwrapped or as secret wrappers, FACTS.md §4), any value possibly
 * the unknown marker during preview. {@link decodeInputs} turns them into {@link ResourceInputs}
 * once; nothing else reads them by key.
 */
export type WireInputs = Readonly<Record<string, unknown>>;

/** The inputs of either resource, decoded and typed. */
export interface ResourceInputs {
  readonly taskId: string;
  readonly connection: ConnectionArgs;
  /** The wait options set (`WaitForMigration`); unset ones are left to `WAIT_DEFAULTS`. */
  readonly waitOptions: Partial<WaitOptions>;
  /** URN of the resource, computed by the SDK; ties progress lines to it in `pulumi up`. */
  readonly urn: string | undefined;
}

/**
 * Decodes inputs (or stored outputs, which echo them) once. `check` has refused bad values
 * already, so a failure here is a state written by something else.
 *
 * @throws ConfigurationError naming the input.
 */
export function decodeInputs(values: WireInputs): ResourceInputs {
  const urn = values["__urn"];
  return {
    taskId: validatePathId("taskId", unwrapSecret(values["taskId"])),
    connection: connectionArgsOf(values),
    waitOptions: waitOptionsOf(values),
    urn: typeof urn === "string" ? urn : undefined,
  };
}

/** String inputs that name where the task lives or how to reach it: the string rows of `CONNECTION_SETTINGS` but `taskId`. */
export const CONNECTION_STRING_KEYS = Object.freeze(
  CONNECTION_SETTINGS.filter((r) => r.type === "string" && r.name !== "taskId").map((r) => r.name),
) as ReadonlyArray<Exclude<keyof ConnectionArgs, "allowInsecureHttp">>;

/** Every connection input but `taskId` (which `decodeInputs` keeps apart), in table order. */
const CONNECTION_INPUT_ROWS = Object.freeze(CONNECTION_SETTINGS.filter((r) => r.name !== "taskId"));

/** The names of {@link CONNECTION_INPUT_ROWS}: what `ConnectionArgs` holds. */
export const CONNECTION_INPUT_KEYS = namesOf(CONNECTION_INPUT_ROWS) as ReadonlyArray<keyof ConnectionArgs>;

/** Inputs that are credentials: kept secret in state and never quoted in a message. */
export const SECRET_KEYS = SECRET_SETTING_NAMES;

/** Every waiter option, in table order. */
export const WAIT_OPTION_KEYS = namesOf(WAIT_SETTINGS);

export type SecretKey = SecretSettingName;

export const isSecretKey = isSecretSetting;

/** A Pulumi check failure; `property` empty when the problem is not one input's value. */
export interface InputFailure {
  readonly property: string;
  readonly reason: string;
}

/** The connection arguments of a set of inputs (or of stored outputs, which echo them). */
export function connectionArgsOf(values: Readonly<Record<string, unknown>>): ConnectionArgs {
  const args: Record<string, unknown> = {};
  for (const key of CONNECTION_INPUT_KEYS) {
    const value = unwrapSecret(values[key]);
    if (value !== undefined && value !== null) args[key] = value;
  }
  return args as ConnectionArgs;
}

/** The waiter options set in a set of inputs; unset ones are left to {@link WAIT_DEFAULTS}. */
export function waitOptionsOf(values: Readonly<Record<string, unknown>>): Partial<WaitOptions> {
  const options: Record<string, unknown> = {};
  for (const key of WAIT_OPTION_KEYS) {
    const value = values[key];
    if (value !== undefined && value !== null) options[key] = value;
  }
  return options as Partial<WaitOptions>;
}

/** Whether any of `keys` holds the preview-time unknown marker. */
export function anyUnknown(values: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  return keys.some((key) => isUnknown(values[key]));
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

/**
 * Validates the inputs of either resource without reading anything remote. Values still
 * unknown (preview) are skipped. Secret inputs are named but never quoted.
 */
export function validateInputs(
  news: Readonly<Record<string, unknown>>,
  withWaitOptions: boolean,
): InputFailure[] {
  const failures: InputFailure[] = [];
  const taskId = news["taskId"];
  if (!isUnknown(taskId)) {
    try {
      validatePathId("taskId", taskId);
    } catch (e) {
      if (!isConfigurationError(e)) throw e;
      failures.push({ property: "taskId", reason: e.message });
    }
  }
  for (const row of CONNECTION_INPUT_ROWS) {
    const value = unwrapSecret(news[row.name]);
    if (value === null || isUnknown(value)) continue;
    const rule = settingRule(row, value);
    if (rule === undefined) continue;
    const secret = isSecretKey(row.name);
    const reason = `Expected \`${row.name}\` to be ${rule}, got ${describeType(value)}` + (secret ? "." : ` ${JSON.stringify(value)}.`);
    // A property name makes the engine print the stored value next to the reason; keep credentials out of it.
    failures.push({ property: secret ? "" : row.name, reason });
  }
  if (withWaitOptions && !anyUnknown(news, WAIT_OPTION_KEYS)) {
    try {
      resolveWaitOptions(waitOptionsOf(news));
    } catch (e) {
      if (!isConfigurationError(e)) throw e;
      failures.push({ property: e.field ?? "", reason: e.message });
    }
  }
  return failures;
}

/**
 * Drops undefined and null members: the wire format (protobuf Struct) cannot carry `undefined`.
 * The type stays `T`: only absent optional members go.
 */
export function compact<T extends object>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out as T;
}
