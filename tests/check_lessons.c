/* SPDX-License-Identifier: ISC */
/*
 * check_lessons.c - issue 10 section 2: each lesson seen on its own.
 *
 *  - dressing-race: threads without locks lose an update on the shared
 *    jar (a dish short) under most seeds; coroutines, callbacks, the
 *    sequential cook, processes and threads --locks never do; the log
 *    tells the lost update step by step at the times the trace shows.
 *  - chicken-dinner: coroutines race too, and the log says why (the
 *    salmon awaited the preheat while the chicken turned the oven up).
 *  - salmon-dinner under threads is preempted in the middle of a step.
 *  - a context switch costs at most 1/20 of the mean slice, and GIL
 *    threads on stir-fry are within 5% of one recipe after another.
 *  - memory: resident beside reserved, coroutines < threads << processes.
 *  - each model's outcome in words, for the views that compare them.
 *
 * Every count and time here comes from running the engine.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck-util.h"
#include "catalog.h"
#include "model.h"
#include "outcome.h"

#define NSEEDS 20

static struct run *
cook(const struct menu *m, enum model_id model, int cooks, bool gil,
     bool locks, uint64_t seed)
{
	struct run_opts ro;
	struct run *r;

	run_opts_default(&ro);
	ro.model = model;
	ro.cooks = cooks;
	ro.gil = gil;
	ro.locks = locks;
	ro.seed = seed;
	r = ck_cook(m, &ro);
	ck_assert(run_done(r));
	return r;
}

/* Dishes short of something from a jar. */
static size_t
short_dishes(const struct run *r)
{
	const struct run_result *res = run_result(r);
	size_t i, n = 0;

	for (i = 0; i < res->ndishes; i++)
		if (!res->dishes[i].ok &&
		    strncmp(res->dishes[i].problem, "short of ", 9) == 0)
			n++;
	return n;
}

static size_t
events_with(const struct run *r, const char *text)
{
	const struct trace *tr = run_trace(r);
	size_t i, n = 0;

	for (i = 0; i < tr->nevents; i++)
		n += strstr(tr->events[i].text, text) != NULL;
	return n;
}

/* The first event holding text, or NULL. */
static const struct trace_event *
event_with(const struct run *r, const char *who, const char *text)
{
	const struct trace *tr = run_trace(r);
	size_t i, n = strlen(who);

	for (i = 0; i < tr->nevents; i++)
		if (strncmp(tr->events[i].text, who, n) == 0 &&
		    strstr(tr->events[i].text, text) != NULL)
			return &tr->events[i];
	return NULL;
}

static bool
is_cook_lane(const struct trace *tr, int lane)
{
	return strncmp(trace_lane_name(tr, lane), "cook ", 5) == 0;
}

/* When the cook first started and last finished step `step` of recipe. */
static void
work_bounds(const struct run *r, int recipe, int step, sched_ms *first,
	    sched_ms *last)
{
	const struct trace *tr = run_trace(r);
	const struct trace_span *s;
	size_t i;

	*first = -1;
	*last = -1;
	for (i = 0; i < tr->nspans; i++) {
		s = &tr->spans[i];
		if (!is_cook_lane(tr, s->lane) || s->kind != TRACE_WORK ||
		    s->recipe != recipe || s->step != step)
			continue;
		if (*first < 0 || s->start < *first)
			*first = s->start;
		if (s->end > *last)
			*last = s->end;
	}
	ck_assert_int_ge(*first, 0);
}

/* The step of recipe i that takes from a jar. */
static int
taking_step(const struct menu *m, size_t i)
{
	size_t j;

	for (j = 0; j < m->recipes[i]->nsteps; j++)
		if (m->recipes[i]->steps[j].jar != NULL)
			return (int)j;
	ck_abort_msg("recipe %s takes from no jar", m->recipes[i]->name);
	return -1;
}

/* ---- dressing-race ------------------------------------------------------- */

/* Threads without locks lose an update under at least 10 of 20 seeds,
 * with the GIL, without it, on one cook or two. */
