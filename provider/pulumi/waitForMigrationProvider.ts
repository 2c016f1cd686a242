import type * as pulumi from "@pulumi/pulumi";
import { checkResource } from "./checkResource";
import { readTaskStatus } from "../dcs/readTaskStatus";
import { diffResource } from "./diffResource";
import { AbortedError } from "../core/errors";
import { CredentialExpiredError, isTaskNotFoundError } from "../dcs/apiErrors";
import { WaitTimeoutError } from "../waiter/waitErrors";
import { notCompleteError } from "./notCompleteError";
import { effectiveLocation, settingsFor, settingsOf, type ProviderContext } from "./providerContext";
import { compact, decodeInputs, type WireInputs } from "./resourceInputs";
import type { ResourceInitError } from "./resourceInitError";
import {
  connectionOutputs,
  ECHOED_OUTPUT_KEYS,
  remarkSecrets,
  resourceId,
  statsFromOutputs,
  statsOutputs,
  waitOptionOutputs,
  type Verdict,
  type WaitForMigrationOutputs,
} from "./resourceOutputs";
import { interruptedWaitMessage, type WaitInterruption } from "../waiter/interruptedWaitMessage";
import { resolveWaitOptions } from "../waiter/waitDefaults";
import { waitForCompletion } from "../waiter/waitForCompletion";
import type { WaitCheckpoint } from "../waiter/waitState";
import { waitDeadline } from "./waitDeadline";
import { createWaitProgress, waitStartLine } from "./waitProgress";
import { unwrapSecret } from "./wireValues";

type Values = Readonly<Record<string, unknown>>;

/** What an earlier attempt left in the outputs (absent on a first create). */
interface PriorAttempt {
  readonly waitedSeconds: number;
  readonly checkpoint: WaitCheckpoint;
}

function priorAttemptOf(olds: Values): PriorAttempt | undefined {
  const startedAt = olds["startedAt"];
  const polls = olds["polls"];
  if (typeof startedAt !== "string" || typeof polls !== "number") return undefined;
  const waited = olds["waitedSeconds"];
  return {
    waitedSeconds: typeof waited === "number" && Number.isFinite(waited) ? waited : 0,
    checkpoint: { startedAt, polls, lastStats: statsFromOutputs(olds) },
  };
}

/**
 * `WaitForMigration`: `create` blocks until the waiter opens the gate and records the final
 * stats. A timeout saves the resource as not yet initialized (a partial failure), and the next
 * `pulumi up` calls `update`, which resumes the wait from the recorded checkpoint instead of
 * starting over. The deadline is the `timeoutSeconds` input, because the dynamic-provider host
 * ignores `customTimeouts` (FACTS.md §4); served by the provider plugin, the context also brings
 * the engine's `customTimeouts` and Cancel, which end the wait the same resumable way. Delete never
 * touches the migration task.
 */
