import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot, packageVersion } from "./main";
import { pluginSchemaText } from "./pluginSchema";

/** Where the committed schema lives: next to the launcher, so a program of any language (and `pulumi package gen-sdk`) finds it. */
export const SCHEMA_FILE = path.join(packageRoot(), "plugin", "schema.json");

/** `npm run plugin:schema`: writes the generated schema to `plugin/schema.json` (a unit test keeps the two equal). */
if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, pluginSchemaText(packageVersion()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
