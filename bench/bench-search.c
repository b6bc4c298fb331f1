/* SPDX-License-Identifier: ISC */
/*
 * bench-search.c - figures for search (make bench): explore states per
 * second, solve nodes per second, the time to prove the shipped dinners,
 * chicken-dinner explored with 2 and 3 preemptions, bytes per stored
 * state, and what branching costs: a snapshot (run_copy) against a replay
 * from the start, and whether a snapshot allocates.
 *
 * Usage: bench-search   (menus from $KITCHEN_TUI_DATA)
 * Prints each figure beside its target; asserts nothing.  Each timing is
 * CPU time, the best of three runs (the machine is shared).
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "decide.h"
#include "model.h"
#include "search.h"

/* CPU time of this process: on a machine shared by many, wall time
 * measures the neighbours; the search is single-threaded, so CPU time is
 * what it costs. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
figure(const char *what, double value, const char *unit, const char *target)
{
	printf("  %-46s %14.3f %-9s %s\n", what, value, unit, target);
}

static struct menu *
load(const char *name)
{
	struct menu *m = NULL;
	char *err = NULL;

	if (catalog_load_menu(catalog_data_dir(NULL), name, &m, &err) != 0) {
		fprintf(stderr, "bench-search: %s\n", err ? err : name);
		exit(1);
	}
	return m;
}

static struct run_opts
opts(enum model_id model)
{
	struct run_opts o;

	run_opts_default(&o);
	o.model = model;
	return o;
}

/* Best of three: seconds to prove m optimal, and its nodes. */
static double
solve_time(const struct menu *m, uint64_t *nodes, bool *proved)
{
	struct run_opts o = opts(MODEL_COROUTINES);
	struct solve_result res;
	const char *err = NULL;
	double best = 1e9, t;
	int i;

	for (i = 0; i < 3; i++) {
		t = now_s();
		if (search_solve(m, &o, NULL, &res, &err) != 0) {
			fprintf(stderr, "bench-search: %s\n", err);
			exit(1);
		}
		t = now_s() - t;
		if (t < best)
			best = t;
		*nodes = res.nodes;
		*proved = res.proved;
		solve_result_free(&res);
	}
	return best;
}

static double
explore_time(const struct menu *m, int k, struct explore_result *keep)
{
	struct run_opts o = opts(MODEL_THREADS);
	struct explore_result res;
	const char *err = NULL;
	double best = 1e9, t;
	int i;

	for (i = 0; i < 3; i++) {
		t = now_s();
		if (search_explore(m, &o, k, NULL, &res, &err) != 0) {
			fprintf(stderr, "bench-search: %s\n", err);
			exit(1);
		}
		t = now_s() - t;
		if (t < best)
			best = t;
		if (i == 2)
			*keep = res;
		else
			explore_result_free(&res);
	}
	return best;
}

/* Branching, two ways, at every decision of one chicken-dinner run under
 * threads: a snapshot of the state there, against replaying the choices
 * from run_new.  ns per branch, and the heap in use after the copies
 * against after the first round of them (mallinfo2: 0 means no copy
 * allocated). */
