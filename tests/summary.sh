#!/bin/sh
# summary.sh - add up the Check totals of every suite's log into one line.
# Check prints "NN%: Checks: X, Failures: Y, Errors: Z" per suite.
dir=${1:-tests}
awk '
/^[0-9]+%: Checks: / {
	gsub(",", "");
	for (i = 1; i <= NF; i++) {
		if ($i == "Checks:") c += $(i + 1);
		if ($i == "Failures:") f += $(i + 1);
		if ($i == "Errors:") e += $(i + 1);
	}
	n++;
}
END {
	if (n == 0) { print "Check totals: no suite log found"; exit 0 }
	printf "Check totals: %d suites, %d checks, %d failures, %d errors\n", n, c, f, e;
	printf "%d passed, %d failed\n", c - f - e, f + e;
}' "$dir"/check_*.log
