#!/usr/bin/env bash
# Renders the committed icon files from the one SVG source (dev.oauthworkbench.OAuthWorkbench.svg):
#   packaging/linux/icons/hicolor/<N>x<N>/apps/<app id>.png  for N in 16 32 48 64 128 256 512
#   packaging/windows/oauth-workbench.ico                    (16, 24, 32, 48, 64, 128, 256)
#   packaging/macos/oauth-workbench.icns                     (16, 32, 48, 128, 256, 512)
# Needs rsvg-convert (librsvg2-bin), convert (imagemagick) and png2icns (icnsutils); Debian 12:
#   apt-get install librsvg2-bin imagemagick icnsutils
# Run it after editing the SVG and commit the results; the build itself never renders.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
packaging=$(cd "$here/../.." && pwd)
app_id=dev.oauthworkbench.OAuthWorkbench
svg=$here/$app_id.svg

for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "render-icons.sh: $tool is missing" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for n in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$n" --height "$n" --output "$tmp/$n.png" "$svg"
done

for n in 16 32 48 64 128 256 512; do
  mkdir -p "$here/hicolor/${n}x${n}/apps"
  # -strip: no timestamps in the files, so re-rendering an unchanged SVG changes nothing.
  convert "$tmp/$n.png" -strip "PNG32:$here/hicolor/${n}x${n}/apps/$app_id.png"
done

convert "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" "$tmp/128.png" "$tmp/256.png" \
  -strip "$packaging/windows/oauth-workbench.ico"

# png2icns picks the icon type from each PNG's size (16, 32, 48, 128, 256, 512 are supported).
png2icns "$packaging/macos/oauth-workbench.icns" \
  "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/128.png" "$tmp/256.png" "$tmp/512.png" >/dev/null

echo "render-icons.sh: rendered PNGs, .ico and .icns from $svg"