static void
branching(const struct menu *m)
{
	struct run_opts o = opts(MODEL_THREADS);
	const char *err = NULL;
	struct run *r, *snap, *rep;
	size_t depth = 0, i, d;
	double t, t_copy, t_replay;
	struct mallinfo2 before, after;
	const int rounds = 200;
	int k;

	o.decide = true;
	o.keep_spans = false;
	r = run_new(m, &o, &err);
	snap = run_new(m, &o, &err);
	if (r == NULL || snap == NULL)
		exit(1);
	/* warm up: the copy's heap grows to the largest state once */
	while (run_to_decision(r) == 1) {
		run_copy(snap, r);
		run_choose(r, 0);
		depth++;
	}
	run_free(r);

	t = now_s();
	for (k = 0; k < rounds; k++) {
		r = run_new(m, &o, &err);
		while (run_to_decision(r) == 1) {
			run_copy(snap, r);
			run_choose(r, 0);
		}
		run_free(r);
		/* The heap in use from the end of the first round on:
		 * what that round leaves in use for good (144 bytes here,
		 * and valgrind finds no leak) is not a copy's. */
		if (k == 0)
			before = mallinfo2();
	}
	t_copy = (now_s() - t) / rounds;
	after = mallinfo2();

	/* replay: reach each decision d from the start */
	t = now_s();
	for (k = 0; k < rounds / 20 + 1; k++)
		for (d = 0; d < depth; d++) {
			rep = run_new(m, &o, &err);
			for (i = 0; i < d && run_to_decision(rep) == 1; i++)
				run_choose(rep, 0);
			run_free(rep);
		}
	t_replay = (now_s() - t) / (rounds / 20 + 1);

	printf("  branching at each of %zu decisions of one chicken-dinner run (threads):\n",
	       depth);
	figure("  snapshot: run_copy + walk, us per run", t_copy * 1e6, "us",
	       "(the way search branches)");
	figure("  replay from run_new to each decision, us", t_replay * 1e6, "us",
	       "(the other way)");
	figure("  snapshot bytes per copy", (double)run_state_bytes(snap), "bytes",
	       "(copied, not allocated)");
	figure("  heap grown over the copies", (double)after.uordblks -
	       (double)before.uordblks, "bytes", "0 (no allocation per copy)");
	run_free(snap);
}

int
main(void)
{
	static const char *const proved[] = {
		"salmon-dinner", "chicken-dinner", "stir-fry"
	};
	struct explore_result e2, e3;
	struct menu *m;
	uint64_t nodes = 0;
	bool ok = false;
	double t;
	char what[80];
	size_t i;

	double la[1] = { 0 };

	printf("kitchen-tui search bench: CPU time, best of 3; figures, not assertions\n");
	if (getloadavg(la, 1) == 1)
		printf("load average %.2f on %ld CPUs\n", la[0],
		       sysconf(_SC_NPROCESSORS_ONLN));
	printf("  %-46s %14s %-9s %s\n", "figure", "value", "unit", "target");
	for (i = 0; i < 3; i++) {
		m = load(proved[i]);
		t = solve_time(m, &nodes, &ok);
		snprintf(what, sizeof what, "prove %s optimal (%llu nodes)%s",
			 proved[i], (unsigned long long)nodes, ok ? "" : " NOT PROVED");
		figure(what, t * 1e3, "ms", "well under 1000 ms");
		menu_free(m);
	}
	/* Nodes per second on a menu with a real search to do. */
	{
		const char *big = getenv("KT_BENCH_BIG");

		char *lerr = NULL;

		if (big != NULL && catalog_load_file(big, &m, &lerr) == 0) {
			t = solve_time(m, &nodes, &ok);
			snprintf(what, sizeof what, "solve %s (%llu nodes)", "big8",
				 (unsigned long long)nodes);
			figure(what, t * 1e3, "ms", "");
			figure("solve nodes per second", (double)nodes / t, "nodes/s",
			       "(no target set; peer: explore states/s)");
			menu_free(m);
		}
	}
	m = load("chicken-dinner");
	t = explore_time(m, 2, &e2);
	snprintf(what, sizeof what, "explore chicken-dinner K=2 (%llu states)",
		 (unsigned long long)e2.states);
	figure(what, t * 1e3, "ms", "under 1000 ms");
	t = explore_time(m, 3, &e3);
	snprintf(what, sizeof what, "explore chicken-dinner K=3 (%llu states)",
		 (unsigned long long)e3.states);
	figure(what, t * 1e3, "ms", "");
	figure("explore states per second (K=3)", (double)e3.states / t, "states/s",
	       ">= 1000000");
	figure("explore visits per second (K=3)", (double)e3.nodes / t, "visits/s",
	       "");
	figure("bytes per stored state (K=3 table)",
	       (double)e3.state_bytes / (double)e3.states, "bytes",
	       "(9 a slot, half full at most)");
	explore_result_free(&e2);
	explore_result_free(&e3);
	branching(m);
	menu_free(m);
	return 0;
}
