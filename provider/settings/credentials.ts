import { createHmac, randomBytes } from "node:crypto";
import { inspect } from "node:util";

/** Per-process key for {@link Credentials.identity}: the identity can be compared in-process but not brute-forced offline. */
const IDENTITY_KEY = randomBytes(32);

/** Which scheme authenticates requests (FACTS.md §3). */
export type CredentialKind = "aksk" | "token";

/**
 * How requests are authenticated: an AK/SK pair (with an optional security token for
 * temporary credentials) or an IAM token.
 *
 * Secrets live in private fields, so `JSON.stringify`, `util.inspect`, spreading and
 * `Object.keys` never expose them; `toJSON` and the inspect hook show the access key
 * and which secrets are present, nothing more.
 */
export class Credentials {
  readonly kind: CredentialKind;
  /** The access key id (not secret: it is sent in every `Authorization` header). Empty for token auth. */
  readonly accessKey: string;
  /** Names of the settings the credentials were read from, e.g. `HW_ACCESS_KEY, HW_SECRET_KEY`. */
  readonly source: string;
  readonly #secretKey: string;
  readonly #securityToken: string | undefined;
  readonly #authToken: string;

  private constructor(kind: CredentialKind, accessKey: string, secretKey: string, securityToken: string | undefined, authToken: string, source: string) {
    this.kind = kind;
    this.accessKey = accessKey;
    this.#secretKey = secretKey;
    this.#securityToken = securityToken;
    this.#authToken = authToken;
    this.source = source;
  }

  static accessKeyPair(accessKey: string, secretKey: string, securityToken: string | undefined, source: string): Credentials {
    return new Credentials("aksk", accessKey, secretKey, securityToken === "" ? undefined : securityToken, "", source);
  }

  static iamToken(authToken: string, source: string): Credentials {
    return new Credentials("token", "", "", undefined, authToken, source);
  }

  /** @internal For the signer only. */
  revealSecretKey(): string {
    return this.#secretKey;
  }

  /** @internal For the signer only. */
  revealSecurityToken(): string | undefined {
    return this.#securityToken;
  }

  /** @internal For the request headers only. */
  revealAuthToken(): string {
    return this.#authToken;
  }

  get hasSecurityToken(): boolean {
    return this.#securityToken !== undefined;
  }

  /** Every secret value, so messages can be scrubbed of them as a last line of defence. */
  secretValues(): string[] {
    return [this.#secretKey, this.#securityToken ?? "", this.#authToken].filter((s) => s.length >= 4);
  }

  /**
   * A stable-in-this-process digest of the whole credential (secrets included), so two
   * clients share state only when they would sign identically. Keyed with a random
   * per-process key: it cannot be used to test guesses of the secret.
   */
  get identity(): string {
    return createHmac("sha256", IDENTITY_KEY)
      .update([this.kind, this.accessKey, this.#secretKey, this.#securityToken ?? "", this.#authToken].join("\u0000"))
      .digest("hex")
      .slice(0, 32);
  }

  toJSON(): Record<string, unknown> {
    return this.kind === "aksk"
      ? { kind: this.kind, accessKey: this.accessKey, secretKey: "[redacted]", securityToken: this.hasSecurityToken ? "[redacted]" : undefined, source: this.source }
      : { kind: this.kind, authToken: "[redacted]", source: this.source };
  }

  [inspect.custom](): string {
    return `Credentials ${JSON.stringify(this.toJSON())}`;
  }

  toString(): string {
    return this[inspect.custom]();
  }
}
