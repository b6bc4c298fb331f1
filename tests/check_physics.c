/* SPDX-License-Identifier: ISC */
/*
 * check_physics.c - the kitchen's physics (issue 10 section 1) and
 * utensils (issue 11 section 3), pinned with exact times:
 *  - the oven: its temperature decides a bake, against a grace time;
 *  - burners: a pot holds its burner from its boil to its simmer;
 *  - deadlock: a run that stops with a recipe unfinished says so, with
 *    the cycle, and its JSON stays JSON;
 *  - utensils: knife-and-board can deadlock, knife-and-board-ordered not.
 * And two properties over generated menus: the engine's bake verdicts
 * equal a plain millisecond-by-millisecond re-computation of the oven's
 * temperature from the set point changes, and every run that stops with
 * an unfinished recipe reports a deadlock whose cycle hangs together.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck-util.h"
#include "catalog.h"
#include "code.h"
#include "model.h"
#include "parse.h"
#include "report.h"

#define SEC(s) ((sched_ms)(s) * 1000)
#define MIN(m) ((sched_ms)(m) * 60000)
#define PM "\xc2\xb1"   /* the ± of the ruin message */

/* ---- helpers ------------------------------------------------------------- */

static struct recipe *
recipe_of(const char *text)
{
	struct parse_result pr;
	struct recipe *r;
	char *err = NULL;

	if (parse_buffer("test.recipe", text, strlen(text), &pr, &err) != 0)
		ck_abort_msg("recipe does not parse: %s", err ? err : "?");
	ck_assert_ptr_nonnull(pr.recipe);
	r = pr.recipe;
	pr.recipe = NULL;
	parse_result_free(&pr);
	return r;
}

/* A menu of the given recipe texts in the default kitchen. */
static struct menu *
menu_of(const char *const *texts, size_t n)
{
	struct menu *m = calloc(1, sizeof *m);
	size_t i;

	ck_assert_ptr_nonnull(m);
	m->name = strdup("test");
	m->title = strdup("A test menu");
	kitchen_spec_default(&m->kitchen);
	m->recipes = calloc(n, sizeof *m->recipes);
	ck_assert_ptr_nonnull(m->recipes);
	for (i = 0; i < n; i++)
		m->recipes[i] = recipe_of(texts[i]);
	m->nrecipes = n;
	return m;
}

static struct menu *
load_test(const char *sub, const char *file)
{
	const char *src = getenv("KT_SRCDIR");
	char path[4096];
	struct menu *m = NULL;
	char *err = NULL;

	snprintf(path, sizeof path, "%s/tests/%s/%s", src && *src ? src : ".",
		 sub, file);
	if (catalog_load_menu(catalog_data_dir(NULL), path, &m, &err) != 0)
		ck_abort_msg("cannot load %s: %s", path, err ? err : "?");
	return m;
}

static struct run *
cook(const struct menu *m, enum model_id model, bool locks, uint64_t seed)
{
	struct run_opts ro;
	struct run *r;

	run_opts_default(&ro);
	ro.model = model;
	ro.locks = locks;
	if (seed != 0)
		ro.seed = seed;
	r = ck_cook(m, &ro);
	ck_assert(run_done(r));
	return r;
}

static const struct run_dish *
dish(const struct run *r, int recipe)
{
	return &run_result(r)->dishes[recipe];
}

