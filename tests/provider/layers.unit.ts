import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * The layers of provider/ as the imports really are: each layer imports only the ones before it,
 * the waiter loads no transport code, nothing imports in a circle, and code outside provider/
 * goes through a layer's entry (its index.ts). Tests may import internals, so tests/ is not walked.
 */

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** provider/'s layers, lowest first: a file may import its own layer and the ones before it. */
const LAYERS = ["core", "http", "settings", "dcs", "waiter", "pulumi"] as const;
type Layer = (typeof LAYERS)[number];

/**
 * The one provider file outside the layer folders: the path the serialized `__provider` shim
 * loads by name at run time, written into every deployed resource's state (sdk/providerShim.ts).
 */
const STABLE_SHIM_ENTRY = "provider/dynamicProviders.ts";

/** The folders whose code imports provider/ only through the entries. */
const OUTSIDE = ["cli", "plugin", "sdk", "bench", "emulator", "release", "examples"];

interface Import {
  readonly from: string;
  readonly to: string;
  /** Erased at run time (`import type`, `export type`, or every name marked `type`). */
  readonly typeOnly: boolean;
  readonly line: number;
}

function tsFilesUnder(dir: string): string[] {
  const abs = path.join(REPO_ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.split(path.sep).includes("node_modules"))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")));
}

/** A relative specifier resolved the way Node resolves it for ts-node: `x.ts`, then `x/index.ts`. */
function resolveRelative(from: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    if (fs.existsSync(path.join(REPO_ROOT, candidate))) return candidate;
  }
  return undefined;
}

/** Every relative import, export-from, `require("./x")` and `import("./x")` of a file. */
export function importsOf(file: string, text: string = fs.readFileSync(path.join(REPO_ROOT, file), "utf8")): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const add = (spec: ts.Expression, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(spec) || !spec.text.startsWith(".")) return;
    const to = resolveRelative(file, spec.text);
    const line = source.getLineAndCharacterOfPosition(spec.getStart()).line + 1;
    assert.ok(to !== undefined, `${file}:${line} imports ${spec.text}, which resolves to no .ts file`);
    found.push({ from: file, to, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly || (clause.name === undefined && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      const named = node.exportClause !== undefined && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier, node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && node.arguments[0] !== undefined) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === "require") || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The layer a provider file belongs to; undefined outside provider/ and for the stable shim entry. */
function layerOf(file: string): Layer | undefined {
  const [top, folder] = file.split("/");
  return top === "provider" ? LAYERS.find((l) => l === folder) : undefined;
}

const isEntry = (file: string): boolean => LAYERS.some((l) => file === `provider/${l}/index.ts`);

/** Every violation of the layer rules in a set of imports, as one line each. */
export function layerViolations(imports: readonly Import[]): string[] {
  const problems: string[] = [];
  for (const imp of imports) {
    const where = `${imp.from}:${imp.line} imports ${imp.to}`;
    const fromLayer = layerOf(imp.from);
    const toLayer = layerOf(imp.to);
    if (fromLayer !== undefined && toLayer !== undefined && LAYERS.indexOf(toLayer) > LAYERS.indexOf(fromLayer)) {
      problems.push(`${where}: ${fromLayer}/ may not import a layer above it (${toLayer}/); order: ${LAYERS.join(" < ")}`);
    }
    if (fromLayer === "waiter" && toLayer === "http") {
      problems.push(`${where}: the waiter is pure and imports nothing from http/ (move what it needs into core/ or dcs/)`);
    }
    if (imp.from.startsWith("provider/") && imp.to === STABLE_SHIM_ENTRY) {
      problems.push(`${where}: ${STABLE_SHIM_ENTRY} is for the serialized shim only; import the pulumi/ entry`);
    }
    if (!imp.from.startsWith("provider/") && imp.to.startsWith("provider/") && !isEntry(imp.to)) {
      problems.push(`${where}: code outside provider/ imports a layer through its entry, e.g. provider/${toLayer ?? "<layer>"}`);
    }
  }
  return problems;
}

/** The import circles (strongly connected components with more than one file, or a file importing itself). */
export function importCircles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const { from, to } of imports) edges.set(from, [...(edges.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) connect(v);
  return circles;
}

/** The files a file loads at run time, itself included (type-only imports are erased). */
function runtimeClosure(start: string, imports: readonly Import[]): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length > 0) {
    const file = todo.pop()!;
    for (const imp of imports) {
      if (imp.from === file && !imp.typeOnly && !seen.has(imp.to)) {
        seen.add(imp.to);
        todo.push(imp.to);
      }
    }
  }
  return seen;
}

