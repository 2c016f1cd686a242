/**
 * The two special values of Pulumi's property wire format that a dynamic provider meets
 * as plain JSON (the Node dynamic-provider host hands over `Struct.toJavaScript()`).
 */

/**
 * What an input holds during preview when its value is not known yet (FACTS.md §4).
 * Same string as `@pulumi/pulumi/runtime/rpc` `unknownValue`.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Key and value that mark a wire object as a secret (`@pulumi/pulumi/runtime/rpc` `specialSigKey`/`specialSecretSig`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A wire-format secret: the engine reads it with `KeepSecrets` and stores it encrypted. */
export interface WireSecret<T> {
  readonly [SIG_KEY]: typeof SECRET_SIG;
  readonly value: T;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/**
 * Marks a value the provider returns as secret. The engine already re-marks outputs whose
 * same-named input was secret (`annotateSecrets`), but only when the input arrived secret;
 * marking here keeps a credential encrypted in state whichever way it reached the provider.
 * (Returning `pulumi.secret()` instead fails: an Output cannot cross the wire, FACTS.md §4.)
 */
export function markSecret<T>(value: T): WireSecret<T> {
  return { [SIG_KEY]: SECRET_SIG, value } as WireSecret<T>;
}

export function isWireSecret(value: unknown): value is WireSecret<unknown> {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The plain value of a possibly-secret wire value (inputs reach dynamic providers unwrapped, but be safe). */
export function unwrapSecret(value: unknown): unknown {
  return isWireSecret(value) ? value.value : value;
}
