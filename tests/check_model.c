/* SPDX-License-Identifier: ISC */
/*
 * check_model.c - the five models on the shipped dinners and on generated
 * menus: what issue 4's "Must show" list promises.
 *
 * The shipped menus are read from $KITCHEN_TUI_DATA (the Makefile exports
 * the source tree's data/), so these tests check B's numbers and our
 * semantics together.  Generated menus (a fixed-seed generator) check the
 * properties every model must keep whatever the recipes say.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck-util.h"
#include "catalog.h"
#include "model.h"
#include "model-impl.h"

#define MIN(x) ((sched_ms)(x) * 60000)

/* ---- helpers ------------------------------------------------------------- */

struct opt {
	enum model_id model;
	int cooks;
	bool gil, locks;
	uint64_t seed;
	long tables;
	bool keep;
};

static struct run *
cook(const struct menu *m, struct opt o)
{
	struct run_opts ro;
	struct run *r;

	run_opts_default(&ro);
	ro.model = o.model;
	ro.cooks = o.cooks;
	ro.gil = o.gil;
	ro.locks = o.locks;
	ro.seed = o.seed ? o.seed : RUN_DEFAULT_SEED;
	ro.tables = o.tables ? o.tables : 1;
	ro.keep_spans = o.tables <= 1 || o.keep;
	r = ck_cook(m, &ro);
	ck_assert(run_done(r));
	return r;
}

static sched_ms
total_of(const struct menu *m, struct opt o)
{
	struct run *r = cook(m, o);
	sched_ms t = run_result(r)->total;

	run_free(r);
	return t;
}

static size_t
ruined(const struct run *r)
{
	const struct run_result *res = run_result(r);
	size_t i, n = 0;

	for (i = 0; i < res->ndishes; i++)
		n += !res->dishes[i].ok;
	return n;
}

static bool
is_cook_lane(const struct trace *tr, int lane)
{
	return strncmp(trace_lane_name(tr, lane), "cook ", 5) == 0;
}

/* No cook lane holds two overlapping spans (per table). */
static void
assert_no_cook_overlap(const struct run *r, const char *what)
{
	const struct trace *tr = run_trace(r);
	const struct trace_span *a, *b;
	size_t lane, i, j;

	for (lane = 0; lane < tr->nlanes; lane++) {
		if (!is_cook_lane(tr, (int)lane))
			continue;
		for (i = 0; i < trace_lane_count(tr, (int)lane); i++) {
			a = trace_lane_span(tr, (int)lane, i);
			ck_assert_msg(a->end != TRACE_OPEN && a->end >= a->start,
				      "%s: an unfinished span", what);
			for (j = i + 1; j < trace_lane_count(tr, (int)lane); j++) {
				b = trace_lane_span(tr, (int)lane, j);
				if (b->table != a->table)
					continue;
				if (b->start >= a->end)
					break;  /* in start order: later ones too */
				ck_abort_msg("%s: %s holds two spans at once "
					     "(%lld-%lld and %lld-%lld)", what,
					     trace_lane_name(tr, (int)lane),
					     (long long)a->start, (long long)a->end,
					     (long long)b->start, (long long)b->end);
			}
		}
	}
}

static void
assert_same_spans(const struct run *a, const struct run *b, const char *what)
{
	const struct trace *ta = run_trace(a), *tb = run_trace(b);
	const struct trace_span *x, *y;
	size_t i;

	ck_assert_msg(ta->nspans == tb->nspans, "%s: %zu spans against %zu",
		      what, ta->nspans, tb->nspans);
	for (i = 0; i < ta->nspans; i++) {
		x = &ta->spans[i];
		y = &tb->spans[i];
		ck_assert_msg(strcmp(trace_lane_name(ta, x->lane),
				     trace_lane_name(tb, y->lane)) == 0 &&
			      x->recipe == y->recipe && x->step == y->step &&
			      x->kind == y->kind && x->start == y->start &&
			      x->end == y->end && x->table == y->table,
			      "%s: span %zu differs", what, i);
	}
	ck_assert_int_eq(run_result(a)->total, run_result(b)->total);
}

