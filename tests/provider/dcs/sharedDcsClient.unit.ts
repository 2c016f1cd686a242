import { strict as assert } from "node:assert";
import { closeSharedDcsClients, sharedClientKey, sharedDcsClient } from "../../../provider/dcs/sharedDcsClient";
import { resolveSettings } from "../../../provider/settings/settings";
import { startScriptedHttpServer } from "../../support/scriptedHttpServer";

const SK = "shared-client-secret-0001";
const STATS = { full_migration_progress: 100, offset: 0, source_dbsize: 1, target_dbsize: 1, target_input_kbps: 0, target_ops: 0, is_migrating: true };

describe("sharedDcsClient", () => {
  afterEach(() => closeSharedDcsClients());

  const settingsFor = (endpoint: string, secretKey = SK) =>
    resolveSettings({}, { env: { HW_DCS_ENDPOINT: endpoint, HW_PROJECT_ID: "p1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: secretKey } });

  it("lets waits resolved separately in one process share requests for the same task", async () => {
    const server = await startScriptedHttpServer([{ status: 200, body: STATS, delayMs: 20 }]);
    try {
      const reads = Array.from({ length: 5 }, () => sharedDcsClient(settingsFor(server.url)).getMigrationStats("task-1"));
      await Promise.all(reads);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  it("keeps clients with different secret keys apart, and never puts the secret in the key", () => {
    const a = settingsFor("http://127.0.0.1:1");
    const b = settingsFor("http://127.0.0.1:1", SK + "x");
    assert.notEqual(sharedDcsClient(a), sharedDcsClient(b));
    assert.equal(sharedDcsClient(a), sharedDcsClient(settingsFor("http://127.0.0.1:1")));
    assert.ok(!sharedClientKey(a).includes(SK));
  });
});
