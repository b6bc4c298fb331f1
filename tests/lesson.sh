#!/bin/sh
# SPDX-License-Identifier: ISC
# lesson.sh - lesson files from the command line: the shipped lesson and a
# teacher's own (in the user data directory) load and are listed; every
# bad lesson gets one "path:line:col: what" line and exit 2, from --check
# and from --lesson alike, before any screen starts.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
bad="${KT_SRCDIR:-.}/tests/bad-lessons"

expect 0 "--help" "$KT_BIN" --help
out_has "--help lists --lesson" "--lesson\[=NAME\]"
out_has "--help lists --projector" "--projector"
expect 0 "--check the shipped lesson" "$KT_BIN" --check "$KITCHEN_TUI_DATA/cooking-with-concurrency.lesson"
out_has "it has 14 scenes" "a lesson of 14 scenes"
expect 0 "--list" "$KT_BIN" --list
out_has "--list shows the shipped lesson" "cooking-with-concurrency .*(14 scenes; "

# A teacher's own lesson in the user data directory.
mkdir -p "$kt_tmp/xdg/kitchen-tui"
cat >"$kt_tmp/xdg/kitchen-tui/my-class.lesson" <<'L'
lesson my-class "Tuesday's class"
scene "Just the race"
menu chicken-dinner
model threads
caption ruined "There it goes."
L
XDG_DATA_HOME="$kt_tmp/xdg" expect 0 "--list with a teacher's lesson" "$KT_BIN" --list
out_has "--list shows it as the user's own" "my-class .*Tuesday's class (1 scene; your own)"
XDG_DATA_HOME="$kt_tmp/xdg" expect 2 "--lesson my-class without a terminal" "$KT_BIN" --lesson my-class
if grep -q "unknown lesson" "$kt_tmp/err"; then
	fail "--lesson finds a lesson by name in the user data directory" "$(cat "$kt_tmp/err")"
else
	ok "--lesson finds a lesson by name in the user data directory"
fi
expect 2 "an unknown lesson exits 2" "$KT_BIN" --lesson=no-such-lesson
err_has "and says so" "unknown lesson 'no-such-lesson'"
err_lines "in one line" 1
expect 2 "--lesson with --batch exits 2" "$KT_BIN" --batch --lesson
err_lines "in one line" 1
expect 2 "--lesson NAME and a menu exits 2" "$KT_BIN" --lesson=my salmon-dinner

for f in "$bad"/*.lesson; do
	b=$(basename "$f")
	expect 2 "--check $b exits 2" "$KT_BIN" --check "$f"
	if head -1 "$kt_tmp/err" | grep -q "^[^:]*$b:[0-9][0-9]*:[0-9][0-9]*: "; then
		ok "$b: the message starts with path:line:col:"
	else
		fail "$b: the message starts with path:line:col:" "$(cat "$kt_tmp/err")"
	fi
	err_lines "$b: one line" 1
	first=$(head -1 "$kt_tmp/err")
	expect 2 "--lesson=$b exits 2" "$KT_BIN" "--lesson=$f"
	[ "$(head -1 "$kt_tmp/err")" = "$first" ] && ok "$b: --lesson says the same" ||
		fail "$b: --lesson says the same" "$(cat "$kt_tmp/err")"
	out_empty "$b: no screen started"
done
# The exact messages of a few, where the column matters.
expect 2 "bad-time" "$KT_BIN" --check "$bad/bad-time.lesson"
err_has "bad-time points at the time" "bad-time.lesson:4:12: bad duration 'soon'"
expect 2 "unknown-recipe" "$KT_BIN" --check "$bad/unknown-recipe.lesson"
err_has "unknown-recipe names the menu" "unknown-recipe.lesson:5:9: no recipe 'tofu' in menu salmon-dinner"
expect 2 "bad-step" "$KT_BIN" --check "$bad/bad-step.lesson"
err_has "bad-step counts the steps" "bad-step.lesson:4:9: recipe salmon has 4 steps, not 9"
expect 2 "bad-utf8" "$KT_BIN" --check "$bad/bad-utf8.lesson"
err_has "bad-utf8 points at the byte" "bad-utf8.lesson:4:19: invalid UTF-8"
# The example in kitchen-lesson(5) is a valid lesson.
sed -n '/^lesson oven-race/,/^\.Ed/p' "${KT_SRCDIR:-.}/man/kitchen-lesson.5" | sed '$d' \
	>"$kt_tmp/example.lesson"
expect 0 "the example of kitchen-lesson(5) checks" "$KT_BIN" --check "$kt_tmp/example.lesson"
if command -v mandoc >/dev/null 2>&1; then
	expect 0 "kitchen-lesson(5): mandoc -Tlint -Wwarning" mandoc -Tlint -Wwarning \
		"${KT_SRCDIR:-.}/man/kitchen-lesson.5"
	out_empty "kitchen-lesson(5) is lint clean"
fi
finish
