#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-export.sh - what --export=trace costs on a 100,000-table run:
# the same batch run with every span kept, once without and once with the
# trace export; the difference in wall time is the export's, and the peak
# resident size shows whether writing streams (the target: it does not
# double).  Figures only, never an assertion.
: "${KT_BIN:=./src/kitchen-tui}"
tables=${BENCH_TABLES:-100000}
out=$(mktemp "${TMPDIR:-/tmp}/kt-bench-export.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT

# One run: "wall_seconds peak_kib" of the child, measured by python3.
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - t
print("%.3f %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}

set -- "$KT_BIN" --batch --tables="$tables" --spans=all --format=csv
base=$(measure "$@") || exit 1
with=$(measure "$@" "--export=trace:$out") || exit 1
size=$(wc -c <"$out")
echo "$base $with $size" | awk -v t="$tables" '{
	printf "export trace, %d tables: %.2f s for the export (run %.2f s, run+export %.2f s), %.0f MB of JSON\n", t, $3 - $1, $1, $3, $5 / 1e6
	printf "  target: under 2 s for the export\n"
	printf "  peak memory: %.0f MiB with the export, %.0f MiB without (x%.2f; target: under x2, it streams)\n", $4 / 1024, $2 / 1024, $4 / $2
}'
