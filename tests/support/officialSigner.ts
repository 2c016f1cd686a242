import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";

export interface OfficialSignInput {
  /** Origin, e.g. an emulator's `http://127.0.0.1:1234`. */
  readonly endpoint: string;
  readonly projectId: string;
  readonly taskId: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
  /** Extra request headers, signed too (the SDK signs every header). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Signs a stats GET with the official `@huaweicloud/huaweicloud-sdk-core`, through
 * the credential path its generated clients use (`processAuthRequest`: X-Project-Id,
 * X-Security-Token, X-Sdk-Content-Sha256 when the content type is not JSON, then
 * `AKSKSigner.sign`). The oracle for what the real gateway accepts (FACTS.md §3).
 */
export async function officialSignedRequest(input: OfficialSignInput): Promise<{ path: string; headers: Record<string, string> }> {
  const credential = new BasicCredentials({
    ak: input.accessKey,
    sk: input.secretKey,
    projectId: input.projectId,
    ...(input.securityToken === undefined ? {} : { securityToken: input.securityToken }),
  });
  const request: Record<string, unknown> = {
    endpoint: input.endpoint,
    url: `/v2/{project_id}/migration-task/${input.taskId}/stats`,
    method: "GET",
    headers: { ...(input.headers ?? {}) },
    queryParams: {},
  };
  const signed = (await credential.processAuthRequest(undefined as never, request as never)) as {
    endpoint: string;
    headers: Record<string, string>;
  };
  return { path: new URL(signed.endpoint).pathname, headers: signed.headers };
}
