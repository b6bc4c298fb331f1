/* SPDX-License-Identifier: ISC */
/*
 * check_decide.c - the decision-point interface (decide.h): a decided run
 * that always takes the first choice is the plain model's dinner; same-
 * instant askers are all choices; snapshots continue exactly like the
 * original; equal states hash equal; the lower bound never overshoots.
 */
#include "config.h"

#include <check.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck-util.h"
#include "catalog.h"
#include "decide.h"
#include "genmenu.h"
#include "model.h"

static const char *const shipped[] = {
	"salmon-dinner", "chicken-dinner", "stir-fry"
};

static int mk_cooks;            /* 0: the menu's */
static bool mk_nogil;

static struct run *
mk(const struct menu *m, enum model_id model, bool locks, bool decide,
   bool keep)
{
	struct run_opts o;
	struct run *r;
	const char *err = NULL;

	run_opts_default(&o);
	o.cooks = mk_cooks;
	o.gil = !mk_nogil;
	o.model = model;
	o.locks = locks;
	o.decide = decide;
	o.keep_spans = keep;
	r = run_new(m, &o, &err);
	ck_assert_msg(r != NULL, "run_new: %s", err ? err : "?");
	return r;
}

/* Dishes equal, one by one. */
static void
same_dishes(const struct run *a, const struct run *b, const char *what)
{
	const struct run_result *x = run_result(a), *y = run_result(b);
	size_t i;

	ck_assert_uint_eq(x->ndishes, y->ndishes);
	for (i = 0; i < x->ndishes; i++) {
		ck_assert_msg(x->dishes[i].ready_at == y->dishes[i].ready_at,
			      "%s: dish %zu ready at %lld vs %lld", what, i,
			      (long long)x->dishes[i].ready_at,
			      (long long)y->dishes[i].ready_at);
		ck_assert_msg(x->dishes[i].ok == y->dishes[i].ok,
			      "%s: dish %zu ok differs", what, i);
	}
	ck_assert_int_eq(x->total, y->total);
}

/* The first choice, every time, through run_to_decision. */
static uint64_t
run_first(struct run *r)
{
	int rc;

	while ((rc = run_to_decision(r)) == 1)
		ck_assert_int_eq(run_choose(r, 0), 0);
	ck_assert_int_eq(rc, 0);
	ck_assert(run_done(r));
	return run_decisions_taken(r);
}

static void
fifo_same(const struct menu *m, enum model_id model, bool locks,
	  const char *name)
{
	struct run *plain = mk(m, model, locks, false, false);
	struct run *dec = mk(m, model, locks, true, false);
	char what[160];

	snprintf(what, sizeof what, "%s under %s%s", name, model_name(model),
		 locks ? " with locks" : "");
	ck_assert_int_eq(run_finish(plain), 0);
	(void)run_first(dec);
	same_dishes(plain, dec, what);
	run_free(plain);
	run_free(dec);
}

START_TEST(test_first_choice_is_fifo_shipped)
{
	struct menu *m = ck_load(shipped[_i]);
	int model, locks;

	for (model = 0; model < MODEL_COUNT; model++)
		for (locks = 0; locks < 2; locks++)
			fifo_same(m, (enum model_id)model, locks, shipped[_i]);
	menu_free(m);
}
END_TEST

START_TEST(test_first_choice_is_fifo_generated)
{
	struct genmenu g = { 77 + (uint64_t)_i, 4, 10, 300 };
	int round, model;
	char name[40];

	for (round = 0; round < 40; round++) {
		struct menu *m = genmenu_make(&g);

		snprintf(name, sizeof name, "generated %d/%d", _i, round);
		/* Two and three cooks with the GIL too (one thread works at
		 * a time, whatever the cooks).  Without the GIL, several
		 * cooks freed at one instant may be handed out in another
		 * order than the plain scheduler's (decide.h). */
		mk_cooks = 1 + round % 3;
		for (model = 0; model < MODEL_COUNT; model++) {
			if (model == MODEL_PROCESSES && mk_cooks > 1)
				continue;
			/* Cooperative models have one cook unless decided
			 * with --cooks (no plain run to compare with). */
			if (model < MODEL_THREADS) {
				int keep = mk_cooks;

				mk_cooks = 0;
				fifo_same(m, (enum model_id)model, round % 2, name);
				mk_cooks = keep;
				continue;
			}
			fifo_same(m, (enum model_id)model, round % 2, name);
		}
		mk_cooks = 0;
		mk_nogil = false;
		menu_free(m);
	}
}
END_TEST

