import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { markSecret } from "../../provider/pulumi/wireValues";
import { HostCallError } from "../support/dynamicProviderHost";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { fakeIamSecrets, startFakeIam, type FakeIam } from "../support/fakeIam";
import { startPluginHost, type PluginHost } from "../support/pluginHost";
import { scanForSecrets } from "../support/secretScan";

const WAIT_TYPE = "dcs-migration:index:WaitForMigration";
const WAIT_URN = `urn:pulumi:dev::proto::${WAIT_TYPE}::gate`;

async function callError(pending: Promise<unknown>): Promise<HostCallError> {
  try {
    await pending;
  } catch (e) {
    if (e instanceof HostCallError) return e;
    throw e;
  }
  throw new Error("Expected the plugin call to fail");
}

/** Temporary keys for the emulator's gateway, as a test's "static" credential (e.g. HW_* set from a vault). */
function temporaryKeys(tag: string): { accessKey: string; secretKey: string; securityToken: string } {
  const n = Math.random().toString(36).slice(2, 10);
  return { accessKey: `STATIC${tag}${n}`.toUpperCase().replace(/[^A-Z0-9]/g, ""), secretKey: `static-sk-${tag}-${n}-0123456789`, securityToken: `static-st-${tag}-${n}-abcdefghijklmnop` };
}

/**
 * Credentials and the provider plugin, over gRPC as the engine drives it: a static temporary
 * credential that expires mid-wait ends the wait as a resumable partial failure, and the next
 * `pulumi up` (a new plugin process with fresh credentials) resumes it with the counts added up;
 * OIDC federation configured as `dcs-migration:*` stack config keeps a wait going across renewals.
 */
