#!/bin/sh
# SPDX-License-Identifier: ISC
# real.sh - kitchen-tui --real on every shipped menu under every model, at
# --scale=1 (a virtual minute in a millisecond).  Only what does not
# depend on the machine's speed is checked: every step the model drew is
# drawn by the real run too, every dish is served, nothing is left
# running, --locks ruins nothing and processes (own kitchens) never ruin.
# Timing figures are for make bench, never asserted here.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA

# Every process a run starts carries this in its environment (only the
# runs get it, not this shell); none may be left once a run is over.
tag="KT_REAL_TAG=kt-real-$$"
left_behind() {
	grep -l "$tag" /proc/[0-9]*/environ 2>/dev/null | wc -l
}
tagged_at_least() { [ "$(left_behind)" -ge "$1" ]; }
# At least $2 seconds of wall time since $1 (date +%s).
seconds_since() { [ $(($(date +%s) - $1)) -ge "$2" ]; }

# The (recipe, step) pairs of spans in the simulated part (4 spaces in)
# or the real part (6 spaces in) of the JSON; for the model, only the
# steps every mechanism draws (work, waits, appliances in use, the boil).
steps_of() {
	awk -v part="$1" '
	part == "sim" && /^    \{"lane"/ && (/"kind": "(work|wait|use)"/ ||
	    /"lane": "[^"]*stovetop[^"]*".*"kind": "heat"/) { print_pair() }
	part == "real" && /^      \{"lane"/ { print_pair() }
	function print_pair(  r, s) {
		r = $0; sub(/.*"recipe": "/, "", r); sub(/".*/, "", r)
		s = $0; sub(/.*"step": /, "", s); sub(/[,}].*/, "", s)
		if (s != "null") print r " " s
	}' "$2" | sort -u
}

menus=$(cd "$KITCHEN_TUI_DATA" && ls *.menu | sed 's/\.menu$//')
for menu in $menus; do
	for model in sequential callbacks coroutines threads threads-nogil processes; do
		for locks in --no-locks --locks; do
			name="$menu $model $locks"
			case $model in
			threads-nogil) set -- --model=threads --no-gil ;;
			*) set -- --model=$model ;;
			esac
			expect 0 "$name: real run" env "$tag" "$KT_BIN" --real --batch \
			    --format=json --scale=1 "$@" $locks "$menu"
			n=$(grep -c '^recipe' "$KITCHEN_TUI_DATA/$menu.menu")
			dishes=$(grep -c '^      {"recipe".*"simulated_ready_at"' "$kt_tmp/out")
			served=$(grep '^      {"recipe".*"simulated_ready_at"' "$kt_tmp/out" |
			    grep -vc '"ready_at": null')
			if grep -q 'real run: deadlock' "$kt_tmp/err"; then
				# A deadlock is a result: the model must deadlock
				# too, or (threads, processes) may, by schedule.
				if grep -q '^  "deadlock": {' "$kt_tmp/out" ||
				    [ "$model" = threads ] || [ "$model" = threads-nogil ]; then
					ok "$name: a real deadlock, as the model allows"
				else
					fail "$name: a real deadlock the model does not have"
				fi
				[ "$dishes" -eq "$n" ] && ok "$name: all $n dishes reported" ||
				    fail "$name: $dishes dishes reported, $n recipes"
			else
				steps_of sim "$kt_tmp/out" >"$kt_tmp/sim"
				steps_of real "$kt_tmp/out" >"$kt_tmp/real"
				missing=$(comm -23 "$kt_tmp/sim" "$kt_tmp/real")
				if [ -s "$kt_tmp/sim" ] && [ -z "$missing" ]; then
					ok "$name: every step's span is in the real run"
				else
					fail "$name: real spans missing" "$missing"
				fi
				if [ "$dishes" -eq "$n" ] && [ "$served" -eq "$n" ]; then
					ok "$name: all $n dishes served"
				else
					fail "$name: $served of $dishes dishes served, $n recipes"
				fi
			fi
			# Ruined: served, but not ok (a deadlock serves nothing).
			ruined=$(grep '^      {"recipe".*"simulated_ready_at"' "$kt_tmp/out" |
			    grep -v '"ready_at": null' | grep -c '"ok": false')
			if [ $locks = --locks ] || [ $model = processes ]; then
				[ "$ruined" -eq 0 ] && ok "$name: nothing ruined" ||
				    fail "$name: $ruined dishes ruined" \
				    "$(grep '"ok": false' "$kt_tmp/out")"
			fi
			[ "$(left_behind)" -eq 0 ] && ok "$name: nothing left running" ||
			    fail "$name: processes left behind"
		done
	done
done

# The GIL changes hands every 5 ms of wall time: at --scale=5 the steps of
# stir-fry are longer than that, so threads hand it over mid-step, and
# every dish is still served (no thread left waiting for it for ever).
expect 0 "GIL handed over mid-step" "$KT_BIN" --real --batch --format=json \
    --scale=5 --real-limit=30 --model=threads --gil stir-fry
n=$(grep '^      {"recipe".*"simulated_ready_at"' "$kt_tmp/out" | grep -vc '"ready_at": null')
[ "$n" -eq 3 ] && ok "GIL handed over: all 3 dishes served" ||
    fail "GIL handed over: $n of 3 dishes served" "$(cat "$kt_tmp/err")"
n=$(sed -n '/^  "real": {/,$p' "$kt_tmp/out" | grep -c '{"lane": "GIL", "recipe": "stir-veg"')
[ "$n" -ge 2 ] && ok "GIL handed over: stir-veg held it $n times" ||
    fail "GIL handed over: stir-veg held it $n times"

