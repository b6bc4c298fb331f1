#!/bin/sh
# SPDX-License-Identifier: ISC
# json.sh - every number and string the JSON report prints is JSON, in
# every case: each shipped menu, each file of the good, bad and deadlock
# corpora that loads, under every model, with and without locks, and the
# --compare report.  Parsed strictly by python3's json module (NaN,
# Infinity and the like refused).  A file that does not load prints
# nothing on stdout and exits 2.  Exit 77 (SKIP) without python3.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }

cat >"$kt_tmp/strict.py" <<'PY'
import json, sys
def refuse(name):
    raise ValueError("not JSON: " + name)
doc = json.load(sys.stdin, parse_constant=refuse)
runs = doc["runs"] if "runs" in doc else [doc]
for r in runs:
    dl = r.get("deadlock")
    for d in r["dishes"]:
        # A dish never served has no time; one served has a number.
        if d["ready_at"] is None:
            assert dl is not None and not d["ok"], d
            assert d["problem"].startswith("deadlock"), d
        else:
            assert isinstance(d["ready_at"], (int, float)), d
    if dl is not None:
        assert r["total_seconds"] is None
        assert len(dl["cycle"]) >= 1
        for link in dl["cycle"]:
            assert set(link) >= {"recipe", "holds", "waits_for"}, link
PY

S=${KT_SRCDIR:-.}
files=$(ls "$KITCHEN_TUI_DATA"/*.menu "$S"/tests/good/*.menu \
	"$S"/tests/good/*.recipe "$S"/tests/deadlock/*.menu \
	"$S"/tests/bad/*.recipe "$S"/tests/bad/*.menu)
mkdir "$kt_tmp/j"
runs=0 refused=0 errs=0
for f in $files; do
	if ! "$KT_BIN" --check "$f" >/dev/null 2>&1; then
		# Refused before any model runs: once is enough.
		"$KT_BIN" --batch --format=json "$f" >"$kt_tmp/out" 2>/dev/null
		rc=$?
		if [ "$rc" != 2 ] || [ -s "$kt_tmp/out" ]; then
			fail "$f: exit $rc, wanted 2 and no output"
			errs=$((errs + 1))
		fi
		refused=$((refused + 1))
		continue
	fi
	for m in sequential callbacks coroutines threads processes; do
		for l in --no-locks --locks; do
			runs=$((runs + 1))
			if ! "$KT_BIN" --batch --format=json --model=$m $l "$f" \
			     >"$kt_tmp/j/$runs.json" 2>"$kt_tmp/err"; then
				fail "$f $m $l: exit status" "$(cat "$kt_tmp/err")"
				errs=$((errs + 1))
			fi
			echo "$f $m $l" >"$kt_tmp/j/$runs.what"
		done
	done
done
# One python for all of them: each file parsed on its own.
if python3 -c '
import json, sys, runpy
d, n, strict = sys.argv[1], int(sys.argv[2]), sys.argv[3]
code = compile(open(strict).read(), strict, "exec")
bad = 0
for i in range(1, n + 1):
    what = open("%s/%d.what" % (d, i)).read().strip()
    try:
        sys.stdin = open("%s/%d.json" % (d, i))
        exec(code, {"__name__": "strict"})
    except Exception as e:
        bad += 1
        print("not JSON or wrong: %s: %r" % (what, e))
sys.exit(1 if bad else 0)' "$kt_tmp/j" "$runs" "$kt_tmp/strict.py"; then
	[ "$errs" = 0 ] && ok "$runs runs of $(($(echo "$files" | wc -l) - refused)) loadable files under every model print strict JSON"
else
	fail "some runs print invalid JSON (above)"
fi
[ "$refused" -ge 10 ] && ok "$refused refused files print nothing and exit 2"
for f in "$KITCHEN_TUI_DATA"/*.menu "$S"/tests/deadlock/opposite.menu; do
	"$KT_BIN" --batch --compare --locks --format=json "$f" >"$kt_tmp/out" 2>&1
	if python3 "$kt_tmp/strict.py" <"$kt_tmp/out" 2>"$kt_tmp/perr"; then
		ok "$(basename "$f") --compare --locks: strict JSON"
	else
		fail "$(basename "$f") --compare --locks: not JSON" "$(tail -3 "$kt_tmp/perr")"
	fi
done
# The deadlock the issue describes, in JSON.
expect 0 "a deadlock exits 0: a result, not an error" \
	"$KT_BIN" --batch --format=json --locks "$S/tests/deadlock/opposite.menu"
if python3 -c 'import json,sys
d = json.load(sys.stdin)
assert d["deadlock"]["at_seconds"] == 672, d["deadlock"]
assert [c["recipe"] for c in d["deadlock"]["cycle"]] == ["salmon", "rice"]
assert d["deadlock"]["cycle"][1]["holds"] == "burner 1"
assert all(x["ready_at"] is None and not x["ok"] for x in d["dishes"])' <"$kt_tmp/out"; then
	ok "the deadlock's JSON names the cycle, dishes not served"
else
	fail "the deadlock's JSON names the cycle, dishes not served"
fi
finish