static const char *const shipped[] = {
	"salmon-dinner", "chicken-dinner", "stir-fry"
};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

/* ---- salmon dinner ---------------------------------------------------------- */

/* A run's table from its index is a multiply and a shift (rr_table):
 * the same as the division for every menu size the engine takes, at the
 * edges of each table and at the largest indices run_check_menu lets
 * through (under 2^31). */
START_TEST(test_table_of_index_is_exact)
{
	static const size_t ds[] = { 1, 2, 3, 5, 7, 10, 31, 32, 33, 100,
				     1000, 65535, 1000003 };
	struct run r;
	size_t i, k, n, d, top;
	uint64_t x = 88172645463325252ULL;

	memset(&r, 0, sizeof r);
	for (i = 0; i < sizeof ds / sizeof ds[0]; i++) {
		d = ds[i];
		r.nrecipes = d;
		run_div_init(&r);
		top = (size_t)INT32_MAX / d * d;        /* nruns at most */
		for (k = 0; k < 2000; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			n = (size_t)(x % top);
			ck_assert_uint_eq(run_table_of(&r, n), n / d);
			n = n / d * d;                  /* a table's first run */
			ck_assert_uint_eq(run_table_of(&r, n), n / d);
			if (n > 0)
				ck_assert_uint_eq(run_table_of(&r, n - 1),
						  (n - 1) / d);
		}
		for (n = top - 2 * d; n < top; n++)
			ck_assert_uint_eq(run_table_of(&r, n), n / d);
	}
}
END_TEST

START_TEST(test_salmon_sequential_over_an_hour)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = cook(m, (struct opt){ .model = MODEL_SEQUENTIAL });

	ck_assert_msg(run_result(r)->total > MIN(60),
		      "sequential took %lld ms", (long long)run_result(r)->total);
	ck_assert_int_eq(ruined(r), 0);
	ck_assert_int_eq(run_result(r)->cooks, 1);
	run_free(r);
	menu_free(m);
}
END_TEST

START_TEST(test_salmon_concurrent_about_half_an_hour)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *co = cook(m, (struct opt){ .model = MODEL_COROUTINES });
	struct run *cb = cook(m, (struct opt){ .model = MODEL_CALLBACKS });
	sched_ms t = run_result(co)->total;

	ck_assert_msg(t >= MIN(28) && t <= MIN(36), "coroutines: %lld ms",
		      (long long)t);
	assert_same_spans(co, cb, "salmon-dinner");
	ck_assert_int_eq(ruined(co), 0);
	/* The cook switches at the waits: work never waits for the oven. */
	ck_assert(run_result(co)->cook_working == MIN(9));
	run_free(co);
	run_free(cb);
	menu_free(m);
}
END_TEST

/* Callbacks and coroutines: the same timeline on every shipped menu, with
 * and without locks, whatever --cooks says (both have one loop). */
START_TEST(test_callbacks_equal_coroutines)
{
	struct menu *m = ck_load(shipped[_i % NSHIPPED]);
	bool locks = _i / NSHIPPED;
	int cooks;
	char what[80];

	for (cooks = 1; cooks <= 3; cooks++) {
		struct run *co = cook(m, (struct opt){ .model = MODEL_COROUTINES,
			.cooks = cooks, .locks = locks });
		struct run *cb = cook(m, (struct opt){ .model = MODEL_CALLBACKS,
			.cooks = cooks, .locks = locks });

		snprintf(what, sizeof what, "%s locks=%d cooks=%d",
			 shipped[_i % NSHIPPED], locks, cooks);
		assert_same_spans(co, cb, what);
		ck_assert_int_eq(run_result(co)->cooks, 1);
		run_free(co);
		run_free(cb);
	}
	menu_free(m);
}
END_TEST

