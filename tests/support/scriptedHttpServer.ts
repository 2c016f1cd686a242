import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer. */
export interface ScriptedReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Object bodies are sent as JSON. */
  readonly body?: string | Buffer | object;
  /** Wait before answering. */
  readonly delayMs?: number;
  /** Destroy the socket instead of answering (a connection reset). */
  readonly reset?: boolean;
  /** Never answer. */
  readonly hang?: boolean;
  /** Stream this many bytes without Content-Length (chunked), to test body caps. */
  readonly streamBytes?: number;
}

export interface RecordedRequest {
  readonly method: string;
  /** Raw request target, as on the wire. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface ScriptedHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Most requests being handled at the same time. */
  readonly maxConcurrent: number;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1, port 0, that answers from a script and records every
 * request, so tests can count what a client really sent. The last reply repeats.
 */
export async function startScriptedHttpServer(
  script: readonly ScriptedReply[] | ((req: RecordedRequest, index: number) => ScriptedReply),
): Promise<ScriptedHttpServer> {
  const requests: RecordedRequest[] = [];
  let active = 0;
  let maxConcurrent = 0;
  const server = http.createServer((req, res) => {
    const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers };
    const index = requests.length;
    requests.push(recorded);
    active++;
    maxConcurrent = Math.max(maxConcurrent, active);
    res.on("close", () => active--);
    const reply =
      typeof script === "function" ? script(recorded, index) : (script[Math.min(index, script.length - 1)] ?? { status: 500 });
    const answer = (): void => {
      if (reply.hang) return;
      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { ...(reply.headers ?? {}) };
      if (reply.streamBytes !== undefined) {
        res.writeHead(reply.status ?? 200, headers);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let left = reply.streamBytes;
        const pump = (): void => {
          while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!res.write(chunk.subarray(0, n))) {
              res.once("drain", pump);
              return;
            }
          }
          res.end();
        };
        res.on("error", () => undefined);
        pump();
        return;
      }
      let body: string | Buffer = "";
      if (typeof reply.body === "string" || Buffer.isBuffer(reply.body)) body = reply.body;
      else if (reply.body !== undefined) {
        body = JSON.stringify(reply.body);
        headers["content-type"] ??= "application/json";
      }
      headers["content-length"] ??= String(Buffer.byteLength(body));
      res.writeHead(reply.status ?? 200, headers);
      res.end(body);
    };
    if (reply.delayMs) setTimeout(answer, reply.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
