import { abortedError, type Clock } from "../core/clock";
import { Credentials } from "../settings/credentials";
import type { TemporaryKeys } from "./iamFederation";

/**
 * When temporary keys are renewed. Huawei's SDK renews once fewer than 40 minutes remain of its
 * 6-hour keys (FACTS.md §10); a fixed 40 minutes would renew short-lived keys (IAM allows 15 minutes,
 * tests use seconds) before every request, so the margin is also at most a quarter of the keys'
 * lifetime: 40 minutes for anything of 160 minutes or more, 3¾ minutes for 15-minute keys — still
 * far more than one request's retries take, so a request never leaves with keys that expire on the way.
 */
export const RENEWAL_DEFAULTS = {
  maxMarginMs: 40 * 60_000,
  lifetimeFraction: 0.25,
  /** After a failed renewal while the keys held are still good, the longest pause before trying IAM again. */
  maxRetryPauseMs: 60_000,
} as const;

/** How long before `expiresAt` keys that lived `lifetimeMs` are renewed. Pure. */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.max(0, Math.min(RENEWAL_DEFAULTS.maxMarginMs, lifetimeMs * RENEWAL_DEFAULTS.lifetimeFraction));
}

/** Keys held, with when they arrived (our clock) and when they expire (IAM's `expires_at`). */
export interface HeldKeys {
  readonly credentials: Credentials;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** Whether keys must be renewed before a request sent at `now`. Pure. */
export function renewalDue(now: number, held: Pick<HeldKeys, "issuedAt" | "expiresAt"> | undefined): boolean {
  if (held === undefined) return true;
  return now >= held.expiresAt - renewalMarginMs(held.expiresAt - held.issuedAt);
}

/**
 * Temporary keys that renew themselves: every request asks {@link current}, which returns the keys
 * held until they are due, then renews them — once for all callers at the same moment (one
 * exchange in flight, shared), so every wait of a process sharing one client (the shared client
 * machinery) shares one renewal. A failed renewal while the held keys are still valid keeps them
 * and tries again later; only once they have expired does the failure reach the caller.
 */
export class RenewingCredentials {
  readonly #renew: (signal: AbortSignal) => Promise<TemporaryKeys>;
  readonly #clock: Clock;
  readonly #source: string;
  #held: HeldKeys | undefined;
  #inFlight: Promise<HeldKeys> | undefined;
  #pauseUntil = 0;
  #renewals = 0;

  /**
   * @param renew one exchange (reads the ID token file afresh, asks IAM); never given a caller's
   *   signal, since other callers may be waiting for the same renewal.
   * @param source how the keys are named in messages, e.g. `OIDC federation (HUAWEICLOUD_SDK_IDP_ID, …)`.
   */
  constructor(renew: (signal: AbortSignal) => Promise<TemporaryKeys>, clock: Clock, source: string) {
    this.#renew = renew;
    this.#clock = clock;
    this.#source = source;
  }

  /** Successful renewals so far (the first issue included). */
  get renewals(): number {
    return this.#renewals;
  }

  /** The keys held now, if any (for scrubbing messages of their secrets). */
  get held(): Credentials | undefined {
    return this.#held?.credentials;
  }

  /** Keys good for a request sent now, renewed first when due. */
  async current(signal?: AbortSignal): Promise<Credentials> {
    const now = this.#clock.now();
    const held = this.#held;
    if (held !== undefined && (!renewalDue(now, held) || (now < this.#pauseUntil && now < held.expiresAt))) return held.credentials;
    try {
      return (await this.#shared(signal)).credentials;
    } catch (e) {
      const after = this.#clock.now();
      if (held !== undefined && after < held.expiresAt && !signal?.aborted) {
        // Still valid: keep using them, and give IAM a pause before the next try.
        this.#pauseUntil = after + Math.min(RENEWAL_DEFAULTS.maxRetryPauseMs, (held.expiresAt - after) / 4);
        return held.credentials;
      }
      throw e;
    }
  }

  /** The one renewal in flight, joined; the caller's signal ends only its own wait for it. */
  #shared(signal: AbortSignal | undefined): Promise<HeldKeys> {
    if (this.#inFlight === undefined) {
      const run = this.#renew(new AbortController().signal).then((keys) => {
        const held: HeldKeys = {
          credentials: Credentials.accessKeyPair(keys.accessKey, keys.secretKey, keys.securityToken, this.#source),
          issuedAt: this.#clock.now(),
          expiresAt: keys.expiresAt,
        };
        this.#held = held;
        this.#renewals++;
        return held;
      });
      this.#inFlight = run;
      const clear = (): void => {
        if (this.#inFlight === run) this.#inFlight = undefined;
      };
      run.then(clear, clear);
    }
    const shared = this.#inFlight;
    if (signal === undefined) return shared;
    if (signal.aborted) return Promise.reject(abortedError(signal));
    return new Promise<HeldKeys>((resolve, reject) => {
      const onAbort = (): void => reject(abortedError(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      shared.then(
        (v) => {
          signal.removeEventListener("abort", onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }
}
