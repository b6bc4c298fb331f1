#!/bin/sh
# SPDX-License-Identifier: ISC
# screen-search.sh - --schedule on the screen: the optimum that --solve
# proved and an example that --explore found are replayed in a tmux pane
# and end at their totals; a bad schedule never starts the screen.
set -u

KT_BIN=${KT_BIN:-./src/kitchen-tui}
. "${KT_SRCDIR:-.}/tests/lib.sh"
[ -n "${KITCHEN_TUI_DATA:-}" ] && export KITCHEN_TUI_DATA
S="${KT_SRCDIR:-.}/tests/search"
tmux_init search
K=\"$KT_BIN\"

mmss() { s=${1%%.*}; printf '%d:%02d' $((s / 60)) $((s % 60)); }
json_num() { sed -n "s/^ *\"$1\": \\([0-9.]*\\),*\$/\\1/p" "$2" | head -n 1; }

# The proved optimum of a menu where the FIFO loop loses half an hour.
"$KT_BIN" --solve --solve-limit=600 --format=json "$S/big8.menu" >"$kt_tmp/opt.json"
opt=$(json_num optimal_total_seconds "$kt_tmp/opt.json")
fifo=$(json_num fifo_total_seconds "$kt_tmp/opt.json")
start opt 100x30
run "$K --speed=100000 --schedule=$kt_tmp/opt.json"
if wait_pane " done " &&
   wait_pane "totals:.* co $(mmss "$opt")"; then
	ok "the optimum replays on the screen to $(mmss "$opt") (FIFO: $(mmss "$fifo"))"
else
	fail "optimum on the screen, wanted $(mmss "$opt")" "$(pane)"
fi
keys q

# An explore example: under threads, the chicken ruined by the salmon's
# preheat, replayed to its total.
"$KT_BIN" --explore --format=json chicken-dinner >"$kt_tmp/ex.json"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$kt_tmp/ex.json" "$kt_tmp/ex0.json" >"$kt_tmp/ex0.total" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
o = [o for o in d["outcomes"] if o["kind"] == "ruined"][0]
json.dump(o["example"], open(sys.argv[2], "w"))
print(o["example_total_seconds"])
PY
	t=$(cat "$kt_tmp/ex0.total")
	start ex 100x30
	run "$K --speed=100000 --schedule=$kt_tmp/ex0.json"
	if wait_pane " done " && wait_pane "totals:.* thr $(mmss "$t")"; then
		ok "an explore example replays on the screen to $(mmss "$t")"
	else
		fail "explore example on the screen, wanted $(mmss "$t")" "$(pane)"
	fi
	keys q
fi

# A schedule that does not match: a message and exit 2, no screen.
printf '{"menu": "chicken-dinner", "schedule": []}\n' >"$kt_tmp/bad.json"
start bad
run "$K --schedule=$kt_tmp/bad.json; echo rc=\$? >$kt_tmp/bad.rc"
if wait_file "$kt_tmp/bad.rc" && [ "$(cat "$kt_tmp/bad.rc")" = rc=2 ] &&
   wait_pane "truncated"; then
	ok "a truncated schedule: message, exit 2, the screen never starts"
else
	fail "bad schedule on the screen: $(cat "$kt_tmp/bad.rc" 2>/dev/null)" "$(pane)"
fi

finish
