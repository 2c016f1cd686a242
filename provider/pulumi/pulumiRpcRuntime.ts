import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";

/**
 * Set (to `true`) by the bundler when the plugin is built into a single executable
 * (release/bundlePlugin.ts). There `require` loads Node's builtins only and `require.resolve` does
 * not exist (FACTS.md §9): every module must be a static `require` the bundler resolved.
 */
declare const DCS_MIGRATION_BUNDLED: boolean | undefined;

/** The gRPC runtime and google-protobuf's well-known types that `@pulumi/pulumi`'s generated protos use. */
export interface PulumiRpcRuntime {
  readonly grpc: typeof grpcTypes;
  readonly structProto: any;
  readonly emptyProto: any;
  readonly anyProto: any;
}

let runtime: PulumiRpcRuntime | undefined;

/**
 * The `@grpc/grpc-js` and `google-protobuf` of the `@pulumi/pulumi` this code runs with: the
 * generated stubs (`@pulumi/pulumi/proto/*_grpc_pb`) and a server or client built here must come
 * from one grpc-js instance, and messages from the google-protobuf the stubs were generated against.
 * Installed, they are resolved from `@pulumi/pulumi`'s folder (npm may nest them there); bundled,
 * the bundler resolved the same static requires from that folder at build time.
 */
export function pulumiRpcRuntime(): PulumiRpcRuntime {
  if (runtime !== undefined) return runtime;
  if (typeof DCS_MIGRATION_BUNDLED !== "undefined") {
    runtime = {
      grpc: require("@grpc/grpc-js"),
      structProto: require("google-protobuf/google/protobuf/struct_pb"),
      emptyProto: require("google-protobuf/google/protobuf/empty_pb"),
      anyProto: require("google-protobuf/google/protobuf/any_pb"),
    };
    return runtime;
  }
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const fromPulumi = (id: string): any => require(require.resolve(id, { paths: [pulumiDir] }));
  runtime = {
    grpc: fromPulumi("@grpc/grpc-js") as typeof grpcTypes,
    structProto: fromPulumi("google-protobuf/google/protobuf/struct_pb"),
    emptyProto: fromPulumi("google-protobuf/google/protobuf/empty_pb"),
    anyProto: fromPulumi("google-protobuf/google/protobuf/any_pb"),
  };
  return runtime;
}
