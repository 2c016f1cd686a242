#!/usr/bin/env bash
# action.yml, step "install": installs the dcs-migration CLI into $RUNNER_TEMP (never the user's
# workspace) and sets the step output `bin`. The default spec is the npm package at this action's
# own version (read from its package.json), so `uses: …@v0.1.0` runs CLI 0.1.0. A job that uses the
# action twice installs once: the same spec in the same $RUNNER_TEMP is reused.
set -euo pipefail

spec="${DCS_CLI_PACKAGE:-}"
if [[ -z "$spec" ]]; then
  version="$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
  spec="pulumi-dcs-migration@$version"
fi

prefix="$RUNNER_TEMP/dcs-migration-cli"
bin="$prefix/node_modules/.bin/dcs-migration"
if [[ -x "$bin" && -f "$prefix/.installed-spec" && "$(cat "$prefix/.installed-spec")" == "$spec" ]]; then
  echo "dcs-migration already installed from $spec"
else
  rm -rf "$prefix"
  mkdir -p "$prefix"
  echo "Installing dcs-migration from $spec"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-update-notifier --loglevel=error "$spec"
  printf '%s' "$spec" >"$prefix/.installed-spec"
fi
"$bin" --help >/dev/null # fails the step here, not in the wait, when node is too old or the install is broken
echo "bin=$bin" >>"$GITHUB_OUTPUT"
