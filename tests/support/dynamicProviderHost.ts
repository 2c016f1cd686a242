import { fromStruct, HostCallError, startProviderProcess, toStruct, failuresOf, type InitFailure, type Props } from "./providerProcess";

export { HostCallError, type InitFailure };

/** Generated messages shipped with @pulumi/pulumi (plain JS). */
const providerProto = require("@pulumi/pulumi/proto/provider_pb");

/** The `DiffChanges` enum of provider.proto. */
export const DIFF = { UNKNOWN: 0, NONE: 1, SOME: 2 } as const;

export interface DynamicProviderHost {
  /** Everything the host wrote to stdout after its port line, and to stderr. */
  readonly output: () => string;
  configure(config: Props): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[] }>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  close(): Promise<void>;
  /** SIGKILLs the host, as a cancelled deployment (a second Ctrl-C, a CI job stopped) does, and waits until it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts the real Node dynamic-provider host of the locked @pulumi/pulumi — the process the
 * CLI launches as `pulumi-resource-pulumi-nodejs <engine-address>` — in `cwd`, reads the port
 * it prints, and drives it over gRPC with the generated stubs.
 */
export async function startDynamicProviderHost(options: {
  readonly cwd: string;
  readonly engineAddress: string;
  readonly env?: Record<string, string>;
}): Promise<DynamicProviderHost> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const { child, output, call, closeClient } = await startProviderProcess({
    command: process.execPath,
    args: [script, options.engineAddress],
    cwd: options.cwd,
    env: options.env,
    what: "host",
  });

  return {
    output,
    async configure(config) {
      await call("configure", new providerProto.ConfigureRequest().setArgs(toStruct(config)).setAcceptsecrets(true));
    },
    async check(urn, olds, news) {
      const r: any = await call("check", new providerProto.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news)));
      return {
        inputs: fromStruct(r.getInputs()),
        failures: failuresOf(r),
      };
    },
    async diff(urn, id, olds, news) {
      const r: any = await call(
        "diff",
        new providerProto.DiffRequest().setUrn(urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)),
      );
      return { changes: r.getChanges(), replaces: r.getReplacesList() };
    },
    async create(urn, properties) {
      const r: any = await call("create", new providerProto.CreateRequest().setUrn(urn).setProperties(toStruct(properties)));
      return { id: r.getId(), properties: fromStruct(r.getProperties()) };
    },
    async read(urn, id, properties) {
      const r: any = await call("read", new providerProto.ReadRequest().setUrn(urn).setId(id).setProperties(toStruct(properties)));
      return { id: r.getId(), properties: fromStruct(r.getProperties()) };
    },
    async update(urn, id, olds, news) {
      const r: any = await call(
        "update",
        new providerProto.UpdateRequest().setUrn(urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)),
      );
      return { properties: fromStruct(r.getProperties()) };
    },
    async delete(urn, id, properties) {
      await call("delete", new providerProto.DeleteRequest().setUrn(urn).setId(id).setProperties(toStruct(properties)));
    },
    async close() {
      closeClient();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }
      closeClient();
    },
  };
}
