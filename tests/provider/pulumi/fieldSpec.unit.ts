import assert from "node:assert/strict";
import { closeSharedDcsClients, sharedClientKey, sharedDcsClient } from "../../../provider/dcs/sharedDcsClient";
import { diffResource, type EffectiveLocation } from "../../../provider/pulumi/diffResource";
import { decodeInputs, validateInputs } from "../../../provider/pulumi/resourceInputs";
import { connectionOutputs, ECHOED_OUTPUT_KEYS } from "../../../provider/pulumi/resourceOutputs";
import { isWireSecret } from "../../../provider/pulumi/wireValues";
import { resolveSettings } from "../../../provider/settings/settings";
import { CLIENT_TUNABLE_SETTINGS, CONNECTION_SETTINGS, WAIT_SETTINGS, type SettingRow } from "../../../provider/settings/settingTables";
import { resolveWaitOptions, WAIT_DEFAULTS } from "../../../provider/waiter/waitDefaults";

/**
 * The field spec of every row, checked through what a user notices: a row's `onChange` is what
 * `diff` reports, its `recorded` is what `refresh` finds in the outputs, its `clientIdentity`
 * keeps clients apart, and "no default" makes a wait option optional. Each case walks every row,
 * so a new row that forgets its use fails here by name.
 */

const HERE: EffectiveLocation = { projectId: "proj-a", endpoint: "https://dcs.cn-north-4.myhuaweicloud.com" };

/** Two different valid values for a row, as an argument would carry them. */
function twoValues(row: SettingRow): [unknown, unknown] {
  if (row.type === "boolean") return [false, true];
  if (row.type === "string") return [`${row.name}-a`, `${row.name}-b`];
  return [1, 2];
}

/** Every connection argument set (a key pair, not a token, so the credentials resolve). */
const ALL_ARGS: Record<string, unknown> = Object.fromEntries(
  CONNECTION_SETTINGS.map((r) => [r.name, r.name === "endpoint" ? "http://127.0.0.1:9" : r.name === "authToken" ? undefined : twoValues(r)[0]]),
);

