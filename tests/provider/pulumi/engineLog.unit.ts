import assert from "node:assert/strict";
import * as net from "node:net";
import { createEngineLog, engineAddressFromArgv } from "../../../provider/pulumi/engineLog";
import { startFakeEngine, type FakeEngine } from "../../support/fakeEngine";

const URN = "urn:pulumi:dev::demo::pulumi-nodejs:dynamic/dcs:WaitForMigration::gate";
/** engine_pb LogSeverity.INFO */
const INFO = 1;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("engineLog", () => {
  let engine: FakeEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it("sends lines to the engine as ephemeral info tied to the resource URN, in order", async () => {
    engine = await startFakeEngine();
    const fallback: string[] = [];
    const log = createEngineLog({ engineAddress: engine.address, fallback: (l) => fallback.push(l) });
    for (let i = 1; i <= 5; i++) log(`line ${i}`, URN);
    await until(() => engine!.logs.length === 5);
    assert.deepEqual(
      engine.logs.map((l) => l.message),
      ["line 1", "line 2", "line 3", "line 4", "line 5"],
    );
    assert.ok(engine.logs.every((l) => l.urn === URN && l.ephemeral && l.severity === INFO));
    assert.deepEqual(fallback, []);
  });

  it("flush resolves once every line sent so far has reached the engine", async () => {
    engine = await startFakeEngine();
    const log = createEngineLog({ engineAddress: engine.address, fallback: () => undefined });
    for (let i = 1; i <= 20; i++) log(`line ${i}`, URN);
    await log.flush();
    assert.equal(engine.logs.length, 20);
  });

  it("flush gives up after its limit when the engine never answers, so the operation is not held", async () => {
    engine = await startFakeEngine({ neverAnswerLogs: true });
    const log = createEngineLog({ engineAddress: engine.address, fallback: () => undefined });
    log("stuck", URN);
    await log.flush(50);
    await until(() => engine!.logs.length === 1);
    assert.equal(engine.logs.length, 1);
  });

  it("writes lines without a URN to the fallback (stderr), not the engine", async () => {
    engine = await startFakeEngine();
    const fallback: string[] = [];
    createEngineLog({ engineAddress: engine.address, fallback: (l) => fallback.push(l) })("no urn here", undefined);
    assert.deepEqual(fallback, ["no urn here"]);
    assert.equal(engine.logs.length, 0);
  });

  it("falls back to stderr for every line once the engine cannot be reached", async () => {
    const fallback: string[] = [];
    const log = createEngineLog({ engineAddress: `127.0.0.1:${await closedPort()}`, fallback: (l) => fallback.push(l) });
    log("first", URN);
    log("second", URN);
    await until(() => fallback.length === 2);
    assert.deepEqual(fallback, ["first", "second"]);
  });

  it("reads the engine address from the host's last argument, after the engine's log and tracing flags, only when it looks like host:port", () => {
    assert.equal(engineAddressFromArgv(["node", "dynamic-provider", "127.0.0.1:40123"]), "127.0.0.1:40123");
    assert.equal(engineAddressFromArgv(["node", "dynamic-provider"]), undefined);
    assert.equal(engineAddressFromArgv(["node", "dynamic-provider", "--flag"]), undefined);
    assert.equal(
      engineAddressFromArgv(["node", "dynamic-provider", "--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:9411", "127.0.0.1:40123"]),
      "127.0.0.1:40123",
    );
  });
});
