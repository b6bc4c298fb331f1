#!/bin/sh
# SPDX-License-Identifier: ISC
# cli-user.sh - the user's own recipes and hostile input, on the command
# line: the search path (--data-dir adds, $KITCHEN_TUI_DATA, the XDG
# directory, the shipped data), --list by directory, "-" for standard
# input, one mode at a time, ambiguous options, files that are not regular
# files, invisible and bidi characters, and a closed pipe.
. "${KT_SRCDIR:-.}/tests/lib.sh"
: "${KITCHEN_TUI_DATA:=${KT_SRCDIR:-.}/data}"
export KITCHEN_TUI_DATA
shipped=$KITCHEN_TUI_DATA
XDG_DATA_HOME=$kt_tmp/xdg
export XDG_DATA_HOME
own=$XDG_DATA_HOME/kitchen-tui
mkdir -p "$own" "$kt_tmp/d1" "$kt_tmp/d2"
# A command that may hang (a read of a FIFO) is cut off; 124 then fails.
if command -v timeout >/dev/null 2>&1; then TO="timeout 20"; else TO=; fi

# --- the search path --------------------------------------------------------
printf 'recipe rice "Rice of my own"\nstep "Cook it" work 2m\n' >"$own/rice.recipe"
printf 'menu mine "Mine"\nrecipe salmon\nrecipe rice\n' >"$own/mine.menu"
expect 0 "a menu in \$XDG_DATA_HOME/kitchen-tui is found by name" "$KT_BIN" --batch --format=json mine
out_has "it names a shipped recipe (salmon)" '"salmon"'
grep -q '"Cook it"' "$kt_tmp/out" && ok "its own rice wins over the shipped rice" ||
	fail "its own rice wins over the shipped rice"

home=$kt_tmp/home
mkdir -p "$home/.local/share/kitchen-tui"
cp "$own/mine.menu" "$home/.local/share/kitchen-tui/at-home.menu"
sed -i 's/^menu mine /menu at-home /' "$home/.local/share/kitchen-tui/at-home.menu"
expect 0 "without \$XDG_DATA_HOME: ~/.local/share/kitchen-tui" env -u XDG_DATA_HOME HOME="$home" "$KT_BIN" --batch at-home

printf 'menu one "One"\nrecipe beans\n' >"$kt_tmp/d1/one.menu"
printf 'menu two "Two"\nrecipe beans\n' >"$kt_tmp/d2/two.menu"
printf 'recipe beans "Beans from d2"\nstep "Open" work 1m\n' >"$kt_tmp/d2/beans.recipe"
expect 0 "--data-dir adds: a menu in the first" "$KT_BIN" --data-dir="$kt_tmp/d1" --data-dir="$kt_tmp/d2" --batch one
expect 0 "--data-dir adds: a menu in the second" "$KT_BIN" --data-dir="$kt_tmp/d1" --data-dir="$kt_tmp/d2" --batch two
expect 0 "--data-dir adds: the shipped menus stay" "$KT_BIN" --data-dir="$kt_tmp/d1" --batch stir-fry
expect 0 "a name in a menu: next to the menu, else along the path" "$KT_BIN" --data-dir="$kt_tmp/d1" --data-dir="$kt_tmp/d2" --batch --format=json one
out_has "d1's menu takes beans from d2, the earlier directory" '"Open"' 

expect 0 "--list" "$KT_BIN" --data-dir="$kt_tmp/d1" --list
out_has "--list shows the search path" "^Search path"
out_has "--list: --data-dir in the path" "$kt_tmp/d1  (--data-dir)"
out_has "--list: \$KITCHEN_TUI_DATA in the path" '($KITCHEN_TUI_DATA)'
out_has "--list: the user's own directory in the path" "$own  (your own)"
if sed -n "/^In $(printf '%s' "$own" | sed 's|/|\\/|g') /,/^In /p" "$kt_tmp/out" | grep -q '^  mine '; then
	ok "--list shows mine under the user's directory"
else
	fail "--list shows mine under the user's directory" "$(cat "$kt_tmp/out")"
fi
if sed -n "/^In $(printf '%s' "$shipped" | sed 's|/|\\/|g') /,\$p" "$kt_tmp/out" | grep -q 'salmon-dinner'; then
	ok "--list shows salmon-dinner under the shipped directory"
