import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";

/**
 * What the test hosts of a provider process share: starting it the way the engine does (its own
 * process, exactly `env` plus PATH, the port on its first stdout line), calling it over gRPC with
 * @pulumi/pulumi's generated stubs, and the wire values (Struct, failures, partial failures).
 */

/** Generated stubs and messages shipped with @pulumi/pulumi (plain JS). */
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const statusProto = require("@pulumi/pulumi/proto/status_pb");
const structProto = require("google-protobuf/google/protobuf/struct_pb");

export type Props = Record<string, unknown>;

export interface Failure {
  readonly property: string;
  readonly reason: string;
}

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

export const toStruct = (value: Props): unknown => structProto.Struct.fromJavaScript(value);
export const fromStruct = (struct: { toJavaScript(): Props } | undefined): Props => struct?.toJavaScript() ?? {};
export const failuresOf = (r: any): Failure[] => r.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));

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

/** A started provider process and a typed-enough way to call it. */
export interface ProviderProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout after its port line, and to stderr. */
  readonly output: () => string;
  /** Calls one RPC; a gRPC error rejects as {@link HostCallError}. */
  call<T>(method: string, request: unknown): Promise<T>;
  /** Closes the gRPC channel (the process is the caller's to stop). */
  closeClient(): void;
}

/** Spawns `command args…` in `cwd` with exactly `env` plus PATH, and waits for the port it prints. */
export async function startProviderProcess(options: {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Record<string, string> | undefined;
  /** How errors name the process: "plugin", "host". */
  readonly what: string;
}): Promise<ProviderProcess> {
  const child: ChildProcess = spawn(options.command, [...options.args], {
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
      Number.isInteger(n) && n > 0 ? resolve(n) : reject(new Error(`${options.what} printed ${JSON.stringify(first)} instead of a port`));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${options.what} exited (${String(code)}) before printing its port: ${out}`)));
  });
  const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    child,
    output: () => out,
    closeClient: () => client.close(),
    call: <T>(method: string, request: unknown): Promise<T> =>
      new Promise((resolve, reject) =>
        client[method](request, (error: grpc.ServiceError | null, response: T) => {
          if (error !== null) {
            reject(new HostCallError(error.details || error.message, error.code, decodeInitFailure(error.metadata)));
          } else {
            resolve(response);
          }
        }),
      ),
  };
}
