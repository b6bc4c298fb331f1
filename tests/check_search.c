/* SPDX-License-Identifier: ISC */
/*
 * check_search.c - solve and explore (search.h) held to plain
 * enumeration, to the FIFO loop, to the races they must find, and to
 * schedule counts worked out by hand.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck-util.h"
#include "catalog.h"
#include "decide.h"
#include "genmenu.h"
#include "model.h"
#include "search.h"

static struct run_opts
opts_of(enum model_id model, bool locks)
{
	struct run_opts o;

	run_opts_default(&o);
	o.model = model;
	o.locks = locks;
	return o;
}

/* ---- plain enumeration ------------------------------------------------------- */

struct brute {
	const struct menu *m;
	struct run_opts o;
	size_t best_ruined;
	sched_ms best_total;
	uint64_t leaves;
	size_t path[256];
};

/* Replay path[0..d) on a fresh run, then try every choice: no bound, no
 * merging, no snapshot: nothing of the solver's machinery. */
static void
brute_walk(struct brute *b, size_t d)
{
	const char *err = NULL;
	struct run *r = run_new(b->m, &b->o, &err);
	const struct run_decision *dec;
	size_t i, n, k = 0;
	int rc;

	ck_assert_msg(r != NULL, "%s", err ? err : "?");
	while ((rc = run_to_decision(r)) == 1 && k < d)
		ck_assert_int_eq(run_choose(r, b->path[k++]), 0);
	ck_assert_int_ge(rc, 0);
	ck_assert_uint_eq(k, d);
	if ((dec = run_decision(r)) == NULL) {
		size_t ruined = run_ruined(r);
		sched_ms t = run_result(r)->total;

		if (b->leaves == 0 || ruined < b->best_ruined ||
		    (ruined == b->best_ruined && t < b->best_total)) {
			b->best_ruined = ruined;
			b->best_total = t;
		}
		b->leaves++;
		run_free(r);
		return;
	}
	n = dec->n;
	run_free(r);
	ck_assert_uint_lt(d, 256);
	for (i = 0; i < n; i++) {
		b->path[d] = i;
		brute_walk(b, d + 1);
	}
}

static void
solve_ok(const struct menu *m, const struct run_opts *o,
	 struct solve_result *res)
{
	const char *err = NULL;

	ck_assert_msg(search_solve(m, o, NULL, res, &err) == 0, "solve: %s",
		      err ? err : "?");
	ck_assert(res->found);
	ck_assert(res->proved);
	ck_assert_int_eq(res->lower_bound, res->best_total);
}

/* Replay a path with the chooser on a run that keeps its spans, as
 * --schedule does: it must match all the way and end at total. */
static void
replay_gives(const struct menu *m, const struct run_opts *o,
	     const struct search_path *p, size_t ruined, sched_ms total)
{
	struct run_opts ro = *o;
	struct search_replay rp = { p, 0, false, false };
	const char *err = NULL;
	struct run *r;

	ro.decide = true;
	ro.keep_spans = true;
	r = run_new(m, &ro, &err);
	ck_assert_ptr_nonnull(r);
	run_set_chooser(r, search_replay_chooser, &rp);
	ck_assert_int_eq(run_finish(r), 0);
	ck_assert_msg(!rp.failed, "replay stopped at decision %zu", rp.mismatch);
	ck_assert(run_done(r));
	ck_assert_uint_eq(run_decisions_taken(r), p->n);
	ck_assert_int_eq(run_result(r)->total, total);
	ck_assert_uint_eq(run_ruined(r), ruined);
	run_free(r);
}

/* All generated menus of at most 6 steps in all, 50 per loop (600 in
 * all): the solver and plain enumeration agree exactly on the fewest
 * ruined and the shortest total. */
START_TEST(test_solver_vs_brute)
{
	struct genmenu g = { 1000 + (uint64_t)_i, 4, 6, 600 };
	struct solve_result res;
	int round;

	for (round = 0; round < 50; round++) {
		struct menu *m = genmenu_make(&g);
		struct run_opts o = opts_of(MODEL_COROUTINES, round % 3 == 2);
		struct brute b;

		/* One in five with two cooperative cooks (--solve --cooks=2). */
		if (round % 5 == 4)
			o.cooks = 2;
		memset(&b, 0, sizeof b);
		b.m = m;
		b.o = o;
		ck_assert_uint_le(genmenu_steps(m), 6);
		b.o.decide = true;
		b.o.keep_spans = false;
		brute_walk(&b, 0);
		solve_ok(m, &o, &res);
		ck_assert_msg(res.best_ruined == b.best_ruined &&
			      res.best_total == b.best_total,
			      "menu %d/%d: solve %zu ruined %lld ms, brute %zu ruined %lld ms (%llu leaves)",
			      _i, round, res.best_ruined, (long long)res.best_total,
			      b.best_ruined, (long long)b.best_total,
			      (unsigned long long)b.leaves);
		replay_gives(m, &o, &res.best, res.best_ruined, res.best_total);
		solve_result_free(&res);
		menu_free(m);
	}
}
END_TEST

