import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { markSecret } from "../../../provider/pulumi/wireValues";
import { waitForMigrationProvider } from "../../../sdk/waitForMigration";
import { HostCallError, startDynamicProviderHost, type DynamicProviderHost } from "../../support/dynamicProviderHost";
import { buildPackage, type BuiltPackage } from "../../support/builtPackage";
import { startFakeEngine, type FakeEngine } from "../../support/fakeEngine";
import { ScaledClock } from "../../support/scaledClock";
import { serializeProvider } from "../../support/serializeProvider";

const URN = "urn:pulumi:dev::proto::pulumi-nodejs:dynamic/dcs:WaitForMigration::gate";
const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "..", "node_modules");
/**
 * How far the test's measure of one attempt (from the emulator counting its first request, polled
 * every 20 ms, to the provider's answer) may be from the time the provider reports waiting in it:
 * the poll's lag, and saving outputs and answering after the last read.
 */
const PER_ATTEMPT_TOLERANCE_S = 0.25;

type Props = Record<string, unknown>;

/** How one attempt ends: the wait's own timeout (a partial failure Pulumi saves) or a killed provider (nothing saved). */
type Ending = "timeout" | "kill";

/** Ten interruptions, timeouts and kills in turn, and then the attempt that opens the gate. */
const ENDINGS: readonly Ending[] = ["timeout", "kill", "timeout", "kill", "timeout", "kill", "timeout", "kill", "timeout", "kill"];

