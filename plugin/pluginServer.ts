import type * as grpcTypes from "@grpc/grpc-js";
import { DcsMigrationError } from "../provider/core";
import { pulumiRpcRuntime, type InputFailure } from "../provider/pulumi";
import type { PluginProvider } from "./dcsMigrationProvider";

type Values = Record<string, unknown>;

/**
 * The gRPC runtime and the generated messages of the `@pulumi/pulumi` this package depends on:
 * the stubs and the server must come from one grpc-js instance, and the messages from the
 * google-protobuf the stubs were generated against (`provider/pulumi/pulumiRpcRuntime.ts`).
 */
function pulumiRpc() {
  return {
    ...pulumiRpcRuntime(),
    providerRpc: require("@pulumi/pulumi/proto/provider_grpc_pb"),
    providerProto: require("@pulumi/pulumi/proto/provider_pb"),
    pluginProto: require("@pulumi/pulumi/proto/plugin_pb"),
    statusProto: require("@pulumi/pulumi/proto/status_pb"),
  };
}

export interface PluginServerOptions {
  readonly provider: PluginProvider;
  readonly version: string;
  readonly schema: string;
  /** Called with the address an `Attach` names (a debugger started the plugin; the engine is there). */
  readonly onAttach?: (engineAddress: string) => void;
  /** Where failures of the server itself are reported. @default stderr */
  readonly report?: (line: string) => void;
}

export interface PluginServer {
  readonly port: number;
  /** Stops taking calls and ends those in flight. */
  close(): Promise<void>;
}

/** A partial failure as the provider core throws it: the resource exists, its outputs are saved, it is not ready. */
interface InitFailed {
  readonly message: string;
  readonly id: string;
  readonly properties?: Values;
  readonly reasons?: string[];
}

function isInitFailed(e: unknown): e is InitFailed {
  const id = e instanceof Error ? (e as Error & { id?: unknown }).id : undefined;
  return typeof id === "string" && id !== "";
}

/**
 * Serves `pulumirpc.ResourceProvider` on 127.0.0.1 (port chosen by the OS) for `provider`.
 * Our own small server rather than `@pulumi/pulumi/provider`'s `main()`, whose Configure drops the
 * request, which has no CheckConfig/DiffConfig and passes no operation timeout (FACTS.md §7); the
 * wire handling follows that server: properties as `Struct.toJavaScript()` (secrets and unknowns
 * as their JSON markers, Configure answering `acceptSecrets`), and a partial failure as
 * `ErrorResourceInitFailed` in the `grpc-status-details-bin` trailer.
 */
