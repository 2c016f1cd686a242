import assert from "node:assert/strict";
import { run } from "../../cli/run";
import { capturedIo } from "../support/capturedIo";
import { startScriptedHttpServer, type RecordedRequest, type ScriptedHttpServer } from "../support/scriptedHttpServer";

const TASK = "7f3c1a2b-0000-4000-8000-000000000001";
const SECRET_KEY = "SK-do-not-print-9f8e7d6c5b4a";
const SECURITY_TOKEN = "ST-do-not-print-0a1b2c3d4e5f";
const AUTH_TOKEN = "MIIT-do-not-print-ffeeddccbbaa";

const STATS = {
  full_migration_progress: "100",
  offset: "0",
  source_dbsize: "531221",
  target_dbsize: "531211",
  target_input_kbps: "50",
  target_ops: "5300",
  is_migrating: true,
};

/** A gateway that, like APIGW.0301, quotes the request back — signed headers and all. */
function echoingRejection(req: RecordedRequest) {
  const echoed = Object.entries(req.headers)
    .map(([k, v]) => `${k}:${String(v)}`)
    .join("|");
  return {
    status: 401,
    headers: { "x-request-id": "req-401" },
    body: { error_code: "APIGW.0301", error_msg: `verify aksk signature fail, canonicalRequest:GET|${req.url}/||${echoed}` },
  };
}

describe("dcs-migration never prints a secret", () => {
  let server: ScriptedHttpServer;
  afterEach(async () => server.close());

  const envFor = (url: string, credentials: Record<string, string>) => ({
    ...credentials,
    HW_PROJECT_ID: "0123456789abcdef",
    HW_DCS_ENDPOINT: url,
    DCS_MIGRATION_DEBUG: "1",
    HW_DEBUG: "1",
  });
  const akSk = { HW_ACCESS_KEY: "AKVISIBLE", HW_SECRET_KEY: SECRET_KEY, HW_SECURITY_TOKEN: SECURITY_TOKEN };
  const iam = { HW_AUTH_TOKEN: AUTH_TOKEN };

  const cases: Array<[string, string[], "ok" | "reject"]> = [
    ["stats", ["stats", "--task-id", TASK], "ok"],
    ["stats --json", ["stats", "--task-id", TASK, "--json"], "ok"],
    ["wait", ["wait", "--task-id", TASK, "--stable-for", "0"], "ok"],
    ["wait --json", ["wait", "--task-id", TASK, "--stable-for", "0", "--json"], "ok"],
    ["stats, rejected by the gateway", ["stats", "--task-id", TASK], "reject"],
    ["wait --json, rejected by the gateway", ["wait", "--task-id", TASK, "--json"], "reject"],
  ];
  for (const [credsName, creds] of [
    ["AK/SK + security token", akSk],
    ["an IAM token", iam],
  ] as const) {
    for (const [what, argv, mode] of cases) {
      it(`keeps ${credsName} out of stdout and stderr for ${what}, debug tracing on`, async () => {
        server = await startScriptedHttpServer((req) =>
          mode === "ok" ? { status: 200, headers: { "x-request-id": "req-ok" }, body: STATS } : echoingRejection(req),
        );
        const io = capturedIo({ env: envFor(server.url, creds) });
        const code = await run(argv, io);
        assert.equal(code, mode === "ok" ? 0 : 4, io.err());
        const printed = io.out() + io.err();
        for (const secret of [SECRET_KEY, SECURITY_TOKEN, AUTH_TOKEN]) {
          assert.ok(!printed.includes(secret), `printed a secret:\n${printed}`);
        }
        assert.match(io.err(), /\[dcs-migration\] GET http:\/\/127\.0\.0\.1:\d+\/v2\/0123456789abcdef\/migration-task\/7f3c1a2b/);
        assert.ok(server.requests.length >= 1);
        if (mode === "reject") assert.match(printed, /req-401/);
        // The secrets did reach the server: the test would notice a leak, had there been one.
        const sent = JSON.stringify(server.requests.map((r) => r.headers));
        assert.ok(credsName === "an IAM token" ? sent.includes(AUTH_TOKEN) : sent.includes(SECURITY_TOKEN));
      });
    }
  }
});
