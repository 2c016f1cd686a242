import { authorizationHeader } from "./authorizationHeader";
import { canonicalRequest } from "./canonicalRequest";
import { hmacSignature } from "./hmacSignature";
import { formatSdkDate } from "./sdkDate";
import { stringToSign } from "./stringToSign";

/** A request to sign. Every header in `headers` is signed, as the official SDK does. */
export interface SignRequestInput {
  readonly method: string;
  /** Full URL; its pathname must already be percent-encoded as it will be sent. */
  readonly url: URL;
  /** Headers to send and sign, e.g. `X-Project-Id`, `Content-Type`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Temporary-credential token; sent and signed as `X-Security-Token` when present (FACTS.md §3). */
  readonly securityToken?: string | undefined;
  /** Signing time; injected so tests can fix it. */
  readonly date: Date;
}

export interface SignedRequest {
  /** Headers to send: the input headers plus `Host`, `X-Sdk-Date`, `X-Security-Token` (if any) and `Authorization`. */
  readonly headers: Record<string, string>;
  /**
   * The canonical request that was signed, for comparison with the one the gateway
   * quotes in `APIGW.0301`. Holds the security token when there is one: never log it unredacted.
   */
  readonly canonicalRequest: string;
}

/**
 * Signs a request with the gateway's AK/SK scheme: canonical request → string to
 * sign → HMAC → `Authorization` header (FACTS.md §3). Pure: same input, same output.
 */
export function signRequest(input: SignRequestInput): SignedRequest {
  const sdkDate = formatSdkDate(input.date);
  const headers: Record<string, string> = { ...input.headers, Host: input.url.host, "X-Sdk-Date": sdkDate };
  if (input.securityToken !== undefined && input.securityToken !== "") {
    headers["X-Security-Token"] = input.securityToken;
  }
  const signedHeaders = Object.keys(headers);
  const canonical = canonicalRequest({
    method: input.method,
    path: input.url.pathname,
    query: input.url.search,
    headers,
    signedHeaders,
    ...(input.body === undefined ? {} : { body: input.body }),
  });
  const signature = hmacSignature(input.secretKey, stringToSign(sdkDate, canonical));
  headers["Authorization"] = authorizationHeader({ accessKey: input.accessKey, signedHeaders, signature });
  return { headers, canonicalRequest: canonical };
}
