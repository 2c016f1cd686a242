import { strict as assert } from "node:assert";
import { EmulatorInputError } from "../../emulator/control/inputError";
import { parseMainArgs } from "../../emulator/mainArgs";

describe("parseMainArgs (npm run emulator -- …)", () => {
  it("turns --scripted and --redis flags into tasks, in order", () => {
    const args = parseMainArgs(["--scripted", "linear", "--redis", "100000", "--scripted", "stall-63", "--time-scale", "600", "--write-ops", "50"]);
    assert.deepEqual(args.options.tasks, [
      { kind: "scripted", preset: "linear", timeScale: 600, fieldFormat: "number" },
      { kind: "scripted", preset: "stall-63", timeScale: 600, fieldFormat: "number" },
      { kind: "redis", keys: 100000, writeOpsPerSecond: 50, keyLoadDelay: 0, fieldFormat: "number" },
    ]);
  });

  it("passes port, project id and fixed credentials through", () => {
    const args = parseMainArgs(["--port", "18080", "--project-id", "p1", "--access-key", "AK", "--secret-key", "SK", "--temporary-credentials"]);
    assert.equal(args.options.port, 18080);
    assert.equal(args.options.projectId, "p1");
    assert.deepEqual(args.options.credentials, { accessKey: "AK", secretKey: "SK" });
    assert.equal(args.options.temporaryCredentials, true);
  });

  it("converts --duration seconds to milliseconds and applies --field-format to every task", () => {
    const args = parseMainArgs(["--scripted", "long-tail", "--duration", "90", "--field-format", "string"]);
    assert.deepEqual(args.options.tasks, [{ kind: "scripted", preset: "long-tail", timeScale: 60, fieldFormat: "string", durationMs: 90_000 }]);
  });

  it("turns --clock-skew seconds, negative ones too, into the gateway's clock skew in milliseconds", () => {
    assert.equal(parseMainArgs(["--clock-skew", "1200"]).options.clockSkewMs, 1_200_000);
    assert.equal(parseMainArgs(["--clock-skew=-1200"]).options.clockSkewMs, -1_200_000);
    assert.equal(parseMainArgs([]).options.clockSkewMs, undefined);
  });

  const bad: Array<[string[], string, RegExp]> = [
    [["--clock-skew", "20m"], "--clock-skew", /finite number, got NaN/],
    [["--scripted", "fast"], "--scripted", /one of linear/],
    [["--redis", "many"], "--redis", /finite number, got NaN/],
    [["--port", "70000"], "--port", /<= 65535, got 70000/],
    [["--time-scale", "0"], "--time-scale", /> 0, got 0/],
    [["--field-format", "hex"], "--field-format", /"number", "string"/],
    [["--bogus"], "argv", /Unknown option '--bogus'/],
  ];
  for (const [argv, field, message] of bad) {
    it(`rejects ${argv.join(" ")} naming ${field}`, () => {
      assert.throws(
        () => parseMainArgs(argv),
        (e: unknown) => e instanceof EmulatorInputError && e.field === field && message.test(e.message),
      );
    });
  }
});
