#!/usr/bin/env python3
"""Checks a table printed by bench/run.py: every row present, with a workbench median, a reference
(or budget) and a ratio that parse as finite numbers, and the flow breakdown's whole-process lines.
Nothing about the values themselves: benchmarks are not pass/fail timings.

Usage: check-table.py TABLE_FILE"""

import math
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run import ROWS  # noqa: E402

NUMBER = r"(-?\d+(?:\.\d+)?)"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = pathlib.Path(sys.argv[1]).read_text()
    problems = []
    for row in ROWS:
        line = next((l for l in text.splitlines() if l.startswith(row)), None)
        if line is None:
            problems.append(f"missing row: {row}")
            continue
        rest = line[len(row):]
        m = re.match(rf"\s+{NUMBER} \(([^)]*)\)\s+(?:{NUMBER} \([^)]*\)|budget {NUMBER})\s+{NUMBER}\s", rest)
        if not m:
            problems.append(f"row does not parse: {line!r}")
            continue
        numbers = [float(g) for g in (m.group(1), m.group(3) or m.group(4), m.group(5))]
        if not all(math.isfinite(n) and n >= 0 for n in numbers):
            problems.append(f"row has a non-finite or negative number: {line!r}")
    for needed in ("run: whole process", "refresh: whole process"):
        if not re.search(rf"^\s+{re.escape(needed)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$", text, re.M):
            problems.append(f"flow breakdown line missing or unparsable: {needed}")
    for p in problems:
        print(f"check-table: {p}", file=sys.stderr)
    if not problems:
        print(f"check-table: all {len(ROWS)} rows present and numeric")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
