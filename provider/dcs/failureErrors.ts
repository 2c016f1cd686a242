import type { IncomingHttpHeaders } from "node:http";
import { parseApiErrorBody } from "./apiErrorBody";
import { clockSkewAdvice, detectClockSkew } from "./clockSkew";
import { credentialExpired } from "./credentialExpiry";
import { ApiError, CredentialExpiredError, NetworkError, ResponseFormatError, TaskNotFoundError } from "./apiErrors";
import type { ProxyHop } from "../http/httpRequest";
import { proxyFailureMessage } from "../http/proxyFailureMessage";
import { quote } from "../core/quote";
import { SDK_DATE_MAX_SKEW_MS } from "./signing";

/** What a failure message may mention about the call. Nothing here is secret. */
export interface FailureContext {
  /** Removes secrets from any text taken from the response (the gateway echoes signed headers in APIGW.0301). */
  readonly scrub: (text: string) => string;
  readonly taskId: string;
  readonly projectId: string;
  readonly endpoint: string;
  readonly attempts: number;
  /** Where the credentials came from (setting names), e.g. `HW_ACCESS_KEY, HW_SECRET_KEY`. */
  readonly credentialSource: string;
  readonly credentialKind: "aksk" | "token";
  readonly accessKey: string;
  /** The request carried `X-Security-Token` (temporary keys). */
  readonly hasSecurityToken?: boolean | undefined;
  /** `X-Sdk-Date` of the last attempt, for AK/SK. */
  readonly sdkDate?: string | undefined;
  /** Our canonical request of the last attempt (already redacted), for AK/SK. */
  readonly canonicalRequest?: string | undefined;
  /** Our clock when the answer arrived (epoch ms), to compare with its `Date` header. */
  readonly receivedAt?: number | undefined;
}

