#!/usr/bin/env bash
# action.yml, step "federate" (only with `idp-id`): fetches this job's GitHub OIDC ID token into a
# file only this user can read, and points the client at it with the variables Huawei's SDKs use
# (FACTS.md §10): HUAWEICLOUD_SDK_IDP_ID, HUAWEICLOUD_SDK_ID_TOKEN_FILE, HUAWEICLOUD_SDK_IAM_ENDPOINT.
# They go to $GITHUB_ENV, so the wait step (and later steps of the job) see them. The token is
# masked before anything could print it and is never passed on a command line.
set -euo pipefail

if [[ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" || -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]]; then
  echo "::error::idp-id is set but this job cannot request a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add \`permissions: id-token: write\` to the job (or workflow)." >&2
  exit 2
fi

dir="$RUNNER_TEMP/dcs-migration-oidc"
mkdir -p "$dir"
chmod 700 "$dir"
token_file="$dir/id-token"
node "$GITHUB_ACTION_PATH/action/fetchIdToken.js" "$token_file"

{
  echo "HUAWEICLOUD_SDK_IDP_ID=$DCS_IDP_ID"
  echo "HUAWEICLOUD_SDK_ID_TOKEN_FILE=$token_file"
  if [[ -n "${DCS_IAM_ENDPOINT:-}" ]]; then echo "HUAWEICLOUD_SDK_IAM_ENDPOINT=$DCS_IAM_ENDPOINT"; fi
} >>"$GITHUB_ENV"
echo "GitHub ID token written to $token_file (mode 600); federating with identity provider $DCS_IDP_ID"
