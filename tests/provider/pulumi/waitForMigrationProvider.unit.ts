import type * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { MigrationFailedError } from "../../../provider/waiter/waitErrors";
import { CredentialExpiredError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { ResourceInitError } from "../../../provider/pulumi/resourceInitError";
import { createWaitForMigrationProvider as typedProvider } from "../../../provider/pulumi/waitForMigrationProvider";
import { isWireSecret } from "../../../provider/pulumi/wireValues";
import { VirtualClock } from "../../support/virtualClock";
import { HARNESS_CONFIG, providerHarness, rejectionOf } from "../../support/providerHarness";
import { ScriptedStatsReader, sequenceReader } from "../../support/scriptedStatsReader";

/** Untyped, as the engine is: these tests feed inputs and state of any shape, older versions' included. */
const createWaitForMigrationProvider = (...args: Parameters<typeof typedProvider>): pulumi.dynamic.ResourceProvider => typedProvider(...args);

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";
const URN = "urn:pulumi:dev::demo::pulumi-nodejs:dynamic/dcs:WaitForMigration::gate";
const PROVIDER = "exports.handler = function () { return {}; };";
const BASE = { taskId: TASK, __provider: PROVIDER, __urn: URN };

/** Progress rises linearly to 100 % (and the counts meet) at `doneMs`. */
function linear(doneMs: number) {
  return (t: number) => {
    const p = Math.min(100, Math.floor((100 * t) / doneMs));
    return { fullMigrationProgress: p, sourceDbsize: 10_000, targetDbsize: t >= doneMs ? 10_000 : p * 100 };
  };
}

const stuck = () => ({ fullMigrationProgress: 40, sourceDbsize: 10_000, targetDbsize: 4_000 });

const NOT_FOUND = () =>
  new TaskNotFoundError("DCS migration task not found (DCS.4133).", { status: 400, errorCode: "DCS.4133" });

describe("WaitForMigration provider", () => {
  it("create blocks until the gate opens and records the final stats, completed, polls and times", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, linear(120_000));
    const { ctx } = providerHarness({ clock, reader });
    const result = await createWaitForMigrationProvider(ctx).create({ ...BASE, stableForSeconds: 30 });

    assert.equal(result.id, `${HARNESS_CONFIG["huaweicloud:projectId"]}/${TASK}`);
    const outs = result.outs as Record<string, unknown>;
    assert.equal(outs["completed"], true);
    assert.equal(outs["fullMigrationProgress"], 100);
    assert.equal(outs["keyDelta"], 0);
    assert.equal(outs["polls"], reader.calls.length);
    assert.ok((outs["waitedSeconds"] as number) >= 150, `waited ${String(outs["waitedSeconds"])}s, criteria met at 120s + 30s window`);
    assert.equal(outs["completedAt"], new Date(clock.now()).toISOString());
    assert.equal(outs["startedAt"], "2025-01-01T00:00:00.000Z");
    assert.equal(outs["endpoint"], "https://dcs.cn-north-4.myhuaweicloud.com");
    assert.equal(outs["stableForSeconds"], 30, "the options as given are recorded for diff");
  });

  it("fails create fast and without saving the resource when the migration stops before completing", async () => {
    const clock = new VirtualClock();
    const reader = sequenceReader(clock, [
      { fullMigrationProgress: 60, targetDbsize: 600 },
      { fullMigrationProgress: 60, targetDbsize: 600, isMigrating: false },
    ]);
    const { ctx } = providerHarness({ clock, reader });
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ ...BASE }));
    assert.ok(error instanceof MigrationFailedError, error.message);
    assert.equal(error["id"], undefined, "no id: the host must not save a resource for a failed migration");
    assert.match(error.message, /stopped before completing/);
    assert.equal(reader.calls.length, 2);
  });

  it("turns a timeout into a partial failure carrying the id, the __provider and the waiter's message", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, stuck);
    const { ctx } = providerHarness({ clock, reader });
    const error = await rejectionOf(
      createWaitForMigrationProvider(ctx).create({ ...BASE, timeoutSeconds: 120, stallTimeoutSeconds: 600 }),
    );

    assert.ok(error instanceof ResourceInitError, `${error.name}: ${error.message}`);
    assert.equal(error.id, `${HARNESS_CONFIG["huaweicloud:projectId"]}/${TASK}`);
    assert.match(error.reasons[0] ?? "", /Timed out after 2m waiting for DCS migration task/);
    assert.match(error.reasons[0] ?? "", /resumes on the next update/);
    const props = error.properties;
    assert.equal(props["__provider"], PROVIDER, "without __provider a later refresh or destroy could not load the provider");
    assert.equal(props["completed"], false);
    assert.equal(props["fullMigrationProgress"], 40, "the last stats seen are recorded");
    assert.equal(props["polls"], reader.calls.length);
    assert.equal(props["startedAt"], "2025-01-01T00:00:00.000Z");
    assert.equal(props["completedAt"], "");
  });

  it("resumes a timed-out wait on update: counts add up, the first start is kept, and the gate opens", async () => {
    const clock = new VirtualClock();
    // Stuck for the first 3 minutes, then completes.
    const reader = new ScriptedStatsReader(clock, (t) => (t < 180_000 ? stuck() : linear(1)(1)));
    const { ctx, lines } = providerHarness({ clock, reader });
    const provider = createWaitForMigrationProvider(ctx);
    const inputs = { ...BASE, timeoutSeconds: 120, stableForSeconds: 0 };
    const timeout = await rejectionOf(provider.create(inputs));
    assert.ok(timeout instanceof ResourceInitError);
    const firstPolls = timeout.properties["polls"] as number;
    const firstWaited = timeout.properties["waitedSeconds"] as number;

    clock.advance(600_000); // the next `pulumi up` runs ten minutes later
    const updated = await provider.update!(timeout.id, timeout.properties, inputs);
    const outs = updated.outs as Record<string, unknown>;
    assert.equal(outs["completed"], true);
    assert.equal(outs["startedAt"], "2025-01-01T00:00:00.000Z", "the first attempt's start is kept");
    assert.ok((outs["polls"] as number) > firstPolls, "polls of both attempts add up");
    assert.equal(outs["polls"], reader.calls.length);
    assert.ok((outs["waitedSeconds"] as number) >= firstWaited, "waitedSeconds of both attempts add up");
    assert.ok(
      lines.some((l) => /resuming the wait started 2025-01-01T00:00:00.000Z/.test(l.message)),
      lines.map((l) => l.message).join("\n"),
    );
  });

  it("does not wait again when only credentials or options of a completed wait change", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, linear(1));
    const { ctx } = providerHarness({ clock, reader });
    const provider = createWaitForMigrationProvider(ctx);
    const created = await provider.create({ ...BASE, stableForSeconds: 0 });
    const readsBefore = reader.calls.length;

    const news = { ...BASE, stableForSeconds: 600, accessKey: "AKNEW", secretKey: "rotated-secret" };
    const updated = await provider.update!(created.id, created.outs, news);
    const outs = updated.outs as Record<string, unknown>;
    assert.equal(reader.calls.length, readsBefore, "no stats were read");
    assert.equal(outs["completed"], true);
    assert.equal(outs["completedAt"], (created.outs as Record<string, unknown>)["completedAt"]);
    assert.equal(outs["accessKey"], "AKNEW");
    assert.ok(isWireSecret(outs["secretKey"]), "a credential argument is stored only as a secret");
    assert.equal(outs["stableForSeconds"], 600);
  });

  it("refresh re-reads the stats but keeps the verdict; a completed wait survives its task being deleted", async () => {
    const clock = new VirtualClock();
    let gone = false;
    const reader = new ScriptedStatsReader(clock, (t) =>
      gone ? NOT_FOUND() : { ...linear(1)(1), targetOps: t > 1000 ? 7 : 5300 },
    );
    const { ctx } = providerHarness({ clock, reader });
    const provider = createWaitForMigrationProvider(ctx);
    const created = await provider.create({ ...BASE, stableForSeconds: 0 });
    const props: Record<string, unknown> = { ...(created.outs as Record<string, unknown>), __provider: PROVIDER };

    clock.advance(60_000);
    const refreshed = await provider.read!(created.id, props);
    assert.equal(refreshed.id, created.id);
    assert.equal(refreshed.props["targetOps"], 7, "fresh stats");
    assert.equal(refreshed.props["completed"], true);
    assert.equal(refreshed.props["completedAt"], props["completedAt"]);

    gone = true;
    const afterDelete = await provider.read!(created.id, props);
    assert.equal(afterDelete.id, created.id, "the gate it opened stays open");
    assert.equal(afterDelete.props["completed"], true);
  });

  it("refresh drops a wait that never completed once its task is gone", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, () => NOT_FOUND());
    const { ctx } = providerHarness({ clock, reader });
    const read = await createWaitForMigrationProvider(ctx).read!("p/t", { ...BASE, completed: false, polls: 3 });
    assert.equal(read.id, "");
  });

  it("delete reads nothing and touches nothing", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, linear(1));
    const { ctx, readersCreated } = providerHarness({ clock, reader });
    await createWaitForMigrationProvider(ctx).delete!("p/t", { ...BASE, completed: true });
    assert.equal(reader.calls.length, 0);
    assert.equal(readersCreated(), 0);
  });

  it("logs progress against the resource URN, at most once per 30 s of unchanged phase", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, linear(1_200_000)); // 20 minutes of full sync
    const { ctx, lines } = providerHarness({ clock, reader });
    await createWaitForMigrationProvider(ctx).create({ ...BASE, stableForSeconds: 30, timeoutSeconds: 3600 });

    assert.ok(lines.every((l) => l.urn === URN), "every line is tied to the resource");
    assert.match(lines[0]?.message ?? "", /waiting up to 1h for the migration to complete/);
    assert.match(lines.at(-1)?.message ?? "", /complete after/);
    const waitedMinutes = Math.ceil((clock.now() - Date.parse("2025-01-01T00:00:00.000Z")) / 60_000);
    // 2 per minute while unchanged, + start line + phase changes (full-sync → stabilizing → complete).
    assert.ok(lines.length <= waitedMinutes * 2 + 4, `${lines.length} lines in ${waitedMinutes} minutes`);
    assert.ok(lines.length >= 20, `a 20-minute wait should report regularly, got ${lines.length} lines`);
    assert.ok(reader.calls.length > lines.length, "not every read is logged");
  });

  it("never puts a secret from the stack config into outputs, errors or log lines", async () => {
    const clock = new VirtualClock();
    const reader = new ScriptedStatsReader(clock, stuck);
    const { ctx, lines } = providerHarness({ clock, reader });
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create({ ...BASE, timeoutSeconds: 30 }));
    const secret = HARNESS_CONFIG["huaweicloud:secretKey"]!;
    const everything = JSON.stringify({ props: (error as unknown as ResourceInitError).properties, m: error.message, lines });
    assert.ok(!everything.includes(secret));
    assert.ok(!("secretKey" in (error as unknown as ResourceInitError).properties), "config credentials are not stored");
  });

  it("turns credentials that expire mid-wait into a resumable partial failure saying so, and the update with fresh ones adds the counts up", async () => {
    const clock = new VirtualClock();
    const expired = new CredentialExpiredError(
      "APIGW.0307 The token must be updated. (HTTP 401, request id r-1) — the IAM token (from HW_AUTH_TOKEN) has expired (tokens last 24 hours).",
      { status: 401, errorCode: "APIGW.0307" },
    );
    const first = sequenceReader(clock, [{ fullMigrationProgress: 30, sourceDbsize: 10_000, targetDbsize: 3_000 }, { fullMigrationProgress: 35, sourceDbsize: 10_000, targetDbsize: 3_500 }, expired], 500);
    const { ctx } = providerHarness({ clock, reader: first });
    const inputs = { ...BASE, stableForSeconds: 0, pollIntervalSeconds: 10 };
    const error = await rejectionOf(createWaitForMigrationProvider(ctx).create(inputs));
    assert.ok(error instanceof ResourceInitError, error.message);
    assert.match(
      error.message,
      /^The credentials expired after 2[12]s waiting for DCS migration task 7f3c1a2b-\S+ at 35% full migration.* \(3 polls\); the resource is saved as not yet complete\. Set fresh credentials .* run `pulumi up` again: it resumes the wait with the polls and time so far\. The API said: APIGW\.0307 The token must be updated\./,
    );
    const saved = error.properties;
    assert.equal(saved["completed"], false);
    assert.equal(saved["polls"], 3, "the refused read counts");
    assert.equal(saved["fullMigrationProgress"], 35);

    const fresh = sequenceReader(clock, [{ fullMigrationProgress: 100, sourceDbsize: 10_000, targetDbsize: 10_000 }], 500);
    const next = providerHarness({ clock, reader: fresh });
    const { outs } = await createWaitForMigrationProvider(next.ctx).update!(error.id, saved, inputs);
    assert.equal(outs["completed"], true);
    assert.equal(outs["polls"], 4);
    assert.ok((outs["waitedSeconds"] as number) > (saved["waitedSeconds"] as number));
    assert.equal(outs["startedAt"], saved["startedAt"]);
  });
});