START_TEST(test_no_cook_overlap_shipped)
{
	struct menu *m = ck_load(shipped[_i % NSHIPPED]);
	enum model_id model = (enum model_id)(_i / NSHIPPED);
	int cooks, flags;
	char what[100];

	for (cooks = 1; cooks <= 4; cooks++) {
		for (flags = 0; flags < 4; flags++) {
			struct run *r = cook(m, (struct opt){ .model = model,
				.cooks = cooks, .gil = flags & 1,
				.locks = flags & 2 });

			snprintf(what, sizeof what, "%s %s cooks=%d gil=%d locks=%d",
				 shipped[_i % NSHIPPED], model_name(model), cooks,
				 flags & 1, (flags & 2) != 0);
			assert_no_cook_overlap(r, what);
			ck_assert_int_le(run_result(r)->cooks, cooks);
			run_free(r);
		}
	}
	menu_free(m);
}
END_TEST

/* ---- chicken dinner: races on the oven ------------------------------------- */

START_TEST(test_chicken_threads_race)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *race = cook(m, (struct opt){ .model = MODEL_THREADS,
		.gil = true });
	struct run *safe = cook(m, (struct opt){ .model = MODEL_THREADS,
		.gil = true, .locks = true });
	struct run *proc = cook(m, (struct opt){ .model = MODEL_PROCESSES });
	const struct run_result *res = run_result(race);
	size_t i;
	bool said = false;

	ck_assert_int_ge(ruined(race), 1);
	for (i = 0; i < res->ndishes; i++) {
		if (res->dishes[i].ok) {
			ck_assert_str_eq(res->dishes[i].problem, "");
			continue;
		}
		/* Says why: the temperatures involved. */
		ck_assert_msg(strstr(res->dishes[i].problem, "oven") != NULL &&
			      strstr(res->dishes[i].problem, "425F") != NULL &&
			      strstr(res->dishes[i].problem, "350F") != NULL,
			      "problem: %s", res->dishes[i].problem);
		said = true;
	}
	ck_assert(said);
	ck_assert_int_eq(ruined(safe), 0);
	ck_assert_int_ge(run_result(safe)->total, res->total);
	ck_assert_int_eq(ruined(proc), 0);
	run_free(race);
	run_free(safe);
	run_free(proc);
	menu_free(m);
}
END_TEST

/* With locks the second recipe waits: a blocked span on the lock lane,
 * never on a cook lane. */
START_TEST(test_chicken_locks_block)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = cook(m, (struct opt){ .model = MODEL_COROUTINES,
		.locks = true });
	const struct trace *tr = run_trace(r);
	size_t i, blocked = 0;

	for (i = 0; i < tr->nspans; i++) {
		if (tr->spans[i].kind != TRACE_BLOCKED)
			continue;
		blocked++;
		ck_assert(!is_cook_lane(tr, tr->spans[i].lane));
		ck_assert(tr->spans[i].end > tr->spans[i].start);
	}
	ck_assert_int_ge(blocked, 1);
	ck_assert_int_eq(ruined(r), 0);
	run_free(r);
	menu_free(m);
}
END_TEST

/* Coroutines race too, but only at their waits: both preheats come
 * before any work, so the last set point wins and the salmon is ruined. */
START_TEST(test_chicken_coroutines_race_at_waits)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = cook(m, (struct opt){ .model = MODEL_COROUTINES });

	ck_assert_int_ge(ruined(r), 1);
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- stir-fry: parallelism --------------------------------------------------- */

START_TEST(test_stirfry_parallelism)
{
	struct menu *m = ck_load("stir-fry");
	sched_ms one, two;

	one = total_of(m, (struct opt){ .model = MODEL_COROUTINES, .cooks = 1 });
	two = total_of(m, (struct opt){ .model = MODEL_COROUTINES, .cooks = 2 });
	ck_assert_int_eq(one, two);

	one = total_of(m, (struct opt){ .model = MODEL_THREADS, .cooks = 1,
		.gil = true });
	two = total_of(m, (struct opt){ .model = MODEL_THREADS, .cooks = 2,
		.gil = true });
	ck_assert_int_le(one, two);

	one = total_of(m, (struct opt){ .model = MODEL_THREADS, .cooks = 1 });
	two = total_of(m, (struct opt){ .model = MODEL_THREADS, .cooks = 2 });
	ck_assert_msg(one * 2 >= two * 3, "threads --no-gil: %lld vs %lld",
		      (long long)one, (long long)two);

	one = total_of(m, (struct opt){ .model = MODEL_PROCESSES, .cooks = 1 });
	two = total_of(m, (struct opt){ .model = MODEL_PROCESSES, .cooks = 2 });
	ck_assert_msg(one * 2 >= two * 3, "processes: %lld vs %lld",
		      (long long)one, (long long)two);
	menu_free(m);
}
END_TEST

