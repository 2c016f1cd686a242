import assert from "node:assert/strict";
import { JsonNumberText } from "../../../provider/core/losslessJson";
import { ApiError, NetworkError, ResponseFormatError, TaskNotFoundError } from "../../../provider/dcs/apiErrors";
import { classifyAttempt, type AttemptContext } from "../../../provider/dcs/classifyAttempt";

/**
 * One attempt's outcome judged without I/O: the answer to parse, or the error to throw and what
 * the retry policy should weigh. Each case hands it an outcome as the transport reports it.
 */

const ctx: AttemptContext = {
  scrub: (text) => text.replaceAll("SECRET", "***"),
  taskId: "task-1",
  projectId: "proj-1",
  endpoint: "https://dcs.cn-north-4.myhuaweicloud.com",
  attempts: 1,
  credentialSource: "HW_ACCESS_KEY, HW_SECRET_KEY",
  credentialKind: "aksk",
  accessKey: "AK",
  requestTimeoutMs: 10_000,
  maxResponseBytes: 1_048_576,
};
const headers = { "x-request-id": "req-1" };
const response = (status: number, body: string) => ({ kind: "response", status, headers, body }) as const;

function failureOf(verdict: ReturnType<typeof classifyAttempt>) {
  assert.equal(verdict.kind, "failure");
  return verdict as Extract<typeof verdict, { kind: "failure" }>;
}

describe("classifyAttempt", () => {
  it("hands a 2xx JSON body on to be parsed, keeping numbers beyond 2^53 exact", () => {
    const verdict = classifyAttempt(response(200, '{"offset": 9007199254740993}'), ctx);
    assert.equal(verdict.kind, "answer");
    const { offset } = (verdict as { body: { offset: unknown } }).body;
    assert.ok(offset instanceof JsonNumberText);
    assert.equal(offset.text, "9007199254740993");
  });

  it("turns a 503 into an ApiError the retry policy may retry, with the request id and Retry-After", () => {
    const f = failureOf(classifyAttempt({ ...response(503, '{"error_code":"DCS.5000","error_msg":"busy"}'), headers: { ...headers, "retry-after": "2" } }, ctx));
    assert.ok(f.error instanceof ApiError);
    assert.equal(f.requestId, "req-1");
    assert.deepEqual(f.retry, { kind: "status", status: 503, retryAfter: "2" });
  });

  it("turns 400 DCS.4133 into TaskNotFoundError", () => {
    const f = failureOf(classifyAttempt(response(400, '{"error_code":"DCS.4133","error_msg":"task not found"}'), ctx));
    assert.ok(f.error instanceof TaskNotFoundError);
  });

  it("turns a network failure into a NetworkError carrying its code, with secrets scrubbed from the message", () => {
    const f = failureOf(classifyAttempt({ kind: "network", code: "ECONNRESET", message: "reset SECRET", tls: false, cause: undefined, proxy: undefined }, ctx));
    assert.ok(f.error instanceof NetworkError);
    assert.equal((f.error as NetworkError).code, "ECONNRESET");
    assert.doesNotMatch(f.error.message, /SECRET/);
    assert.deepEqual(f.retry, { kind: "network", code: "ECONNRESET", tls: false });
  });

  it("never retries a body that is not JSON or is too large", () => {
    const notJson = failureOf(classifyAttempt(response(200, "<html>gateway</html>"), ctx));
    assert.ok(notJson.error instanceof ResponseFormatError);
    assert.equal(notJson.retry, undefined);
    const tooLarge = failureOf(classifyAttempt({ kind: "too-large", status: 200, headers, bytes: 5_000_000 }, ctx));
    assert.equal(tooLarge.retry, undefined);
  });

  it("marks a JSON body cut off mid-way as worth another attempt", () => {
    const f = failureOf(classifyAttempt(response(200, '{"full_migration_progress": 10, "source_db'), ctx));
    assert.deepEqual(f.retry, { kind: "cut-off" });
  });
});
