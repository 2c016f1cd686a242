import type * as pulumi from "@pulumi/pulumi";
import { DcsClient, sharedDcsClient, type StatsReader } from "../provider/dcs";
import { ConfigurationError, isConfigurationError } from "../provider/core";
import {
  createMigrationStatsProvider,
  settingsFor,
  type ProviderContext,
  isSecretKey,
  validateInputs,
  type InputFailure,
  createWaitForMigrationProvider,
  unwrapSecret,
} from "../provider/pulumi";
import { checkPluginConfig, configFromConfigure, coreConfigLookup, PACKAGE_NAME, type PluginConfig } from "./pluginConfig";
import { FUNCTION_TOKENS, RESOURCE_TOKENS, inputNamesOf, type ResourceKind } from "./pluginTokens";
import { readTimeoutError } from "./readTimeoutError";
import { markSecretKeys, unwrapTopLevelSecrets } from "./secretKeys";

type Values = Record<string, unknown>;

/** What one create, update or read is given by the engine besides its properties. */
export interface OperationOptions {
  /**
   * `CreateRequest.timeout` / `UpdateRequest.timeout` / `ReadRequest.timeout` (since Pulumi 3.246):
   * the resource's `customTimeouts`, seconds; 0 when unset.
   */
  readonly timeoutSeconds: number;
}

/** The provider's answers, in plain JavaScript values (wire secrets and unknowns as the SDK's JSON markers). */
export interface PluginProvider {
  checkConfig(news: Values): { inputs: Values; failures: InputFailure[] };
  diffConfig(olds: Values, news: Values): { changes: boolean; replaces: string[]; diffs: string[] };
  configure(variables: ReadonlyMap<string, string>, args: Values): void;
  check(type: string, news: Values): Promise<{ inputs: Values; failures: InputFailure[] }>;
  diff(type: string, id: string, olds: Values, news: Values): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(type: string, urn: string, inputs: Values, options: OperationOptions): Promise<{ id: string; outs: Values }>;
  read(type: string, id: string, props: Values, options?: OperationOptions): Promise<{ id: string; props?: Values }>;
  update(type: string, urn: string, id: string, olds: Values, news: Values, options: OperationOptions): Promise<{ outs: Values }>;
  delete(type: string): Promise<void>;
  invoke(token: string, args: Values): Promise<{ outputs?: Values; failures: InputFailure[] }>;
  /** The engine's Cancel: every wait in progress ends at once as a resumable partial failure. */
  cancel(): void;
}

export interface DcsMigrationProviderOptions {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Progress lines (with the resource URN) and a way to wait until they are delivered. */
  readonly log?: ProviderContext["log"];
  readonly flushLog?: ProviderContext["flushLog"];
  /** @default the process-wide shared client (same-task waits share reads) */
  readonly createReader?: ProviderContext["createReader"];
  readonly clock?: ProviderContext["clock"];
}

/** Which resource a type token names, or an error naming the token. */
function kindOf(type: string): ResourceKind {
  for (const [kind, token] of Object.entries(RESOURCE_TOKENS) as Array<[ResourceKind, string]>) {
    if (token === type) return kind;
  }
  throw new Error(`Unknown resource type ${JSON.stringify(type)}; the dcs-migration provider serves ${Object.values(RESOURCE_TOKENS).join(", ")}.`);
}

/** Refuses input names the resource or function does not declare (the dynamic provider's SDK does this in the program). */
function unknownInputs(values: Values, known: readonly string[], what: string): InputFailure[] {
  return Object.keys(values)
    .filter((k) => !known.includes(k))
    .map((k) => ({
      property: k,
      reason: `Unknown argument \`${k.length > 60 ? `${k.slice(0, 59)}…` : k}\` of ${what}; expected one of ${known.join(", ")}.`,
    }));
}

/** Create and update refuse what Check refuses, in case an engine skips Check (it never should). */
function refuseUnknownInputs(values: Values, kind: ResourceKind, type: string): void {
  const [first] = unknownInputs(values, inputNamesOf(kind), type);
  if (first !== undefined) throw new ConfigurationError(first.reason, { field: first.property });
}

