#!/bin/sh
# SPDX-License-Identifier: ISC
# search.sh - --solve, --explore and --schedule from the command line: the
# findings they print, the JSON they write, replaying it, the limits, and
# every kind of bad input (exit 2 with a clear message).
. "${KT_SRCDIR:-.}/tests/lib.sh"
KT="$KT_BIN"
S="${KT_SRCDIR:-.}/tests/search"

# python3 reads the JSON (CI installs it); without it, skip those checks.
py() { python3 - "$@"; }
have_py=false
command -v python3 >/dev/null 2>&1 && have_py=true

# --solve stops at a wall-clock limit (10 s by default); a proof takes a
# fraction of a second, but the checks that want one give it room on a
# loaded machine (the search stops as soon as it has the proof).
PROOF=--solve-limit=600

# --- --solve --------------------------------------------------------------------
for m in salmon-dinner chicken-dinner stir-fry dressing-race; do
	expect 0 "solve $m" "$KT" --solve $PROOF --format=json "$m"
	cp "$kt_tmp/out" "$kt_tmp/solve-$m.json"
	if $have_py; then
		py "$kt_tmp/solve-$m.json" >"$kt_tmp/chk" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("optimal_total_seconds", "fifo_total_seconds", "schedule", "proved",
          "nodes", "seconds"):
    assert k in d, k
assert d["proved"] is True
assert d["optimal_total_seconds"] <= d["fifo_total_seconds"] or d["ruined"] < d["fifo_ruined"]
for s in d["schedule"]:
    assert set(("at_seconds", "cook", "recipe", "step")) <= set(s), s
print(d["optimal_total_seconds"])
PY
		[ $? -eq 0 ] && ok "solve $m: JSON keys, proved, optimal <= FIFO" ||
			fail "solve $m JSON" "$(cat "$kt_tmp/chk")"
		want=$(tail -1 "$kt_tmp/chk")
		expect 0 "replay the optimum of $m" "$KT" --batch --format=json \
			--schedule="$kt_tmp/solve-$m.json"
		got=$(py "$kt_tmp/out" <<'PY'
import json, sys
print(json.load(open(sys.argv[1]))["total_seconds"])
PY
)
		[ "$got" = "$want" ] && ok "replayed $m takes optimal_total_seconds ($want)" ||
			fail "replayed $m takes $got, not $want"
	fi
done

expect 0 "solve text" "$KT" --solve $PROOF "$S/big8.menu"
# The paragraph wraps where the menu's path ends, so join its lines first.
if tr -s ' \n' '  ' <"$kt_tmp/out" | grep -q 'proved optimal'; then
	ok "solve text: proved"
else
	fail "solve text: proved: stdout lacks 'proved optimal'"
fi
out_has "solve text: both timelines" "^FIFO"
out_has "solve text: says where FIFO lost time" "Where the FIFO loop lost time"
out_has "solve text: names the first decision" "first in"
# Two cooperative cooks: the schedule names its cook, and replays.
if $have_py; then
	expect 0 "solve with two cooks" "$KT" --solve $PROOF --cooks=2 --format=json "$S/big8.menu"
	cp "$kt_tmp/out" "$kt_tmp/two.json"
	want=$(py "$kt_tmp/two.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["cooks"] == 2 and d["proved"]
assert any(s["cook"] == 2 for s in d["schedule"])
print(d["optimal_total_seconds"])
PY
)
	expect 0 "replay the two-cook optimum" "$KT" --batch --format=json --schedule="$kt_tmp/two.json"
	got=$(py "$kt_tmp/out" <<'PY'
import json, sys
print(json.load(open(sys.argv[1]))["total_seconds"])
PY
)
	[ -n "$want" ] && [ "$got" = "$want" ] && ok "two cooks: replay takes $want" ||
		fail "two cooks: replay takes '$got', not '$want'"
fi
expect 0 "solve knife-and-board" "$KT" --solve $PROOF knife-and-board
out_has "solve: the FIFO loop deadlocks, in words" "deadlocks at [0-9]*:[0-9]"
out_has "solve: the dish FIFO never serves" "never served under FIFO"
expect 2 "solve under threads is refused" "$KT" --solve --model=threads salmon-dinner
err_has "solve under threads: says why" "cooperative"

# A menu too large to prove within the limit: the best found, a bound,
# never called optimal.
expect 0 "solve-limit stops a long search" "$KT" --solve --solve-limit=0.3 \
	--format=json "$S/big.menu"
out_has "solve-limit: proved false" '"proved": false'
out_has "solve-limit: no optimal total" '"optimal_total_seconds": null'
out_has "solve-limit: a lower bound" '"lower_bound_seconds"'
expect 0 "solve-limit text" "$KT" --solve --solve-limit=0.3 "$S/big.menu"
# The node count in the sentence moves with the machine's speed, and with
# it where the line breaks: look at the text as one line.
if tr '\n' ' ' <"$kt_tmp/out" | grep -q "NOT proved"; then
	ok "solve-limit text: NOT proved"
