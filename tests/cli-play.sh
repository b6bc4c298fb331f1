#!/bin/sh
# SPDX-License-Identifier: ISC
# cli-play.sh - --batch --play: every shipped level played with
# --moves=optimal scores exactly 100; a poor schedule scores less and
# names its first loss; moves that run out or do not fit say at which
# decision and exit 2.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
XDG_STATE_HOME=$kt_tmp/state
export XDG_STATE_HOME

n=0
for f in "$KITCHEN_TUI_DATA"/*.level; do
	l=$(basename "$f" .level)
	expect 0 "$l: --moves=optimal" "$KT_BIN" --batch --play="$l" --moves=optimal --format=json
	out_has "$l: --moves=optimal scores 100" '"score": 100,'
	out_has "$l: and meets the goal" '"goal_met": true,'
	n=$((n + 1))
done
[ "$n" -ge 9 ] && ok "at least 9 shipped levels played ($n)" || fail "shipped levels: $n"

expect 0 "text report" "$KT_BIN" --batch --play=04-beat-the-fifo-loop --moves=optimal
out_has "text: the score" "score 100, 3 stars"
out_has "text: the optimum is proved" "(proved)"
out_has "text: the student's timeline" "^your timeline:"
out_has "text: over the optimal one" "^the optimal timeline:"

# The FIFO choice on the beat-the-FIFO level: the engine's FIFO total.
expect 0 "a poor schedule" "$KT_BIN" --batch --play=04-beat-the-fifo-loop --moves=1 --format=json
if command -v python3 >/dev/null 2>&1; then
	if python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["score"] < 100, d
assert d["score"] == int(100 * d["optimal_total_seconds"] / d["student_total_seconds"]), d
assert d["student_total_seconds"] == d["fifo_total_seconds"], d
assert d["optimal_total_seconds"] < d["fifo_total_seconds"], d
l = d["first_loss"]
assert l["decision"] == 1 and l["chose"] == "chopped-salad" and l["better"] == "potatoes", l
assert l["cost_seconds"] == d["student_total_seconds"] - d["optimal_total_seconds"], l
' <"$kt_tmp/out"; then
		ok "a poor schedule scores optimal/student*100 and names the first loss"
	else
		fail "a poor schedule's report" "$(cat "$kt_tmp/out")"
	fi
fi
expect 0 "a poor schedule, as text" "$KT_BIN" --batch --play=04-beat-the-fifo-loop --moves=1
out_has "text: first loss in words" "first loss: at 0:00 (decision 1) you gave the cook to chopped-salad"

expect 2 "moves that run out" "$KT_BIN" --batch --play=06-two-cooks --moves=1,1
err_has "run out: names the decision" "decision 3 at "
err_lines "run out: one line" 1
expect 2 "a move that is not a choice" "$KT_BIN" --batch --play=04-beat-the-fifo-loop --moves=7
err_has "bad move: names the decision" "move 1 is 7, but decision 1 at 0:00 has 2 choices"
expect 2 "too many moves" "$KT_BIN" --batch --play=04-beat-the-fifo-loop --moves=1,1,1
err_has "too many: says when the game ended" "the game ended after 1 decision"
expect 2 "not a number" "$KT_BIN" --batch --play=04-beat-the-fifo-loop --moves=1,x
err_has "not a number: says which" "move 2 is not a choice number"
expect 2 "--batch --play without --moves" "$KT_BIN" --batch --play=04-beat-the-fifo-loop
expect 2 "--moves without --play" "$KT_BIN" --batch --moves=1
expect 2 "an unknown level" "$KT_BIN" --batch --play=no-such-level --moves=1
err_has "an unknown level lists the levels" "valid levels: 01-one-recipe"
expect 2 "a bad level file" "$KT_BIN" --batch --play="$KT_SRCDIR/tests/bad-level/unknown-goal.level" --moves=1
err_has "a bad level file: path:line:col:" "unknown-goal.level:4:6: "
expect 2 "--play on the screen without a terminal" "$KT_BIN" --play=01-one-recipe
expect 0 "--play LEVEL as a separate word" "$KT_BIN" --batch --play 01-one-recipe --moves=optimal
[ ! -e "$XDG_STATE_HOME/kitchen-tui/scores" ] && ok "batch play keeps no scores" || fail "batch play wrote scores"
finish
