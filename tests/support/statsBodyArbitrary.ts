import fc from "fast-check";

/**
 * Generated ShowMigrationTaskStats response bodies as raw JSON text, so number spellings
 * (`1e400`, 40-digit integers, `-0`) and duplicate keys reach the client's JSON path exactly as
 * a server would send them. Each body says what a correct parser must make of it:
 * - `valid`: every field readable; `expected` holds the normalized values;
 * - `invalid`: at least one field is unreadable or missing; `badFields` lists which, and the
 *   refusal must name one of them;
 * - `unknown`: anything at all (random JSON, text, deep nesting); only the invariants apply.
 */
export type GeneratedBody =
  | { readonly kind: "valid"; readonly text: string; readonly expected: ExpectedStats; readonly family: string }
  | { readonly kind: "invalid"; readonly text: string; readonly badFields: readonly string[]; readonly family: string }
  | { readonly kind: "unknown"; readonly text: string; readonly family: string };

export interface ExpectedStats {
  readonly fullMigrationProgress: number;
  readonly offset: string;
  readonly sourceDbsize: number;
  readonly targetDbsize: number;
  readonly targetInputKbps: number;
  readonly targetOps: number;
  readonly isMigrating: boolean;
}

/** The documented fields (FACTS.md §1) and what each must hold. */
export const STATS_FIELD_KINDS = {
  full_migration_progress: "percent",
  offset: "offset",
  source_dbsize: "count",
  target_dbsize: "count",
  target_input_kbps: "rate",
  target_ops: "rate",
  is_migrating: "boolean",
} as const;

type FieldName = keyof typeof STATS_FIELD_KINDS;
type FieldKind = (typeof STATS_FIELD_KINDS)[FieldName];

const FIELD_NAMES = Object.keys(STATS_FIELD_KINDS) as FieldName[];

const EXPECTED_KEY: Readonly<Record<FieldName, keyof ExpectedStats>> = {
  full_migration_progress: "fullMigrationProgress",
  offset: "offset",
  source_dbsize: "sourceDbsize",
  target_dbsize: "targetDbsize",
  target_input_kbps: "targetInputKbps",
  target_ops: "targetOps",
  is_migrating: "isMigrating",
};

/** A JSON fragment and, when readable, the value it must normalize to. */
interface Fragment {
  readonly json: string;
  readonly value?: number | string | boolean;
}

const str = (s: string): string => JSON.stringify(s);
const padded = (s: string): fc.Arbitrary<string> => fc.constantFrom(s, ` ${s}`, `${s} `, `\t${s}\n`);

/** Text no field accepts, whatever its kind. */
const garbageFragment: fc.Arbitrary<Fragment> = fc.oneof(
  fc.constantFrom("null", "[]", "{}", '""', '" "', '"NaN"', '"Infinity"', '"-Infinity"', '"undefined"', '"null"', '"0x10"', '"1e5"'),
  fc.constantFrom('"１００"', '"١٠٠"', '"½"', '"100 %%"', '"--1"', '"+5"', '"1,000"', '"5.5.5"', '"1_000"', '".5"', '"5."'),
  fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => !/^\s*[\d.%+-]*\s*$/.test(s) && !/^\s*(true|false)\s*$/i.test(s)).map(str),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v === "object" && v !== null).map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 2000 }).map((d) => "[".repeat(d) + "]".repeat(d)),
).map((json) => ({ json }));

const negativeFragment: fc.Arbitrary<Fragment> = fc.oneof(
  fc.integer({ min: -1e9, max: -1 }).map((n) => String(n)),
  fc.integer({ min: -1e9, max: -1 }).map((n) => str(String(n))),
  fc.double({ min: -1e300, max: -1e-3, noNaN: true }).map((n) => JSON.stringify(n)),
).map((json) => ({ json }));

/** Digits of an integer with up to 40 digits; leading zeros only inside strings. */
const digitString: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 1_000_000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map((n) => n.toString()),
);

