/**
 * Error answers shaped like Huawei's (FACTS.md §1): `{error_code, error_msg}`,
 * error_msg at most 1024 characters. Gateway (APIGW/APIG) errors also carry
 * `request_id` in the body, as the shared API Gateway does; DCS errors do not.
 */
export interface HuaweiError {
  readonly status: number;
  readonly code: string;
  readonly msg: string;
}

const MAX_MSG = 1024;

export function errorBody(error: HuaweiError, requestId: string): string {
  const msg = error.msg.length > MAX_MSG ? error.msg.slice(0, MAX_MSG) : error.msg;
  return error.code.startsWith("APIG")
    ? JSON.stringify({ error_code: error.code, error_msg: msg, request_id: requestId })
    : JSON.stringify({ error_code: error.code, error_msg: msg });
}

/** HTTP 400 — the API page's own example of a task that does not exist (FACTS.md §1: not 404). */
export const TASK_NOT_FOUND: HuaweiError = { status: 400, code: "DCS.4133", msg: "Instance job is not found." };

/** HTTP 404 for any path or method the emulated API does not serve (FACTS.md §1: DCS.4001). */
export const URL_NOT_FOUND: HuaweiError = { status: 404, code: "DCS.4001", msg: "URL not found." };

/** HTTP 500 when a Redis-backed task cannot be read (FACTS.md §1: DCS.5000). */
export const INTERNAL_ERROR: HuaweiError = { status: 500, code: "DCS.5000", msg: "Internal error." };

/**
 * HTTP 403 when the project in the URL is not the credentials' project. The real
 * code for this case is not published (FACTS.md §1 lists none); APIGW.0302 is the
 * gateway's "IAM user is not authorized" code, the closest documented one.
 */
export function projectMismatch(urlProjectId: string): HuaweiError {
  return {
    status: 403,
    code: "APIGW.0302",
    msg: `The IAM user is not authorized to access the API: project ${urlProjectId} does not match the credentials' project.`,
  };
}

/**
 * HTTP 401 `APIGW.0301`, the gateway's "Incorrect IAM authentication information"
 * (FACTS.md §1). Used for every authentication failure, including a request with
 * no credentials at all: the gateway answers that with the same code rather than
 * a distinct one.
 */
export function authFailed(detail: string): HuaweiError {
  return { status: 401, code: "APIGW.0301", msg: `Incorrect IAM authentication information: ${detail}` };
}

/**
 * HTTP 401 for a signature that does not verify: the gateway quotes its own
 * canonical request with newlines shown as `|`, so a client can compare it with
 * the one it signed (FACTS.md §1).
 */
export function signatureMismatch(serverCanonicalRequest: string): HuaweiError {
  return {
    status: 401,
    code: "APIGW.0301",
    msg: `verify aksk signature fail, canonicalRequest:${serverCanonicalRequest.replace(/\n/g, "|")}`,
  };
}

/** HTTP 429 `APIG.0308` (FACTS.md §1). */
export const THROTTLED: HuaweiError = {
  status: 429,
  code: "APIG.0308",
  msg: "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute",
};

/**
 * The answer of an injected `status` fault. Defaults to DCS.5000 for 5xx (the one
 * server-side code FACTS.md §1 lists) and DCS.4000 otherwise; both can be overridden.
 */
export function injectedError(status: number, code?: string, msg?: string): HuaweiError {
  if (status === 500 && code === undefined && msg === undefined) return INTERNAL_ERROR;
  return {
    status,
    code: code ?? (status >= 500 ? "DCS.5000" : "DCS.4000"),
    msg: msg ?? (status === 503 ? "Service unavailable, please try again later." : `Injected HTTP ${status}.`),
  };
}