/* The FIFO loop's dinner (the plain coroutines model) is never better
 * than the optimum, and the optimum replays to its total. */
static void
fifo_bound(const struct menu *m, const char *what)
{
	struct run_opts o = opts_of(MODEL_COROUTINES, false);
	struct solve_result res;
	const char *err = NULL;
	struct run *fifo = run_new(m, &o, &err);
	size_t fr;
	sched_ms ft;

	ck_assert_ptr_nonnull(fifo);
	ck_assert_int_eq(run_finish(fifo), 0);
	fr = run_ruined(fifo);
	ft = run_result(fifo)->total;
	solve_ok(m, &o, &res);
	ck_assert_msg(res.best_ruined < fr ||
		      (res.best_ruined == fr && res.best_total <= ft),
		      "%s: optimal %zu ruined %lld ms, FIFO %zu ruined %lld ms",
		      what, res.best_ruined, (long long)res.best_total, fr,
		      (long long)ft);
	replay_gives(m, &o, &res.best, res.best_ruined, res.best_total);
	solve_result_free(&res);
	run_free(fifo);
}

START_TEST(test_fifo_bound_shipped)
{
	static const char *const names[] = {
		"salmon-dinner", "chicken-dinner", "stir-fry"
	};
	struct menu *m = ck_load(names[_i]);

	fifo_bound(m, names[_i]);
	menu_free(m);
}
END_TEST

START_TEST(test_fifo_bound_generated)
{
	struct genmenu g = { 5000 + (uint64_t)_i, 4, 9, 900 };
	char what[40];
	int round;

	for (round = 0; round < 40; round++) {
		struct menu *m = genmenu_make(&g);

		snprintf(what, sizeof what, "generated %d/%d", _i, round);
		fifo_bound(m, what);
		menu_free(m);
	}
}
END_TEST

/* The shipped salmon dinner: the optimum beats the FIFO loop, which
 * gives the cook to the rice at 0:00 (the first in line). */
START_TEST(test_salmon_dinner_optimum)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run_opts o = opts_of(MODEL_COROUTINES, false);
	struct solve_result res;

	solve_ok(m, &o, &res);
	ck_assert_uint_eq(res.best_ruined, 0);
	ck_assert_uint_gt(res.best.n, 0);
	ck_assert_int_eq(res.best.v[0].at, 0);
	solve_result_free(&res);
	menu_free(m);
}
END_TEST

/* ---- explore ------------------------------------------------------------------ */

static void
explore_ok(const struct menu *m, const struct run_opts *o, int k,
	   struct explore_result *res)
{
	const char *err = NULL;

	ck_assert_msg(search_explore(m, o, k, NULL, res, &err) == 0,
		      "explore: %s", err ? err : "?");
	ck_assert(res->complete);
}

static int
recipe_index(const struct menu *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nrecipes; i++)
		if (strcmp(m->recipes[i]->name, name) == 0)
			return (int)i;
	ck_abort_msg("no recipe %s", name);
	return -1;
}

/* Without locks, some schedules of chicken-dinner under threads ruin the
 * salmon (the chicken sets the oven to 425F while it bakes at 350F); each
 * class's example replays to its outcome. */
START_TEST(test_explore_salmon_race)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run_opts o = opts_of(MODEL_THREADS, false);
	struct explore_result res;
	uint64_t salmon = (uint64_t)1 << recipe_index(m, "salmon"), sum = 0;
	bool found = false;
	size_t i;

	explore_ok(m, &o, 2, &res);
	ck_assert_uint_gt(res.schedules, 1);
	for (i = 0; i < res.nclasses; i++) {
		const struct explore_class *c = &res.classes[i];

		sum += c->count;
		if (c->kind == EXPLORE_RUINED && (c->dishes & salmon)) {
			found = true;
			ck_assert_ptr_nonnull(strstr(c->why, "salmon"));
		}
		ck_assert_int_le(c->min_total, c->example_total);
		ck_assert_int_le(c->example_total, c->max_total);
		replay_gives(m, &o, &c->example,
			     search_dish_count(c->kind == EXPLORE_RUINED ?
			     c->dishes : 0),
			     c->example_total);
	}
	ck_assert_msg(found, "no schedule ruins the salmon");
	ck_assert_uint_eq(sum, res.schedules);
	explore_result_free(&res);
	menu_free(m);
}
END_TEST

