import { sortedSignedHeaderNames } from "./canonicalHeaders";
import { SIGNING_ALGORITHM } from "./stringToSign";

/** The parts of an `Authorization: SDK-HMAC-SHA256 …` header. */
export interface AuthorizationParts {
  readonly accessKey: string;
  /** Lowercase names in the order they were listed. */
  readonly signedHeaders: readonly string[];
  /** Lowercase hex. */
  readonly signature: string;
}

/** `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>` (FACTS.md §3). */
export function authorizationHeader(parts: AuthorizationParts): string {
  const signed = sortedSignedHeaderNames(parts.signedHeaders).join(";");
  return `${SIGNING_ALGORITHM} Access=${parts.accessKey}, SignedHeaders=${signed}, Signature=${parts.signature}`;
}

/**
 * Reads an `Authorization` header back into its parts, for a server that verifies
 * signatures. Undefined when the scheme is not SDK-HMAC-SHA256 or a part is missing.
 */
export function parseAuthorizationHeader(value: string): AuthorizationParts | undefined {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(value);
  if (m === null) return undefined;
  const [, accessKey, signed, signature] = m as unknown as [string, string, string, string];
  return {
    accessKey,
    signedHeaders: signed.split(";").map((h) => h.toLowerCase()),
    signature: signature.toLowerCase(),
  };
}
