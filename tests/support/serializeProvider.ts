import * as pulumi from "@pulumi/pulumi";

/**
 * The `__provider` text for a dynamic provider object, made the way `pulumi.dynamic.Resource`
 * makes it (`serializeFunction(() => provider, { allowSecrets: true })`), with whether the
 * serializer found a secret in the closure.
 */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<{ text: string; containsSecrets: boolean }> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return { text: serialized.text, containsSecrets: serialized.containsSecrets };
}
