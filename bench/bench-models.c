/* SPDX-License-Identifier: ISC */
/*
 * bench-models.c - figures for the models (make bench), never assertions:
 *  1. a whole salmon dinner per model in batch (run, finish, text report),
 *     in microseconds: median (min-max) of 5 repetitions after a warm-up;
 *  2. the restaurant: --tables=N of the salmon dinner under coroutines
 *     (spans counted, not kept, as batch does) at 10k, 100k and 1M tables,
 *     each in a child of its own so that its peak resident size is its
 *     own: CPU seconds, events per second, peak RSS per table, and the
 *     growth from 10k to 1M;
 *  3. the program itself, as a user runs it: `kitchen-tui --batch
 *     --tables=1000000` for one model and with --compare, CPU seconds and
 *     peak RSS from wait4(2), beside the targets.
 *
 * Usage: bench-models [KITCHEN-TUI]   (the binary for part 3; skipped
 * without it).  The menu comes from $KITCHEN_TUI_DATA like the program's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "model.h"
#include "report.h"

#define REPS 5

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_s(const struct rusage *ru)
{
	return (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 +
	    (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts v; prints "median (min-max)" with one decimal. */
static void
print_stat(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	printf("%.1f (%.1f-%.1f)", v[n / 2], v[0], v[n - 1]);
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

/* What one restaurant child reports back. */
struct resto {
	double setup_cpu, run_cpu, run_wall;
	unsigned long long events;
	long peak_kib;
	size_t state_bytes;
	int ok;
};

/* --tables=tables under coroutines, in a child: its own peak RSS. */
static int
restaurant(const struct menu *m, long tables, struct resto *res)
{
	int fd[2];
	pid_t pid;
	ssize_t got;

	memset(res, 0, sizeof *res);
	fflush(stdout);
	if (pipe(fd) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		struct resto out = { 0 };
		struct run_opts o;
		struct rusage a, b, c;
		const char *err;
		struct run *r;
		double t0;

		close(fd[0]);
		run_opts_default(&o);
		o.model = MODEL_COROUTINES;
		o.tables = tables;
		o.keep_spans = false;
		getrusage(RUSAGE_SELF, &a);
		if ((r = run_new(m, &o, &err)) != NULL) {
			getrusage(RUSAGE_SELF, &b);
			t0 = now_s();
			if (run_finish(r) == 0) {
				out.run_wall = now_s() - t0;
				getrusage(RUSAGE_SELF, &c);
				out.setup_cpu = cpu_s(&b) - cpu_s(&a);
				out.run_cpu = cpu_s(&c) - cpu_s(&b);
				out.events = run_events(r);
				out.peak_kib = c.ru_maxrss;
				out.state_bytes = run_result(r)->state_bytes_per_run;
				out.ok = 1;
			}
		}
		if (write(fd[1], &out, sizeof out) != (ssize_t)sizeof out)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	got = read(fd[0], res, sizeof *res);
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return got == (ssize_t)sizeof *res && res->ok ? 0 : -1;
}

/* The real binary with args: CPU seconds and peak RSS (KiB) of the child. */
static int
program(const char *bin, char *const argv[], double *cpu, long *peak_kib,
	double *wall)
{
	struct rusage ru;
	int status;
	pid_t pid;
	double t0 = now_s();

	fflush(stdout);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execv(bin, argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	*wall = now_s() - t0;
	*cpu = cpu_s(&ru);
	*peak_kib = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const long sizes[] = { 10000, 100000, 1000000 };
	struct resto rs[3];
	struct menu *m = NULL;
	const char *bin = argc > 1 ? argv[1] : NULL;
	char *err = NULL;
	double v[REPS];
	FILE *devnull;
	int i, r, n, model, k;

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
	printf("bench-models: the salmon dinner in batch (run + text report),"
	    " median (min-max) of %d runs after a warm-up\n", REPS);
	for (model = 0; model < MODEL_COUNT; model++) {
		n = 1000;
		for (r = -1; r < REPS; r++) {
			double t0 = now_s();

			for (i = 0; i < n; i++)
				if (dinner(m, (enum model_id)model, devnull) != 0)
					return 1;
			if (r >= 0)
				v[r] = (now_s() - t0) / n * 1e6;
		}
		printf("  %-11s ", model_name((enum model_id)model));
		print_stat(v, REPS);
		printf(" us per dinner\n");
	}

	printf("bench-models: the restaurant, --tables=N salmon dinners under"
	    " coroutines (each size in a child of its own)\n");
	printf("  %9s %10s %10s %12s %12s %12s\n", "tables", "setup CPU",
	    "run CPU", "M events/s", "peak RSS", "B per table");
	for (k = 0; k < 3; k++) {
		if (restaurant(m, sizes[k], &rs[k]) != 0) {
			printf("  %9ld (failed)\n", sizes[k]);
			rs[k].ok = 0;
			continue;
		}
		printf("  %9ld %9.3fs %9.3fs %12.2f %9.1f MiB %12.0f\n",
		    sizes[k], rs[k].setup_cpu, rs[k].run_cpu,
		    (double)rs[k].events / rs[k].run_wall / 1e6,
		    rs[k].peak_kib / 1024.0,
		    rs[k].peak_kib * 1024.0 / (double)sizes[k]);
	}
	if (rs[0].ok && rs[2].ok) {
		double tr = (rs[2].setup_cpu + rs[2].run_cpu) /
		    (rs[0].setup_cpu + rs[0].run_cpu);
		double mr = (double)rs[2].peak_kib / (double)rs[0].peak_kib;

		/*
		 * 100x the tables: linear work would be 100x; a binary
		 * heap's n log n about 100 x log(1M)/log(10k) = 150x.  The
		 * radix heap (sched-radix.h) costs per timer the bits of
		 * its delay, not of n, and the tables' timers mostly share
		 * their millisecond (batches), so the heap adds nothing that
		 * grows with n.  What we see away from 100x is memory
		 * traffic: at 1M the run's state is far larger than the
		 * caches, so an event that touches a table is a miss; below
		 * 100x when 10k tables are too few to hide the start-up.
		 * Memory grows a little less than 100x, since the program's
		 * own fixed size is part of the 10k figure.
		 */
		printf("  growth 10k -> 1M tables (100x): CPU %.0fx, peak RSS "
		    "%.0fx (linear 100x; a binary heap's n log n ~150x)\n",
		    tr, mr);
		printf("  engine state: %zu bytes per recipe run; peak RSS per "
		    "table at 1M: %.0f B   target <= 256 B: %s\n",
		    rs[2].state_bytes, rs[2].peak_kib * 1024.0 / 1e6,
		    rs[2].peak_kib * 1024.0 / 1e6 <= 256 ? "meets" : "MISSES");
	}

	if (bin != NULL && access(bin, X_OK) == 0) {
		char *one[] = { (char *)bin, "--batch", "--tables=1000000",
		    "salmon-dinner", NULL };
		char *all[] = { (char *)bin, "--batch", "--compare",
		    "--tables=1000000", "salmon-dinner", NULL };
		double cpu, wall;
		long kib;

		printf("bench-models: the program, as a user runs it\n");
		if (program(bin, one, &cpu, &kib, &wall) == 0)
			printf("  --batch --tables=1000000 (coroutines): %.2f s "
			    "CPU, %.2f s wall, peak %.0f MiB   target <= 1.0 s"
			    " CPU: %s\n", cpu, wall, kib / 1024.0,
			    cpu <= 1.0 ? "meets" : "MISSES");
		else
			printf("  --batch --tables=1000000: failed\n");
		if (program(bin, all, &cpu, &kib, &wall) == 0)
			printf("  --batch --compare --tables=1000000: %.2f s "
			    "wall, %.2f s CPU, peak %.0f MiB   target <= 5 s, "
			    "<= 1536 MiB: %s\n", wall, cpu, kib / 1024.0,
			    wall <= 5 && kib <= 1536 * 1024 ? "meets" : "MISSES");
		else
			printf("  --batch --compare --tables=1000000: failed\n");
	}
	menu_free(m);
	fclose(devnull);
	return 0;
}
