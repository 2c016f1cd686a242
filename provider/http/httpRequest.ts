import * as http from "node:http";
import type { AxiosInstance, AxiosResponse } from "axios";
import { proxyRouteOf } from "./clientAgent";
import { isTlsErrorCode, PROXY_ERROR_CODES } from "../core/networkErrorCodes";
import { ProxyRefusalError } from "./proxyRefusal";
import type { ProxyRoute } from "./proxyRoute";

/** One HTTP exchange to make. */
export interface HttpRequest {
  /** GET for DCS reads; POST for IAM's federation exchange (`provider/dcs/iamFederation.ts`). */
  readonly method: "GET" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Limit for connect, headers and body together. */
  readonly timeoutMs: number;
  /** Bodies above this are refused without being buffered. */
  readonly maxResponseBytes: number;
  /**
   * Connection pool; its own, never Node's global one. Made by `createClientAgent`, it also
   * carries the proxy route chosen for the endpoint (none for any other agent).
   */
  readonly agent: http.Agent;
  readonly signal?: AbortSignal | undefined;
  /** Request body (POST only), sent as given. */
  readonly body?: string | undefined;
}

/** The proxy a failed request went through: `host:port` and the variable that named it, never its credentials. */
export interface ProxyHop {
  readonly hostPort: string;
  readonly variable: string;
  /** Whether the proxy URL carried credentials (sent as `Proxy-Authorization`). */
  readonly withCredentials: boolean;
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
      /**
       * Node's error code, `ETIMEDOUT` for the per-request deadline, or a proxy's refusal
       * (`ERR_PROXY_AUTH`, `ERR_PROXY_REFUSED`, `ERR_PROXY_UNAVAILABLE`; see `proxyRefusal.ts`).
       */
      readonly code: string;
      readonly message: string;
      /** The TLS handshake refused the server (certificate or protocol): not worth retrying. */
      readonly tls: boolean;
      /** The original error (Node's, or the proxy refusal), never axios's wrapper: that one holds the request headers. */
      readonly cause: unknown;
      /** Set when the request went through a proxy. */
      readonly proxy?: ProxyHop | undefined;
    }
  | { readonly kind: "aborted" };

/**
 * Our own axios instance: nobody else's defaults or interceptors (a Pulumi program may configure
 * the global one) reach DCS requests, and every choice below is stated (FACTS.md §8):
 * - `adapter: "http"`, `maxRedirects: 0`: Node's http/https, a 3xx comes back as a response;
 * - `proxy: false`: axios reads no proxy variable itself — the agent carries the route chosen
 *   by `createClientAgent` (a CONNECT tunnel); only a forwarding proxy for http endpoints is
 *   handed to axios per request;
 * - `validateStatus`: every status is a response for the client to judge;
 * - `responseType: "stream"`, `decompress: false`, `maxContentLength: -1`: the body is read here,
 *   raw, so the size cap can refuse an announced length before reading and the text reaches the
 *   lossless JSON parser untouched;
 * - `timeout: 0`: axios's timeout is an inactivity timer; the total deadline is ours.
 */
let instance: AxiosInstance | undefined;

/**
 * The instance, made on the first request: loading axios costs ~0.1 s of CPU, which the CLI's
 * usage errors and `--help` need not pay.
 */
function client(): AxiosInstance {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  instance ??= (require("axios") as typeof import("axios")).default.create({
    adapter: "http",
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
    responseType: "stream",
    decompress: false,
    maxContentLength: -1,
    timeout: 0,
  });
  return instance;
}

/** axios's own error (it carries the request's config and headers), told apart without loading axios. */
function isAxiosError(e: unknown): e is Error & { code?: string; cause?: unknown } {
  return typeof e === "object" && e !== null && (e as { isAxiosError?: unknown }).isAxiosError === true;
}

/**
 * The only place that puts DCS requests on the wire, through axios over the caller's agent:
 * redirects are not followed, certificates are always verified, one deadline covers the
 * proxy's CONNECT, the TLS handshake, headers and body, and an announced or streamed body over
 * the cap is refused without being read.
 */