START_TEST(test_dressing_threads_lose)
{
	static const struct { int cooks; bool gil; } cases[] = {
		{ 1, true }, { 1, false }, { 2, false }, { 2, true }
	};
	struct menu *m = ck_load("dressing-race");
	struct run *r;
	uint64_t seed;
	size_t lost = 0, c = (size_t)_i;

	for (seed = 1; seed <= NSEEDS; seed++) {
		r = cook(m, MODEL_THREADS, cases[c].cooks, cases[c].gil, false,
		    seed);
		if (short_dishes(r) > 0) {
			lost++;
			ck_assert_uint_eq(events_with(r, "update is lost"), 1);
		}
		run_free(r);
	}
	ck_assert_msg(lost >= 10, "threads (%d cooks, gil %d) lost an update "
	    "under %zu of %d seeds", cases[c].cooks, cases[c].gil, lost,
	    NSEEDS);
	menu_free(m);
}
END_TEST

/* Nobody else loses one: a step of work has no await in it, processes
 * have a jar each, and --locks holds the jar's lock for the step. */
START_TEST(test_dressing_others_never_lose)
{
	struct menu *m = ck_load("dressing-race");
	struct run *r;
	uint64_t seed;
	int model, cooks, gil;

	for (seed = 1; seed <= NSEEDS; seed++) {
		for (model = 0; model < MODEL_COUNT; model++) {
			if (model == MODEL_THREADS)
				continue;
			r = cook(m, (enum model_id)model, 0, true, false, seed);
			ck_assert_msg(short_dishes(r) == 0 &&
			    events_with(r, "update is lost") == 0,
			    "%s lost an update at seed %llu",
			    model_name((enum model_id)model),
			    (unsigned long long)seed);
			run_free(r);
		}
		for (cooks = 1; cooks <= 2; cooks++)
			for (gil = 0; gil <= 1; gil++) {
				r = cook(m, MODEL_THREADS, cooks, gil, true,
				    seed);
				ck_assert_msg(short_dishes(r) == 0,
				    "threads --locks lost an update (seed %llu, "
				    "%d cooks, gil %d)",
				    (unsigned long long)seed, cooks, gil);
				ck_assert_uint_eq(events_with(r,
				    "writes 4 tbsp"), 1);
				run_free(r);
			}
	}
	menu_free(m);
}
END_TEST

/* At the default seed the log tells the lost update step by step, each at
 * the time the cook began or ended the spoonful on its lane: both read 8
 * tbsp, both wrote 6, and the one that wrote last got nothing. */
START_TEST(test_dressing_log_step_by_step)
{
	struct menu *m = ck_load("dressing-race");
	struct run *r = cook(m, MODEL_THREADS, 0, true, false,
	    RUN_DEFAULT_SEED);
	const struct trace_event *read[2], *wrote[2];
	sched_ms first[2], last[2];
	char who[2][80];
	size_t i, late;

	ck_assert_uint_eq(m->nrecipes, 2);
	for (i = 0; i < 2; i++) {
		snprintf(who[i], sizeof who[i], "%s: ", m->recipes[i]->name);
		work_bounds(r, (int)i, taking_step(m, i), &first[i], &last[i]);
		read[i] = event_with(r, who[i], "reads the dressing jar: 8 tbsp");
		wrote[i] = event_with(r, who[i], "writes 6 tbsp");
		ck_assert_ptr_nonnull(read[i]);
		ck_assert_ptr_nonnull(wrote[i]);
		ck_assert_int_eq(read[i]->time, first[i]);
		ck_assert_int_eq(wrote[i]->time, last[i]);
	}
	/* Both read before either wrote. */
	ck_assert_int_lt(read[0]->time, wrote[1]->time);
	ck_assert_int_lt(read[1]->time, wrote[0]->time);
	late = wrote[0]->time > wrote[1]->time ? 0 : 1;
	ck_assert_ptr_nonnull(strstr(wrote[late]->text, "update is lost"));
	ck_assert_ptr_nonnull(strstr(wrote[late]->text, "gets 0 of its 2 tbsp"));
	ck_assert_ptr_null(strstr(wrote[1 - late]->text, "lost"));
	ck_assert(!run_result(r)->dishes[late].ok);
	ck_assert(run_result(r)->dishes[1 - late].ok);
	ck_assert_uint_eq(short_dishes(r), 1);
	run_free(r);
	menu_free(m);
}
END_TEST

