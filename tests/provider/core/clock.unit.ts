import assert from "node:assert/strict";
import { AbortedError } from "../../../provider/core/errors";
import { systemClock } from "../../../provider/core/clock";

describe("systemClock", () => {
  it("sleeps longer than one Node timer can hold without firing early or warning, and still aborts promptly", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w);
    };
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      let settled = "pending";
      const sleeping = systemClock.sleep(2 ** 31 + 1000, controller.signal).then(
        () => (settled = "resolved"),
        (e: unknown) => (settled = e instanceof AbortedError ? "aborted" : `rejected: ${String(e)}`),
      );
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(settled, "pending", "a 24.8-day sleep must not end after 1 ms");
      controller.abort();
      await sleeping;
      assert.equal(settled, "aborted");
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(
        warnings.filter((w) => w.name === "TimeoutOverflowWarning").map((w) => w.message),
        [],
      );
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("resolves an ordinary sleep", async () => {
    const started = Date.now();
    await systemClock.sleep(5);
    assert.ok(Date.now() - started >= 4);
  });
});
