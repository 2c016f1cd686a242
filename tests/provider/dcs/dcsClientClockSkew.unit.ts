import { strict as assert } from "node:assert";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { ApiError } from "../../../provider/dcs/apiErrors";
import { resolveSettings } from "../../../provider/settings/settings";
import { VirtualClock } from "../../support/virtualClock";
import { startScriptedHttpServer, type ScriptedHttpServer, type ScriptedReply } from "../../support/scriptedHttpServer";

const MIN = 60_000;
/** Our (injected) clock: the API's Date headers below are set relative to it. */
const OURS = Date.parse("2025-06-01T12:00:00.000Z");

describe("DcsClient: a 401 names a wrong clock", () => {
  let server: ScriptedHttpServer | undefined;
  let client: DcsClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  async function refusal(reply: ScriptedReply, auth: "aksk" | "token" = "aksk"): Promise<ApiError> {
    server = await startScriptedHttpServer([reply]);
    const credentials = auth === "aksk" ? { accessKey: "AKCLOCKSKEWTEST00001", secretKey: "sk-clock-skew-test" } : { authToken: "token-clock-skew-test" };
    const settings = resolveSettings({ endpoint: server.url, projectId: "proj-1", ...credentials }, { env: {} });
    client = new DcsClient(settings, { clock: new VirtualClock(OURS), random: () => 0, baseDelayMs: 0, env: {} });
    try {
      await client.getMigrationStats("task-1");
    } catch (e) {
      assert.ok(e instanceof ApiError, String(e));
      return e;
    }
    return assert.fail("expected an ApiError");
  }

  it("says by how much the clock is ahead when the gateway refuses an expired signature", async () => {
    const e = await refusal({
      status: 401,
      headers: { date: new Date(OURS - 20 * MIN).toUTCString() },
      body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: signature expired, signature time:20250601T120000Z,server time:20250601T114000Z" },
    });
    assert.equal(e.status, 401);
    assert.match(e.message, /— this machine's clock is 20 min ahead of the API's \(by the gateway's own times\); fix the clock \(NTP\)/);
    assert.match(e.message, /X-Sdk-Date 20250601T120000Z/, "the date we signed with, from the injected clock");
  });

  it("names the clock, from the Date header at receipt, for any 401 more than 5 minutes off, and keeps the credential advice", async () => {
    const e = await refusal(
      { status: 401, headers: { date: new Date(OURS + 9 * MIN).toUTCString() }, body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: decrypt token fail" } },
      "token",
    );
    assert.match(e.message, /this machine's clock is 9 min behind the API's \(by the response's Date header\); fix the clock \(NTP\)/);
    assert.match(e.message, /If the clock is right: the IAM token .* was not accepted/);
  });

  it("leaves the clock out when the API's Date header agrees with ours", async () => {
    const e = await refusal({
      status: 401,
      headers: { date: new Date(OURS + 30_000).toUTCString() },
      body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: verify aksk signature fail" },
    });
    assert.doesNotMatch(e.message, /clock is \d+ min/);
    assert.match(e.message, /rejected the AK\/SK signature/);
  });
});
