import * as pulumi from "@pulumi/pulumi";
// From the settings layer, not the pulumi one: the program process needs the rows, not the providers.
import { CONNECTION_SETTINGS, isSecretSetting, namesOf, SECRET_SETTING_NAMES, type ConnectionTable, type ValueOf } from "../provider/settings";

/** A table's settings as optional resource arguments; homomorphic, so each key keeps its row's TSDoc. */
export type InputsOf<T> = { readonly [K in keyof T]?: pulumi.Input<ValueOf<T[K]>> };

/** A table's fields as resource outputs; each key keeps its row's TSDoc. */
export type OutputsOf<T> = { readonly [K in keyof T]: pulumi.Output<ValueOf<T[K]>> };

/**
 * Where the migration task is and how to authenticate, for every entry point: one argument per
 * row of `CONNECTION_SETTINGS`. Each setting left out is read from the stack config
 * (`huaweicloud:projectId`, `huaweicloud:region`, `huaweicloud:cloud`, `huaweicloud:dcsEndpoint`,
 * `huaweicloud:accessKey`, `huaweicloud:secretKey`, `huaweicloud:securityToken`,
 * `huaweicloud:token`; for OIDC federation `huaweicloud:idpId`, `huaweicloud:idTokenFile`,
 * `huaweicloud:iamEndpoint`), then from the environment (`HW_PROJECT_ID`, `HW_REGION_NAME`,
 * `HW_ACCESS_KEY`, `HW_SECRET_KEY`, `HW_SECURITY_TOKEN`, `HW_AUTH_TOKEN`, `HW_CLOUD`,
 * `HW_DCS_ENDPOINT`, the `HUAWEICLOUD_SDK_*` and `OS_*` names, and Huawei's SDK federation variables
 * `HUAWEICLOUD_SDK_IDP_ID`, `HUAWEICLOUD_SDK_ID_TOKEN_FILE`, `HUAWEICLOUD_SDK_IAM_ENDPOINT`). Credentials are taken as a group
 * from the first place that has any.
 */
export type ConnectionInputs = Omit<InputsOf<ConnectionTable>, "taskId"> & Required<Pick<InputsOf<ConnectionTable>, "taskId">>;

/** Every connection argument, in table order: the task id, then the same keys the provider reads back. */
export const CONNECTION_ARGS = namesOf(CONNECTION_SETTINGS);

/**
 * The connection arguments as resource inputs: credentials wrapped with `pulumi.secret`, so
 * the engine stores them encrypted whether they came in as plain strings or as secrets.
 */
export function connectionProps(args: ConnectionInputs): Record<string, pulumi.Input<unknown> | undefined> {
  const props: Record<string, pulumi.Input<unknown> | undefined> = {};
  for (const key of CONNECTION_ARGS) {
    const value = args[key];
    if (value === undefined) continue;
    props[key] = isSecretSetting(key) ? pulumi.secret(value) : value;
  }
  return props;
}

/** Merges our secret outputs into the caller's options. */
export function withSecretOutputs<T extends pulumi.CustomResourceOptions>(opts: T | undefined): T {
  const own = opts?.additionalSecretOutputs ?? [];
  return { ...(opts ?? ({} as T)), additionalSecretOutputs: [...new Set([...own, ...SECRET_SETTING_NAMES])] };
}