describe("provider/ layers", () => {
  const walked = ["provider", ...OUTSIDE].flatMap(tsFilesUnder).concat(fs.readdirSync(REPO_ROOT).filter((f) => f.endsWith(".ts")));
  const imports = walked.flatMap((f) => importsOf(f));

  it("finds the code it checks (every layer folder, the outside folders, hundreds of imports)", () => {
    for (const layer of LAYERS) assert.ok(walked.includes(`provider/${layer}/index.ts`), `provider/${layer}/index.ts is missing`);
    for (const dir of OUTSIDE) assert.ok(walked.some((f) => f.startsWith(`${dir}/`)), `no .ts file found under ${dir}/`);
    assert.ok(imports.length > 300, `only ${imports.length} imports found`);
  });

  it("keeps every provider file in a layer folder, except the path the serialized shim loads", () => {
    const loose = walked.filter((f) => f.startsWith("provider/") && layerOf(f) === undefined && f !== STABLE_SHIM_ENTRY);
    assert.deepEqual(loose, []);
  });

  it("has no import that runs up a layer, no waiter import of http/, no outside import past an entry", () => {
    assert.deepEqual(layerViolations(imports), []);
  });

  it("has no import circle", () => {
    assert.deepEqual(importCircles(imports), []);
  });

  it("loads no http/ code when the waiter is loaded", () => {
    for (const file of walked.filter((f) => layerOf(f) === "waiter")) {
      const http = [...runtimeClosure(file, imports)].filter((f) => layerOf(f) === "http");
      assert.deepEqual(http, [], `${file} loads transport code at run time`);
    }
  });

  it("gives each entry explicit named exports (no `export *`)", () => {
    for (const layer of LAYERS) {
      const text = fs.readFileSync(path.join(REPO_ROOT, "provider", layer, "index.ts"), "utf8");
      assert.doesNotMatch(text, /export \*/, `provider/${layer}/index.ts`);
    }
  });

  describe("the checks themselves", () => {
    const check = (from: string, text: string): string[] => layerViolations(importsOf(from, text));

    it("refuses an import up a layer, type-only included", () => {
      assert.match(check("provider/core/clock.ts", `import type { WaitOptions } from "../waiter/waitDefaults";`).join("\n"), /core\/ may not import a layer above it \(waiter\/\)/);
    });

    it("refuses a waiter import of the transport", () => {
      assert.match(check("provider/waiter/waitStep.ts", `import { isTlsErrorCode } from "../http/httpRequest";`).join("\n"), /imports nothing from http\//);
    });

    it("refuses an outside import past an entry and accepts the entry", () => {
      assert.match(check("cli/waitCommand.ts", `import { waitForCompletion } from "../provider/waiter/waitForCompletion";`).join("\n"), /through its entry/);
      assert.deepEqual(check("cli/waitCommand.ts", `import { waitForCompletion } from "../provider/waiter";`), []);
    });

    it("finds a circle of three files", () => {
      const edge = (from: string, to: string): Import => ({ from, to, typeOnly: true, line: 1 });
      assert.deepEqual(importCircles([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")]), [["a", "b", "c"]]);
    });
  });
});
