import { isWireSecret, markSecret, unwrapSecret } from "../provider/pulumi";

type Values = Record<string, unknown>;

/**
 * The inputs with their top-level secrets unwrapped, and which keys were secret. A provider that
 * accepts secrets receives them wrapped (FACTS.md §7) and the provider core works on plain values;
 * the keys are remembered so the outputs can be marked again ({@link markSecretKeys}).
 */
export function unwrapTopLevelSecrets(values: Readonly<Values>): { values: Values; secretKeys: ReadonlySet<string> } {
  const plain: Values = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(values)) {
    if (isWireSecret(value)) secretKeys.add(key);
    plain[key] = unwrapSecret(value);
  }
  return { values: plain, secretKeys };
}

/**
 * Marks `keys` secret in `values` (already marked ones stay as they are). The engine copies an
 * input's secretness to the same-named output only for providers that do not accept secrets
 * (`annotateSecrets`); for this one, a secret `taskId` would otherwise come back plain.
 */
export function markSecretKeys(values: Readonly<Values>, keys: ReadonlySet<string>): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = keys.has(key) && !isWireSecret(value) && value !== undefined && value !== null ? markSecret(value) : value;
  }
  return out;
}
