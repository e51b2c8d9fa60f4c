#!/usr/bin/env bash
# packaging.metainfo: the AppStream metainfo passes `appstreamcli validate --no-net`, carries the
# application id, launches the .desktop file of that id, and its newest release is the version
# in project() (so a version bump without release notes fails here).
# Usage: check-metainfo.sh FILE.metainfo.xml APP_ID PROJECT_VERSION
set -euo pipefail
file=$1 app_id=$2 version=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $(basename "$file") == "$app_id.metainfo.xml" ]] || fail "$file is not named $app_id.metainfo.xml"
appstreamcli validate --no-net --explain "$file" || fail "appstreamcli validate --no-net rejected $file"
grep -q "<id>$app_id</id>" "$file" || fail "<id> in $file is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$file" ||
  fail "<launchable> in $file does not name $app_id.desktop"
grep -q '<binary>oauth-workbench</binary>' "$file" || fail "$file does not provide the oauth-workbench binary"
newest=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$file" | head -n1)
[[ $newest == "$version" ]] ||
  fail "the newest <release> in $file is '$newest' but project() says $version: add a release entry"
echo "PASS: $file (release $newest)"