else
	fail "solve-limit text: NOT proved" "$(head -5 "$kt_tmp/out")"
fi
for bad in 0 -1 abc 1e9 ''; do
	expect 2 "bad --solve-limit '$bad'" "$KT" --solve --solve-limit="$bad"
	err_has "bad --solve-limit '$bad': says so" "bad --solve-limit"
done

# Ctrl-C during a long search: what was found so far, marked incomplete.
# Wait until the search has its SIGINT handler (SigCgt bit 2), not a time.
# The process must be kitchen-tui itself: until the exec the forked shell
# carries lib.sh's INT trap, which would swallow the signal.
"$KT" --solve --solve-limit=120 --format=json "$S/big.menu" \
	>"$kt_tmp/int.json" 2>"$kt_tmp/int.err" &
pid=$!
caught() {
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = kitchen-tui ] || return 1
	mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
	[ -n "$mask" ] && [ $((0x$mask & 2)) -ne 0 ]
}
if wait_until caught; then
	kill -INT "$pid"
	wait "$pid"
	st=$?
	[ "$st" -eq 130 ] && ok "Ctrl-C: exit 130" || fail "Ctrl-C: exit $st"
	grep -q '"complete": false' "$kt_tmp/int.json" &&
		grep -q '"proved": false' "$kt_tmp/int.json" &&
		grep -q '"best_total_seconds": [0-9]' "$kt_tmp/int.json" &&
		ok "Ctrl-C: the best so far, marked incomplete" ||
		fail "Ctrl-C output" "$(head -20 "$kt_tmp/int.json")"
else
	kill "$pid" 2>/dev/null
	fail "the search never installed its SIGINT handler"
fi

# Ctrl-C during --explore: the schedules found so far, marked incomplete.
"$KT" --explore --model=coroutines --solve-limit=120 --format=json "$S/big.menu" \
	>"$kt_tmp/xint.json" 2>"$kt_tmp/xint.err" &
pid=$!
if wait_until caught; then
	kill -INT "$pid"
	wait "$pid"
	st=$?
	[ "$st" -eq 130 ] && grep -q '"complete": false' "$kt_tmp/xint.json" &&
		grep -q '"outcomes": \[' "$kt_tmp/xint.json" &&
		ok "Ctrl-C during --explore: exit 130, what was found, incomplete" ||
		fail "Ctrl-C during --explore: exit $st" "$(head -12 "$kt_tmp/xint.json")"
else
	kill "$pid" 2>/dev/null
	fail "--explore never installed its SIGINT handler"
fi
expect 2 "--solve with --tables" "$KT" --solve --tables=2 salmon-dinner
err_has "--solve --tables: says so" "one table"

# --- --explore --------------------------------------------------------------------
expect 0 "explore chicken-dinner" "$KT" --explore chicken-dinner
out_has "explore: finds the salmon race" "schedules ruin the salmon"
out_has "explore: reads as a finding" "^[0-9,]* of [0-9,]* schedules ruin a dish"
expect 0 "explore chicken-dinner with locks" "$KT" --explore --locks chicken-dinner
out_has "explore --locks: proves no dish ruined" "^0 of [0-9,]* schedules* ruin a dish"
expect 0 "explore dressing-race" "$KT" --explore dressing-race
out_has "explore dressing-race: threads lose an update" "short of dressing"
expect 0 "explore dressing-race under coroutines" "$KT" --explore --model=coroutines dressing-race
out_has "coroutines: no schedule loses an update" "^0 of [0-9,]* schedules* ruin a dish"
expect 0 "explore --preemptions=0" "$KT" --explore --preemptions=0 --format=json chicken-dinner
out_has "explore JSON: schedules" '"schedules": '
out_has "explore JSON: states" '"states": '
out_has "explore JSON: outcomes" '"outcomes": \['
for bad in -1 abc 99999999999 65 ''; do
	expect 2 "bad --preemptions '$bad'" "$KT" --explore --preemptions="$bad" chicken-dinner
	err_has "bad --preemptions '$bad': says so" "bad number of preemptions"
done

# knife-and-board: the deadlock, with its cycle and shortest schedule;
# the ordered menu: none.  The deadlock's example replays into it.
expect 0 "explore knife-and-board" "$KT" --explore knife-and-board
out_has "explore knife-and-board: finds the deadlock" "schedules end in a deadlock"
out_has "explore knife-and-board: names the cycle" "holds the knife and waits for the"
out_has "explore knife-and-board: the shortest schedule" "The shortest schedule"
expect 0 "explore knife-and-board-ordered" "$KT" --explore knife-and-board-ordered
if grep -q deadlock "$kt_tmp/out"; then
	fail "knife-and-board-ordered: a deadlock" "$(cat "$kt_tmp/out")"
else
	ok "knife-and-board-ordered: no schedule deadlocks"
fi
if $have_py; then
	"$KT" --explore --format=json knife-and-board >"$kt_tmp/kb.json"
	py "$kt_tmp/kb.json" "$kt_tmp/kb-dl.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
