import type { IncomingHttpHeaders } from "node:http";
import { isCutOffJson } from "../core/cutOffJson";
import type { DcsMigrationError } from "../core/errors";
import { cutOffError, httpStatusError, networkError, notJsonError, requestIdOf, tooLargeError, type FailureContext } from "./failureErrors";
import type { HttpOutcome } from "../http/httpRequest";
import { parseLosslessJson } from "../core/losslessJson";
import type { AttemptResult } from "./retryPolicy";

/** What one attempt came to, decided without I/O. */
export type AttemptVerdict =
  /** A 2xx whose body is JSON: parse it into stats. */
  | { readonly kind: "answer"; readonly body: unknown; readonly status: number; readonly headers: IncomingHttpHeaders; readonly trace: string }
  | {
      readonly kind: "failure";
      /** The error to throw if this attempt is the last. */
      readonly error: DcsMigrationError;
      /** What the retry policy judges; undefined: never worth another attempt (too large, not JSON). */
      readonly retry: AttemptResult | undefined;
      /** One phrase for the debug trace, e.g. `HTTP 503` or `ECONNRESET`. */
      readonly trace: string;
      readonly requestId: string | undefined;
    };

/** The failure context plus the limits the messages quote. */
export interface AttemptContext extends FailureContext {
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
}

/**
 * Classifies one HTTP outcome (never `aborted`: the caller handles a cancellation first) into a
 * JSON answer or a typed error, with what the retry policy needs to judge it. Pure: the retry
 * loop in `DcsClient` only acts on the verdict.
 */
export function classifyAttempt(outcome: Exclude<HttpOutcome, { kind: "aborted" }>, ctx: AttemptContext): AttemptVerdict {
  if (outcome.kind === "network") {
    return {
      kind: "failure",
      error: networkError({ ...outcome, message: ctx.scrub(outcome.message) }, ctx.requestTimeoutMs, ctx),
      retry: { kind: "network", code: outcome.code, tls: outcome.tls },
      trace: outcome.code,
      requestId: undefined,
    };
  }
  const requestId = requestIdOf(outcome.headers);
  if (outcome.kind === "too-large") {
    return {
      kind: "failure",
      error: tooLargeError(outcome.status, outcome.headers, outcome.bytes, ctx.maxResponseBytes),
      retry: undefined,
      trace: `HTTP ${outcome.status} body over ${ctx.maxResponseBytes} bytes`,
      requestId,
    };
  }
  if (outcome.status < 200 || outcome.status >= 300) {
    return {
      kind: "failure",
      error: httpStatusError(outcome.status, outcome.headers, outcome.body, ctx),
      retry: { kind: "status", status: outcome.status, retryAfter: firstHeader(outcome.headers["retry-after"]) },
      trace: `HTTP ${outcome.status}`,
      requestId,
    };
  }
  const json = parseBody(outcome.body);
  if (json.ok) return { kind: "answer", body: json.body, status: outcome.status, headers: outcome.headers, trace: `HTTP ${outcome.status}` };
  const bytes = Buffer.byteLength(outcome.body);
  if (isCutOffJson(outcome.body, json.error)) {
    return {
      kind: "failure",
      error: cutOffError(outcome.status, outcome.headers, bytes, ctx.attempts, json.error),
      retry: { kind: "cut-off" },
      trace: `HTTP ${outcome.status} body cut off after ${bytes} bytes`,
      requestId,
    };
  }
  return {
    kind: "failure",
    error: notJsonError(outcome.status, outcome.headers, ctx.scrub(outcome.body), json.error),
    retry: undefined,
    trace: `HTTP ${outcome.status}`,
    requestId,
  };
}

/** The body through the lossless JSON path, or why it is not JSON. */
function parseBody(text: string): { ok: true; body: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, body: parseLosslessJson(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
