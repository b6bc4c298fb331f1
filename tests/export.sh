#!/bin/sh
# SPDX-License-Identifier: ISC
# export.sh - --export=svg and --export=trace for every model on every
# shipped menu: the SVG is valid XML and renders to a PNG, the trace has
# each span once with its exact times; bad targets exit 2 before anything
# runs and never leave a file under the name given.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
check_py="${KT_SRCDIR:-.}/tests/export-trace-check.py"

for tool in xmllint rsvg-convert python3; do
	command -v $tool >/dev/null 2>&1 ||
		fail "$tool is needed (.ci/run installs it)"
done

expect 0 "--help" "$KT_BIN" --help
for k in svg trace cast; do out_has "--help lists --export=$k" "--export=$k:FILE"; done

menus=$(cd "$KITCHEN_TUI_DATA" && ls *.menu | sed 's/\.menu$//')
for menu in $menus; do
	for model in sequential callbacks coroutines threads processes; do
		o="$kt_tmp/$menu-$model"
		expect 0 "$menu/$model: --batch with both exports" "$KT_BIN" --batch \
			--format=json --model=$model "--export=svg:$o.svg" \
			"--export=trace:$o.json" "$menu"
		cp "$kt_tmp/out" "$o.report"
		if xmllint --noout "$o.svg" 2>"$kt_tmp/xerr"; then
			ok "$menu/$model: the SVG is valid XML"
		else
			fail "$menu/$model: the SVG is valid XML" "$(head -3 "$kt_tmp/xerr")"
		fi
		grep -q "<text[^>]*>$model: " "$o.svg" &&
			ok "$menu/$model: the SVG names the model as text" ||
			fail "$menu/$model: the SVG names the model as text"
		if python3 "$check_py" "$o.json" "$o.report" >"$kt_tmp/py" 2>&1; then
			ok "$menu/$model: every span once with its times ($(cat "$kt_tmp/py"))"
		else
			fail "$menu/$model: the trace matches the report" "$(tail -3 "$kt_tmp/py")"
		fi
	done
	o="$kt_tmp/$menu-compare"
	expect 0 "$menu: --compare exports" "$KT_BIN" --batch --compare --format=json \
		"--export=svg:$o.svg" "--export=trace:$o.json" "$menu"
	cp "$kt_tmp/out" "$o.report"
	xmllint --noout "$o.svg" 2>/dev/null && ok "$menu: compare SVG is valid XML" ||
		fail "$menu: compare SVG is valid XML"
	n=$(grep -c "<text class='h'" "$o.svg")
	[ "$n" -eq 6 ] && ok "$menu: compare SVG has a block per model and a legend" ||
		fail "$menu: compare SVG has 5 blocks and a legend, not $n headings"
	python3 "$check_py" "$o.json" "$o.report" >"$kt_tmp/py" 2>&1 &&
		ok "$menu: compare trace has every model's spans once" ||
		fail "$menu: compare trace matches" "$(tail -3 "$kt_tmp/py")"
done

# The salmon dinner renders, and the picture has the size it says.
s="$kt_tmp/salmon-dinner-coroutines"
if rsvg-convert "$s.svg" -o "$s.png" 2>"$kt_tmp/rerr" && [ -s "$s.png" ]; then
	ok "salmon-dinner SVG renders to PNG with rsvg-convert"
else
	fail "salmon-dinner SVG renders to PNG" "$(head -3 "$kt_tmp/rerr")"
fi
if python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; w,h=struct.unpack(">II",d[16:24]); assert w==1200 and 200<h<2000, (w,h)' "$s.png"; then
	ok "the PNG is 1200 pixels wide"
else
	fail "the PNG is 1200 pixels wide"
fi
# Patterns for greyscale: every recipe bar is filled with a pattern.
grep -q "fill='url(#r0)'" "$s.svg" && grep -q "<pattern id='r1'" "$s.svg" &&
	ok "recipes are drawn with patterns, not colour alone" ||
	fail "recipes are drawn with patterns"
