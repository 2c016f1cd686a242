import { parseSdkDate, SDK_DATE_MAX_SKEW_MS } from "./signing";

/** When a 401 is blamed on this machine's clock. */
export const CLOCK_SKEW_DEFAULTS = {
  /**
   * A 401 whose response `Date` is this far from our clock is blamed on the clock, even when
   * the gateway does not say so: a third of the gateway's 15-minute allowance (FACTS.md §3),
   * far above network delay and the header's one-second resolution.
   */
  dateHeaderMinSkewMs: 5 * 60_000,
} as const;

/** What a 401 tells about this machine's clock. */
export type ClockSkew =
  | {
      readonly kind: "measured";
      /** Our clock minus the API's, in ms: > 0 means this machine is ahead. */
      readonly skewMs: number;
      /** The gateway's own "signature time … server time" figures, or the response's `Date` header. */
      readonly from: "gateway" | "date-header";
      /** Whether the gateway itself said the signature's date was out of range. */
      readonly gatewaySaidExpired: boolean;
    }
  | {
      /** The gateway says the signature expired but gives no time to measure against. */
      readonly kind: "unmeasured";
    };

/** What a refused request left to judge the clock by. */
export interface ClockEvidence {
  readonly status: number;
  /** The gateway's `error_msg`. */
  readonly errorMsg?: string | undefined;
  /** The response's `Date` header. */
  readonly dateHeader?: string | undefined;
  /** Our clock when the response arrived, epoch ms. */
  readonly receivedAt?: number | undefined;
}

/**
 * The gateway's refusal of an out-of-range `X-Sdk-Date`, e.g. `signature expired, signature
 * time:20230527T000431Z,server time:20230527T020608Z` (Huawei APIG FAQ, "signature expired").
 */
const EXPIRED = /signature expired|x-sdk-date\b[^,]*\b(?:expired|out of range|differs from server time)/i;
const TIMES = /signature time:\s*(\d{8}T\d{6}Z)\s*,\s*server time:\s*(\d{8}T\d{6}Z)/i;

/**
 * Whether a refused request points at this machine's clock, and by how much. Only a 401
 * counts (a wrong clock breaks authentication, nothing else). The gateway's own figures win;
 * otherwise the response's `Date` header against our clock at receipt: any distance when the
 * gateway said the signature expired, beyond `minSkewMs` when it did not. Pure.
 */
export function detectClockSkew(evidence: ClockEvidence, minSkewMs: number = CLOCK_SKEW_DEFAULTS.dateHeaderMinSkewMs): ClockSkew | undefined {
  if (evidence.status !== 401) return undefined;
  const msg = evidence.errorMsg ?? "";
  const gatewaySaidExpired = EXPIRED.test(msg);
  const times = TIMES.exec(msg);
  if (times !== null) {
    const signedAt = parseSdkDate(times[1] ?? "");
    const serverAt = parseSdkDate(times[2] ?? "");
    if (signedAt !== undefined && serverAt !== undefined) {
      return { kind: "measured", skewMs: signedAt - serverAt, from: "gateway", gatewaySaidExpired: true };
    }
  }
  const apiAt = evidence.dateHeader === undefined ? NaN : Date.parse(evidence.dateHeader);
  if (Number.isFinite(apiAt) && evidence.receivedAt !== undefined && Number.isFinite(evidence.receivedAt)) {
    const skewMs = evidence.receivedAt - apiAt;
    if (gatewaySaidExpired || Math.abs(skewMs) > minSkewMs) return { kind: "measured", skewMs, from: "date-header", gatewaySaidExpired };
  }
  return gatewaySaidExpired ? { kind: "unmeasured" } : undefined;
}

/**
 * The sentence that names the clock: `this machine's clock is 20 min behind the API's; fix
 * the clock (NTP)`, with what it was measured from and the gateway's rule.
 */
export function clockSkewAdvice(skew: ClockSkew, sdkDate?: string): string {
  const rule = `the gateway refuses an AK/SK signature whose X-Sdk-Date is more than ${SDK_DATE_MAX_SKEW_MS / 60_000} minutes from its own time`;
  const signed = sdkDate === undefined ? "" : ` (this request was signed at X-Sdk-Date ${sdkDate} UTC)`;
  if (skew.kind === "unmeasured") {
    return `this machine's clock is more than ${SDK_DATE_MAX_SKEW_MS / 60_000} min off the API's; fix the clock (NTP): ${rule}${signed}.`;
  }
  const direction = skew.skewMs > 0 ? "ahead of" : "behind";
  const source = skew.from === "gateway" ? "by the gateway's own times" : "by the response's Date header";
  return `this machine's clock is ${minutes(skew.skewMs)} ${direction} the API's (${source}); fix the clock (NTP): ${rule}${signed}.`;
}

/** `20 min`, `<1 min`, or `2880 min (2 days)` for skews a minute count alone makes hard to read. */
function minutes(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  if (min < 1) return "<1 min";
  if (min >= 2 * 24 * 60) return `${min} min (${Math.round(min / (24 * 60))} days)`;
  if (min >= 120) return `${min} min (${Math.round(min / 60)} h)`;
  return `${min} min`;
}
