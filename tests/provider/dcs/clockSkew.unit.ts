import { strict as assert } from "node:assert";
import { clockSkewAdvice, detectClockSkew } from "../../../provider/dcs/clockSkew";

const NOW = Date.parse("2025-06-01T12:00:00.000Z");
const MIN = 60_000;
/** An HTTP `Date` header `offsetMs` away from NOW. */
const dateAt = (offsetMs: number): string => new Date(NOW + offsetMs).toUTCString();

describe("clock skew: naming a wrong clock behind a 401", () => {
  describe("detectClockSkew", () => {
    it("reads the skew from the gateway's own signature and server times", () => {
      const skew = detectClockSkew({
        status: 401,
        errorMsg: "Incorrect IAM authentication information: signature expired, signature time:20250601T120000Z,server time:20250601T122000Z",
      });
      assert.deepEqual(skew, { kind: "measured", skewMs: -20 * MIN, from: "gateway", gatewaySaidExpired: true });
    });

    it("prefers the gateway's times over the Date header", () => {
      const skew = detectClockSkew({
        status: 401,
        errorMsg: "Incorrect app authentication information: signature expired, signature time:20250601T124000Z,server time:20250601T120000Z",
        dateHeader: dateAt(0),
        receivedAt: NOW,
      });
      assert.equal(skew?.kind === "measured" && skew.skewMs, 40 * MIN);
    });

    it("measures against the Date header when the gateway says the signature expired without times", () => {
      const skew = detectClockSkew({ status: 401, errorMsg: "signature expired", dateHeader: dateAt(-16 * MIN), receivedAt: NOW });
      assert.deepEqual(skew, { kind: "measured", skewMs: 16 * MIN, from: "date-header", gatewaySaidExpired: true });
    });

    it("blames the clock for any 401 whose Date header is more than 5 minutes from ours", () => {
      const skew = detectClockSkew({ status: 401, errorMsg: "verify aksk signature fail", dateHeader: dateAt(6 * MIN), receivedAt: NOW });
      assert.deepEqual(skew, { kind: "measured", skewMs: -6 * MIN, from: "date-header", gatewaySaidExpired: false });
    });

    it("leaves the clock out of a 401 whose Date header is within 5 minutes", () => {
      assert.equal(detectClockSkew({ status: 401, errorMsg: "verify aksk signature fail", dateHeader: dateAt(4 * MIN), receivedAt: NOW }), undefined);
    });

    it("says nothing about the clock for other statuses, even with a far-off Date header", () => {
      for (const status of [200, 400, 403, 429, 500]) {
        assert.equal(detectClockSkew({ status, errorMsg: "signature expired", dateHeader: dateAt(60 * MIN), receivedAt: NOW }), undefined);
      }
    });

    it("still names the clock, unmeasured, when the gateway says the signature expired and nothing gives a time", () => {
      assert.deepEqual(detectClockSkew({ status: 401, errorMsg: "x-sdk-date is expired" }), { kind: "unmeasured" });
      assert.deepEqual(detectClockSkew({ status: 401, errorMsg: "signature expired", dateHeader: "not a date", receivedAt: NOW }), { kind: "unmeasured" });
    });

    it("ignores a 401 with neither an expiry message nor a usable Date header", () => {
      assert.equal(detectClockSkew({ status: 401, errorMsg: "decrypt token fail" }), undefined);
      assert.equal(detectClockSkew({ status: 401, dateHeader: dateAt(60 * MIN) }), undefined, "no local receipt time to compare with");
    });
  });

  describe("clockSkewAdvice", () => {
    it("says how many minutes ahead, and to fix the clock with NTP", () => {
      const text = clockSkewAdvice({ kind: "measured", skewMs: 20 * MIN + 20_000, from: "gateway", gatewaySaidExpired: true }, "20250601T122020Z");
      assert.match(text, /^this machine's clock is 20 min ahead of the API's \(by the gateway's own times\); fix the clock \(NTP\)/);
      assert.match(text, /more than 15 minutes/);
      assert.match(text, /X-Sdk-Date 20250601T122020Z/);
    });

    it("says behind for a slow clock, and names the Date header as the source", () => {
      const text = clockSkewAdvice({ kind: "measured", skewMs: -7 * MIN, from: "date-header", gatewaySaidExpired: false });
      assert.match(text, /^this machine's clock is 7 min behind the API's \(by the response's Date header\); fix the clock \(NTP\)/);
    });

    it("adds hours or days to a large skew so it reads at a glance", () => {
      assert.match(clockSkewAdvice({ kind: "measured", skewMs: -180 * MIN, from: "date-header", gatewaySaidExpired: false }), /180 min \(3 h\) behind/);
      assert.match(clockSkewAdvice({ kind: "measured", skewMs: 3 * 24 * 60 * MIN, from: "date-header", gatewaySaidExpired: false }), /4320 min \(3 days\) ahead/);
    });

    it("says the clock is more than 15 minutes off when it cannot say by how much", () => {
      assert.match(clockSkewAdvice({ kind: "unmeasured" }), /^this machine's clock is more than 15 min off the API's; fix the clock \(NTP\)/);
    });
  });
});
