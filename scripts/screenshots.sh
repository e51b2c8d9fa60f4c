#!/bin/sh
# Renders the window's screenshots into docs/screenshots/ under Xvfb, scripted against the
# built-in sandbox, with a throw-away HOME so no real profile or history is touched.
# Builds nothing: expects a build directory (default build/, or $1) with wb_gui_screenshots.
# Needs: xvfb-run (package xvfb).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
tool="$build/tests/gui/wb_gui_screenshots"
out="$root/docs/screenshots"
if [ ! -x "$tool" ]; then
    echo "screenshots.sh: $tool not found; build first (cmake --build $build --target wb_gui_screenshots)" >&2
    exit 2
fi
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing (apt install xvfb)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out" "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
# A fixed, readable look: Fusion style, 96 dpi, no desktop theme leaking in from the host.
HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
XDG_RUNTIME_DIR="$tmp/runtime" QT_QPA_PLATFORMTHEME= QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1 \
LC_ALL=C.UTF-8 TZ=UTC \
    xvfb-run -a -s "-screen 0 1400x900x24 -dpi 96" "$tool" "$out"
echo "Screenshots in $out"
