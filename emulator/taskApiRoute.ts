import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./auth/authenticate";
import { gatewayNow, type EmulatorContext } from "./emulatorContext";
import { faultFor, type FaultRule, type FaultTarget } from "./faults/faultRule";
import { errorBody, injectedError, INTERNAL_ERROR, projectMismatch, TASK_NOT_FOUND, THROTTLED, type HuaweiError } from "./huaweiErrors";
import { renderStatsBody, type FieldOverride } from "./statsBody";
import { renderTaskLogsBody, renderTaskRecordBody } from "./taskRecordBody";
import type { StatsFields } from "./statsFields";
import type { EmulatedTask } from "./tasks/emulatedTask";
import { countFault, countOutcome, type TaskCounters } from "./tasks/taskCounters";

/**
 * The API paths of one task (FACTS.md §1, §10): `/v2/{project_id}/migration-task/{task_id}` with
 * `/stats` (ShowMigrationTaskStats), nothing (ShowMigrationTask, the record) or `/logs`
 * (ListMigrationTaskLogs). Groups: project, task, suffix.
 */
export const TASK_API_PATH = /^\/v2\/([^/]+)\/migration-task\/([^/]+)(\/stats|\/logs)?$/;

/** Which of the task's paths a suffix of {@link TASK_API_PATH} names. */
export function targetOf(suffix: string | undefined): FaultTarget {
  return suffix === "/stats" ? "stats" : suffix === "/logs" ? "logs" : "record";
}

/** A task as far as answering one of its paths goes: its id and that path's counters. */
interface CountedTask {
  readonly id: string;
  readonly counters: TaskCounters;
}

const JSON_TYPE = "application/json;charset=UTF-8";

