import { createHash } from "node:crypto";

/** hex(sha256("")) — the payload hash of every bodiless request, such as the stats GET (FACTS.md §3). */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** hex(sha256(body)), the last line of the canonical request. Strings are hashed as UTF-8. */
export function hashPayload(body: string | Uint8Array | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return createHash("sha256").update(body).digest("hex");
}
