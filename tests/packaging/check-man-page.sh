#!/usr/bin/env bash
# packaging.man-page: the man page formats without a single groff warning, and documents every
# command and every option that the built binary's --help texts list (so a new verb or option
# without a man page entry fails here, naming what is missing). With CLI_SOURCE (src/cli/Cli.cpp)
# it also checks that every verb the dispatcher accepts is listed by `oauth-workbench --help`.
# Usage: check-man-page.sh OAUTH_WORKBENCH_BINARY MAN_PAGE [CLI_SOURCE]
set -euo pipefail
bin=$1 page=$2 cli_source=${3:-}
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v groff >/dev/null || { echo "SKIP: groff is not installed"; exit 77; }
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || fail "groff failed on $page: $warnings"
[[ -z $warnings ]] || fail "groff warns about $page:"$'\n'"$warnings"
# man's own checks (line length, macros) when man-db is there.
if command -v man >/dev/null; then
  out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" 2>&1 >/dev/null) || true
  [[ -z $out ]] || fail "man -l warns about $page:"$'\n'"$out"
fi

# Every verb listed under "Commands:" in `oauth-workbench --help` has a .SS section of its own.
top=$("$bin" --help)
mapfile -t verbs < <(awk '/^Commands:/ {on=1; next} on && /^$/ {exit} on && /^  [a-z]/ {print $1}' <<<"$top")
((${#verbs[@]} > 0)) || fail "found no commands in '$bin --help'"
missing=()
if [[ -n $cli_source ]]; then
  while read -r verb; do
    [[ $verb == help || " ${verbs[*]} " == *" $verb "* ]] ||
      missing+=("command $verb: dispatched in $(basename "$cli_source") but not listed by 'oauth-workbench --help'")
  done < <(grep -oE 'verb == u"[a-z][a-z-]*"' "$cli_source" | sed 's/.*"\(.*\)"/\1/' | sort -u)
fi
options_of() { grep -oE -- '(^|[^a-z0-9-])--[a-z][a-z0-9-]*' | sed 's/^[^-]*//' | sort -u; }
declare -A seen=()
check_options() { # $1 = where the options come from; stdin = help text
  local opt
  while read -r opt; do
    [[ -z $opt || $opt == --help || $opt == --help-all || -n ${seen[$opt]:-} ]] && continue
    seen[$opt]=1
    # In troff every '-' of an option is written '\-': --client-id is \-\-client\-id.
    local name=${opt#--}
    local pattern="\\\\-\\\\-${name//-/\\\\-}([^a-z0-9\\]|\\\\[^-]|$)"
    grep -qE -- "$pattern" "$page" || missing+=("option $opt (from $1)")
  done < <(options_of)
}
check_options "oauth-workbench --help" <<<"$top"
for verb in "${verbs[@]}"; do
  grep -qE "^\.SS \"?${verb//-/\\\\-}( |\"|$)" "$page" || missing+=("command $verb (no '.SS $verb' section)")
  help=$("$bin" "$verb" --help 2>&1) || true
  check_options "oauth-workbench $verb --help" <<<"$help"
  # Sub-commands (e.g. profile add) that have their own --help with further options.
  while read -r sub; do
    [[ -z $sub ]] && continue
    subhelp=$("$bin" "$verb" "$sub" --help 2>&1) || true
    check_options "oauth-workbench $verb $sub --help" <<<"$subhelp"
  done < <(grep -oE "^  [a-z]+( |$)" <<<"$help" | tr -d " " | sort -u)
done

if ((${#missing[@]})); then
  printf 'FAIL: %s (or the --help text) does not document:\n' "$page" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "PASS: $page documents ${#verbs[@]} commands (${verbs[*]}) and ${#seen[@]} options"
