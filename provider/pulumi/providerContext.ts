import type { EffectiveLocation } from "./diffResource";
import { isConfigurationError } from "../core/errors";
import { connectionArgsOf } from "./resourceInputs";
import { resolveSettings, type ClientSettings, type ConnectionArgs } from "../settings/settings";
import type { StatsReader } from "../dcs/statsReader";
import type { TaskRecordReader } from "../dcs/migrationTaskRecord";
import type { Clock } from "../core/clock";

/**
 * What the dynamic providers get from the process they run in. Injected so tests drive
 * them with a scripted reader and a fake clock; `dynamicProviders.ts` wires the real ones.
 */
export interface ProviderContext {
  /**
   * Stack config by full key (`huaweicloud:secretKey`). The dynamic-provider host passes the
   * whole decrypted stack config to `configure` (FACTS.md §4), so secrets set with
   * `pulumi config set --secret` are read here, inside the provider, never captured in `__provider`.
   */
  readonly config: (key: string) => string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Namespace of the stack config keys `config` is asked for: the provider plugin's are `dcs-migration:<key>`. @default "huaweicloud" */
  readonly configNamespace?: string;
  /** A stats reader for resolved settings (the real `DcsClient` in production, which also reads the task record). */
  readonly createReader: (settings: ClientSettings) => StatsReader & Partial<TaskRecordReader>;
  /** @default the waiter's system clock */
  readonly clock?: Clock;
  /** Receives progress lines; `urn` ties a line to its resource in `pulumi up`. @default none */
  readonly log?: (message: string, urn: string | undefined) => void;
  /** Waits until the lines logged so far are delivered, so they show before the operation's result. @default none */
  readonly flushLog?: () => Promise<void>;
  /**
   * Aborting ends a wait in progress as a resumable partial failure, like a timeout: the provider
   * plugin's answer to the engine's Cancel (FACTS.md §7). The dynamic-provider host has no Cancel. @default none
   */
  readonly signal?: AbortSignal;
  /**
   * The engine's deadline for this create or update (`customTimeouts`, which only a provider
   * plugin receives, FACTS.md §7); the earlier of it and `timeoutSeconds` bounds the wait. @default none
   */
  readonly operationTimeout?: { readonly option: string; readonly seconds: number };
}

/** Settings for decoded connection arguments, with stack config and environment filling the gaps. */
export function settingsOf(ctx: ProviderContext, connection: ConnectionArgs): ClientSettings {
  return resolveSettings(connection, { config: ctx.config, configNamespace: ctx.configNamespace, env: ctx.env });
}

/** Settings for a set of inputs (or stored outputs), with stack config and environment filling the gaps. */
export function settingsFor(ctx: ProviderContext, values: Readonly<Record<string, unknown>>): ClientSettings {
  return settingsOf(ctx, connectionArgsOf(values));
}

/** Where `values` point now, or undefined if the settings cannot be resolved here (diff then compares what it can). */
export function effectiveLocation(
  ctx: ProviderContext,
  values: Readonly<Record<string, unknown>>,
): EffectiveLocation | undefined {
  try {
    const s = settingsFor(ctx, values);
    return { projectId: s.projectId, endpoint: s.endpoint };
  } catch (e) {
    if (isConfigurationError(e)) return undefined;
    throw e;
  }
}
