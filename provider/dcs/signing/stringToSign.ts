import { createHash } from "node:crypto";

/** The only algorithm the gateway's AK/SK scheme defines (FACTS.md §3). */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** `SDK-HMAC-SHA256\n<X-Sdk-Date>\nhex(sha256(canonicalRequest))` (FACTS.md §3). */
export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  const digest = createHash("sha256").update(canonicalRequestText, "utf8").digest("hex");
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${digest}`;
}
