import { strict as assert } from "node:assert";
import { ConfigurationError } from "../../../provider/core/errors";
import { MAX_PATH_ID_LENGTH, validatePathId } from "../../../provider/settings/validatePathId";

describe("validatePathId", () => {
  it("accepts UUID-like and hex ids unchanged", () => {
    for (const id of ["f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "task_1.2~x", "迁移任务", "a!b(c)*"]) {
      assert.equal(validatePathId("taskId", id), id);
    }
    assert.equal(validatePathId("taskId", "a".repeat(MAX_PATH_ID_LENGTH)).length, MAX_PATH_ID_LENGTH);
  });

  const refused: Array<[string, unknown, RegExp]> = [
    ["an empty id", "", /it is empty/],
    ["a non-string", 42, /it is number/],
    ["null", null, /it is null/],
    ["an id with a slash", "a/b", /contains "\/"/],
    ["dot-dot", "..", /would change the request path/],
    ["a single dot", ".", /would change the request path/],
    ["a query delimiter", "a?x=1", /contains "\?"/],
    ["a fragment delimiter", "a#b", /contains "#"/],
    ["a pre-encoded slash", "a%2Fb", /contains "%"/],
    ["a backslash", "a\\..\\b", /contains "\\\\"/],
    ["an apostrophe", "it's", /contains "'"/],
    ["a space", "a b", /whitespace or a control character \(U\+0020\)/],
    ["a tab", "a\tb", /U\+0009/],
    ["a newline", "a\nb", /U\+000A/],
    ["a NUL", "a\u0000b", /U\+0000/],
    ["a zero-width space", "a\u200Bb", /U\+200B/],
    ["a no-break space", "a\u00A0b", /U\+00A0/],
    ["a lone surrogate", "a\uD800", /lone UTF-16 surrogate/],
    ["an oversized id", "a".repeat(MAX_PATH_ID_LENGTH + 1), /129 characters long/],
  ];
  for (const [name, value, pattern] of refused) {
    it(`refuses ${name} with a ConfigurationError naming the field`, () => {
      assert.throws(
        () => validatePathId("taskId", value),
        (e: unknown) => e instanceof ConfigurationError && e.field === "taskId" && /^Expected `taskId` to be a DCS id/.test(e.message) && pattern.test(e.message),
      );
    });
  }
});
