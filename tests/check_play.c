/* SPDX-License-Identifier: ISC */
/*
 * check_play.c - play's engine side: the search's optimum against plain
 * enumeration of every decision sequence, undo by replay landing on the
 * same state, the first loss found where enumeration says time was lost,
 * and break-it goals read from the run's outcome.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "decide.h"
#include "level.h"
#include "play.h"

#ifndef KT_SRCDATADIR
#define KT_SRCDATADIR "data"
#endif

static const char *
data_dir(void)
{
	const char *env = getenv("KITCHEN_TUI_DATA");

	return env != NULL && *env != '\0' ? env : KT_SRCDATADIR;
}

static struct menu *
menu_named(const char *name)
{
	struct menu *m;
	char *err = NULL;

	ck_assert_msg(catalog_load_menu(data_dir(), name, &m, &err) == 0, "%s",
	    err ? err : "?");
	return m;
}

/* Every decision sequence, depth first, by replay: the best (bad, total). */
struct brute {
	const struct menu *m;
	struct run_opts o;
	size_t path[64];
	size_t best_bad;
	sched_ms best_total;
	bool found;
	unsigned long leaves;
};

static void
brute(struct brute *b, size_t depth)
{
	const struct run_decision *d;
	const char *err;
	struct run *r = run_new(b->m, &b->o, &err);
	size_t i, n, bad;

	ck_assert_ptr_nonnull(r);
	for (i = 0; i < depth; i++) {
		ck_assert_int_eq(run_to_decision(r), 1);
		ck_assert_int_eq(run_choose(r, b->path[i]), 0);
	}
	ck_assert_int_ge(run_to_decision(r), 0);
	if ((d = run_decision(r)) == NULL) {
		bad = play_bad_dishes(r);
		if (!b->found || bad < b->best_bad || (bad == b->best_bad &&
		    run_result(r)->total < b->best_total)) {
			b->found = true;
			b->best_bad = bad;
			b->best_total = run_result(r)->total;
		}
		b->leaves++;
		run_free(r);
		return;
	}
	n = d->n;
	run_free(r);
	ck_assert_uint_lt(depth, 64);
	for (i = 0; i < n; i++) {
		b->path[depth] = i;
		brute(b, depth + 1);
	}
}

static const struct {
	const char *menu;
	enum model_id model;
	int cooks;
	bool gil, locks;
} cases[] = {
	{ "salad-and-potatoes", MODEL_COROUTINES, 1, true, false },
	{ "one-tray-oven", MODEL_COROUTINES, 1, true, false },
	{ "rice-and-beans", MODEL_CALLBACKS, 1, true, false },
	{ "salmon-dinner", MODEL_COROUTINES, 1, true, false },
	{ "stir-fry", MODEL_COROUTINES, 1, true, false },
	{ "chicken-dinner", MODEL_COROUTINES, 1, true, false },
	{ "chicken-dinner", MODEL_PROCESSES, 2, true, false },
	{ "salmon-dinner", MODEL_THREADS, 1, true, true },
};

START_TEST(test_search_matches_enumeration)
{
	struct menu *m = menu_named(cases[_i].menu);
	struct play_found f;
	struct brute b;

	memset(&b, 0, sizeof b);
	b.m = m;
	run_opts_default(&b.o);
	b.o.model = cases[_i].model;
	b.o.cooks = cases[_i].cooks;
	b.o.gil = cases[_i].gil;
	b.o.locks = cases[_i].locks;
	b.o.decide = true;
	b.o.keep_spans = false;
	brute(&b, 0);
	ck_assert(b.found);
	ck_assert_int_eq(play_search_best(m, &b.o, NULL, 0, PLAY_NODE_LIMIT, &f), 0);
	ck_assert(f.found);
	ck_assert(f.proved);
	ck_assert_msg(f.bad == b.best_bad && f.total == b.best_total,
	    "%s: search %zu/%lld, enumeration %zu/%lld over %lu schedules",
	    cases[_i].menu, f.bad, (long long)f.total, b.best_bad,
	    (long long)b.best_total, b.leaves);
	play_found_free(&f);
	menu_free(m);
}
END_TEST

static struct level *
level_of(const char *menu, enum model_id model, enum level_goal goal)
{
	struct level *lv = calloc(1, sizeof *lv);

	ck_assert_ptr_nonnull(lv);
	run_opts_default(&lv->run);
	lv->run.cooks = 0;
	lv->run.model = model;
	lv->goal = goal;
	lv->name = strdup("t");
	lv->title = strdup("T");
	lv->path = strdup("t.level");
	lv->menu = strdup(menu);
	lv->stars[0] = 100;
	lv->stars[1] = 90;
	lv->stars[2] = 75;
	return lv;
}

/* FIFO at the one decision of salad-and-potatoes: the report's figures
 * come from runs, the loss sits at decision 1 and costs the difference. */
