import type { StatsFields, StatsWireField } from "./statsFields";

/**
 * How a task writes its numeric fields. The API page's table types them as String
 * while its own example sends numbers (FACTS.md §1), so a client must accept both;
 * each emulated task picks one so both paths get exercised.
 */
export type FieldFormat = "number" | "string";

export const FIELD_FORMATS: readonly FieldFormat[] = ["number", "string"];

/** A field replaced by an arbitrary JSON value, for the `malformed` fault. */
export interface FieldOverride {
  readonly field: StatsWireField | string;
  readonly value?: unknown;
}

/**
 * The 200 body of the stats call. Built by hand rather than through an object and
 * `JSON.stringify` because it sits on the hot path measured by
 * bench/emulatorThroughput.ts; the output is the same JSON.
 */
export function renderStatsBody(fields: StatsFields, format: FieldFormat, override?: FieldOverride): string {
  if (override !== undefined) return renderWithOverride(fields, format, override);
  const q = format === "string" ? '"' : "";
  return (
    `{"full_migration_progress":${q}${num(fields.fullMigrationProgress)}${q},` +
    `"offset":${q}${num(fields.offset)}${q},` +
    `"source_dbsize":${q}${num(fields.sourceDbsize)}${q},` +
    `"target_dbsize":${q}${num(fields.targetDbsize)}${q},` +
    `"target_input_kbps":${q}${num(fields.targetInputKbps)}${q},` +
    `"target_ops":${q}${num(fields.targetOps)}${q},` +
    `"is_migrating":${fields.isMigrating ? "true" : "false"}}`
  );
}

/** The body as a wire object (same values as {@link renderStatsBody}). */
export function statsWireObject(fields: StatsFields, format: FieldFormat): Record<string, unknown> {
  const v = format === "string" ? (n: number): unknown => num(n) : (n: number): unknown => n;
  return {
    full_migration_progress: v(fields.fullMigrationProgress),
    offset: v(fields.offset),
    source_dbsize: v(fields.sourceDbsize),
    target_dbsize: v(fields.targetDbsize),
    target_input_kbps: v(fields.targetInputKbps),
    target_ops: v(fields.targetOps),
    is_migrating: fields.isMigrating,
  };
}

function renderWithOverride(fields: StatsFields, format: FieldFormat, override: FieldOverride): string {
  const wire = statsWireObject(fields, format);
  if (override.value === undefined) {
    delete wire[override.field];
  } else {
    wire[override.field] = override.value;
  }
  return JSON.stringify(wire);
}

/** Non-finite values cannot appear in JSON; they never come out of a timeline, but guard the wire anyway. */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : "0";
}