/* With locks, no schedule ruins a dish: the salmon holds the oven from
 * its preheat to the end of its bake, and the chicken's work then never
 * meets another recipe's, so the threads have no choice left at all. */
START_TEST(test_explore_locks_safe)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run_opts o = opts_of(MODEL_THREADS, true);
	struct explore_result res;
	size_t i;

	explore_ok(m, &o, 2, &res);
	ck_assert_uint_ge(res.schedules, 1);
	for (i = 0; i < res.nclasses; i++)
		ck_assert_int_eq(res.classes[i].kind, EXPLORE_OK);
	explore_result_free(&res);
	menu_free(m);
}
END_TEST

/* More preemptions never find fewer schedules. */
START_TEST(test_explore_monotone)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run_opts o = opts_of(MODEL_THREADS, false);
	struct explore_result a, b;

	explore_ok(m, &o, 0, &a);
	explore_ok(m, &o, 1, &b);
	ck_assert_uint_le(a.schedules, b.schedules);
	explore_result_free(&a);
	explore_result_free(&b);
	menu_free(m);
}
END_TEST

/* dressing-race: under threads without locks some schedules lose an
 * update (a dish short of dressing); with locks none do; under coroutines
 * no schedule does, because a step of work has no await in it. */
static uint64_t
ruining(const struct menu *m, enum model_id model, bool locks)
{
	struct run_opts o = opts_of(model, locks);
	struct explore_result res;
	uint64_t n = 0;
	size_t i;

	explore_ok(m, &o, 2, &res);
	ck_assert_uint_ge(res.schedules, 1);
	for (i = 0; i < res.nclasses; i++)
		if (res.classes[i].kind == EXPLORE_RUINED) {
			ck_assert_ptr_nonnull(strstr(res.classes[i].why, "dressing"));
			n += res.classes[i].count;
		}
	explore_result_free(&res);
	return n;
}

START_TEST(test_explore_dressing_race)
{
	struct menu *m = ck_load("dressing-race");

	ck_assert_uint_gt(ruining(m, MODEL_THREADS, false), 0);
	ck_assert_uint_eq(ruining(m, MODEL_THREADS, true), 0);
	ck_assert_uint_eq(ruining(m, MODEL_COROUTINES, false), 0);
	menu_free(m);
}
END_TEST

/* knife-and-board: some schedules deadlock (each recipe holds what the
 * other waits for), named with their cycle; the example replays into the
 * same deadlock.  knife-and-board-ordered: none does. */
START_TEST(test_explore_knife_and_board)
{
	struct menu *m = ck_load("knife-and-board");
	struct menu *o2 = ck_load("knife-and-board-ordered");
	struct run_opts o = opts_of(MODEL_THREADS, false);
	struct explore_result res;
	const struct explore_class *dl = NULL;
	struct search_replay rp = { NULL, 0, false, false };
	const char *err = NULL;
	struct run *r;
	size_t i;

	explore_ok(m, &o, 2, &res);
	for (i = 0; i < res.nclasses; i++)
		if (res.classes[i].kind == EXPLORE_DEADLOCK)
			dl = &res.classes[i];
	ck_assert_msg(dl != NULL, "no schedule of knife-and-board deadlocks");
	ck_assert_ptr_nonnull(strstr(dl->why, "knife"));
	ck_assert_ptr_nonnull(strstr(dl->why, "board"));
	ck_assert_int_eq(res.classes[0].kind, EXPLORE_OK);
	o.decide = true;
	r = run_new(m, &o, &err);
	ck_assert_ptr_nonnull(r);
	rp.path = &dl->example;
	run_set_chooser(r, search_replay_chooser, &rp);
	ck_assert_int_eq(run_finish(r), 0);
	ck_assert(!rp.failed);
	ck_assert_ptr_nonnull(run_deadlock(r));
	run_free(r);
	explore_result_free(&res);

	o = opts_of(MODEL_THREADS, false);
	explore_ok(o2, &o, 2, &res);
	ck_assert_uint_gt(res.schedules, 1);
	for (i = 0; i < res.nclasses; i++)
		ck_assert_int_ne(res.classes[i].kind, EXPLORE_DEADLOCK);
	explore_result_free(&res);
	menu_free(m);
	menu_free(o2);
}
END_TEST

