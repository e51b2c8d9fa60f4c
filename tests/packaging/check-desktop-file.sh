#!/usr/bin/env bash
# packaging.desktop-file: the .desktop file passes desktop-file-validate with no error or warning
# (hints are advice and allowed) and is named after the application id, as is its icon.
# Usage: check-desktop-file.sh FILE.desktop APP_ID
set -euo pipefail
file=$1 app_id=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $(basename "$file") == "$app_id.desktop" ]] || fail "$file is not named $app_id.desktop"
out=$(desktop-file-validate "$file" 2>&1) || fail "desktop-file-validate rejected $file:"$'\n'"$out"
[[ -n $out ]] && echo "$out"
if grep -E ': (error|warning): ' <<<"$out"; then
  fail "desktop-file-validate reported errors or warnings for $file"
fi
grep -qx "Icon=$app_id" "$file" || fail "Icon= in $file is not $app_id"
grep -qx "Exec=oauth-workbench" "$file" || fail "Exec= in $file is not the oauth-workbench binary"
echo "PASS: $file"
