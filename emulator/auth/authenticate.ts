import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  canonicalRequest,
  formatSdkDate,
  hashPayload,
  hmacSignature,
  parseAuthorizationHeader,
  parseSdkDate,
  SDK_DATE_MAX_SKEW_MS,
  stringToSign,
} from "../../provider/dcs";
import { authFailed, signatureMismatch, type HuaweiError } from "../huaweiErrors";
import type { TemporaryCredentials } from "./temporaryCredentials";
import type { VerifiedSignatures } from "./verifiedSignatures";

/** The one identity the emulator accepts. Emulator-only test values, never real credentials. */
export interface EmulatorCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
  /** Accepted in `X-Auth-Token` (FACTS.md §3: token auth instead of AK/SK). */
  readonly authToken: string;
  /** When set, the key pair is temporary: AK/SK requests must send and sign this `X-Security-Token`. */
  readonly securityToken?: string | undefined;
}

/** A request as the server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Raw path, percent-encoded, no query. */
  readonly path: string;
  /** Raw query without `?`; empty for none. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: Buffer;
}

export type AuthResult = { readonly ok: true; readonly via: "aksk" | "token" } | { readonly ok: false; readonly error: HuaweiError };

/** The SDK's marker for a body left out of the signature (`X-Sdk-Content-Sha256`). */
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

const OK_TOKEN: AuthResult = { ok: true, via: "token" };
const OK_AKSK: AuthResult = { ok: true, via: "aksk" };

/**
 * Authenticates a request the way the API Gateway does (FACTS.md §3): `X-Auth-Token`
 * compared with the configured token, otherwise an `SDK-HMAC-SHA256` signature
 * verified by rebuilding the canonical request from what arrived, with the same
 * pure steps the client signs with (provider/signing). Every failure is a 401
 * `APIGW.0301`; a signature mismatch quotes the server's canonical request.
 *
 * Temporary keys registered in `temporary` (a fake IAM issued them) are accepted too, with their
 * security token, until their `expiresAt` on the gateway's clock; then they are refused with the
 * gateway's wording for expired temporary keys, `calc ak sk signature fail:signature expired`
 * (Huawei's SIS FAQ "calc ak sk signature fail:signature expired").
 */
export function authenticate(
  req: ReceivedRequest,
  primary: EmulatorCredentials,
  nowMs: number,
  maxSkewMs: number = SDK_DATE_MAX_SKEW_MS,
  verified?: VerifiedSignatures,
  temporary?: TemporaryCredentials,
): AuthResult {
  let credentials: EmulatorCredentials = primary;
  const token = single(req.headers["x-auth-token"]);
  if (token !== undefined) {
    return safeEqual(token, credentials.authToken) ? OK_TOKEN : fail("decrypt token fail");
  }
  const authorization = req.headers.authorization;
  if (authorization === undefined) return fail("neither Authorization nor X-Auth-Token header found");
  const parts = parseAuthorizationHeader(authorization);
  if (parts === undefined) return fail("unsupported Authorization, expected SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…");
  if (parts.accessKey !== primary.accessKey) {
    const issued = temporary?.get(parts.accessKey);
    if (issued === undefined) return fail(`ak ${parts.accessKey} not exist`);
    if (nowMs >= issued.expiresAt) return fail("calc ak sk signature fail:signature expired");
    credentials = { accessKey: issued.accessKey, secretKey: issued.secretKey, securityToken: issued.securityToken, authToken: primary.authToken };
  }

  const sdkDate = single(req.headers["x-sdk-date"]);
  if (sdkDate === undefined) return fail("x-sdk-date header not found");
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return fail(`x-sdk-date ${JSON.stringify(sdkDate)} is not YYYYMMDDTHHMMSSZ`);
  if (!parts.signedHeaders.includes("x-sdk-date")) return fail("x-sdk-date is not a signed header");
  if (Math.abs(nowMs - signedAt) > maxSkewMs) {
    // The gateway's wording, both times included (Huawei APIG FAQ "signature expired": more than 15 minutes apart).
    return fail(`signature expired, signature time:${sdkDate},server time:${formatSdkDate(new Date(nowMs))}`);
  }

  const sentToken = single(req.headers["x-security-token"]);
  if (credentials.securityToken !== undefined) {
    if (sentToken === undefined) return fail("x-security-token header not found for temporary credentials");
    if (!parts.signedHeaders.includes("x-security-token")) return fail("x-security-token is not a signed header");
    if (!safeEqual(sentToken, credentials.securityToken)) return fail("verify security token fail");
  } else if (sentToken !== undefined) {
    return fail("verify security token fail: the access key is permanent");
  }

  const contentSha = single(req.headers["x-sdk-content-sha256"]);
  const key = verified === undefined || req.body !== undefined ? undefined : cacheKey(req, authorization, parts.signedHeaders, contentSha);
  if (key !== undefined && verified?.has(key) === true) return OK_AKSK;
  let canonical: string;
  try {
    canonical = canonicalRequest({
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      signedHeaders: parts.signedHeaders,
      payloadHash: contentSha === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : hashPayload(req.body),
    });
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const expected = hmacSignature(credentials.secretKey, stringToSign(sdkDate, canonical));
  if (!safeEqual(expected, parts.signature)) {
    return { ok: false, error: signatureMismatch(redactSecurityToken(canonical)) };
  }
  if (key !== undefined) verified?.add(key);
  return OK_AKSK;
}

/** Everything the signature covers, as one string (see VerifiedSignatures). */
function cacheKey(req: ReceivedRequest, authorization: string, signedHeaders: readonly string[], contentSha: string | undefined): string {
  let key = `${req.method}\n${req.path}\n${req.query}\n${authorization}\n${contentSha ?? ""}`;
  for (const name of signedHeaders) key += `\n${single(req.headers[name]) ?? "\u0000"}`;
  return key;
}

/**
 * The security token is a credential: it is not echoed back in the quoted
 * canonical request, so it cannot reach a client's error message or log.
 */
function redactSecurityToken(canonical: string): string {
  return canonical.replace(/^x-security-token:.*$/m, "x-security-token:<redacted>");
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

function fail(detail: string): AuthResult {
  return { ok: false, error: authFailed(detail) };
}