/* The log says what happens in plain words. */
static bool
logged(const struct run *r, const char *text)
{
	const struct trace *tr = run_trace(r);
	size_t i;

	for (i = 0; i < tr->nevents; i++)
		if (strstr(tr->events[i].text, text) != NULL)
			return true;
	return false;
}

START_TEST(test_log_in_plain_words)
{
	struct menu *sd = ck_load("salmon-dinner"), *cd = ck_load("chicken-dinner");
	struct run *co = cook(sd, (struct opt){ .model = MODEL_COROUTINES });
	struct run *th = cook(cd, (struct opt){ .model = MODEL_THREADS,
		.gil = true });
	struct run *lk = cook(cd, (struct opt){ .model = MODEL_THREADS,
		.gil = true, .locks = true });

	ck_assert(logged(co, "rice: waiting for the pot to boil; the cook switches to the beans"));
	ck_assert(logged(co, "salmon: the oven is hot (350F)"));
	ck_assert(logged(co, "salmon is ready"));
	ck_assert(logged(th, "chicken: oven set to 425F (it was 350F)"));
	ck_assert(logged(th, "preempted in the middle of"));
	ck_assert(logged(th, "salmon is ready, but ruined: the oven was at 425F"));
	ck_assert(logged(lk, "chicken: waits for the oven lock"));
	ck_assert(logged(lk, "chicken: gets the oven lock"));
	ck_assert(!logged(lk, "ruined"));
	run_free(co);
	run_free(th);
	run_free(lk);
	menu_free(sd);
	menu_free(cd);
}
END_TEST

/* ---- memory, determinism, the run API ------------------------------------- */

START_TEST(test_memory_ranking)
{
	struct menu *m = ck_load("salmon-dinner");
	uint64_t mem[MODEL_COUNT];
	int i;

	for (i = 0; i < MODEL_COUNT; i++) {
		struct run *r = cook(m, (struct opt){ .model = (enum model_id)i });

		mem[i] = run_result(r)->memory_bytes;
		ck_assert(run_result(r)->memory_what != NULL &&
			  run_result(r)->memory_what[0] != '\0');
		run_free(r);
	}
	ck_assert(mem[MODEL_COROUTINES] > 0);
	ck_assert(mem[MODEL_COROUTINES] < mem[MODEL_THREADS]);
	ck_assert(mem[MODEL_CALLBACKS] < mem[MODEL_THREADS]);
	ck_assert(mem[MODEL_THREADS] < mem[MODEL_PROCESSES]);
	menu_free(m);
}
END_TEST

START_TEST(test_same_inputs_same_trace)
{
	struct menu *m = ck_load("chicken-dinner");
	struct opt o = { .model = (enum model_id)_i, .cooks = 2, .seed = 7 };
	struct run *a = cook(m, o), *b = cook(m, o);
	size_t i;

	assert_same_spans(a, b, model_name((enum model_id)_i));
	ck_assert_int_eq(run_trace(a)->nevents, run_trace(b)->nevents);
	for (i = 0; i < run_trace(a)->nevents; i++)
		ck_assert_str_eq(run_trace(a)->events[i].text,
				 run_trace(b)->events[i].text);
	run_free(a);
	run_free(b);
	menu_free(m);
}
END_TEST

