import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";

/** Generated stubs and messages shipped with @pulumi/pulumi (plain JS). */
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const statusProto = require("@pulumi/pulumi/proto/status_pb");
const structProto = require("google-protobuf/google/protobuf/struct_pb");

type Props = Record<string, unknown>;

/** What `ErrorResourceInitFailed` carried: the partial-failure shape the engine saves. */
export interface InitFailure {
  readonly id: string;
  readonly properties: Props;
  readonly reasons: string[];
}

/** A gRPC error from the host, with the init failure decoded when there is one. */
export class HostCallError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly initFailure: InitFailure | undefined,
  ) {
    super(message);
  }
}

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

const toStruct = (value: Props): unknown => structProto.Struct.fromJavaScript(value);
const fromStruct = (struct: { toJavaScript(): Props } | undefined): Props => struct?.toJavaScript() ?? {};

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
  const child: ChildProcess = spawn(process.execPath, [script, options.engineAddress], {
    cwd: options.cwd,
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
      Number.isInteger(n) && n > 0 ? resolve(n) : reject(new Error(`host printed ${JSON.stringify(first)} instead of a port`));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`host exited (${String(code)}) before printing its port: ${out}`)));
  });
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
    output: () => out,
    async configure(config) {
      await call("configure", new providerProto.ConfigureRequest().setArgs(toStruct(config)).setAcceptsecrets(true));
    },
    async check(urn, olds, news) {
      const r: any = await call("check", new providerProto.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news)));
      return {
        inputs: fromStruct(r.getInputs()),
        failures: r.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
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
      client.close();
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
      client.close();
    },
  };
}