o = [o for o in d["outcomes"] if o["kind"] == "deadlock"][0]
json.dump(o["example"], open(sys.argv[2], "w"))
PY
	expect 0 "replay the deadlock example" "$KT" --batch --schedule="$kt_tmp/kb-dl.json"
	out_has "the deadlock example deadlocks" "DEADLOCK"
fi

# Every outcome's example replays to that outcome.
if $have_py; then
	"$KT" --explore --format=json chicken-dinner >"$kt_tmp/ex.json"
	n=$(py "$kt_tmp/ex.json" "$kt_tmp/ex" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i, o in enumerate(d["outcomes"]):
    for k in ("kind", "dishes", "count", "min_total_seconds",
              "max_total_seconds", "example"):
        assert k in o, k
    json.dump(o["example"], open("%s%d.json" % (sys.argv[2], i), "w"))
    open("%s%d.want" % (sys.argv[2], i), "w").write(
        "%s %s\n" % (o["example_total_seconds"], ",".join(sorted(o["dishes"]))))
print(len(d["outcomes"]))
PY
)
	i=0
	while [ "$i" -lt "${n:-0}" ]; do
		expect 0 "replay explore example $i" "$KT" --batch --format=json \
			--schedule="$kt_tmp/ex$i.json"
		got=$(py "$kt_tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = sorted(x["recipe"] for x in d["dishes"] if not x["ok"])
print(d["total_seconds"], ",".join(bad))
PY
)
		want=$(cat "$kt_tmp/ex$i.want")
		[ "$got" = "$want" ] && ok "example $i gives its outcome ($want)" ||
			fail "example $i gives '$got', not '$want'"
		i=$((i + 1))
	done
	[ "${n:-0}" -ge 2 ] && ok "explore found $n outcome classes" ||
		fail "explore found ${n:-0} outcome classes"
fi

# --- --schedule: bad files ------------------------------------------------------------
sol="$kt_tmp/solve-chicken-dinner.json"
echo 'not json' >"$kt_tmp/bad1.json"
expect 2 "schedule that is not JSON" "$KT" --batch --schedule="$kt_tmp/bad1.json"
err_has "not JSON: path:line:col" "bad1.json:1:1: "
head -c 300 "$sol" >"$kt_tmp/bad2.json"
expect 2 "truncated schedule file" "$KT" --batch --schedule="$kt_tmp/bad2.json"
err_has "truncated file: says where" "bad2.json:[0-9]*:[0-9]*: "
printf '{"menu": "chicken-dinner", "schedule": []}\n' >"$kt_tmp/bad3.json"
expect 2 "schedule with too few decisions" "$KT" --batch --schedule="$kt_tmp/bad3.json"
err_has "too few decisions: truncated, at which decision" "truncated.*decision 1"
expect 2 "schedule for another menu" "$KT" --batch --schedule="$sol" salmon-dinner
err_has "another menu: says which" "for the menu 'chicken-dinner'"
printf '{"menu": "chicken-dinner", "schedule": [{"at_seconds": 852, "cook": 1, "recipe": "tofu", "step": 1}]}\n' >"$kt_tmp/bad4.json"
expect 2 "schedule naming no recipe of the menu" "$KT" --batch --schedule="$kt_tmp/bad4.json"
err_has "unknown recipe: named" "recipe 'tofu'"
printf '{"menu": "chicken-dinner", "schedule": [{"at_seconds": 852, "cook": 1, "recipe": "rice", "step": 2}]}\n' >"$kt_tmp/bad5.json"
expect 2 "schedule that stops matching" "$KT" --batch --schedule="$kt_tmp/bad5.json"
err_has "stops matching: at which decision" "stops matching the run at decision 1"
printf '{"schedule": [{"at_seconds": 0, "cook": 1, "recipe": "rice"}]}\n' >"$kt_tmp/bad6.json"
expect 2 "decision without a step" "$KT" --batch --schedule="$kt_tmp/bad6.json"
err_has "decision without a step: says so" 'lacks "step"'
printf '{"menu": "chicken-dinner", "model": "fibers", "schedule": []}\n' >"$kt_tmp/bad7.json"
expect 2 "schedule with an unknown model" "$KT" --batch --schedule="$kt_tmp/bad7.json"
err_has "unknown model: named" "unknown model"
expect 2 "schedule file missing" "$KT" --batch --schedule="$kt_tmp/nope.json"
err_has "missing file: says so" "nope.json: No such file"
"$KT" --explore --format=json chicken-dinner >"$kt_tmp/report.json"
expect 2 "an explore report is not a schedule" "$KT" --batch --schedule="$kt_tmp/report.json"
err_has "explore report: says what to do" "replay one of its examples"
expect 2 "--schedule with --solve" "$KT" --solve --schedule="$sol"
expect 2 "--solve --format=csv" "$KT" --solve --format=csv salmon-dinner
err_has "--solve --format=csv: says so" "text or JSON"
expect 2 "--explore --format=csv" "$KT" --explore --format=csv salmon-dinner

finish
