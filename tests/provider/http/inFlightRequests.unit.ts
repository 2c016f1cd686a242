import assert from "node:assert/strict";
import { AbortedError } from "../../../provider/core/errors";
import { InFlightRequests } from "../../../provider/http/inFlightRequests";
import { VirtualClock } from "../../support/virtualClock";

/** An operation the test settles by hand, counting how often it was started. */
function manual() {
  const started: Array<{ resolve: (v: string) => void; reject: (e: Error) => void; signal: AbortSignal }> = [];
  const start = (signal: AbortSignal): Promise<string> =>
    new Promise<string>((resolve, reject) => started.push({ resolve, reject, signal }));
  return { started, start };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("InFlightRequests", () => {
  it("answers from another caller's read sent within the caller's max age, dated by when that read was sent", async () => {
    const clock = new VirtualClock(1_000_000);
    const requests = new InFlightRequests<string>();
    const op = manual();
    const first = requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 0 }, op.start);
    await tick();
    clock.advance(300);
    op.started[0]!.resolve("read-1");
    assert.deepEqual(await first, { value: "read-1", sentAt: 1_000_000, answeredAt: 1_000_300 });
    clock.advance(700);
    // Sent 1 000 ms ago: young enough for a caller accepting 1 000 ms, too old for one accepting 999.
    // Dated when it was sent and when it came, not when this caller asked.
    assert.deepEqual(await requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 1000 }, op.start), { value: "read-1", sentAt: 1_000_000, answeredAt: 1_000_300 });
    assert.equal(op.started.length, 1, "the answered read was shared");
    const younger = requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 999 }, op.start);
    await tick();
    assert.equal(op.started.length, 2, "an answer sent before `sentFrom` sends a new request");
    op.started[1]!.resolve("read-2");
    assert.deepEqual(await younger, { value: "read-2", sentAt: 1_001_000, answeredAt: 1_001_000 });
    clock.advance(60_000);
    // The bound is a moment, not an age: however late the call comes, a read sent at it qualifies.
    assert.equal((await requests.runFresh("task", undefined, { clock, sentFrom: 1_001_000 }, op.start)).value, "read-2");
    assert.equal(op.started.length, 2);
  });

  it("joins a read in flight within the caller's max age, and any read in flight with joinInFlight, but never an older answer with it", async () => {
    const clock = new VirtualClock(0);
    const requests = new InFlightRequests<string>();
    const op = manual();
    const first = requests.runFresh("task", undefined, { clock, joinInFlight: true }, op.start);
    clock.advance(5_000);
    const joined = requests.runFresh("task", undefined, { clock, joinInFlight: true }, op.start);
    const tooOld = requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 4_999 }, op.start);
    await tick();
    assert.equal(op.started.length, 2, "a caller needing a read younger than the one in flight starts its own");
    op.started[0]!.resolve("old");
    op.started[1]!.resolve("new");
    assert.deepEqual(await first, { value: "old", sentAt: 0, answeredAt: 5_000 });
    assert.deepEqual(await joined, { value: "old", sentAt: 0, answeredAt: 5_000 });
    assert.deepEqual(await tooOld, { value: "new", sentAt: 5_000, answeredAt: 5_000 });
    clock.advance(1);
    const afterwards = requests.runFresh("task", undefined, { clock, joinInFlight: true }, op.start);
    await tick();
    assert.equal(op.started.length, 3, "joinInFlight alone never takes an answered read");
    op.started[2]!.resolve("third");
    assert.equal((await afterwards).value, "third");
  });

  it("shares by age only between callers on the same clock", async () => {
    const a = new VirtualClock(0);
    const b = new VirtualClock(0);
    const requests = new InFlightRequests<string>();
    const op = manual();
    const first = requests.runFresh("task", undefined, { clock: a, sentFrom: a.now() - 1000 }, op.start);
    await tick();
    op.started[0]!.resolve("on a");
    await first;
    const other = requests.runFresh("task", undefined, { clock: b, sentFrom: b.now() - 1000 }, op.start);
    await tick();
    assert.equal(op.started.length, 2);
    op.started[1]!.resolve("on b");
    assert.equal((await other).value, "on b");
  });

  it("keeps no failed read and never lets a late older answer replace a younger one", async () => {
    const clock = new VirtualClock(0);
    const requests = new InFlightRequests<string>();
    const op = manual();
    const failed = requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 1000 }, op.start);
    await tick();
    op.started[0]!.reject(new Error("503"));
    await assert.rejects(failed, /503/);
    const older = requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 1000 }, op.start);
    await tick();
    assert.equal(op.started.length, 2, "a failure is not shared from memory");
    clock.advance(100);
    const younger = requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 50 }, op.start);
    await tick();
    op.started[2]!.resolve("younger");
    await younger;
    op.started[1]!.resolve("older");
    await older;
    assert.deepEqual(await requests.runFresh("task", undefined, { clock, sentFrom: clock.now() - 1000 }, op.start), { value: "younger", sentAt: 100, answeredAt: 100 });
  });

  it("cancels a shared read only when its last caller cancels", async () => {
    const clock = new VirtualClock(0);
    const requests = new InFlightRequests<string>();
    const op = manual();
    const one = new AbortController();
    const two = new AbortController();
    const a = requests.runFresh("task", one.signal, { clock, joinInFlight: true }, op.start);
    const b = requests.runFresh("task", two.signal, { clock, joinInFlight: true }, op.start);
    await tick();
    one.abort();
    await assert.rejects(a, AbortedError);
    assert.equal(op.started[0]!.signal.aborted, false);
    two.abort();
    await assert.rejects(b, AbortedError);
    assert.equal(op.started[0]!.signal.aborted, true);
  });
});
