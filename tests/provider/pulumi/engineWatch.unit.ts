import assert from "node:assert/strict";
import * as net from "node:net";
import {
  ENGINE_WATCH_DEFAULTS,
  engineWatchStep,
  parseEngineAddress,
  probeEngine,
  watchEngine,
  type EngineGone,
  type EngineProbeResult,
  type Schedule,
} from "../../../provider/pulumi/engineWatch";

/** A scheduler driven by the test: `advance` runs what is due, in order, and lets probes settle. */
class FakeTimers {
  now = 0;
  private pending: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  readonly schedule: Schedule = (run, ms) => {
    const entry = { at: this.now + ms, run, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  get scheduled(): number {
    return this.pending.filter((e) => !e.cancelled).length;
  }
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = this.pending.filter((e) => !e.cancelled && e.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((e) => e !== due);
      this.now = due.at;
      due.run();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    this.now = until;
  }
}

/** Probe answers scripted by time: `down` from `killedAt` on, `up` before. */
function engineKilledAt(timers: FakeTimers, killedAt: number, probes: number[] = []) {
  return async (): Promise<EngineProbeResult> => {
    probes.push(timers.now);
    return timers.now >= killedAt ? "down" : "up";
  };
}

async function listeningServer(): Promise<{ address: string; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return { address: `127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("engineWatch", () => {
  describe("engineWatchStep (the decision)", () => {
    it("declares the engine gone only after the given number of refused probes in a row", () => {
      let state = { failures: 0 };
      const gone: boolean[] = [];
      for (const probe of ["down", "down", "down"] as const) {
        const step = engineWatchStep(state, probe, 3);
        state = step.state;
        gone.push(step.gone);
      }
      assert.deepEqual(gone, [false, false, true]);
    });

    it("starts counting again after a probe that reached the engine", () => {
      const afterTwo = engineWatchStep(engineWatchStep({ failures: 0 }, "down", 3).state, "down", 3).state;
      const reset = engineWatchStep(afterTwo, "up", 3);
      assert.deepEqual(reset, { state: { failures: 0 }, gone: false });
      assert.equal(engineWatchStep(reset.state, "down", 3).gone, false);
    });

    it("neither counts nor forgives an inconclusive probe", () => {
      assert.deepEqual(engineWatchStep({ failures: 2 }, "unknown", 3), { state: { failures: 2 }, gone: false });
    });
  });

  describe("watchEngine (the loop)", () => {
    it("calls onGone once, within failuresBeforeGone intervals of the engine dying, and stops probing", async () => {
      const timers = new FakeTimers();
      const probes: number[] = [];
      const gone: Array<{ at: number; info: EngineGone }> = [];
      watchEngine({
        engineAddress: "127.0.0.1:4000",
        schedule: timers.schedule,
        probe: engineKilledAt(timers, 10_500, probes),
        onGone: (info) => gone.push({ at: timers.now, info }),
      });
      await timers.advance(10_000);
      assert.equal(gone.length, 0, "gone while the engine answered");
      await timers.advance(60_000);
      assert.equal(gone.length, 1);
      assert.deepEqual(gone[0]?.info, { engineAddress: "127.0.0.1:4000", failedProbes: 3 });
      const noticedAfter = (gone[0]?.at ?? 0) - 10_500;
      assert.ok(noticedAfter <= ENGINE_WATCH_DEFAULTS.intervalMs * ENGINE_WATCH_DEFAULTS.failuresBeforeGone, `noticed ${noticedAfter} ms after`);
      assert.ok(noticedAfter < 5_000, `noticed ${noticedAfter} ms after the engine died, promised < 5 s`);
      assert.equal(probes.filter((t) => t > (gone[0]?.at ?? 0)).length, 0, "probed after declaring the engine gone");
      assert.equal(timers.scheduled, 0, "a timer is left");
    });

    it("never fires while the engine keeps answering", async () => {
      const timers = new FakeTimers();
      let gone = 0;
      watchEngine({ engineAddress: "127.0.0.1:4000", schedule: timers.schedule, probe: async () => "up", onGone: () => gone++ });
      await timers.advance(3_600_000);
      assert.equal(gone, 0);
    });

    it("does nothing after stop, and nothing at all without an engine address", async () => {
      const timers = new FakeTimers();
      let probes = 0;
      const stop = watchEngine({
        engineAddress: "127.0.0.1:4000",
        schedule: timers.schedule,
        probe: async () => (probes++, "down"),
        onGone: () => assert.fail("onGone after stop"),
      });
      await timers.advance(1_000);
      stop();
      stop();
      await timers.advance(60_000);
      assert.equal(probes, 1);
      assert.equal(timers.scheduled, 0);

      watchEngine({ engineAddress: undefined, schedule: timers.schedule, probe: async () => (probes++, "down"), onGone: () => assert.fail("watched nothing") });
      await timers.advance(60_000);
      assert.equal(probes, 1);
      assert.equal(timers.scheduled, 0);
    });

    it("treats a probe that throws as inconclusive", async () => {
      const timers = new FakeTimers();
      let gone = 0;
      watchEngine({
        engineAddress: "127.0.0.1:4000",
        schedule: timers.schedule,
        probe: async () => {
          throw new Error("EMFILE");
        },
        onGone: () => gone++,
      });
      await timers.advance(60_000);
      assert.equal(gone, 0);
    });

    it("names the option and the value it refuses", () => {
      assert.throws(() => watchEngine({ engineAddress: "nowhere" }), /Expected `engineAddress` to be host:port, got "nowhere"/);
      assert.throws(() => watchEngine({ engineAddress: "127.0.0.1:1", intervalMs: 0 }), /Expected `intervalMs` to be > 0, got 0/);
      assert.throws(() => watchEngine({ engineAddress: "127.0.0.1:1", failuresBeforeGone: 1.5 }), /Expected `failuresBeforeGone` to be an integer ≥ 1, got 1.5/);
    });
  });

  describe("probeEngine (one TCP connect)", () => {
    it("says up while something listens at the address and down once it is closed", async () => {
      const server = await listeningServer();
      assert.equal(await probeEngine(server.address, 2000), "up");
      await server.close();
      assert.equal(await probeEngine(server.address, 2000), "down");
    });

    it("watches a real address and calls onGone after it stops listening", async () => {
      const server = await listeningServer();
      let gone: EngineGone | undefined;
      const stop = watchEngine({ engineAddress: server.address, intervalMs: 10, failuresBeforeGone: 2, onGone: (g) => (gone = g) });
      try {
        await new Promise((r) => setTimeout(r, 60));
        assert.equal(gone, undefined, "gone while the server listened");
        await server.close();
        for (let i = 0; i < 100 && gone === undefined; i++) await new Promise((r) => setTimeout(r, 10));
        assert.deepEqual(gone, { engineAddress: server.address, failedProbes: 2 });
      } finally {
        stop();
      }
    });
  });

  it("parses host:port addresses, IPv6 in brackets included, and refuses anything else", () => {
    assert.deepEqual(parseEngineAddress("127.0.0.1:40123"), { host: "127.0.0.1", port: 40123 });
    assert.deepEqual(parseEngineAddress("localhost:1"), { host: "localhost", port: 1 });
    assert.deepEqual(parseEngineAddress("[::1]:5000"), { host: "::1", port: 5000 });
    for (const bad of ["", "127.0.0.1", ":80", "host:0", "host:70000", "--flag"]) {
      assert.equal(parseEngineAddress(bad), undefined, bad);
    }
  });
});