function validFragment(kind: FieldKind): fc.Arbitrary<Fragment> {
  switch (kind) {
    case "percent":
      return fc.oneof(
        fc.integer({ min: 0, max: 100 }).map((n) => ({ json: String(n), value: n })),
        fc.integer({ min: 0, max: 1000 }).map((n) => ({ json: (n / 10).toFixed(1), value: n / 10 })),
        fc
          .tuple(fc.integer({ min: 0, max: 100 }), fc.boolean())
          .chain(([n, pct]) => padded(pct ? `${n}%` : String(n)).map((s) => ({ json: str(s), value: n }))),
        fc.integer({ min: 0, max: 9999 }).map((n) => ({ json: str((n / 100).toFixed(2)), value: Number((n / 100).toFixed(2)) })),
      );
    case "offset":
      return fc.oneof(
        digitString.map((d) => ({ json: d, value: BigInt(d).toString() })),
        digitString.chain((d) => padded("00" + d).map((s) => ({ json: str(s), value: BigInt(d).toString() }))),
      );
    case "count":
      return fc.oneof(
        fc.maxSafeNat().map((n) => ({ json: String(n), value: n })),
        fc.nat({ max: 10_000_000 }).chain((n) => padded(String(n)).map((s) => ({ json: str(s), value: n }))),
      );
    case "rate":
      return fc.oneof(
        fc.nat({ max: 10_000_000 }).map((n) => ({ json: String(n), value: n })),
        fc.nat({ max: 1_000_000 }).map((n) => ({ json: str((n / 1000).toFixed(3)), value: Number((n / 1000).toFixed(3)) })),
        fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !String(n).includes("e")).map((n) => ({ json: JSON.stringify(n), value: n })),
      );
    case "boolean":
      return fc.oneof(
        fc.boolean().map((b) => ({ json: String(b), value: b })),
        fc.boolean().chain((b) => fc.constantFrom(String(b), String(b).toUpperCase(), ` ${b} `).map((s) => ({ json: str(s), value: b }))),
      );
  }
}

function invalidFragment(kind: FieldKind): fc.Arbitrary<Fragment> {
  const shared = [garbageFragment];
  switch (kind) {
    case "percent":
      return fc.oneof(
        ...shared,
        negativeFragment,
        fc.integer({ min: 101, max: 1e9 }).map((n) => ({ json: String(n) })),
        fc.constantFrom("1e400", "-1e400", "true", '"100.5%"', '"101"', "123456789012345678901234567890").map((json) => ({ json })),
      );
    case "offset":
      return fc.oneof(
        ...shared,
        negativeFragment,
        fc.constantFrom("1.5", "1e400", "1e30", '"1.0"', "true", '"-0"').map((json) => ({ json })),
      );
    case "count":
      return fc.oneof(
        ...shared,
        negativeFragment,
        fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }).map((n) => ({ json: n.toString() })),
        fc.constantFrom("1.5", "1e400", "1e20", '"12.0"', "false", '"9007199254740993"').map((json) => ({ json })),
      );
    case "rate":
      return fc.oneof(...shared, negativeFragment, fc.constantFrom("1e400", '"1e3"', "true", "123456789012345678901234567890").map((json) => ({ json })));
    case "boolean":
      return fc.oneof(
        fc.constantFrom("1", "0", '"yes"', '"no"', '"1"', "null", '""', "[]", "{}", '"truee"', "-1").map((json) => ({ json })),
        fc.integer().map((n) => ({ json: String(n) })),
      );
  }
}

/** Extra members a server might add; never one of the documented names. */
const extraMember: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "toString", "error_code", "hasOwnProperty")),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .filter(([k]) => !(FIELD_NAMES as string[]).includes(k))
  .map(([k, v]) => `${str(k)}:${JSON.stringify(v)}`);

function objectText(members: readonly string[], whitespace: string): string {
  return `${whitespace}{${members.join(`,${whitespace}`)}}${whitespace}`;
}

const whitespace = fc.constantFrom("", " ", "\n", "\r\n\t ");

/** Every field readable, plus extra members, in any order; sometimes an earlier duplicate that the last one overrides. */
const validBody: fc.Arbitrary<GeneratedBody> = fc
  .tuple(
    fc.tuple(...FIELD_NAMES.map((name) => validFragment(STATS_FIELD_KINDS[name]))),
    fc.array(extraMember, { maxLength: 4 }),
    fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.oneof(garbageFragment, negativeFragment)), { maxLength: 3 }),
    whitespace,
    fc.nat(),
  )
  .map(([fragments, extras, shadowed, ws, seed]) => {
    const own = FIELD_NAMES.map((name, i) => `${str(name)}:${fragments[i]!.json}`);
    // JSON.parse keeps the last of duplicate keys: earlier garbage for a field must not matter.
    const shadows = shadowed.map(([name, f]) => `${str(name)}:${f.json}`);
    const members = [...shadows, ...rotate([...own, ...extras], seed)];
    const expected: Record<string, unknown> = {};
    FIELD_NAMES.forEach((name, i) => (expected[EXPECTED_KEY[name]] = fragments[i]!.value));
    return {
      kind: "valid",
      text: objectText(members, ws),
      expected: expected as unknown as ExpectedStats,
      family: shadows.length > 0 ? "valid, with duplicate keys" : "valid",
    } satisfies GeneratedBody;
  });

