import type { EmulatorHandle } from "../../emulator/startEmulator";

/** Stack configuration, split the way `createPulumiWorkspace` takes it. */
export interface StackConfig {
  readonly config: Record<string, string>;
  readonly secretConfig: Record<string, string>;
}

/**
 * The `huaweicloud:*` stack config that points a program at an emulator the way a user points
 * it at Huawei Cloud: endpoint, project and access key as plain config, the secret key (and the
 * security token of temporary credentials) as secret config.
 */
export function emulatorStackConfig(emulator: Pick<EmulatorHandle, "url" | "projectId" | "credentials">): StackConfig {
  const c = emulator.credentials;
  return {
    config: {
      "huaweicloud:dcsEndpoint": emulator.url,
      "huaweicloud:projectId": emulator.projectId,
      "huaweicloud:accessKey": c.accessKey,
    },
    secretConfig: {
      "huaweicloud:secretKey": c.secretKey,
      ...(c.securityToken === undefined ? {} : { "huaweicloud:securityToken": c.securityToken }),
    },
  };
}

/** The same settings as environment variables (Terraform's names, FACTS.md §3). */
export function emulatorEnv(emulator: Pick<EmulatorHandle, "url" | "projectId" | "credentials">): Record<string, string> {
  const c = emulator.credentials;
  return {
    HW_DCS_ENDPOINT: emulator.url,
    HW_PROJECT_ID: emulator.projectId,
    HW_ACCESS_KEY: c.accessKey,
    HW_SECRET_KEY: c.secretKey,
    ...(c.securityToken === undefined ? {} : { HW_SECURITY_TOKEN: c.securityToken }),
  };
}