grep -q "salmon: ready at 34:12" "$s.svg" && ok "the SVG gives each dish's outcome" ||
	fail "the SVG gives each dish's outcome"
expect 0 "the oven race (chicken-dinner, no locks)" "$KT_BIN" --batch \
	"--export=svg:$kt_tmp/race.svg" chicken-dinner
grep -q "RUINED" "$kt_tmp/out" && ok "the race ruins a dish in the report" ||
	fail "the race ruins a dish in the report"
grep -q "class='bad'>salmon: RUINED, ready at" "$kt_tmp/race.svg" &&
	ok "the ruined dish says so in the SVG" || fail "the ruined dish says so in the SVG"
expect 0 "locks fix the race" "$KT_BIN" --batch --locks \
	"--export=svg:$kt_tmp/locks.svg" chicken-dinner
! grep -q "RUINED" "$kt_tmp/locks.svg" && grep -q "0 ruined" "$kt_tmp/locks.svg" &&
	ok "with locks the SVG shows nothing ruined" || fail "with locks nothing ruined"

# Many tables: the trace still has every span once.
expect 0 "--tables=20 --spans=all with a trace" "$KT_BIN" --batch --tables=20 \
	--spans=all --format=json "--export=trace:$kt_tmp/t20.json"
cp "$kt_tmp/out" "$kt_tmp/t20.report"
python3 "$check_py" "$kt_tmp/t20.json" "$kt_tmp/t20.report" >"$kt_tmp/py" 2>&1 &&
	ok "20 tables: every span once" || fail "20 tables: every span once" "$(cat "$kt_tmp/py")"

# Bad targets: exit 2, one line, nothing run, nothing left behind.
mkdir "$kt_tmp/ro" "$kt_tmp/dir.svg"
chmod 555 "$kt_tmp/ro"
for bad in "svg:$kt_tmp/no-such-dir/x.svg" "trace:$kt_tmp/dir.svg" \
	   "svg:$kt_tmp/dir.svg/" "pdf:$kt_tmp/x.pdf" "svg:" "trace"; do
	expect 2 "--export=$bad exits 2" "$KT_BIN" --batch "--export=$bad"
	err_lines "--export=$bad: one line" 1
	out_empty "--export=$bad: nothing ran"
done
if [ "$(id -u)" != 0 ]; then
	expect 2 "an unwritable directory exits 2" "$KT_BIN" --batch "--export=svg:$kt_tmp/ro/x.svg"
	out_empty "unwritable: nothing ran"
fi
expect 2 "--export twice of one kind" "$KT_BIN" --batch "--export=svg:$kt_tmp/a.svg" \
	"--export=svg:$kt_tmp/b.svg"
expect 2 "cast with --batch exits 2" "$KT_BIN" --batch "--export=cast:$kt_tmp/a.cast"
expect 2 "--export with --list exits 2" "$KT_BIN" --list "--export=svg:$kt_tmp/a.svg"
expect 2 "a bad menu with an export exits 2" "$KT_BIN" --batch "--export=svg:$kt_tmp/m.svg" no-such-menu
[ ! -e "$kt_tmp/m.svg" ] && ok "a bad menu leaves no export" || fail "a bad menu leaves no export"
left=$(ls -A "$kt_tmp" | grep -c '^\.' || true)
[ "$left" -eq 0 ] && ok "no temporary export file left behind" ||
	fail "no temporary export file left behind" "$(ls -A "$kt_tmp" | grep '^\.')"
echo old >"$kt_tmp/keep.svg"
expect 0 "an export over an existing file" "$KT_BIN" --batch "--export=svg:$kt_tmp/keep.svg"
grep -q '</svg>' "$kt_tmp/keep.svg" && ok "the file was replaced whole" ||
	fail "the file was replaced whole"
chmod 755 "$kt_tmp/ro"
finish
