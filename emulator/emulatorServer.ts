import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { CONTROL_PREFIX, handleControl } from "./control/controlRoutes";
import { gatewayNow, type EmulatorContext } from "./emulatorContext";
import { errorBody, URL_NOT_FOUND, type HuaweiError } from "./huaweiErrors";
import { BodyTooLargeError, hasBody, readBody } from "./readBody";
import { handleTaskApi, targetOf, TASK_API_PATH } from "./taskApiRoute";
import { countOutcome } from "./tasks/taskCounters";

export interface ServerLimits {
  /** Open connections at once; more are refused by the kernel backlog / closed. */
  readonly maxConnections: number;
  /** Request header bytes. */
  readonly maxHeaderBytes: number;
}

/** PEM key and certificate chain: serve HTTPS instead of HTTP. */
export interface ServerTls {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
}

/**
 * HTTP 413 for an oversized body on the API path. The gateway's own code for it is
 * not in FACTS.md; APIGW.0201 is the gateway's generic request-error code.
 */
const BODY_TOO_LARGE: HuaweiError = { status: 413, code: "APIGW.0201", msg: "Request entity too large" };

/**
 * The emulator's HTTP server: the control API under `/_emulator`, the stats path,
 * and a Huawei 404 (`DCS.4001`) for every other path or method — the gateway routes
 * by method and path, so a POST to the stats path is as unknown as a typo'd path.
 * Every API answer carries `X-Request-Id`. A handler error becomes a 500, never a crash.
 */
export function createEmulatorServer(ctx: EmulatorContext, limits: ServerLimits, tls?: ServerTls): Server {
  const options = { maxHeaderSize: limits.maxHeaderBytes, requestTimeout: 60_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 };
  // An https.Server is an http.Server over TLS sockets: everything below applies to both.
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(ctx, req, res).catch((e: unknown) => {
      ctx.log?.(`internal error on ${req.method} ${req.url}: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent && !res.destroyed) {
        const requestId = ctx.nextRequestId();
        const body = errorBody({ status: 500, code: "DCS.5000", msg: "Internal error." }, requestId);
        res.writeHead(500, { "Content-Type": "application/json", "X-Request-Id": requestId, "Content-Length": Buffer.byteLength(body) });
        res.end(body);
      } else {
        res.destroy();
      }
    });
  };
  const server: Server = tls === undefined ? createServer(options, listener) : createTlsServer({ ...options, key: tls.key, cert: tls.cert }, listener);
  // A client that refuses the certificate (a test of exactly that) must not log or crash anything.
  if (tls !== undefined) server.on("tlsClientError", () => undefined);
  server.maxConnections = limits.maxConnections;
  // A client that vanishes mid-request must not take the server down.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

async function dispatch(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q + 1);

  if (path === CONTROL_PREFIX || path.startsWith(CONTROL_PREFIX + "/")) {
    return handleControl(ctx, req, res, path);
  }

  // The gateway's own clock, as a client sees it (Node's automatic Date header is this machine's).
  if (ctx.clockSkewMs !== 0) res.setHeader("Date", new Date(gatewayNow(ctx)).toUTCString());
  const match = TASK_API_PATH.exec(path);
  if (match === null || req.method !== "GET") return notFound(ctx, res);

  let body: Buffer | undefined;
  if (hasBody(req)) {
    try {
      body = await readBody(req, ctx.maxBodyBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      res.setHeader("Connection", "close");
      return sendHuaweiError(ctx, res, BODY_TOO_LARGE);
    }
  }
  return handleTaskApi(ctx, req, res, { projectId: match[1] ?? "", taskId: match[2] ?? "", path, query, body, target: targetOf(match[3]) });
}

function notFound(ctx: EmulatorContext, res: ServerResponse): void {
  ctx.counters.requests++;
  sendHuaweiError(ctx, res, URL_NOT_FOUND);
}

function sendHuaweiError(ctx: EmulatorContext, res: ServerResponse, error: HuaweiError): void {
  const requestId = ctx.nextRequestId();
  const body = errorBody(error, requestId);
  countOutcome(ctx.counters, error.status);
  res.writeHead(error.status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Request-Id": requestId,
  });
  res.end(body);
  ctx.log?.(`${res.req.method} ${res.req.url} -> ${error.status} (${requestId})`);
}
