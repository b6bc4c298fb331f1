#!/bin/sh
# SPDX-License-Identifier: ISC
# golden-tables.sh - the restaurant scale (--tables) prints the same bytes
# as the golden files in tests/golden/tables-*.gz: every span at 1000
# tables under coroutines and threads, with and without locks, processes,
# and the --compare report of every model, in JSON and in text.  The engine's memory layout and
# event scheduling may change (issue 15); its output may not.  The files
# are gzipped (the threads one is 40 MB of JSON, 1.7 MB compressed).
# KT_GOLDEN_UPDATE=1 rewrites them instead of comparing: only after a change
# of output that is meant, and say so in the commit.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
G=${KT_SRCDIR:-.}/tests/golden

# golden NAME ARGS...: kitchen-tui --batch ARGS against
# $G/tables-NAME.gz.
golden() {
	g_name=$1
	shift
	g_file=$G/tables-$g_name.gz
	"$KT_BIN" --batch "$@" >"$kt_tmp/raw" 2>"$kt_tmp/err" </dev/null
	g_rc=$?
	# The text report ends with what this machine measured (events per
	# second of wall clock): the only lines that may differ.
	sed '/ events in [0-9.]* s = /d' "$kt_tmp/raw" >"$kt_tmp/out"
	if [ "$g_rc" != 0 ]; then
		fail "$g_name: exit $g_rc" "$(cat "$kt_tmp/err")"
		return
	fi
	if [ "${KT_GOLDEN_UPDATE:-}" = 1 ]; then
		gzip -9nc "$kt_tmp/out" >"$g_file" && ok "$g_name: rewritten"
		return
	fi
	if [ ! -f "$g_file" ]; then
		fail "$g_name: no golden file $g_file"
	elif gzip -dc "$g_file" | cmp - "$kt_tmp/out" >"$kt_tmp/cmp" 2>&1; then
		ok "$g_name: same bytes as $(basename "$g_file")"
	else
		fail "$g_name: differs from $(basename "$g_file")" "$(cat "$kt_tmp/cmp")"
	fi
}

J=--format=json
golden salmon.json $J --tables=1000 --spans=all salmon-dinner
golden chicken-threads.json $J --model=threads --tables=1000 --spans=all chicken-dinner
golden salmon-threads-locks.json $J --model=threads --locks --tables=1000 \
	--spans=all salmon-dinner
golden salmon-processes.json $J --model=processes --tables=1000 salmon-dinner
golden stir-fry-compare.json $J --compare --tables=1000 stir-fry
# The text reports of the same runs (summaries, the comparison table).
golden salmon.txt --tables=1000 salmon-dinner
golden stir-fry-compare.txt --compare --tables=1000 stir-fry
golden stir-fry-compare.csv --format=csv --compare --tables=1000 stir-fry
finish
