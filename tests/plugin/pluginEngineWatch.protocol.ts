import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { markSecret } from "../../provider/pulumi/wireValues";
import { startFakeEngine, type FakeEngine } from "../support/fakeEngine";
import { ScaledClock } from "../support/scaledClock";
import { startPluginHost, type PluginHost } from "../support/pluginHost";

const WAIT_URN = "urn:pulumi:dev::proto::dcs-migration:index:WaitForMigration::gate";
/** Within this long after its engine is gone, the plugin must have stopped (issue 15 §1). */
const PROMISE_MS = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("the provider plugin when its engine is gone", function () {
  this.timeout(60_000);
  const clock = new ScaledClock();
  let emulator: EmulatorHandle | undefined;
  let engine: FakeEngine | undefined;
  let plugin: PluginHost | undefined;

  afterEach(async () => {
    await plugin?.close();
    await engine?.close();
    await emulator?.close();
    clock.resume();
  });

  it(`exits within ${PROMISE_MS / 1000} s when the engine's address stops answering in the middle of a wait, and polls no more`, async () => {
    clock.pause(); // the task stands at 30 %: the wait would poll until its timeout
    emulator = await startEmulator({ clock });
    engine = await startFakeEngine();
    plugin = await startPluginHost({ engineAddress: engine.address });
    await plugin.configure({
      "dcs-migration:config:dcsEndpoint": emulator.url,
      "dcs-migration:config:projectId": emulator.projectId,
    });
    const taskId = "plugin-engine-gone";
    await emulator.control.createTask({
      kind: "scripted",
      id: taskId,
      timeline: { startProgress: 30, phases: [{ kind: "ramp", to: 100, durationMs: 10_000, shape: "linear" }] },
    });
    const waiting = plugin.create(WAIT_URN, {
      taskId,
      stableForSeconds: 1,
      pollIntervalSeconds: 1,
      minPollIntervalSeconds: 0.5,
      timeoutSeconds: 60,
      accessKey: emulator.credentials.accessKey,
      secretKey: markSecret(emulator.credentials.secretKey),
    });
    waiting.catch(() => undefined); // the plugin dies mid-call
    for (let i = 0; i < 300 && (await emulator.control.taskRequests(taskId)).served < 2; i++) await sleep(100);
    assert.ok((await emulator.control.taskRequests(taskId)).served >= 2, "the wait never polled");
    const child = plugin.child;
    const exited = new Promise<number>((resolve) => child.once("exit", () => resolve(Date.now())));

    await engine.close(); // what a SIGKILLed `pulumi` leaves: nothing listens at the address any more
    const goneAt = Date.now();
    const exitedAt = await Promise.race([exited, sleep(PROMISE_MS).then(() => undefined)]);
    const atPromise = (await emulator.control.taskRequests(taskId)).requests;
    await sleep(2_500);
    const later = (await emulator.control.taskRequests(taskId)).requests;
    console.log(`      plugin exited ${exitedAt === undefined ? "> " + PROMISE_MS : exitedAt - goneAt} ms after the engine went away; requests ${atPromise} → ${later}`);
    assert.ok(exitedAt !== undefined, `the plugin was still running ${PROMISE_MS} ms after its engine went away: ${plugin.output()}`);
    assert.equal(later, atPromise, "the task was still polled after the plugin should have stopped");
  });
});
