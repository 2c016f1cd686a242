import { ResponseFormatError } from "./apiErrors";
import { quote } from "../core/quote";
import { MAX_LOG_MESSAGE_CHARS, type MigrationLogEntry } from "./migrationTaskRecord";
import type { TaskBodyContext } from "./parseMigrationTask";

/** One page of ListMigrationTaskLogs. */
export interface MigrationLogPage {
  /** `log_num`: log lines of that level in all pages; the page's own length when absent. */
  readonly total: number;
  readonly entries: readonly MigrationLogEntry[];
}

/** Entries read from one page at most; the client asks for 10 (the API's default page). */
const MAX_ENTRIES = 100;

/**
 * Normalizes a ListMigrationTaskLogs body (FACTS.md §10: `{log_num, migration_logs: [{created_at,
 * log_level, message, log_code, keyword[]}]}`). A line without a text `message` is skipped: a
 * reason is only worth showing when it says something. The message reaches error messages and
 * terminals, so control characters are removed and it is cut at the API's own error length.
 *
 * @throws ResponseFormatError when the body is not an object with a `migration_logs` array.
 */
export function parseMigrationLogs(body: unknown, ctx: TaskBodyContext): MigrationLogPage {
  const logs = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)["migration_logs"] : undefined;
  if (!Array.isArray(logs)) {
    throw new ResponseFormatError(
      `The migration task log answer has no \`migration_logs\` list (task ${ctx.taskId}, request id ${ctx.requestId ?? "none"}): got ${quote(body, 64)}. The API may have changed; report this with the request id.`,
      { field: "migration_logs", status: ctx.status, requestId: ctx.requestId },
    );
  }
  const entries: MigrationLogEntry[] = [];
  for (const item of logs.slice(0, MAX_ENTRIES)) {
    if (typeof item !== "object" || item === null) continue;
    const line = item as Record<string, unknown>;
    const message = typeof line["message"] === "string" ? clean(line["message"]) : "";
    if (message === "") continue;
    entries.push({
      createdAt: typeof line["created_at"] === "string" ? clean(line["created_at"]).slice(0, 64) : "",
      logLevel: typeof line["log_level"] === "string" ? clean(line["log_level"]).slice(0, 16) : "",
      message,
      logCode: typeof line["log_code"] === "string" && line["log_code"] !== "" ? clean(line["log_code"]).slice(0, 64) : undefined,
    });
  }
  const num = (body as Record<string, unknown>)["log_num"];
  const total = typeof num === "number" && Number.isSafeInteger(num) && num >= entries.length ? num : entries.length;
  return { total, entries };
}

/** The newest entry by `created_at` (ISO-8601 sorts as text); the API documents no order. */
export function newestEntry(entries: readonly MigrationLogEntry[]): MigrationLogEntry | undefined {
  let newest: MigrationLogEntry | undefined;
  for (const e of entries) if (newest === undefined || e.createdAt > newest.createdAt) newest = e;
  return newest;
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
  return flat.length > MAX_LOG_MESSAGE_CHARS ? `${flat.slice(0, MAX_LOG_MESSAGE_CHARS - 1)}…` : flat;
}
