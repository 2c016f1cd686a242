import assert from "node:assert/strict";
import { exitCodeFor, outcomeFor } from "../../cli/exitCodes";
import { FederationError } from "../../provider/dcs/federationError";
import { UsageError } from "../../cli/usageError";
import { AbortedError, ConfigurationError } from "../../provider/core/errors";
import { ApiError, CredentialExpiredError, NetworkError, ResponseFormatError, TaskNotFoundError } from "../../provider/dcs/apiErrors";
import { MigrationFailedError, MigrationStalledError, WaitTimeoutError } from "../../provider/waiter/waitErrors";

describe("exitCodeFor", () => {
  const wait = { waitedSeconds: 1, polls: 1 };
  const table: Array<[string, unknown, number, string]> = [
    ["success", undefined, 0, "complete"],
    ["a failed or stopped migration", new MigrationFailedError("x", wait), 1, "failed"],
    ["a stalled migration", new MigrationStalledError("x", wait), 1, "stalled"],
    ["a usage error", new UsageError("x"), 2, "configuration-error"],
    ["missing configuration", new ConfigurationError("x"), 2, "configuration-error"],
    ["a timeout", new WaitTimeoutError("x", wait), 3, "timeout"],
    ["a missing task", new TaskNotFoundError("x", { status: 400 }), 4, "api-error"],
    ["HTTP 401", new ApiError("x", { status: 401 }), 4, "api-error"],
    ["HTTP 403", new ApiError("x", { status: 403 }), 4, "api-error"],
    ["throttling past the retry budget", new ApiError("x", { status: 429 }), 4, "api-error"],
    ["a network failure past the retry budget", new NetworkError("x", {}), 4, "api-error"],
    ["a malformed answer", new ResponseFormatError("x", {}), 4, "api-error"],
    ["credentials that expired", new CredentialExpiredError("x", { status: 401 }), 5, "credential-expired"],
    ["IAM refusing the OIDC ID token", new FederationError("x", { failure: "refused", step: "oidc-auth", status: 401 }), 4, "api-error"],
    ["Ctrl-C", new AbortedError("x"), 130, "interrupted"],
    ["a bug", new TypeError("x"), 70, "internal-error"],
  ];
  for (const [what, outcome, code, word] of table) {
    it(`exits ${code} (${word}) on ${what}`, () => {
      assert.equal(exitCodeFor(outcome), code);
      assert.equal(outcomeFor(outcome), word);
    });
  }
});
