import type { IncomingMessage, ServerResponse } from "node:http";
import { gatewayNow, type EmulatorContext } from "../emulatorContext";
import { expectClockSkewMs } from "../emulatorOptions";
import { FAULT_KINDS } from "../faults/faultRule";
import { parseFaultRules } from "../faults/faultValidation";
import { BodyTooLargeError, readBody } from "../readBody";
import type { EmulatedTask } from "../tasks/emulatedTask";
import { RedisTask } from "../tasks/redisTask";
import { snapshotCounters } from "../tasks/taskCounters";
import { parseTaskRequest } from "../tasks/taskRequest";
import { TaskConflictError } from "../tasks/taskRegistry";
import { PRESET_NAMES } from "../timelinePresets";
import { EmulatorInputError } from "./inputError";
import { expectBoolean, expectObject, expectOnlyKeys, expectString, optionalNumber } from "./jsonInput";
import { MAX_LOG_MESSAGE_CHARS, NOT_MIGRATING_STATUSES, TASK_STATUS_PATTERN } from "../tasks/taskRecord";

const REASON = { re: new RegExp(`^[^\\u0000-\\u001f]{1,${MAX_LOG_MESSAGE_CHARS}}$`), what: `1–${MAX_LOG_MESSAGE_CHARS} characters without control characters` };

/** Every control path starts with this; none of them is a Huawei path. */
export const CONTROL_PREFIX = "/_emulator";

type Handler = (ctx: EmulatorContext, req: IncomingMessage, params: readonly string[]) => Promise<Reply>;

interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

