import type { FieldOverride } from "./statsBody";
import type { TaskRecordState } from "./tasks/taskRecord";

/** Where a task record body comes from besides the record itself. */
export interface RecordBodyContext {
  readonly taskId: string;
  /** ISO-8601 creation time of the task. */
  readonly createdAt: string;
}

/**
 * A ShowMigrationTask body (FACTS.md §10: the fields of Huawei's SDK model; the ones a gate does
 * not read carry plausible values so a client that chokes on extra fields would show it).
 */
export function renderTaskRecordBody(record: TaskRecordState, ctx: RecordBodyContext, override?: FieldOverride): string {
  const body: Record<string, unknown> = {
    task_id: ctx.taskId,
    task_name: `migration-${ctx.taskId.slice(0, 8)}`,
    description: "emulated online migration",
    status: record.status,
    migration_type: "online_migration",
    migration_method: record.migrationMethod,
    ecs_tenant_private_ip: "192.168.0.10",
    network_type: "vpc",
    source_instance: { addrs: "192.168.0.20:6379", password: null },
    target_instance: { id: "emulated-target", name: "dcs-target", addrs: "192.168.0.30:6379", password: null },
    created_at: ctx.createdAt,
    updated_at: record.logs.at(-1)?.createdAt ?? ctx.createdAt,
    released_at: null,
    version: "2.0",
    resume_mode: "auto",
    supported_features: ["supported_cluster_slots"],
    bandwidth_limit_mb: null,
  };
  return JSON.stringify(applyOverride(body, override));
}

/**
 * A ListMigrationTaskLogs body: the lines of `logLevel` (all when absent), oldest first — the API
 * documents no order, and a client must not rely on one — paged by `offset` and `limit` (default 10).
 */
export function renderTaskLogsBody(record: TaskRecordState, query: URLSearchParams, override?: FieldOverride): string {
  const level = query.get("log_level");
  const offset = Math.max(0, Number.parseInt(query.get("offset") ?? "0", 10) || 0);
  const limitText = query.get("limit");
  const limit = limitText === null ? 10 : Math.max(0, Number.parseInt(limitText, 10) || 0);
  const lines = record.logs.filter((l) => level === null || level === "" || l.logLevel === level.toUpperCase());
  const body: Record<string, unknown> = {
    log_num: lines.length,
    migration_logs: lines.slice(offset, offset + limit).map((l) => ({
      created_at: l.createdAt,
      log_level: l.logLevel,
      message: l.message,
      log_code: l.logCode,
      keyword: [],
    })),
  };
  return JSON.stringify(applyOverride(body, override));
}

function applyOverride(body: Record<string, unknown>, override: FieldOverride | undefined): Record<string, unknown> {
  if (override === undefined) return body;
  const out = { ...body };
  if (override.value === undefined) delete out[override.field];
  else out[override.field] = override.value;
  return out;
}