export function createWaitForMigrationProvider(ctx: ProviderContext): pulumi.dynamic.ResourceProvider<WireInputs, WaitForMigrationOutputs> {
  const wait = async (values: WireInputs, prior: PriorAttempt | undefined): Promise<{ id: string; outs: WaitForMigrationOutputs }> => {
    const inputs = decodeInputs(values);
    const { taskId, urn } = inputs;
    const settings = settingsOf(ctx, inputs.connection);
    const deadline = waitDeadline(resolveWaitOptions(inputs.waitOptions), ctx.operationTimeout);
    const id = resourceId(settings.projectId, taskId);
    const now = (): number => (ctx.clock ?? Date).now();
    const attemptStart = now();
    const startedAt = prior?.checkpoint.startedAt ?? new Date(attemptStart).toISOString();
    const base = { ...connectionOutputs(inputs, settings), ...waitOptionOutputs(inputs) };
    const log = (line: string): void => ctx.log?.(line, urn);
    const progress = createWaitProgress(log, prior?.checkpoint);
    const record = { id, base, startedAt, priorWaitedSeconds: prior?.waitedSeconds ?? 0, provider: values["__provider"] };

    log(waitStartLine(taskId, deadline, prior?.checkpoint));
    try {
      const result = await waitForCompletion({
        reader: ctx.createReader(settings),
        taskId,
        options: deadline.options,
        onEvent: progress.onEvent,
        ...(ctx.clock === undefined ? {} : { clock: ctx.clock }),
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        ...(prior === undefined ? {} : { resume: prior.checkpoint }),
      });
      const verdict = {
        completed: true,
        waitedSeconds: record.priorWaitedSeconds + result.waitedSeconds,
        polls: result.polls,
        startedAt: result.startedAt,
        completedAt: result.completedAt,
      } satisfies Verdict;
      return { id, outs: { ...base, ...statsOutputs(result.stats), status: progress.status(), ...verdict } satisfies WaitForMigrationOutputs };
    } catch (e) {
      // Cut short (timeout, cancel, customTimeouts): saved as not complete, resumed by the next `pulumi up`.
      const lastStats = (e instanceof WaitTimeoutError ? e.lastStats : undefined) ?? progress.lastSeen();
      const interrupted = (interruption: WaitInterruption, waitedSeconds: number): ResourceInitError => {
        const stand = { waitedSeconds, polls: progress.polls(), lastStats, status: progress.status() };
        return notCompleteError(interruptedWaitMessage({ taskId, interruption, ...stand }), record, stand, e);
      };
      if (e instanceof AbortedError && ctx.signal?.aborted === true) throw interrupted({ kind: "cancelled" }, (now() - attemptStart) / 1000);
      if (e instanceof CredentialExpiredError) {
        // The read that met the 401 produced no event: count it, as a timeout's polls count every read.
        progress.countUnreportedRead();
        const reason = (e.cause instanceof CredentialExpiredError ? e.cause : e).message;
        throw interrupted({ kind: "credential-expired", reason }, (now() - attemptStart) / 1000);
      }
      if (!(e instanceof WaitTimeoutError)) throw e;
      const { custom } = deadline;
      if (custom !== undefined) {
        throw interrupted({ kind: "custom-timeout", option: custom.option, seconds: custom.seconds, timeoutSeconds: deadline.askedSeconds }, e.waitedSeconds);
      }
      throw notCompleteError(e.message, record, { waitedSeconds: e.waitedSeconds, polls: e.polls, lastStats, status: progress.status() }, e);
    } finally {
      // The last progress line should reach `pulumi up` before the result does.
      await ctx.flushLog?.();
    }
  };

  return {
    async check(_olds, news) {
      return checkResource(ctx, news, true);
    },
    async diff(_id, olds, news) {
      return diffResource(olds, news, effectiveLocation(ctx, news), true);
    },
    async create(inputs) {
      return wait(inputs, undefined);
    },
    async update(_id, olds, news) {
      if (olds.completed === true) {
        // The gate opened before; new credentials or options must not close it or wait again.
        const inputs = decodeInputs(news);
        const settings = settingsOf(ctx, inputs.connection);
        const kept: Record<string, unknown> = { ...olds };
        for (const key of ECHOED_OUTPUT_KEYS) delete kept[key];
        const outs = { ...(kept as WaitForMigrationOutputs), ...connectionOutputs(inputs, settings), ...waitOptionOutputs(inputs) };
        return { outs: compact(outs satisfies WaitForMigrationOutputs) };
      }
      const { outs } = await wait(news, priorAttemptOf(olds));
      return { outs };
    },
    async read(id, props) {
      // State written by another version, or by a wait that never read, may lack any field: each
      // use below checks what it reads instead of trusting the declared type.
      const prior: WaitForMigrationOutputs = props ?? ({} as WaitForMigrationOutputs);
      const taskId = unwrapSecret(prior.taskId);
      if (typeof taskId !== "string") return { id, props: remarkSecrets(prior) };
      try {
        const reader = ctx.createReader(settingsFor(ctx, prior));
        const opts = ctx.signal === undefined ? {} : { signal: ctx.signal };
        const [stats, task] = await Promise.all([reader.getMigrationStats(taskId, opts), readTaskStatus(reader, taskId, ctx.signal)]);
        // Fresh stats and status; the verdict (completed, waitedSeconds, polls, completedAt) stays what the wait decided.
        return { id, props: compact({ ...remarkSecrets(prior), ...statsOutputs(stats), status: task.status } satisfies WaitForMigrationOutputs) };
      } catch (e) {
        if (!isTaskNotFoundError(e)) throw e;
        // A finished migration's task may be deleted; the gate it opened stays open.
        if (prior.completed === true) return { id, props: remarkSecrets(prior) };
        return { id: "" };
      }
    },
    async delete() {
      // Waiting created nothing; the migration task is not ours to delete.
    },
  };
}