describe("the field spec of every setting row", () => {
  afterEach(() => closeSharedDcsClients());

  describe("onChange: what diff reports", () => {
    for (const row of CONNECTION_SETTINGS.filter((r) => r.onChange !== "nothing" && r.recorded === "given" && r.partOf === undefined)) {
      it(`${row.name} (${row.onChange}): a new value ${row.onChange === "replace" ? "replaces the resource" : "is an update"}`, () => {
        const [a, b] = twoValues(row);
        const d = diffResource({ taskId: "t", ...HERE, [row.name]: a }, { taskId: "t", [row.name]: b }, HERE, false);
        assert.equal(d.changes, true, `changing ${row.name} shows no diff`);
        assert.equal(d.replaces?.includes(row.name), row.onChange === "replace");
      });
    }

    for (const row of CONNECTION_SETTINGS.filter((r) => r.partOf === "endpoint")) {
      it(`${row.name} (part of the endpoint): a value that moves the effective endpoint replaces, naming it`, () => {
        const [a, b] = twoValues(row);
        const d = diffResource({ taskId: "t", ...HERE, [row.name]: a }, { taskId: "t", [row.name]: b }, { ...HERE, endpoint: "https://elsewhere" }, false);
        assert.deepEqual(d.replaces, [row.name]);
      });
    }

    for (const row of WAIT_SETTINGS.filter((r) => r.onChange === "update")) {
      it(`wait option ${row.name}: a new value updates a wait in progress and changes nothing once the gate opened`, () => {
        const [a, b] = row.name === "maxOffset" ? ["1", "2"] : twoValues(row);
        const olds = { taskId: "t", ...HERE, [row.name]: a };
        assert.equal(diffResource({ ...olds, completed: false }, { taskId: "t", [row.name]: b }, HERE, true).changes, true);
        assert.equal(diffResource({ ...olds, completed: true }, { taskId: "t", [row.name]: b }, HERE, true).changes, false);
      });
    }
  });

  describe("recorded: what the outputs keep for refresh", () => {
    const inputs = decodeInputs(ALL_ARGS);
    const settings = resolveSettings(inputs.connection, { env: {} });
    const outs = connectionOutputs(inputs, settings) as Record<string, unknown>;

    for (const row of CONNECTION_SETTINGS.filter((r) => r.recorded !== undefined && ALL_ARGS[r.name] !== undefined)) {
      it(`${row.name} is recorded ${row.recorded === "effective" ? "as its effective value" : row.secret ? "as a secret" : "as given"}`, () => {
        assert.ok(row.name in outs, `${row.name} is missing from the outputs`);
        if (row.recorded === "effective") assert.equal(outs[row.name], settings[row.name as keyof typeof settings]);
        else if (row.secret) assert.ok(isWireSecret(outs[row.name]));
        else assert.equal(outs[row.name], ALL_ARGS[row.name]);
      });
    }

    it("reads the recorded outputs back as the same connection (what read does on refresh)", () => {
      const again = decodeInputs(outs);
      assert.deepEqual(again.connection, { ...inputs.connection, projectId: settings.projectId, endpoint: settings.endpoint });
    });

    it("rebuilds every recorded input on the update of a completed wait, and nothing the wait decided", () => {
      for (const row of [...CONNECTION_SETTINGS, ...WAIT_SETTINGS].filter((r) => r.recorded !== undefined && r.name !== "taskId")) {
        assert.ok(ECHOED_OUTPUT_KEYS.has(row.name), row.name);
      }
      for (const kept of ["taskId", "completed", "polls", "startedAt", "completedAt", "waitedSeconds"]) assert.ok(!ECHOED_OUTPUT_KEYS.has(kept), kept);
    });
  });

  describe("clientIdentity: which settings share a client", () => {
    const env = { HW_DCS_ENDPOINT: "http://127.0.0.1:9", HW_PROJECT_ID: "p1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK-0123456789" };

    for (const row of CLIENT_TUNABLE_SETTINGS.filter((r) => r.clientIdentity && (r.configKey !== undefined || r.env.length > 0))) {
      it(`keeps two clients apart that differ only in ${row.name}`, () => {
        const at = (value: number) =>
          resolveSettings({}, { env: row.env[0] === undefined ? env : { ...env, [row.env[0]]: String(value) }, config: (k) => (k === `huaweicloud:${row.configKey}` ? String(value) : undefined) });
        const [a, b] = [row.min + 1, row.min + 2];
        assert.notEqual(sharedClientKey(at(a)), sharedClientKey(at(b)));
        assert.notEqual(sharedDcsClient(at(a)), sharedDcsClient(at(b)));
        assert.equal(sharedDcsClient(at(b)).tunables[row.name], b, "the second client has the first one's value");
      });
    }

    it("shares a client between settings that differ only in what is not its identity (the task is per call)", () => {
      const a = resolveSettings({ region: "cn-north-4", endpoint: "http://127.0.0.1:9" }, { env });
      const b = resolveSettings({ region: "cn-east-3", endpoint: "http://127.0.0.1:9" }, { env });
      assert.equal(sharedDcsClient(a), sharedDcsClient(b));
    });
  });

  describe("optional: a wait option without a default", () => {
    const optional = WAIT_SETTINGS.filter((r) => r.default === undefined);

    it("holds a default for exactly the rows that declare one", () => {
      assert.deepEqual(Object.keys(WAIT_DEFAULTS), WAIT_SETTINGS.filter((r) => r.default !== undefined).map((r) => r.name));
    });

    for (const row of optional) {
      it(`${row.name} may be left out: resolution, resource inputs and the defaults all accept it`, () => {
        assert.equal(resolveWaitOptions({})[row.name], undefined);
        assert.deepEqual(validateInputs({ taskId: "t" }, true), []);
      });
    }
  });
});
