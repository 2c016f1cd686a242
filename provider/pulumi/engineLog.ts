import { pulumiRpcRuntime } from "./pulumiRpcRuntime";

/** Sends one line; `urn` ties it to a resource. */
export type LogLine = (message: string, urn: string | undefined) => void;

/** A {@link LogLine} whose lines can be waited for. */
export interface EngineLog extends LogLine {
  /**
   * Resolves once every line sent so far was delivered (or fell back), or after `maxWaitMs`,
   * so a hung engine cannot hold up the operation.
   */
  flush(maxWaitMs?: number): Promise<void>;
}

/** How long {@link EngineLog.flush} waits at most. */
export const FLUSH_MAX_WAIT_MS = 2000;

/** The slice of a generated `EngineClient` used here. */
interface EngineClientLike {
  log(request: unknown, callback: (error: Error | null) => void): void;
  close(): void;
}

/**
 * Where the dynamic-provider host was told the engine listens: its last argument
 * (`pulumi-resource-pulumi-nodejs <engine-address>`, FACTS.md §4; with `--logflow` or
 * `--tracing` the engine puts `--logtostderr -v=N --tracing <url>` before it). The host itself
 * never connects; we do, to log against the resource and to notice a killed engine.
 */
export function engineAddressFromArgv(argv: readonly string[] = process.argv): string | undefined {
  const candidate = argv.length > 2 ? argv[argv.length - 1] : undefined;
  return candidate !== undefined && /^[\w.-]+:\d+$/.test(candidate) ? candidate : undefined;
}

/**
 * Progress lines through the engine's `Log` RPC with the resource URN — shown on the
 * resource's row while `pulumi up` runs, the way pulumi-kubernetes reports its awaits
 * (FACTS.md §4) — instead of anonymous lines under the stack. Lines are sent in order, as
 * ephemeral info (status, not an end-of-run diagnostic). Without an engine or a URN, or once
 * the engine refuses a line, lines go to `fallback` (stderr in production), which the CLI
 * still shows under the stack (FACTS.md §4).
 */
export function createEngineLog(options: {
  readonly engineAddress: string | undefined;
  readonly fallback: (line: string) => void;
}): EngineLog {
  const { engineAddress, fallback } = options;
  let client: EngineClientLike | undefined;
  let broken = engineAddress === undefined;
  let queue: Promise<void> = Promise.resolve();
  let makeRequest: ((message: string, urn: string) => unknown) | undefined;

  const connect = (): EngineClientLike | undefined => {
    if (client !== undefined || broken || engineAddress === undefined) return client;
    try {
      // The generated stubs and the gRPC runtime come from @pulumi/pulumi's own copies, so the
      // client constructor and the credentials belong to the same grpc-js instance.
      const { grpc } = pulumiRpcRuntime();
      const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
      const engineProto = require("@pulumi/pulumi/proto/engine_pb");
      makeRequest = (message, urn) =>
        new engineProto.LogRequest()
          .setSeverity(engineProto.LogSeverity.INFO)
          .setMessage(message)
          .setUrn(urn)
          .setEphemeral(true);
      client = new engineRpc.EngineClient(engineAddress, grpc.credentials.createInsecure()) as EngineClientLike;
      return client;
    } catch {
      broken = true;
      return undefined;
    }
  };

  const log = (message: string, urn: string | undefined): void => {
    const engine = urn === undefined ? undefined : connect();
    if (engine === undefined || urn === undefined || makeRequest === undefined) {
      fallback(message);
      return;
    }
    const request = makeRequest(message, urn);
    queue = queue.then(
      () =>
        new Promise<void>((resolve) => {
          if (broken) {
            fallback(message);
            resolve();
            return;
          }
          engine.log(request, (error) => {
            if (error !== null) {
              broken = true;
              fallback(message);
            }
            resolve();
          });
        }),
    );
  };
  const flush = (maxWaitMs: number = FLUSH_MAX_WAIT_MS): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxWaitMs);
      timer.unref();
    });
    return Promise.race([queue, limit]).finally(() => clearTimeout(timer));
  };
  return Object.assign(log, { flush });
}
