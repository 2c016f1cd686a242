import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { DcsClient } from "../../../provider/dcs/dcsClient";
import { ResponseFormatError } from "../../../provider/dcs/apiErrors";
import type { GetMigrationStatsResult } from "../../../provider/dcs/migrationStats";
import { resolveSettings } from "../../../provider/settings/settings";
import { statsBodyArbitrary, type GeneratedBody } from "../../support/statsBodyArbitrary";

const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TASK = "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab";
const RUNS = 10_000;

/** Every number finite, every count a safe integer, the offset exact digits: what the waiter and outputs rely on. */
function assertWellFormed(s: GetMigrationStatsResult, body: string): void {
  const where = `for body ${JSON.stringify(body.slice(0, 300))}`;
  const finite = (name: keyof GetMigrationStatsResult): number => {
    const v = s[name];
    assert.ok(typeof v === "number" && Number.isFinite(v), `${name} is ${String(v)} ${where}`);
    return v;
  };
  const progress = finite("fullMigrationProgress");
  assert.ok(progress >= 0 && progress <= 100, `progress ${progress} ${where}`);
  for (const name of ["sourceDbsize", "targetDbsize"] as const) {
    const v = finite(name);
    assert.ok(Number.isSafeInteger(v) && v >= 0, `${name} ${v} ${where}`);
  }
  assert.equal(finite("keyDelta"), s.sourceDbsize - s.targetDbsize, `keyDelta ${where}`);
  assert.ok(finite("targetInputKbps") >= 0 && finite("targetOps") >= 0, `rates ${where}`);
  assert.match(s.offset, /^(0|[1-9]\d*)$/, `offset ${where}`);
  assert.equal(typeof s.isMigrating, "boolean", `isMigrating ${where}`);
  assert.equal(s.taskId, TASK);
  assert.equal(s.projectId, PROJECT);
  assert.ok(!Number.isNaN(Date.parse(s.observedAt)), `observedAt ${s.observedAt}`);
}

describe("the stats response parser, on generated bodies through the client's own HTTP and JSON path", function () {
  this.timeout(170_000);
  let server: http.Server;
  let client: DcsClient;
  let nextBody = "";
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  before(async () => {
    process.on("unhandledRejection", onUnhandled);
    server = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(nextBody), "X-Request-Id": "req-prop" });
      res.end(nextBody);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const settings = resolveSettings({ endpoint: url, projectId: PROJECT, accessKey: "HPUAPROPERTYTEST0001", secretKey: "property-test-secret-0001" }, { env: {} });
    client = new DcsClient(settings, { maxRetries: 0, env: {} });
  });

  after(async () => {
    process.off("unhandledRejection", onUnhandled);
    client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it(`turns each of ${RUNS} generated bodies into well-formed stats or a ResponseFormatError naming a bad field — no crash, no NaN`, async () => {
    const families = new Map<string, { tried: number; parsed: number; refused: number }>();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(statsBodyArbitrary, async (generated: GeneratedBody) => {
        tried++;
        const tally = families.get(generated.family) ?? { tried: 0, parsed: 0, refused: 0 };
        families.set(generated.family, tally);
        tally.tried++;
        nextBody = generated.text;
        let result: GetMigrationStatsResult | undefined;
        try {
          result = await client.getMigrationStats(TASK);
        } catch (e) {
          assert.ok(
            e instanceof ResponseFormatError,
            `expected a ResponseFormatError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} for ${JSON.stringify(generated.text.slice(0, 300))}`,
          );
          assert.equal(e.status, 200);
          assert.equal(e.requestId, "req-prop", "the refusal carries the request id");
          assert.ok(e.message.length < 1200, `a hostile body must not flood the message (${e.message.length} chars)`);
          tally.refused++;
          if (generated.kind === "valid") assert.fail(`a readable body was refused: ${e.message} — body ${generated.text}`);
          if (generated.kind === "invalid") {
            assert.ok(e.field !== undefined && generated.badFields.includes(e.field), `refusal names ${String(e.field)}, bad fields are ${generated.badFields.join(", ")}: ${e.message}`);
            assert.ok(e.message.includes(`\`${e.field}\``), `the message names the field: ${e.message}`);
          }
          return;
        }
        tally.parsed++;
        assertWellFormed(result, generated.text);
        if (generated.kind === "invalid") assert.fail(`an unreadable body was accepted (bad: ${generated.badFields.join(", ")}): ${generated.text}`);
        if (generated.kind === "valid") {
          const { taskId: _t, projectId: _p, observedAt: _o, keyDelta: _k, ...values } = result;
          assert.deepEqual(values, generated.expected, `values of ${generated.text}`);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env["FAULTS_SEED"] ?? Date.now() % 2 ** 31) },
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(unhandled, [], "no unhandled rejection during the run");
    assert.ok(tried >= RUNS, `tried ${tried}`);
    const lines = [...families.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([family, t]) => `    ${family.padEnd(36)} ${String(t.tried).padStart(6)} tried, ${String(t.parsed).padStart(6)} parsed, ${String(t.refused).padStart(6)} refused`);
    console.log(`\n  response parser: ${tried} generated bodies tried, 0 crashes, 0 unhandled rejections, 0 NaN\n${lines.join("\n")}\n`);
  });
});
