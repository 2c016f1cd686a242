import * as pulumi from "@pulumi/pulumi";
import { CONNECTION_STRING_KEYS, isSecretKey, SECRET_KEYS } from "../provider/resourceInputs";

/**
 * Where the migration task is and how to authenticate, for every entry point. Each setting
 * left out is read from the stack config (`huaweicloud:projectId`, `huaweicloud:region`,
 * `huaweicloud:cloud`, `huaweicloud:dcsEndpoint`, `huaweicloud:accessKey`,
 * `huaweicloud:secretKey`, `huaweicloud:securityToken`, `huaweicloud:token`), then from the
 * environment (`HW_PROJECT_ID`, `HW_REGION_NAME`, `HW_ACCESS_KEY`, `HW_SECRET_KEY`,
 * `HW_SECURITY_TOKEN`, `HW_AUTH_TOKEN`, `HW_CLOUD`, `HW_DCS_ENDPOINT`, the
 * `HUAWEICLOUD_SDK_*` and `OS_*` names). Credentials are taken as a group from the first
 * place that has any.
 */
export interface ConnectionInputs {
  /** Id of the DCS online-migration task. */
  readonly taskId: pulumi.Input<string>;
  /** Project id (the `{project_id}` of the API path). @default stack config / environment */
  readonly projectId?: pulumi.Input<string>;
  /** Region, e.g. `cn-north-4`; builds the endpoint `https://dcs.{region}.{cloud}`. @default stack config / environment */
  readonly region?: pulumi.Input<string>;
  /** Cloud domain. @default "myhuaweicloud.com" */
  readonly cloud?: pulumi.Input<string>;
  /** Full DCS endpoint (scheme, host, port), overriding region and cloud. @default built from region and cloud */
  readonly endpoint?: pulumi.Input<string>;
  /** Access key id. @default stack config / environment */
  readonly accessKey?: pulumi.Input<string>;
  /** Secret access key. Kept secret: encrypted in state, never shown. @default stack config / environment */
  readonly secretKey?: pulumi.Input<string>;
  /** Security token of temporary credentials. Kept secret. @default stack config / environment */
  readonly securityToken?: pulumi.Input<string>;
  /** IAM token, instead of an access key pair. Kept secret. @default stack config / environment */
  readonly authToken?: pulumi.Input<string>;
  /** Allow plain `http://` to a host that is not loopback. @default false */
  readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/**
 * Every connection argument, in declaration order: the task id, then the same connection keys
 * the provider reads back (one list, so the SDK and the provider cannot drift apart).
 */
export const CONNECTION_ARGS = [
  "taskId",
  ...CONNECTION_STRING_KEYS,
  "allowInsecureHttp",
] as const satisfies ReadonlyArray<keyof ConnectionInputs>;

/**
 * The connection arguments as resource inputs: credentials wrapped with `pulumi.secret`, so
 * the engine stores them encrypted whether they came in as plain strings or as secrets.
 */
export function connectionProps(args: ConnectionInputs): Record<string, pulumi.Input<unknown> | undefined> {
  const props: Record<string, pulumi.Input<unknown> | undefined> = {};
  for (const key of CONNECTION_ARGS) {
    const value = args[key];
    if (value === undefined) continue;
    props[key] = isSecretKey(key) ? pulumi.secret(value) : value;
  }
  return props;
}

/** Merges our secret outputs into the caller's options. */
export function withSecretOutputs<T extends pulumi.CustomResourceOptions>(opts: T | undefined): T {
  const own = opts?.additionalSecretOutputs ?? [];
  return { ...(opts ?? ({} as T)), additionalSecretOutputs: [...new Set([...own, ...SECRET_KEYS])] };
}
