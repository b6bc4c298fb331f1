#!/bin/sh
# SPDX-License-Identifier: ISC
# cli.sh - the command line as a user meets it: help, version, and one
# clear line with exit status 2 for every kind of bad option.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA

expect 0 "--help exits 0" "$KT_BIN" --help
out_has "--help shows usage" "^Usage: kitchen-tui"
out_has "--help lists --batch" "--batch"
out_has "--help lists --bench" "--bench"
expect 0 "-h exits 0" "$KT_BIN" -h

expect 0 "--version exits 0" "$KT_BIN" --version
out_has "--version names the program" "^kitchen-tui [0-9]"
out_has "--version has a copyright line" "^Copyright (c) [0-9]* The kitchen-tui authors"
out_has "--version names the licence" "^License ISC"
out_has "--version says there is no warranty" "There is NO WARRANTY"
expect 0 "-V exits 0" "$KT_BIN" -V
out_has "-V is --version" "^kitchen-tui [0-9]"

for bad in --bogus -x "--model=bogus" "--cooks=0" "--cooks=abc" "--cooks=65" \
	   "--seed=-1" "--seed=abc" "--tables=0" "--format=xml" "--speed=0" \
	   "--spans=some" "--exit-after=soon" "--tasks=0" "--tasks=-1" \
	   "--tasks=abc" "--tasks=100001" "--waits=0" "--model" \
	   "--tables=1000001" "--seed=18446744073709551616"; do
	expect 2 "$bad exits 2" "$KT_BIN" "$bad"
	err_lines "$bad gives one line" 1
	out_empty "$bad prints nothing on stdout"
done
expect 2 "unknown model" "$KT_BIN" --batch --model=fibers
err_has "unknown model names the choices" "sequential, callbacks, coroutines, threads, processes"
expect 2 "cooks=0" "$KT_BIN" --batch --cooks=0
err_has "cooks=0 names the range" "1 to 16"
expect 2 "two menus" "$KT_BIN" --batch salmon-dinner stir-fry
err_lines "two menus: one line" 1
expect 2 "--check without files" "$KT_BIN" --check
err_lines "--check without files: one line" 1

# Menus and files.
expect 0 "--list exits 0" "$KT_BIN" --list
for m in salmon-dinner chicken-dinner stir-fry; do out_has "--list shows $m" "$m"; done
expect 0 "--check on every shipped file" sh -c '"$0" --check "$1"/*.recipe "$1"/*.menu' "$KT_BIN" "$KITCHEN_TUI_DATA"
expect 2 "--check on a bad file exits 2" "$KT_BIN" --check "$KT_SRCDIR/tests/bad/bad-duration.recipe"
if head -1 "$kt_tmp/err" | grep -q '^[^:]*bad-duration\.recipe:[0-9][0-9]*:[0-9][0-9]*: '; then
	ok "--check: the error starts with path:line:col:"
else
	fail "--check: the error starts with path:line:col:"
fi
expect 2 "--check on a missing file exits 2" "$KT_BIN" --check "$kt_tmp/no-such.recipe"
err_has "--check on a missing file says path: reason" "no-such.recipe: "
expect 2 "unknown menu exits 2" "$KT_BIN" --batch no-such-menu
err_lines "unknown menu: one line" 1
err_has "unknown menu names the valid menus" "salmon-dinner"
expect 2 "unknown menu on the screen path exits 2 too" "$KT_BIN" no-such-menu
out_empty "unknown menu writes nothing to stdout"

# Batch mode, quickly (the Check suites test the numbers).
expect 0 "--batch runs the default dinner" "$KT_BIN" --batch
out_has "--batch prints the total" "total"
expect 0 "--batch --compare --format=json" "$KT_BIN" --batch --compare --format=json
if command -v python3 >/dev/null 2>&1; then
	if python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["runs"]) == 5' <"$kt_tmp/out"; then
		ok "--compare JSON parses and has five runs"
	else
		fail "--compare JSON parses and has five runs"
	fi
fi
expect 0 "--batch --format=csv" "$KT_BIN" --batch --format=csv
if head -1 "$kt_tmp/out" | grep -q '^lane,'; then ok "CSV has a header row"; else fail "CSV has a header row"; fi
LC_ALL=C expect 0 "--batch in the C locale" env LC_ALL=C "$KT_BIN" --batch
if LC_ALL=C grep -q '[^ -~]' "$kt_tmp/out"; then fail "C locale: ASCII only"; else ok "C locale: ASCII only"; fi

# The same inputs give the same output, byte for byte, also across two
# separate processes (the processes model reads a real resident size).
for args in "--model=processes" "--compare" "--compare --format=json" \
	    "--compare --format=csv" "--model=threads --format=json chicken-dinner" \
	    "--tables=3 --format=json --spans=all"; do
	# shellcheck disable=SC2086
	"$KT_BIN" --batch $args >"$kt_tmp/one" 2>&1
	# shellcheck disable=SC2086
	"$KT_BIN" --batch $args >"$kt_tmp/two" 2>&1
	if cmp -s "$kt_tmp/one" "$kt_tmp/two"; then
		ok "two processes, same bytes: --batch $args"
	else
		fail "two processes, same bytes: --batch $args"
	fi
done
expect 0 "--help fits in 80 columns" "$KT_BIN" --help
if awk 'length($0) > 79 { bad = 1 } END { exit bad }' "$kt_tmp/out"; then
	ok "--help lines are at most 79 columns"
else
	fail "--help lines are at most 79 columns"
fi

finish
