#!/usr/bin/env bash
# bench/smoke.sh BUILD_DIR — ctest bench.smoke: the whole suite in its quickest mode on binaries
# already built in BUILD_DIR, then a check that the table is complete (rows present, numbers
# parse). Never a check of the values.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
table=$(mktemp "${TMPDIR:-/tmp}/wb-bench-table.XXXXXX")
trap 'rm -f "$table"' EXIT
"$here/run.sh" --smoke --no-build --bin-dir "$1" --out "$table"
python3 "$here/check-table.py" "$table"
