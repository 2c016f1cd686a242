import { EmulatorInputError } from "./inputError";

/**
 * Readers for untrusted JSON (control-API bodies, CLI flags turned into objects).
 * Each names the field and the value it got, so a 400 says exactly what to fix:
 * "Expected `timeScale` to be > 0, got -1".
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 80) + "…" : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

export function expectObject(value: unknown, field: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be a JSON object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

/** Rejects keys not in `allowed`, so a typo (`durationMS`) is not silently ignored. */
export function expectOnlyKeys(obj: JsonObject, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = field === "" ? "" : ` in \`${field}\``;
      throw new EmulatorInputError(
        field === "" ? key : `${field}.${key}`,
        `Unknown field \`${key}\`${where}; expected one of ${allowed.map((k) => `\`${k}\``).join(", ")}`,
      );
    }
  }
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Strictly greater than `min`. */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
}

export function expectNumber(value: unknown, field: string, rule: NumberRule = {}): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be a finite number, got ${describe(value)}`);
  }
  if (rule.integer === true && !Number.isInteger(value)) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be an integer, got ${value}`);
  }
  if (rule.min !== undefined) {
    if (rule.exclusiveMin === true ? value <= rule.min : value < rule.min) {
      const op = rule.exclusiveMin === true ? ">" : ">=";
      throw new EmulatorInputError(field, `Expected \`${field}\` to be ${op} ${rule.min}, got ${value}`);
    }
  }
  if (rule.max !== undefined && value > rule.max) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be <= ${rule.max}, got ${value}`);
  }
  return value;
}

export function optionalNumber(value: unknown, field: string, rule: NumberRule = {}): number | undefined {
  return value === undefined ? undefined : expectNumber(value, field, rule);
}

export function expectString(value: unknown, field: string, pattern?: { re: RegExp; what: string }): string {
  if (typeof value !== "string") {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be a string, got ${describe(value)}`);
  }
  if (pattern !== undefined && !pattern.re.test(value)) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be ${pattern.what}, got ${describe(value)}`);
  }
  return value;
}

export function expectBoolean(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be true or false, got ${describe(value)}`);
  }
  return value;
}

export function expectOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new EmulatorInputError(
      field,
      `Expected \`${field}\` to be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`,
    );
  }
  return value as T;
}

export function expectArray(value: unknown, field: string, maxLength: number): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to be an array, got ${describe(value)}`);
  }
  if (value.length > maxLength) {
    throw new EmulatorInputError(field, `Expected \`${field}\` to hold at most ${maxLength} items, got ${value.length}`);
  }
  return value;
}
