import { ResponseFormatError } from "./apiErrors";
import { quote } from "../core/quote";
import type { MigrationTaskRecord } from "./migrationTaskRecord";

/** Where a body came from, for the result and for error messages. */
export interface TaskBodyContext {
  readonly taskId: string;
  /** ISO-8601 time the response arrived. */
  readonly observedAt: string;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
}

/** A status is an upper-case word (`FULLMIGRATING`, `MIGRATION_FAILED`); anything else is not one. */
const STATUS = /^[A-Z][A-Z_]{0,63}$/;

/**
 * Normalizes a ShowMigrationTask body (FACTS.md §10). Only `status` is required: it is what the
 * gate reads. The other fields are kept when they are strings and dropped otherwise, since none of
 * them decides anything. A status that is not an upper-case word is refused naming the value:
 * it would end up in messages and in state.
 *
 * @throws ResponseFormatError naming the field.
 */
export function parseMigrationTask(body: unknown, ctx: TaskBodyContext): MigrationTaskRecord {
  const where = `task ${ctx.taskId}${ctx.status === undefined ? "" : `, HTTP ${ctx.status}`}, request id ${ctx.requestId ?? "none"}`;
  const details = { field: "status", status: ctx.status, requestId: ctx.requestId };
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ResponseFormatError(
      `The migration task record is not a JSON object (${where}): got ${quote(body, 64)}. The endpoint may not be the DCS API; check it, and report the request id if it is.`,
      { status: ctx.status, requestId: ctx.requestId },
    );
  }
  const record = body as Record<string, unknown>;
  const status = record["status"];
  if (typeof status !== "string" || !STATUS.test(status.trim().toUpperCase())) {
    throw new ResponseFormatError(
      `${"status" in record ? `The migration task record field \`status\` is ${quote(status, 64)}; expected a status word like FULLMIGRATING` : "The migration task record has no `status` field"} (${where}). The API may have changed; report this with the request id.`,
      details,
    );
  }
  const text = (name: string): string | undefined => {
    const v = record[name];
    return typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, 256) : undefined;
  };
  return {
    taskId: ctx.taskId,
    status: status.trim().toUpperCase(),
    taskName: text("task_name"),
    migrationType: text("migration_type"),
    migrationMethod: text("migration_method"),
    updatedAt: text("updated_at"),
    observedAt: ctx.observedAt,
    requestId: ctx.requestId,
  };
}
