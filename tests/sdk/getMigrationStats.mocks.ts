import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ConfigurationError, getMigrationStats, getMigrationStatsOutput, TaskNotFoundError } from "../../sdk";

/** The value of an Output, or `undefined` when it is unknown (preview). */
function settle<T>(output: pulumi.Output<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const o = output as unknown as { isKnown: Promise<boolean> };
    void o.isKnown.then((known) => (known ? output.apply((v) => resolve(v)) : resolve(undefined)));
  });
}

/** A resource whose `taskId` output is unknown during preview, like a migration task about to be created. */
class Task extends pulumi.CustomResource {
  declare readonly taskId: pulumi.Output<string>;
  constructor(name: string) {
    super("demo:index:Task", name, { taskId: undefined });
  }
}

function mockProgram(preview: boolean): void {
  pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: {} }), call: () => ({}) },
    "demo",
    "dev",
    preview,
  );
}

describe("getMigrationStats / getMigrationStatsOutput in a program (mocks)", () => {
  let emulator: EmulatorHandle;
  let taskId: string;
  let savedConfig: Record<string, string>;

  before(async () => {
    emulator = await startEmulator();
    taskId = (await emulator.control.createTask({ kind: "scripted", preset: "converging", durationMs: 60_000 })).id;
    savedConfig = pulumi.runtime.allConfig();
  });
  after(async () => {
    pulumi.runtime.setAllConfig(savedConfig, []);
    await emulator.close();
  });
  beforeEach(() => {
    // The stack config a user would set: `pulumi config set huaweicloud:… [--secret]`.
    pulumi.runtime.setAllConfig(
      {
        "huaweicloud:dcsEndpoint": emulator.url,
        "huaweicloud:projectId": emulator.projectId,
        "huaweicloud:accessKey": emulator.credentials.accessKey,
        "huaweicloud:secretKey": emulator.credentials.secretKey,
      },
      ["huaweicloud:secretKey"],
    );
  });

  it("reads the stats once with settings from the stack config", async () => {
    mockProgram(false);
    const before = (await emulator.control.taskRequests(taskId)).requests;
    const stats = await getMigrationStats({ taskId });
    const now = await emulator.control.getTask(taskId);
    assert.equal(stats.taskId, taskId);
    assert.equal(stats.projectId, emulator.projectId);
    assert.equal(stats.sourceDbsize, now.stats["source_dbsize"]);
    assert.equal((await emulator.control.taskRequests(taskId)).requests, before + 1);
  });

  it("rejects with the client's clear errors: task not found, settings missing", async () => {
    mockProgram(false);
    await assert.rejects(getMigrationStats({ taskId: "no-such-task" }), (e: unknown) => e instanceof TaskNotFoundError && /no-such-task/.test(e.message));
    pulumi.runtime.setAllConfig({}, []);
    await assert.rejects(getMigrationStats({ taskId }), (e: unknown) => e instanceof ConfigurationError && /huaweicloud:projectId/.test(e.message));
  });

  it("refuses a misspelt argument by name before any request, instead of reading with the stack config's value", async () => {
    mockProgram(false);
    const before = (await emulator.control.requests()).total.requests;
    await assert.rejects(
      getMigrationStats({ taskId, regoin: "eu-west-101" } as never),
      (e: unknown) => e instanceof ConfigurationError && e.field === "regoin" && /Unknown argument `regoin` of getMigrationStats/.test(e.message),
    );
    assert.equal((await emulator.control.requests()).total.requests, before);
  });

  it("stays unknown during preview while the task id is unknown, without calling the API", async () => {
    mockProgram(true);
    const before = (await emulator.control.requests()).total.requests;
    const task = new Task("task");
    const stats = getMigrationStatsOutput({ taskId: task.taskId });
    assert.equal(await settle(stats), undefined);
    assert.equal((await emulator.control.requests()).total.requests, before);
  });

  it("reads during preview when the task id is known", async () => {
    mockProgram(true);
    const stats = await settle(getMigrationStatsOutput({ taskId: pulumi.output(taskId) }));
    assert.equal(stats?.taskId, taskId);
  });

  it("does not make the stats secret because a credential is, but does when the task id is", async () => {
    mockProgram(false);
    const withSecretKey = getMigrationStatsOutput({
      taskId,
      accessKey: emulator.credentials.accessKey,
      secretKey: pulumi.secret(emulator.credentials.secretKey),
    });
    assert.equal((await settle(withSecretKey))?.taskId, taskId);
    assert.equal(await pulumi.isSecret(withSecretKey), false);
    assert.equal(await pulumi.isSecret(getMigrationStatsOutput({ taskId: pulumi.secret(taskId) })), true);
  });
});
