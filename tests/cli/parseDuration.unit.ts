import assert from "node:assert/strict";
import { parseDuration } from "../../cli/parseDuration";
import { UsageError } from "../../cli/usageError";

describe("parseDuration", () => {
  const good: Array<[string, number]> = [
    ["90", 90],
    ["90s", 90],
    ["15m", 900],
    ["1h", 3600],
    ["1h30m", 5400],
    ["2m30s", 150],
    ["500ms", 0.5],
    ["1.5h", 5400],
    ["0", 0],
    [" 10s ", 10],
  ];
  for (const [text, seconds] of good) {
    it(`reads ${JSON.stringify(text)} as ${seconds} s`, () => assert.equal(parseDuration(text, "--timeout"), seconds));
  }

  for (const text of ["", "5x", "-5", "abc", "1e3", "m", "10 m", "1h-5m", "s10"]) {
    it(`rejects ${JSON.stringify(text)}, naming the flag and the value`, () => {
      assert.throws(
        () => parseDuration(text, "--stall-timeout"),
        (e: unknown) =>
          e instanceof UsageError &&
          e.field === "--stall-timeout" &&
          e.message === `--stall-timeout: expected a duration like 90, 90s, 15m, 1h or 1h30m, got ${JSON.stringify(text)}.`,
      );
    });
  }
});
