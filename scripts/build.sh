#!/usr/bin/env bash
# scripts/build.sh — configure (Ninja, warnings as errors) and build OAuth Workbench with 2 jobs.
# Build directory: build/ in the repository (override with WB_BUILD_DIR). Extra arguments, and the
# words of WB_CMAKE_ARGS, go to the configure step, e.g. scripts/build.sh -DWB_SANITIZE=ON or
# WB_CMAKE_ARGS="-DWB_TEST_IDP_PORT=40555 -DWB_TEST_HOPS_PORT=40556" .ci/run (two runs on one machine).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WB_BUILD_DIR:-$repo/build}

read -r -a extra_args <<<"${WB_CMAKE_ARGS:-}"
cmake -S "$repo" -B "$build_dir" -G Ninja -DWB_WERROR=ON "${extra_args[@]}" "$@"
cmake --build "$build_dir" -j2
