#!/bin/sh
# run-target.sh BINARY SCRATCH SEEDS [libFuzzer options...] — one CTest fuzz run: fails clearly
# when the target was not built, keeps the scratch corpus apart from the committed seeds.
set -eu
binary=$1 scratch=$2 seeds=$3
shift 3
if [ ! -x "$binary" ]; then
  echo "fuzz: $binary was not built (the fuzz tree builds with the main tree; see docs/fuzzing.md)" >&2
  exit 1
fi
if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
  echo "fuzz: no seed corpus in $seeds" >&2
  exit 1
fi
mkdir -p "$scratch" "$(dirname "$binary")/artifacts"
exec "$binary" "$@" "$scratch" "$seeds"