describe("a wait resumed across provider restarts (real dynamic-provider host, one process per attempt)", function () {
  this.timeout(120_000);
  let programDir: string;
  let built: BuiltPackage | undefined;
  let engine: FakeEngine;
  let emulator: EmulatorHandle;
  let waitProvider: string;
  const clock = new ScaledClock();
  const hosts: DynamicProviderHost[] = [];

  before(async () => {
    // A program folder with the package installed as built JavaScript: twelve provider processes
    // loading the sources through ts-node would take about a minute on their own.
    built = await buildPackage();
    programDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "dcs-restarts-"));
    await fs.promises.mkdir(path.join(programDir, "node_modules"));
    await fs.promises.symlink(path.join(REPO_NODE_MODULES, "@pulumi"), path.join(programDir, "node_modules", "@pulumi"), "dir");
    await fs.promises.symlink(built.dir, path.join(programDir, "node_modules", "pulumi-dcs-migration"), "dir");
    await fs.promises.writeFile(path.join(programDir, "package.json"), '{ "name": "proto", "private": true }\n');
    engine = await startFakeEngine();
    emulator = await startEmulator({ clock });
    waitProvider = (await serializeProvider(waitForMigrationProvider)).text;
  });

  after(async () => {
    // Each host is closed by the test; this only ends what a failed assertion left running.
    await Promise.all(hosts.map((h) => h.kill()));
    await emulator?.close();
    await engine?.close();
    if (programDir !== undefined) await fs.promises.rm(programDir, { recursive: true, force: true });
    await built?.cleanup();
  });

  /** A fresh provider process, configured as the engine does; started ahead so its start-up overlaps the attempt before. */
  const freshHost = async (): Promise<DynamicProviderHost> => {
    const host = await startDynamicProviderHost({ cwd: programDir, engineAddress: engine.address });
    hosts.push(host);
    await host.configure({
      "huaweicloud:dcsEndpoint": emulator.url,
      "huaweicloud:projectId": emulator.projectId,
      "huaweicloud:accessKey": emulator.credentials.accessKey,
      "huaweicloud:secretKey": markSecret(emulator.credentials.secretKey),
    });
    // The engine checks inputs before every create or update; that also loads the provider.
    const checked = await host.check(URN, {}, { __provider: waitProvider, taskId: "t" });
    assert.deepEqual(checked.failures, []);
    return host;
  };

  it("keeps exact totals over 5 timeouts and 5 kills, and opens the gate once", async () => {
    // 50 minutes into a 60-minute migration, held there while the attempts are interrupted.
    const task = await emulator.control.createTask({ kind: "scripted", preset: "linear", durationMs: 3_600_000, timeScale: 1200, startAtMs: 3_000_000 });
    clock.pause();
    const taskId = task.id;
    const requests = async (): Promise<number> => (await emulator.control.taskRequests(taskId)).requests;
    /** When (performance.now) the emulator first counted a request beyond `before`. */
    const firstRequest = async (before: number): Promise<number> => {
      while ((await requests()) <= before) await new Promise((r) => setTimeout(r, 20));
      return performance.now();
    };
    const inputs = (timeoutSeconds: number): Props => ({
      __provider: waitProvider,
      __urn: URN,
      taskId,
      stableForSeconds: 0,
      pollIntervalSeconds: 0.5,
      minPollIntervalSeconds: 0.2,
      timeoutSeconds,
    });

    let saved: { id: string; properties: Props } | undefined;
    let savedRequests = 0;
    // The saved attempts' time, bracketed: from the emulator counting each one's first request
    // (the wait has started), and from the provider call (the wait has not started yet), to the answer.
    let from = 0;
    let upTo = 0;
    let killedRequests = 0;
    // Provider processes start a few attempts ahead, so their start-up overlaps the waits.
    // One per attempt.
    let toStart = ENDINGS.length + 1;
    const start = (): Promise<DynamicProviderHost> | undefined => (toStart-- > 0 ? freshHost() : undefined);
    const pool = [start(), start()];
    const nextHost = (): Promise<DynamicProviderHost> => {
      pool.push(start());
      const host = pool.shift();
      assert.ok(host !== undefined, "more provider processes used than planned");
      return host;
    };
    for (const [i, ending] of ENDINGS.entries()) {
      const host = await nextHost();
      const before = await requests();
      const started = firstRequest(before);
      const calledAt = performance.now();
      const outcome = (
        saved === undefined
          ? host.create(URN, inputs(ending === "timeout" ? 1 : 60))
          : host.update(URN, saved.id, saved.properties, inputs(ending === "timeout" ? 1 : 60))
      ).then(
        () => assert.fail(`attempt ${i + 1} completed while the task was held`),
        (e: unknown) => e,
      );
      if (ending === "kill") {
        // Killed once it has polled twice: what it read is lost with it, as with a cancelled `pulumi up`.
        while ((await requests()) < before + 2) await new Promise((r) => setTimeout(r, 20));
        await host.kill();
        assert.ok((await outcome) instanceof HostCallError);
        killedRequests += (await requests()) - before;
        continue;
      }
      const error = await outcome;
      const answeredAt = performance.now();
      from += (answeredAt - (await started)) / 1000;
      upTo += (answeredAt - calledAt) / 1000;
      await host.close();
      assert.ok(error instanceof HostCallError && error.initFailure !== undefined, `attempt ${i + 1}: ${String(error)}`);
      saved = { id: error.initFailure.id, properties: error.initFailure.properties };
      savedRequests += (await requests()) - before;
      assert.equal(saved.properties["completed"], false);
      assert.equal(saved.properties["polls"], savedRequests, `attempt ${i + 1}: polls are the requests of every saved attempt`);
    }
    assert.ok(saved !== undefined);

    // The last attempt: the migration moves on and the gate opens.
    const host = await nextHost();
    clock.resume();
    const before = await requests();
    const started = firstRequest(before);
    const calledAt = performance.now();
    const done = await host.update(URN, saved.id, saved.properties, inputs(60));
    const answeredAt = performance.now();
    from += (answeredAt - (await started)) / 1000;
    upTo += (answeredAt - calledAt) / 1000;
    savedRequests += (await requests()) - before;
    const outs = done.properties;
    const totalRequests = await requests();
    assert.equal(outs["completed"], true);
    assert.equal(outs["polls"], savedRequests, "polls = the requests of every attempt whose outputs were saved");
    assert.equal(totalRequests, savedRequests + killedRequests, "the only requests not counted are those of killed attempts");
    assert.ok(killedRequests >= 2 * ENDINGS.filter((e) => e === "kill").length);
    assert.equal(outs["startedAt"], saved.properties["startedAt"], "the first start is kept");
    const waited = outs["waitedSeconds"] as number;
    const saves = ENDINGS.filter((e) => e === "timeout").length + 1;
    const tolerance = saves * PER_ATTEMPT_TOLERANCE_S;
    assert.ok(
      waited >= from - tolerance && waited <= upTo,
      `waitedSeconds ${waited} is outside the ${from.toFixed(3)}–${upTo.toFixed(3)} s the saved attempts took (tolerance ${tolerance} s below)`,
    );

    // Opened once: another update keeps the verdict and reads nothing (it cannot depend on the
    // process: an update of a completed wait reads only its olds).
    const again = await host.update(URN, saved.id, outs, inputs(60));
    await host.close();
    assert.equal(await requests(), totalRequests, "a completed wait sends no request");
    for (const key of ["completed", "polls", "waitedSeconds", "startedAt", "completedAt"]) assert.deepEqual(again.properties[key], outs[key], key);
    console.log(
      `      11 attempts in 11 processes: polls ${String(outs["polls"])} = ${savedRequests} requests of the 6 saved attempts ` +
        `(+ ${killedRequests} of the 5 killed ones, not counted); waitedSeconds ${waited.toFixed(3)} within the ${from.toFixed(3)}–${upTo.toFixed(3)} s the saved attempts took`,
    );
  });
});