describe("the provider plugin and expiring credentials", function () {
  this.timeout(60_000);
  let engine: FakeEngine;
  let emulator: EmulatorHandle;
  const plugins: PluginHost[] = [];
  const iams: FakeIam[] = [];
  const used: Record<string, string> = {};
  const outputs: string[] = [];
  let dir: string;

  before(async () => {
    engine = await startFakeEngine();
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), "dcs-plugin-creds-"));
  });
  after(async () => {
    for (const p of plugins.splice(0)) await p.close();
    for (const i of iams.splice(0)) await i.close();
    await emulator?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pluginWith(config: Record<string, string>, secretKeys: readonly string[]): Promise<PluginHost> {
    const plugin = await startPluginHost({ engineAddress: engine.address });
    plugins.push(plugin);
    const variables: Record<string, string> = {};
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
      variables[`dcs-migration:config:${k}`] = v;
      args[k] = secretKeys.includes(k) ? markSecret(v) : v;
    }
    await plugin.configure(variables, args);
    return plugin;
  }
  const location = (): Record<string, string> => ({ dcsEndpoint: emulator.url, projectId: emulator.projectId });

  it("ends a wait whose static temporary credential expires as a resumable partial failure, and the next up with fresh keys completes it with the counts added up", async () => {
    const first = temporaryKeys("a");
    const fresh = temporaryKeys("b");
    Object.assign(used, { firstSecretKey: first.secretKey, firstSecurityToken: first.securityToken, freshSecretKey: fresh.secretKey, freshSecurityToken: fresh.securityToken });
    await emulator.control.registerCredential({ ...first, lifetimeSeconds: 3_600 });
    const plugin = await pluginWith({ ...location(), ...first }, ["secretKey", "securityToken"]);
    // 6 s of real time to 100 %: the first attempt cannot finish before its keys are expired.
    const taskId = (await emulator.control.createTask({ kind: "scripted", preset: "linear", durationMs: 6_000 })).id;
    const inputs = { taskId, stableForSeconds: 0, pollIntervalSeconds: 0.3, minPollIntervalSeconds: 0.1 };
    const pending = callError(plugin.create(WAIT_URN, inputs));
    while ((await emulator.control.taskRequests(taskId)).requests < 3) await new Promise((r) => setTimeout(r, 50));
    await emulator.control.expireCredential(first.accessKey);
    const error = await pending;
    const failure = error.initFailure;
    assert.ok(failure !== undefined, `not a partial failure: ${error.message}`);
    const reason = failure.reasons[0] ?? "";
    console.log(`      ${reason.slice(0, 400)}`);
    assert.match(
      reason,
      /^The credentials expired after \d+s waiting for DCS migration task \S+ at \d+(\.\d+)?% full migration.* \(\d+ polls\); the resource is saved as not yet complete\. Set fresh credentials .* and run `pulumi up` again: it resumes the wait with the polls and time so far\. The API said: APIGW\.0301 Incorrect IAM authentication information: calc ak sk signature fail:signature expired \(HTTP 401, request id [^)]+\) — the temporary credentials \(access key STATIC/,
    );
    assert.equal(failure.properties["completed"], false);
    outputs.push(JSON.stringify(failure));
    const counts = await emulator.control.taskRequests(taskId);
    assert.equal(counts.byStatus["401"], 1, "one refused read, then the wait stopped");
    assert.equal(Number(failure.properties["polls"]), counts.requests, "every read counted, the refused one too");
    const firstWaited = Number(failure.properties["waitedSeconds"]);
    assert.ok(firstWaited > 0);
    await plugin.close();

    // The next `pulumi up`: a new plugin process, fresh keys in the stack config; the engine updates the saved resource.
    await emulator.control.registerCredential({ ...fresh, lifetimeSeconds: 3_600 });
    const next = await pluginWith({ ...location(), ...fresh }, ["secretKey", "securityToken"]);
    const done = await next.update(WAIT_URN, failure.id, failure.properties, inputs);
    assert.equal(done.properties["completed"], true);
    outputs.push(JSON.stringify(done.properties));
    const after = await emulator.control.taskRequests(taskId);
    assert.equal(Number(done.properties["polls"]), after.requests, "polls add up over both attempts");
    assert.ok(Number(done.properties["waitedSeconds"]) > firstWaited, "waitedSeconds adds up");
    assert.equal(done.properties["startedAt"], failure.properties["startedAt"]);
  });

  it("keeps a wait going through OIDC federation set as dcs-migration:* config, renewing the keys it outlives", async () => {
    const tokenFile = join(dir, "id-token");
    writeFileSync(tokenFile, "eyJ-plugin-token-1");
    const fake = await startFakeIam({
      idpId: "gitlab",
      acceptToken: (t) => t.startsWith("eyJ-plugin-token"),
      lifetimeSeconds: 2,
      onIssue: (k) => emulator.control.registerCredential({ ...k, lifetimeSeconds: k.lifetimeSeconds }).then(() => undefined),
    });
    iams.push(fake);
    const plugin = await pluginWith({ ...location(), idpId: "gitlab", idTokenFile: tokenFile, iamEndpoint: fake.url }, []);
    const taskId = (await emulator.control.createTask({ kind: "scripted", preset: "linear", durationMs: 5_000 })).id;
    const created = await plugin.create(WAIT_URN, { taskId, stableForSeconds: 0, pollIntervalSeconds: 0.3, minPollIntervalSeconds: 0.1 });
    assert.equal(created.properties["completed"], true);
    assert.ok(fake.calls.securityTokens >= 3, `keys issued ${fake.calls.securityTokens} times for a 5 s wait on 2 s keys`);
    assert.deepEqual(Object.keys((await emulator.control.taskRequests(taskId)).byStatus), ["200"]);
    outputs.push(JSON.stringify(created.properties));
    Object.assign(used, fakeIamSecrets(fake, "federation."));
  });

  it("keeps every credential out of the outputs, the progress lines and the plugin's output", () => {
    const artifacts = [
      { name: "engine logs", content: JSON.stringify(engine.logs) },
      { name: "outputs and partial failures", content: outputs.join("\n") },
      ...plugins.map((p, i) => ({ name: `plugin ${i} output`, content: p.output() })),
    ];
    const report = scanForSecrets(artifacts, used);
    assert.ok(Object.keys(used).length >= 8);
    assert.deepEqual(report.hits, []);
  });
});