/* Salmon dinner under coroutines: at 0:00 the salmon waits for the oven
 * and the rice and the beans both ask for the cook at once: the first
 * decision has two choices, at time 0, in the menu's order. */
START_TEST(test_same_instant_all_choices)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = mk(m, MODEL_COROUTINES, false, true, false);
	const struct run_decision *d;

	ck_assert(run_deciding(r));
	ck_assert_int_eq(run_to_decision(r), 1);
	d = run_decision(r);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->at, 0);
	ck_assert_uint_eq(d->n, 2);
	ck_assert_int_eq(d->choices[0].recipe, 1);
	ck_assert_int_eq(d->choices[1].recipe, 2);
	ck_assert_int_eq(d->choices[0].step, 0);
	ck_assert_int_eq(run_choose(r, 2), -1);
	ck_assert_int_eq(run_choose(r, 1), 0);
	ck_assert_ptr_null(run_decision(r));
	run_free(r);
	menu_free(m);
}
END_TEST

/* Sequential has no decision points: decide mode changes nothing. */
START_TEST(test_sequential_no_decisions)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = mk(m, MODEL_SEQUENTIAL, false, true, false);

	ck_assert(!run_deciding(r));
	ck_assert_int_eq(run_to_decision(r), 0);
	ck_assert_uint_eq(run_decisions_taken(r), 0);
	run_free(r);
	menu_free(m);
}
END_TEST

/* A chooser drives run_finish; one that gives up leaves the decision
 * pending, and run_step then says 2. */
static int
choose_last(void *ctx, const struct run *r, const struct run_decision *d)
{
	int *calls = ctx;

	(void)r;
	(*calls)++;
	return (int)d->n - 1;
}

static int
choose_none(void *ctx, const struct run *r, const struct run_decision *d)
{
	(void)ctx;
	(void)r;
	(void)d;
	return -1;
}

START_TEST(test_chooser)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = mk(m, MODEL_THREADS, false, true, true);
	struct run *s = mk(m, MODEL_THREADS, false, true, false);
	int calls = 0;

	run_set_chooser(r, choose_last, &calls);
	ck_assert_int_eq(run_finish(r), 0);
	ck_assert(run_done(r));
	ck_assert_int_gt(calls, 0);
	ck_assert_uint_eq(run_decisions_taken(r), (uint64_t)calls);

	run_set_chooser(s, choose_none, NULL);
	ck_assert_int_eq(run_finish(s), 0);
	ck_assert(!run_done(s));
	ck_assert_ptr_nonnull(run_decision(s));
	ck_assert_int_eq(run_step(s), 2);
	ck_assert_int_eq(run_until(s, 3600000), 0);
	ck_assert_int_eq(run_now(s), run_decision(s)->at);
	run_free(r);
	run_free(s);
	menu_free(m);
}
END_TEST

/* Walk a run taking choice (k + depth) % n; at every decision, snapshot,
 * finish the copy the same way, and check it ends where the original
 * does; also, a copy hashes like its original. */
static void
walk(struct run *r, struct run *snap, struct run *fin, unsigned k)
{
	const struct run_decision *d;
	unsigned depth = 0;
	uint64_t h;

	while (run_to_decision(r) == 1) {
		d = run_decision(r);
		ck_assert_int_eq(run_copy(snap, r), 0);
		h = run_state_hash(r);
		ck_assert(h == run_state_hash(snap));
		ck_assert_int_le(run_lower_bound(r), run_lower_bound(r));
		ck_assert_int_eq(run_choose(r, (k + depth) % d->n), 0);
		ck_assert_int_eq(run_choose(snap, (k + depth) % d->n), 0);
		ck_assert(run_state_hash(r) != h || d->n == 1);
		depth++;
	}
	ck_assert_int_eq(run_copy(fin, snap), 0);
	while (run_to_decision(fin) == 1)
		ck_assert_int_eq(run_choose(fin, 0), 0);
	same_dishes(r, fin, "copy");
	ck_assert(run_state_hash(r) == run_state_hash(fin));
}