export async function startPluginServer(options: PluginServerOptions): Promise<PluginServer> {
  const rpc = pulumiRpc();
  const { grpc, providerProto, structProto, emptyProto } = rpc;
  const { provider } = options;
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));

  const toStruct = (values: Values | undefined): unknown => structProto.Struct.fromJavaScript(compactDeep(values ?? {}));
  const fromStruct = (struct: { toJavaScript(): Values } | undefined): Values => struct?.toJavaScript() ?? {};
  const failureList = (failures: readonly InputFailure[]): unknown[] =>
    failures.map((f) => new providerProto.CheckFailure().setProperty(f.property).setReason(f.reason));

  const errorOf = (e: unknown): Partial<grpcTypes.StatusObject> => {
    const message = e instanceof Error ? e.message : String(e);
    if (!isInitFailed(e)) return { code: grpc.status.UNKNOWN, details: message };
    const detail = new providerProto.ErrorResourceInitFailed()
      .setId(e.id)
      .setProperties(toStruct(e.properties))
      .setReasonsList(e.reasons ?? [message]);
    const any = new rpc.anyProto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new rpc.statusProto.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    return { code: grpc.status.UNKNOWN, details: message, metadata };
  };

  /** One handler: runs `answer`, sends its response or its error. */
  const unary =
    (name: string, answer: (request: any) => unknown | Promise<unknown>) =>
    (call: grpcTypes.ServerUnaryCall<any, unknown>, callback: grpcTypes.sendUnaryData<unknown>): void => {
      Promise.resolve()
        .then(() => answer(call.request))
        .then(
          (response) => callback(null, response),
          (e: unknown) => {
            // Our own errors say what to do; anything else is a bug worth its stack trace.
            if (!isInitFailed(e) && !(e instanceof DcsMigrationError)) report(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            callback(errorOf(e), null);
          },
        );
    };

  const typeOf = (request: { getType?: () => string; getUrn(): string }): string => {
    const given = request.getType?.() ?? "";
    if (given !== "") return given;
    // Older engines send only the URN: `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`.
    const qualified = request.getUrn().split("::")[2] ?? "";
    return qualified.split("$").pop() ?? "";
  };

  const service = {
    getPluginInfo: unary("GetPluginInfo", () => new rpc.pluginProto.PluginInfo().setVersion(options.version)),
    getSchema: unary("GetSchema", (req) => {
      if (req.getVersion() !== 0) throw new Error(`Unsupported schema version ${req.getVersion()}.`);
      return new providerProto.GetSchemaResponse().setSchema(options.schema);
    }),
    checkConfig: unary("CheckConfig", (req) => {
      const { inputs, failures } = provider.checkConfig(fromStruct(req.getNews()));
      return new providerProto.CheckResponse().setInputs(toStruct(inputs)).setFailuresList(failureList(failures));
    }),
    diffConfig: unary("DiffConfig", (req) => {
      const d = provider.diffConfig(fromStruct(req.getOlds()), fromStruct(req.getNews()));
      return new providerProto.DiffResponse()
        .setChanges(d.changes ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(d.replaces)
        .setDiffsList(d.diffs);
    }),
    configure: unary("Configure", (req) => {
      const variables = new Map<string, string>();
      for (const [k, v] of req.getVariablesMap().entries() as Iterable<[string, string]>) variables.set(k, v);
      provider.configure(variables, fromStruct(req.getArgs()));
      // Secrets arrive wrapped and go back marked; no preview of create/update: preview never waits.
      return new providerProto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),
    check: unary("Check", async (req) => {
      const { inputs, failures } = await provider.check(typeOf(req), fromStruct(req.getNews()));
      return new providerProto.CheckResponse().setInputs(toStruct(inputs)).setFailuresList(failureList(failures));
    }),
    diff: unary("Diff", async (req) => {
      const d = await provider.diff(typeOf(req), req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
      return new providerProto.DiffResponse()
        .setChanges(d.changes ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(d.replaces)
        .setDeletebeforereplace(d.deleteBeforeReplace);
    }),
    create: unary("Create", async (req) => {
      const r = await provider.create(typeOf(req), req.getUrn(), fromStruct(req.getProperties()), { timeoutSeconds: req.getTimeout() });
      return new providerProto.CreateResponse().setId(r.id).setProperties(toStruct(r.outs));
    }),
    read: unary("Read", async (req) => {
      const r = await provider.read(typeOf(req), req.getId(), fromStruct(req.getProperties()), { timeoutSeconds: req.getTimeout() });
      const response = new providerProto.ReadResponse().setId(r.id);
      if (r.props !== undefined) response.setProperties(toStruct(r.props));
      // Refresh changes outputs only; the inputs stay what the program gave.
      if (r.props !== undefined && req.getInputs() !== undefined) response.setInputs(req.getInputs());
      return response;
    }),
    update: unary("Update", async (req) => {
      const r = await provider.update(typeOf(req), req.getUrn(), req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()), {
        timeoutSeconds: req.getTimeout(),
      });
      return new providerProto.UpdateResponse().setProperties(toStruct(r.outs));
    }),
    delete: unary("Delete", async (req) => {
      await provider.delete(typeOf(req));
      return new emptyProto.Empty();
    }),
    invoke: unary("Invoke", async (req) => {
      const r = await provider.invoke(req.getTok(), fromStruct(req.getArgs()));
      const response = new providerProto.InvokeResponse().setFailuresList(failureList(r.failures));
      if (r.outputs !== undefined) response.setReturn(toStruct(r.outputs));
      return response;
    }),
    cancel: unary("Cancel", () => {
      provider.cancel();
      return new emptyProto.Empty();
    }),
    attach: unary("Attach", (req) => {
      options.onAttach?.(req.getAddress());
      return new emptyProto.Empty();
    }),
  };

  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  // Methods left out (Handshake, Parameterize, Construct, Call, …) answer UNIMPLEMENTED, which the engine expects of a plain provider.
  server.addService(rpc.providerRpc.ResourceProviderService, service as unknown as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}

/** Struct cannot carry `undefined`; drop such members at any depth. */
function compactDeep(values: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === "object" && !Array.isArray(v) ? compactDeep(v as Values) : v;
  }
  return out;
}
