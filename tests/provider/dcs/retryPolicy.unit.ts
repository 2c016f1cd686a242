import { strict as assert } from "node:assert";
import { CLIENT_DEFAULTS, resolveClientTunables } from "../../../provider/settings/clientOptions";
import { ConfigurationError } from "../../../provider/core/errors";
import { backoffDelay, decideRetry, parseRetryAfter } from "../../../provider/dcs/retryPolicy";

const NOW = Date.parse("2025-01-01T00:00:00Z");
const t = resolveClientTunables();
const max = (): number => 0.999999;

describe("decideRetry", () => {
  for (const status of [408, 429, 500, 502, 503, 504, 507, 599]) {
    it(`retries HTTP ${status}`, () => {
      assert.equal(decideRetry({ kind: "status", status }, 1, t, NOW, max).retry, true);
    });
  }
  for (const status of [400, 401, 403, 404, 405, 409, 422, 301, 302, 501, 505]) {
    it(`never retries HTTP ${status}`, () => {
      assert.equal(decideRetry({ kind: "status", status }, 1, t, NOW, max).retry, false);
    });
  }
  for (const code of ["ECONNRESET", "ECONNREFUSED", "EAI_AGAIN", "ETIMEDOUT", "ERR_PROXY_UNAVAILABLE"]) {
    it(`retries network error ${code}`, () => {
      assert.equal(decideRetry({ kind: "network", code, tls: false }, 1, t, NOW, max).retry, true);
    });
  }

  it("never retries ENOTFOUND: the host name does not exist, and asking again only delays the message", () => {
    const d = decideRetry({ kind: "network", code: "ENOTFOUND", tls: false }, 1, t, NOW, max);
    assert.equal(d.retry, false);
    assert.match(d.reason, /ENOTFOUND is not transient/);
  });

  for (const code of ["ERR_PROXY_AUTH", "ERR_PROXY_REFUSED"]) {
    it(`never retries a proxy's refusal ${code}: the same credentials and policy meet the next attempt`, () => {
      assert.equal(decideRetry({ kind: "network", code, tls: false }, 1, t, NOW, max).retry, false);
    });
  }

  it("never retries a refused TLS certificate", () => {
    const d = decideRetry({ kind: "network", code: "DEPTH_ZERO_SELF_SIGNED_CERT", tls: true }, 1, t, NOW, max);
    assert.equal(d.retry, false);
    assert.match(d.reason, /permanent/);
  });

  it("stops after maxRetries + 1 attempts", () => {
    assert.equal(decideRetry({ kind: "status", status: 503 }, CLIENT_DEFAULTS.maxRetries, t, NOW, max).retry, true);
    const d = decideRetry({ kind: "status", status: 503 }, CLIENT_DEFAULTS.maxRetries + 1, t, NOW, max);
    assert.equal(d.retry, false);
    assert.match(d.reason, /all 4 attempts used/);
  });

  it("backs off exponentially with full jitter, capped at maxDelayMs", () => {
    assert.equal(backoffDelay(1, t, max), 499);
    assert.equal(backoffDelay(2, t, max), 999);
    assert.equal(backoffDelay(3, t, max), 1999);
    assert.equal(backoffDelay(30, t, max), 9999);
    assert.equal(backoffDelay(3, t, () => 0), 0);
    assert.equal(backoffDelay(3, t, () => 0.5), 1000);
  });

  it("honours Retry-After seconds and HTTP dates, clamped to maxRetryAfterMs", () => {
    const after = (v: string): number => {
      const d = decideRetry({ kind: "status", status: 429, retryAfter: v }, 1, t, NOW, max);
      assert.ok(d.retry);
      return d.delayMs;
    };
    assert.equal(after("3"), 3000);
    assert.equal(after(new Date(NOW + 7000).toUTCString()), 7000);
    assert.equal(after("3600"), CLIENT_DEFAULTS.maxRetryAfterMs);
    assert.equal(after(new Date(NOW - 60_000).toUTCString()), 0);
  });

  it("waits at least throttleMinDelayMs after a 429 without Retry-After", () => {
    const d = decideRetry({ kind: "status", status: 429 }, 1, t, NOW, () => 0);
    assert.ok(d.retry && d.delayMs === CLIENT_DEFAULTS.throttleMinDelayMs);
  });

  it("ignores an unreadable Retry-After and falls back to backoff", () => {
    const d = decideRetry({ kind: "status", status: 503, retryAfter: "soon" }, 1, t, NOW, max);
    assert.ok(d.retry && d.delayMs === 499);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and rejects garbage", () => {
    assert.equal(parseRetryAfter("0", NOW), 0);
    assert.equal(parseRetryAfter(" 5 ", NOW), 5000);
    assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:10 GMT", NOW), 10_000);
    assert.equal(parseRetryAfter("-1", NOW), undefined);
    assert.equal(parseRetryAfter("1.5", NOW), undefined);
    assert.equal(parseRetryAfter(undefined, NOW), undefined);
  });
});

describe("resolveClientTunables", () => {
  it("refuses delays beyond the longest Node.js timer, which would otherwise fire after 1 ms", () => {
    for (const key of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs", "throttleMinDelayMs", "requestTimeoutMs"] as const) {
      assert.equal(resolveClientTunables({ [key]: 2 ** 31 - 1 })[key], 2 ** 31 - 1);
      assert.throws(
        () => resolveClientTunables({ [key]: 2 ** 31 }),
        (e: unknown) => e instanceof ConfigurationError && e.field === key && e.message.includes(`\`${key}\` to be an integer from`) && e.message.includes("got 2147483648"),
      );
    }
  });

  it("refuses an unknown option by name instead of ignoring a typo", () => {
    assert.throws(
      () => resolveClientTunables({ retries: 3 } as never),
      (e: unknown) => e instanceof ConfigurationError && e.field === "retries" && /Unknown client option `retries`; expected one of .*maxRetries/.test(e.message),
    );
  });

  it("merges over CLIENT_DEFAULTS, treating undefined as default", () => {
    const r = resolveClientTunables({ maxRetries: 1, baseDelayMs: undefined });
    assert.equal(r.maxRetries, 1);
    assert.equal(r.baseDelayMs, CLIENT_DEFAULTS.baseDelayMs);
    assert.equal(r.requestTimeoutMs, 10_000);
    assert.equal(r.maxConcurrentRequests, 16);
    assert.equal(r.maxResponseBytes, 1_048_576);
  });

  it("names the option and the value it refuses", () => {
    assert.throws(() => resolveClientTunables({ maxRetries: -1 }), (e: unknown) => e instanceof ConfigurationError && e.message === "Expected `maxRetries` to be an integer ≥ 0, got -1." && e.field === "maxRetries");
    assert.throws(() => resolveClientTunables({ requestTimeoutMs: -1 }), /Expected `requestTimeoutMs` to be an integer from 1 to 2147483647 \(the longest delay a Node.js timer can hold\), got -1/);
    assert.throws(() => resolveClientTunables({ baseDelayMs: Number.NaN }), /`baseDelayMs`.*got NaN/);
  });
});