START_TEST(test_copy_continues_alike)
{
	struct menu *m = ck_load(shipped[_i % 3]);
	enum model_id model = _i < 3 ? MODEL_COROUTINES : MODEL_THREADS;
	unsigned k;

	for (k = 0; k < 4; k++) {
		struct run *r = mk(m, model, k & 1, true, false);
		struct run *snap = mk(m, model, k & 1, true, false);
		struct run *fin = mk(m, model, k & 1, true, false);

		walk(r, snap, fin, k);
		run_free(r);
		run_free(snap);
		run_free(fin);
	}
	menu_free(m);
}
END_TEST

/* Along random paths, every state's lower bound is at most the total the
 * path ends with. */
START_TEST(test_lower_bound_sound)
{
	struct genmenu g = { 4242 + (uint64_t)_i, 4, 10, 300 };
	int round, model;

	for (round = 0; round < 30; round++) {
		struct menu *m = genmenu_make(&g);

		for (model = MODEL_CALLBACKS; model < MODEL_COUNT; model++) {
			struct run *r = mk(m, (enum model_id)model, round & 1,
					   true, false);
			sched_ms bounds[512];
			size_t nb = 0, i;

			for (;;) {
				if (nb < 512)
					bounds[nb++] = run_lower_bound(r);
				if (run_to_decision(r) != 1)
					break;
				ck_assert_int_eq(run_choose(r,
				    genmenu_next(&g, (uint32_t)run_decision(r)->n)), 0);
			}
			/* A run that deadlocks (a recipe holding one burner
			 * and waiting for another) has no total to bound. */
			for (i = 0; i < run_result(r)->ndishes; i++)
				if (run_result(r)->dishes[i].ready_at < 0)
					nb = 0;
			for (i = 0; i < nb; i++)
				ck_assert_msg(bounds[i] <= run_result(r)->total,
					      "round %d %s: bound %lld > total %lld",
					      round, model_name((enum model_id)model),
					      (long long)bounds[i],
					      (long long)run_result(r)->total);
			run_free(r);
		}
		menu_free(m);
	}
}
END_TEST

/* A snapshot allocates nothing once the copy has seen a state as large
 * (growth is once, never per event): around every copy (and hash) taken
 * all along a run, the heap in use is the same after as before (glibc's mallinfo2 counts every live block;
 * the walked run itself may grow, so only the copies are measured). */
START_TEST(test_copy_allocates_nothing)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = mk(m, MODEL_THREADS, false, true, false);
	struct run *snap = mk(m, MODEL_THREADS, false, true, false);
	size_t before, after, grown = 0, copies = 0;
	int round, rc;

	run_free(r);
	/* Rounds 0-19 warm the copy up (its heap grows to the largest state
	 * once); rounds 20-39 walk the same runs again and are measured. */
	for (round = 0; round < 40; round++) {
		r = mk(m, MODEL_THREADS, false, true, false);
		while (run_to_decision(r) == 1) {
			/* No ck_assert inside the window: Check's own
			 * bookkeeping allocates. */
			before = mallinfo2().uordblks;
			rc = run_copy(snap, r);
			(void)run_state_hash(snap);
			after = mallinfo2().uordblks;
			ck_assert_int_eq(rc, 0);
			if (round >= 20) {
				grown += after - before;
				copies++;
			}
			ck_assert_int_eq(run_choose(r, (unsigned)(round % 20) %
			    run_decision(r)->n), 0);
		}
		run_free(r);
	}
	ck_assert_uint_gt(copies, 100);
	ck_assert_uint_eq(grown, 0);
	run_free(snap);
	menu_free(m);
}
END_TEST

static Suite *
decide_suite(void)
{
	Suite *s = suite_create("decide");
	TCase *tc = tcase_create("decide");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_first_choice_is_fifo_shipped, 0, 3);
	tcase_add_loop_test(tc, test_first_choice_is_fifo_generated, 0, 5);
	tcase_add_test(tc, test_same_instant_all_choices);
	tcase_add_test(tc, test_sequential_no_decisions);
	tcase_add_test(tc, test_chooser);
	tcase_add_loop_test(tc, test_copy_continues_alike, 0, 6);
	tcase_add_loop_test(tc, test_lower_bound_sound, 0, 4);
	tcase_add_test(tc, test_copy_allocates_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(decide_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
