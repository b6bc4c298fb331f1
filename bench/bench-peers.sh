#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-peers.sh - the Python peers of make bench, measured in the same run
# as ours: CPython's coroutine and generator resume beside our
# protothread, and a heapq + generator simulator of bench-engine's
# workload beside our scheduler.  Figures, never assertions.
# Usage: bench-peers.sh SRCDIR OURS_NS_4POINT OURS_MEVENTS_1M
# (the two figures come from bench-engine; rows go to $BENCH_TABLE).
set -u
src=$1 ours_ns=${2:-0} ours_meps=${3:-0}
# The system's Python first: what a student's machine has.
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 2>/dev/null) || py=
if [ -z "$py" ]; then
	echo "bench-peers: no python3: the Python peers are not measured"
	exit 0
fi
echo "Python peers ($py, $("$py" -c 'import sys; print(sys.version.split()[0])'))"
out=$("$py" "$src/bench/peer-asyncio.py") || exit 0
sleep0=$(printf '%s\n' "$out" | awk '/^asyncio_sleep0_ns/ {print $2}')
gen=$(printf '%s\n' "$out" | awk '/^generator_next_ns/ {print $2}')
printf '  %-40s %9s ns\n' "peer: await asyncio.sleep(0)" "$sleep0" \
	"peer: generator next()" "$gen"
# N processes x K timers at 1M, as bench-engine's 1M row (K = 8).
sim=$("$py" "$src/bench/peer-sim.py" 1000000 8) || exit 0
simns=$(printf '%s\n' "$sim" | awk '/^sim_ns_per_event/ {print $2}')
simmeps=$(awk -v ns="$simns" 'BEGIN { printf "%.3f", 1e3 / ns }')
printf '  %-40s %9s M/s (%s ns per event)\n' \
	"peer: heapq + generator simulator, 1M" "$simmeps" "$simns"
if [ -n "${BENCH_TABLE:-}" ]; then
	awk -v o="$ours_ns" -v a="$sleep0" -v g="$gen" -v m="$ours_meps" \
	    -v s="$simmeps" 'BEGIN {
		printf "resume+yield, 4 points|%.2f ns|%.1f ns (asyncio.sleep(0))|%.4f|(for scale)\n", o, a, o / a
		printf "resume+yield, 4 points|%.2f ns|%.1f ns (generator next)|%.4f|(for scale)\n", o, g, o / g
		printf "events/s at 1000k runs|%.2f M/s|%.3f M/s (Python heapq sim)|%.1f|>= 10x\n", m, s, m / s
	}' >>"$BENCH_TABLE"
fi