/* The seed moves the threads' switches around. */
START_TEST(test_seed_changes_threads)
{
	struct menu *m = ck_load("stir-fry");
	struct run *a = cook(m, (struct opt){ .model = MODEL_THREADS, .seed = 1 });
	struct run *b = cook(m, (struct opt){ .model = MODEL_THREADS, .seed = 2 });
	const struct trace *ta = run_trace(a), *tb = run_trace(b);
	size_t i;
	bool differ = ta->nspans != tb->nspans;

	for (i = 0; !differ && i < ta->nspans; i++)
		differ = ta->spans[i].end != tb->spans[i].end;
	ck_assert(differ);
	run_free(a);
	run_free(b);
	menu_free(m);
}
END_TEST

/* run_step advances exactly one scheduler event, and stepping gives the
 * same run as run_finish. */
START_TEST(test_run_step_one_event)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run_opts ro;
	struct run *r, *full;
	const char *err;
	uint64_t ev;
	int rc, i, last[3] = { -1, -1, -1 }, s;

	run_opts_default(&ro);
	ro.model = (enum model_id)_i;
	r = run_new(m, &ro, &err);
	ck_assert_ptr_nonnull(r);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(run_recipe_step(r, i), -1);
	for (;;) {
		ev = run_events(r);
		rc = run_step(r);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, 1);
		ck_assert_uint_eq(run_events(r), ev + 1);
		for (i = 0; i < 3; i++) {
			s = run_recipe_step(r, i);
			ck_assert_int_ge(s, last[i]);
			last[i] = s;
		}
	}
	ck_assert(run_done(r));
	ck_assert_int_eq(run_next(r), SCHED_NEVER);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(run_recipe_step(r, i),
				 (int)m->recipes[i]->nsteps);
	full = cook(m, (struct opt){ .model = (enum model_id)_i, .gil = true });
	assert_same_spans(r, full, "stepped");
	run_free(r);
	run_free(full);
	menu_free(m);
}
END_TEST

/* The oven's temperature and set point are visible while the run goes. */
START_TEST(test_live_oven_and_gil)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run_opts ro;
	struct run *r;
	const char *err;
	int sp = 0, seen_gil = 0;

	run_opts_default(&ro);
	ro.model = MODEL_THREADS;
	r = run_new(m, &ro, &err);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(run_kitchen_count(r), 1);
	ck_assert_int_eq(run_oven_temp(r, 0, &sp), m->kitchen.room_temp_f);
	while (run_step(r) == 1)
		if (run_gil_holder(r) >= 0)
			seen_gil++;
	ck_assert_int_gt(seen_gil, 0);
	ck_assert_int_eq(run_gil_holder(r), -1);
	ck_assert_int_eq(run_oven_temp(r, 0, &sp), 350);
	ck_assert_int_eq(sp, 350);
	run_free(r);

	/* Half way through the salmon's preheat (11.2 min to 350F). */
	ro.model = MODEL_COROUTINES;
	r = run_new(m, &ro, &err);
	ck_assert_int_eq(run_until(r, 336000), 0);
	ck_assert_int_eq(run_oven_temp(r, 0, &sp), 210);
	ck_assert_int_eq(sp, 350);
	ck_assert_int_eq(run_now(r), 336000);
	ck_assert_int_eq(run_gil_holder(r), -1);
	run_free(r);

	ro.model = MODEL_PROCESSES;
	r = run_new(m, &ro, &err);
	ck_assert_int_eq(run_kitchen_count(r), 3);
	run_free(r);
	menu_free(m);
}
END_TEST

/* N tables: N independent copies, each with its own kitchen and cooks. */
START_TEST(test_tables)
{
	struct menu *m = ck_load("salmon-dinner");
	enum model_id model = (enum model_id)_i;
	sched_ms one = total_of(m, (struct opt){ .model = model, .gil = true });
	struct run *r = cook(m, (struct opt){ .model = model, .gil = true,
		.tables = 50 });
	struct run *k = cook(m, (struct opt){ .model = model, .gil = true,
		.tables = 3, .keep = true });
	const struct run_result *res = run_result(r);
	size_t i;

	if (model != MODEL_THREADS && model != MODEL_PROCESSES)
		ck_assert_int_eq(res->total, one);
	ck_assert_int_eq(res->ndishes, 150);
	for (i = 0; i < res->ndishes; i++)
		ck_assert(res->dishes[i].ready_at > 0);
	ck_assert_int_eq(run_trace(r)->nspans, 0);      /* not kept */
	ck_assert_uint_gt(run_trace(r)->span_count, 0);
	assert_no_cook_overlap(k, "3 tables");
	run_free(r);
	run_free(k);
	menu_free(m);
}
END_TEST

