import { createHmac, randomBytes } from "node:crypto";
import { inspect } from "node:util";

/** Per-process key for {@link Credentials.identity}: the identity can be compared in-process but not brute-forced offline. */
const IDENTITY_KEY = randomBytes(32);

/** Which scheme authenticates requests (FACTS.md §3); `federated`: temporary AK/SK obtained from IAM with an OIDC ID token (FACTS.md §10). */
export type CredentialKind = "aksk" | "token" | "federated";

/** Where OIDC federation gets its temporary keys (FACTS.md §10). Nothing here is secret: the token stays in its file. */
export interface FederationSettings {
  readonly idpId: string;
  readonly idTokenFile: string;
  /** Origin of IAM, e.g. `https://iam.myhuaweicloud.com`. */
  readonly iamEndpoint: string;
  /** The settings each value came from (names), e.g. `HUAWEICLOUD_SDK_ID_TOKEN_FILE`, for messages. */
  readonly names: { readonly idpId: string; readonly idTokenFile: string; readonly iamEndpoint: string };
  /** Plain `http://` to a host that is not loopback was allowed. */
  readonly allowInsecureHttp: boolean;
}

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
  /** Set for `federated`: the client turns it into renewing temporary keys. */
  readonly federation: FederationSettings | undefined;

  private constructor(
    kind: CredentialKind,
    accessKey: string,
    secretKey: string,
    securityToken: string | undefined,
    authToken: string,
    source: string,
    federation?: FederationSettings,
  ) {
    this.kind = kind;
    this.federation = federation;
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

  /** OIDC federation: the client obtains temporary keys from IAM and renews them (see `provider/dcs/renewingCredentials.ts`). */
  static federated(federation: FederationSettings, source: string): Credentials {
    return new Credentials("federated", "", "", undefined, "", source, Object.freeze({ ...federation, names: Object.freeze({ ...federation.names }) }));
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
      .update(
        [
          this.kind,
          this.accessKey,
          this.#secretKey,
          this.#securityToken ?? "",
          this.#authToken,
          this.federation?.idpId ?? "",
          this.federation?.idTokenFile ?? "",
          this.federation?.iamEndpoint ?? "",
        ].join("\u0000"),
      )
      .digest("hex")
      .slice(0, 32);
  }

  toJSON(): Record<string, unknown> {
    if (this.kind === "aksk") {
      return { kind: this.kind, accessKey: this.accessKey, secretKey: "[redacted]", securityToken: this.hasSecurityToken ? "[redacted]" : undefined, source: this.source };
    }
    if (this.kind === "federated" && this.federation !== undefined) {
      const f = this.federation;
      return { kind: this.kind, idpId: f.idpId, idTokenFile: f.idTokenFile, iamEndpoint: f.iamEndpoint, source: this.source };
    }
    return { kind: this.kind, authToken: "[redacted]", source: this.source };
  }

  [inspect.custom](): string {
    return `Credentials ${JSON.stringify(this.toJSON())}`;
  }

  toString(): string {
    return this[inspect.custom]();
  }
}
