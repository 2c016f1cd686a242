import { PROVIDER_CONFIG, PACKAGE_NAME } from "./pluginConfig";
import { FUNCTION_TOKENS, RESOURCE_TOKENS } from "./pluginTokens";
import type { ReleaseInfo } from "./releaseInfo";
import {
  CONNECTION_SETTINGS,
  STATS_OUTPUT_FIELDS,
  WAIT_OUTPUT_FIELDS,
  WAIT_SETTINGS,
  type OutputFieldRow,
  type SettingRow,
} from "../provider/settings";

/** One property of a Pulumi package schema. */
export interface SchemaProperty {
  readonly type: "string" | "number" | "integer" | "boolean";
  readonly description: string;
  readonly default?: string | number | boolean;
  readonly secret?: boolean;
}

type Properties = Record<string, SchemaProperty>;

/**
 * Where a setting comes from when left out. Only settings with no fallback carry a schema
 * `default`: a generated SDK would send the default explicitly, and an explicit argument beats
 * the stack config and the environment.
 */
function fallbackText(row: SettingRow): string {
  const places = [
    ...(row.configKey === undefined ? [] : [`provider config \`${PACKAGE_NAME}:${row.configKey}\``]),
    ...row.env.map((e) => `\`${e}\``),
  ];
  if (places.length === 0) return "";
  const dflt = row.default === undefined ? "" : ` Default: \`${String(row.default)}\`.`;
  return ` When not set: ${places.join(", then ")}.${dflt}`;
}

function settingProperty(row: SettingRow): SchemaProperty {
  const fallback = fallbackText(row);
  return {
    type: row.type,
    description: (row.docFor?.plugin ?? row.doc) + fallback,
    ...(row.default !== undefined && fallback === "" ? { default: row.default } : {}),
    ...(row.secret ? { secret: true } : {}),
  };
}

function outputProperty(row: OutputFieldRow): SchemaProperty {
  return { type: row.type, description: row.doc };
}

function propertiesOf<T extends { readonly name: string }>(rows: readonly T[], toProperty: (row: T) => SchemaProperty): Properties {
  return Object.fromEntries(rows.map((r) => [r.name, toProperty(r)]));
}

/**
 * The package names each SDK generator uses (`pulumi package gen-sdk`). The Go import path is the
 * module Pulumi's own layout gives a repository's `sdk/go` folder (like `github.com/pulumi/pulumi-aws/sdk/v7/go/aws`),
 * so `go get` finds the module where the repository publishes it; the Java package follows Maven
 * Central's namespace for a GitHub organisation (`io.github.<org>`).
 */
function languages(release: ReleaseInfo): Record<string, unknown> {
  const repo = new URL(release.repository);
  const goModule = `${repo.host}${repo.pathname}/sdk/go`;
  const org = repo.pathname.split("/").filter((s) => s !== "")[0] ?? PACKAGE_NAME;
  return {
    python: { packageName: "pulumi_dcs_migration", respectSchemaVersion: true, pyproject: { enabled: true } },
    go: { importBasePath: `${goModule}/dcsmigration`, respectSchemaVersion: true },
    nodejs: { packageName: `@${org}/${PACKAGE_NAME}`, respectSchemaVersion: true },
    csharp: { rootNamespace: "PulumiDcsMigration", respectSchemaVersion: true },
    java: { basePackage: `io.github.${org.replace(/-/g, "_")}` },
  };
}

/**
 * The Pulumi package schema of the `dcs-migration` provider plugin, generated from the one
 * declaration of the settings and outputs (the same rows the SDK, the CLI and the providers use):
 * names, types, defaults, descriptions and secrecy cannot drift from the TypeScript SDK.
 * Served by `GetSchema` and committed as `plugin/schema.json` (`npm run plugin:schema`).
 */
