import type * as pulumi from "@pulumi/pulumi";
import { isConfigurationError } from "../core/errors";
import { settingsFor, type ProviderContext } from "./providerContext";
import { anyUnknown, CONNECTION_INPUT_KEYS, isSecretKey, validateInputs, type InputFailure, type WireInputs } from "./resourceInputs";
import { markSecret, unwrapSecret } from "./wireValues";

type Values = Record<string, unknown>;

/**
 * Validates inputs and, when they are all known, that the settings resolve (a missing project,
 * region or credential fails the preview, before anything waits). Credentials passed as
 * arguments are returned marked secret.
 */
export function checkResource(ctx: ProviderContext, news: WireInputs, withWaitOptions: boolean): pulumi.dynamic.CheckResult<WireInputs> {
  const failures: InputFailure[] = validateInputs(news, withWaitOptions);
  if (failures.length === 0 && !anyUnknown(news, CONNECTION_INPUT_KEYS)) {
    try {
      settingsFor(ctx, news);
    } catch (e) {
      if (!isConfigurationError(e)) throw e;
      const field = e.field ?? "";
      const named = field in news && !isSecretKey(field) ? field : "";
      failures.push({ property: named, reason: e.message });
    }
  }
  const inputs: Values = {};
  for (const [key, value] of Object.entries(news)) {
    if (value === undefined || value === null) continue;
    inputs[key] = isSecretKey(key) ? markSecret(unwrapSecret(value)) : value;
  }
  return failures.length > 0 ? { inputs, failures } : { inputs };
}
