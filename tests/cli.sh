#!/bin/sh
# cli.sh - the command line as a user meets it: help, version, and one
# clear line with exit status 2 for every kind of bad option.
. "${KT_SRCDIR:-.}/tests/lib.sh"

expect 0 "--help exits 0" "$KT_BIN" --help
out_has "--help shows usage" "^Usage: kitchen-tui"
out_has "--help lists --batch" "--batch"
out_has "--help lists --bench" "--bench"
expect 0 "-h exits 0" "$KT_BIN" -h

expect 0 "--version exits 0" "$KT_BIN" --version
out_has "--version names the program" "^kitchen-tui [0-9]"

for bad in --bogus -x "--model=bogus" "--cooks=0" "--cooks=abc" "--cooks=65" \
	   "--seed=-1" "--seed=abc" "--tables=0" "--format=xml" "--speed=0" \
	   "--spans=some" "--exit-after=soon" "--tasks=0" "--tasks=-1" \
	   "--tasks=abc" "--tasks=100001" "--waits=0" "--model"; do
	expect 2 "$bad exits 2" "$KT_BIN" "$bad"
	err_lines "$bad gives one line" 1
	out_empty "$bad prints nothing on stdout"
done
expect 2 "unknown model" "$KT_BIN" --batch --model=fibers
err_has "unknown model names the choices" "sequential, callbacks, coroutines, threads, processes"
expect 2 "cooks=0" "$KT_BIN" --batch --cooks=0
err_has "cooks=0 names the range" "1 to 64"
expect 2 "two menus" "$KT_BIN" --batch salmon-dinner stir-fry
err_lines "two menus: one line" 1
expect 2 "--check without files" "$KT_BIN" --check
err_lines "--check without files: one line" 1

finish
