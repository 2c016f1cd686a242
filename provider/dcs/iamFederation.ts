import type * as http from "node:http";
import { parseApiErrorBody } from "./apiErrorBody";
import type { ClientTunables } from "../settings/clientOptions";
import { abortedError, type Clock } from "../core/clock";
import type { FederationSettings } from "../settings/credentials";
import { AbortedError } from "../core/errors";
import { requestIdOf } from "./failureErrors";
import { sendHttpRequest, type HttpOutcome } from "../http/httpRequest";
import { quote } from "../core/quote";
import { redact } from "../core/redact";
import { decideRetry, type AttemptResult } from "./retryPolicy";
import { encodeRfc3986 } from "./signing";
import { FederationError } from "./federationError";

/** Temporary keys IAM issued, and when they stop working (epoch ms). */
export interface TemporaryKeys {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
  readonly expiresAt: number;
}

/** What Huawei's SDK asks for, and IAM's default (FACTS.md §10): 6 hours. */
export const FEDERATION_DURATION_SECONDS = 21_600;

/** Sent with every IAM request, like the DCS client's. */
const USER_AGENT = "pulumi-dcs-migration";

/** What one exchange needs: where IAM is, the transport, and the client's retry and time limits. */
export interface IamExchange {
  readonly federation: FederationSettings;
  /** The connection pool for IAM's origin (`createClientAgent`: proxies as for DCS). */
  readonly agent: http.Agent;
  readonly tunables: Pick<ClientTunables, "maxRetries" | "baseDelayMs" | "maxDelayMs" | "maxRetryAfterMs" | "throttleMinDelayMs" | "requestTimeoutMs" | "maxResponseBytes">;
  readonly clock: Clock;
  readonly random: () => number;
  /** One line per attempt, like the DCS client's trace; never a token or key. */
  readonly debug?: ((line: string) => void) | undefined;
  /** Counts every request put on the wire (tests and benchmarks). */
  readonly onRequest?: (() => void) | undefined;
}

/**
 * OIDC federation as Huawei's Node SDK core does it (FACTS.md §10): the ID token buys an unscoped
 * token (`POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/oidc/auth`, `X-Subject-Token`),
 * which buys temporary keys (`POST /v3.0/OS-CREDENTIAL/securitytokens`). Both go through the DCS
 * client's transport (axios instance, proxies, TLS always verified, one deadline per attempt) and
 * retry transient failures with its policy; neither POST changes anything that a repeat would
 * duplicate harmfully (a repeat issues another short-lived token).
 *
 * @throws FederationError (refused, unreachable, bad answer), AbortedError.
 */
export async function exchangeIdToken(x: IamExchange, idToken: string, signal: AbortSignal): Promise<TemporaryKeys> {
  const iam = x.federation.iamEndpoint;
  const secrets = [idToken];
  const auth = await post(
    x,
    "oidc-auth",
    new URL(`${iam}/v3/OS-FEDERATION/identity_providers/${encodeRfc3986(x.federation.idpId)}/protocols/oidc/auth`),
    { Authorization: `Bearer ${idToken}` },
    "{}",
    secrets,
    signal,
  );
  const unscoped = firstHeader(auth.headers["x-subject-token"]);
  if (unscoped === undefined || unscoped.trim() === "") {
    throw new FederationError(
      `IAM at ${iam} accepted the OIDC ID token (HTTP ${auth.status}, request id ${requestIdOf(auth.headers) ?? "none"}) but sent no X-Subject-Token header; check that ${x.federation.names.iamEndpoint} points at Huawei Cloud IAM.`,
      { failure: "bad-answer", step: "oidc-auth", status: auth.status, requestId: requestIdOf(auth.headers) },
    );
  }
  secrets.push(unscoped);
  const body = JSON.stringify({ auth: { identity: { methods: ["token"], token: { duration_seconds: FEDERATION_DURATION_SECONDS } } } });
  const keys = await post(x, "security-token", new URL(`${iam}/v3.0/OS-CREDENTIAL/securitytokens`), { "X-Auth-Token": unscoped }, body, secrets, signal);
  return parseKeys(keys, iam);
}

type Answer = { readonly status: number; readonly headers: http.IncomingHttpHeaders; readonly body: string };

