/* SPDX-License-Identifier: ISC */
/*
 * bench-models.c - figures for the models (make bench): a whole salmon
 * dinner per model in batch (run, finish, text report), in microseconds,
 * and --tables=N of the salmon dinner under coroutines (spans counted, not
 * kept, as batch does): events per second and peak memory.
 *
 * Usage: bench-models [TABLES]   (default 100000)
 * The menu comes from $KITCHEN_TUI_DATA like the program's.  Prints
 * figures, asserts nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "catalog.h"
#include "model.h"
#include "report.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident set size now, in KiB, from /proc (0 if unknown). */
static long
rss_kib(void)
{
	unsigned long size, res;
	long kib = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f != NULL) {
		if (fscanf(f, "%lu %lu", &size, &res) == 2)
			kib = (long)res * 4;
		fclose(f);
	}
	return kib;
}

static int
dinner(const struct menu *m, enum model_id model, FILE *out)
{
	struct report_opts ro = { .ascii = true };
	struct run_opts o;
	struct run *r;
	const char *err;

	run_opts_default(&o);
	o.model = model;
	if ((r = run_new(m, &o, &err)) == NULL) {
		fprintf(stderr, "bench-models: %s\n", err);
		return -1;
	}
	if (run_finish(r) != 0 || report_text(out, r, &ro) != 0) {
		run_free(r);
		return -1;
	}
	run_free(r);
	return 0;
}

int
main(int argc, char **argv)
{
	struct menu *m = NULL;
	char *err = NULL;
	long tables = argc > 1 ? atol(argv[1]) : 100000;
	struct run_opts o;
	struct rusage ru;
	struct run *r;
	const char *rerr;
	FILE *devnull;
	double t0, t, setup, rate;
	long before, now_kib;
	int i, n, model;

	if (catalog_load_menu(catalog_data_dir(NULL), "salmon-dinner", &m,
			      &err) != 0) {
		fprintf(stderr, "bench-models: %s\n", err ? err : "no menu");
		free(err);
		return 1;
	}
	if ((devnull = fopen("/dev/null", "w")) == NULL) {
		perror("bench-models: /dev/null");
		return 1;
	}
	printf("bench-models: the salmon dinner in batch (run + text report)\n");
	for (model = 0; model < MODEL_COUNT; model++) {
		n = 2000;
		t0 = now_s();
		for (i = 0; i < n; i++)
			if (dinner(m, (enum model_id)model, devnull) != 0)
				return 1;
		t = now_s() - t0;
		printf("  %-11s %8.1f us per dinner\n",
		       model_name((enum model_id)model), t / n * 1e6);
	}

	if (tables < 1)
		tables = 1;
	run_opts_default(&o);
	o.model = MODEL_COROUTINES;
	o.tables = tables;
	o.keep_spans = false;
	before = rss_kib();
	t0 = now_s();
	if ((r = run_new(m, &o, &rerr)) == NULL) {
		fprintf(stderr, "bench-models: %s\n", rerr);
		return 1;
	}
	setup = now_s() - t0;
	t0 = now_s();
	if (run_finish(r) != 0) {
		fprintf(stderr, "bench-models: the run failed\n");
		return 1;
	}
	t = now_s() - t0;
	getrusage(RUSAGE_SELF, &ru);
	printf("bench-models: --tables=%ld salmon dinner, coroutines\n", tables);
	printf("  setting up %ld kitchens and %zu recipe runs: %.3f s\n",
	       tables, run_result(r)->ndishes, setup);
	rate = (double)run_events(r) / t / 1e6;
	printf("  %llu events in %.3f s: %.2f M events/s (%.2f M/s with set-up)"
	       "   target >= 1 M/s: %s\n",
	       (unsigned long long)run_events(r), t, rate,
	       (double)run_events(r) / (t + setup) / 1e6,
	       rate >= 1.0 ? "meets" : "MISSES");
	printf("  engine state: %zu bytes per recipe run (state + one timer)\n",
	       run_result(r)->state_bytes_per_run);
	/* ru_maxrss and statm count slightly differently: the peak is at
	 * least what is resident now. */
	now_kib = rss_kib();
	printf("  resident: %ld KiB before, %ld KiB with the run; peak %ld KiB\n",
	       before, now_kib, ru.ru_maxrss > now_kib ? ru.ru_maxrss : now_kib);
	run_free(r);
	menu_free(m);
	fclose(devnull);
	return 0;
}