else
	fail "--list shows salmon-dinner under the shipped directory" "$(cat "$kt_tmp/out")"
fi
expect 2 "a name on no directory of the path" "$KT_BIN" --batch nowhere-dinner
err_has "it says which menus there are" "valid menus:.*mine"

# --- "-": standard input ------------------------------------------------------
printf 'menu piped "From a pipe"\nrecipe salmon\nrecipe beans\n' >"$kt_tmp/piped.menu"
"$KT_BIN" --batch - <"$kt_tmp/piped.menu" >"$kt_tmp/out" 2>"$kt_tmp/err"
[ $? = 0 ] && grep -q 'From a pipe' "$kt_tmp/out" && ok "- as MENU reads standard input, names from the path" ||
	fail "- as MENU" "$(cat "$kt_tmp/err")"
"$KT_BIN" --check - <"$kt_tmp/piped.menu" >"$kt_tmp/out" 2>"$kt_tmp/err"
[ $? = 0 ] && grep -q '^<stdin>: ok' "$kt_tmp/out" && ok "--check - reads standard input" ||
	fail "--check -" "$(cat "$kt_tmp/out" "$kt_tmp/err")"
printf 'menu piped "P"\nrecipe salmn\n' | "$KT_BIN" --check - >"$kt_tmp/out" 2>"$kt_tmp/err"
[ $? = 2 ] && grep -q "^<stdin>:2:8: cannot read recipe 'salmn': no salmn.recipe on the search path" "$kt_tmp/err" &&
	ok "a bad name on standard input: <stdin>:line:col: and the search path" ||
	fail "bad stdin menu" "$(cat "$kt_tmp/err")"

# --- one mode at a time ---------------------------------------------------------
for two in "--check $shipped/rice.recipe --batch" "--bench --batch" "--list --check x" \
	   "--batch --list" "--compare --list" "--bench --check x"; do
	# shellcheck disable=SC2086
	expect 2 "$two: two modes, exit 2" "$KT_BIN" $two
	err_lines "$two: one line" 1
	err_has "$two: says they are two" "two modes\|goes with --batch"
done

# --- an ambiguous abbreviation names what it could mean -------------------------
expect 2 "--co is ambiguous" "$KT_BIN" --co
err_has "--co: could be --compare, --cooks or --count" "ambiguous option '--co' (could be --compare, --cooks, --count)"
expect 2 "--s=1 is ambiguous" "$KT_BIN" --s=1
err_has "--s=1: the three it could be" "could be --seed, --spans, --speed"
expect 0 "an unambiguous abbreviation works (--comp)" "$KT_BIN" --batch --comp

# --- cooks: --cooks takes what a menu may say -----------------------------------
printf 'menu many "Many cooks"\nrecipe beans\ncooks 16\n' >"$kt_tmp/d1/many.menu"
expect 0 "a menu may say cooks 16" "$KT_BIN" --data-dir="$kt_tmp/d1" --batch many
expect 0 "--cooks=16 is taken" "$KT_BIN" --batch --cooks=16
expect 2 "--cooks=17 is refused" "$KT_BIN" --batch --cooks=17
err_has "--cooks names the range a menu has" "1 to 16"

# --- recipe and menu files are regular files -------------------------------------
expect 2 "--check /dev/null: not a regular file" $TO "$KT_BIN" --check /dev/null
err_has "/dev/null: the message" "^/dev/null: not a regular file$"
if mkfifo "$kt_tmp/fifo.recipe" 2>/dev/null; then
	expect 2 "--check on a FIFO: refused, no blocking read" $TO "$KT_BIN" --check "$kt_tmp/fifo.recipe"
	err_has "the FIFO: not a regular file" "fifo.recipe: not a regular file"
	printf 'menu f "F"\nrecipe %s\n' "$kt_tmp/fifo.recipe" >"$kt_tmp/fifo.menu"
	expect 2 "a menu naming a FIFO: refused" $TO "$KT_BIN" --batch "$kt_tmp/fifo.menu"
	err_has "menu naming a FIFO: path: not a regular file" "fifo.recipe: not a regular file"
