#!/usr/bin/env bash
# scripts/test.sh — install (setup.sh), build (build.sh) and run the whole test suite with CTest
# inside a private D-Bus session that has an unlocked gnome-keyring Secret Service, under a
# virtual X server. Extra arguments go to ctest, e.g. scripts/test.sh -L integration.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WB_BUILD_DIR:-$repo/build}

if [[ ${WB_TEST_IN_SESSION:-} != 1 ]]; then
  "$repo/scripts/setup.sh"
  "$repo/scripts/build.sh"
  # Re-enter this script inside a fresh session bus; everything below runs in it.
  exec env WB_TEST_IN_SESSION=1 dbus-run-session -- "$0" "$@"
fi

# --- inside dbus-run-session ---
# A throw-away keyring directory, so the "login" keyring is created with an empty password (one
# empty line on stdin; no input at all would create no login keyring) and
# no keyring of the machine's user is touched.
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/wb-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
keyring_env=$(printf '\n' | XDG_DATA_HOME=$keyring_home gnome-keyring-daemon --unlock --components=secrets)
while IFS= read -r line; do
  [[ $line == *=* ]] && export "${line?}"
done <<<"$keyring_env"

# Fail early and clearly when the Secret Service does not work (the keychain tests need it).
probe=wb-keyring-probe-$$
if ! printf 'probe' | secret-tool store --label="OAuth Workbench CI probe" wb-ci-probe "$probe" 2>/dev/null \
   || [[ $(secret-tool lookup wb-ci-probe "$probe" 2>/dev/null) != probe ]]; then
  echo "test.sh: ERROR: the gnome-keyring Secret Service is not usable in this D-Bus session" >&2
  exit 1
fi
secret-tool clear wb-ci-probe "$probe" || true
echo "test.sh: Secret Service ready (gnome-keyring, unlocked, D-Bus $DBUS_SESSION_BUS_ADDRESS)"

xvfb-run -a -s "-screen 0 1280x1024x24" \
  ctest --test-dir "$build_dir" --output-on-failure -j2 "$@"