/** The page a load balancer in front of the gateway sends instead of JSON. */
function htmlPage(status: number): string {
  const title = `${status} ${status === 502 ? "Bad Gateway" : status === 503 ? "Service Temporarily Unavailable" : "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Answers one request for a task's stats, record or logs as the gateway and DCS would:
 * authentication first (401), then the project (403), then the task (400 DCS.4133), then the
 * task's scheduled fault for that path if one applies, then the answer. Counts every outcome per
 * task and path (the stats in `counters`, the others in `recordCounters` / `logCounters`).
 */
export async function handleTaskApi(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  match: { projectId: string; taskId: string; path: string; query: string; body: Buffer | undefined; target: FaultTarget },
): Promise<void> {
  const requestId = ctx.nextRequestId();
  const taskId = decodeSegment(match.taskId);
  const found = taskId === undefined ? undefined : ctx.registry.get(taskId);
  const counters = found === undefined ? undefined : match.target === "stats" ? found.counters : match.target === "record" ? found.recordCounters : found.logCounters;
  // Outcomes of record and log requests are counted with their own path, never with the stats.
  const task: CountedTask | undefined = found === undefined || counters === undefined ? undefined : { id: found.id, counters };
  if (counters !== undefined) counters.requests++;
  ctx.counters.requests++;

  const auth = authenticate(
    { method: req.method ?? "GET", path: match.path, query: match.query, headers: req.headers, ...(match.body === undefined ? {} : { body: match.body }) },
    ctx.credentials,
    gatewayNow(ctx),
    ctx.maxSkewMs,
    ctx.verified,
    ctx.temporaryCredentials,
  );
  if (!auth.ok) return sendError(ctx, res, task, requestId, auth.error);
  ctx.counters.served++;

  const headerProject = req.headers["x-project-id"];
  const urlProject = decodeSegment(match.projectId);
  if (urlProject !== ctx.projectId || (headerProject !== undefined && headerProject !== ctx.projectId)) {
    return sendError(ctx, res, task, requestId, projectMismatch(urlProject ?? match.projectId));
  }
  if (found === undefined || task === undefined) return sendError(ctx, res, task, requestId, TASK_NOT_FOUND);

  const index = task.counters.served++;
  const fault = found.faults.length === 0 ? undefined : faultFor(found.faults, index, found.elapsedMs(), match.target);
  if (fault !== undefined) {
    countFault(task.counters, fault.kind);
    if (fault.kind === "delay") {
      await new Promise((r) => setTimeout(r, fault.delayMs));
      if (res.destroyed) return;
    } else if (fault.kind !== "truncate" && fault.kind !== "malformed") {
      return applyFault(ctx, req, res, task, requestId, fault);
    }
  }

  const override: FieldOverride | undefined = fault?.kind === "malformed" ? { field: fault.field, value: fault.value } : undefined;
  let body: string;
  try {
    body = await answerBody(found, match.target, match.query, override);
  } catch (e) {
    ctx.log?.(`task ${task.id}: cannot read ${match.target}: ${e instanceof Error ? e.message : String(e)}`);
    return sendError(ctx, res, task, requestId, INTERNAL_ERROR);
  }
  if (fault?.kind === "truncate") return sendJson(ctx, res, task, requestId, 200, body.slice(0, Math.floor(body.length / 2)));
  sendJson(ctx, res, task, requestId, 200, body);
}

/** The 200 body for a path of the task. */
async function answerBody(task: EmulatedTask, target: FaultTarget, query: string, override: FieldOverride | undefined): Promise<string> {
  if (target === "stats") {
    const s = task.stats();
    const stats: StatsFields = s instanceof Promise ? await s : s;
    return renderStatsBody(stats, task.fieldFormat, override);
  }
  const r = task.taskRecord();
  const record = r instanceof Promise ? await r : r;
  if (target === "logs") return renderTaskLogsBody(record, new URLSearchParams(query), override);
  return renderTaskRecordBody(record, { taskId: task.id, createdAt: record.createdAt }, override);
}

/** Faults answered without reading the task's stats. */
function applyFault(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  task: CountedTask,
  requestId: string,
  fault: FaultRule,
): void {
  switch (fault.kind) {
    case "status":
      return sendError(ctx, res, task, requestId, injectedError(fault.status, fault.errorCode, fault.errorMsg));
    case "throttle": {
      const seconds = fault.retryAfterSeconds ?? 3;
      const retryAfter =
        fault.retryAfterFormat === "http-date" ? new Date(ctx.clock.now() + seconds * 1000).toUTCString() : String(seconds);
      res.setHeader("Retry-After", retryAfter);
      return sendError(ctx, res, task, requestId, THROTTLED);
    }
    case "reset":
      countOutcome(task.counters, "reset");
      countOutcome(ctx.counters, "reset");
      ctx.log?.(`${req.method} ${req.url} -> connection reset (${requestId})`);
      req.socket.destroy();
      return;
    case "html": {
      const status = fault.status ?? 502;
      return send(ctx, res, task, requestId, status, "text/html", htmlPage(status));
    }
    case "truncate":
    case "malformed":
    case "delay":
      return;
  }
}

export function sendError(
  ctx: EmulatorContext,
  res: ServerResponse,
  task: CountedTask | undefined,
  requestId: string,
  error: HuaweiError,
): void {
  sendJson(ctx, res, task, requestId, error.status, errorBody(error, requestId));
}

function sendJson(ctx: EmulatorContext, res: ServerResponse, task: CountedTask | undefined, requestId: string, status: number, body: string): void {
  send(ctx, res, task, requestId, status, JSON_TYPE, body);
}

function send(
  ctx: EmulatorContext,
  res: ServerResponse,
  task: CountedTask | undefined,
  requestId: string,
  status: number,
  contentType: string,
  body: string,
): void {
  if (task !== undefined) countOutcome(task.counters, status);
  countOutcome(ctx.counters, status);
  if (res.destroyed) return;
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    "X-Request-Id": requestId,
  });
  res.end(body);
  ctx.log?.(`${res.req.method} ${res.req.url} -> ${status} (${requestId})`);
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
