import assert from "node:assert/strict";
import { ConfigurationError } from "../../provider/core/errors";

/** The `ConfigurationError` that `fn` throws, for assertions on its message; fails the test otherwise. */
export function configError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigurationError, `expected ConfigurationError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected a ConfigurationError");
}
