import { ConfigurationError } from "../core/errors";
import { settingRule } from "./settingRule";
import { CLIENT_TUNABLE_SETTINGS, type ClientTunableTable, type ValuesOf } from "./settingTables";

/** Tunables of a client, one per row of `CLIENT_TUNABLE_SETTINGS`; each defaults to {@link CLIENT_DEFAULTS}. */
export type ClientTunables = { -readonly [K in keyof ValuesOf<ClientTunableTable>]: ValuesOf<ClientTunableTable>[K] };

/** Defaults of every {@link DcsClient} knob, from the table. */
export const CLIENT_DEFAULTS: Readonly<ClientTunables> = Object.freeze(
  Object.fromEntries(CLIENT_TUNABLE_SETTINGS.map((r) => [r.name, r.default])) as ClientTunables,
);

/**
 * Merges `partial` over {@link CLIENT_DEFAULTS} (undefined means "default") and
 * validates once.
 *
 * @throws ConfigurationError like "Expected `maxRetries` to be an integer ≥ 0, got -1".
 */
export function resolveClientTunables(partial: Partial<ClientTunables> = {}): ClientTunables {
  for (const key of Object.keys(partial)) {
    if (!Object.prototype.hasOwnProperty.call(CLIENT_DEFAULTS, key)) {
      // A typo (`retries`, `timeoutMs`) would otherwise leave the default silently in force.
      throw new ConfigurationError(
        `Unknown client option \`${key}\`; expected one of clock, random, debug, env, ${Object.keys(CLIENT_DEFAULTS).join(", ")}.`,
        { field: key },
      );
    }
  }
  const merged: ClientTunables = { ...CLIENT_DEFAULTS };
  for (const row of CLIENT_TUNABLE_SETTINGS) {
    const v = partial[row.name];
    if (v !== undefined) merged[row.name] = v;
    const rule = settingRule(row, merged[row.name]);
    if (rule !== undefined) {
      const got = merged[row.name] as unknown;
      throw new ConfigurationError(`Expected \`${row.name}\` to be ${rule}, got ${typeof got === "string" ? JSON.stringify(got) : String(got)}.`, {
        field: row.name,
      });
    }
  }
  return merged;
}
