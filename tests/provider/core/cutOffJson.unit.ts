import { strict as assert } from "node:assert";
import { isCutOffJson } from "../../../provider/core/cutOffJson";

/** The SyntaxError JSON.parse raises for `text`. */
function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error(`${JSON.stringify(text)} parsed`);
}

const BODY = JSON.stringify({
  full_migration_progress: "99.5",
  offset: 100,
  source_dbsize: 531221,
  target_dbsize: 531211,
  target_input_kbps: 50.5,
  target_ops: 5300,
  is_migrating: true,
  note: 'quote " and é',
  nested: [1, { a: null, b: false }],
});

describe("isCutOffJson", () => {
  it("recognizes every proper prefix of a stats body as cut off", () => {
    for (let i = 1; i < BODY.length; i++) {
      const text = BODY.slice(0, i);
      assert.equal(isCutOffJson(text, parseError(text)), true, JSON.stringify(text));
    }
  });

  it("does not take a malformed or foreign body for a cut-off one", () => {
    for (const text of ['{"a":1}}', '{"a":1 x', '{"a" 1}', "{a:1}", '{"a":01}', '{"a":1,}', '{"a":tru}', '{"a":"\\x"}', "<html><body>502</body></html>", "[1,2", '"abc', "", "   "]) {
      assert.equal(isCutOffJson(text, parseError(text)), false, JSON.stringify(text));
    }
  });

  it("answers false for anything that is not a SyntaxError", () => {
    assert.equal(isCutOffJson('{"a":', new RangeError("Maximum call stack size exceeded")), false);
    assert.equal(isCutOffJson('{"a":', "Unexpected end of JSON input"), false);
  });
});
