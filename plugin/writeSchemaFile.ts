import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { packageRoot } from "./main";
import { pluginSchemaText } from "./pluginSchema";
import { DOWNLOAD_URL_ENV, readReleaseInfo } from "./releaseInfo";

/** Where the committed schema lives: next to the launcher, so a program of any language (and `pulumi package gen-sdk`) finds it. */
export const SCHEMA_FILE = path.join(packageRoot(), "plugin", "schema.json");

/**
 * Writes the schema and returns its path. Without `out`: the committed `plugin/schema.json`, which
 * always names package.json's download server (a unit test keeps the two equal), so a set
 * `DCS_MIGRATION_PLUGIN_DOWNLOAD_URL` is refused there. With `out`: the schema of a release,
 * the variable (when set) naming its server, for the SDK generators.
 */
export function writeSchemaFile(out: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const root = packageRoot();
  if (out === undefined) {
    if ((env[DOWNLOAD_URL_ENV] ?? "") !== "") {
      throw new Error(
        `${DOWNLOAD_URL_ENV} is set, but plugin/schema.json always names package.json's pulumiPlugin.pluginDownloadURL. ` +
          "Pass --out <file> to write a release's schema for that server, or unset the variable.",
      );
    }
    fs.writeFileSync(SCHEMA_FILE, pluginSchemaText(readReleaseInfo(root, {})));
    return SCHEMA_FILE;
  }
  const file = path.resolve(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, pluginSchemaText(readReleaseInfo(root, env)));
  return file;
}

/** `npm run plugin:schema [-- --out <file>]`. */
if (require.main === module) {
  try {
    const { values } = parseArgs({ options: { out: { type: "string" } } });
    const file = writeSchemaFile(values.out);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
