import { strict as assert } from "node:assert";
import { ResponseFormatError } from "../../../provider/dcs/apiErrors";
import { JsonNumberText, parseLosslessJson } from "../../../provider/core/losslessJson";
import { parseStats } from "../../../provider/dcs/parseStats";

const ctx = { taskId: "t1", projectId: "p1", observedAt: "2025-01-01T00:00:00.000Z", status: 200, requestId: "req-42" };
// The API page's own example (FACTS.md §1): numbers, not the documented strings.
const DOC_EXAMPLE = { full_migration_progress: 100, offset: 100, source_dbsize: 531221, target_dbsize: 531211, target_input_kbps: 50, target_ops: 5300, is_migrating: true };

function formatError(body: unknown): ResponseFormatError {
  try {
    parseStats(body, ctx);
  } catch (e) {
    assert.ok(e instanceof ResponseFormatError, `expected ResponseFormatError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(body)} to be refused`);
}

describe("parseStats", () => {
  it("normalizes the API page's numeric example, with keyDelta = source − target", () => {
    assert.deepEqual(parseStats(DOC_EXAMPLE, ctx), {
      taskId: "t1",
      projectId: "p1",
      fullMigrationProgress: 100,
      offset: "100",
      sourceDbsize: 531221,
      targetDbsize: 531211,
      keyDelta: 10,
      targetInputKbps: 50,
      targetOps: 5300,
      isMigrating: true,
      observedAt: "2025-01-01T00:00:00.000Z",
    });
  });

  it("accepts the documented string types", () => {
    const s = parseStats(
      { full_migration_progress: "99.5", offset: "0", source_dbsize: "10", target_dbsize: "12", target_input_kbps: "0.5", target_ops: "7", is_migrating: "false" },
      ctx,
    );
    assert.equal(s.fullMigrationProgress, 99.5);
    assert.equal(s.keyDelta, -2);
    assert.equal(s.targetInputKbps, 0.5);
    assert.equal(s.isMigrating, false);
  });

  it("reads progress from 100, \"100\", \"99.5\" and \"100%\"", () => {
    for (const [value, expected] of [[100, 100], ["100", 100], ["99.5", 99.5], ["100%", 100], [" 42 % ", 42], [0, 0], ["0", 0]] as const) {
      assert.equal(parseStats({ ...DOC_EXAMPLE, full_migration_progress: value }, ctx).fullMigrationProgress, expected, String(value));
    }
  });

  it("accepts is_migrating as true/false booleans or strings", () => {
    for (const [value, expected] of [[true, true], [false, false], ["true", true], ["false", false], ["TRUE", true]] as const) {
      assert.equal(parseStats({ ...DOC_EXAMPLE, is_migrating: value }, ctx).isMigrating, expected);
    }
  });

  it("keeps an offset beyond 2^53 exact when read from the raw JSON text", () => {
    const text = JSON.stringify({ ...DOC_EXAMPLE, offset: 0 }).replace('"offset":0', '"offset":123456789012345678901234567');
    const s = parseStats(parseLosslessJson(text), ctx);
    assert.equal(s.offset, "123456789012345678901234567");
    assert.equal(parseStats({ ...DOC_EXAMPLE, offset: "9007199254740993" }, ctx).offset, "9007199254740993");
    assert.equal(parseStats(parseLosslessJson(JSON.stringify({ ...DOC_EXAMPLE, offset: 9007199254740991 })), ctx).offset, "9007199254740991");
    assert.equal(parseStats({ ...DOC_EXAMPLE, offset: "000123" }, ctx).offset, "123");
  });

  it("refuses an offset JSON.parse has already rounded, instead of returning a wrong number", () => {
    const e = formatError({ ...DOC_EXAMPLE, offset: 2 ** 60 });
    assert.equal(e.field, "offset");
    assert.match(e.message, /beyond 2\^53/);
  });

  const malformed: Array<[string, string, unknown]> = [
    ["null progress", "full_migration_progress", null],
    ["empty progress", "full_migration_progress", ""],
    ["non-numeric progress", "full_migration_progress", "abc"],
    ["negative progress", "full_migration_progress", -1],
    ["progress above 100", "full_migration_progress", "100.5"],
    ["NaN progress", "full_migration_progress", "NaN"],
    ["Infinity progress", "full_migration_progress", "Infinity"],
    ["a bare % progress", "full_migration_progress", "%"],
    ["boolean progress", "full_migration_progress", true],
    ["negative offset", "offset", "-5"],
    ["fractional offset", "offset", 1.5],
    ["exponent-notation offset string", "offset", "1e3"],
    ["non-numeric offset", "offset", "0x10"],
    ["fractional key count", "source_dbsize", 10.5],
    ["negative key count", "target_dbsize", -1],
    ["key count beyond 2^53", "source_dbsize", "9007199254740993"],
    ["key count as an object", "source_dbsize", { n: 1 }],
    ["negative kbps", "target_input_kbps", -0.1],
    ["Infinity ops", "target_ops", "Infinity"],
    ["-Infinity ops", "target_ops", "-Infinity"],
    ["empty ops", "target_ops", " "],
    ["is_migrating as yes", "is_migrating", "yes"],
    ["is_migrating as 1", "is_migrating", 1],
    ["null is_migrating", "is_migrating", null],
  ];
  for (const [name, field, value] of malformed) {
    it(`refuses ${name}, naming the field and quoting the value`, () => {
      const e = formatError({ ...DOC_EXAMPLE, [field]: value });
      assert.equal(e.field, field);
      assert.equal(e.requestId, "req-42");
      assert.equal(e.status, 200);
      assert.ok(e.message.includes(`\`${field}\` is ${JSON.stringify(value)}`), e.message);
      assert.match(e.message, /request id req-42/);
    });
  }

  for (const field of Object.keys(DOC_EXAMPLE)) {
    it(`refuses a body without ${field}`, () => {
      const { [field as keyof typeof DOC_EXAMPLE]: _omitted, ...rest } = DOC_EXAMPLE;
      const e = formatError(rest);
      assert.equal(e.field, field);
      assert.match(e.message, new RegExp(`has no \`${field}\` field`));
    });
  }

  it("refuses bodies that are not objects", () => {
    for (const body of [null, [], "text", 42]) {
      assert.match(formatError(body).message, /not a JSON object/);
    }
  });

  it("cuts a huge value to about 64 characters in the message", () => {
    const e = formatError({ ...DOC_EXAMPLE, target_ops: "9".repeat(10_000) + "x" });
    assert.ok(e.message.length < 400, `message is ${e.message.length} characters`);
    assert.match(e.message, /9…/);
  });
});

describe("parseLosslessJson", () => {
  it("keeps unsafe integers as their source digits and leaves other numbers alone", () => {
    const v = parseLosslessJson('{"a":18446744073709551615,"b":1.5,"c":12,"d":-18446744073709551615,"e":1e400}') as Record<string, unknown>;
    assert.ok(v["a"] instanceof JsonNumberText);
    assert.equal((v["a"] as JsonNumberText).text, "18446744073709551615");
    assert.equal(v["b"], 1.5);
    assert.equal(v["c"], 12);
    assert.equal((v["d"] as JsonNumberText).text, "-18446744073709551615");
    assert.equal(v["e"], Infinity);
  });

  it("throws SyntaxError for non-JSON", () => {
    assert.throws(() => parseLosslessJson("<html>"), SyntaxError);
  });
});