START_TEST(test_report_first_loss)
{
	struct menu *m = menu_named("salad-and-potatoes");
	struct level *lv = level_of("salad-and-potatoes", MODEL_COROUTINES,
	    GOAL_SHORTEST);
	struct play_report rep;
	struct play p;
	const char *err;

	ck_assert_int_eq(play_new(&p, lv, m, &err), 0);
	ck_assert_int_eq(play_advance(&p), 0);
	ck_assert_ptr_nonnull(play_decision(&p));
	ck_assert_int_eq(play_choose(&p, 0), 0);
	ck_assert_int_eq(play_advance(&p), 0);
	ck_assert(play_over(&p));
	ck_assert_int_eq(play_report(&p, &rep, &err), 0);
	ck_assert_int_eq(rep.student_total, rep.fifo_total);
	ck_assert_int_lt(rep.best.total, rep.student_total);
	ck_assert_int_eq(rep.score, (int)(100 * rep.best.total / rep.student_total));
	ck_assert(!rep.goal_met);
	ck_assert(rep.loss.found);
	ck_assert_uint_eq(rep.loss.decision, 0);
	ck_assert_int_eq(rep.loss.cost, rep.student_total - rep.best.total);
	ck_assert_str_eq(m->recipes[rep.loss.chose_recipe]->name, "chopped-salad");
	ck_assert_str_eq(m->recipes[rep.loss.better_recipe]->name, "potatoes");
	play_report_free(&rep);

	/* Undo, then the other choice: the optimum, score 100, no loss. */
	ck_assert_int_eq(play_undo(&p), 0);
	ck_assert_ptr_nonnull(play_decision(&p));
	ck_assert_uint_eq(p.nmoves, 0);
	ck_assert_int_eq(play_choose(&p, 1), 0);
	ck_assert_int_eq(play_advance(&p), 0);
	ck_assert_int_eq(play_report(&p, &rep, &err), 0);
	ck_assert_int_eq(rep.score, 100);
	ck_assert(rep.goal_met);
	ck_assert(!rep.loss.found);
	ck_assert_int_eq(rep.stars, 3);
	play_report_free(&rep);
	ck_assert_int_eq(play_undo(&p), 0);
	ck_assert_int_eq(play_undo(&p), -1);    /* nothing left to take back */

	/* Within 10 minutes of the optimum: the FIFO dinner (8 minutes
	 * longer) meets the goal, with the same score. */
	lv->goal = GOAL_WITHIN;
	lv->within = 10 * 60000;
	ck_assert_int_eq(play_choose(&p, 0), 0);
	ck_assert_int_eq(play_advance(&p), 0);
	ck_assert_int_eq(play_report(&p, &rep, &err), 0);
	ck_assert(rep.goal_met);
	ck_assert_int_lt(rep.score, 100);
	play_report_free(&rep);
	lv->within = 5 * 60000;
	ck_assert_int_eq(play_report(&p, &rep, &err), 0);
	ck_assert(!rep.goal_met);
	play_report_free(&rep);
	play_free(&p);
	level_free(lv);
	menu_free(m);
}
END_TEST

/* Undo lands on the state the decision had: same hash as a fresh replay. */
START_TEST(test_undo_same_state)
{
	struct menu *m = menu_named("chicken-dinner");
	struct level *lv = level_of("chicken-dinner", MODEL_PROCESSES, GOAL_SHORTEST);
	struct play p;
	const char *err;
	uint64_t h[4];
	size_t k;

	lv->run.cooks = 2;
	ck_assert_int_eq(play_new(&p, lv, m, &err), 0);
	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(play_advance(&p), 0);
		ck_assert_ptr_nonnull(play_decision(&p));
		h[k] = run_state_hash(p.run);
		ck_assert_int_eq(play_choose(&p, play_decision(&p)->n - 1), 0);
	}
	for (k = 4; k-- > 0;) {
		ck_assert_int_eq(play_undo(&p), 0);
		ck_assert_uint_eq(run_state_hash(p.run), h[k]);
	}
	play_free(&p);
	level_free(lv);
	menu_free(m);
}
END_TEST

/* A lost update is read off the run: dressing-race under threads needs
 * one preemption, and the search's own schedule reaches it. */
START_TEST(test_goal_lose_update)
{
	struct menu *m = menu_named("dressing-race");
	struct level *lv = level_of("dressing-race", MODEL_THREADS, GOAL_LOSE_UPDATE);
	struct play_found f;
	struct play_report rep;
	struct play p;
	const char *err;
	size_t i;

	ck_assert_int_eq(play_best(lv, m, &f), 0);
	ck_assert(f.found && f.proved);
	ck_assert_uint_eq(f.forced, 1);
	ck_assert_int_eq(play_new(&p, lv, m, &err), 0);
	for (i = 0; i < f.nmoves; i++) {
		ck_assert_int_eq(play_advance(&p), 0);
		ck_assert_ptr_nonnull(play_decision(&p));
		ck_assert_int_eq(play_choose(&p, f.moves[i]), 0);
	}
	ck_assert_int_eq(play_advance(&p), 0);
	ck_assert(play_over(&p));
	ck_assert(play_goal_reached(p.run, GOAL_LOSE_UPDATE));
	ck_assert_int_eq(play_report(&p, &rep, &err), 0);
	ck_assert(rep.goal_met);
	ck_assert_int_eq(rep.score, 100);
	ck_assert_uint_eq(rep.forced, 1);
	play_report_free(&rep);
	play_free(&p);
	play_found_free(&f);

	/* Without preemptions, as coroutines run, no update is lost. */
	lv->run.model = MODEL_COROUTINES;
	ck_assert_int_eq(play_best(lv, m, &f), 0);
	ck_assert(!f.found);
	ck_assert(f.proved);
	play_found_free(&f);
	level_free(lv);
	menu_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("play");
	TCase *tc = tcase_create("play");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_search_matches_enumeration, 0,
	    (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, test_report_first_loss);
	tcase_add_test(tc, test_undo_same_state);
	tcase_add_test(tc, test_goal_lose_update);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
