#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-small.sh - a small real --bench: the shape of its JSON and the
# tutorial's ranking of memory per task, never a time.  Also the one-line,
# exit-2 answers to a bad --tasks.
#
# 500 tasks: page granularity then blurs memory per task by at most
# 4096 / 500 = 8 bytes, far below the gaps being checked (tens of bytes
# for a protothread against kilobytes for the rest).  One wait each keeps
# it short; forking the processes is the slow part, then the engine.
: "${KT_SRCDIR:=.}"
. "$KT_SRCDIR/tests/lib.sh"

[ -x "$KT_BIN" ] || { echo "SKIP: no binary $KT_BIN"; exit 77; }

tasks=500
# Without the engine at scale (seconds and hundreds of MiB): its figures
# are the engine's own tests' business, its keys are still checked.
KITCHEN_TUI_BENCH_ENGINE=no
export KITCHEN_TUI_BENCH_ENGINE
expect 0 "--bench --tasks=$tasks --waits=1 --format=json exits 0" \
	"$KT_BIN" --bench --tasks=$tasks --waits=1 --format=json
cp "$kt_tmp/out" "$kt_tmp/bench.json"

if command -v python3 >/dev/null 2>&1; then
	# One "ok - ..." or "FAIL - ..." line per check.
	python3 - "$kt_tmp/bench.json" "$tasks" >"$kt_tmp/checks" 2>&1 <<'EOF'
import json, sys

def check(cond, what):
    print(("ok - " if cond else "FAIL - ") + what)

try:
    with open(sys.argv[1]) as f:
        doc = json.load(f)
except ValueError as e:
    check(False, "the output is JSON (%s)" % e)
    sys.exit(0)
check(True, "the output is JSON")
top = {"tasks", "waits", "models", "engine", "ranking",
       "protothreads_vs_libev", "python"}
check(isinstance(doc, dict) and set(doc) == top,
      "top level has exactly " + ", ".join(sorted(top)))
rk = doc.get("ranking", {})
check(isinstance(rk, dict) and isinstance(rk.get("ok"), bool) and
      isinstance(rk.get("verdict"), str) and rk.get("verdict"),
      "ranking: ok and the verdict in words")
pv = doc.get("protothreads_vs_libev")
check(pv is None or (pv.get("runs", 0) >= 5 and
      pv.get("tasks", 0) * pv.get("waits", 0) >= 100000 and
      pv.get("tasks", 0) >= 10000 and
      pv.get("min", 0) <= pv.get("cpu_per_wait_ratio", -1) <= pv.get("max", 0)),
      "protothreads vs libev: median of >= 5 runs of >= 100,000 waits")
check(doc.get("tasks") == int(sys.argv[2]) and doc.get("waits") == 1,
      "tasks and waits are the ones asked for")
names = ["protothreads", "libev-callbacks", "pthreads", "processes", "asyncio"]
models = doc.get("models", [])
check([m.get("name") for m in models] == names,
      "models are " + ", ".join(names) + " in that order")
keys = {"name", "wall_seconds", "cpu_per_wait_ns", "peak_rss_bytes",
        "memory_per_task_bytes", "create_ns"}
for m in models:
    have = set(m)
    extra = have - keys
    check(keys <= have and extra <= {"status", "note"},
          "%s has every key (extra: %s)" % (m.get("name"), sorted(extra) or "none"))
    if "status" in m:
        check(m["status"] in ("skipped", "limit", "failed") and "note" in m,
              "%s: status %s comes with a note" % (m.get("name"), m["status"]))
    else:
        check(all(isinstance(m[k], (int, float)) and m[k] > 0
                  for k in keys - {"name"}),
              "%s: every figure is a positive number" % m.get("name"))
ekeys = {"runs", "events", "events_per_second", "peak_rss_bytes",
         "state_bytes_per_run"}
eng = doc.get("engine", {})
check(ekeys <= set(eng) and set(eng) - ekeys <= {"status", "note"},
      "engine has runs, events, events_per_second, peak_rss_bytes, "
      "state_bytes_per_run")
if "status" not in eng:
    check(eng["runs"] >= 1000000 and eng["events"] > 0,
          "engine ran 1,000,000 concurrent recipe runs")
else:
    check(eng["status"] == "skipped" and "note" in eng,
          "engine left out (KITCHEN_TUI_BENCH_ENGINE=no) says so")

# The tutorial's ranking.  python3 is here, so asyncio must be measured.
by = {m.get("name"): m for m in models}
order = ["protothreads", "asyncio", "pthreads", "processes"]
for n in order:
    check(by.get(n, {}).get("status") in (None, "limit"),
          "%s was measured" % n)
mem = [by.get(n, {}).get("memory_per_task_bytes") for n in order]
if all(isinstance(v, (int, float)) for v in mem):
    for a, b, va, vb in zip(order, order[1:], mem, mem[1:]):
        check(va < vb, "memory per task: %s (%.0f B) < %s (%.0f B)"
              % (a, va, b, vb))
