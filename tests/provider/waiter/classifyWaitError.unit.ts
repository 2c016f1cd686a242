import assert from "node:assert/strict";
import { AbortedError, ConfigurationError } from "../../../provider/core/errors";
import { ApiError, NetworkError, ResponseFormatError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { classifyWaitError } from "../../../provider/waiter/classifyWaitError";

describe("classifyWaitError", () => {
  const table: Array<[string, unknown, string]> = [
    ["throttling (429)", new ApiError("x", { status: 429 }), "transient"],
    ["a server error (503)", new ApiError("x", { status: 503 }), "transient"],
    ["a request timeout (408)", new ApiError("x", { status: 408 }), "transient"],
    ["an unrecognized server error (599), like a 500", new ApiError("x", { status: 599 }), "transient"],
    ["a method the server does not implement (501)", new ApiError("x", { status: 501 }), "permanent"],
    ["an HTTP version the server does not support (505)", new ApiError("x", { status: 505 }), "permanent"],
    ["a connection reset", new NetworkError("x", { code: "ECONNRESET" }), "transient"],
    ["a refused connection", new NetworkError("x", { code: "ECONNREFUSED" }), "transient"],
    ["an unknown host", new NetworkError("x", { code: "ENOTFOUND" }), "permanent"],
    ["an untrusted certificate", new NetworkError("x", { code: "SELF_SIGNED_CERT_IN_CHAIN" }), "permanent"],
    ["a certificate from an unknown CA", new NetworkError("x", { code: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" }), "permanent"],
    ["a certificate not yet valid", new NetworkError("x", { code: "CERT_NOT_YET_VALID" }), "permanent"],
    ["a TLS protocol failure", new NetworkError("x", { code: "EPROTO" }), "permanent"],
    ["a DNS resolver that did not answer", new NetworkError("x", { code: "EAI_AGAIN" }), "transient"],
    ["a proxy asking for other credentials (407)", new NetworkError("x", { code: "ERR_PROXY_AUTH" }), "permanent"],
    ["a proxy whose policy refuses the API host (403)", new NetworkError("x", { code: "ERR_PROXY_REFUSED" }), "permanent"],
    ["a proxy that could not reach the API host (503)", new NetworkError("x", { code: "ERR_PROXY_UNAVAILABLE" }), "transient"],
    ["a missing task (400 DCS.4133)", new TaskNotFoundError("x", { status: 400, errorCode: "DCS.4133" }), "permanent"],
    ["a bad signature (401)", new ApiError("x", { status: 401, errorCode: "APIGW.0301" }), "permanent"],
    ["a forbidden call (403)", new ApiError("x", { status: 403 }), "permanent"],
    ["a malformed body", new ResponseFormatError("x", { field: "source_dbsize" }), "permanent"],
    ["bad configuration", new ConfigurationError("x", { field: "projectId" }), "permanent"],
    ["a programming error", new TypeError("x"), "permanent"],
    ["a cancellation", new AbortedError("x"), "aborted"],
  ];
  for (const [what, error, kind] of table) {
    it(`treats ${what} as ${kind}`, () => assert.equal(classifyWaitError(error), kind));
  }
});
