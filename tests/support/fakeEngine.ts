import * as grpc from "@grpc/grpc-js";

/** Generated stubs shipped with @pulumi/pulumi (plain JS). */
const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");

/** One `Log` call the engine received. */
export interface EngineLogEntry {
  readonly severity: number;
  readonly message: string;
  readonly urn: string;
  readonly ephemeral: boolean;
}

export interface FakeEngine {
  /** `127.0.0.1:<port>`, what the CLI passes a provider as its first argument. */
  readonly address: string;
  readonly logs: EngineLogEntry[];
  close(): Promise<void>;
}

/**
 * The engine's gRPC `Engine` service on 127.0.0.1 (port 0), recording `Log` calls: what a
 * provider process started by the CLI can talk to, without a CLI. `neverAnswerLogs` makes it a
 * hung engine that records but never replies.
 */
export async function startFakeEngine(options: { readonly neverAnswerLogs?: boolean } = {}): Promise<FakeEngine> {
  const logs: EngineLogEntry[] = [];
  const server = new grpc.Server();
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<unknown>): void =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: "not in the fake engine" }, null);
  server.addService(engineRpc.EngineService, {
    log(call: grpc.ServerUnaryCall<any, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const r = call.request;
      logs.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn(), ephemeral: r.getEphemeral() });
      if (options.neverAnswerLogs !== true) callback(null, new emptyProto.Empty());
    },
    getRootResource: unimplemented,
    setRootResource: unimplemented,
    startDebugging: unimplemented,
    requirePulumiVersion: unimplemented,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    close: async () => server.forceShutdown(),
  };
}
