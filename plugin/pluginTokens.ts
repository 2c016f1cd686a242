import { CONNECTION_SETTINGS, WAIT_SETTINGS } from "../provider/settings";

/** The resources the plugin serves, by the names the provider core uses for them. */
export type ResourceKind = "WaitForMigration" | "MigrationStats";

/** Type tokens of the Pulumi package `dcs-migration` (module `index`). */
export const RESOURCE_TOKENS: Readonly<Record<ResourceKind, string>> = {
  WaitForMigration: "dcs-migration:index:WaitForMigration",
  MigrationStats: "dcs-migration:index:MigrationStats",
};

export const FUNCTION_TOKENS = { getMigrationStats: "dcs-migration:index:getMigrationStats" } as const;

/** The provider resource's type token. */
export const PROVIDER_TOKEN = "pulumi:providers:dcs-migration";

/** Input names of a resource (the function takes those of `MigrationStats`), in schema order. */
export function inputNamesOf(kind: ResourceKind): string[] {
  return [
    ...CONNECTION_SETTINGS.map((s) => s.name),
    ...(kind === "WaitForMigration" ? WAIT_SETTINGS.map((s) => s.name) : []),
  ];
}
