import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { FederationError } from "../../../provider/dcs/federationError";
import { ConfigurationError } from "../../../provider/core/errors";
import { resolveSettings } from "../../../provider/settings/settings";
import { waitForCompletion } from "../../../provider/waiter/waitForCompletion";
import { fakeIamSecrets, startFakeIam, type FakeIam } from "../../support/fakeIam";
import { scanForSecrets } from "../../support/secretScan";

const IDP = "github-actions";

/**
 * OIDC federation end to end on 127.0.0.1: a fake IAM exchanges the ID token for short-lived keys
 * and registers them with the emulator's gateway, which accepts them until they expire.
 */
describe("OIDC federation against a fake IAM and the emulator", function () {
  this.timeout(60_000);
  let emulator: EmulatorHandle;
  let dir: string;
  const iams: FakeIam[] = [];
  const clients: DcsClient[] = [];
  const artifacts: Array<{ name: string; content: string }> = [];
  const trace: string[] = [];

  before(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), "dcs-federation-"));
  });
  after(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const i of iams.splice(0)) await i.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function iam(options: { lifetimeSeconds: number; accept?: (t: string) => boolean }): Promise<FakeIam> {
    const started = await startFakeIam({
      idpId: IDP,
      acceptToken: options.accept ?? ((t) => t.startsWith("eyJ-valid")),
      lifetimeSeconds: options.lifetimeSeconds,
      onIssue: async (keys) => {
        await emulator.control.registerCredential({ accessKey: keys.accessKey, secretKey: keys.secretKey, securityToken: keys.securityToken, lifetimeSeconds: keys.lifetimeSeconds });
      },
    });
    iams.push(started);
    return started;
  }

  function federatedClient(iamUrl: string, tokenFile: string, env: Record<string, string> = {}): DcsClient {
    const vars = { HUAWEICLOUD_SDK_IDP_ID: IDP, HUAWEICLOUD_SDK_ID_TOKEN_FILE: tokenFile, HUAWEICLOUD_SDK_IAM_ENDPOINT: iamUrl, ...env };
    const settings = resolveSettings({ endpoint: emulator.url, projectId: emulator.projectId }, { env: vars });
    const client = new DcsClient(settings, { env: {}, debug: (line) => trace.push(line), baseDelayMs: 10 });
    clients.push(client);
    return client;
  }

  async function failure(pending: Promise<unknown>): Promise<Error> {
    try {
      await pending;
    } catch (e) {
      assert.ok(e instanceof Error);
      artifacts.push({ name: e.name, content: `${e.message}\n${inspect(e, { depth: 5 })}\n${JSON.stringify(e)}` });
      return e;
    }
    throw new Error("expected a failure");
  }

  it("keeps ONE wait going across more than three key lifetimes: the keys are renewed ahead of expiry, never refused", async () => {
    const lifetimeSeconds = 3;
    const fake = await iam({ lifetimeSeconds });
    const tokenFile = join(dir, "token-long");
    writeFileSync(tokenFile, "eyJ-valid-1\n");
    const client = federatedClient(fake.url, tokenFile);
    // 10 s of real time to 100 %, then a 1 s window: about 11 s, 3.7 lifetimes.
    const task = await emulator.control.createTask({ kind: "scripted", preset: "linear", durationMs: 10_000 });
    let rewrites = 1;
    const refresher = setInterval(() => writeFileSync(tokenFile, `eyJ-valid-${++rewrites}`), 2_000);
    const started = Date.now();
    let result;
    try {
      result = await waitForCompletion({ reader: client, taskId: task.id, options: { stableForSeconds: 1, pollIntervalSeconds: 0.5, minPollIntervalSeconds: 0.2 } });
    } finally {
      clearInterval(refresher);
    }
    const waitedMs = Date.now() - started;
    const counts = await emulator.control.taskRequests(task.id);
    console.log(
      `      one wait of ${(waitedMs / 1000).toFixed(1)} s (${(waitedMs / 1000 / lifetimeSeconds).toFixed(1)} key lifetimes): ${result.polls} reads, ` +
        `${fake.calls.oidcAuth} ID-token exchanges, ${fake.calls.securityTokens} key issues, ${client.credentialRenewals} keys used, statuses ${JSON.stringify(counts.byStatus)}`,
    );
    assert.equal(result.stats.fullMigrationProgress, 100);
    assert.ok(waitedMs >= 3 * lifetimeSeconds * 1000, `the wait spans three lifetimes (${waitedMs} ms)`);
    assert.ok(fake.calls.securityTokens >= 4, `first keys + at least 3 renewals, got ${fake.calls.securityTokens}`);
    assert.equal(fake.calls.securityTokens, client.credentialRenewals, "every key set IAM issued was taken into use");
    assert.deepEqual(Object.keys(counts.byStatus), ["200"], "no request was refused: keys never expired on the way");
    // The file is read afresh at each renewal (CI rewrites it): later exchanges presented later tokens.
    assert.equal(fake.idTokensSeen[0], "eyJ-valid-1");
    assert.ok(new Set(fake.idTokensSeen).size >= 3, `tokens presented: ${fake.idTokensSeen.join(", ")}`);
    artifacts.push({ name: "HW_DEBUG trace", content: trace.join("\n") });
  });

  it("shares one renewal among every wait of the process that uses the same client", async () => {
    const fake = await iam({ lifetimeSeconds: 60 });
    const tokenFile = join(dir, "token-shared");
    writeFileSync(tokenFile, "eyJ-valid-shared");
    const client = federatedClient(fake.url, tokenFile);
    const tasks = await Promise.all(Array.from({ length: 5 }, () => emulator.control.createTask({ kind: "scripted", preset: "complete" })));
    await Promise.all(tasks.map((t) => waitForCompletion({ reader: client, taskId: t.id, options: { stableForSeconds: 0 } })));
    assert.equal(fake.calls.oidcAuth, 1);
    assert.equal(fake.calls.securityTokens, 1);
  });

  it("names a missing ID token file and its variable, and what to do, before asking IAM", async () => {
    const fake = await iam({ lifetimeSeconds: 60 });
    const missing = join(dir, "no-such-token");
    const e = await failure(federatedClient(fake.url, missing).getMigrationStats("any-task"));
    assert.ok(e instanceof ConfigurationError);
    assert.equal(e.field, "HUAWEICLOUD_SDK_ID_TOKEN_FILE");
    assert.match(e.message, /The ID token file ".*no-such-token" \(from HUAWEICLOUD_SDK_ID_TOKEN_FILE\) does not exist\. Check that the CI job requests an OIDC ID token/);
    writeFileSync(join(dir, "empty-token"), "  \n");
    const empty = await failure(federatedClient(fake.url, join(dir, "empty-token")).getMigrationStats("any-task"));
    assert.match(empty.message, /is empty/);
    assert.equal(fake.calls.oidcAuth, 0);
  });

  it("says the identity provider refused the token, with IAM's answer, after one request and without the token", async () => {
    const fake = await iam({ lifetimeSeconds: 60 });
    const tokenFile = join(dir, "token-refused");
    writeFileSync(tokenFile, "eyJ-forged-token-value-0123456789");
    const e = await failure(federatedClient(fake.url, tokenFile).getMigrationStats("any-task"));
    assert.ok(e instanceof FederationError);
    assert.equal(e.failure, "refused");
    assert.equal(e.status, 401);
    assert.match(e.message, /^IAM at http:\/\/127\.0\.0\.1:\d+ refused to exchange the OIDC ID token \(HTTP 401 The request you have made requires authentication: the ID token failed verification\., request id \w+\)\. The identity provider github-actions \(from HUAWEICLOUD_SDK_IDP_ID\) did not accept the ID token in /);
    assert.ok(!e.message.includes("eyJ-forged"));
    assert.equal(fake.calls.oidcAuth, 1, "a refusal is not retried");
  });

  it("says IAM is unreachable after the retry budget, naming the endpoint and its setting", async () => {
    const tokenFile = join(dir, "token-unreachable");
    writeFileSync(tokenFile, "eyJ-valid-x");
    const closed = await iam({ lifetimeSeconds: 60 });
    await closed.close();
    const e = await failure(federatedClient(closed.url, tokenFile).getMigrationStats("any-task"));
    assert.ok(e instanceof FederationError);
    assert.equal(e.failure, "unreachable");
    assert.match(e.message, /^Could not reach IAM at http:\/\/127\.0\.0\.1:\d+ to exchange the OIDC ID token after 4 attempts \(ECONNREFUSED: .*\)\. Check the network path to IAM and HUAWEICLOUD_SDK_IAM_ENDPOINT/);
  });

  it("never puts the ID token, the unscoped token or a temporary key in a message or a debug line", () => {
    const secrets = Object.assign({}, ...iams.map((fake, i) => fakeIamSecrets(fake, `iam${i}.`))) as Record<string, string>;
    assert.ok(Object.keys(secrets).length > 10);
    artifacts.push({ name: "clients", content: clients.map((c) => `${JSON.stringify(c)} ${inspect(c)}`).join("\n") });
    const report = scanForSecrets(artifacts, secrets);
    assert.deepEqual(report.hits, []);
  });
});