export function pluginSchema(release: ReleaseInfo): Record<string, unknown> {
  const connectionInputs: Properties = propertiesOf(CONNECTION_SETTINGS, settingProperty);
  const required = CONNECTION_SETTINGS.filter((s) => s.required === true).map((s) => s.name);
  const waitInputs: Properties = propertiesOf(WAIT_SETTINGS, settingProperty);
  const statsOutputs: Properties = propertiesOf(STATS_OUTPUT_FIELDS, outputProperty);
  const waitOutputs: Properties = propertiesOf(WAIT_OUTPUT_FIELDS, outputProperty);
  const functionOutputs = propertiesOf(
    STATS_OUTPUT_FIELDS.filter((f) => f.resourceOnly !== true),
    outputProperty,
  );
  const config: Properties = Object.fromEntries(
    // Left out of the provider config, a setting falls back to the environment only.
    PROVIDER_CONFIG.map(({ key, setting }) => [key, settingProperty({ ...setting, configKey: undefined })]),
  );
  const statsRequired = STATS_OUTPUT_FIELDS.map((f) => f.name);

  return {
    name: PACKAGE_NAME,
    version: release.version,
    displayName: "DCS migration gate",
    description:
      "Hold a Pulumi deployment until a Huawei Cloud DCS (Redis) online migration has really finished.",
    keywords: ["pulumi", "huaweicloud", "dcs", "redis", "migration", "category/database", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-dcs-migration",
    repository: release.repository,
    pluginDownloadURL: release.pluginDownloadURL,
    // supportPack: SDK generators write a complete package (Go: a module with its go.mod; Python and
    // Node: the schema's version and pulumi-plugin.json with version and server).
    meta: { moduleFormat: "(.*)", supportPack: true },
    language: languages(release),
    config: { variables: config },
    provider: {
      description:
        "The dcs-migration provider. Each setting left out here is read from the environment " +
        "(the same `HW_*`, `HUAWEICLOUD_SDK_*` and `OS_*` names as the Huawei Cloud tools).",
      inputProperties: config,
      properties: config,
    },
    resources: {
      [RESOURCE_TOKENS.MigrationStats]: {
        description:
          "The stats of a DCS online-migration task, recorded in state as outputs. Read on create, again on every " +
          "`pulumi refresh`, and when credentials change. Another `taskId`, project or endpoint replaces it. " +
          "Deleting it touches nothing in the cloud.",
        inputProperties: connectionInputs,
        requiredInputs: required,
        properties: { ...connectionInputs, ...statsOutputs },
        required: statsRequired,
      },
      [RESOURCE_TOKENS.WaitForMigration]: {
        description:
          "Holds the deployment until a DCS online migration has really finished: `pulumi up` blocks in create, " +
          "polling the stats until progress, key counts (within tolerance) and optionally the offset have held for " +
          "`stableForSeconds`, and fails fast if the task stops, stalls, or is not found. Preview never waits. " +
          "A timeout, a `customTimeouts` deadline or Ctrl-C saves it as not yet complete; the next `pulumi up` resumes " +
          "the wait. Destroy never touches the migration task.",
        inputProperties: { ...connectionInputs, ...waitInputs },
        requiredInputs: required,
        properties: { ...connectionInputs, ...waitInputs, ...statsOutputs, ...waitOutputs },
        // Stats are absent while a wait that never read any (cancelled at once) awaits its resume.
        required: [...required, "projectId", "endpoint", ...WAIT_OUTPUT_FIELDS.map((f) => f.name)],
      },
    },
    functions: {
      [FUNCTION_TOKENS.getMigrationStats]: {
        description:
          "Reads the stats of a DCS online-migration task once (during preview too). Settings not passed come from " +
          "the provider config and the environment.",
        inputs: { properties: connectionInputs, required },
        outputs: { properties: functionOutputs, required: Object.keys(functionOutputs) },
      },
    },
  };
}

/** The schema as `GetSchema` serves it and `plugin/schema.json` holds it. */
export function pluginSchemaText(release: ReleaseInfo): string {
  return `${JSON.stringify(pluginSchema(release), null, 2)}\n`;
}