export function sendHttpRequest(req: HttpRequest): Promise<HttpOutcome> {
  return new Promise<HttpOutcome>((resolve) => {
    let settled = false;
    const route = proxyRouteOf(req.agent);
    const hop: ProxyHop | undefined = route === undefined ? undefined : { hostPort: route.hostPort, variable: route.variable, withCredentials: route.proxyAuthorization() !== undefined };
    // Ends the exchange on every path: deadline, the caller's abort, or an early verdict on the body.
    const cancel = new AbortController();
    let clientRequest: http.ClientRequest | undefined;
    let body: NodeJS.ReadableStream & { destroy(): void } | undefined;
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      // A complete response leaves its socket to the pool; anything else abandons the exchange.
      if (outcome.kind !== "response") {
        cancel.abort();
        body?.destroy();
        clientRequest?.destroy();
      }
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
        proxy: hop,
      });
    }, req.timeoutMs);
    if (req.signal?.aborted) {
      onAbort();
      return;
    }
    req.signal?.addEventListener("abort", onAbort, { once: true });

    const headers: Record<string, string> = { ...req.headers };
    // axios would otherwise ask for gzip/br; with `decompress: false` the body must come as sent.
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "accept-encoding")) headers["Accept-Encoding"] = "identity";
    client()
      .request<http.IncomingMessage>({
        url: req.url.href,
        method: req.method,
        headers,
        httpAgent: req.agent,
        httpsAgent: req.agent,
        ...(req.body === undefined ? {} : { data: req.body }),
        ...(route?.mode === "forward" ? { proxy: forwardProxy(route) } : {}),
        signal: cancel.signal,
      })
      .then(
        (res) => readBody(res),
        (err: unknown) => finish(networkOutcome(err, hop)),
      );

    function readBody(res: AxiosResponse<http.IncomingMessage>): void {
      const stream = res.data;
      body = stream;
      clientRequest = res.request as http.ClientRequest;
      if (settled) {
        // The deadline or the caller's abort came first; the answer is not wanted any more.
        stream.destroy();
        clientRequest.destroy();
        return;
      }
      const status = res.status;
      const responseHeaders = stream.headers;
      if (route?.mode === "forward" && status === 407) {
        const refusal = new ProxyRefusalError(route.hostPort, req.url.host, status, res.statusText ?? "", responseHeaders);
        finish({ kind: "network", code: refusal.code, message: refusal.message, tls: false, cause: refusal, proxy: hop });
        return;
      }
      const declared = Number(responseHeaders["content-length"]);
      if (Number.isFinite(declared) && declared > req.maxResponseBytes) {
        finish({ kind: "too-large", status, headers: responseHeaders, bytes: declared });
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > req.maxResponseBytes) {
          finish({ kind: "too-large", status, headers: responseHeaders, bytes });
          return;
        }
        chunks.push(chunk);
      });
      stream.on("end", () => finish({ kind: "response", status, headers: responseHeaders, body: Buffer.concat(chunks).toString("utf8") }));
      stream.on("error", (err) => finish(networkOutcome(err, hop)));
      stream.on("aborted", () =>
        finish({ kind: "network", code: "ECONNRESET", message: "the connection closed in the middle of the response", tls: false, cause: undefined, proxy: hop }),
      );
    }
  });
}

/** axios's forwarding-proxy settings for an http endpoint (absolute-URL requests, `Proxy-Authorization` on each). */
function forwardProxy(route: ProxyRoute): { protocol: string; host: string; port: number; auth?: { username: string; password: string } } {
  const auth = route.proxyAuthorization();
  const decoded = auth === undefined ? undefined : Buffer.from(auth.slice("Basic ".length), "base64").toString("utf8");
  const colon = decoded?.indexOf(":") ?? -1;
  const port = Number(route.url.port) || (route.url.protocol === "https:" ? 443 : 80);
  return {
    protocol: route.url.protocol.slice(0, -1),
    host: route.url.hostname,
    port,
    ...(decoded === undefined ? {} : { auth: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } }),
  };
}

/** A failure as an outcome; an axios error is unwrapped to the error under it (axios's holds the request's headers). */
function networkOutcome(err: unknown, proxy: ProxyHop | undefined): HttpOutcome {
  const original = isAxiosError(err) && err.cause !== undefined ? err.cause : err;
  const e = original as NodeJS.ErrnoException | undefined;
  const axiosCode = isAxiosError(err) ? err.code : undefined;
  const code = typeof e?.code === "string" ? e.code : typeof axiosCode === "string" ? axiosCode : "EUNKNOWN";
  const message = e instanceof Error ? e.message : String(original);
  const isRefusal = original instanceof ProxyRefusalError || Object.values(PROXY_ERROR_CODES).some((c) => c === code);
  return {
    kind: "network",
    code,
    message,
    tls: !isRefusal && isTlsErrorCode(code),
    cause: isAxiosError(original) ? undefined : original,
    proxy,
  };
}
