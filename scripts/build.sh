#!/usr/bin/env bash
# scripts/build.sh — configure (Ninja, warnings as errors) and build OAuth Workbench with 2 jobs.
# Build directory: build/ in the repository (override with WB_BUILD_DIR). Extra arguments go to
# the configure step, e.g. scripts/build.sh -DWB_SANITIZE=ON.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WB_BUILD_DIR:-$repo/build}

cmake -S "$repo" -B "$build_dir" -G Ninja -DWB_WERROR=ON "$@"
cmake --build "$build_dir" -j2
