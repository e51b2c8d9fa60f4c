#!/usr/bin/env bash
# packaging.icons: every committed hicolor PNG exists with its nominal size and still matches a
# fresh rendering of the SVG source (so an edited SVG without re-rendered PNGs fails here), and
# the Windows .ico carries the sizes Explorer uses.
# Usage: check-icons.sh PACKAGING_DIR APP_ID
set -euo pipefail
packaging=$1 app_id=$2
icons=$packaging/linux/icons
svg=$icons/$app_id.svg
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ -f $svg ]] || fail "missing $svg"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

png_size() { # width x height from the IHDR chunk (bytes 16..23, big-endian)
  local b
  read -r -a b < <(od -An -tu1 -j16 -N8 "$1")
  echo "$(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]))x$(((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]))"
}

for n in 16 32 48 64 128 256 512; do
  png=$icons/hicolor/${n}x${n}/apps/$app_id.png
  [[ -f $png ]] || fail "missing $png"
  [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$png is not a PNG"
  size=$(png_size "$png")
  [[ $size == "${n}x${n}" ]] || fail "$png is $size, expected ${n}x${n}"
  if command -v rsvg-convert >/dev/null && command -v compare >/dev/null; then
    rsvg-convert --width "$n" --height "$n" --output "$tmp/$n.png" "$svg"
    # Normalised RMSE over all channels; renderer versions differ by far less than 0.02.
    # (compare exits 1 when the images differ at all: the RMSE decides here.)
    rmse=$({ compare -metric RMSE "$png" "$tmp/$n.png" null: 2>&1 || true; } | sed -n 's/.*(\([0-9.e-]*\)).*/\1/p')
    [[ -n $rmse ]] || fail "compare gave no RMSE for $png"
    awk -v r="$rmse" 'BEGIN { exit !(r < 0.02) }' ||
      fail "$png differs from the SVG (RMSE $rmse): run packaging/linux/icons/render-icons.sh"
    echo "ok ${n}x${n} (RMSE $rmse against a fresh rendering)"
  else
    echo "ok ${n}x${n} (rsvg-convert or compare missing: not compared with the SVG)"
  fi
done

ico=$packaging/windows/oauth-workbench.ico
[[ -f $ico ]] || fail "missing $ico"
if command -v identify >/dev/null; then
  sizes=$(identify -format '%wx%h\n' "$ico" | sort -u | tr '\n' ' ')
  for want in 16x16 32x32 48x48 256x256; do
    [[ " $sizes" == *" $want "* ]] || fail "$ico lacks $want (has: $sizes)"
  done
  echo "ok $ico: $sizes"
fi
[[ -s $packaging/macos/oauth-workbench.icns ]] || fail "missing packaging/macos/oauth-workbench.icns"
[[ $(head -c 4 "$packaging/macos/oauth-workbench.icns") == icns ]] || fail "oauth-workbench.icns is not an icns file"
echo "PASS: icons of $app_id"
