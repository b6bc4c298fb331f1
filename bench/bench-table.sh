#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-table.sh - the closing table of make bench: every figure that has
# a peer measured in the same run, ours beside it, the ratio and the
# target.  Rows are "figure|ours|peer|ratio|target", written by
# bench-engine and bench-peers.sh into the file named by $1.
set -u
[ -s "$1" ] || exit 0
echo
echo "make bench: ours beside peers measured in this run"
awk -F'|' '
	BEGIN { printf "  %-26s %-13s %-36s %9s  %-10s %s\n", "figure", "ours", "peer", "ours/peer", "target", "" }
	{
		v = ""
		if ($5 ~ /^<= /) { t = substr($5, 4) + 0; v = ($4 + 0 <= t) ? "meets" : "MISSES" }
		else if ($5 ~ /^>= /) { t = substr($5, 4) + 0; v = ($4 + 0 >= t) ? "meets" : "MISSES" }
		printf "  %-26s %-13s %-36s %9s  %-10s %s\n", $1, $2, $3, $4, $5, v
	}' "$1"
echo "  (ns figures: lower is better, target is a ceiling on the ratio;"
echo "   events/s: higher is better, target is a floor on the ratio)"
