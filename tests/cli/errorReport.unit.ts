import assert from "node:assert/strict";
import { errorText } from "../../cli/errorReport";
import { EXIT_CODES, exitCodeFor } from "../../cli/exitCodes";
import { ApiError, NetworkError, ResponseFormatError, TaskNotFoundError } from "../../provider/dcs/apiErrors";
import { ConfigurationError } from "../../provider/core/errors";
import { MigrationFailedError, MigrationStalledError, WaitTimeoutError } from "../../provider/waiter/waitErrors";

describe("errorText", () => {
  const wait = { waitedSeconds: 1, polls: 1 };
  const notBugs: Array<[string, Error]> = [
    ["a malformed API answer", new ResponseFormatError("The DCS API answered HTTP 200 with a body that is not JSON", { status: 200 })],
    ["a body over the size cap", new ResponseFormatError("The stats response is larger than 1048576 bytes", { status: 200 })],
    ["an API error", new ApiError("DCS.5000 Internal error", { status: 500 })],
    ["a missing task", new TaskNotFoundError("DCS.4133", { status: 400 })],
    ["a network failure", new NetworkError("refused", { code: "ECONNREFUSED" })],
    ["bad settings", new ConfigurationError("missing", { field: "projectId" })],
    ["a failed migration", new MigrationFailedError("stopped", wait)],
    ["a stalled migration", new MigrationStalledError("stalled", wait)],
    ["a timeout", new WaitTimeoutError("timed out", wait)],
  ];
  for (const [what, error] of notBugs) {
    it(`prints ${what} as an error of the outside world, not as a bug of dcs-migration`, () => {
      assert.notEqual(exitCodeFor(error), EXIT_CODES.internal);
      const text = errorText(error, "wait");
      assert.equal(text, `error: ${error.message}`);
      assert.doesNotMatch(text, /bug|unexpected/);
    });
  }

  it("still calls an unexpected exception a bug, with the command to report", () => {
    assert.match(errorText(new TypeError("x is undefined"), "stats"), /^error: unexpected TypeError: x is undefined\nThis is a bug in dcs-migration/);
  });
});
