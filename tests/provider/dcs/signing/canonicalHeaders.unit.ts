import { strict as assert } from "node:assert";
import { canonicalHeaders, canonicalQueryString, canonicalUri, signedHeadersLine } from "../../../../provider/dcs/signing";

describe("canonicalHeaders", () => {
  it("lowercases, trims values and sorts by code unit, the order the gateway uses", () => {
    assert.equal(
      canonicalHeaders({ "X-Sdk-Date": "20240102T030405Z", Host: " h:1 ", "X-Project-Id": "p" }, ["x-sdk-date", "Host", "x-project-id"]),
      "host:h:1\nx-project-id:p\nx-sdk-date:20240102T030405Z\n",
    );
  });

  // The official SDK sorts this block with localeCompare, which puts `_` before `-`;
  // code-unit order puts `-` (0x2D) first. No header this client signs has either at
  // the same position, so the two never disagree in practice (see the oracle tests).
  it("orders `-` before `_` (code units), unlike localeCompare", () => {
    assert.equal(signedHeadersLine(["x-a_b", "x-a-b"]), "x-a-b;x-a_b");
    assert.ok("x-a_b".localeCompare("x-a-b") < 0, "localeCompare would order these the other way");
  });

  it("names a signed header that is missing", () => {
    assert.throws(() => canonicalHeaders({ host: "h" }, ["host", "x-sdk-date"]), /Signed header `x-sdk-date` is not present/);
  });
});

describe("canonicalUri and canonicalQueryString", () => {
  it("ends the path with / and escapes each segment once, whether it arrived raw or escaped", () => {
    assert.equal(canonicalUri("/v2/p/migration-task/t/stats"), "/v2/p/migration-task/t/stats/");
    assert.equal(canonicalUri("/v2/a%21b/x"), canonicalUri("/v2/a!b/x"));
    assert.equal(canonicalUri("/v2/%C3%A9"), "/v2/%C3%A9/");
    assert.throws(() => canonicalUri("/v2/%zz"), /malformed percent escape/);
  });

  it("sorts query pairs and is empty without a query", () => {
    assert.equal(canonicalQueryString(""), "");
    assert.equal(canonicalQueryString("?b=2&a=%2A&a=1"), "a=%2A&a=1&b=2");
    assert.equal(canonicalQueryString("flag"), "flag=");
  });
});
