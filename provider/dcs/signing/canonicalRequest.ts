import { canonicalHeaders, signedHeadersLine, type HeaderMap } from "./canonicalHeaders";
import { canonicalQueryString } from "./canonicalQueryString";
import { canonicalUri } from "./canonicalUri";
import { hashPayload } from "./hashPayload";

/** What the canonical request is built from; the same input on the client and in a verifier. */
export interface CanonicalRequestInput {
  /** HTTP method; uppercased. */
  readonly method: string;
  /** Path exactly as on the wire, percent-encoded, without the query. */
  readonly path: string;
  /** Raw query string as on the wire, with or without the leading `?`; empty or omitted for none. */
  readonly query?: string;
  /** Request headers, any name case. Only the signed ones are read. */
  readonly headers: HeaderMap;
  /** Names of the signed headers (e.g. from the `SignedHeaders=` part of `Authorization`). */
  readonly signedHeaders: Iterable<string>;
  /** Request body; omitted or empty for none. Ignored when `payloadHash` is given. */
  readonly body?: string | Uint8Array;
  /** Precomputed hex sha256 of the body (the SDK's `X-Sdk-Content-Sha256`). */
  readonly payloadHash?: string;
}

/**
 * `METHOD\nCanonicalURI\nCanonicalQueryString\nCanonicalHeaders\nSignedHeaders\nhex(sha256(body))`
 * (FACTS.md §3). CanonicalHeaders already ends with `\n`, so a blank line precedes
 * SignedHeaders, exactly as the official signer joins them.
 */
export function canonicalRequest(input: CanonicalRequestInput): string {
  const signed = [...input.signedHeaders];
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQueryString(input.query ?? ""),
    canonicalHeaders(input.headers, signed),
    signedHeadersLine(signed),
    input.payloadHash ?? hashPayload(input.body),
  ].join("\n");
}
