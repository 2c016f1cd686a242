import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { ConfigurationError } from "../../../provider/core/errors";
import { matchesNoProxy, proxyRouteFor } from "../../../provider/http/proxyRoute";

const API = new URL("https://dcs.cn-north-4.myhuaweicloud.com");
const PROXY = "http://proxy.corp.example:3128";

describe("proxyRouteFor", () => {
  it("connects directly when no proxy variable is set", () => {
    assert.equal(proxyRouteFor(API, {}), undefined);
    assert.equal(proxyRouteFor(API, { HTTPS_PROXY: "  " }), undefined);
  });

  it("tunnels https endpoints through HTTPS_PROXY or https_proxy, lower case first (curl's order)", () => {
    assert.equal(proxyRouteFor(API, { HTTPS_PROXY: PROXY })?.hostPort, "proxy.corp.example:3128");
    const both = proxyRouteFor(API, { HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:2" });
    assert.equal(both?.hostPort, "lower:2");
    assert.equal(both?.variable, "https_proxy");
    assert.equal(both?.mode, "tunnel");
  });

  it("uses HTTP_PROXY, not HTTPS_PROXY, for an http endpoint, as a forwarding proxy", () => {
    const http = new URL("http://dcs-emulator.internal.example:8080");
    assert.equal(proxyRouteFor(http, { HTTPS_PROXY: PROXY }), undefined);
    const route = proxyRouteFor(http, { HTTP_PROXY: PROXY });
    assert.equal(route?.mode, "forward");
    assert.equal(route?.variable, "HTTP_PROXY");
    assert.equal(proxyRouteFor(API, { HTTP_PROXY: PROXY }), undefined, "HTTP_PROXY is not for https endpoints");
  });

  it("reads a value without a scheme as an http:// proxy", () => {
    const route = proxyRouteFor(API, { HTTPS_PROXY: "proxy.corp.example:3128" });
    assert.equal(route?.url.href, "http://proxy.corp.example:3128/");
  });

  it("never proxies loopback endpoints: a proxy elsewhere cannot reach this machine's 127.0.0.1", () => {
    for (const url of ["https://127.0.0.1:8443", "https://localhost:8443", "https://[::1]:8443", "https://127.1.2.3", "https://emulator.localhost"]) {
      assert.equal(proxyRouteFor(new URL(url), { HTTPS_PROXY: PROXY }), undefined, url);
    }
  });

  it("keeps the credentials for Proxy-Authorization, percent-decoded, and never shows them", () => {
    const route = proxyRouteFor(API, { HTTPS_PROXY: "http://alice:p%40ss%3Aword@proxy.corp.example:3128" });
    assert.equal(route?.proxyAuthorization(), `Basic ${Buffer.from("alice:p@ss:word").toString("base64")}`);
    assert.equal(route?.url.href, "http://proxy.corp.example:3128/");
    for (const shown of [JSON.stringify(route), inspect(route, { depth: 5 }), route?.describe() ?? "", String(route?.url)]) {
      assert.doesNotMatch(shown, /alice|p%40ss|p@ss/, shown);
    }
  });

  it("refuses a socks proxy and a malformed value with a ConfigurationError naming the variable, not the password", () => {
    assert.throws(
      () => proxyRouteFor(API, { HTTPS_PROXY: "socks5://bob:hunter2@proxy:1080" }),
      (e: unknown) => e instanceof ConfigurationError && e.field === "HTTPS_PROXY" && /only HTTP proxies/.test(e.message) && !/hunter2/.test(e.message),
    );
    assert.throws(
      () => proxyRouteFor(API, { https_proxy: "http://bob:hunter2@[bad" }),
      (e: unknown) => e instanceof ConfigurationError && e.field === "https_proxy" && !/hunter2/.test(e.message),
    );
  });

  it("connects directly to a host NO_PROXY lists", () => {
    assert.equal(proxyRouteFor(API, { HTTPS_PROXY: PROXY, NO_PROXY: "myhuaweicloud.com" }), undefined);
    assert.equal(proxyRouteFor(API, { HTTPS_PROXY: PROXY, no_proxy: "*" }), undefined);
    assert.ok(proxyRouteFor(API, { HTTPS_PROXY: PROXY, NO_PROXY: "example.com" }));
  });
});

describe("matchesNoProxy (curl's rules, CIDR blocks as Go's)", () => {
  const host = "dcs.cn-north-4.myhuaweicloud.com";
  const cases: Array<[string, string, number, boolean]> = [
    ["the host itself", host, 443, true],
    ["a parent domain", "myhuaweicloud.com", 443, true],
    ["a parent domain with a leading dot", ".myhuaweicloud.com", 443, true],
    ["a parent domain with a leading *.", "*.myhuaweicloud.com", 443, true],
    ["upper case", "MyHuaweiCloud.COM", 443, true],
    ["one entry of a comma and space separated list", "localhost, 10.0.0.0/8 ,myhuaweicloud.com", 443, true],
    ["the wildcard", "*", 443, true],
    ["host:port on that port", `${host}:443`, 443, true],
    ["host:port on another port", `${host}:8443`, 443, false],
    ["a suffix that is not a whole label", "huaweicloud.com", 443, false],
    ["another domain", "example.com", 443, false],
    ["an empty list", "", 443, false],
  ];
  for (const [what, list, port, expected] of cases) {
    it(`${expected ? "matches" : "does not match"} ${what} (${JSON.stringify(list)})`, () => {
      assert.equal(matchesNoProxy(host, port, list), expected);
    });
  }

  it("matches IP literals exactly and addresses inside a CIDR block", () => {
    assert.equal(matchesNoProxy("10.1.2.3", 443, "10.1.2.3"), true);
    assert.equal(matchesNoProxy("10.1.2.3", 443, "10.0.0.0/8"), true);
    assert.equal(matchesNoProxy("192.168.1.1", 443, "10.0.0.0/8"), false);
    assert.equal(matchesNoProxy("fd00::5", 443, "fd00::/8"), true);
    assert.equal(matchesNoProxy("10.1.2.3", 443, "1.2.3"), false, "an IP is not a domain suffix");
    assert.equal(matchesNoProxy("example.com", 443, "10.0.0.0/8"), false);
  });
});
