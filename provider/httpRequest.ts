import * as http from "node:http";
import * as https from "node:https";

/** One HTTP exchange to make. */
export interface HttpRequest {
  readonly method: "GET";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Limit for connect, headers and body together. */
  readonly timeoutMs: number;
  /** Bodies above this are refused without being buffered. */
  readonly maxResponseBytes: number;
  /** Connection pool; its own, so no global agent or proxy environment applies. */
  readonly agent: http.Agent;
  readonly signal?: AbortSignal | undefined;
}

/** What came back. {@link sendHttpRequest} never rejects: every failure is one of these. */
export type HttpOutcome =
  | { readonly kind: "response"; readonly status: number; readonly headers: http.IncomingHttpHeaders; readonly body: string }
  | {
      readonly kind: "too-large";
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      /** Bytes announced by Content-Length, or counted before giving up. */
      readonly bytes: number;
    }
  | {
      readonly kind: "network";
      /** Node's error code, or `ETIMEDOUT` for the per-request timeout. */
      readonly code: string;
      readonly message: string;
      /** The TLS handshake refused the server (certificate or protocol): not worth retrying. */
      readonly tls: boolean;
      readonly cause: unknown;
    }
  | { readonly kind: "aborted" };

/**
 * The only place that puts DCS requests on the wire. Plain `node:http`/`node:https`:
 * redirects are not followed (a 3xx comes back as a response), proxy variables are
 * ignored (an explicit agent is always passed), and certificates are always verified.
 */
export function sendHttpRequest(req: HttpRequest): Promise<HttpOutcome> {
  return new Promise<HttpOutcome>((resolve) => {
    let settled = false;
    let clientRequest: http.ClientRequest | undefined;
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      clientRequest?.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: "aborted" });
    const timer = setTimeout(() => {
      finish({
        kind: "network",
        code: "ETIMEDOUT",
        message: `no complete answer within ${req.timeoutMs} ms`,
        tls: false,
        cause: undefined,
      });
    }, req.timeoutMs);
    if (req.signal?.aborted) {
      onAbort();
      return;
    }
    req.signal?.addEventListener("abort", onAbort, { once: true });

    const options: https.RequestOptions = {
      method: req.method,
      headers: req.headers,
      agent: req.agent,
      // Verification is the default; stated so no option or environment can turn it off here.
      rejectUnauthorized: true,
    };
    const transport = req.url.protocol === "https:" ? https : http;
    try {
      clientRequest = transport.request(req.url, options, (res) => {
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > req.maxResponseBytes) {
          finish({ kind: "too-large", status, headers: res.headers, bytes: declared });
          return;
        }
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > req.maxResponseBytes) {
            finish({ kind: "too-large", status, headers: res.headers, bytes });
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => finish({ kind: "response", status, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => finish(networkOutcome(err)));
        res.on("aborted", () =>
          finish({ kind: "network", code: "ECONNRESET", message: "the connection closed in the middle of the response", tls: false, cause: undefined }),
        );
      });
    } catch (err) {
      finish(networkOutcome(err));
      return;
    }
    clientRequest.on("error", (err) => finish(networkOutcome(err)));
    clientRequest.end();
  });
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

/**
 * Whether a Node error code means the TLS handshake refused the server (untrusted, expired or
 * mismatched certificate, protocol failure): waiting does not change that, so neither the client
 * nor the waiter retries it.
 */
export function isTlsErrorCode(code: string): boolean {
  return TLS_CODE.test(code);
}

function networkOutcome(err: unknown): HttpOutcome {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = typeof e?.code === "string" ? e.code : "EUNKNOWN";
  const message = e instanceof Error ? e.message : String(err);
  return { kind: "network", code, message, tls: isTlsErrorCode(code), cause: err };
}
