#!/bin/sh
# Runs "$@" with no keychain reachable at all: the session bus address points at a socket that
# does not exist, and fresh XDG dirs catch anything a silent fallback might write.
set -eu
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
sandbox=$(mktemp -d "${TMPDIR:-/tmp}/wb-no-keychain.XXXXXX")
trap 'rm -rf "$sandbox"' EXIT INT TERM
mkdir -p "$sandbox/config" "$sandbox/data" "$sandbox/cache" "$sandbox/runtime"
chmod 700 "$sandbox" "$sandbox/runtime"
export XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" XDG_CACHE_HOME="$sandbox/cache"
export XDG_RUNTIME_DIR="$sandbox/runtime" WB_KEYRING_SANDBOX="$sandbox"
export DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent"
unset DISPLAY WAYLAND_DISPLAY
# An outer keyring session (scripts/test.sh) exports its control socket; inheriting it would
# attach this test to that unlocked daemon (and hang waiting on it) instead of its own.
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK GNOME_KEYRING_PID
status=0
"$@" || status=$?
exit "$status"