/** One IAM call with the client's retry policy. */
async function post(
  x: IamExchange,
  step: "oidc-auth" | "security-token",
  url: URL,
  auth: Record<string, string>,
  body: string,
  secrets: readonly string[],
  signal: AbortSignal,
): Promise<Answer> {
  const t = x.tunables;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw abortedError(signal);
    const startedAt = x.clock.now();
    x.onRequest?.();
    const outcome = await sendHttpRequest({
      method: "POST",
      url,
      headers: { ...auth, "Content-Type": "application/json;charset=UTF-8", Accept: "application/json", "User-Agent": USER_AGENT },
      body,
      timeoutMs: t.requestTimeoutMs,
      maxResponseBytes: t.maxResponseBytes,
      agent: x.agent,
      signal,
    });
    const elapsed = x.clock.now() - startedAt;
    if (outcome.kind === "aborted") throw abortedError(signal);
    const judged = judge(outcome);
    if (judged.kind === "answer") {
      trace(x, url, attempt, `HTTP ${judged.answer.status}`, requestIdOf(judged.answer.headers), elapsed, undefined);
      return judged.answer;
    }
    const decision = decideRetry(judged.retry, attempt, t, x.clock.now(), x.random);
    trace(x, url, attempt, judged.trace, judged.requestId, elapsed, decision.retry ? decision.delayMs : undefined);
    if (!decision.retry) throw failure(x, step, outcome, attempt, secrets);
    try {
      await x.clock.sleep(decision.delayMs, signal);
    } catch (e) {
      if (e instanceof AbortedError || signal.aborted) throw abortedError(signal, "The credential renewal was cancelled during a retry backoff");
      throw e;
    }
  }
}

function judge(
  outcome: Exclude<HttpOutcome, { kind: "aborted" }>,
): { kind: "answer"; answer: Answer } | { kind: "failure"; retry: AttemptResult; trace: string; requestId: string | undefined } {
  if (outcome.kind === "network") return { kind: "failure", retry: { kind: "network", code: outcome.code, tls: outcome.tls }, trace: outcome.code, requestId: undefined };
  if (outcome.kind === "too-large") return { kind: "failure", retry: { kind: "status", status: 400 }, trace: `HTTP ${outcome.status} body too large`, requestId: requestIdOf(outcome.headers) };
  if (outcome.status >= 200 && outcome.status < 300) return { kind: "answer", answer: outcome };
  const retryAfter = firstHeader(outcome.headers["retry-after"]);
  return { kind: "failure", retry: { kind: "status", status: outcome.status, retryAfter }, trace: `HTTP ${outcome.status}`, requestId: requestIdOf(outcome.headers) };
}

