/**
 * One class per failure mode, all under {@link DcsMigrationError}, so callers
 * (the CLI's exit codes, the waiter's retry decision) branch on the class and
 * users read a message that says what happened, what was last seen and what to do.
 * Messages never contain a secret key, security token or IAM token.
 *
 * The base and the failures every layer may raise live here; the API's failures are in
 * `../dcs/apiErrors.ts` and the waiter's verdicts in `../waiter/waitErrors.ts`, each in the layer
 * that raises them.
 */
export class DcsMigrationError extends Error {
  override readonly name: string = "DcsMigrationError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad or missing settings or arguments, found before any request is sent. */
export class ConfigurationError extends DcsMigrationError {
  override readonly name: string = "ConfigurationError";
  /** The argument, flag or setting at fault, e.g. `taskId` or `HW_PROJECT_ID`. */
  readonly field: string | undefined;
  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options);
    this.field = options?.field;
  }
}

/**
 * A setting's name as a message shows it: an argument or variable in backticks (`` `taskId` ``),
 * a command-line flag as typed (`--task-id`), since the entry point passes in the name its users know.
 */
export function settingName(field: string): string {
  return field.startsWith("--") ? field : `\`${field}\``;
}

/** The caller's AbortSignal fired. */
export class AbortedError extends DcsMigrationError {
  override readonly name: string = "AbortedError";
}

/**
 * `error` with `context` appended to its message: a new error of the same class and fields whose
 * `cause` is the original, which stays untouched (a reader may hand the same error to several
 * waits). The new stack starts where the context was added; the original's is in `cause`.
 */
export function withContext<E extends Error>(error: E, context: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as E, error);
  Object.defineProperty(copy, "message", { value: error.message + context, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(copy, "cause", { value: error, writable: true, configurable: true, enumerable: false });
  Error.captureStackTrace(copy, withContext);
  return copy;
}

export const isConfigurationError = (e: unknown): e is ConfigurationError => e instanceof ConfigurationError;
