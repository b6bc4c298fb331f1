#!/bin/sh
# SPDX-License-Identifier: ISC
# summary.sh - after make check (passed or not): add up the Check totals of
# every suite ("NN%: Checks: X, Failures: Y, Errors: Z") and the shell
# tests' closing "N passed, M failed" lines, print both, then one overall
# line, and below it every failed check by name, so that a failed run
# says what failed without opening the logs.  A test that died before its
# totals (a crash, a script that cannot run) counts as one error.
dir=${1:-tests}
awk '
function failed_line() { failed[++nfailed] = FILENAME ": " $0 }
FILENAME ~ /\/check_[^\/]*\.log$/ && /^[0-9]+%: Checks: / {
	gsub(",", "");
	for (i = 1; i <= NF; i++) {
		if ($i == "Checks:") c += $(i + 1);
		if ($i == "Failures:") f += $(i + 1);
		if ($i == "Errors:") e += $(i + 1);
	}
	n++;
	totals[FILENAME] = 1;
	next;
}
FILENAME ~ /\/check_[^\/]*\.log$/ && /:[FE]:/ { failed_line() }
FILENAME ~ /\.sh\.log$/ && /^[0-9]+ passed, [0-9]+ failed/ {
	sp += $1; sf += $3; ns++;
	totals[FILENAME] = 1;
	next;
}
FILENAME ~ /\.sh\.log$/ && /^FAIL - / { failed_line() }
/^(FAIL|ERROR) [^ ]+ \(exit status: [0-9]+\)$/ {
	died[FILENAME] = $0;
}
END {
	for (l in died)
		if (!(l in totals)) {
			failed[++nfailed] = l ": died before its totals: " died[l];
			if (l ~ /\.sh\.log$/) { ns++; sf++ } else { n++; e++ }
		}
	printf "Check totals: %d suites, %d checks, %d failures, %d errors\n", n, c, f, e;
	printf "Shell tests: %d scripts, %d checks passed, %d failed\n", ns, sp, sf;
	printf "%d passed, %d failed\n", c - f - e + sp, f + e + sf;
	for (i = 1; i <= nfailed; i++)
		printf "  %s\n", failed[i];
}' "$dir"/check_*.log "$dir"/*.sh.log 2>/dev/null
exit 0
