/** Temporary keys the emulated gateway accepts besides its one identity, each until its `expiresAt`. */
export interface TemporaryCredential {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
  /** Epoch ms on the gateway's clock; from then on the keys are refused as expired. */
  readonly expiresAt: number;
}

/**
 * Temporary keys issued by someone else — a fake IAM in tests (`tests/support/fakeIam.ts`), or a
 * test registering a static temporary credential — that the emulator accepts until they expire,
 * as the real gateway accepts the keys IAM issues (FACTS.md §10). Bounded: the oldest entry goes
 * when full, so a long run that renews keys every few seconds keeps memory flat.
 */
export class TemporaryCredentials {
  readonly #byAccessKey = new Map<string, TemporaryCredential>();

  constructor(private readonly capacity = 1024) {}

  register(credential: TemporaryCredential): void {
    this.#byAccessKey.delete(credential.accessKey);
    this.#byAccessKey.set(credential.accessKey, credential);
    if (this.#byAccessKey.size > this.capacity) {
      const oldest = this.#byAccessKey.keys().next().value;
      if (oldest !== undefined) this.#byAccessKey.delete(oldest);
    }
  }

  get(accessKey: string): TemporaryCredential | undefined {
    return this.#byAccessKey.get(accessKey);
  }

  /** Makes the keys expire at `at` (the gateway's clock); false when unknown. */
  expire(accessKey: string, at: number): boolean {
    const c = this.#byAccessKey.get(accessKey);
    if (c === undefined) return false;
    this.#byAccessKey.set(accessKey, { ...c, expiresAt: at });
    return true;
  }

  /** Access keys and expiry times, never a secret. */
  list(): Array<{ accessKey: string; expiresAt: number }> {
    return [...this.#byAccessKey.values()].map((c) => ({ accessKey: c.accessKey, expiresAt: c.expiresAt }));
  }
}
