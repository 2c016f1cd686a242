import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./auth/authenticate";
import { gatewayNow, type EmulatorContext } from "./emulatorContext";
import { faultFor, type FaultRule } from "./faults/faultRule";
import { errorBody, injectedError, INTERNAL_ERROR, projectMismatch, TASK_NOT_FOUND, THROTTLED, type HuaweiError } from "./huaweiErrors";
import { renderStatsBody } from "./statsBody";
import type { StatsFields } from "./statsFields";
import type { EmulatedTask } from "./tasks/emulatedTask";
import { countFault, countOutcome } from "./tasks/taskCounters";

/** `/v2/{project_id}/migration-task/{task_id}/stats` — the one API path (FACTS.md §1). */
export const STATS_PATH = /^\/v2\/([^/]+)\/migration-task\/([^/]+)\/stats$/;

const JSON_TYPE = "application/json;charset=UTF-8";

/** The page a load balancer in front of the gateway sends instead of JSON. */
function htmlPage(status: number): string {
  const title = `${status} ${status === 502 ? "Bad Gateway" : status === 503 ? "Service Temporarily Unavailable" : "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Answers one stats request as the gateway and DCS would: authentication first
 * (401), then the project (403), then the task (400 DCS.4133), then the task's
 * scheduled fault if one applies, then the stats. Counts every outcome per task.
 */
export async function handleStats(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  match: { projectId: string; taskId: string; path: string; query: string; body: Buffer | undefined },
): Promise<void> {
  const requestId = ctx.nextRequestId();
  const taskId = decodeSegment(match.taskId);
  const task = taskId === undefined ? undefined : ctx.registry.get(taskId);
  if (task !== undefined) task.counters.requests++;
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
  if (task === undefined) return sendError(ctx, res, task, requestId, TASK_NOT_FOUND);

  const index = task.counters.served++;
  const fault = task.faults.length === 0 ? undefined : faultFor(task.faults, index, task.elapsedMs());
  if (fault !== undefined) {
    countFault(task.counters, fault.kind);
    if (fault.kind === "delay") {
      await new Promise((r) => setTimeout(r, fault.delayMs));
      if (res.destroyed) return;
    } else if (fault.kind !== "truncate" && fault.kind !== "malformed") {
      return applyFault(ctx, req, res, task, requestId, fault);
    }
  }

  let stats: StatsFields;
  try {
    const s = task.stats();
    stats = s instanceof Promise ? await s : s;
  } catch (e) {
    ctx.log?.(`task ${task.id}: cannot read stats: ${e instanceof Error ? e.message : String(e)}`);
    return sendError(ctx, res, task, requestId, INTERNAL_ERROR);
  }
  if (fault?.kind === "truncate") {
    const full = renderStatsBody(stats, task.fieldFormat);
    return sendJson(ctx, res, task, requestId, 200, full.slice(0, Math.floor(full.length / 2)));
  }
  if (fault?.kind === "malformed") {
    return sendJson(ctx, res, task, requestId, 200, renderStatsBody(stats, task.fieldFormat, { field: fault.field, value: fault.value }));
  }
  sendJson(ctx, res, task, requestId, 200, renderStatsBody(stats, task.fieldFormat));
}

/** Faults answered without reading the task's stats. */
function applyFault(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  task: EmulatedTask,
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
  task: EmulatedTask | undefined,
  requestId: string,
  error: HuaweiError,
): void {
  sendJson(ctx, res, task, requestId, error.status, errorBody(error, requestId));
}

function sendJson(ctx: EmulatorContext, res: ServerResponse, task: EmulatedTask | undefined, requestId: string, status: number, body: string): void {
  send(ctx, res, task, requestId, status, JSON_TYPE, body);
}

function send(
  ctx: EmulatorContext,
  res: ServerResponse,
  task: EmulatedTask | undefined,
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
