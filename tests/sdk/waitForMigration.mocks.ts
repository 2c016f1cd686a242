import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isWireSecret } from "../../provider/pulumi/wireValues";
import { ConfigurationError, MigrationStats, WaitForMigration, waitForMigration } from "../../sdk";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** The final stats a completed wait records; what the mock engine answers with. */
const FINAL = {
  taskId: "task-1",
  projectId: "proj-1",
  endpoint: "https://dcs.cn-north-4.myhuaweicloud.com",
  fullMigrationProgress: 100,
  offset: "0",
  sourceDbsize: 531_221,
  targetDbsize: 531_211,
  keyDelta: 10,
  targetInputKbps: 50,
  targetOps: 5300,
  isMigrating: true,
  observedAt: "2025-01-01T00:10:00.000Z",
  completed: true,
  waitedSeconds: 630,
  polls: 64,
  startedAt: "2025-01-01T00:00:00.000Z",
  completedAt: "2025-01-01T00:10:30.000Z",
};

function mockEngine(preview = false): Registered[] {
  const registered: Registered[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state = args.type.startsWith("pulumi-nodejs:dynamic/dcs:") && !preview ? FINAL : {};
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "demo",
    "dev",
    preview,
  );
  return registered;
}

/** The value of an Output, or `undefined` when it is unknown (preview). */
function settle<T>(output: pulumi.Output<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const o = output as unknown as { isKnown: Promise<boolean> };
    void o.isKnown.then((known) => (known ? output.apply((v) => resolve(v)) : resolve(undefined)));
  });
}

class Cutover extends pulumi.ComponentResource {
  readonly gate: WaitForMigration;
  constructor(name: string) {
    super("demo:index:Cutover", name);
    this.gate = new WaitForMigration(`${name}-gate`, { taskId: "task-1" }, { parent: this });
    this.registerOutputs({});
  }
}

describe("WaitForMigration and MigrationStats in a program (mocks)", () => {
  it("registers a WaitForMigration with its arguments as given, a small __provider, and credentials as secrets", async () => {
    const registered = mockEngine();
    const gate = waitForMigration("gate", {
      taskId: "task-1",
      accessKey: "AKPLAIN",
      secretKey: "plain-string-secret",
      authToken: pulumi.secret("token-value"),
      stableForSeconds: 60,
      maxOffset: "0",
    });
    await settle(gate.urn);

    const wait = registered.find((r) => r.name === "gate");
    assert.ok(wait !== undefined);
    assert.equal(wait.type, "pulumi-nodejs:dynamic/dcs:WaitForMigration");
    assert.equal(wait.inputs["taskId"], "task-1");
    assert.equal(wait.inputs["stableForSeconds"], 60);
    assert.equal(wait.inputs["maxOffset"], "0");
    assert.equal(wait.inputs["accessKey"], "AKPLAIN");
    assert.ok(isWireSecret(wait.inputs["secretKey"]), "a plain-string secret key is registered as a secret");
    assert.ok(isWireSecret(wait.inputs["authToken"]));
    assert.equal(wait.inputs["timeoutSeconds"], undefined, "defaults are not written into the inputs");
    const provider = wait.inputs["__provider"];
    assert.equal(typeof provider, "string");
    assert.ok(Buffer.byteLength(provider as string) <= 16 * 1024, `__provider is ${Buffer.byteLength(provider as string)} bytes`);
    assert.ok(!(provider as string).includes("plain-string-secret"));
  });

  it("passes the resource's own URN as __urn, also under a component, without waiting on the parent", async () => {
    const registered = mockEngine();
    const top = new WaitForMigration("top", { taskId: "task-1" });
    const cutover = new Cutover("cutover");
    const topUrn = await settle(top.urn);
    const childUrn = await settle(cutover.gate.urn);
    assert.equal(registered.find((r) => r.name === "top")?.inputs["__urn"], topUrn);
    const child = registered.find((r) => r.name === "cutover-gate");
    assert.equal(child?.inputs["__urn"], childUrn);
    assert.match(String(child?.inputs["__urn"]), /::demo:index:Cutover\$pulumi-nodejs:dynamic\/dcs:WaitForMigration::cutover-gate$/);
  });

  it("exposes the final stats and the wait's verdict as typed outputs", async () => {
    mockEngine();
    const gate = new WaitForMigration("gate", { taskId: "task-1" });
    assert.equal(await settle(gate.completed), true);
    assert.equal(await settle(gate.keyDelta), 10);
    assert.equal(await settle(gate.polls), 64);
    assert.equal(await settle(gate.completedAt), "2025-01-01T00:10:30.000Z");
    assert.equal(await settle(gate.offset), "0");
  });

  it("leaves every output unknown during preview, so nothing downstream reads a guess", async () => {
    mockEngine(true);
    const gate = new WaitForMigration("gate", { taskId: "task-1" });
    assert.equal(await settle(gate.completed), undefined);
    assert.equal(await settle(gate.fullMigrationProgress), undefined);
  });

  it("refuses a misspelt argument by name instead of dropping it and keeping the default", () => {
    const registered = mockEngine();
    assert.throws(
      () => new WaitForMigration("typo", { taskId: "task-1", stallTimeoutSecond: 60 } as never),
      (e: unknown) => e instanceof ConfigurationError && e.field === "stallTimeoutSecond" && /Unknown argument `stallTimeoutSecond` of WaitForMigration "typo"; expected one of .*stallTimeoutSeconds/.test(e.message),
    );
    assert.throws(
      () => new MigrationStats("typo", { taskId: "task-1", regoin: "eu-west-101" } as never),
      (e: unknown) => e instanceof ConfigurationError && e.field === "regoin" && /expected one of taskId, projectId, region/.test(e.message),
    );
    assert.deepEqual(registered, [], "nothing was registered");
  });

  it("registers MigrationStats with the data-source outputs", async () => {
    const registered = mockEngine();
    const stats = new MigrationStats("stats", { taskId: "task-1", projectId: "proj-1" });
    assert.equal(await settle(stats.fullMigrationProgress), 100);
    const reg = registered.find((r) => r.name === "stats");
    assert.equal(reg?.type, "pulumi-nodejs:dynamic/dcs:MigrationStats");
    assert.equal(reg?.inputs["projectId"], "proj-1");
    assert.equal(reg?.inputs["__urn"], undefined);
  });
});