START_TEST(test_model_names)
{
	int i;

	for (i = 0; i < MODEL_COUNT; i++) {
		char digit[2] = { (char)('1' + i), '\0' };

		ck_assert_int_eq(model_by_name(model_name((enum model_id)i)), i);
		ck_assert_int_eq(model_by_name(digit), i);
		ck_assert_ptr_nonnull(strstr(model_names(),
					     model_name((enum model_id)i)));
	}
	ck_assert_int_eq(model_by_name("fibers"), -1);
	ck_assert_int_eq(model_by_name("6"), -1);
	ck_assert_int_eq(model_by_name(""), -1);
}
END_TEST

START_TEST(test_bad_runs)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run_opts ro;
	const char *err = NULL;

	run_opts_default(&ro);
	ro.tables = 0;
	ck_assert_ptr_null(run_new(m, &ro, &err));
	ck_assert_ptr_nonnull(err);
	run_opts_default(&ro);
	ro.model = MODEL_COUNT;
	err = NULL;
	ck_assert_ptr_null(run_new(m, &ro, &err));
	ck_assert_ptr_nonnull(err);
	menu_free(m);
}
END_TEST

/* ---- generated menus --------------------------------------------------------- */

static uint64_t gen_state;

static uint32_t
gen(uint32_t n)
{
	uint64_t z = (gen_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) % n);
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	ck_assert_ptr_nonnull(d);
	return d;
}

static void
add_step(struct recipe *r, enum step_action a, enum appliance app,
	 sched_ms d, int temp)
{
	struct step *s;

	r->steps = realloc(r->steps, (r->nsteps + 1) * sizeof *r->steps);
	ck_assert_ptr_nonnull(r->steps);
	s = &r->steps[r->nsteps++];
	memset(s, 0, sizeof *s);
	s->text = xstrdup("a generated step");
	s->action = a;
	s->app = app;
	s->duration = d;
	s->temp_f = temp;
}

static struct menu *
gen_menu(void)
{
	struct menu *m = calloc(1, sizeof *m);
	size_t i, j, n;
	int temps[] = { 300, 350, 375, 425 };

	ck_assert_ptr_nonnull(m);
	m->name = xstrdup("generated");
	m->title = xstrdup("A generated menu");
	kitchen_spec_default(&m->kitchen);
	m->kitchen.oven_sheets = 1 + (int)gen(2);
	m->kitchen.burners = 1 + (int)gen(3);
	m->nrecipes = 1 + gen(5);
	m->recipes = calloc(m->nrecipes, sizeof *m->recipes);
	ck_assert_ptr_nonnull(m->recipes);
	for (i = 0; i < m->nrecipes; i++) {
		struct recipe *r = calloc(1, sizeof *r);
		char name[32];

		ck_assert_ptr_nonnull(r);
		snprintf(name, sizeof name, "r%zu", i);
		r->name = xstrdup(name);
		r->title = xstrdup(name);
		m->recipes[i] = r;
		n = 1 + gen(7);
		for (j = 0; j < n; j++) {
			sched_ms d = (sched_ms)(1 + gen(600)) * 1000;
			int t = temps[gen(4)];

			switch (gen(7)) {
			case 0: case 1:
				add_step(r, ACT_WORK, APP_NONE, d, 0);
				break;
			case 2:
				add_step(r, ACT_WAIT, APP_NONE, d, 0);
				break;
			case 3:
				add_step(r, ACT_PREHEAT, APP_OVEN, 0, t);
				if (gen(2))
					add_step(r, ACT_USE, APP_OVEN, d, t);
				break;
			case 4:
				add_step(r, ACT_USE, APP_MICROWAVE, d, 0);
				break;
			case 5:
				add_step(r, ACT_BOIL, APP_STOVETOP, gen(2) ? 0 : d, 0);
				if (gen(2))
					add_step(r, ACT_WORK, APP_NONE, d, 0);
				add_step(r, ACT_SIMMER, APP_STOVETOP, d, 0);
				break;
			default:
				add_step(r, ACT_USE, APP_OVEN, d, gen(2) ? t : 0);
				break;
			}
		}
	}
	return m;
}