/* Under coroutines each spoonful is read and written within one step: the
 * second recipe reads what the first wrote. */
START_TEST(test_dressing_coroutines_in_turn)
{
	struct menu *m = ck_load("dressing-race");
	struct run *r = cook(m, MODEL_COROUTINES, 0, true, false,
	    RUN_DEFAULT_SEED);
	const struct trace_event *a, *b;
	sched_ms first, last;

	a = event_with(r, m->recipes[0]->name, "reads the dressing jar: 8 tbsp");
	b = event_with(r, m->recipes[1]->name, "reads the dressing jar: 6 tbsp");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	work_bounds(r, 0, taking_step(m, 0), &first, &last);
	ck_assert_int_eq(a->time, first);
	ck_assert_int_le(last, b->time);
	ck_assert_uint_eq(events_with(r, "writes 4 tbsp"), 1);
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- chicken-dinner: coroutines race, at an await ------------------------ */

START_TEST(test_chicken_coroutines_log_why)
{
	static const enum model_id models[] = {
		MODEL_COROUTINES, MODEL_CALLBACKS, MODEL_THREADS
	};
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = cook(m, models[_i], 0, true, false, RUN_DEFAULT_SEED);
	const struct trace_event *why, *set;

	set = event_with(r, "chicken: ", "oven set to 425F");
	why = event_with(r, "salmon: ", "and meanwhile the chicken turned the "
	    "oven to 425F");
	ck_assert_ptr_nonnull(set);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(why->time, set->time);
	ck_assert_ptr_nonnull(strstr(why->text, "preheat to 350F"));
	if (models[_i] == MODEL_COROUTINES)
		ck_assert_ptr_nonnull(strstr(why->text, "await"));
	ck_assert(!run_result(r)->dishes[0].ok);        /* the salmon */
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- salmon-dinner: preempted in the middle of a step --------------------- */

START_TEST(test_salmon_threads_preempted_mid_step)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r;
	uint64_t seed;
	size_t hits = 0;

	r = cook(m, MODEL_THREADS, 0, true, false, RUN_DEFAULT_SEED);
	ck_assert_uint_ge(events_with(r, "preempted in the middle of"), 1);
	run_free(r);
	for (seed = 1; seed <= NSEEDS; seed++) {
		r = cook(m, MODEL_THREADS, 0, true, false, seed);
		hits += events_with(r, "preempted in the middle of") > 0;
		run_free(r);
	}
	ck_assert_msg(hits >= 18, "mid-step preemption under %zu of %d seeds",
	    hits, NSEEDS);
	menu_free(m);
}
END_TEST

/* ---- switch cost in proportion -------------------------------------------- */

/* Every switch on a cook lane is at most 1/20 of the mean slice, where a
 * slice is a span of work that ended because the cook switched (not
 * because the step ended): measured over every seed on two menus. */
START_TEST(test_switch_cost_in_proportion)
{
	static const char *const menus[] = { "salmon-dinner", "stir-fry" };
	struct menu *m;
	struct run *r;
	const struct trace *tr;
	const struct trace_span *a, *b;
	sched_ms slices = 0, longest_switch = 0;
	size_t nslices = 0, k, lane, i;
	uint64_t seed;

	for (k = 0; k < 2; k++) {
		m = ck_load(menus[k]);
		for (seed = 1; seed <= NSEEDS; seed++) {
			r = cook(m, MODEL_THREADS, 1, true, false, seed);
			tr = run_trace(r);
			for (lane = 0; lane < tr->nlanes; lane++) {
				if (!is_cook_lane(tr, (int)lane))
					continue;
				for (i = 0; i < trace_lane_count(tr, (int)lane);
				    i++) {
					a = trace_lane_span(tr, (int)lane, i);
					if (a->kind == TRACE_SWITCH &&
					    a->end - a->start > longest_switch)
						longest_switch = a->end - a->start;
					if (a->kind != TRACE_WORK ||
					    i + 1 == trace_lane_count(tr,
					    (int)lane))
						continue;
					b = trace_lane_span(tr, (int)lane, i + 1);
					if (b->kind == TRACE_SWITCH &&
					    b->start == a->end &&
					    b->recipe != a->recipe) {
						slices += a->end - a->start;
						nslices++;
					}
				}
			}
			run_free(r);
		}
		menu_free(m);
	}
	ck_assert_uint_gt(nslices, 100);
	ck_assert_int_gt(longest_switch, 0);    /* visible */
	ck_assert_msg(longest_switch * 20 * (sched_ms)nslices <= slices,
	    "a switch of %lld ms against a mean slice of %lld ms",
	    (long long)longest_switch, (long long)(slices / (sched_ms)nslices));
}
END_TEST

/* GIL threads on stir-fry take at most 5% longer than one recipe after
 * another, at every seed (one thread works at a time; switches are
 * cheap). */
START_TEST(test_stirfry_gil_near_sequential)
{
	struct menu *m = ck_load("stir-fry");
	struct run *r = cook(m, MODEL_SEQUENTIAL, 0, true, false,
	    RUN_DEFAULT_SEED);
	sched_ms seq = run_result(r)->total, t;
	uint64_t seed;

	run_free(r);
	ck_assert_int_gt(seq, 0);
	for (seed = 1; seed <= NSEEDS; seed++) {
		r = cook(m, MODEL_THREADS, 0, true, false, seed);
		t = run_result(r)->total;
		ck_assert_msg(t * 100 <= seq * 105, "threads --gil at seed %llu: "
		    "%lld ms against sequential %lld ms",
		    (unsigned long long)seed, (long long)t, (long long)seq);
		run_free(r);
	}
	menu_free(m);
}
END_TEST

/* ---- memory, honestly ------------------------------------------------------ */

/* Resident: coroutines < threads << processes (a process at least four
 * times a thread); reserved beside it, never less; the same figures for
 * the same inputs whatever the machine (constants, not a live reading). */
START_TEST(test_memory_resident_and_reserved)
{
	struct menu *m = ck_load("salmon-dinner");
	uint64_t mem[MODEL_COUNT], rsv[MODEL_COUNT];
	const struct run_result *res;
	struct run *r;
	int i;

	for (i = 0; i < MODEL_COUNT; i++) {
		r = cook(m, (enum model_id)i, 0, true, false, RUN_DEFAULT_SEED);
		res = run_result(r);
		mem[i] = res->memory_bytes;
		rsv[i] = res->reserved_bytes;
		ck_assert(mem[i] > 0);
		ck_assert_msg(rsv[i] >= mem[i], "%s reserves less than it holds",
		    model_name((enum model_id)i));
		run_free(r);
		r = cook(m, (enum model_id)i, 0, true, false, 7);
		ck_assert_uint_eq(run_result(r)->memory_bytes, mem[i]);
		ck_assert_uint_eq(run_result(r)->reserved_bytes, rsv[i]);
		run_free(r);
	}
	ck_assert_uint_lt(mem[MODEL_COROUTINES], mem[MODEL_THREADS]);
	ck_assert_uint_lt(mem[MODEL_CALLBACKS], mem[MODEL_THREADS]);
	ck_assert_uint_le(4 * mem[MODEL_THREADS], mem[MODEL_PROCESSES]);
	/* A thread's reserved stack dwarfs what it touches. */
	ck_assert_uint_ge(rsv[MODEL_THREADS], 100 * mem[MODEL_THREADS]);
	/* Per recipe run: three runs on this menu. */
	ck_assert_uint_eq(mem[MODEL_THREADS] % 3, 0);
	ck_assert_uint_eq(mem[MODEL_PROCESSES] % 3, 0);
	menu_free(m);
}
END_TEST

/* ---- outcomes side by side ------------------------------------------------- */

START_TEST(test_outcome_words)
{
	struct menu *m = ck_load("chicken-dinner"), *d = ck_load("dressing-race");
	struct run *r;
	char w[512], want[512];

	r = cook(m, MODEL_COROUTINES, 0, true, false, RUN_DEFAULT_SEED);
	outcome_words(r, true, true, w, sizeof w);
	ck_assert(!run_result(r)->dishes[0].ok);
	ck_assert_ptr_nonnull(strstr(run_result(r)->dishes[0].problem,
	    "the oven was at 425F"));
	snprintf(want, sizeof want, "1 ruined: salmon, %s",
	    run_result(r)->dishes[0].problem);
	ck_assert_str_eq(w, want);
	run_free(r);
	r = cook(m, MODEL_PROCESSES, 0, true, false, RUN_DEFAULT_SEED);
	outcome_words(r, true, true, w, sizeof w);
	ck_assert_str_eq(w, "3 ok");
	run_free(r);
	r = cook(d, MODEL_THREADS, 0, true, false, RUN_DEFAULT_SEED);
	outcome_words(r, true, true, w, sizeof w);
	ck_assert_msg(strncmp(w, "1 ruined: ", 10) == 0 &&
	    strstr(w, "short of dressing") != NULL, "%s", w);
	outcome_words(r, false, true, w, sizeof w);
	ck_assert_msg(strncmp(w, "1 ruined (", 10) == 0, "%s", w);
	run_free(r);
	menu_free(m);
	menu_free(d);
}
END_TEST

/* A deadlock is an outcome too: named with its cycle, the same words as
 * the engine's report. */
START_TEST(test_outcome_deadlock)
{
	const char *src = getenv("KT_SRCDIR");
	char path[4096], w[1024], want[1024];
	const struct run_deadlock *dl;
	struct menu *m = NULL;
	struct outcome o;
	struct run *r;
	char *err = NULL;
	long s;

	snprintf(path, sizeof path, "%s/tests/deadlock/opposite.menu",
	    src != NULL ? src : ".");
	ck_assert_msg(catalog_load_file(path, &m, &err) == 0, "%s", err);
	r = cook(m, MODEL_COROUTINES, 0, true, true, RUN_DEFAULT_SEED);
	dl = run_deadlock(r);
	ck_assert_ptr_nonnull(dl);
	outcome_of(r, &o);
	ck_assert(o.deadlock);
	ck_assert_int_eq(o.deadlock_at, dl->at);
	ck_assert_uint_eq(o.unserved, m->nrecipes);
	s = (long)(dl->at / 1000);
	snprintf(want, sizeof want, "DEADLOCK at %ld:%02ld, %zu dishes never "
	    "served: %s", s / 60, s % 60, m->nrecipes, dl->text);
	outcome_words(r, true, true, w, sizeof w);
	ck_assert_str_eq(w, want);
	run_free(r);
	/* Without locks nothing holds a lock: no deadlock. */
	r = cook(m, MODEL_COROUTINES, 0, true, false, RUN_DEFAULT_SEED);
	outcome_of(r, &o);
	ck_assert(!o.deadlock);
	ck_assert_ptr_null(run_deadlock(r));
	run_free(r);
	menu_free(m);
}
END_TEST

static Suite *
lessons_suite(void)
{
	Suite *s = suite_create("lessons");
	TCase *tc;

	tc = tcase_create("dressing");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_dressing_threads_lose, 0, 4);
	tcase_add_test(tc, test_dressing_others_never_lose);
	tcase_add_test(tc, test_dressing_log_step_by_step);
	tcase_add_test(tc, test_dressing_coroutines_in_turn);
	suite_add_tcase(s, tc);

	tc = tcase_create("apart");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_chicken_coroutines_log_why, 0, 3);
	tcase_add_test(tc, test_salmon_threads_preempted_mid_step);
	tcase_add_test(tc, test_switch_cost_in_proportion);
	tcase_add_test(tc, test_stirfry_gil_near_sequential);
	tcase_add_test(tc, test_memory_resident_and_reserved);
	tcase_add_test(tc, test_outcome_words);
	tcase_add_test(tc, test_outcome_deadlock);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lessons_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
