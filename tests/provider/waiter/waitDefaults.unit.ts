import assert from "node:assert/strict";
import { ConfigurationError } from "../../../provider/core/errors";
import { resolveWaitOptions, WAIT_DEFAULTS, type WaitOptions } from "../../../provider/waiter/waitDefaults";

function messageFor(partial: Record<string, unknown>): { message: string; field: string | undefined } {
  try {
    resolveWaitOptions(partial as Partial<WaitOptions>);
  } catch (e) {
    assert.ok(e instanceof ConfigurationError);
    return { message: e.message, field: e.field };
  }
  assert.fail(`accepted ${JSON.stringify(partial)}`);
}

describe("resolveWaitOptions", () => {
  it("fills every omitted or undefined option from WAIT_DEFAULTS", () => {
    const o = resolveWaitOptions({ timeoutSeconds: undefined, stableForSeconds: 5 });
    assert.equal(o.timeoutSeconds, 3600);
    assert.equal(o.stableForSeconds, 5);
    assert.equal(o.pollIntervalSeconds, WAIT_DEFAULTS.pollIntervalSeconds);
    assert.equal(o.keyCountToleranceRatio, 0.0001);
    assert.equal(o.maxOffset, undefined);
  });

  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ timeoutSeconds: -1 }, "timeoutSeconds", "Expected `timeoutSeconds` to be > 0, got -1"],
    [{ timeoutSeconds: 0 }, "timeoutSeconds", "Expected `timeoutSeconds` to be > 0, got 0"],
    [{ stallTimeoutSeconds: Number.NaN }, "stallTimeoutSeconds", "Expected `stallTimeoutSeconds` to be a finite number, got NaN"],
    [{ pollIntervalSeconds: "10" }, "pollIntervalSeconds", 'Expected `pollIntervalSeconds` to be a finite number, got "10"'],
    [{ requiredProgress: 101 }, "requiredProgress", "Expected `requiredProgress` to be > 0 and ≤ 100, got 101"],
    [{ pollIntervalSeconds: 1e10, minPollIntervalSeconds: 1 }, "pollIntervalSeconds", "Expected `pollIntervalSeconds` to be ≤ 31536000 (one year), got 10000000000"],
    [{ stableForSeconds: 31_536_001 }, "stableForSeconds", "Expected `stableForSeconds` to be ≤ 31536000 (one year), got 31536001"],
    [{ timeoutSeconds: 1e300 }, "timeoutSeconds", "Expected `timeoutSeconds` to be ≤ 31536000 (one year), got 1e+300"],
    [{ keyCountTolerance: -3 }, "keyCountTolerance", "Expected `keyCountTolerance` to be >= 0, got -3"],
    [{ keyCountTolerance: 1.5 }, "keyCountTolerance", "Expected `keyCountTolerance` to be a whole number of keys, got 1.5"],
    [{ keyCountToleranceRatio: 2 }, "keyCountToleranceRatio", "Expected `keyCountToleranceRatio` to be between 0 and 1, got 2"],
    [{ stableForSeconds: -5 }, "stableForSeconds", "Expected `stableForSeconds` to be >= 0, got -5"],
    [
      { minPollIntervalSeconds: 20 },
      "minPollIntervalSeconds",
      "Expected `minPollIntervalSeconds` to be ≤ `pollIntervalSeconds` (10), got 20",
    ],
    [
      { maxOffset: "-1" },
      "maxOffset",
      'Expected `maxOffset` to be a non-negative decimal integer string such as "0" or "1000", got "-1"',
    ],
  ];
  for (const [partial, field, message] of cases) {
    it(`rejects ${JSON.stringify(partial)} naming \`${field}\` and the value`, () => {
      assert.deepEqual(messageFor(partial), { message, field });
    });
  }

  it("rejects an unknown option, listing the known ones", () => {
    const { message, field } = messageFor({ timeout: 60 });
    assert.equal(field, "timeout");
    assert.match(message, /Unknown wait option `timeout`; expected one of requiredProgress, .*timeoutSeconds/);
  });

  it("accepts a decimal maxOffset beyond 2^53", () => {
    assert.equal(resolveWaitOptions({ maxOffset: "18446744073709551615" }).maxOffset, "18446744073709551615");
  });
});
