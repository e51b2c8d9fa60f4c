#!/bin/sh
# Runs "$@" on a private D-Bus session bus whose Secret Service (gnome-keyring, started by D-Bus
# activation on first use) has no unlocked collection and cannot prompt: the "locked keychain"
# case. Fresh XDG dirs keep its files out of the user's home; DISPLAY/WAYLAND_DISPLAY are
# cleared so no unlock dialog can appear and wait for a click.
set -eu
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
if ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "run-with-locked-keyring: 'dbus-run-session' is missing (apt install dbus)" >&2
    exit 77
fi
sandbox=$(mktemp -d "${TMPDIR:-/tmp}/wb-locked-keyring.XXXXXX")
trap 'rm -rf "$sandbox"' EXIT INT TERM
mkdir -p "$sandbox/config" "$sandbox/data" "$sandbox/cache" "$sandbox/runtime"
chmod 700 "$sandbox" "$sandbox/runtime"
export XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" XDG_CACHE_HOME="$sandbox/cache"
export XDG_RUNTIME_DIR="$sandbox/runtime" WB_KEYRING_SANDBOX="$sandbox"
unset DISPLAY WAYLAND_DISPLAY
# An outer keyring session (scripts/test.sh) exports its control socket; inheriting it would
# attach this test to that unlocked daemon (and hang waiting on it) instead of its own.
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK GNOME_KEYRING_PID
status=0
dbus-run-session -- "$@" || status=$?
exit "$status"
