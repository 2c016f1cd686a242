import assert from "node:assert/strict";
import * as fs from "node:fs";
import { packageRoot } from "../../plugin/main";
import { pluginSchema, pluginSchemaText } from "../../plugin/pluginSchema";
import { readReleaseInfo } from "../../plugin/releaseInfo";
import { SCHEMA_FILE } from "../../plugin/writeSchemaFile";
import { SECRET_KEYS, WAIT_OPTION_KEYS } from "../../provider/pulumi/resourceInputs";
import { CLIENT_TUNABLE_SETTINGS, CONNECTION_SETTINGS } from "../../provider/settings/settingTables";
import { WAIT_DEFAULTS } from "../../provider/waiter/waitDefaults";
import { CONNECTION_ARGS } from "../../sdk/connectionInputs";
import { STATS_OUTPUTS } from "../../sdk/statsResource";

const WAIT = "dcs-migration:index:WaitForMigration";
/** Every setting with a stack config key, in table order: what the provider offers as config. */
const CONFIG_ROWS = [...CONNECTION_SETTINGS, ...CLIENT_TUNABLE_SETTINGS].filter((r) => r.configKey !== undefined);
const STATS = "dcs-migration:index:MigrationStats";
const GET = "dcs-migration:index:getMigrationStats";

describe("the provider plugin's schema", () => {
  const release = readReleaseInfo(packageRoot(), {});
  const schema = pluginSchema(release) as any;

  it("is the committed plugin/schema.json (run `npm run plugin:schema` after changing a setting)", () => {
    assert.equal(fs.readFileSync(SCHEMA_FILE, "utf8"), pluginSchemaText(release));
  });

  it("names package.json's version, repository and plugin server, and a complete package per SDK language", () => {
    const pkg = JSON.parse(fs.readFileSync(`${packageRoot()}/package.json`, "utf8"));
    assert.equal(schema.version, pkg.version);
    assert.equal(schema.pluginDownloadURL, pkg.pulumiPlugin.pluginDownloadURL);
    assert.equal(schema.repository, "https://github.com/pulumi-dcs-migration/pulumi-dcs-migration");
    assert.equal(schema.meta.supportPack, true);
    assert.equal(schema.language.python.packageName, "pulumi_dcs_migration");
    // gen-sdk roots the Go module one folder above the import base path: the repository's sdk/go.
    assert.equal(schema.language.go.importBasePath, "github.com/pulumi-dcs-migration/pulumi-dcs-migration/sdk/go/dcsmigration");
    assert.equal(schema.language.nodejs.packageName, "@pulumi-dcs-migration/dcs-migration");
    assert.equal(schema.language.csharp.rootNamespace, "PulumiDcsMigration");
    assert.equal(schema.language.java.basePackage, "io.github.pulumi_dcs_migration");
  });

  it("words timeoutSeconds for the plugin, which honours customTimeouts; no description speaks of the dynamic-provider host", () => {
    assert.match(schema.resources[WAIT].inputProperties.timeoutSeconds.description, /a `customTimeouts` create\/update deadline ends it sooner/);
    assert.doesNotMatch(JSON.stringify(schema), /dynamic-provider host/);
  });

  it("declares every argument of the TypeScript SDK on both resources and the function, taskId required", () => {
    for (const token of [WAIT, STATS]) {
      assert.deepEqual(Object.keys(schema.resources[token].inputProperties).slice(0, CONNECTION_ARGS.length), [...CONNECTION_ARGS]);
      assert.deepEqual(schema.resources[token].requiredInputs, ["taskId"]);
    }
    assert.deepEqual(Object.keys(schema.functions[GET].inputs.properties), [...CONNECTION_ARGS]);
    assert.deepEqual(Object.keys(schema.resources[WAIT].inputProperties), [...CONNECTION_ARGS, ...WAIT_OPTION_KEYS]);
    assert.deepEqual(Object.keys(schema.resources[STATS].inputProperties), [...CONNECTION_ARGS]);
  });

  it("declares every output of the TypeScript SDK's resources; the function returns the stats without the endpoint and status", () => {
    const statsOutputs = Object.keys(STATS_OUTPUTS);
    for (const token of [WAIT, STATS]) {
      for (const name of statsOutputs) assert.ok(schema.resources[token].properties[name] !== undefined, `${token}.${name}`);
    }
    for (const name of ["completed", "waitedSeconds", "polls", "startedAt", "completedAt"]) {
      assert.ok(schema.resources[WAIT].properties[name] !== undefined, name);
    }
    assert.deepEqual(Object.keys(schema.functions[GET].outputs.properties).sort(), statsOutputs.filter((n) => n !== "endpoint" && n !== "status").sort());
  });

  it("marks the credentials secret everywhere and nothing else", () => {
    const secretIn = (props: Record<string, { secret?: boolean }>): string[] =>
      Object.entries(props).filter(([, p]) => p.secret === true).map(([k]) => k);
    assert.deepEqual(secretIn(schema.resources[WAIT].inputProperties), [...SECRET_KEYS]);
    assert.deepEqual(secretIn(schema.resources[STATS].properties), [...SECRET_KEYS]);
    assert.deepEqual(secretIn(schema.functions[GET].inputs.properties), [...SECRET_KEYS]);
    assert.deepEqual(secretIn(schema.config.variables), CONFIG_ROWS.filter((r) => r.secret).map((r) => r.configKey));
    assert.ok(secretIn(schema.config.variables).includes("token"), "the IAM token is offered under its config key and kept secret");
  });

  it("gives the wait options the waiter's defaults, and no default to settings that fall back to config or environment", () => {
    for (const key of WAIT_OPTION_KEYS) {
      assert.equal(schema.resources[WAIT].inputProperties[key].default, WAIT_DEFAULTS[key], key);
    }
    // An explicit default would beat HW_CLOUD / `dcs-migration:cloud`.
    assert.equal(schema.resources[WAIT].inputProperties.cloud.default, undefined);
    assert.match(schema.resources[WAIT].inputProperties.cloud.description, /dcs-migration:cloud.*HW_CLOUD.*Default: `myhuaweicloud\.com`/);
    assert.equal(schema.resources[WAIT].inputProperties.allowInsecureHttp.default, false);
  });

  it("offers every connection setting as provider config, under the stack config names users have (dcsEndpoint, token)", () => {
    assert.deepEqual(Object.keys(schema.config.variables), CONFIG_ROWS.map((r) => r.configKey));
    for (const key of ["projectId", "region", "dcsEndpoint", "accessKey", "secretKey", "token", "maxRetries"]) {
      assert.ok(key in schema.config.variables, `${key} is offered as provider config`);
    }
    assert.deepEqual(schema.provider.inputProperties, schema.config.variables);
  });
});
