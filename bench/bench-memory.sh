#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-memory.sh - the memory model beside the measurement (make bench).
# Batch reports print a model of each concurrency model's memory (fixed
# constants, model-impl.h MEM_*, so that the output is the same bytes on
# every machine).  This prints, per model, the model's resident figure per
# recipe run beside what `kitchen-tui --bench` measures here per task, and
# their ratio; the target is a ratio within 2x either way.  Figures, never
# assertions.
#   callbacks  <-> libev-callbacks     coroutines <-> protothreads
#   threads    <-> pthreads            processes  <-> processes
set -u
KT_BIN=${KT_BIN:-./src/kitchen-tui}
TASKS=${TASKS:-1000}
WAITS=${WAITS:-4}

if [ -z "${KITCHEN_TUI_DATA:-}" ] && [ -d "$(dirname "$0")/../data" ]; then
	KITCHEN_TUI_DATA=$(cd "$(dirname "$0")/../data" && pwd)
	export KITCHEN_TUI_DATA
fi
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/kt-bmem.XXXXXX") || exit 1
trap 'rm -rf "$tmpd"' EXIT INT TERM

if ! "$KT_BIN" --bench --tasks="$TASKS" --waits="$WAITS" --format=json \
    >"$tmpd/bench.json" 2>"$tmpd/bench.err"; then
	echo "bench-memory: --bench failed: $(head -n 1 "$tmpd/bench.err")"
	exit 0
fi
if ! "$KT_BIN" --batch --compare --format=json salmon-dinner \
    >"$tmpd/model.json" 2>"$tmpd/model.err"; then
	echo "bench-memory: --batch failed: $(head -n 1 "$tmpd/model.err")"
	exit 0
fi

echo "bench-memory: the memory model (batch, per recipe run) beside --bench"
echo "  (measured per task here, $TASKS tasks); target: ratio within 2x"
# The compare JSON: "model" lines, then memory_bytes and reserved_bytes;
# three recipe runs on salmon-dinner (counted from the dishes' ready_at).
awk -v out="$tmpd/model.txt" '
	/"model": / { gsub(/[",]/, "", $2); m = $2; n[m] = 0 }
	/"ready_at": / && m != "" { n[m]++ }
	/"memory_bytes": / { gsub(/,/, "", $2); mem[m] = $2 }
	/"reserved_bytes": / { gsub(/,/, "", $2); rsv[m] = $2;
		order[++k] = m }
	END { for (i = 1; i <= k; i++) { m = order[i];
		printf "%s %d %d %d\n", m, mem[m], rsv[m], n[m] > out } }
' "$tmpd/model.json"
awk -F'"' '/"name": / {
	name = $4
	for (i = 1; i <= NF; i++) if ($i == "memory_per_task_bytes") {
		v = $(i + 1); gsub(/[^0-9.]/, "", v); print name, v }
}' "$tmpd/bench.json" >"$tmpd/bench.txt"

printf "  %-11s %14s %14s %7s %14s  %s\n" model "model/run" "measured/task" \
    ratio "reserved/run" "within 2x"
awk '
	function human(b) {
		if (b < 1024) return sprintf("%d B", b)
		if (b < 1048576) return sprintf("%.1f KiB", b / 1024)
		return sprintf("%.1f MiB", b / 1048576)
	}
	FNR == NR { meas[$1] = $2; next }
	{
		peer = ""
		if ($1 == "callbacks") peer = "libev-callbacks"
		if ($1 == "coroutines") peer = "protothreads"
		if ($1 == "threads") peer = "pthreads"
		if ($1 == "processes") peer = "processes"
		if (peer == "" || !(peer in meas) || $4 == 0) next
		per = $2 / $4; rper = $3 / $4; m = meas[peer]
		if (m <= 0) {
			printf "  %-11s %14s %14s %7s %14s  %s\n", $1, human(per), \
			    "n/a", "-", human(rper), "no measurement"
			next
		}
		r = per / m
		verdict = "misses"
		if (r >= 0.5 && r <= 2.0) verdict = "meets"
		printf "  %-11s %14s %14s %7.2f %14s  %s\n", $1, human(per), \
		    human(m), r, human(rper), verdict
	}
' "$tmpd/bench.txt" "$tmpd/model.txt"
