import { TemporaryCredentials } from "./auth/temporaryCredentials";
import type { AddressInfo } from "node:net";
import { VerifiedSignatures } from "./auth/verifiedSignatures";
import { SYSTEM_CLOCK } from "./emulatorClock";
import type { EmulatorContext } from "./emulatorContext";
import { EmulatorControl } from "./emulatorControl";
import { resolveEmulatorOptions, type EmulatorOptions } from "./emulatorOptions";
import { createEmulatorServer } from "./emulatorServer";
import { requestIdGenerator } from "./requestIds";
import type { TaskDescription } from "./tasks/emulatedTask";
import { newTaskCounters } from "./tasks/taskCounters";
import { parseTaskRequest } from "./tasks/taskRequest";
import { TaskRegistry } from "./tasks/taskRegistry";

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, `http://127.0.0.1:<port>` (`https://` with the `tls` option); the client's endpoint. */
  readonly url: string;
  readonly port: number;
  readonly projectId: string;
  /** Emulator-only test credentials the API accepts. */
  readonly credentials: {
    readonly accessKey: string;
    readonly secretKey: string;
    readonly authToken: string;
    readonly securityToken?: string;
  };
  /** Typed client of the control API. */
  readonly control: EmulatorControl;
  /** The tasks created from `options.tasks`, in order. */
  readonly tasks: readonly TaskDescription[];
  /** Stops the server, closes connections, stops every Redis process and removes its data. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the DCS stats API emulator on 127.0.0.1. It answers
 * `GET /v2/{project_id}/migration-task/{task_id}/stats` like the real gateway
 * (AK/SK signatures, token auth, Huawei error bodies) for scripted and Redis-backed
 * tasks, and serves the control API under `/_emulator`.
 *
 * @throws EmulatorInputError for a bad option or start-up task; nothing is left running then.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveEmulatorOptions(options);
  const specs = resolved.tasks.map((t, i) => parseTaskRequest(t, `tasks[${i}]`));
  const clock = resolved.clock ?? SYSTEM_CLOCK;
  const registry = new TaskRegistry(
    clock,
    { maxTasks: resolved.maxTasks, maxRedisTasks: resolved.maxRedisTasks },
    { redisServer: resolved.redisServer, sampleMaxAgeMs: resolved.redisSampleMaxAgeMs },
  );
  const ctx: EmulatorContext = {
    projectId: resolved.projectId,
    credentials: resolved.credentials,
    temporaryCredentials: new TemporaryCredentials(),
    clock,
    registry,
    counters: newTaskCounters(),
    maxSkewMs: resolved.maxSkewMs,
    clockSkewMs: resolved.clockSkewMs,
    verified: new VerifiedSignatures(),
    maxBodyBytes: resolved.maxBodyBytes,
    nextRequestId: requestIdGenerator(),
    log: resolved.log,
  };
  const server = createEmulatorServer(ctx, { maxConnections: resolved.maxConnections, maxHeaderBytes: resolved.maxHeaderBytes }, resolved.tls);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await registry.closeAll();
    })());

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(resolved.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const tasks: TaskDescription[] = [];
    for (const spec of specs) tasks.push(await (await registry.create(spec)).describe());
    const port = (server.address() as AddressInfo).port;
    const url = `${resolved.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`;
    return {
      url,
      port,
      projectId: resolved.projectId,
      credentials: resolved.credentials,
      control: new EmulatorControl(url),
      tasks,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
