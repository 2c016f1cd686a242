import { ConfigurationError } from "../provider/core";

/**
 * Throws when `args` holds a key the entry point does not know. A misspelt argument
 * (`regoin`, `stallTimeoutSecond`) would otherwise be dropped and leave the stack config, the
 * environment or a default silently in charge — in JavaScript, or with an object built at run
 * time, the compiler cannot catch it.
 *
 * @param what the entry point, e.g. "getMigrationStats" or "WaitForMigration".
 * @throws ConfigurationError naming the key and listing the known ones.
 */
export function refuseUnknownArgs(what: string, args: object, known: readonly string[]): void {
  if (args === null || typeof args !== "object") {
    throw new ConfigurationError(`Expected the arguments of ${what} to be an object, got ${args === null ? "null" : typeof args}.`, { field: "args" });
  }
  for (const key of Object.keys(args)) {
    if (!known.includes(key)) {
      const shown = key.length > 60 ? `${key.slice(0, 59)}…` : key;
      throw new ConfigurationError(`Unknown argument \`${shown}\` of ${what}; expected one of ${known.join(", ")}.`, { field: key });
    }
  }
}
