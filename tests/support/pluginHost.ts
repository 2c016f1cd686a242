import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { HostCallError, type InitFailure } from "./dynamicProviderHost";

/** Generated stubs and messages shipped with @pulumi/pulumi (plain JS). */
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const statusProto = require("@pulumi/pulumi/proto/status_pb");
const structProto = require("google-protobuf/google/protobuf/struct_pb");
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");

type Props = Record<string, unknown>;

/** The launcher in the checkout (runs the TypeScript sources when nothing is built). */
export const PLUGIN_LAUNCHER = path.resolve(__dirname, "..", "..", "plugin", "pulumi-resource-dcs-migration");

export interface Failure {
  readonly property: string;
  readonly reason: string;
}

export interface PluginHost {
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the port line. */
  readonly startMs: number;
  /** Everything the plugin wrote to stderr, and to stdout after its port line. */
  readonly output: () => string;
  getPluginInfo(): Promise<string>;
  getSchema(): Promise<Props>;
  checkConfig(news: Props): Promise<{ inputs: Props; failures: Failure[] }>;
  diffConfig(olds: Props, news: Props): Promise<{ changes: number; replaces: string[]; diffs: string[] }>;
  configure(variables: Record<string, string>, args?: Props): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }>;
  check(urn: string, news: Props, olds?: Props): Promise<{ inputs: Props; failures: Failure[] }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[] }>;
  create(urn: string, properties: Props, timeoutSeconds?: number): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(urn: string, id: string, olds: Props, news: Props, timeoutSeconds?: number): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  invoke(token: string, args: Props): Promise<{ result: Props | undefined; failures: Failure[] }>;
  cancel(): Promise<void>;
  close(): Promise<void>;
}

const toStruct = (value: Props): unknown => structProto.Struct.fromJavaScript(value);
const fromStruct = (struct: { toJavaScript(): Props } | undefined): Props => struct?.toJavaScript() ?? {};
const failuresOf = (r: any): Failure[] => r.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));

function decodeInitFailure(metadata: grpc.Metadata | undefined): InitFailure | undefined {
  const raw = metadata?.get("grpc-status-details-bin")[0];
  if (!(raw instanceof Buffer)) return undefined;
  const status = statusProto.Status.deserializeBinary(new Uint8Array(raw));
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const detail = providerProto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
  }
  return undefined;
}

/**
 * Starts `plugin/pulumi-resource-dcs-migration <engine-address>` as the engine would (its own
 * process, exactly `env` plus PATH), reads the port it prints and drives it over gRPC with
 * @pulumi/pulumi's generated stubs.
 */
export async function startPluginHost(options: {
  readonly engineAddress: string;
  readonly env?: Record<string, string>;
  readonly launcher?: string;
  readonly cwd?: string;
}): Promise<PluginHost> {
  const started = Date.now();
  const child: ChildProcess = spawn(options.launcher ?? PLUGIN_LAUNCHER, [options.engineAddress], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env["PATH"] ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let first = "";
    const onData = (d: Buffer): void => {
      first += d.toString();
      const newline = first.indexOf("\n");
      if (newline < 0) return;
      child.stdout!.off("data", onData);
      out += first.slice(newline + 1);
      child.stdout!.on("data", (more: Buffer) => (out += more.toString()));
      const n = Number(first.slice(0, newline).trim());
      Number.isInteger(n) && n > 0 ? resolve(n) : reject(new Error(`plugin printed ${JSON.stringify(first)} instead of a port`));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`plugin exited (${String(code)}) before printing its port: ${out}`)));
  });
  const startMs = Date.now() - started;
  const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](request, (error: grpc.ServiceError | null, response: T) => {
        if (error !== null) {
          reject(new HostCallError(error.details || error.message, error.code, decodeInitFailure(error.metadata)));
        } else {
          resolve(response);
        }
      }),
    );

  return {
    child,
    startMs,
    output: () => out,
    async getPluginInfo() {
      const r: any = await call("getPluginInfo", new emptyProto.Empty());
      return r.getVersion();
    },
    async getSchema() {
      const r: any = await call("getSchema", new providerProto.GetSchemaRequest());
      return JSON.parse(r.getSchema());
    },
    async checkConfig(news) {
      const r: any = await call(
        "checkConfig",
        new providerProto.CheckRequest().setUrn("urn:pulumi:dev::proto::pulumi:providers:dcs-migration::default").setOlds(toStruct({})).setNews(toStruct(news)),
      );
      return { inputs: fromStruct(r.getInputs()), failures: failuresOf(r) };
    },
    async diffConfig(olds, news) {
      const r: any = await call("diffConfig", new providerProto.DiffRequest().setOlds(toStruct(olds)).setNews(toStruct(news)));
      return { changes: r.getChanges(), replaces: r.getReplacesList(), diffs: r.getDiffsList() };
    },
    async configure(variables, args = {}) {
      const request = new providerProto.ConfigureRequest().setArgs(toStruct(args)).setAcceptsecrets(true);
      for (const [k, v] of Object.entries(variables)) request.getVariablesMap().set(k, v);
      const r: any = await call("configure", request);
      return { acceptSecrets: r.getAcceptsecrets(), supportsPreview: r.getSupportspreview() };
    },
    async check(urn, news, olds = {}) {
      const r: any = await call("check", new providerProto.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news)));
      return { inputs: fromStruct(r.getInputs()), failures: failuresOf(r) };
    },
    async diff(urn, id, olds, news) {
      const r: any = await call("diff", new providerProto.DiffRequest().setUrn(urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)));
      return { changes: r.getChanges(), replaces: r.getReplacesList() };
    },
    async create(urn, properties, timeoutSeconds = 0) {
      const r: any = await call(
        "create",
        new providerProto.CreateRequest().setUrn(urn).setProperties(toStruct(properties)).setTimeout(timeoutSeconds),
      );
      return { id: r.getId(), properties: fromStruct(r.getProperties()) };
    },
    async read(urn, id, properties, inputs) {
      const request = new providerProto.ReadRequest().setUrn(urn).setId(id).setProperties(toStruct(properties));
      if (inputs !== undefined) request.setInputs(toStruct(inputs));
      const r: any = await call("read", request);
      return { id: r.getId(), properties: fromStruct(r.getProperties()), inputs: r.getInputs() === undefined ? undefined : fromStruct(r.getInputs()) };
    },
    async update(urn, id, olds, news, timeoutSeconds = 0) {
      const r: any = await call(
        "update",
        new providerProto.UpdateRequest().setUrn(urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)).setTimeout(timeoutSeconds),
      );
      return { properties: fromStruct(r.getProperties()) };
    },
    async delete(urn, id, properties) {
      await call("delete", new providerProto.DeleteRequest().setUrn(urn).setId(id).setProperties(toStruct(properties)));
    },
    async invoke(token, args) {
      const r: any = await call("invoke", new providerProto.InvokeRequest().setTok(token).setArgs(toStruct(args)));
      return { result: r.getReturn() === undefined ? undefined : fromStruct(r.getReturn()), failures: failuresOf(r) };
    },
    async cancel() {
      await call("cancel", new emptyProto.Empty());
    },
    async close() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
