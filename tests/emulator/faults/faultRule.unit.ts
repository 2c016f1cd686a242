import { strict as assert } from "node:assert";
import { faultFor, type FaultRule } from "../../../emulator/faults/faultRule";
import { parseFaultRules } from "../../../emulator/faults/faultValidation";
import { EmulatorInputError } from "../../../emulator/control/inputError";

function hits(rules: FaultRule[], requests: number, elapsedMs = 0): string {
  let out = "";
  for (let i = 0; i < requests; i++) out += faultFor(rules, i, elapsedMs)?.kind[0] ?? ".";
  return out;
}

describe("faultFor", () => {
  it("applies a burst of N 503s from a request index", () => {
    assert.equal(hits([{ kind: "status", status: 503, fromRequest: 2, count: 3 }], 8), "..sss...");
  });

  it("repeats a burst every M requests", () => {
    assert.equal(hits([{ kind: "reset", fromRequest: 1, count: 2, everyRequests: 4 }], 10), ".rr..rr..r");
  });

  it("applies a rule with no window to every request", () => {
    assert.equal(hits([{ kind: "delay", delayMs: 5 }], 3), "ddd");
  });

  it("applies a time window on the task's elapsed time, end exclusive", () => {
    const rules: FaultRule[] = [{ kind: "throttle", fromMs: 1000, toMs: 2000 }];
    assert.equal(faultFor(rules, 0, 999), undefined);
    assert.equal(faultFor(rules, 0, 1000)?.kind, "throttle");
    assert.equal(faultFor(rules, 0, 1999)?.kind, "throttle");
    assert.equal(faultFor(rules, 0, 2000), undefined);
  });

  it("lets the first matching rule win", () => {
    const rules: FaultRule[] = [
      { kind: "html", count: 1 },
      { kind: "truncate", count: 3 },
    ];
    assert.equal(hits(rules, 4), "htt.");
  });
});

describe("parseFaultRules", () => {
  it("accepts every documented fault kind", () => {
    const rules = parseFaultRules([
      { kind: "status", status: 503, count: 2 },
      { kind: "throttle", retryAfterSeconds: 2, retryAfterFormat: "http-date" },
      { kind: "delay", delayMs: 10 },
      { kind: "reset" },
      { kind: "html", status: 502 },
      { kind: "truncate" },
      { kind: "malformed", field: "full_migration_progress", value: "abc" },
    ]);
    assert.deepEqual(
      rules.map((r) => r.kind),
      ["status", "throttle", "delay", "reset", "html", "truncate", "malformed"],
    );
  });

  const bad: Array<[string, unknown, string, RegExp]> = [
    ["an unknown kind", [{ kind: "explode" }], "faults[0].kind", /one of "status"/],
    ["a status outside 400–599", [{ kind: "status", status: 200 }], "faults[0].status", />= 400, got 200/],
    ["a negative delay", [{ kind: "delay", delayMs: -1 }], "faults[0].delayMs", />= 0, got -1/],
    ["a field of another kind", [{ kind: "reset", delayMs: 3 }], "faults[0].delayMs", /Unknown field `delayMs`/],
    ["a repeat shorter than its burst", [{ kind: "reset", count: 5, everyRequests: 2 }], "faults[0].everyRequests", /count/],
    ["an empty time window", [{ kind: "reset", fromMs: 5, toMs: 5 }], "faults[0].toMs", /> fromMs/],
    ["not an array", { kind: "reset" }, "faults", /an array/],
  ];
  for (const [what, input, field, message] of bad) {
    it(`rejects ${what}, naming ${field}`, () => {
      assert.throws(
        () => parseFaultRules(input),
        (e: unknown) => e instanceof EmulatorInputError && e.field === field && message.test(e.message),
      );
    });
  }
});