/** Some fields unreadable (wrong type, negative, huge, NaN-like, nested, missing, or a valid value overridden by a later bad duplicate). */
const invalidBody: fc.Arbitrary<GeneratedBody> = fc
  .tuple(
    fc.tuple(...FIELD_NAMES.map((name) => validFragment(STATS_FIELD_KINDS[name]))),
    fc.tuple(...FIELD_NAMES.map((name) => invalidFragment(STATS_FIELD_KINDS[name]))),
    fc.subarray(FIELD_NAMES, { minLength: 1 }),
    fc.constantFrom<"replace" | "missing" | "duplicate-last">("replace", "missing", "duplicate-last"),
    fc.array(extraMember, { maxLength: 3 }),
    whitespace,
    fc.nat(),
  )
  .map(([good, bad, broken, how, extras, ws, seed]) => {
    const members: string[] = [];
    FIELD_NAMES.forEach((name, i) => {
      const isBroken = broken.includes(name);
      if (!isBroken) members.push(`${str(name)}:${good[i]!.json}`);
      else if (how === "replace") members.push(`${str(name)}:${bad[i]!.json}`);
      else if (how === "duplicate-last") members.push(`${str(name)}:${good[i]!.json}`, `${str(name)}:${bad[i]!.json}`);
    });
    const ordered = how === "duplicate-last" ? [...members, ...extras] : rotate([...members, ...extras], seed);
    return { kind: "invalid", text: objectText(ordered, ws), badFields: broken, family: `invalid (${how})` } satisfies GeneratedBody;
  });

/** Mostly moderate depths; now and then one deep enough to exhaust a recursive parser's stack (~100 000). */
const nestingDepth: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 1_000 }), weight: 39 },
  { arbitrary: fc.integer({ min: 50_000, max: 150_000 }), weight: 1 },
);

/** Anything else a broken server, proxy or attacker might send. */
const unknownBody: fc.Arbitrary<GeneratedBody> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: "unknown", text: JSON.stringify(v), family: "random JSON" }) as const),
  fc
    .dictionary(fc.constantFrom(...FIELD_NAMES, "x"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 })
    .map((d) => ({ kind: "unknown", text: JSON.stringify(d), family: "random values in documented fields" }) as const),
  fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ kind: "unknown", text, family: "random unicode text" }) as const),
  fc
    .tuple(validBody, fc.nat())
    .map(([b, cut]) => ({ kind: "unknown", text: b.text.slice(0, cut % Math.max(1, b.text.length)), family: "cut-off JSON" }) as const),
  nestingDepth.map((d) => ({ kind: "unknown", text: '{"full_migration_progress":' + "[".repeat(d) + "]".repeat(d) + "}", family: "deep nesting" }) as const),
  nestingDepth.map((d) => ({ kind: "unknown", text: '{"a":'.repeat(d) + "1" + "}".repeat(d), family: "deep nesting" }) as const),
  fc.constantFrom(
    "",
    " ",
    "null",
    "[]",
    "true",
    "0",
    '"ok"',
    "\uFEFF{}",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    '{"error_code":"DCS.5000","error_msg":"Internal error"}',
    '{"__proto__":{"full_migration_progress":100,"offset":0,"source_dbsize":1,"target_dbsize":1,"target_input_kbps":0,"target_ops":0,"is_migrating":true}}',
  ).map((text) => ({ kind: "unknown", text, family: "edge texts" }) as const),
);

/** The mix the property tests draw from: a third each. */
export const statsBodyArbitrary: fc.Arbitrary<GeneratedBody> = fc.oneof(validBody, invalidBody, unknownBody);

function rotate<T>(items: readonly T[], seed: number): T[] {
  if (items.length === 0) return [];
  const k = seed % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
