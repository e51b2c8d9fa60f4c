#!/usr/bin/env bash
# packaging.version: `oauth-workbench --version` (and -v) names the app with the project() version
# and the versions of Qt, QtKeychain, OpenSSL, nlohmann/json and simdjson it runs with; needs no display.
# Usage: check-version.sh OAUTH_WORKBENCH_BINARY PROJECT_VERSION
set -euo pipefail
bin=$1 version=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

for flag in --version -v; do
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" "$flag") || fail "$bin $flag exited with $?"
  echo "$out"
  [[ $(head -n1 <<<"$out") == "OAuth Workbench $version" ]] || fail "$flag: first line is not 'OAuth Workbench $version'"
  for lib in 'Qt' 'QtKeychain' 'OpenSSL' 'nlohmann/json' 'simdjson'; do
    grep -qE "^$lib [0-9]+\.[0-9]+" <<<"$out" || fail "$flag: no '$lib <version>' line"
  done
done
echo "PASS: $bin --version"