/** A control-API failure with the status to answer. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const ROUTES: ReadonlyArray<{ method: string; path: RegExp; handler: Handler }> = [
  { method: "GET", path: /^\/health$/, handler: async (ctx) => ok({ ok: true, projectId: ctx.projectId, tasks: ctx.registry.list().length }) },
  {
    method: "GET",
    path: /^\/presets$/,
    handler: async () => ok({ presets: PRESET_NAMES, faultKinds: FAULT_KINDS }),
  },
  {
    method: "GET",
    path: /^\/requests$/,
    handler: async (ctx) => {
      const tasks: Record<string, unknown> = {};
      for (const t of ctx.registry.list()) tasks[t.id] = snapshotCounters(t.counters);
      return ok({ total: snapshotCounters(ctx.counters), tasks });
    },
  },
  { method: "GET", path: /^\/clock$/, handler: async (ctx) => ok(clockReply(ctx)) },
  {
    method: "PUT",
    path: /^\/clock$/,
    handler: async (ctx, req) => {
      const body = expectObject(await jsonBody(ctx, req), "body");
      expectOnlyKeys(body, "", ["skewMs"]);
      ctx.clockSkewMs = expectClockSkewMs(body["skewMs"], "skewMs");
      return ok(clockReply(ctx));
    },
  },
  { method: "GET", path: /^\/credentials$/, handler: async (ctx) => ok({ credentials: credentialList(ctx) }) },
  {
    method: "POST",
    path: /^\/credentials$/,
    handler: async (ctx, req) => {
      const body = expectObject(await jsonBody(ctx, req), "body");
      expectOnlyKeys(body, "", ["accessKey", "secretKey", "securityToken", "lifetimeSeconds"]);
      const headerSafe = { re: /^[\x21-\x7e]{1,4096}$/, what: "1–4096 printable ASCII characters without spaces" };
      const accessKey = expectString(body["accessKey"], "accessKey", { re: /^[A-Za-z0-9]{1,128}$/, what: "letters and digits (1–128)" });
      if (accessKey === ctx.credentials.accessKey) throw new ControlError(409, "That access key is the emulator's own identity", "accessKey");
      const secretKey = expectString(body["secretKey"], "secretKey", headerSafe);
      const securityToken = expectString(body["securityToken"], "securityToken", headerSafe);
      const lifetimeSeconds = optionalNumber(body["lifetimeSeconds"], "lifetimeSeconds", { min: 0, max: 86_400 }) ?? 3_600;
      ctx.temporaryCredentials.register({ accessKey, secretKey, securityToken, expiresAt: gatewayNow(ctx) + lifetimeSeconds * 1000 });
      return { status: 201, body: credentialList(ctx).find((c) => c.accessKey === accessKey) };
    },
  },
  {
    method: "POST",
    path: /^\/credentials\/([^/]+)\/expire$/,
    handler: async (ctx, _req, [ak]) => {
      const accessKey = decode(ak ?? "");
      if (!ctx.temporaryCredentials.expire(accessKey, gatewayNow(ctx))) {
        throw new ControlError(404, `No temporary credential with access key ${JSON.stringify(accessKey)}; list them with GET ${CONTROL_PREFIX}/credentials`, "accessKey");
      }
      return ok(credentialList(ctx).find((c) => c.accessKey === accessKey));
    },
  },
  {
    method: "GET",
    path: /^\/tasks$/,
    handler: async (ctx) => ok({ tasks: await Promise.all(ctx.registry.list().map((t) => t.describe())) }),
  },
  {
    method: "POST",
    path: /^\/tasks$/,
    handler: async (ctx, req) => {
      const spec = parseTaskRequest(await jsonBody(ctx, req));
      try {
        const task = await ctx.registry.create(spec);
        return { status: 201, body: await task.describe() };
      } catch (e) {
        if (e instanceof TaskConflictError) throw new ControlError(409, e.message, "id");
        if (e instanceof EmulatorInputError) throw e;
        throw new ControlError(500, `Could not create the task: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  },
  { method: "GET", path: /^\/tasks\/([^/]+)$/, handler: async (ctx, _req, [id]) => ok(await task(ctx, id).describe()) },
  {
    method: "DELETE",
    path: /^\/tasks\/([^/]+)$/,
    handler: async (ctx, _req, [id]) => {
      task(ctx, id);
      await ctx.registry.delete(decode(id ?? ""));
      return { status: 204 };
    },
  },
  {
    method: "POST",
    path: /^\/tasks\/([^/]+)\/stop$/,
    handler: async (ctx, _req, [id]) => {
      const t = task(ctx, id);
      await t.stop();
      return ok(await t.describe());
    },
  },
  {
    method: "POST",
    path: /^\/tasks\/([^/]+)\/start$/,
    handler: async (ctx, _req, [id]) => {
      const t = task(ctx, id);
      if (!(t instanceof RedisTask)) throw new ControlError(400, `Task ${t.id} is scripted: it starts when created`, "id");
      if (t.currentState !== "pending") throw new ControlError(409, `Task ${t.id} is ${t.currentState}, not pending`, "id");
      await t.start();
      return ok(await t.describe());
    },
  },
  {
    // What a test does to the task's record: a status (and a log line with its reason); a status
    // after which the task no longer migrates also ends the migration unless `keepMigrating`.
    method: "PUT",
    path: /^\/tasks\/([^/]+)\/status$/,
    handler: async (ctx, req, [id]) => {
      const t = task(ctx, id);
      const body = expectObject(await jsonBody(ctx, req), "body");
      expectOnlyKeys(body, "", ["status", "reason", "keepMigrating"]);
      const status = expectString(body["status"], "status", TASK_STATUS_PATTERN);
      const reason = body["reason"] === undefined ? undefined : expectString(body["reason"], "reason", REASON);
      const keepMigrating = body["keepMigrating"] === undefined ? false : expectBoolean(body["keepMigrating"], "keepMigrating");
      const failed = /FAIL|ERROR/.test(status);
      t.book.set(
        status,
        reason === undefined
          ? undefined
          : { createdAt: new Date(ctx.clock.now()).toISOString(), logLevel: failed ? "ERROR" : "INFO", message: reason, logCode: failed ? "DCS.MIG.4001" : "DCS.MIG.0003" },
      );
      if (!keepMigrating && NOT_MIGRATING_STATUSES.includes(status)) await t.stop();
      return ok(await t.describe());
    },
  },
  {
    method: "GET",
    path: /^\/tasks\/([^/]+)\/record-requests$/,
    handler: async (ctx, _req, [id]) => {
      const t = task(ctx, id);
      return ok({ record: snapshotCounters(t.recordCounters), logs: snapshotCounters(t.logCounters) });
    },
  },
  {
    method: "GET",
    path: /^\/tasks\/([^/]+)\/requests$/,
    handler: async (ctx, _req, [id]) => ok(snapshotCounters(task(ctx, id).counters)),
  },
  {
    method: "PUT",
    path: /^\/tasks\/([^/]+)\/faults$/,
    handler: async (ctx, req, [id]) => {
      const t = task(ctx, id);
      t.faults = faultsOf(await jsonBody(ctx, req));
      return ok({ faults: t.faults });
    },
  },
  {
    method: "POST",
    path: /^\/tasks\/([^/]+)\/faults$/,
    handler: async (ctx, req, [id]) => {
      const t = task(ctx, id);
      const added = faultsOf(await jsonBody(ctx, req));
      if (t.faults.length + added.length > 100) throw new ControlError(400, `A task holds at most 100 fault rules; it has ${t.faults.length}`, "faults");
      t.faults = [...t.faults, ...added];
      return ok({ faults: t.faults });
    },
  },
  {
    method: "DELETE",
    path: /^\/tasks\/([^/]+)\/faults$/,
    handler: async (ctx, _req, [id]) => {
      task(ctx, id).faults = [];
      return ok({ faults: [] });
    },
  },
];

/**
 * The control API under `/_emulator/…`: JSON in, JSON out. Bad requests get a 400
 * naming the field; unknown tasks 404; nothing here ever answers a Huawei path.
 */