/** `X-Request-Id` of a response, when there is one. */
export function requestIdOf(headers: IncomingHttpHeaders): string | undefined {
  const v = headers["x-request-id"];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The error for an HTTP error status: `<code> <msg> (HTTP <status>, request id <id>) — <what it means and what to do>`.
 * 400 + DCS.4133 is {@link TaskNotFoundError} (FACTS.md §1: the API's "not found" is a 400).
 */
export function httpStatusError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ApiError {
  const parsed = parseApiErrorBody(body);
  const errorCode = parsed.errorCode;
  const errorMsg = parsed.errorMsg === undefined ? undefined : ctx.scrub(parsed.errorMsg);
  body = ctx.scrub(body);
  const requestId = requestIdOf(headers);
  // The gateway's canonical request is quoted once, in the advice, next to ours.
  const shownMsg = errorMsg?.replace(/,?\s*canonicalRequest:.*$/s, "");
  const head = errorCode !== undefined ? `${errorCode} ${shownMsg ?? ""}`.trim() : `HTTP ${status}${shownMsg ? ` ${shownMsg}` : ""}`;
  const where = `(HTTP ${status}, request id ${requestId ?? "none"}${ctx.attempts > 1 ? `, ${ctx.attempts} attempts` : ""})`;
  const bodyHint = errorCode === undefined && errorMsg === undefined && body.trim() !== "" ? ` The body was not a Huawei error: ${quote(body.trim(), 64)}.` : "";
  const advice = adviceFor(status, errorCode, errorMsg, headers, ctx) + bodyHint;
  const message = ctx.scrub(`${head} ${where} — ${advice}`);
  const details = {
    status,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMsg === undefined ? {} : { errorMsg }),
    ...(requestId === undefined ? {} : { requestId }),
    taskId: ctx.taskId,
    projectId: ctx.projectId,
    attempts: ctx.attempts,
  };
  if (status === 400 && errorCode === "DCS.4133") return new TaskNotFoundError(message, details);
  return isExpired(status, errorCode, errorMsg, headers, ctx) ? new CredentialExpiredError(message, details) : new ApiError(message, details);
}

function isExpired(status: number, code: string | undefined, msg: string | undefined, headers: IncomingHttpHeaders, ctx: FailureContext): boolean {
  if (status !== 401) return false;
  const dateHeader = typeof headers.date === "string" ? headers.date : undefined;
  return credentialExpired({
    status,
    errorCode: code,
    errorMsg: msg,
    credentialKind: ctx.credentialKind,
    hasSecurityToken: ctx.hasSecurityToken === true,
    skew: detectClockSkew({ status, errorMsg: msg, dateHeader, receivedAt: ctx.receivedAt }),
  });
}

function adviceFor(status: number, code: string | undefined, msg: string | undefined, headers: IncomingHttpHeaders, ctx: FailureContext): string {
  const task = `task ${ctx.taskId} in project ${ctx.projectId}`;
  if (code === "DCS.4133") {
    return `${task} does not exist. Check the task id (DCS console → Data Migration) and that the project and endpoint ${ctx.endpoint} are the task's region.`;
  }
  if (code === "DCS.4070") return `${JSON.stringify(ctx.taskId)} is not a valid migration task id; copy the id from the DCS console.`;
  if (status === 401) return unauthorized(code, msg, headers, ctx);
  if (status === 403) {
    return `the credentials (from ${ctx.credentialSource}) may not read DCS migration tasks in project ${ctx.projectId}; grant the IAM user DCS read permission there, or check the project id.`;
  }
  if (status === 404) {
    return `${ctx.endpoint} has no such API path; check the endpoint or region (DCS lives at https://dcs.{region}.myhuaweicloud.com) and the project id ${ctx.projectId}.`;
  }
  if (status >= 300 && status < 400) {
    const location = typeof headers.location === "string" ? headers.location : "nowhere";
    return `the server redirected to ${location}; redirects are not followed, so point the endpoint at the right host.`;
  }
  if (status === 429) {
    return `the API kept throttling reads of ${task}; poll less often (raise the poll interval) or retry in a minute.`;
  }
  if (status === 408 || status >= 500) {
    return `the DCS API failed on ${ctx.attempts} attempt(s) in a row while reading ${task}; retry later, and give Huawei support the request id if it persists.`;
  }
  return `the API refused the request for ${task}; check the ids and settings, and give Huawei support the request id if unsure.`;
}

/** A 401: a wrong clock is named first when the gateway or its `Date` header points at it. */
function unauthorized(code: string | undefined, msg: string | undefined, headers: IncomingHttpHeaders, ctx: FailureContext): string {
  if (isExpired(401, code, msg, headers, ctx)) {
    const what =
      ctx.credentialKind === "token"
        ? `the IAM token (from ${ctx.credentialSource}) has expired (tokens last 24 hours)`
        : `the temporary credentials (access key ${ctx.accessKey}, from ${ctx.credentialSource}) have expired`;
    return `${what}. Set fresh credentials where these came from (or use OIDC federation, which renews them) and run again; a wait cut short by this is saved as not yet complete and the next \`pulumi up\` resumes it.`;
  }
  const dateHeader = typeof headers.date === "string" ? headers.date : undefined;
  const skew = detectClockSkew({ status: 401, errorMsg: msg, dateHeader, receivedAt: ctx.receivedAt });
  if (skew !== undefined && (skew.kind === "unmeasured" || skew.gatewaySaidExpired)) return clockSkewAdvice(skew, ctx.sdkDate);
  const credentials =
    // The gateway answers a refused token with APIGW.0301 too: the signature advice fits AK/SK only.
    code === "APIGW.0301" && ctx.credentialKind === "aksk"
      ? signatureRejected(msg, ctx)
      : ctx.credentialKind === "token"
        ? `the IAM token (from ${ctx.credentialSource}) was not accepted; tokens expire after 24 hours — get a new one, or use an access key pair.`
        : `the credentials (access key ${ctx.accessKey}, from ${ctx.credentialSource}) were not accepted; check that the key pair is active and, for temporary keys, that the security token has not expired.`;
  return skew === undefined ? credentials : `${clockSkewAdvice(skew, ctx.sdkDate)} If the clock is right: ${credentials}`;
}

function signatureRejected(msg: string | undefined, ctx: FailureContext): string {
  const theirs = /canonicalRequest:\s*(.*)$/s.exec(msg ?? "")?.[1]?.trim();
  const ours = ctx.canonicalRequest?.replace(/\n/g, "|");
  const skewMin = SDK_DATE_MAX_SKEW_MS / 60_000;
  let text =
    `the gateway rejected the AK/SK signature. Check that the secret key belongs to access key ${ctx.accessKey} ` +
    `(read from ${ctx.credentialSource}) and that this machine's clock is right: the request was signed at ` +
    `X-Sdk-Date ${ctx.sdkDate ?? "?"} (UTC), which must be within ${skewMin} minutes of the gateway's time.`;
  if (theirs !== undefined && ours !== undefined) {
    text +=
      theirs === ours
        ? ` The gateway's canonical request matches ours (${theirs}), so the secret key or the clock is what differs.`
        : ` The gateway's canonical request was ${theirs}; ours was ${ours} — a proxy may have changed the request.`;
  } else if (theirs !== undefined) {
    text += ` The gateway's canonical request was ${theirs}.`;
  }
  return text;
}

/** The error for a failure without an HTTP answer. */
export function networkError(
  outcome: { code: string; message: string; tls: boolean; cause: unknown; proxy?: ProxyHop | undefined },
  timeoutMs: number,
  ctx: FailureContext,
): NetworkError {
  const host = new URL(ctx.endpoint).host;
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : "";
  let message: string;
  if (outcome.proxy !== undefined) {
    message = proxyFailureMessage({ ...outcome, proxy: outcome.proxy }, { endpoint: ctx.endpoint, taskId: ctx.taskId, attempts: ctx.attempts, timeoutMs });
  } else if (outcome.tls) {
    message =
      `The TLS certificate of ${host} was refused (${outcome.code}: ${outcome.message}). Certificates are always verified; ` +
      `if this is a private endpoint, make Node trust its CA (NODE_EXTRA_CA_CERTS), otherwise check the endpoint is really Huawei Cloud.`;
  } else if (outcome.code === "ETIMEDOUT") {
    message = `No answer from ${ctx.endpoint} within ${timeoutMs} ms${tries} while reading task ${ctx.taskId}. Check the network path to ${host} or raise requestTimeoutMs; if this network reaches the internet only through a proxy, set HTTPS_PROXY (and check NO_PROXY).`;
  } else if (outcome.code === "ENOTFOUND" || outcome.code === "EAI_AGAIN") {
    message = `Could not resolve ${host}${tries} (${outcome.code}). Check the region (${ctx.endpoint}) and DNS; if this network resolves outside names only through a proxy, set HTTPS_PROXY=http://PROXY:PORT (the proxy then resolves the API host).`;
  } else if (outcome.code === "ECONNREFUSED") {
    message = `${ctx.endpoint} refused the connection${tries} (ECONNREFUSED). Check the endpoint and port, and that the service (or emulator) is running.`;
  } else {
    message = `The connection to ${ctx.endpoint} failed${tries} (${outcome.code}: ${outcome.message}) while reading task ${ctx.taskId}. Retry later; check the network path to ${host}.`;
  }
  return new NetworkError(
    message,
    { code: outcome.code, taskId: ctx.taskId, projectId: ctx.projectId, attempts: ctx.attempts },
    { cause: outcome.cause },
  );
}

/** A 2xx whose body is larger than the cap. */
export function tooLargeError(status: number, headers: IncomingHttpHeaders, bytes: number, limit: number): ResponseFormatError {
  const requestId = requestIdOf(headers);
  return new ResponseFormatError(
    `The stats response is larger than ${limit} bytes (HTTP ${status}, request id ${requestId ?? "none"}, ${bytes} bytes ${headers["content-length"] !== undefined ? "announced" : "received before stopping"}); it was not read. The stats answer is a few hundred bytes: check the endpoint is the DCS API.`,
    { status, ...(requestId === undefined ? {} : { requestId }) },
  );
}

/** A 2xx whose body is not JSON (HTML from a gateway or captive portal, empty). */
export function notJsonError(status: number, headers: IncomingHttpHeaders, body: string, cause: unknown): ResponseFormatError {
  const requestId = requestIdOf(headers);
  const type = typeof headers["content-type"] === "string" ? headers["content-type"] : "none";
  const start = body.trim() === "" ? "it is empty" : `it starts with ${quote(body.trim(), 64)}`;
  return new ResponseFormatError(
    `The DCS API answered HTTP ${status} with a body that is not JSON (content-type ${type}, request id ${requestId ?? "none"}): ${start}. A gateway, proxy or captive portal may have answered instead of DCS; check the endpoint.`,
    { status, ...(requestId === undefined ? {} : { requestId }) },
    { cause },
  );
}

/** A 2xx whose JSON body kept stopping before its end, on every attempt. */
export function cutOffError(status: number, headers: IncomingHttpHeaders, bytes: number, attempts: number, cause: unknown): ResponseFormatError {
  const requestId = requestIdOf(headers);
  const times = attempts > 1 ? `on ${attempts} attempts in a row` : "and was not retried";
  return new ResponseFormatError(
    `The DCS API answered HTTP ${status} with a JSON body cut off mid-way ${times} (last ${bytes} bytes, request id ${requestId ?? "none"}). A proxy or the gateway may be truncating responses; retry later, and give Huawei support the request id if it persists.`,
    { status, ...(requestId === undefined ? {} : { requestId }) },
    { cause },
  );
}
