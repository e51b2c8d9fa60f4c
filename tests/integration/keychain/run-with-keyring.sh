#!/bin/sh
# Runs "$@" against a real, unlocked Secret Service: a private D-Bus session bus
# (dbus-run-session) with gnome-keyring-daemon's secrets component, and fresh XDG dirs so the
# keyring file and any app config land in a throwaway directory, never in the user's home.
#
#   run-with-keyring.sh COMMAND [ARGS...]
#
# Exports to COMMAND: DBUS_SESSION_BUS_ADDRESS, GNOME_KEYRING_CONTROL, XDG_CONFIG_HOME,
# XDG_DATA_HOME, XDG_CACHE_HOME, XDG_RUNTIME_DIR and WB_KEYRING_SANDBOX (their common parent).
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-with-keyring: '$tool' is missing (apt install dbus gnome-keyring)" >&2
        exit 77
    fi
done

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/wb-keyring.XXXXXX")
cleanup() { rm -rf "$sandbox"; }
trap cleanup EXIT INT TERM
mkdir -p "$sandbox/config" "$sandbox/data" "$sandbox/cache" "$sandbox/runtime"
chmod 700 "$sandbox" "$sandbox/runtime"

export WB_KEYRING_SANDBOX="$sandbox"
export XDG_CONFIG_HOME="$sandbox/config"
export XDG_DATA_HOME="$sandbox/data"
export XDG_CACHE_HOME="$sandbox/cache"
export XDG_RUNTIME_DIR="$sandbox/runtime"
# A non-empty password, so the keyring file on disk is encrypted like a real user's.
export WB_KEYRING_PASSWORD="wb-integration-keyring"

status=0
dbus-run-session -- sh -c '
    set -e
    env_lines=$(printf "%s" "$WB_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)
    eval "$env_lines"
    export GNOME_KEYRING_CONTROL
    unset WB_KEYRING_PASSWORD
    # The daemon exits by itself when dbus-run-session tears the bus down.
    exec "$@"
' sh "$@" || status=$?
exit "$status"
