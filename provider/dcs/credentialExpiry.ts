import type { ClockSkew } from "./clockSkew";

/** What a 401 says about the credential's age. */
export interface ExpiryEvidence {
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly credentialKind: "aksk" | "token";
  /** The request carried `X-Security-Token`: the keys are temporary. */
  readonly hasSecurityToken: boolean;
  /** What the same 401 says about this machine's clock (`detectClockSkew`). */
  readonly skew: ClockSkew | undefined;
}

/** Codes the gateway answers an IAM token that must be renewed with ("The token must be updated.", Huawei APIG error codes). */
const TOKEN_UPDATE_CODES: ReadonlySet<string> = new Set(["APIGW.0307", "APIG.0307"]);

/** `token expires, expires_at: …` (Huawei APIG FAQ on APIG.0301) and the like for security tokens. */
const EXPIRED_WORDS = /\btoken expires\b|\btoken (?:has |is )?expired\b|security[ _-]?token[^,;]*\bexpire|\bexpired?\b[^,;]*security[ _-]?token|credential[^,;]*\bexpired\b/i;

/** The gateway's "signature expired" (`calc ak sk signature fail:signature expired`: temporary AK/SK expired, Huawei SIS FAQ). */
const SIGNATURE_EXPIRED = /signature expired/i;

/** Distance from the API's clock under which "signature expired" cannot be this machine's clock's fault (the gateway allows 15 min). */
const CLOCK_FINE_MS = 5 * 60_000;

/**
 * Whether a 401 means the credential expired — not that it is wrong: IAM token expiry (`APIGW.0307`,
 * `token expires …`), a security token named expired, or "signature expired" for temporary keys
 * while this machine's clock agrees with the API's (then the keys, not the clock, are out of date;
 * with a wrong clock the clock is named instead, `clockSkew.ts`). Pure.
 */
export function credentialExpired(e: ExpiryEvidence): boolean {
  if (e.status !== 401) return false;
  if (e.errorCode !== undefined && TOKEN_UPDATE_CODES.has(e.errorCode)) return true;
  const msg = e.errorMsg ?? "";
  if (EXPIRED_WORDS.test(msg)) return true;
  if (e.credentialKind === "aksk" && e.hasSecurityToken && SIGNATURE_EXPIRED.test(msg)) {
    const skew = e.skew;
    const clockFine = skew !== undefined && skew.kind === "measured" && Math.abs(skew.skewMs) < CLOCK_FINE_MS;
    return clockFine;
  }
  return false;
}