# The "real" object has exactly the members the issue names.
expect 0 "json: real object" "$KT_BIN" --real --batch --format=json --scale=1 salmon-dinner
sed -n '/^  "real": {/,/^  }/p' "$kt_tmp/out" | sed -n 's/^    "\([a-z_]*\)":.*/\1/p' |
    sort >"$kt_tmp/keys"
printf '%s\n' clean context_switches cpu_seconds dishes peak_rss_bytes scale_ms \
    spans total_seconds wall_seconds >"$kt_tmp/want"
if cmp -s "$kt_tmp/keys" "$kt_tmp/want"; then
	ok "json: the real object has exactly its nine members"
else
	fail "json: real members differ" "$(diff "$kt_tmp/want" "$kt_tmp/keys")"
fi
grep -q '"scale_ms": 1,' "$kt_tmp/out" && ok "json: scale_ms" || fail "json: no scale_ms 1"
n=$(grep -c '^      {"recipe": .*"ready_at": [0-9.]*, "simulated_ready_at": [0-9.]*, "difference_seconds": -\{0,1\}[0-9.]*, "ok": ' "$kt_tmp/out")
[ "$n" -eq 3 ] && ok "json: each dish with both ready times and the difference" ||
    fail "json: $n dishes with both times, wanted 3"

# --cooks beyond the CPUs this machine lets us use is said, not hidden.
cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
expect 0 "--cooks=16 under threads" "$KT_BIN" --real --scale=1 --model=threads \
    --no-gil --cooks=16 stir-fry
if [ "$cpus" -lt 16 ]; then
	out_has "--cooks=16: says there are fewer CPUs" "^note: 16 cooks asked for, but this machine lets us use"
else
	grep -q '^note: ' "$kt_tmp/out" && fail "--cooks=16: a note with $cpus CPUs" ||
	    ok "--cooks=16: no note with $cpus CPUs"
fi
expect 0 "--cooks=1 under threads" "$KT_BIN" --real --scale=1 --model=threads \
    --no-gil --cooks=1 stir-fry
out_has "--cooks=1: one CPU" "cooked for real: .*, 1 cook$"
out_has "--cooks=1: per-thread figures" "^per thread: CPU time"

# The text output states the agreement in words and draws both lanes.
expect 0 "text output" "$KT_BIN" --real --scale=1 salmon-dinner
out_has "text: a sentence on the agreement" "^real coroutines finished "
out_has "text: the simulated lane" "^cook 1 *sim  |"
out_has "text: the real lane" "^ *real |"
out_has "text: says if it is clean" "^clean: "

expect 0 "--help" "$KT_BIN" --help
for opt in --real --scale=MS --real-limit=S; do out_has "--help lists $opt" "$opt"; done

# Bad input: a clear line and exit 2 before anything starts.
for bad in --scale=0 --scale=1001 --scale=abc --real-limit=0 --real-limit=x; do
	expect 2 "$bad exits 2" "$KT_BIN" --real "$bad"
	err_lines "$bad gives one line" 1
	out_empty "$bad prints nothing"
done
expect 2 "a run longer than the limit exits 2" "$KT_BIN" --real --scale=1000 \
    --real-limit=5 salmon-dinner
err_has "the limit is named" "real-limit"
out_empty "nothing was cooked"
expect 2 "--real --compare exits 2" "$KT_BIN" --real --compare
expect 2 "--real --format=csv exits 2" "$KT_BIN" --real --format=csv
expect 2 "--real --export exits 2" "$KT_BIN" --real --export=svg:"$kt_tmp/x.svg"
expect 2 "--real --tables=2 exits 2" "$KT_BIN" --real --tables=2
expect 2 "--real on an unknown menu exits 2" "$KT_BIN" --real no-such-menu
err_has "unknown menu named" "unknown menu"

# Signals: each one stops a run at once, with every thread and child
# reaped, and says so.  Processes have the most to reap.
for sig in INT:2 TERM:15 HUP:1 QUIT:3 PIPE:13; do
	num=${sig#*:}
	sig=${sig%:*}
	env "$tag" "$KT_BIN" --real --scale=300 --real-limit=600 --model=processes \
	    salmon-dinner >"$kt_tmp/out" 2>"$kt_tmp/err" &
	pid=$!
	# Wait for the recipe processes: 1 + the run's child + 3 recipes.
	wait_until -t 30 tagged_at_least 5
	kill -$sig $pid
	wait $pid
	st=$?
	[ "$(left_behind)" -eq 0 ] && ok "SIG$sig: nothing left running" ||
	    fail "SIG$sig: processes left behind"
	want=$((128 + num))
	[ $st -eq $want ] && ok "SIG$sig: exit $want" || fail "SIG$sig: exit $st, wanted $want"
	err_has "SIG$sig: says so" "stopped by SIG$sig"
done

# The wall-time limit: past it the run stops and says so.  The model
# says 1.5 s, within the 2 s limit; stopping the run's processes for 3 s
# of wall time takes it past the limit however fast the machine is.
tagged() { grep -l "$tag" /proc/[0-9]*/environ 2>/dev/null | sed 's|/proc/||; s|/environ||'; }
env "$tag" "$KT_BIN" --real --scale=45 --real-limit=2 salmon-dinner \
    >"$kt_tmp/out" 2>"$kt_tmp/err" &
pid=$!
wait_until -t 30 tagged_at_least 2
pids=$(tagged)
kill -STOP $pids
t0=$(date +%s)
wait_until -t 30 seconds_since "$t0" 3
kill -CONT $pids
wait $pid
st=$?
[ $st -eq 1 ] && ok "limit: exit 1" || fail "limit: exit $st, wanted 1" "$(cat "$kt_tmp/err")"
err_has "limit: says so" "stopped at the --real-limit of 2 s"
[ "$(left_behind)" -eq 0 ] && ok "limit: nothing left running" ||
    fail "limit: processes left behind"

finish
