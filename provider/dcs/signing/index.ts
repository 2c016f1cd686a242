/**
 * AK/SK request signing (`SDK-HMAC-SHA256`, FACTS.md §3) as small pure steps, shared
 * by the client (to sign) and the emulator (to verify).
 */
export { encodeRfc3986, decodePercent } from "./encodeRfc3986";
export { canonicalUri } from "./canonicalUri";
export { canonicalQueryString } from "./canonicalQueryString";
export { canonicalHeaders, signedHeadersLine, sortedSignedHeaderNames, type HeaderMap } from "./canonicalHeaders";
export { hashPayload, EMPTY_BODY_SHA256 } from "./hashPayload";
export { canonicalRequest, type CanonicalRequestInput } from "./canonicalRequest";
export { stringToSign, SIGNING_ALGORITHM } from "./stringToSign";
export { hmacSignature } from "./hmacSignature";
export { formatSdkDate, parseSdkDate, SDK_DATE_MAX_SKEW_MS } from "./sdkDate";
export { authorizationHeader, parseAuthorizationHeader, type AuthorizationParts } from "./authorizationHeader";
export { signRequest, type SignRequestInput, type SignedRequest } from "./signRequest";
export {
  verifySignature,
  type VerifySignatureInput,
  type VerifySignatureResult,
  type VerifyFailureReason,
} from "./verifySignature";