/**
 * The `dcs-migration` provider plugin over the same provider core as the dynamic providers: the
 * resource logic is `createWaitForMigrationProvider` / `createMigrationStatsProvider` with a context
 * built from the plugin's configuration; this adds what only a plugin has — provider config,
 * Cancel, `customTimeouts`, invokes — and the secret bookkeeping of a provider that accepts secrets
 * (the engine copies no secretness to outputs for it, FACTS.md §7).
 */
export function createDcsMigrationProvider(options: DcsMigrationProviderOptions = {}): PluginProvider {
  const env = options.env ?? process.env;
  let config: PluginConfig = new Map();
  let cancelled = new AbortController();

  const context = (extra: Partial<Pick<ProviderContext, "signal" | "operationTimeout">> = {}): ProviderContext => {
    const createReader =
      options.createReader ??
      ((settings: Parameters<ProviderContext["createReader"]>[0]): StatsReader =>
        env === process.env ? sharedDcsClient(settings) : new DcsClient(settings, { env }));
    return {
      config: coreConfigLookup(config),
      configNamespace: PACKAGE_NAME,
      env,
      createReader,
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.flushLog === undefined ? {} : { flushLog: options.flushLog }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...extra,
    };
  };
  const coreProvider = (kind: ResourceKind, ctx: ProviderContext): pulumi.dynamic.ResourceProvider =>
    kind === "WaitForMigration" ? createWaitForMigrationProvider(ctx) : createMigrationStatsProvider(ctx);
  // The engine sends 0 when the resource sets no customTimeouts for the operation.
  const withTimeout = (name: "create" | "update", operation: OperationOptions) =>
    operation.timeoutSeconds > 0 ? { operationTimeout: { option: `customTimeouts.${name}`, seconds: operation.timeoutSeconds } } : {};

  return {
    checkConfig: (news) => checkPluginConfig(news),
    diffConfig(olds, news) {
      // A changed location or credential is judged by each resource's own diff (the effective
      // values are compared there), so the provider itself is never replaced.
      const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
      const diffs = [...keys].filter((k) => JSON.stringify(unwrapSecret(olds[k]) ?? null) !== JSON.stringify(unwrapSecret(news[k]) ?? null));
      return { changes: diffs.length > 0, replaces: [], diffs };
    },
    configure(variables, args) {
      config = configFromConfigure(variables, args);
    },
    async check(type, news) {
      const kind = kindOf(type);
      const { values, secretKeys } = unwrapTopLevelSecrets(news);
      const failures = unknownInputs(values, inputNamesOf(kind), type);
      const result = await coreProvider(kind, context()).check!({}, values);
      return { inputs: markSecretKeys(result.inputs ?? {}, secretKeys), failures: [...failures, ...(result.failures ?? [])] };
    },
    async diff(type, id, olds, news) {
      const result = await coreProvider(kindOf(type), context()).diff!(id, unwrapTopLevelSecrets(olds).values, unwrapTopLevelSecrets(news).values);
      return { changes: result.changes === true, replaces: [...(result.replaces ?? [])], deleteBeforeReplace: result.deleteBeforeReplace === true };
    },
    async create(type, urn, inputs, operation) {
      const kind = kindOf(type);
      const { values, secretKeys } = unwrapTopLevelSecrets(inputs);
      refuseUnknownInputs(values, kind, type);
      const ctx = context({ signal: cancelled.signal, ...withTimeout("create", operation) });
      try {
        const { id, outs } = await coreProvider(kind, ctx).create({ ...values, __urn: urn });
        return { id, outs: markSecretKeys(outs, secretKeys) };
      } catch (e) {
        markErrorProperties(e, secretKeys);
        throw e;
      }
    },
    async read(type, id, props, operation = { timeoutSeconds: 0 }) {
      const kind = kindOf(type);
      const { values, secretKeys } = unwrapTopLevelSecrets(props);
      // `get`/`pulumi import` of a MigrationStats: only the id (`<projectId>/<taskId>`) is known.
      const located = kind === "MigrationStats" && values["taskId"] === undefined ? { ...values, ...locationOfId(id) } : values;
      // `customTimeouts.read` bounds refresh and `get`; without it the client's own limits do
      // (4 attempts of 10 s each with backoff). Cancel ends a read too.
      const seconds = operation.timeoutSeconds;
      const timeout = seconds > 0 ? AbortSignal.timeout(seconds * 1000) : undefined;
      const signal = timeout === undefined ? cancelled.signal : AbortSignal.any([cancelled.signal, timeout]);
      const ctx = context({ signal, ...(timeout === undefined ? {} : { operationTimeout: { option: "customTimeouts.read", seconds } }) });
      let result: Awaited<ReturnType<NonNullable<pulumi.dynamic.ResourceProvider["read"]>>>;
      try {
        result = await coreProvider(kind, ctx).read!(id, located);
      } catch (e) {
        if (timeout?.aborted === true) throw readTimeoutError({ seconds, type, id, taskId: located["taskId"], cause: e });
        throw e;
      }
      return result.props === undefined ? { id: result.id ?? "" } : { id: result.id ?? id, props: markSecretKeys(result.props, secretKeys) };
    },
    async update(type, urn, id, olds, news, operation) {
      const kind = kindOf(type);
      const { values, secretKeys } = unwrapTopLevelSecrets(news);
      refuseUnknownInputs(values, kind, type);
      const ctx = context({ signal: cancelled.signal, ...withTimeout("update", operation) });
      try {
        const result = await coreProvider(kind, ctx).update!(id, unwrapTopLevelSecrets(olds).values, { ...values, __urn: urn });
        return { outs: markSecretKeys(result.outs ?? {}, secretKeys) };
      } catch (e) {
        markErrorProperties(e, secretKeys);
        throw e;
      }
    },
    async delete(type) {
      kindOf(type);
      // Neither resource created anything: the migration task is not ours to stop or delete.
    },
    async invoke(token, args) {
      if (token !== FUNCTION_TOKENS.getMigrationStats) {
        throw new Error(`Unknown function ${JSON.stringify(token)}; the dcs-migration provider serves ${FUNCTION_TOKENS.getMigrationStats}.`);
      }
      const { values, secretKeys } = unwrapTopLevelSecrets(args);
      const failures = [...unknownInputs(values, inputNamesOf("MigrationStats"), token), ...validateInputs(values, false)];
      if (failures.length > 0) return { failures };
      const ctx = context();
      let settings;
      try {
        settings = settingsFor(ctx, values);
      } catch (e) {
        if (!isConfigurationError(e)) throw e;
        return { failures: [{ property: e.field !== undefined && e.field in values ? e.field : "", reason: e.message }] };
      }
      const stats: Values = { ...(await ctx.createReader(settings).getMigrationStats(values["taskId"] as string)) };
      // As getMigrationStatsOutput: secret credentials do not make the stats secret (they hold none), other secret arguments do.
      const secretWhere = [...secretKeys].some((k) => !isSecretKey(k));
      return { outputs: secretWhere ? markSecretKeys(stats, new Set(Object.keys(stats))) : stats, failures: [] };
    },
    cancel() {
      cancelled.abort(new Error("The engine cancelled the update (Ctrl-C)."));
      // Operations the engine still sends after a Cancel (it schedules none) start afresh.
      cancelled = new AbortController();
    },
  };
}

/** The task a resource id (`resourceId`: `<projectId>/<taskId>`) names; nothing when it is not one. */
function locationOfId(id: string): Values {
  const match = /^([^/]+)\/([^/]+)$/.exec(id);
  return match === null ? {} : { projectId: match[1], taskId: match[2] };
}

/** A partial failure's saved properties keep the secretness the inputs had. */
function markErrorProperties(e: unknown, secretKeys: ReadonlySet<string>): void {
  if (typeof e !== "object" || e === null) return;
  const error = e as { properties?: unknown };
  if (typeof error.properties === "object" && error.properties !== null) {
    error.properties = markSecretKeys(error.properties as Values, secretKeys);
  }
}