static sched_ms
step_time(const struct menu *m, const struct step *s)
{
	if (s->action == ACT_BOIL && s->duration == 0)
		return m->kitchen.boil_time;
	return s->action == ACT_PREHEAT ? 0 : s->duration;
}

/* Every step of every recipe ran exactly once and in order, as the spans
 * show: each step's own spans (work slices, the appliance's use, the
 * wait) add up to its time, and no span of a step starts before the
 * previous step's spans ended. */
static void
assert_steps_once_in_order(const struct run *r, const char *what)
{
	const struct menu *m = run_menu(r);
	const struct trace *tr = run_trace(r);
	const struct trace_span *sp;
	size_t ri, i, tables = (size_t)run_options(r)->tables, t;

	for (t = 0; t < tables; t++) {
		for (ri = 0; ri < m->nrecipes; ri++) {
			const struct recipe *rec = m->recipes[ri];
			sched_ms *sum = calloc(rec->nsteps, sizeof *sum);
			sched_ms *first = malloc(rec->nsteps * sizeof *first);
			sched_ms *last = calloc(rec->nsteps, sizeof *last);

			ck_assert(sum && first && last);
			for (i = 0; i < rec->nsteps; i++)
				first[i] = SCHED_NEVER;
			for (i = 0; i < tr->nspans; i++) {
				sp = &tr->spans[i];
				if (sp->recipe != (int)ri || sp->step < 0 ||
				    (size_t)sp->table != t ||
				    sp->kind == TRACE_BLOCKED ||
				    sp->kind == TRACE_GIL ||
				    (sp->kind == TRACE_HEAT &&
				     rec->steps[sp->step].action == ACT_PREHEAT))
					continue;
				ck_assert((size_t)sp->step < rec->nsteps);
				sum[sp->step] += sp->end - sp->start;
				if (sp->start < first[sp->step])
					first[sp->step] = sp->start;
				if (sp->end > last[sp->step])
					last[sp->step] = sp->end;
			}
			for (i = 0; i < rec->nsteps; i++) {
				ck_assert_msg(sum[i] == step_time(m, &rec->steps[i]),
					      "%s: recipe %zu step %zu ran %lld of %lld ms",
					      what, ri, i, (long long)sum[i],
					      (long long)step_time(m, &rec->steps[i]));
				if (i > 0 && first[i] != SCHED_NEVER)
					ck_assert_msg(first[i] >= last[i - 1] ||
						      sum[i - 1] == 0,
						      "%s: recipe %zu step %zu began early",
						      what, ri, i);
			}
			free(sum);
			free(first);
			free(last);
		}
	}
}

/* How many recipes of the menu use the oven: with at most one, nothing
 * can reorder or fight over its heat, and the plain bound must hold. */
static int oven_users(const struct menu *m)
{
	size_t i, j;
	int n = 0;

	for (i = 0; i < m->nrecipes; i++) {
		for (j = 0; j < m->recipes[i]->nsteps; j++) {
			if (m->recipes[i]->steps[j].app == APP_OVEN) {
				n++;
				break;
			}
		}
	}
	return n;
}

