/**
 * The path the serialized `__provider` shim loads at run time
 * (`pulumi-dcs-migration/dist/provider/dynamicProviders`, see sdk/providerShim.ts). That path is
 * written into the state of every resource already deployed, so it never moves: the providers
 * themselves live in the Pulumi layer (pulumi/).
 *
 * @internal
 */
export { createDynamicProvider, type ProviderKind, type ProviderSources } from "./pulumi";