fi
printf 'menu t "T"\nrecipe /dev/tty\n' >"$kt_tmp/tty.menu"
expect 2 "a menu naming /dev/tty never reads the keyboard" $TO "$KT_BIN" --batch "$kt_tmp/tty.menu"
printf 'menu t "T"\ninclude /dev/stdin\n' >"$kt_tmp/stdin.menu"
printf 'menu x "X"\nrecipe beans\n' | $TO "$KT_BIN" --batch "$kt_tmp/stdin.menu" >"$kt_tmp/out" 2>"$kt_tmp/err"
[ $? = 2 ] && ok "include /dev/stdin: refused; standard input only through -" ||
	fail "include /dev/stdin" "$(cat "$kt_tmp/err")"
expect 2 "a reference to a file that is no recipe" "$KT_BIN" --check "$KT_SRCDIR/tests/bad/not-a-recipe.menu"
if grep -q 'secret' "$kt_tmp/err"; then
	fail "no byte of that file in the message" "$(cat "$kt_tmp/err")"
else
	ok "no byte of that file in the message"
fi

# --- includes nest 8 deep, not 9 -------------------------------------------------
chain() {               # DIR DEEP: top.menu includes c0, c0 c1, ... cDEEP names r
	mkdir -p "$1"
	printf 'recipe r "R"\nstep "x" work 1m\n' >"$1/r.recipe"
	printf 'menu top "T"\ninclude c0\n' >"$1/top.menu"
	k=0
	while [ "$k" -lt "$2" ]; do
		printf 'menu c%d "C"\ninclude c%d\n' "$k" $((k + 1)) >"$1/c$k.menu"
		k=$((k + 1))
	done
	printf 'menu c%d "C"\nrecipe r\n' "$2" >"$1/c$2.menu"
}
chain "$kt_tmp/deep8" 7
expect 0 "8 includes deep: fine" "$KT_BIN" --check "$kt_tmp/deep8/top.menu"
chain "$kt_tmp/deep9" 8
expect 2 "9 includes deep: refused" "$KT_BIN" --check "$kt_tmp/deep9/top.menu"
err_has "9 deep: the message" "includes nested too deep (at most 8)"

# --- invisible characters: visible in messages, bidi never raw in output -------
expect 2 "a BOM inside a line" "$KT_BIN" --check "$KT_SRCDIR/tests/bad/bom-mid-line.recipe"
err_has "the BOM is named" "unknown directive 'U+FEFF step'"
expect 2 "a no-break space" "$KT_BIN" --check "$KT_SRCDIR/tests/bad/nbsp.recipe"
err_has "the no-break space is named" "'work U+00A0 1m'"
bidi=$(printf '\342\200\256')
printf 'recipe rtl "Title %sreversed"\nstep "Chop %sit" work 1m\n' "$bidi" "$bidi" >"$kt_tmp/d1/rtl.recipe"
for f in text csv json; do
	expect 0 "--batch --format=$f of a recipe with a bidi override" "$KT_BIN" --data-dir="$kt_tmp/d1" --batch --format=$f rtl
	if LC_ALL=C grep -q "$bidi" "$kt_tmp/out"; then
		fail "$f: a raw U+202E reached the output"
	else
		ok "$f: no raw bidi control in the output"
	fi
	out_has "$f: shown by code point" "U+202E"
done
for cp in 202A:'\342\200\252' 202D:'\342\200\255' 2066:'\342\201\246' 2069:'\342\201\251'; do
	c=$(printf "${cp#*:}")
	cp=U+${cp%%:*}
	printf 'recipe rtl "T"\nstep "x%sy" work 1m\n' "$c" >"$kt_tmp/d1/rtl.recipe"
	"$KT_BIN" --data-dir="$kt_tmp/d1" --batch --format=json rtl >"$kt_tmp/out" 2>&1
	if LC_ALL=C grep -q "$c" "$kt_tmp/out"; then
		fail "bidi control $cp reached JSON raw"
	else
		ok "bidi control $cp never reaches JSON raw"
	fi
done

# --- a closed pipe: quiet, no message, no hang --------------------------------------
"$KT_BIN" --batch --compare --format=json --tables=200 --spans=all 2>"$kt_tmp/err" | head -c 1 >/dev/null
if [ ! -s "$kt_tmp/err" ]; then
	ok "--batch into a pipe closed early: ends quietly"
else
	fail "--batch into a closed pipe" "$(cat "$kt_tmp/err")"
fi

finish
