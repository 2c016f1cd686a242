import { createHmac } from "node:crypto";

/** hex(HMAC-SHA256(SK, stringToSign)), keyed with the raw secret key: no key derivation (FACTS.md §3). */
export function hmacSignature(secretKey: string, stringToSignText: string): string {
  return createHmac("sha256", secretKey).update(stringToSignText, "utf8").digest("hex");
}
