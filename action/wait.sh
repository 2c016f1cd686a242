#!/usr/bin/env bash
# action.yml, step "wait": runs `dcs-migration wait --json` with the inputs that are set, shows its
# NDJSON in the log, turns the final result into step outputs and a job summary
# (waitOutputs.js), and ends with the CLI's exit code — so a gate that did not open fails the job
# unless the workflow sets `continue-on-error` and branches on `outputs.exit-code`.
set -uo pipefail

args=(wait --task-id "$DCS_TASK_ID" --json)
flag() { if [[ -n "$2" ]]; then args+=("$1" "$2"); fi; }
flag --region "${DCS_REGION:-}"
flag --project-id "${DCS_PROJECT_ID:-}"
flag --endpoint "${DCS_ENDPOINT:-}"
flag --timeout "${DCS_TIMEOUT:-}"
flag --stable-for "${DCS_STABLE_FOR:-}"
flag --stall-timeout "${DCS_STALL_TIMEOUT:-}"
flag --poll-interval "${DCS_POLL_INTERVAL:-}"
flag --min-poll-interval "${DCS_MIN_POLL_INTERVAL:-}"
flag --required-progress "${DCS_REQUIRED_PROGRESS:-}"
flag --key-tolerance "${DCS_KEY_TOLERANCE:-}"
flag --key-tolerance-ratio "${DCS_KEY_TOLERANCE_RATIO:-}"
flag --max-offset "${DCS_MAX_OFFSET:-}"
case "${DCS_ALLOW_INSECURE_HTTP:-false}" in
  true) args+=(--allow-insecure-http) ;;
  false | "") ;;
  *)
    echo "::error::Expected \`allow-insecure-http\` to be \"true\" or \"false\", got \"$DCS_ALLOW_INSECURE_HTTP\"" >&2
    exit 2
    ;;
esac

# With federation, keep a fresh GitHub ID token in the file while the wait runs (fetchIdToken.js says why).
refresher=""
if [[ -n "${DCS_IDP_ID:-}" && -n "${HUAWEICLOUD_SDK_ID_TOKEN_FILE:-}" ]]; then
  node "$GITHUB_ACTION_PATH/action/fetchIdToken.js" "$HUAWEICLOUD_SDK_ID_TOKEN_FILE" --every "${DCS_ID_TOKEN_REFRESH_SECONDS:-120}" &
  refresher=$!
fi

results="$(mktemp "$RUNNER_TEMP/dcs-migration-wait.XXXXXX")"
"$DCS_CLI" "${args[@]}" | tee "$results"
code=${PIPESTATUS[0]}

if [[ -n "$refresher" ]]; then
  kill "$refresher" 2>/dev/null
  wait "$refresher" 2>/dev/null
fi
node "$GITHUB_ACTION_PATH/action/waitOutputs.js" "$results" "$code" || echo "::warning::Could not write the step outputs from $results"
rm -f "$results"
exit "$code"
