#!/usr/bin/env bash
# scripts/run-sandbox.sh — install what is missing (setup.sh), build (build.sh), then open the
# OAuth Workbench window with the built-in sandbox running and its profile selected: press
# Start (Ctrl+R) and log in with any user name. Extra arguments go to the app.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WB_BUILD_DIR:-$repo/build}

"$repo/scripts/setup.sh"
"$repo/scripts/build.sh"
exec "$build_dir/src/app/oauth-workbench" --sandbox "$@"
