import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** Temporary keys the fake IAM issued; hand them to the emulator so its gateway accepts them. */
export interface IssuedKeys {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
  readonly lifetimeSeconds: number;
}

export interface FakeIamOptions {
  /** The identity provider that exists; others get IAM's 404. */
  readonly idpId: string;
  /** Whether an ID token is accepted (the test's "issuer"); checked at each exchange, so a test can change it. */
  readonly acceptToken: (idToken: string) => boolean;
  /** Lifetime of the keys issued, seconds (real IAM: 15 min–24 h; tests: a few seconds). */
  readonly lifetimeSeconds: number;
  /** Called before the keys are sent, e.g. to register them with the emulator's gateway. */
  readonly onIssue?: (keys: IssuedKeys) => Promise<void> | void;
  /** Port on 127.0.0.1 (to come back on the same one after an outage). @default 0 (any free port) */
  readonly port?: number;
}

export interface FakeIam {
  /** `http://127.0.0.1:<port>`: the `iamEndpoint` to use. */
  readonly url: string;
  /** Requests per route, and refusals. */
  readonly calls: { oidcAuth: number; securityTokens: number; refused: number };
  /** Every ID token presented, in order (tests check the file was re-read). */
  readonly idTokensSeen: readonly string[];
  /** Every key set issued, secrets included (for the secret scan). */
  readonly issued: readonly IssuedKeys[];
  /** Every unscoped token issued (secrets too). */
  readonly unscopedTokens: readonly string[];
  close(): Promise<void>;
}

const FEDERATION = /^\/v3\/OS-FEDERATION\/identity_providers\/([^/]+)\/protocols\/oidc\/auth$/;
const SECURITY_TOKENS = "/v3.0/OS-CREDENTIAL/securitytokens";

/**
 * A fake Huawei Cloud IAM on 127.0.0.1 for OIDC federation (FACTS.md §10): exchanges an accepted ID
 * token for an unscoped token (`X-Subject-Token`), and that for short-lived temporary keys
 * (`{"credential": {access, secret, securitytoken, expires_at}}`, `expires_at` with microseconds
 * like IAM's). Refusals use IAM's Keystone error shape. Used by the federation tests and reusable by
 * anything that needs keys the emulator accepts (pass `onIssue` to register them there).
 */
export async function startFakeIam(options: FakeIamOptions): Promise<FakeIam> {
  const calls = { oidcAuth: 0, securityTokens: 0, refused: 0 };
  const idTokensSeen: string[] = [];
  const issued: IssuedKeys[] = [];
  const unscoped = new Set<string>();
  const unscopedTokens: string[] = [];
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "X-Request-Id": randomBytes(8).toString("hex"), ...headers });
    res.end(text);
  };
  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    calls.refused++;
    send(res, status, { error: { code: status, message, title: status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Bad Request" } });
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        const federation = FEDERATION.exec(path);
        if (req.method === "POST" && federation !== null) {
          calls.oidcAuth++;
          const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
          if (decodeURIComponent(federation[1] ?? "") !== options.idpId) return refuse(res, 404, `Could not find Identity Provider: ${federation[1]}.`);
          if (bearer === undefined) return refuse(res, 400, "The request you have made requires authentication: no Bearer token.");
          idTokensSeen.push(bearer);
          if (!options.acceptToken(bearer)) return refuse(res, 401, "The request you have made requires authentication: the ID token failed verification.");
          const token = `MIIfake-unscoped-${randomBytes(24).toString("hex")}`;
          unscoped.add(token);
          unscopedTokens.push(token);
          return send(res, 201, { token: { methods: ["mapped"], expires_at: new Date(Date.now() + 86_400_000).toISOString() } }, { "X-Subject-Token": token });
        }
        if (req.method === "POST" && path === SECURITY_TOKENS) {
          calls.securityTokens++;
          const token = req.headers["x-auth-token"];
          if (typeof token !== "string" || !unscoped.has(token)) return refuse(res, 401, "The request you have made requires authentication.");
          let duration: unknown;
          try {
            duration = JSON.parse(Buffer.concat(chunks).toString("utf8"))?.auth?.identity?.token?.duration_seconds;
          } catch {
            return refuse(res, 400, "The body is not JSON.");
          }
          if (typeof duration !== "number") return refuse(res, 400, "auth.identity.token.duration_seconds is missing.");
          const keys: IssuedKeys = {
            accessKey: `TMPAK${randomBytes(8).toString("hex").toUpperCase()}`,
            secretKey: `tmp-sk-${randomBytes(20).toString("hex")}`,
            securityToken: `tmp-st-${randomBytes(48).toString("base64url")}`,
            lifetimeSeconds: options.lifetimeSeconds,
          };
          await options.onIssue?.(keys);
          issued.push(keys);
          const expiresAt = new Date(Date.now() + options.lifetimeSeconds * 1000).toISOString().replace("Z", "000Z");
          return send(res, 201, { credential: { access: keys.accessKey, secret: keys.secretKey, securitytoken: keys.securityToken, expires_at: expiresAt } });
        }
        refuse(res, 404, `No route ${req.method} ${path}.`);
      })().catch((e: unknown) => send(res, 500, { error: { code: 500, message: String(e), title: "Internal Server Error" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    idTokensSeen,
    issued,
    unscopedTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Every secret a fake IAM saw or issued, named for `scanForSecrets`: the ID tokens presented, the
 * unscoped tokens, and the temporary secret keys and security tokens.
 */
export function fakeIamSecrets(iam: FakeIam, prefix = ""): Record<string, string> {
  const secrets: Record<string, string> = {};
  // A token file read again at each renewal presents the same token: name each value once.
  [...new Set(iam.idTokensSeen)].forEach((t, i) => (secrets[`${prefix}idToken${i}`] = t));
  iam.unscopedTokens.forEach((t, i) => (secrets[`${prefix}unscopedToken${i}`] = t));
  iam.issued.forEach((k, i) => {
    secrets[`${prefix}temporarySecretKey${i}`] = k.secretKey;
    secrets[`${prefix}temporarySecurityToken${i}`] = k.securityToken;
  });
  return secrets;
}