/*
 * The toy: two recipes, A and B, each two work steps of 4 s (shorter
 * than the shortest time slice, 5 s, so slices never cut a step: the
 * only switch points are the start, the step boundaries and the ends).
 * Under threads with one cook the schedules are the orders of A1 A2 B1 B2
 * that keep each recipe's steps in order: C(4,2) = 6.  Counting the
 * preemptions (a switch away from a recipe whose next step could run):
 *   AABB 0, BBAA 0;  ABBA 1, BAAB 1;  ABAB 2, BABA 2.
 * So K=0 gives 2 schedules, K=1 gives 4, K=2 gives 6 (and K=3 still 6).
 * Every one ends in its own state (the dishes are ready at different
 * times), so merging changes none of these counts.
 * Under coroutines the cook stays through consecutive work: only who
 * starts is a choice, 2 schedules.
 */
START_TEST(test_toy_counts)
{
	static const uint64_t want[] = { 2, 4, 6, 6 };
	struct menu *m = genmenu_empty();
	struct recipe *a = genmenu_add_recipe(m, "A");
	struct recipe *b = genmenu_add_recipe(m, "B");
	struct run_opts o = opts_of(MODEL_THREADS, false);
	struct explore_result res;
	int k;

	genmenu_add_step(a, ACT_WORK, APP_NONE, 4000, 0);
	genmenu_add_step(a, ACT_WORK, APP_NONE, 4000, 0);
	genmenu_add_step(b, ACT_WORK, APP_NONE, 4000, 0);
	genmenu_add_step(b, ACT_WORK, APP_NONE, 4000, 0);
	for (k = 0; k < 4; k++) {
		explore_ok(m, &o, k, &res);
		ck_assert_msg(res.schedules == want[k], "K=%d: %llu schedules",
			      k, (unsigned long long)res.schedules);
		ck_assert_uint_eq(res.nclasses, 1);
		ck_assert_int_eq(res.classes[0].kind, EXPLORE_OK);
		explore_result_free(&res);
	}
	o = opts_of(MODEL_COROUTINES, false);
	explore_ok(m, &o, 2, &res);
	ck_assert_uint_eq(res.schedules, 2);
	explore_result_free(&res);
	menu_free(m);
}
END_TEST

/* A stop callback ends a search early: the solver then has a schedule
 * (the FIFO one at least) and says it is not proved. */
static bool
stop_now(void *ctx)
{
	(void)ctx;
	return true;
}

START_TEST(test_stop_early)
{
	struct genmenu g = { 99, 5, 14, 900 };
	struct menu *m = genmenu_make(&g);
	struct run_opts o = opts_of(MODEL_COROUTINES, false);
	struct search_limits lim = { stop_now, NULL };
	struct solve_result res;
	struct explore_result ex;
	const char *err = NULL;

	ck_assert_int_eq(search_solve(m, &o, &lim, &res, &err), 0);
	if (res.nodes >= SEARCH_POLL) {
		ck_assert(res.stopped);
		ck_assert(!res.proved);
		ck_assert(res.found);
		ck_assert_int_le(res.lower_bound, res.best_total);
	}
	solve_result_free(&res);
	o.model = MODEL_THREADS;
	ck_assert_int_eq(search_explore(m, &o, 3, &lim, &ex, &err), 0);
	if (ex.nodes >= SEARCH_POLL)
		ck_assert(!ex.complete);
	explore_result_free(&ex);
	ck_assert_int_eq(search_explore(m, &o, -1, NULL, &ex, &err), -1);
	menu_free(m);
}
END_TEST

static Suite *
search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("solve");
	TCase *te = tcase_create("explore");

	tcase_set_timeout(tc, 300);
	tcase_set_timeout(te, 300);
	tcase_add_loop_test(tc, test_solver_vs_brute, 0, 12);
	tcase_add_loop_test(tc, test_fifo_bound_shipped, 0, 3);
	tcase_add_loop_test(tc, test_fifo_bound_generated, 0, 5);
	tcase_add_test(tc, test_salmon_dinner_optimum);
	tcase_add_test(tc, test_stop_early);
	tcase_add_test(te, test_explore_salmon_race);
	tcase_add_test(te, test_explore_locks_safe);
	tcase_add_test(te, test_explore_monotone);
	tcase_add_test(te, test_toy_counts);
	tcase_add_test(te, test_explore_knife_and_board);
	tcase_add_test(te, test_explore_dressing_race);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, te);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(search_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