START_TEST(test_generated_menus)
{
	int round;

	gen_state = 2024 + (uint64_t)_i;
	for (round = 0; round < 20; round++) {
		struct menu *m = gen_menu();
		struct opt o = { .model = (enum model_id)gen(MODEL_COUNT),
			.cooks = 1 + (int)gen(4), .gil = gen(2), .locks = gen(2),
			.seed = 1 + gen(1000), .tables = 1 + gen(2) };
		struct opt so = o;
		struct run *r, *seq;
		const struct run_result *res;
		sched_ms lower = 0, t, upper, over;
		size_t i, j;
		char what[120];

		o.keep = true;
		snprintf(what, sizeof what, "round %d (%s, %d cooks, gil=%d locks=%d)",
			 round, model_name(o.model), o.cooks, o.gil, o.locks);
		r = cook(m, o);
		res = run_result(r);
		assert_no_cook_overlap(r, what);
		assert_steps_once_in_order(r, what);
		for (i = 0; i < res->ndishes; i++)
			ck_assert_int_ge(res->dishes[i].ready_at, 0);

		/* At least the longest recipe alone (a preheat may be shortened
		 * by another recipe's heat, so only the rest counts)... */
		for (i = 0; i < m->nrecipes; i++) {
			for (t = 0, j = 0; j < m->recipes[i]->nsteps; j++)
				t += step_time(m, &m->recipes[i]->steps[j]);
			if (t > lower)
				lower = t;
		}
		ck_assert_msg(res->total >= lower, "%s: %lld < %lld", what,
			      (long long)res->total, (long long)lower);
		/* ...and at most one recipe after another, plus the overheads
		 * of preemption (switches) and of starting processes. */
		so.model = MODEL_SEQUENTIAL;
		so.keep = true;
		seq = cook(m, so);
		over = res->cook_switching;
		upper = run_result(seq)->total + over;
		if (oven_users(m) > 1) {
			/* A shared oven goes to the recipes in another order
			 * than one after another (lock order; without locks
			 * the last set point wins and a preheat may end at
			 * another recipe's temperature and have to come
			 * back), so its heating and cooling can cost more
			 * than in the sequential run.  Bound that case by
			 * every step one after another with the worst change
			 * of temperature before each preheat (room to 425F,
			 * at the slower cooling rate). */
			sched_ms serial = 0, worst = (sched_ms)(425 -
			    m->kitchen.room_temp_f) * 60000 /
			    m->kitchen.oven_cool_rate + 1;

			for (i = 0; i < m->nrecipes; i++)
				for (j = 0; j < m->recipes[i]->nsteps; j++)
					serial += m->recipes[i]->steps[j].action ==
					    ACT_PREHEAT ? worst :
					    step_time(m, &m->recipes[i]->steps[j]);
			if (serial + over > upper)
				upper = serial + over;
		}
		ck_assert_msg(res->total <= upper, "%s: %lld > %lld", what,
			      (long long)res->total, (long long)upper);
		run_free(seq);
		run_free(r);
		menu_free(m);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("model");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("shipped");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_table_of_index_is_exact);
	tcase_add_test(tc, test_salmon_sequential_over_an_hour);
	tcase_add_test(tc, test_salmon_concurrent_about_half_an_hour);
	tcase_add_loop_test(tc, test_callbacks_equal_coroutines, 0,
			    2 * (int)NSHIPPED);
	tcase_add_loop_test(tc, test_no_cook_overlap_shipped, 0,
			    MODEL_COUNT * (int)NSHIPPED);
	tcase_add_test(tc, test_chicken_threads_race);
	tcase_add_test(tc, test_chicken_locks_block);
	tcase_add_test(tc, test_chicken_coroutines_race_at_waits);
	tcase_add_test(tc, test_stirfry_parallelism);
	tcase_add_test(tc, test_log_in_plain_words);
	suite_add_tcase(s, tc);

	tc = tcase_create("run");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_memory_ranking);
	tcase_add_loop_test(tc, test_same_inputs_same_trace, 0, MODEL_COUNT);
	tcase_add_test(tc, test_seed_changes_threads);
	tcase_add_loop_test(tc, test_run_step_one_event, 0, MODEL_COUNT);
	tcase_add_test(tc, test_live_oven_and_gil);
	tcase_add_loop_test(tc, test_tables, 0, MODEL_COUNT);
	tcase_add_test(tc, test_model_names);
	tcase_add_test(tc, test_bad_runs);
	suite_add_tcase(s, tc);

	tc = tcase_create("generated");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_generated_menus, 0, 10);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
