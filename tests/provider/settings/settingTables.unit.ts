import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import {
  CLIENT_TUNABLE_SETTINGS,
  CONNECTION_SETTINGS,
  STATS_OUTPUT_FIELDS,
  WAIT_OUTPUT_FIELDS,
  WAIT_SETTINGS,
} from "../../../provider/settings/settingTables";

/** Each row's TSDoc comment in the source, by table variable and row name. */
function rowComments(): Map<string, string> {
  const path = join(__dirname, "../../../provider/settings/settingTables.ts");
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const comments = new Map<string, string>();
  const visit = (node: ts.Node, table: string | undefined): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) table = node.name.text;
    if (table !== undefined && ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.initializer) && ts.isIdentifier(node.name)) {
      const text = ts
        .getJSDocCommentsAndTags(node)
        .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
        .join(" ");
      const tags = ts.getJSDocTags(node).map((t) => `@${t.tagName.text} ${ts.getTextOfJSDocComment(t.comment) ?? ""}`.trim());
      comments.set(`${table}.${node.name.text}`, [text.replace(/\s+/g, " ").trim(), ...tags].join(" | "));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, table));
  };
  visit(source, undefined);
  return comments;
}

describe("setting tables", () => {
  const tables = {
    CONNECTION_ROWS: CONNECTION_SETTINGS,
    WAIT_ROWS: WAIT_SETTINGS,
    CLIENT_TUNABLE_ROWS: CLIENT_TUNABLE_SETTINGS,
    STATS_OUTPUT_ROWS: STATS_OUTPUT_FIELDS,
    WAIT_OUTPUT_ROWS: WAIT_OUTPUT_FIELDS,
  };

  it("gives every row a TSDoc comment equal to its doc text and default, so editors show what --help and the schema say", () => {
    const comments = rowComments();
    for (const [table, rows] of Object.entries(tables)) {
      for (const row of rows) {
        const defaultTag = "default" in row && row.default !== undefined ? [`@default ${JSON.stringify(row.default).replace(/^"(\d.*)"$/, "$1")}`] : [];
        assert.equal(comments.get(`${table}.${row.name}`), [row.doc, ...defaultTag].join(" | "), `${table}.${row.name}`);
      }
    }
  });

  it("names every setting, config key, environment variable and flag once", () => {
    const settings = [...CONNECTION_SETTINGS, ...WAIT_SETTINGS, ...CLIENT_TUNABLE_SETTINGS];
    for (const values of [
      settings.map((r) => r.name),
      settings.flatMap((r) => (r.configKey === undefined ? [] : [r.configKey])),
      settings.flatMap((r) => r.env),
      settings.flatMap((r) => (r.flag === undefined ? [] : [r.flag])),
    ]) {
      assert.deepEqual(values.filter((v, i) => values.indexOf(v) !== i), []);
    }
  });

  it("offers no flag for a secret: credentials come only from the environment on the command line", () => {
    assert.deepEqual(CONNECTION_SETTINGS.filter((r) => r.secret && r.flag !== undefined), []);
  });
});
