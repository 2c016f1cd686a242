/**
 * The part of GitHub Actions' expression language (`${{ … }}`) that a composite action's
 * metadata uses, evaluated the way the runner does: context paths (`inputs.task-id`,
 * `steps.wait.outputs.bin`, `github.action_path`, `runner.temp`, `env.NAME`), string, number and
 * boolean literals, `==` / `!=` (strings compared case-insensitively, as GitHub does), `!`, `&&`,
 * `||` (returning an operand), parentheses, and the status functions `success()`, `failure()`,
 * `always()`, `cancelled()`. Anything else throws, so a construct the runner would evaluate but
 * this does not cannot pass a test by accident.
 */

/** Values the contexts hold: strings, or nested objects of them. */
export type ContextValue = string | boolean | number | null | undefined | { readonly [key: string]: ContextValue };

export interface ExpressionContext {
  readonly contexts: Readonly<Record<string, ContextValue>>;
  /** Whether an earlier step of this action failed (for `success()` / `failure()`). */
  readonly failed: boolean;
}

type Token = { kind: "op"; value: string } | { kind: "literal"; value: ContextValue } | { kind: "path"; value: string[] } | { kind: "call"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|&&|\|\||!|\(|\))/.exec(rest);
    if (op) {
      tokens.push({ kind: "op", value: op[0] });
      i += op[0].length;
      continue;
    }
    const str = /^'((?:[^']|'')*)'/.exec(rest);
    if (str) {
      tokens.push({ kind: "literal", value: (str[1] ?? "").replace(/''/g, "'") });
      i += str[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      tokens.push({ kind: "literal", value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const call = /^(success|failure|always|cancelled)\(\s*\)/.exec(rest);
    if (call) {
      tokens.push({ kind: "call", value: call[1] ?? "" });
      i += call[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*/.exec(rest);
    if (word) {
      if (word[0] === "true" || word[0] === "false") tokens.push({ kind: "literal", value: word[0] === "true" });
      else if (word[0] === "null") tokens.push({ kind: "literal", value: null });
      else tokens.push({ kind: "path", value: word[0].split(".") });
      i += word[0].length;
      continue;
    }
    throw new Error(`Unsupported expression syntax at ${JSON.stringify(rest)} in \${{ ${source} }}`);
  }
  return tokens;
}

/** GitHub's string coercion: null → '', booleans → 'true'/'false'. */
export function toActionString(value: ContextValue): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function truthy(value: ContextValue): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === "");
}

function looseEquals(a: ContextValue, b: ContextValue): boolean {
  if (typeof a === "number" || typeof b === "number") return Number(a ?? 0) === Number(b ?? 0);
  return toActionString(a).toLowerCase() === toActionString(b).toLowerCase();
}

/** Evaluates one expression (the text inside `${{ }}`, or an `if:` condition). */
export function evaluateExpression(source: string, context: ExpressionContext): ContextValue {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (value: string): boolean => {
    const t = peek();
    return t?.kind === "op" && t.value === value;
  };

  const primary = (): ContextValue => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`Unexpected end of \${{ ${source} }}`);
    if (t.kind === "literal") return t.value;
    if (t.kind === "call") {
      if (t.value === "always") return true;
      if (t.value === "cancelled") return false;
      return t.value === "failure" ? context.failed : !context.failed;
    }
    if (t.kind === "path") {
      const [root, ...keys] = t.value;
      if (root === undefined || !(root in context.contexts)) throw new Error(`Unknown context \`${t.value.join(".")}\` in \${{ ${source} }}`);
      let value: ContextValue = context.contexts[root];
      for (const key of keys) value = typeof value === "object" && value !== null ? value[key] : undefined;
      return value;
    }
    if (t.value === "!") return !truthy(primary());
    if (t.value === "(") {
      const value = or();
      if (!isOp(")")) throw new Error(`Missing ) in \${{ ${source} }}`);
      pos++;
      return value;
    }
    throw new Error(`Unexpected ${t.value} in \${{ ${source} }}`);
  };
  const comparison = (): ContextValue => {
    let left = primary();
    while (isOp("==") || isOp("!=")) {
      const op = (tokens[pos++] as { value: string }).value;
      const right = primary();
      left = op === "==" ? looseEquals(left, right) : !looseEquals(left, right);
    }
    return left;
  };
  const and = (): ContextValue => {
    let left = comparison();
    while (isOp("&&")) {
      pos++;
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  function or(): ContextValue {
    let left = and();
    while (isOp("||")) {
      pos++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (pos !== tokens.length) throw new Error(`Unexpected trailing tokens in \${{ ${source} }}`);
  return value;
}

/** Replaces every `${{ … }}` in a string with its value as a string. */
export function substituteExpressions(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => toActionString(evaluateExpression(expr.trim(), context)));
}

/**
 * An `if:` condition as the runner reads it: with or without `${{ }}`, and — GitHub's rule —
 * `success() && (…)` unless it calls a status function itself.
 */
export function evaluateCondition(condition: string | undefined, context: ExpressionContext): boolean {
  if (condition === undefined || condition.trim() === "") return !context.failed;
  const bare = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  const expr = (bare?.[1] ?? condition).trim();
  const value = truthy(evaluateExpression(expr, context));
  return /\b(success|failure|always|cancelled)\(\s*\)/.test(expr) ? value : value && !context.failed;
}
