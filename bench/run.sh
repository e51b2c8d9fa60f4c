#!/usr/bin/env bash
# bench/run.sh — build what the benchmarks need (Release, in build-bench or WB_BENCH_BUILD_DIR)
# and run them all side by side with their references, printing one table of ratios
# (docs/performance.md). Runs inside a private D-Bus session with its own unlocked gnome-keyring
# (the CLI's profile keeps its tokens there) and a virtual X server; nothing of the user's
# keychain or configuration is touched.
#
#   bench/run.sh [--runs N] [--exchanges K] [--only flow,startup,scale] [--out FILE]
#   bench/run.sh --quick       N=3, 2,000 exchanges
#   bench/run.sh --smoke       N=1, 200 exchanges: only proves the suite still runs (ctest bench.smoke)
#   --no-build --bin-dir DIR   use binaries already built in DIR (with -DWB_BUILD_BENCH=ON)
# Environment: WB_BENCH_RUNS, WB_BENCH_EXCHANGES (defaults 10 and 10000).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ ${WB_BENCH_IN_SESSION:-} != 1 ]]; then
  build=1
  bin_dir=${WB_BENCH_BUILD_DIR:-$repo/build-bench}
  args=()
  while (($#)); do
    case $1 in
      --no-build) build=0 ;;
      --bin-dir) bin_dir=$2; shift ;;
      --quick) args+=(--runs 3 --exchanges 2000 --scale-runs 1) ;;
      --smoke) args+=(--runs 1 --exchanges 200 --scale-runs 1) ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  if ((build)); then
    "$repo/scripts/setup.sh" >&2
    cmake -S "$repo" -B "$bin_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWB_BUILD_BENCH=ON -DWB_WERROR=ON >&2
    cmake --build "$bin_dir" -j2 --target bench-tools >&2
  fi
  exec env WB_BENCH_IN_SESSION=1 dbus-run-session -- "$0" --bin-dir "$bin_dir" "${args[@]}"
fi

# --- inside dbus-run-session: a throw-away unlocked login keyring, as scripts/test.sh does ---
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/wb-bench-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
keyring_env=$(printf '\n' | XDG_DATA_HOME=$keyring_home gnome-keyring-daemon --unlock --components=secrets)
while IFS= read -r line; do
  [[ $line == *=* ]] && export "${line?}"
done <<<"$keyring_env"

unset QT_QPA_PLATFORM # the real X platform (xcb) on the virtual display
xvfb-run -a -s "-screen 0 1280x1024x24" python3 "$repo/bench/run.py" "$@"
