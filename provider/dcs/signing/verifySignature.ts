import { timingSafeEqual } from "node:crypto";
import type { HeaderMap } from "./canonicalHeaders";
import { parseAuthorizationHeader } from "./authorizationHeader";
import { canonicalRequest } from "./canonicalRequest";
import { hmacSignature } from "./hmacSignature";
import { parseSdkDate, SDK_DATE_MAX_SKEW_MS } from "./sdkDate";
import { stringToSign } from "./stringToSign";

/** An incoming request as a server sees it. */
export interface VerifySignatureInput {
  readonly method: string;
  /** Raw path as received, percent-encoded, without the query. */
  readonly path: string;
  /** Raw query as received, with or without `?`. */
  readonly query?: string;
  /** Request headers (Node's `req.headers`: lowercase names). */
  readonly headers: HeaderMap;
  readonly body?: string | Uint8Array;
  /** Secret key of an access key, or undefined when the access key is unknown. */
  readonly secretKeyFor: (accessKey: string) => string | undefined;
  /** Server time, epoch ms. */
  readonly now: number;
  /** @default SDK_DATE_MAX_SKEW_MS (15 minutes, FACTS.md §3) */
  readonly maxSkewMs?: number;
}

export type VerifyFailureReason =
  | "missing-authorization"
  | "malformed-authorization"
  | "unknown-access-key"
  | "missing-date"
  | "malformed-date"
  | "date-not-signed"
  | "clock-skew"
  | "malformed-request"
  | "signature-mismatch";

export type VerifySignatureResult =
  | { readonly ok: true; readonly accessKey: string; readonly canonicalRequest: string }
  | {
      readonly ok: false;
      readonly reason: VerifyFailureReason;
      readonly message: string;
      /** The canonical request the server computed, when it got that far (the gateway quotes it in APIGW.0301). */
      readonly canonicalRequest?: string;
    };

/**
 * Checks an `SDK-HMAC-SHA256` signature the way the gateway does (FACTS.md §3):
 * rebuilds the canonical request from what was received and the client's own
 * SignedHeaders list, requires `x-sdk-date` to be signed and within the skew window,
 * and compares signatures in constant time. Pure; the emulator wraps it.
 */
export function verifySignature(input: VerifySignatureInput): VerifySignatureResult {
  const auth = headerValue(input.headers, "authorization");
  if (auth === undefined) return fail("missing-authorization", "The request has no Authorization header");
  const parts = parseAuthorizationHeader(auth);
  if (parts === undefined) {
    return fail("malformed-authorization", "Authorization is not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`");
  }
  const secretKey = input.secretKeyFor(parts.accessKey);
  if (secretKey === undefined) return fail("unknown-access-key", `Access key ${parts.accessKey} is not known`);
  const sdkDate = headerValue(input.headers, "x-sdk-date");
  if (sdkDate === undefined) return fail("missing-date", "The request has no X-Sdk-Date header");
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return fail("malformed-date", `X-Sdk-Date ${JSON.stringify(sdkDate)} is not YYYYMMDDTHHMMSSZ`);
  if (!parts.signedHeaders.includes("x-sdk-date")) return fail("date-not-signed", "x-sdk-date is not in SignedHeaders");
  const maxSkew = input.maxSkewMs ?? SDK_DATE_MAX_SKEW_MS;
  if (Math.abs(input.now - signedAt) > maxSkew) {
    return fail("clock-skew", `X-Sdk-Date ${sdkDate} is more than ${Math.round(maxSkew / 60000)} minutes from server time`);
  }
  let canonical: string;
  try {
    canonical = canonicalRequest({
      method: input.method,
      path: input.path,
      query: input.query ?? "",
      headers: input.headers,
      signedHeaders: parts.signedHeaders,
      ...(input.body === undefined ? {} : { body: input.body }),
    });
  } catch (e) {
    return fail("malformed-request", e instanceof Error ? e.message : String(e));
  }
  const expected = Buffer.from(hmacSignature(secretKey, stringToSign(sdkDate, canonical)), "utf8");
  const given = Buffer.from(parts.signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return fail("signature-mismatch", "The signature does not match the canonical request", canonical);
  }
  return { ok: true, accessKey: parts.accessKey, canonicalRequest: canonical };
}

function headerValue(headers: HeaderMap, lowerName: string): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === lowerName && value !== undefined) return typeof value === "string" ? value : value.join(",");
  }
  return undefined;
}

function fail(reason: VerifyFailureReason, message: string, canonical?: string): VerifySignatureResult {
  return canonical === undefined ? { ok: false, reason, message } : { ok: false, reason, message, canonicalRequest: canonical };
}
