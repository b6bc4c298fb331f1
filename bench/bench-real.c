/* SPDX-License-Identifier: ISC */
/*
 * bench-real.c - the real kitchen against its model (make bench): the
 * figures of issue 14, each beside its target.  Prints, asserts nothing.
 *
 *  1. coroutines and callbacks: real total against the model's, on
 *     salmon-dinner and chicken-dinner at the default scale (target: off
 *     by at most 3%);
 *  2. stir-fry under threads with the GIL, 2 cooks against 1 (target:
 *     speed-up 0.9 to 1.1: the GIL lets one thread work at a time);
 *  3. stir-fry under threads without the GIL, and processes, 2 cooks
 *     against 1 (target: at least 1.6x on a machine with 2 free CPUs);
 *  4. chicken-dinner under real threads without locks, 20 runs: how
 *     often the salmon (or the chicken) is ruined; with --locks never;
 *  5. resident memory per recipe, measured with all of them alive:
 *     coroutines < threads < processes.
 * The load average is printed first and last: on a busy machine the
 * timings are noise, and each run says whether it was clean.
 *
 * Usage: bench-real   ($KITCHEN_TUI_DATA has the menus;
 * BENCH_REAL_RUNS (20) and BENCH_REAL_RACE_SCALE (5 ms) set part 4).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "model.h"
#include "real.h"
#include "report.h"

static const char *datadir;

static double
loadavg(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "re");

	if (f != NULL) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

struct pair {
	sched_ms sim;
	struct real_result real;
	bool ok;
};

/* Simulate and cook menu once; false (and a message) if it failed. */
static bool
cook(const char *menu_name, enum model_id model, int cooks, bool gil,
     bool locks, int scale, struct pair *p)
{
	struct menu *m = NULL;
	struct run_opts o;
	struct real_opts ro;
	struct run *r;
	const char *err;
	char *lerr = NULL, msg[300];

	memset(p, 0, sizeof *p);
	if (catalog_load_menu(datadir, menu_name, &m, &lerr) != 0) {
		fprintf(stderr, "bench-real: %s\n", lerr ? lerr : menu_name);
		free(lerr);
		return false;
	}
	run_opts_default(&o);
	o.model = model;
	o.cooks = cooks;
	o.gil = gil;
	o.locks = locks;
	if ((r = run_new(m, &o, &err)) == NULL || run_finish(r) != 0) {
		fprintf(stderr, "bench-real: %s\n", r ? "out of memory" : err);
		run_free(r);
		menu_free(m);
		return false;
	}
	p->sim = run_result(r)->total;
	memset(&ro, 0, sizeof ro);
	ro.model = model;
	ro.cooks = run_result(r)->cooks;
	ro.gil = gil;
	ro.locks = locks;
	ro.scale_ms = scale;
	ro.limit_s = REAL_DEFAULT_LIMIT_S;
	if (real_run(m, &ro, &p->real, msg, sizeof msg) != 0 ||
	    p->real.status != REAL_OK) {
		fprintf(stderr, "bench-real: %s under %s: %s\n", menu_name,
		    model_name(model), p->real.status == REAL_OK ? msg :
		    p->real.note);
		if (p->real.status != REAL_OK)
			real_result_free(&p->real);
		run_free(r);
		menu_free(m);
		return false;
	}
	real_judge(&p->real, p->sim);
	p->ok = true;
	run_free(r);
	menu_free(m);
	return true;
}

static void
clean_note(const struct pair *p)
{
	if (p->real.clean)
		puts("    clean");
	else
		printf("    NOT clean: %s\n", p->real.clean_why);
}

static void
agreement(const char *menu, enum model_id model)
{
	struct pair p;
	char a[32], b[32];
	double off;

	if (!cook(menu, model, 0, true, false, REAL_DEFAULT_SCALE_MS, &p))
		return;
	off = (double)(p.real.total - p.sim) / (double)p.sim * 100;
	report_mmss(a, sizeof a, p.real.total);
	report_mmss(b, sizeof b, p.sim);
	printf("  %-10s %-15s real %7s  model %7s  off %+5.1f%%   target: "
	    "within 3%%  %s\n", model_name(model), menu, a, b, off,
	    off <= 3 && off >= -3 ? "MET" : "MISSED");
	clean_note(&p);
	real_result_free(&p.real);
}

