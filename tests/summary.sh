#!/bin/sh
# SPDX-License-Identifier: ISC
# summary.sh - after make check (passed or not): add up the Check totals of
# every suite ("NN%: Checks: X, Failures: Y, Errors: Z") and the shell
# tests' closing "N passed, M failed" lines, print both, then one overall
# line, and below it every failed check by name, so that a failed run
# says what failed without opening the logs.
dir=${1:-tests}
awk '
FILENAME ~ /\/check_[^\/]*\.log$/ && /^[0-9]+%: Checks: / {
	gsub(",", "");
	for (i = 1; i <= NF; i++) {
		if ($i == "Checks:") c += $(i + 1);
		if ($i == "Failures:") f += $(i + 1);
		if ($i == "Errors:") e += $(i + 1);
	}
	n++;
	next;
}
FILENAME ~ /\/check_[^\/]*\.log$/ && /:[FE]:/ {
	failed[++nfailed] = FILENAME ": " $0;
}
FILENAME ~ /\.sh\.log$/ && /^[0-9]+ passed, [0-9]+ failed/ {
	sp += $1; sf += $3; ns++;
}
FILENAME ~ /\.sh\.log$/ && /^FAIL - / {
	failed[++nfailed] = FILENAME ": " $0;
}
END {
	printf "Check totals: %d suites, %d checks, %d failures, %d errors\n", n, c, f, e;
	printf "Shell tests: %d scripts, %d checks passed, %d failed\n", ns, sp, sf;
	printf "%d passed, %d failed\n", c - f - e + sp, f + e + sf;
	for (i = 1; i <= nfailed; i++)
		printf "  %s\n", failed[i];
}' "$dir"/check_*.log "$dir"/*.sh.log 2>/dev/null
exit 0
