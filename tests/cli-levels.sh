#!/bin/sh
# SPDX-License-Identifier: ISC
# cli-levels.sh - levels on the command line: --list shows them, the JSON
# list names every menu, recipe and level with its directory, --check
# reads level files, and a bad one gets path:line:col: and exit 2.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA

expect 0 "--list exits 0 with levels" "$KT_BIN" --list
out_has "--list has a Levels section" "^Levels"
out_has "--list shows the first level" "01-one-recipe"
out_has "--list shows its title" "One recipe"

expect 0 "--list --format=json" "$KT_BIN" --list --format=json
if command -v python3 >/dev/null 2>&1; then
	if python3 -c '
import json, sys
d = json.load(sys.stdin)
for k in ("menus", "recipes", "levels", "lessons"):
    assert isinstance(d[k], list), k
for k in ("menus", "recipes", "levels"):
    assert d[k], k
    for e in d[k]:
        assert set(e) == {"name", "title", "path", "directory"}, e
        assert e["path"].startswith(e["directory"] + "/"), e
names = [e["name"] for e in d["levels"]]
assert "01-one-recipe" in names and len(names) >= 8, names
assert any(e["name"] == "salmon-dinner" for e in d["menus"])
assert any(e["name"] == "salmon" for e in d["recipes"])
' <"$kt_tmp/out"; then
		ok "--list JSON has menus, recipes, levels and lessons with name, title, path, directory"
	else
		fail "--list JSON shape" "$(head -20 "$kt_tmp/out")"
	fi
else
	out_has "--list JSON has levels" '"levels": \['
fi

expect 0 "--check on every shipped level" sh -c '"$0" --check "$1"/*.level' "$KT_BIN" "$KITCHEN_TUI_DATA"
expect 2 "--check on a bad level exits 2" "$KT_BIN" --check "$KT_SRCDIR/tests/bad-level/unknown-goal.level"
if head -1 "$kt_tmp/err" | grep -q "unknown-goal\.level:4:6: unknown goal 'fastest'"; then
	ok "--check: a bad level says path:line:col: what"
else
	fail "--check: a bad level says path:line:col: what" "$(cat "$kt_tmp/err")"
fi
err_lines "--check: one line for one bad level" 1

# A teacher's level in $XDG_DATA_HOME/kitchen-tui, found by name.
mkdir -p "$kt_tmp/xdg/kitchen-tui"
cat >"$kt_tmp/xdg/kitchen-tui/my-level.level" <<'LEVEL'
level my-level "A teacher's level"
menu salmon-dinner
intro "Mine."
hint "Look."
LEVEL
expect 0 "--list sees a teacher's level" env -u KITCHEN_TUI_DATA XDG_DATA_HOME="$kt_tmp/xdg" "$KT_BIN" --list --format=json
out_has "the teacher's level is listed from the user directory" "\"directory\": \"$kt_tmp/xdg/kitchen-tui\""
finish
