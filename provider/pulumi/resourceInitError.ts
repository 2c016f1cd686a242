/**
 * The shape the Node dynamic-provider host turns into a partial failure: an error carrying
 * `id`, `properties` and `reasons` becomes `ErrorResourceInitFailed`, so the engine saves the
 * resource with init errors and calls `update` on the next `pulumi up` (FACTS.md §4;
 * `grpcResponseFromError` in `@pulumi/pulumi/cmd/dynamic-provider`).
 *
 * The host sends `properties` as they are — it does not add `__provider` as it does for a
 * successful create — so they must include it, or later `read`/`delete` calls on the saved
 * resource could not load the provider.
 */
export class ResourceInitError extends Error {
  override readonly name = "ResourceInitError";
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];
  constructor(message: string, details: { id: string; properties: Record<string, unknown> }, options?: { cause?: unknown }) {
    super(message, options);
    this.id = details.id;
    this.properties = details.properties;
    this.reasons = [message];
  }
}