EOF
else
	# No python3: the same keys with grep, the ranking with awk (one model
	# per line in kitchen-tui's JSON), asyncio left out.
	j="$kt_tmp/bench.json"
	for k in '"tasks": ' '"waits": ' '"models": ' '"engine": ' '"runs": ' \
	    '"events": ' '"events_per_second": ' '"state_bytes_per_run": '; do
		grep -q "$k" "$j" && echo "ok - key $k" || echo "FAIL - key $k"
	done >"$kt_tmp/checks"
	for n in protothreads libev-callbacks pthreads processes asyncio; do
		line=$(grep "\"name\": \"$n\"" "$j")
		ok=yes
		for k in wall_seconds cpu_per_wait_ns peak_rss_bytes \
		    memory_per_task_bytes create_ns; do
			case $line in *"\"$k\": "*) ;; *) ok=no ;; esac
		done
		[ "$ok" = yes ] && echo "ok - $n has every key" ||
			echo "FAIL - $n has every key"
	done >>"$kt_tmp/checks"
	case $(grep '"name": "asyncio"' "$j") in
	*'"status": "skipped"'*) echo "ok - asyncio is skipped without python3" ;;
	*) echo "FAIL - asyncio is skipped without python3" ;;
	esac >>"$kt_tmp/checks"
	awk '
	/"name": / {
		n = $0; sub(/.*"name": "/, "", n); sub(/".*/, "", n)
		v = $0; sub(/.*"memory_per_task_bytes": /, "", v); sub(/,.*/, "", v)
		mem[n] = v
	}
	END {
		split("protothreads pthreads processes", o, " ")
		for (i = 1; i < 3; i++) {
			a = o[i]; b = o[i + 1]
			if (mem[a] != "null" && mem[b] != "null" && mem[a] + 0 < mem[b] + 0)
				print "ok - memory per task: " a " < " b
			else
				print "FAIL - memory per task: " a " (" mem[a] ") < " b " (" mem[b] ")"
		}
	}' "$j" >>"$kt_tmp/checks"
fi
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	*) fail "${line#FAIL - }" ;;
	esac
done <"$kt_tmp/checks"

# No python3 on PATH: the text table says once, plainly, that asyncio was
# skipped and why.
mkdir -p "$kt_tmp/nopath"
expect 0 "--bench without python3 exits 0" \
	env PATH="$kt_tmp/nopath" KITCHEN_TUI_PYTHON="$kt_tmp/nopath/python3" \
	"$KT_BIN" --bench --tasks=20 --waits=1
line=$(grep '^asyncio' "$kt_tmp/out")
case $line in
*skipped*skipped*) fail "asyncio without python3: says skipped twice: $line" ;;
*"skipped: python3 not found"*) ok "asyncio without python3: skipped, says why" ;;
*) fail "asyncio without python3: $line" ;;
esac
long=$(awk 'length($0) > 79' "$kt_tmp/out" | wc -l)
[ "$long" -eq 0 ] && ok "--bench text fits 80 columns" ||
	fail "--bench text: $long lines wider than 79 columns"

# Bad counts: one line on stderr, nothing on stdout, exit 2.
for bad in --tasks=0 --tasks=-1 --tasks=abc --tasks=100001 --waits=0; do
	expect 2 "--bench $bad exits 2" "$KT_BIN" --bench "$bad"
	err_lines "--bench $bad: one line on stderr" 1
	out_empty "--bench $bad: nothing on stdout"
done
expect 2 "--bench --format=csv exits 2" "$KT_BIN" --bench --format=csv
err_lines "--bench --format=csv: one line on stderr" 1

# A stop signal in the middle of the processes model: every child is
# reaped, the exit status is 128 + 15, one line says so.  (SIGTERM, since
# a background job of a script ignores SIGINT; both take the same path.)
# Every process of the bench carries a mark in its environment: three of
# them (kitchen-tui, the measuring process, a child) mean the processes
# model is creating its 300 children, which takes a while.
if [ -r /proc/self/environ ]; then
	mark="kt-bench-small-$$"
	marked() {
		grep -alF "KT_BENCH_SMALL_MARK=$mark" /proc/[0-9]*/environ \
			2>/dev/null | wc -l
	}
	KT_BENCH_SMALL_MARK=$mark "$KT_BIN" --bench --tasks=300 --waits=300 \
		>"$kt_tmp/out" 2>"$kt_tmp/err" </dev/null &
	pid=$!
	while [ "$(marked)" -lt 3 ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.05
	done
	if kill -TERM "$pid" 2>/dev/null; then
		ok "the processes model has children alive"
	else
		fail "the processes model has children alive: the bench ended first"
	fi
	wait "$pid"
	rc=$?
	[ "$rc" -eq 143 ] && ok "SIGTERM in the middle: exit 143" ||
		fail "SIGTERM in the middle: exit $rc, wanted 143"
	err_lines "SIGTERM in the middle: one line on stderr" 1
	err_has "SIGTERM in the middle: says every child was reaped" "reaped"
	left=$(marked)
	[ "$left" -eq 0 ] && ok "SIGTERM in the middle: no process left behind" ||
		fail "SIGTERM in the middle: $left processes left behind"
fi

finish
