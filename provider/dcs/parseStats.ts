import { quote } from "../core/quote";
import { ResponseFormatError } from "./apiErrors";
import { JsonNumberText } from "../core/losslessJson";
import type { GetMigrationStatsResult } from "./migrationStats";

/** Where a body came from, for the result and for error messages. */
export interface ParseStatsContext {
  readonly taskId: string;
  readonly projectId: string;
  /** ISO-8601 time the response arrived. */
  readonly observedAt: string;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
}

/**
 * Normalizes a ShowMigrationTaskStats body. The API page types every field as
 * String while its example sends numbers (FACTS.md §1), so both are accepted; any
 * value that cannot be read exactly is refused with the field and the value, never
 * guessed or defaulted.
 *
 * @param body the parsed JSON; use {@link parseLosslessJson} so offsets beyond 2^53 stay exact.
 * @throws ResponseFormatError naming the field and quoting the value.
 */
export function parseStats(body: unknown, ctx: ParseStatsContext): GetMigrationStatsResult {
  const where = describe(ctx);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ResponseFormatError(
      `The stats response is not a JSON object (${where}): got ${quote(body, 64)}. The endpoint may not be the DCS API; check it, and report the request id if it is.`,
      { status: ctx.status, requestId: ctx.requestId },
    );
  }
  const record = body as Record<string, unknown>;
  const field = (name: string): FieldReader => new FieldReader(name, record[name], name in record, where, ctx);
  const sourceDbsize = field("source_dbsize").count();
  const targetDbsize = field("target_dbsize").count();
  return {
    taskId: ctx.taskId,
    projectId: ctx.projectId,
    fullMigrationProgress: field("full_migration_progress").percent(),
    offset: field("offset").decimalInteger(),
    sourceDbsize,
    targetDbsize,
    keyDelta: sourceDbsize - targetDbsize,
    targetInputKbps: field("target_input_kbps").rate(),
    targetOps: field("target_ops").rate(),
    isMigrating: field("is_migrating").boolean(),
    observedAt: ctx.observedAt,
  };
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

class FieldReader {
  constructor(
    private readonly name: string,
    private readonly value: unknown,
    private readonly present: boolean,
    private readonly where: string,
    private readonly ctx: ParseStatsContext,
  ) {}

  /** 0–100 from 100, "100", "99.5" or "100%". */
  percent(): number {
    const text = this.text("a percentage from 0 to 100 (like 100, \"99.5\" or \"100%\")", (s) => s.replace(/\s*%$/, ""));
    const n = Number(text);
    if (!DECIMAL.test(text) || !Number.isFinite(n)) this.fail("a percentage from 0 to 100 (like 100, \"99.5\" or \"100%\")");
    if (n > 100) this.fail("a percentage from 0 to 100", "it is above 100");
    return n;
  }

  /** Non-negative integer as exact decimal digits, however large. */
  decimalInteger(): string {
    const expected = "a non-negative integer (decimal digits)";
    if (this.value instanceof JsonNumberText) {
      if (!INTEGER.test(this.value.text)) this.fail(expected);
      return BigInt(this.value.text).toString();
    }
    if (typeof this.value === "number" && !Number.isSafeInteger(this.value)) {
      this.fail(expected, Number.isInteger(this.value) ? "it is beyond 2^53 and would be rounded" : undefined);
    }
    const text = this.text(expected);
    if (!INTEGER.test(text)) this.fail(expected);
    return BigInt(text).toString();
  }

  /** Non-negative safe integer (a key count). */
  count(): number {
    const expected = "a non-negative whole key count";
    if (this.value instanceof JsonNumberText) this.fail(expected, "it is beyond 2^53");
    const text = this.text(expected);
    if (!INTEGER.test(text)) this.fail(expected);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) this.fail(expected, "it is beyond 2^53");
    return n;
  }

  /** Non-negative finite number (KB/s, ops/s). */
  rate(): number {
    const expected = "a non-negative number";
    if (this.value instanceof JsonNumberText) this.fail(expected, "it is beyond 2^53");
    const text = this.text(expected);
    const n = Number(text);
    if (!DECIMAL.test(text) || !Number.isFinite(n)) this.fail(expected);
    return n;
  }

  boolean(): boolean {
    if (typeof this.value === "boolean") return this.value;
    if (typeof this.value === "string") {
      const s = this.value.trim().toLowerCase();
      if (s === "true") return true;
      if (s === "false") return false;
    }
    this.presentOrFail();
    return this.fail("true or false");
  }

  /** The value as trimmed text; numbers are written out without exponent when they are whole. */
  private text(expected: string, normalize: (s: string) => string = (s) => s): string {
    this.presentOrFail();
    if (typeof this.value === "number") {
      if (!Number.isFinite(this.value)) this.fail(expected);
      if (this.value < 0) this.fail(expected, "it is negative");
      return normalize(Number.isInteger(this.value) ? BigInt(this.value).toString() : String(this.value));
    }
    if (typeof this.value === "string") {
      const s = normalize(this.value.trim());
      if (/^-\d/.test(s)) this.fail(expected, "it is negative");
      return s;
    }
    return this.fail(expected);
  }

  private presentOrFail(): void {
    if (!this.present) {
      throw new ResponseFormatError(
        `The stats response has no \`${this.name}\` field (${this.where}). The API may have changed; report this with the request id.`,
        { field: this.name, status: this.ctx.status, requestId: this.ctx.requestId },
      );
    }
  }

  private fail(expected: string, why?: string): never {
    throw new ResponseFormatError(
      `The stats response field \`${this.name}\` is ${quote(this.value, 64)}${why ? ` and ${why}` : ""}; expected ${expected} (${this.where}). The API may have changed; report this with the request id.`,
      { field: this.name, status: this.ctx.status, requestId: this.ctx.requestId },
    );
  }
}

function describe(ctx: ParseStatsContext): string {
  const parts = [`task ${ctx.taskId}`];
  if (ctx.status !== undefined) parts.push(`HTTP ${ctx.status}`);
  parts.push(`request id ${ctx.requestId ?? "none"}`);
  return parts.join(", ");
}