export async function handleControl(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const sub = path.slice(CONTROL_PREFIX.length);
  let reply: Reply;
  try {
    const candidates = ROUTES.filter((r) => r.path.test(sub));
    if (candidates.length === 0) throw new ControlError(404, `No control endpoint ${path}; see GET ${CONTROL_PREFIX}/health`);
    const route = candidates.find((r) => r.method === req.method);
    if (route === undefined) {
      res.setHeader("Allow", candidates.map((r) => r.method).join(", "));
      throw new ControlError(405, `${req.method} is not allowed on ${path}; use ${candidates.map((r) => r.method).join(" or ")}`);
    }
    const params = (route.path.exec(sub) ?? []).slice(1);
    reply = await route.handler(ctx, req, params);
  } catch (e) {
    reply = errorReply(e);
    if (e instanceof BodyTooLargeError) res.setHeader("Connection", "close");
  }
  if (res.destroyed) return;
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function errorReply(e: unknown): Reply {
  if (e instanceof ControlError) return { status: e.status, body: { error: e.message, ...(e.field === undefined ? {} : { field: e.field }) } };
  if (e instanceof EmulatorInputError) return { status: 400, body: { error: e.message, field: e.field } };
  if (e instanceof BodyTooLargeError) return { status: 413, body: { error: `${e.message}; send a smaller JSON body` } };
  return { status: 500, body: { error: `Emulator error: ${e instanceof Error ? e.message : String(e)}` } };
}

/** The emulated gateway's clock: its skew from this machine's and the time it answers with. */
function clockReply(ctx: EmulatorContext): { skewMs: number; gatewayTime: string } {
  return { skewMs: ctx.clockSkewMs, gatewayTime: new Date(gatewayNow(ctx)).toISOString() };
}

/** The temporary credentials the gateway accepts: access keys and expiry, never a secret. */
function credentialList(ctx: EmulatorContext): Array<{ accessKey: string; expiresAt: string; expired: boolean }> {
  const now = gatewayNow(ctx);
  return ctx.temporaryCredentials.list().map((c) => ({ accessKey: c.accessKey, expiresAt: new Date(c.expiresAt).toISOString(), expired: now >= c.expiresAt }));
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function task(ctx: EmulatorContext, rawId: string | undefined): EmulatedTask {
  const id = decode(rawId ?? "");
  const t = ctx.registry.get(id);
  if (t === undefined) throw new ControlError(404, `No task ${JSON.stringify(id)}; list tasks with GET ${CONTROL_PREFIX}/tasks`, "id");
  return t;
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ControlError(400, `Task id ${JSON.stringify(raw)} holds a malformed percent escape`, "id");
  }
}

async function jsonBody(ctx: EmulatorContext, req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, ctx.maxBodyBytes);
  if (raw.length === 0) throw new EmulatorInputError("body", "Expected a JSON body, got an empty one");
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch (e) {
    throw new EmulatorInputError("body", `Body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `{ "faults": [...] }` */
function faultsOf(body: unknown): ReturnType<typeof parseFaultRules> {
  const obj = expectObject(body, "body");
  expectOnlyKeys(obj, "", ["faults"]);
  return parseFaultRules(obj["faults"], "faults");
}