static void
speedup(const char *label, enum model_id model, bool gil, double lo,
	double hi)
{
	struct pair one, two;
	double x;

	if (!cook("stir-fry", model, 1, gil, false, REAL_DEFAULT_SCALE_MS, &one))
		return;
	if (!cook("stir-fry", model, 2, gil, false, REAL_DEFAULT_SCALE_MS, &two)) {
		real_result_free(&one.real);
		return;
	}
	x = two.real.total > 0 ? (double)one.real.total / (double)two.real.total : 0;
	printf("  %-26s 1 cook %.2f s, 2 cooks %.2f s (%d CPU%s): %.2fx  "
	    "(model %.2fx)  target: ", label, one.real.wall_seconds,
	    two.real.wall_seconds, two.real.cooks, two.real.cooks == 1 ? "" : "s",
	    x, two.sim > 0 ? (double)one.sim / (double)two.sim : 0);
	if (hi > 0)
		printf("%.1f to %.1fx  %s\n", lo, hi, x >= lo && x <= hi ?
		    "MET" : "MISSED");
	else
		printf("at least %.1fx  %s\n", lo, x >= lo ? "MET" : "MISSED");
	if (two.real.cooks_note[0])
		printf("    %s\n", two.real.cooks_note);
	clean_note(&one);
	clean_note(&two);
	real_result_free(&one.real);
	real_result_free(&two.real);
}

static void
race(bool locks, int runs, int scale)
{
	struct pair p;
	int i, salmon = 0, chicken = 0, done = 0, clean = 0;

	for (i = 0; i < runs; i++) {
		if (!cook("chicken-dinner", MODEL_THREADS, 0, true, locks, scale, &p))
			continue;
		done++;
		clean += p.real.clean;
		/* chicken-dinner: salmon, chicken, rice */
		salmon += !p.real.dishes[0].ok;
		chicken += !p.real.dishes[1].ok;
		real_result_free(&p.real);
	}
	printf("  threads, chicken-dinner, %s: salmon ruined in %d of %d runs, "
	    "chicken in %d (%d clean)  target: %s\n", locks ? "--locks" :
	    "no locks", salmon, done, chicken, clean, locks ?
	    (salmon + chicken == 0 ? "never  MET" : "never  MISSED") :
	    "the race shows (a figure)");
}

int
main(void)
{
	static const enum model_id mem_models[] = {
		MODEL_COROUTINES, MODEL_THREADS, MODEL_PROCESSES
	};
	double mem[3] = { 0 };
	const char *env;
	int runs = 20, scale = 5, i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct pair p;

	datadir = catalog_data_dir(NULL);
	if ((env = getenv("BENCH_REAL_RUNS")) != NULL && atoi(env) > 0)
		runs = atoi(env);
	if ((env = getenv("BENCH_REAL_RACE_SCALE")) != NULL && atoi(env) > 0 &&
	    atoi(env) <= REAL_MAX_SCALE_MS)
		scale = atoi(env);
	printf("bench-real: the real kitchen against its model; load average "
	    "%.2f on %ld CPUs at the start\n", loadavg(), cpus);

	printf("1. one loop, default scale (%d ms per virtual minute):\n",
	    REAL_DEFAULT_SCALE_MS);
	agreement("salmon-dinner", MODEL_COROUTINES);
	agreement("salmon-dinner", MODEL_CALLBACKS);
	agreement("chicken-dinner", MODEL_COROUTINES);
	agreement("chicken-dinner", MODEL_CALLBACKS);

	printf("2./3. stir-fry, 2 cooks against 1 (speed-up of the real total):\n");
	speedup("threads with the GIL", MODEL_THREADS, true, 0.9, 1.1);
	speedup("threads without the GIL", MODEL_THREADS, false, 1.6, 0);
	speedup("processes", MODEL_PROCESSES, true, 1.6, 0);

	printf("4. the oven race, %d runs each at %d ms per virtual minute:\n",
	    runs, scale);
	race(false, runs, scale);
	race(true, runs, scale);

	printf("5. resident memory per recipe, salmon-dinner, measured with all "
	    "of them alive:\n");
	for (i = 0; i < 3; i++) {
		if (!cook("salmon-dinner", mem_models[i], 0, true, false,
		    REAL_DEFAULT_SCALE_MS, &p))
			continue;
		mem[i] = p.real.memory_per_recipe;
		printf("  %-10s %.1f KiB\n", model_name(mem_models[i]),
		    mem[i] / 1024);
		real_result_free(&p.real);
	}
	printf("  target: coroutines < threads < processes  %s\n",
	    mem[0] < mem[1] && mem[1] < mem[2] ? "MET" : "MISSED");
	printf("bench-real: load average %.2f at the end\n", loadavg());
	return 0;
}
