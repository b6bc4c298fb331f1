#!/bin/sh
# SPDX-License-Identifier: ISC
# lib.sh - shared helpers for the shell tests: one line per check and a
# closing "N passed, M failed" line.  Source it, call ok/fail/expect, end
# with finish.
kt_pass=0
kt_fail=0
: "${KT_BIN:=./src/kitchen-tui}"
kt_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kt-test.XXXXXX") || exit 99
trap 'rm -rf "$kt_tmp"' EXIT

ok() { kt_pass=$((kt_pass + 1)); echo "ok - $1"; }
# fail WHAT [DETAIL]: DETAIL (a pane, a diff) is shown indented below.
fail() {
	kt_fail=$((kt_fail + 1))
	echo "FAIL - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'
	return 0
}

# expect STATUS NAME CMD...: run CMD, stdout to $kt_tmp/out, stderr to
# $kt_tmp/err, and check its exit status.
expect() {
	kt_want=$1 kt_name=$2
	shift 2
	"$@" >"$kt_tmp/out" 2>"$kt_tmp/err" </dev/null
	kt_got=$?
	if [ "$kt_got" = "$kt_want" ]; then
		ok "$kt_name"
	else
		fail "$kt_name: exit $kt_got, wanted $kt_want" \
		     "$(head -5 "$kt_tmp/err")"
	fi
}

# Checks on the last expect's output.
out_has() { grep -q -- "$2" "$kt_tmp/out" && ok "$1" || fail "$1: stdout lacks '$2'"; }
err_has() { grep -q -- "$2" "$kt_tmp/err" && ok "$1" || fail "$1: stderr lacks '$2'"; }
err_lines() {
	n=$(wc -l <"$kt_tmp/err")
	[ "$n" -eq "$2" ] && ok "$1" || fail "$1: stderr has $n lines, wanted $2"
}
out_empty() { [ ! -s "$kt_tmp/out" ] && ok "$1" || fail "$1: stdout not empty"; }

finish() {
	echo "$kt_pass passed, $kt_fail failed"
	[ "$kt_fail" -eq 0 ]
	exit $?
}
