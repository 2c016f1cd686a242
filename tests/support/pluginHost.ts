import * as path from "node:path";
import type { ChildProcess } from "node:child_process";
import { failuresOf, fromStruct, startProviderProcess, toStruct, type Failure, type Props } from "./providerProcess";

export type { Failure };

/** Generated messages shipped with @pulumi/pulumi (plain JS). */
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");

/** The launcher in the checkout (runs the TypeScript sources when nothing is built). */
export const PLUGIN_LAUNCHER = path.resolve(__dirname, "..", "..", "plugin", "pulumi-resource-dcs-migration");

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
  /** `timeoutSeconds` is `ReadRequest.timeout`: the resource's `customTimeouts.read`. */
  read(urn: string, id: string, properties: Props, inputs?: Props, timeoutSeconds?: number): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(urn: string, id: string, olds: Props, news: Props, timeoutSeconds?: number): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  invoke(token: string, args: Props): Promise<{ result: Props | undefined; failures: Failure[] }>;
  cancel(): Promise<void>;
  close(): Promise<void>;
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
  const { child, output, call, closeClient } = await startProviderProcess({
    command: options.launcher ?? PLUGIN_LAUNCHER,
    args: [options.engineAddress],
    cwd: options.cwd ?? process.cwd(),
    env: options.env,
    what: "plugin",
  });
  const startMs = Date.now() - started;

  return {
    child,
    startMs,
    output,
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
    async read(urn, id, properties, inputs, timeoutSeconds = 0) {
      const request = new providerProto.ReadRequest().setUrn(urn).setId(id).setProperties(toStruct(properties)).setTimeout(timeoutSeconds);
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
      closeClient();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