/** The error for the last attempt: what IAM said (scrubbed), what it means, what to do. */
function failure(
  x: IamExchange,
  step: "oidc-auth" | "security-token",
  outcome: Exclude<HttpOutcome, { kind: "aborted" }>,
  attempts: number,
  secrets: readonly string[],
): FederationError {
  const f = x.federation;
  const scrub = (s: string): string => redact(s, secrets);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const exchange = step === "oidc-auth" ? "exchange the OIDC ID token" : "issue temporary keys";
  if (outcome.kind === "network") {
    const proxy = outcome.proxy === undefined ? "" : ` through the proxy ${outcome.proxy.hostPort} (from ${outcome.proxy.variable})`;
    return new FederationError(
      `Could not reach IAM at ${f.iamEndpoint}${proxy} to ${exchange}${tries} (${outcome.code}: ${scrub(outcome.message)}). ` +
        `Check the network path to IAM and ${f.names.iamEndpoint} (HUAWEICLOUD_SDK_IAM_ENDPOINT or the iamEndpoint setting overrides it); ` +
        `if this network reaches the internet only through a proxy, set HTTPS_PROXY.`,
      { failure: "unreachable", step, code: outcome.code },
      { cause: outcome.cause },
    );
  }
  const requestId = requestIdOf(outcome.headers);
  if (outcome.kind === "too-large") {
    return new FederationError(`IAM at ${f.iamEndpoint} answered HTTP ${outcome.status} with a body over ${x.tunables.maxResponseBytes} bytes; check that ${f.names.iamEndpoint} points at Huawei Cloud IAM.`, {
      failure: "bad-answer",
      step,
      status: outcome.status,
      requestId,
    });
  }
  const parsed = parseApiErrorBody(outcome.body);
  // Keystone-style bodies repeat the status as `error.code`; show it once.
  const code = parsed.errorCode === String(outcome.status) ? undefined : parsed.errorCode;
  const said = code !== undefined || parsed.errorMsg !== undefined ? `${code ?? ""} ${scrub(parsed.errorMsg ?? "")}`.trim() : outcome.body.trim() === "" ? "no body" : quote(scrub(outcome.body.trim()), 80);
  const head = `IAM at ${f.iamEndpoint} refused to ${exchange} (HTTP ${outcome.status} ${said}, request id ${requestId ?? "none"}${tries})`;
  const transient = outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
  const advice = transient
    ? "IAM kept failing; retry later."
    : step === "oidc-auth" && (outcome.status === 401 || outcome.status === 403 || outcome.status === 400)
      ? `The identity provider ${f.idpId} (from ${f.names.idpId}) did not accept the ID token in ${f.idTokenFile} (from ${f.names.idTokenFile}): check that the provider exists in IAM with protocol oidc, that its issuer, client id (audience) and signing keys match this CI system's tokens, that its identity conversion rules map the token's claims to a user group, and that the token is not expired (the token is not shown).`
      : step === "oidc-auth" && outcome.status === 404
        ? `IAM has no identity provider ${f.idpId} (from ${f.names.idpId}) with protocol oidc, or ${f.names.iamEndpoint} is not IAM; check the provider's name in IAM → Identity Providers.`
        : `The federated user could not get temporary keys: check that the user group the identity provider ${f.idpId} maps to exists and has permissions.`;
  return new FederationError(`${head}. ${advice}`, {
    failure: transient ? "unreachable" : "refused",
    step,
    status: outcome.status,
    errorCode: parsed.errorCode,
    requestId,
  });
}

/** `{credential: {access, secret, securitytoken, expires_at}}` into keys, or a bad-answer error naming the field (never its value). */
function parseKeys(answer: Answer, iam: string): TemporaryKeys {
  const bad = (what: string): FederationError =>
    new FederationError(`IAM at ${iam} issued no usable temporary keys (HTTP ${answer.status}, request id ${requestIdOf(answer.headers) ?? "none"}): ${what}.`, {
      failure: "bad-answer",
      step: "security-token",
      status: answer.status,
      requestId: requestIdOf(answer.headers),
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw bad("the body is not JSON");
  }
  const credential = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)["credential"] : undefined;
  if (typeof credential !== "object" || credential === null) throw bad("no `credential` object");
  const c = credential as Record<string, unknown>;
  const field = (name: string): string => {
    const v = c[name];
    if (typeof v !== "string" || !/^[\x21-\x7e]+$/.test(v)) throw bad(`\`credential.${name}\` is missing or not a header-safe string`);
    return v;
  };
  const expiresText = field("expires_at");
  const expiresAt = parseExpiresAt(expiresText);
  if (expiresAt === undefined) throw bad(`\`credential.expires_at\` ${JSON.stringify(expiresText.slice(0, 40))} is not a time`);
  return { accessKey: field("access"), secretKey: field("secret"), securityToken: field("securitytoken"), expiresAt };
}

/** IAM writes `2026-12-07T21:00:00.000000Z` (microseconds); keep milliseconds, as Huawei's SDK does. */
export function parseExpiresAt(text: string): number | undefined {
  const normalized = text.replace(/(\.\d{3})\d+(Z|[+-]\d{2}:?\d{2})$/, "$1$2");
  const at = Date.parse(normalized);
  return Number.isFinite(at) ? at : undefined;
}

function trace(x: IamExchange, url: URL, attempt: number, what: string, requestId: string | undefined, elapsedMs: number, retryInMs: number | undefined): void {
  if (x.debug === undefined) return;
  const retry = retryInMs === undefined ? "" : `; retry in ${retryInMs} ms`;
  try {
    x.debug(`[dcs-migration] POST ${url.href} attempt ${attempt}/${x.tunables.maxRetries + 1} → ${what} request-id=${requestId ?? "-"} ${elapsedMs} ms${retry}`);
  } catch {
    // A broken debug sink must not fail the renewal it describes.
  }
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