static char *
json_of(const struct run *r)
{
	struct report_opts o = { .ascii = false, .spans_all = false, .width = 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(report_json(f, r, &o), 0);
	fclose(f);
	return buf;
}

START_TEST(test_json_validator_is_strict)
{
	ck_assert(ck_json_valid("{\"a\": [1, -0.5, 2e3, null, true, \"x\"]}"));
	ck_assert(!ck_json_valid("{\"ready_at\": 0.-01}"));
	ck_assert(!ck_json_valid("[1.]"));
	ck_assert(!ck_json_valid("[01]"));
	ck_assert(!ck_json_valid("[-]"));
	ck_assert(!ck_json_valid("{\"a\": 1,}"));
	ck_assert(!ck_json_valid("[NaN]"));
}
END_TEST

/* ---- the oven ---------------------------------------------------------------- */

static const char salmon_text[] =
	"recipe salmon \"Salmon\"\n"
	"step \"Heat the oven\" preheat oven 350F\n"
	"step \"Dress the filets\" work 5m\n"
	"step \"Bake\" use oven 18m 350F\n";
static const char chicken_text[] =
	"recipe chicken \"Chicken\"\n"
	"step \"Heat the oven\" preheat oven 425F\n"
	"step \"Rub the chicken\" work 5m\n"
	"step \"Roast\" use oven 25m 425F\n";

/* "other" waits `wait`, then sets the oven to f. */
static char *
setter_text(const char *wait, int f)
{
	char *s;

	ck_assert_int_ge(asprintf(&s, "recipe other \"Another recipe\"\n"
				  "step \"Later\" wait %s\n"
				  "step \"Set the oven\" preheat oven %dF\n",
				  wait, f), 0);
	return s;
}

/*
 * Probe 1 (issue 10): another recipe sets 425F 20 s before the salmon goes
 * in.  The salmon's preheat reaches 350F at 11:12 (280F at 25F/min), its
 * 5 minutes of work end at 16:12 = 972 s, so the other recipe sets 425F at
 * 952 s.  The oven reads 358F when the bake starts, leaves 350F +- 15F
 * when it passes 365F, 36.003 s after the set (15.001F at 25F/min), and
 * stays out until the bake ends at 972 + 1080 = 2052 s: 1,063.997 s out,
 * shown as 17 min 44 s, far over the minute of grace.
 */
START_TEST(test_oven_probe_early_425_ruins)
{
	char *other = setter_text("952s", 425);
	const char *texts[] = { salmon_text, other };
	struct menu *m = menu_of(texts, 2);
	struct run_opts ro;
	const char *err = NULL;
	struct run *r;

	run_opts_default(&ro);
	r = run_new(m, &ro, &err);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(run_until(r, SEC(972)), 0);
	ck_assert_int_eq(run_oven_temp(r, 0, NULL), 358);
	ck_assert_int_eq(run_finish(r), 0);
	ck_assert_int_eq(dish(r, 0)->ready_at, SEC(2052));
	ck_assert(!dish(r, 0)->ok);
	ck_assert_str_eq(dish(r, 0)->problem, "the oven was at 425F for "
			 "17 min 44 s while the salmon needed 350F " PM " 15F");
	ck_assert_ptr_null(run_deadlock(r));
	run_free(r);
	menu_free(m);
	free(other);
}
END_TEST

/*
 * Probe 2: the chicken is hot at 14:12 (355F at 25F/min = 852 s), rubbed
 * by 1152 s and roasts until 2652 s.  Turning the oven down to 350F 30 s
 * before the end (at 2622 s) cools it 5F, to 420F: within 425F +- 15F the
 * whole time, so the chicken is fine (the set point is not what counts).
 * Turned down 3 minutes before the end, it leaves the band after 90.006 s
 * (15.001F at 10F/min) and is out for the last 89.994 s, ending at 395F:
 * over a grace of 1 minute, under one of 2 minutes.
 */
static struct run *
turned_down(const char *wait, sched_ms grace)
{
	char *other = setter_text(wait, 350);
	const char *texts[] = { chicken_text, other };
	struct menu *m = menu_of(texts, 2);
	struct run *r;

	m->kitchen.oven_grace = grace;
	r = cook(m, MODEL_COROUTINES, false, 0);
	free(other);
	/* The run keeps a pointer to the menu: freed by the caller's
	 * run_menu(). */
	return r;
}

static void
done(struct run *r)
{
	struct menu *m = (struct menu *)run_menu(r);

	run_free(r);
	menu_free(m);
}

START_TEST(test_oven_probe_turned_down_late_ok)
{
	struct run *r = turned_down("2622s", MIN(1));

	ck_assert_int_eq(dish(r, 0)->ready_at, SEC(2652));
	ck_assert_msg(dish(r, 0)->ok, "ruined: %s", dish(r, 0)->problem);
	done(r);
}
END_TEST

START_TEST(test_oven_grace_decides)
{
	struct run *r = turned_down("2472s", MIN(1));

	ck_assert(!dish(r, 0)->ok);
	ck_assert_str_eq(dish(r, 0)->problem, "the oven was at 395F for "
			 "1 min 30 s while the chicken needed 425F " PM " 15F");
	done(r);
	r = turned_down("2472s", MIN(2));
	ck_assert_msg(dish(r, 0)->ok, "ruined: %s", dish(r, 0)->problem);
	done(r);
	/* No grace at all: 89.994 s out is too long, and so is 1 ms. */
	r = turned_down("2472s", 0);
	ck_assert(!dish(r, 0)->ok);
	done(r);
}
END_TEST

START_TEST(test_oven_grace_parses)
{
	static const char menu[] = "menu g \"Grace\"\nrecipe ok\n"
				   "oven grace=90s tolerance=10F\n";
	static const char zero[] = "menu g \"Grace\"\nrecipe ok\noven grace=0\n";
	struct parse_result pr;
	char *err = NULL;

	ck_assert_int_eq(parse_buffer("g.menu", menu, strlen(menu), &pr, &err), 0);
	ck_assert_int_eq(pr.menu->kitchen.oven_grace, SEC(90));
	ck_assert_int_eq(pr.menu->kitchen.tolerance_f, 10);
	parse_result_free(&pr);
	ck_assert_int_eq(parse_buffer("g.menu", zero, strlen(zero), &pr, &err), 0);
	ck_assert_int_eq(pr.menu->kitchen.oven_grace, 0);
	parse_result_free(&pr);
	/* The default: one minute. */
	{
		struct menu *m = ck_load("salmon-dinner");

		ck_assert_int_eq(m->kitchen.oven_grace, MIN(1));
		menu_free(m);
	}
}
END_TEST

/* chicken-dinner without locks: the salmon bakes at the chicken's 425F
 * under every model that shares the oven, and says how long. */
START_TEST(test_chicken_dinner_says_how_far_and_long)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = cook(m, MODEL_COROUTINES, false, 0);

	ck_assert(!dish(r, 0)->ok);
	ck_assert_str_eq(dish(r, 0)->problem, "the oven was at 425F for "
			 "18 min while the salmon needed 350F " PM " 15F");
	ck_assert(dish(r, 1)->ok);
	run_free(r);
	r = cook(m, MODEL_COROUTINES, true, 0);
	ck_assert(dish(r, 0)->ok && dish(r, 1)->ok && dish(r, 2)->ok);
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- burners ----------------------------------------------------------------- */

static const char two_pots_text[] =
	"recipe pots \"Pasta and sauce\"\n"
	"step \"Boil the pasta water\" boil 5m\n"
	"step \"Bring the sauce to a boil\" boil 2m\n"
	"step \"Simmer the pasta\" simmer 9m\n"
	"step \"Simmer the sauce\" simmer 5m\n";

static int
lane_named(const struct run *r, const char *name)
{
	const struct trace *tr = run_trace(r);

	for (size_t i = 0; i < tr->nlanes; i++)
		if (strcmp(tr->lanes[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Two pots are two burners at once: the sauce boils on burner 2 from 5:00
 * to 7:00 while the pasta is on burner 1; the pasta (boiled first)
 * simmers first, 7:00 to 16:00, the sauce from 16:00 to 21:00. */
START_TEST(test_each_pot_holds_its_burner)
{
	const char *texts[] = { two_pots_text };
	struct menu *m = menu_of(texts, 1);
	struct run *r;
	const struct trace *tr;
	int b1, b2;

	m->kitchen.burners = 2;
	r = cook(m, MODEL_COROUTINES, false, 0);
	tr = run_trace(r);
	b1 = lane_named(r, "stovetop");
	b2 = lane_named(r, "stovetop 2");
	ck_assert_int_ge(b1, 0);
	ck_assert_int_ge(b2, 0);
	ck_assert_uint_eq(trace_lane_count(tr, b1), 2);
	ck_assert_uint_eq(trace_lane_count(tr, b2), 2);
	ck_assert_int_eq(trace_lane_span(tr, b1, 1)->start, MIN(7));
	ck_assert_int_eq(trace_lane_span(tr, b1, 1)->end, MIN(16));
	ck_assert_int_eq(trace_lane_span(tr, b2, 0)->start, MIN(5));
	ck_assert_int_eq(trace_lane_span(tr, b2, 1)->start, MIN(16));
	ck_assert_int_eq(run_result(r)->total, MIN(21));
	run_free(r);
	/* On one burner the engine would wait for itself: a deadlock of
	 * one (the loader refuses such a menu first, see check_parse). */
	m->kitchen.burners = 1;
	r = cook(m, MODEL_COROUTINES, false, 0);
	ck_assert_ptr_nonnull(run_deadlock(r));
	ck_assert_str_eq(run_deadlock(r)->text,
			 "pots holds burner 1 and waits for a burner");
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- deadlock ------------------------------------------------------------------ */

/* The case: the oven lock and a burner in opposite orders, under
 * --locks, one burner.  The salmon takes the lock at 0:00 (its preheat),
 * is hot at 11:12 and wants a burner the rice has held since 0:00; the
 * rice, after its boil, wants the oven lock. */
START_TEST(test_deadlock_lock_and_burner)
{
	static const enum model_id shared[] = {
		MODEL_CALLBACKS, MODEL_COROUTINES, MODEL_THREADS
	};
	struct menu *m = load_test("deadlock", "opposite.menu");
	const struct run_deadlock *dl;
	struct run *r;
	char *j;
	size_t i;

	for (i = 0; i < sizeof shared / sizeof shared[0]; i++) {
		r = cook(m, shared[i], true, 0);
		dl = run_deadlock(r);
		ck_assert_msg(dl != NULL, "%s: no deadlock", model_name(shared[i]));
		ck_assert_int_eq(dl->at, SEC(672));
		ck_assert_uint_eq(dl->n, 2);
		ck_assert_str_eq(dl->text, "salmon holds the oven lock and waits "
				 "for a burner; rice holds burner 1 and waits "
				 "for the oven lock");
		ck_assert_str_eq(dl->cycle[1].holds, "burner 1");
		ck_assert_str_eq(dl->cycle[1].waits_for, "the oven lock");
		ck_assert(!dish(r, 0)->ok && !dish(r, 1)->ok);
		ck_assert_int_eq(dish(r, 0)->ready_at, -1);
		ck_assert_str_eq(dish(r, 0)->problem,
				 "deadlock: it waits for a burner");
		ck_assert(run_lane_in_deadlock(r, lane_named(r, "oven lock")));
		ck_assert(run_lane_in_deadlock(r, lane_named(r, "stovetop")));
		/* The salmon's wait for a burner is drawn blocked. */
		ck_assert(run_lane_in_deadlock(r,
		    lane_named(r, "stovetop queue")));
		ck_assert_int_eq(trace_lane_span(run_trace(r),
		    lane_named(r, "stovetop queue"), 0)->kind, TRACE_BLOCKED);
		ck_assert_int_eq(trace_lane_span(run_trace(r),
		    lane_named(r, "stovetop queue"), 0)->start, SEC(672));
		ck_assert(!run_lane_in_deadlock(r, lane_named(r, "cook 1")));
		j = json_of(r);
		ck_assert(ck_json_valid(j));
		ck_assert_ptr_nonnull(strstr(j, "\"total_seconds\": null"));
		ck_assert_ptr_nonnull(strstr(j, "\"deadlock\": {\"at_seconds\": 672, \"cycle\": ["));
		ck_assert_ptr_nonnull(strstr(j, "{\"recipe\": \"rice\", \"holds\": \"burner 1\", \"waits_for\": \"the oven lock\"}"));
		ck_assert_ptr_nonnull(strstr(j, "\"ready_at\": null, \"ok\": false, \"problem\": \"deadlock: it waits for a burner\""));
		free(j);
		run_free(r);
		/* Without the lock nobody waits for anybody. */
		r = cook(m, shared[i], false, 0);
		ck_assert_ptr_null(run_deadlock(r));
		ck_assert_int_ge(dish(r, 1)->ready_at, 0);
		run_free(r);
	}
	/* One recipe after another, or a kitchen each: no cycle. */
	r = cook(m, MODEL_SEQUENTIAL, true, 0);
	ck_assert_ptr_null(run_deadlock(r));
	run_free(r);
	r = cook(m, MODEL_PROCESSES, true, 0);
	ck_assert_ptr_null(run_deadlock(r));
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- utensils ------------------------------------------------------------------ */

/*
 * knife-and-board with the default options (coroutines): the slaw rinses
 * 0:00-1:00 and takes the knife; the salsa rinses 1:00-2:30 and takes the
 * board; the slaw wipes the knife 2:30-3:00 and waits for the board, the
 * salsa wipes the board 3:00-3:30 and waits for the knife.  Under threads
 * the time slices decide: at the default seed the slaw has both before
 * the salsa asks and both dishes are served; at seed 1 each gets its
 * first, at 3:36.8.
 */
START_TEST(test_knife_and_board_deadlocks)
{
	struct menu *m = ck_load("knife-and-board");
	const struct run_deadlock *dl;
	const struct trace *tr;
	struct run *r;
	int q;

	ck_assert_int_eq(m->kitchen.utensils[UT_KNIFE], 1);
	ck_assert_int_eq(m->kitchen.cooks, 2);
	r = cook(m, MODEL_COROUTINES, false, 0);
	dl = run_deadlock(r);
	ck_assert_ptr_nonnull(dl);
	ck_assert_int_eq(dl->at, SEC(210));
	ck_assert_str_eq(dl->text, "slaw holds the knife and waits for the "
			 "cutting board; salsa holds the cutting board and "
			 "waits for the knife");
	/* Utensils are lanes; waiting for one is drawn blocked. */
	tr = run_trace(r);
	ck_assert_int_ge(lane_named(r, "knife"), 0);
	ck_assert_int_ge(lane_named(r, "board"), 0);
	q = lane_named(r, "board queue");
	ck_assert_int_ge(q, 0);
	ck_assert_uint_eq(trace_lane_count(tr, q), 1);
	ck_assert_int_eq(trace_lane_span(tr, q, 0)->kind, TRACE_BLOCKED);
	ck_assert_int_eq(trace_lane_span(tr, q, 0)->start, SEC(180));
	ck_assert(run_lane_in_deadlock(r, lane_named(r, "knife")));
	ck_assert(run_lane_in_deadlock(r, q));
	run_free(r);

	r = cook(m, MODEL_THREADS, false, 1);
	dl = run_deadlock(r);
	ck_assert_ptr_nonnull(dl);
	ck_assert_int_eq(dl->at, 216800);
	ck_assert_uint_eq(dl->n, 2);
	ck_assert_str_eq(dl->cycle[0].waits_for, "the cutting board");
	ck_assert_str_eq(dl->cycle[1].holds, "the cutting board");
	ck_assert_str_eq(dl->cycle[1].waits_for, "the knife");
	ck_assert_str_eq(dl->cycle[0].holds, "the knife");
	run_free(r);

	r = cook(m, MODEL_THREADS, false, 0);
	ck_assert_ptr_null(run_deadlock(r));
	ck_assert(dish(r, 0)->ok && dish(r, 1)->ok);
	ck_assert_int_eq(run_result(r)->total, 643200);
	run_free(r);
	/* One recipe at a time, or a kitchen (and a knife) each: never. */
	r = cook(m, MODEL_SEQUENTIAL, false, 0);
	ck_assert_ptr_null(run_deadlock(r));
	run_free(r);
	r = cook(m, MODEL_PROCESSES, false, 0);
	ck_assert_ptr_null(run_deadlock(r));
	run_free(r);
	menu_free(m);
}
END_TEST

/* Under threads it depends on the seed: 9 of seeds 1-20 deadlock. */
START_TEST(test_knife_and_board_threads_seeds)
{
	struct menu *m = ck_load("knife-and-board");
	uint64_t seed;
	int n = 0;

	for (seed = 1; seed <= 20; seed++) {
		struct run *r = cook(m, MODEL_THREADS, false, seed);

		n += run_deadlock(r) != NULL;
		run_free(r);
	}
	ck_assert_int_eq(n, 9);
	menu_free(m);
}
END_TEST

START_TEST(test_knife_and_board_ordered_never)
{
	struct menu *m = ck_load("knife-and-board-ordered");
	struct run *r;
	uint64_t seed;
	int model;

	for (model = 0; model < MODEL_COUNT; model++)
		for (seed = 1; seed <= 20; seed++) {
			r = cook(m, (enum model_id)model, false, seed);
			ck_assert_msg(run_deadlock(r) == NULL, "%s seed %d",
				      model_name(model), (int)seed);
			ck_assert(dish(r, 0)->ok && dish(r, 1)->ok);
			run_free(r);
		}
	menu_free(m);
}
END_TEST

/* Several tables, each deadlocked: no table has a total, in any format. */
START_TEST(test_deadlock_tables)
{
	struct menu *m = ck_load("knife-and-board");
	struct report_opts o = { .ascii = true, .spans_all = false, .width = 0 };
	struct run_opts ro;
	const char *err = NULL;
	struct run *r;
	char *j, *t = NULL;
	size_t len = 0;
	FILE *f;

	run_opts_default(&ro);
	ro.tables = 3;
	ro.keep_spans = false;
	r = run_new(m, &ro, &err);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(run_finish(r), 0);
	ck_assert_ptr_nonnull(run_deadlock(r));
	j = json_of(r);
	ck_assert(ck_json_valid(j));
	ck_assert_ptr_nonnull(strstr(j, "\"table_totals\": [null, null, null]"));
	ck_assert_ptr_nonnull(strstr(j, "\"table\": 1}"));
	free(j);
	f = open_memstream(&t, &len);
	ck_assert_int_eq(report_text(f, r, &o), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(t, "tables: 3, none served (deadlock)"));
	ck_assert_ptr_nonnull(strstr(t, "dishes: 6, 0 ruined, 6 never served"));
	free(t);
	run_free(r);
	menu_free(m);
}
END_TEST

/* The code pane shows a take as the lock it is, in every form. */
static bool
listing_has(const struct menu *m, enum model_id model, enum code_lang lang,
	    bool nested, const char *want)
{
	struct code_listing l;
	bool found = false;
	size_t i;

	memset(&l, 0, sizeof l);
	ck_assert_int_eq(code_build_form(&l, m, model, lang, false, 72, nested), 0);
	for (i = 0; i < l.n && !found; i++)
		found = strstr(l.lines[i].text, want) != NULL;
	code_free(&l);
	return found;
}

START_TEST(test_utensils_in_code)
{
	struct menu *m = ck_load("knife-and-board");

	ck_assert(listing_has(m, MODEL_THREADS, CODE_PYTHON, false,
			      "    board.acquire()"));
	ck_assert(listing_has(m, MODEL_COROUTINES, CODE_PYTHON, false,
			      "await board.acquire()"));
	ck_assert(listing_has(m, MODEL_CALLBACKS, CODE_PYTHON, false,
			      "board.acquire(callback=cook_salsa_cb1)"));
	ck_assert(listing_has(m, MODEL_CALLBACKS, CODE_PYTHON, true,
			      "board.acquire(callback=lambda: ("));
	ck_assert(listing_has(m, MODEL_COROUTINES, CODE_PYTHON, false,
			      "board.release()"));
	ck_assert(listing_has(m, MODEL_COROUTINES, CODE_C, false,
			      "PT_WAIT_UNTIL(&r->pt, utensil_take(k, r, board));"));
	ck_assert(listing_has(m, MODEL_CALLBACKS, CODE_C, false,
			      "utensil_when_free(r->k, r, board, t);"));
	ck_assert(!listing_has(m, MODEL_COROUTINES, CODE_PYTHON, false,
			       "work(0)"));
	menu_free(m);
}
END_TEST

/* ---- properties over generated menus ----------------------------------------- */

static uint64_t gen_state;

static uint32_t
gen(uint32_t n)
{
	uint64_t z = (gen_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) % n);
}

static void
add_step(struct recipe *r, enum step_action a, enum appliance app,
	 sched_ms d, int temp, int utensil)
{
	struct step *s;

	r->steps = realloc(r->steps, (r->nsteps + 1) * sizeof *r->steps);
	ck_assert_ptr_nonnull(r->steps);
	s = &r->steps[r->nsteps++];
	memset(s, 0, sizeof *s);
	s->text = strdup("a generated step");
	s->action = a;
	s->app = app;
	s->duration = d;
	s->temp_f = temp;
	s->utensil = utensil;
}

/* Menus with short bakes (so the re-computation can afford every
 * millisecond), ovens of several rates and tolerances, nested pots and
 * utensils taken in any order: oven fights, ruins and deadlocks all
 * happen. */
static struct menu *
gen_menu(void)
{
	static const int temps[] = { 300, 340, 350, 360, 375, 425 };
	static const int tols[] = { 5, 15, 30 };
	static const sched_ms graces[] = { 0, 10000, 60000 };
	struct menu *m = calloc(1, sizeof *m);
	size_t i, j, n;

	ck_assert_ptr_nonnull(m);
	m->name = strdup("generated");
	m->title = strdup("A generated menu");
	kitchen_spec_default(&m->kitchen);
	m->kitchen.oven_sheets = 1 + (int)gen(2);
	m->kitchen.burners = 1 + (int)gen(2);
	m->kitchen.oven_heat_rate = gen(2) ? 25 : 60;
	m->kitchen.oven_cool_rate = gen(2) ? 10 : 35;
	m->kitchen.tolerance_f = tols[gen(3)];
	m->kitchen.oven_grace = graces[gen(3)];
	m->kitchen.room_temp_f = gen(4) == 0 ? 330 : 70;
	for (i = 0; i < UT_COUNT; i++)
		m->kitchen.utensils[i] = 1 + (int)gen(2);
	m->nrecipes = 1 + gen(4);
	m->recipes = calloc(m->nrecipes, sizeof *m->recipes);
	ck_assert_ptr_nonnull(m->recipes);
	for (i = 0; i < m->nrecipes; i++) {
		struct recipe *r = calloc(1, sizeof *r);
		char name[32];
		int u, v;

		ck_assert_ptr_nonnull(r);
		snprintf(name, sizeof name, "r%zu", i);
		r->name = strdup(name);
		r->title = strdup(name);
		m->recipes[i] = r;
		n = 1 + gen(6);
		for (j = 0; j < n; j++) {
			sched_ms d = (sched_ms)(1 + gen(120)) * 1000 + gen(1000);
			int t = temps[gen(6)];

			switch (gen(9)) {
			case 0: case 1:
				add_step(r, ACT_WORK, APP_NONE, d, 0, UT_NONE);
				break;
			case 2:
				add_step(r, ACT_WAIT, APP_NONE, d, 0, UT_NONE);
				break;
			case 3: case 4:
				add_step(r, ACT_PREHEAT, APP_OVEN, 0, t, UT_NONE);
				if (gen(3))
					add_step(r, ACT_USE, APP_OVEN, d, t, UT_NONE);
				break;
			case 5:
				add_step(r, ACT_USE, APP_OVEN, d, t, UT_NONE);
				break;
			case 6:
				/* One pot, or two at once (simmered in
				 * boil order). */
				add_step(r, ACT_BOIL, APP_STOVETOP, d, 0, UT_NONE);
				if (gen(2))
					add_step(r, ACT_BOIL, APP_STOVETOP,
						 d / 2 + 1, 0, UT_NONE);
				else
					add_step(r, ACT_WORK, APP_NONE, d, 0,
						 UT_NONE);
				add_step(r, ACT_SIMMER, APP_STOVETOP, d, 0, UT_NONE);
				if (r->steps[r->nsteps - 2].action == ACT_BOIL)
					add_step(r, ACT_SIMMER, APP_STOVETOP, d,
						 0, UT_NONE);
				break;
			default:
				/* Two utensils in either order. */
				u = (int)gen(UT_COUNT);
				v = (u + 1 + (int)gen(UT_COUNT - 1)) % UT_COUNT;
				add_step(r, ACT_TAKE, APP_NONE, 0, 0, u);
				add_step(r, ACT_WORK, APP_NONE, d, 0, UT_NONE);
				add_step(r, ACT_TAKE, APP_NONE, 0, 0, v);
				add_step(r, ACT_WORK, APP_NONE, d, 0, UT_NONE);
				add_step(r, ACT_PUT, APP_NONE, 0, 0, v);
				add_step(r, ACT_PUT, APP_NONE, 0, 0, u);
				break;
			}
		}
	}
	return m;
}

/* A change of the oven's set point, as the trace records it. */
struct set {
	sched_ms t;
	int f;
};

/* The oven's line, plainly: from v0 milli-F at t0 toward set point f at
 * the heating or cooling rate (F per minute), whole milli-F rounded
 * toward the start, flat once there (kitchen-recipe(5)). */
static int64_t
line_at(const struct kitchen_spec *k, int64_t v0, sched_ms t0, int f,
	sched_ms t)
{
	int64_t target = (int64_t)f * 1000, v;

	if (v0 < target) {
		v = v0 + (t - t0) * k->oven_heat_rate / 60;
		return v > target ? target : v;
	}
	v = v0 - (t - t0) * k->oven_cool_rate / 60;
	return v < target ? target : v;
}

/* Milliseconds of [a, b) the oven spends outside need +- tol, counted one
 * by one from the list of set point changes. */
static sched_ms
outside_plainly(const struct kitchen_spec *k, const struct set *sets,
		size_t nsets, sched_ms a, sched_ms b, int need, int *worst)
{
	int64_t v0 = (int64_t)k->room_temp_f * 1000, v, d, dw = -1;
	int64_t lo = (int64_t)(need - k->tolerance_f) * 1000;
	int64_t hi = (int64_t)(need + k->tolerance_f) * 1000;
	sched_ms t0 = 0, t, out = 0;
	int f = k->room_temp_f;
	size_t i = 0;

	*worst = 0;
	for (t = a; t < b; t++) {
		while (i < nsets && sets[i].t <= t) {
			v0 = line_at(k, v0, t0, f, sets[i].t);
			t0 = sets[i].t;
			f = sets[i].f;
			i++;
		}
		v = line_at(k, v0, t0, f, t);
		if (v < lo || v > hi) {
			out++;
			d = v > (int64_t)need * 1000 ? v - (int64_t)need * 1000 :
			    (int64_t)need * 1000 - v;
			if (d > dw) {
				dw = d;
				*worst = (int)((v + 500) / 1000);
			}
		}
	}
	return out;
}

/* The same words the engine uses for a time outside. */
static void
fmt_out(char *buf, size_t n, sched_ms ms)
{
	long s = (long)((ms + 999) / 1000);

	if (s >= 60 && s % 60 == 0)
		snprintf(buf, n, "%ld min", s / 60);
	else if (s >= 60)
		snprintf(buf, n, "%ld min %ld s", s / 60, s % 60);
	else
		snprintf(buf, n, "%ld s", s);
}

static int ruins_seen, oks_seen, deadlocks_seen, bakes_seen;

/* The oven property for one finished run: each kitchen's set point
 * changes are its TRACE_HEAT spans of preheat steps on its oven lane; each
 * bake is a TRACE_USE span of an oven step with a temperature. */
static void
check_bakes(const struct run *r, const char *what)
{
	const struct menu *m = run_menu(r);
	const struct trace *tr = run_trace(r);
	bool own = run_options(r)->model == MODEL_PROCESSES;
	size_t nk = own ? m->nrecipes : 1, k, i, ns;
	struct set *sets = calloc(tr->nspans + 1, sizeof *sets);
	bool *ruined = calloc(m->nrecipes, sizeof *ruined);
	char **first = calloc(m->nrecipes, sizeof *first);

	ck_assert(sets && ruined && first);
	for (k = 0; k < nk; k++) {
		ns = 0;
		for (i = 0; i < tr->nspans; i++) {
			const struct trace_span *sp = &tr->spans[i];
			const struct step *st;

			if (sp->recipe < 0 || sp->step < 0 ||
			    sp->kind != TRACE_HEAT || (own && (size_t)sp->recipe != k))
				continue;
			st = &m->recipes[sp->recipe]->steps[sp->step];
			if (st->action == ACT_PREHEAT) {
				sets[ns].t = sp->start;
				sets[ns].f = st->temp_f;
				ns++;
			}
		}
		for (i = 0; i < tr->nspans; i++) {
			const struct trace_span *sp = &tr->spans[i];
			const struct step *st;
			sched_ms out;
			char d[40], *msg;
			int worst;

			if (sp->recipe < 0 || sp->step < 0 ||
			    sp->kind != TRACE_USE || (own && (size_t)sp->recipe != k))
				continue;
			st = &m->recipes[sp->recipe]->steps[sp->step];
			if (st->action != ACT_USE || st->app != APP_OVEN ||
			    st->temp_f == 0)
				continue;
			ck_assert_msg(sp->end != TRACE_OPEN, "%s: a bake never ended",
				      what);
			bakes_seen++;
			out = outside_plainly(&m->kitchen, sets, ns, sp->start,
					      sp->end, st->temp_f, &worst);
			if (out <= m->kitchen.oven_grace || ruined[sp->recipe])
				continue;
			ruined[sp->recipe] = true;
			fmt_out(d, sizeof d, out);
			ck_assert_int_ge(asprintf(&msg, "the oven was at %dF for %s "
				"while the %s needed %dF " PM " %dF", worst, d,
				m->recipes[sp->recipe]->name, st->temp_f,
				m->kitchen.tolerance_f), 0);
			first[sp->recipe] = msg;
		}
	}
	for (i = 0; i < m->nrecipes; i++) {
		const struct run_dish *dd = dish(r, (int)i);

		if (dd->ready_at < 0) {
			free(first[i]);
			continue;       /* not served: the deadlock check's */
		}
		ck_assert_msg(dd->ok == !ruined[i], "%s: recipe %zu: engine %s, "
			      "re-computation %s (%s)", what, i,
			      dd->ok ? "ok" : "ruined", ruined[i] ? "ruined" : "ok",
			      dd->problem);
		if (ruined[i]) {
			ck_assert_str_eq(dd->problem, first[i]);
			ruins_seen++;
		} else
			oks_seen++;
		free(first[i]);
	}
	free(first);
	free(ruined);
	free(sets);
}

/* The deadlock property: a run that stops with a recipe unfinished
 * reports a deadlock, one that finishes every recipe does not, and a
 * reported cycle hangs together: each link waits for the kind of thing
 * the next one holds, and every link's recipe is unfinished. */
static bool
holds_what_waited(const char *waits, const char *holds)
{
	if (strcmp(waits, "a burner") == 0)
		return strncmp(holds, "burner ", 7) == 0;
	return strncmp(holds, waits, strlen(waits)) == 0;
}

static void
check_deadlock(const struct run *r, const char *what)
{
	const struct menu *m = run_menu(r);
	const struct run_deadlock *dl = run_deadlock(r);
	bool unfinished = false;
	size_t i;

	for (i = 0; i < m->nrecipes; i++) {
		bool left = run_recipe_step(r, (int)i) != (int)m->recipes[i]->nsteps;

		unfinished |= left;
		ck_assert_msg(left == (dish(r, (int)i)->ready_at < 0),
			      "%s: recipe %zu finished %d, ready_at %lld", what,
			      i, !left, (long long)dish(r, (int)i)->ready_at);
		if (left) {
			ck_assert(!dish(r, (int)i)->ok);
			ck_assert_msg(strncmp(dish(r, (int)i)->problem,
					      "deadlock", 8) == 0, "%s: %s", what,
				      dish(r, (int)i)->problem);
		}
	}
	ck_assert_msg(unfinished == (dl != NULL), "%s: unfinished %d, deadlock %d",
		      what, unfinished, dl != NULL);
	if (dl == NULL)
		return;
	deadlocks_seen++;
	ck_assert_msg(dl->n >= 1, "%s: a deadlock without a cycle: %s", what,
		      dl->text);
	ck_assert_int_le(dl->at, run_now(r));
	for (i = 0; i < dl->n; i++) {
		const struct run_wait_link *l = &dl->cycle[i];
		const struct run_wait_link *nx = &dl->cycle[(i + 1) % dl->n];

		ck_assert(run_recipe_step(r, l->recipe) !=
			  (int)m->recipes[l->recipe]->nsteps);
		ck_assert_msg(holds_what_waited(l->waits_for, nx->holds),
			      "%s: %s waits for %s but the next holds %s", what,
			      m->recipes[l->recipe]->name, l->waits_for,
			      nx->holds);
	}
}

#define PROP_ROUNDS 110         /* x 10 loop iterations: 1,100 menus */

START_TEST(test_generated_physics)
{
	int round;

	gen_state = 0x6b69746368656e00ULL + (uint64_t)_i;
	for (round = 0; round < PROP_ROUNDS; round++) {
		struct menu *m = gen_menu();
		enum model_id model = (enum model_id)gen(MODEL_COUNT);
		bool locks = gen(2);
		struct run_opts ro;
		const char *err = NULL;
		struct run *r;
		char what[120], *j;

		run_opts_default(&ro);
		ro.model = model;
		ro.locks = locks;
		ro.cooks = 1 + (int)gen(3);
		ro.gil = gen(2);
		ro.seed = 1 + gen(1000);
		snprintf(what, sizeof what, "menu %d/%d (%s, locks=%d, seed %d)",
			 _i, round, model_name(model), locks, (int)ro.seed);
		r = run_new(m, &ro, &err);
		ck_assert_msg(r != NULL, "%s: %s", what, err ? err : "?");
		ck_assert_int_eq(run_finish(r), 0);
		check_deadlock(r, what);
		check_bakes(r, what);
		j = json_of(r);
		ck_assert_msg(ck_json_valid(j), "%s: invalid JSON", what);
		free(j);
		run_free(r);
		menu_free(m);
	}
}
END_TEST

/* Every kind of outcome was met, so the properties tested something. */
START_TEST(test_generated_physics_coverage)
{
	ck_assert_int_ge(bakes_seen, 500);
	ck_assert_int_ge(ruins_seen, 50);
	ck_assert_int_ge(oks_seen, 50);
	ck_assert_int_ge(deadlocks_seen, 20);
	printf("generated: %d bakes, %d dishes ruined, %d ok, %d deadlocks\n",
	       bakes_seen, ruins_seen, oks_seen, deadlocks_seen);
}
END_TEST

/* The JSON of every shipped menu under every model, with and without
 * locks, parses strictly. */
START_TEST(test_shipped_json_valid)
{
	char **names = NULL, *err = NULL, *j;
	size_t n = 0, i;
	int model, locks;

	ck_assert_int_eq(catalog_menu_names(catalog_data_dir(NULL), &names, &n,
					    &err), 0);
	ck_assert_uint_ge(n, 5);
	for (i = 0; i < n; i++) {
		struct menu *m = ck_load(names[i]);

		for (model = 0; model < MODEL_COUNT; model++)
			for (locks = 0; locks < 2; locks++) {
				struct run *r = cook(m, (enum model_id)model,
						     locks, 0);

				j = json_of(r);
				ck_assert_msg(ck_json_valid(j), "%s under %s",
					      names[i], model_name(model));
				free(j);
				run_free(r);
			}
		menu_free(m);
		free(names[i]);
	}
	free(names);
}
END_TEST

/* ---- golden files: the teaching, word for word ------------------------------ */

/* tests/golden/<name>.txt is `kitchen-tui --batch --ascii` of each (the
 * threads one with --seed=1); a
 * change of any of them is a change of what a student reads. */
static const struct golden {
	const char *name, *menu_dir, *menu;
	enum model_id model;
	bool locks;
	uint64_t seed;          /* 0: the default */
} goldens[] = {
	{ "chicken-dinner-coroutines", NULL, "chicken-dinner",
	  MODEL_COROUTINES, false, 0 },
	{ "knife-and-board-coroutines", NULL, "knife-and-board",
	  MODEL_COROUTINES, false, 0 },
	{ "knife-and-board-threads", NULL, "knife-and-board", MODEL_THREADS,
	  false, 1 },
	{ "opposite-locks-coroutines", "deadlock", "opposite.menu",
	  MODEL_COROUTINES, true, 0 },
};

START_TEST(test_golden)
{
	const struct golden *g = &goldens[_i];
	const char *src = getenv("KT_SRCDIR");
	struct report_opts o = { .ascii = true, .spans_all = false, .width = 0 };
	struct menu *m = g->menu_dir ? load_test(g->menu_dir, g->menu) :
	    ck_load(g->menu);
	struct run *r = cook(m, g->model, g->locks, g->seed);
	char path[4096], *want, *got = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&got, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(report_text(f, r, &o), 0);
	fclose(f);
	snprintf(path, sizeof path, "%s/tests/golden/%s.txt",
		 src && *src ? src : ".", g->name);
	want = ck_slurp(path);
	ck_assert_msg(want != NULL, "cannot read %s", path);
	/* Up to the memory figure, which is another lesson's (and may
	 * depend on the machine's default stack size). */
	if (strstr(want, "\nmemory: ") != NULL)
		strstr(want, "\nmemory: ")[1] = '\0';
	if (strstr(got, "\nmemory: ") != NULL)
		strstr(got, "\nmemory: ")[1] = '\0';
	ck_assert_msg(strcmp(want, got) == 0, "%s differs; got:\n%s", path, got);
	free(want);
	free(got);
	run_free(r);
	menu_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("physics");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("rules");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_json_validator_is_strict);
	tcase_add_test(tc, test_oven_probe_early_425_ruins);
	tcase_add_test(tc, test_oven_probe_turned_down_late_ok);
	tcase_add_test(tc, test_oven_grace_decides);
	tcase_add_test(tc, test_oven_grace_parses);
	tcase_add_test(tc, test_chicken_dinner_says_how_far_and_long);
	tcase_add_test(tc, test_each_pot_holds_its_burner);
	tcase_add_test(tc, test_deadlock_lock_and_burner);
	tcase_add_test(tc, test_knife_and_board_deadlocks);
	tcase_add_test(tc, test_knife_and_board_threads_seeds);
	tcase_add_test(tc, test_knife_and_board_ordered_never);
	tcase_add_test(tc, test_utensils_in_code);
	tcase_add_test(tc, test_deadlock_tables);
	tcase_add_test(tc, test_shipped_json_valid);
	tcase_add_loop_test(tc, test_golden, 0,
			    (int)(sizeof goldens / sizeof goldens[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("generated");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_generated_physics, 0, 10);
	tcase_add_test(tc, test_generated_physics_coverage);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	/* The coverage count adds up over the loop: one process. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
