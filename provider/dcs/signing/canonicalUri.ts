import { decodePercent, encodeRfc3986 } from "./encodeRfc3986";

/**
 * The CanonicalURI line of the canonical request, from the path exactly as it is on
 * the wire (already percent-encoded, no query). Each segment is decoded and encoded
 * again with {@link encodeRfc3986}, so `%21` and `!` canonicalize alike, as the
 * gateway does; the result always ends with `/` even though the request is sent
 * without it (FACTS.md §3).
 *
 * @throws TypeError when a segment holds a malformed `%` escape.
 */
export function canonicalUri(wirePath: string): string {
  const segments = wirePath.split("/").map((segment) => {
    const decoded = decodePercent(segment);
    if (decoded === undefined) {
      throw new TypeError(`Path segment ${JSON.stringify(segment)} holds a malformed percent escape`);
    }
    return encodeRfc3986(decoded);
  });
  let uri = segments.join("/");
  if (!uri.startsWith("/")) uri = "/" + uri;
  return uri.endsWith("/") ? uri : uri + "/";
}
