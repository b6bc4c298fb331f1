#!/bin/sh
# SPDX-License-Identifier: ISC
# readme.sh - the README starts with the two commands a new user types on
# a fresh Debian machine, and the first installs exactly what CI installs.
. "${KT_SRCDIR:-.}/tests/lib.sh"
readme=${KT_SRCDIR:-.}/README
ci=${KT_SRCDIR:-.}/.ci/run

# The first two indented lines are the commands.
sed -n 's/^    //p' "$readme" | head -n 2 >"$kt_tmp/cmds"
first=$(sed -n 1p "$kt_tmp/cmds")
second=$(sed -n 2p "$kt_tmp/cmds")
[ "$second" = "make check" ] && ok "README: the second command is make check" ||
	fail "README: the second command is '$second'"
case $first in
*'$(command -v sudo) apt-get update && $(command -v sudo) apt-get install -y '*)
	ok "README: the first command works with sudo and as root without it" ;;
*) fail "README: the first command does not use \$(command -v sudo) apt-get" "$first" ;;
esac
case $first in
*'&& ./configure && make && ./src/kitchen-tui') ok "README: the first command builds and starts the screen" ;;
*) fail "README: the first command does not end in configure, make, ./src/kitchen-tui" "$first" ;;
esac

# The package lists, one a line, sorted.
printf '%s\n' "$first" | sed 's/.*apt-get install -y //; s/ &&.*//' | tr ' ' '\n' |
	grep -v '^-' | grep . | sort >"$kt_tmp/readme.pkgs"
sed -n '/apt-get install -y/,/^fi/p' "$ci" | grep -v '^fi' |
	sed 's/.*apt-get install -y//; s/\\$//' | tr ' \t' '\n\n' |
	grep -v '^-' | grep . | sort >"$kt_tmp/ci.pkgs"
if [ -s "$kt_tmp/ci.pkgs" ] && cmp -s "$kt_tmp/readme.pkgs" "$kt_tmp/ci.pkgs"; then
	ok "README: the first command installs what .ci/run installs ($(wc -l <"$kt_tmp/ci.pkgs") packages)"
else
	fail "README and .ci/run install different packages" \
		"$(diff "$kt_tmp/ci.pkgs" "$kt_tmp/readme.pkgs")"
fi
finish
