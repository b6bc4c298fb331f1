/* SPDX-License-Identifier: ISC */
/*
 * check_code.c - the code pane's listings (code.h): every step of every
 * recipe has a line the marker can sit on, the lines follow the recipe,
 * each model reads the way the tutorial writes it, the C form is the
 * protothread or callback chain our engine runs, text from the data never
 * reaches a line raw, and no line is wider than CODE_WIDTH (56) columns
 * for any menu, or than 40 columns for the shipped menus built for 40.
 *
 * The menus are built here in C (one like the tutorial's dinner, one full
 * of awkward names and texts) and the shipped ones are loaded from the
 * data directory.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "code.h"

/* ---- menus built in C --------------------------------------------------- */

struct tstep {
	const char *text;
	enum step_action action;
	enum appliance app;
	long ms;
	int temp_f;
};

struct trecipe {
	const char *name, *title;
	const struct tstep *steps;
	size_t n;
};

#define MIN(m) ((m) * 60000L)
#define N(a) (sizeof (a) / sizeof *(a))

static const struct tstep salmon_steps[] = {
	{ "Preheat oven to 350 degrees F", ACT_PREHEAT, APP_OVEN, 0, 350 },
	{ "Arrange salmon filets on cooking sheet", ACT_WORK, APP_NONE, MIN(2), 0 },
	{ "Slather each filet with 2 tbsp. of orange-ginger dressing",
	  ACT_WORK, APP_NONE, MIN(3), 0 },
	{ "Bake salmon in oven for 18 minutes", ACT_USE, APP_OVEN, MIN(18), 350 },
};
static const struct tstep rice_steps[] = {
	{ "Put water and butter in a 2 qt pot", ACT_WORK, APP_NONE, MIN(2), 0 },
	{ "Bring pot to a boil", ACT_BOIL, APP_STOVETOP, 0, 0 },
	{ "Stir in spice package and rice, cover, set to low",
	  ACT_WORK, APP_NONE, MIN(1), 0 },
	{ "Let simmer for 22 minutes", ACT_SIMMER, APP_STOVETOP, MIN(22), 0 },
	{ "Fluff, let stand for 5 minutes", ACT_WAIT, APP_NONE, MIN(5), 0 },
};
static const struct tstep beans_steps[] = {
	{ "Poke holes in bag, put on microwave-safe plate",
	  ACT_WORK, APP_NONE, MIN(1), 0 },
	{ "Microwave for 5 minutes", ACT_USE, APP_MICROWAVE, MIN(5), 0 },
};
static const struct trecipe salmon_dinner[] = {
	{ "salmon", "Salmon filets with orange-ginger dressing",
	  salmon_steps, N(salmon_steps) },
	{ "rice", "Rice pilaf from a box", rice_steps, N(rice_steps) },
	{ "beans", "Steam in bag green beans", beans_steps, N(beans_steps) },
};

/* Awkward on purpose: a recipe that starts with a wait and ends with
 * work, every action, escapes, keywords, duplicate and empty names, a
 * name far too long for a line, a word longer than a line, huge numbers,
 * and a recipe with no steps at all. */
static const struct tstep odd1_steps[] = {
	{ "Let the dough rest", ACT_WAIT, APP_NONE, MIN(10), 0 },
	{ "Knead \x1b[2J\x1b[31mred\x1b[0m it\a\r well", ACT_WORK, APP_NONE, 90000, 0 },
	{ "C1 \xc2\x9b" "31m, DEL \x7f, bad \xff, back\\slash, */ closes /*",
	  ACT_WORK, APP_NONE, 1500, 0 },
};
static const struct tstep odd2_steps[] = {
	{ "Preheat the microwave (it has a grill)", ACT_PREHEAT, APP_MICROWAVE, 0, 400 },
	{ "Grill it", ACT_USE, APP_MICROWAVE, 45000, 400 },
	{ "Boil", ACT_BOIL, APP_STOVETOP, MIN(3), 0 },
	{ "", ACT_WORK, APP_NONE, MIN(1), 0 },
	{ "Simmer for a moment", ACT_SIMMER, APP_STOVETOP, 1500, 0 },
	{ "Bake very hot for a very long time", ACT_USE, APP_OVEN,
	  1000000000000L, 2147483647 },
	{ "Supercalifragilisticexpialidocious-and-then-some-more-of-it-"
	  "without-a-single-space-anywhere", ACT_WORK, APP_NONE, MIN(1), 0 },
	{ "A step with a rather long text that has to be wrapped over "
	  "several comment lines because no code pane is this wide, "
	  "not even on a projector in a big lecture hall", ACT_WAIT,
	  APP_NONE, MIN(1), 0 },
	{ "Cr\xc3\xa8me: \xe2\x80\x9cquoted\xe2\x80\x9d words \xe6\xbc\xa2\xe5\xad\x97",
	  ACT_WORK, APP_NONE, MIN(1), 0 },
};
static const struct tstep odd3_steps[] = {
	{ "Chop", ACT_WORK, APP_NONE, MIN(1), 0 },
};
static const struct trecipe odd_menu[] = {
	{ "class", "A recipe named like a keyword", odd1_steps, N(odd1_steps) },
	{ "an extremely long recipe name that goes on and on and on",
	  "Title with \x1b]0;owned\a an OSC", odd2_steps, N(odd2_steps) },
	{ "class", "The same name again", odd3_steps, N(odd3_steps) },
	{ "", NULL, odd3_steps, N(odd3_steps) },
	{ "Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e!", "Unicode name", odd3_steps,
	  N(odd3_steps) },
	{ "2-step", "Starts with a digit", odd3_steps, N(odd3_steps) },
	{ "empty", "No steps at all", NULL, 0 },
	{ "chop", "Named like the first word of a step", odd3_steps,
	  N(odd3_steps) },
};

static char *xstrdup(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	ck_assert(!s || d);
	return d;
}

static struct menu *menu_make(const char *name, const char *title,
			      const struct trecipe *tr, size_t n)
{
	struct menu *m = calloc(1, sizeof *m);
	size_t i, j;

	ck_assert_ptr_nonnull(m);
	m->name = xstrdup(name);
	m->title = xstrdup(title);
	m->recipes = calloc(n, sizeof *m->recipes);
	ck_assert_ptr_nonnull(m->recipes);
	m->nrecipes = n;
	for (i = 0; i < n; i++) {
		struct recipe *r = calloc(1, sizeof *r);

		ck_assert_ptr_nonnull(r);
		r->name = xstrdup(tr[i].name);
		r->title = xstrdup(tr[i].title);
		r->nsteps = tr[i].n;
		r->steps = calloc(tr[i].n ? tr[i].n : 1, sizeof *r->steps);
		ck_assert_ptr_nonnull(r->steps);
		for (j = 0; j < tr[i].n; j++) {
			r->steps[j].text = xstrdup(tr[i].steps[j].text);
			r->steps[j].action = tr[i].steps[j].action;
			r->steps[j].app = tr[i].steps[j].app;
			r->steps[j].duration = tr[i].steps[j].ms;
			r->steps[j].temp_f = tr[i].steps[j].temp_f;
			r->steps[j].line = (int)j + 1;
		}
		m->recipes[i] = r;
	}
	return m;
}

/* Our own free: these menus are built here, not by the parser. */
static void menu_unmake(struct menu *m)
{
	size_t i, j;

	for (i = 0; i < m->nrecipes; i++) {
		for (j = 0; j < m->recipes[i]->nsteps; j++)
			free(m->recipes[i]->steps[j].text);
		free(m->recipes[i]->steps);
		free(m->recipes[i]->name);
		free(m->recipes[i]->title);
		free(m->recipes[i]);
	}
	free(m->recipes);
	free(m->name);
	free(m->title);
	free(m);
}

static struct menu *salmon(void)
{
	return menu_make("salmon-dinner", "Salmon dinner", salmon_dinner,
			 N(salmon_dinner));
}

static struct menu *odd(void)
{
	return menu_make("odd menu \x1b]0;x\a", "Odd \x1b[1mmenu", odd_menu,
			 N(odd_menu));
}

/* ---- helpers -------------------------------------------------------------- */

static const char *const model_list[] = {
	"sequential", "callbacks", "coroutines", "threads", "processes"
};

static struct code_listing build(const struct menu *m, int model, int lang,
				 bool ascii)
{
	struct code_listing l;

	memset(&l, 0xa5, sizeof l);     /* code_build must not read it */
	ck_assert_msg(code_build(&l, m, (enum model_id)model,
				 (enum code_lang)lang, ascii) == 0,
		      "code_build %s %s failed", model_list[model],
		      code_lang_name((enum code_lang)lang));
	ck_assert_uint_gt(l.n, 0);
	return l;
}

/* Display columns: UTF-8 continuation bytes take none. */
static int cols(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* All non-context lines of (recipe, step) joined with spaces, so a call
 * wrapped over two lines still reads as one. */
static char *joined(const struct code_listing *l, int r, int s)
{
	size_t i, len = 1;
	char *out;

	for (i = 0; i < l->n; i++)
		if (l->lines[i].recipe == r && l->lines[i].step == s &&
		    !l->lines[i].context)
			len += strlen(l->lines[i].text) + 1;
	out = calloc(1, len);
	ck_assert_ptr_nonnull(out);
	for (i = 0; i < l->n; i++)
		if (l->lines[i].recipe == r && l->lines[i].step == s &&
		    !l->lines[i].context) {
			if (*out)
				strcat(out, " ");
			strcat(out, l->lines[i].text);
		}
	return out;
}

/* The whole listing in one string, lines joined with spaces. */
static char *all_text(const struct code_listing *l)
{
	size_t i, len = 1;
	char *out;

	for (i = 0; i < l->n; i++)
		len += strlen(l->lines[i].text) + 1;
	out = calloc(1, len);
	ck_assert_ptr_nonnull(out);
	for (i = 0; i < l->n; i++) {
		strcat(out, l->lines[i].text);
		strcat(out, " ");
	}
	return out;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* The identifier the listing gave recipe r: the NAME in "def cook_NAME():"
 * or "PT_THREAD(cook_NAME(", read from the recipe's first line. */
static void recipe_id(const struct code_listing *l, int r, char *out,
		      size_t sz)
{
	char *head = joined(l, r, -1);
	const char *p = strstr(head, "cook_");
	size_t n = 0;

	ck_assert_msg(p != NULL, "first line of recipe %d: %s", r, head);
	p += 5;
	while (n + 1 < sz && ((p[n] >= 'a' && p[n] <= 'z') ||
			      (p[n] >= '0' && p[n] <= '9') || p[n] == '_')) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
	ck_assert_uint_gt(n, 0);
	free(head);
}

/* The contract every listing keeps, whatever the model and language. */
static void check_contract(const struct menu *m, const struct code_listing *l,
			   int model, int lang, int width)
{
	const char *what = model_list[model];
	const char *lname = code_lang_name((enum code_lang)lang);
	size_t i, ri;

	for (i = 0; i < l->n; i++) {
		const struct code_line *cl = &l->lines[i];

		ck_assert_ptr_nonnull(cl->text);
		ck_assert_msg(cols(cl->text) <= width,
			      "%s %s line %zu is %d columns (> %d): %s", what,
			      lname, i, cols(cl->text), width, cl->text);
		ck_assert_msg(strchr(cl->text, '\t') == NULL, "tab in a line");
		ck_assert(cl->recipe >= -1 && cl->recipe < (int)m->nrecipes);
		if (cl->recipe < 0)
			ck_assert_int_eq(cl->step, -1);
	}
	for (ri = 0; ri < m->nrecipes; ri++) {
		const struct recipe *r = m->recipes[ri];
		int first = code_line_of(l, (int)ri, -1), prev = -1, s;
		int last_line = -1, lo = -1, hi = -1, prevstep = -1;

		ck_assert_msg(first >= 0, "%s %s: recipe %zu has no first line",
			      what, lname, ri);
		/* every step, and the end, has a line that performs it */
		for (s = 0; s <= (int)r->nsteps; s++) {
			int at = code_line_of(l, (int)ri, s);

			ck_assert_msg(at >= 0, "%s %s: recipe %zu step %d has "
				      "no line", what, lname, ri, s);
			ck_assert_int_eq(l->lines[at].recipe, (int)ri);
			ck_assert_int_eq(l->lines[at].step, s);
			ck_assert(!l->lines[at].context);
			ck_assert_msg(at > prev && at > first, "%s %s: recipe "
				      "%zu step %d out of order", what, lname,
				      ri, s);
			prev = at;
		}
		/* the recipe's lines: one block (blank lines apart), steps
		 * never going back */
		for (i = 0; i < l->n; i++) {
			if (l->lines[i].recipe != (int)ri)
				continue;
			if (lo < 0)
				lo = (int)i;
			hi = (int)i;
			ck_assert_msg(l->lines[i].step >= prevstep,
				      "%s %s: recipe %zu goes back from step "
				      "%d to %d at line %zu", what, lname, ri,
				      prevstep, l->lines[i].step, i);
			prevstep = l->lines[i].step;
			if (!l->lines[i].context)
				last_line = (int)i;
		}
		ck_assert_int_le(lo, first);
		for (i = (size_t)lo; i <= (size_t)hi; i++)
			ck_assert_msg(l->lines[i].recipe == (int)ri ||
				      l->lines[i].text[0] == '\0',
				      "%s %s: recipe %zu interrupted at %zu",
				      what, lname, ri, i);
		/* the end is the recipe's last statement */
		ck_assert_int_eq(code_line_of(l, (int)ri, (int)r->nsteps),
				 last_line);
		ck_assert_int_eq(code_line_of(l, (int)ri, (int)r->nsteps + 1), -1);
	}
	ck_assert_int_eq(code_line_of(l, (int)m->nrecipes, 0), -1);
	ck_assert_int_eq(code_line_of(l, -1, 0), -1);
}

/* ---- tests ------------------------------------------------------------------ */

/* Every model, language and ascii flag, at CODE_WIDTH or, for width >
 * 0, built for that width. */
static void for_all(struct menu *m, int width)
{
	int model, lang, a;

	for (model = 0; model < MODEL_COUNT; model++)
		for (lang = 0; lang < CODE_LANG_COUNT; lang++)
			for (a = 0; a < 2; a++) {
				struct code_listing l;

				if (width == CODE_WIDTH) {
					l = build(m, model, lang, a);
				} else {
					ck_assert_int_eq(code_build_width(&l, m,
							 model, lang, a, width), 0);
				}
				check_contract(m, &l, model, lang, width);
				code_free(&l);
			}
}

START_TEST(test_every_step_has_a_line)
{
	struct menu *m = salmon(), *o = odd();

	for_all(m, CODE_WIDTH);
	for_all(o, CODE_WIDTH);
	menu_unmake(m);
	menu_unmake(o);
}
END_TEST

START_TEST(test_shipped_menus)
{
	static const char *const names[] = {
		"salmon-dinner", "chicken-dinner", "stir-fry"
	};
	const char *dir = catalog_data_dir(NULL);
	size_t i;

	for (i = 0; i < N(names); i++) {
		struct menu *m = NULL;
		char *err = NULL;

		ck_assert_msg(catalog_load_menu(dir, names[i], &m, &err) == 0,
			      "%s: %s", names[i], err ? err : "?");
		ck_assert_uint_gt(m->nrecipes, 0);
		for_all(m, CODE_WIDTH);
		/* an 80-column screen leaves the pane about 40 */
		for_all(m, 40);
		for_all(m, 46);
		menu_free(m);
	}
}
END_TEST

/* The tutorial's own lines come out of the salmon dinner's data. */
START_TEST(test_tutorial_lines)
{
	struct menu *m = salmon();
	struct code_listing l;
	char *j;

	l = build(m, MODEL_SEQUENTIAL, CODE_PYTHON, false);
	ck_assert_str_eq(l.lines[code_line_of(&l, 0, 0)].text,
			 "    oven.preheat(350)");
	j = joined(&l, 0, 3);
	ck_assert_ptr_nonnull(strstr(j, "sleep(18 * 60)"));
	free(j);
	ck_assert_str_eq(l.lines[code_line_of(&l, 0, -1)].text,
			 "def cook_salmon():");
	code_free(&l);

	l = build(m, MODEL_COROUTINES, CODE_PYTHON, false);
	ck_assert_str_eq(l.lines[code_line_of(&l, 0, 0)].text,
			 "    await oven.preheat(350)");
	j = joined(&l, 0, 3);
	ck_assert_ptr_nonnull(strstr(j, "await asyncio.sleep(18 * 60)"));
	free(j);
	code_free(&l);

	l = build(m, MODEL_CALLBACKS, CODE_PYTHON, false);
	ck_assert_str_eq(l.lines[code_line_of(&l, 0, 0)].text,
			 "    oven.preheat(350, callback=cook_salmon_cb1)");
	code_free(&l);

	l = build(m, MODEL_COROUTINES, CODE_C, false);
	j = joined(&l, 0, 0);
	ck_assert_ptr_nonnull(strstr(j, "oven_set(k, 350);"));
	ck_assert_ptr_nonnull(strstr(j, "PT_WAIT_UNTIL(&r->pt, oven_hot(k));"));
	ck_assert(strstr(j, "oven_set") < strstr(j, "PT_WAIT_UNTIL"));
	free(j);
	j = joined(&l, 0, 3);
	ck_assert_ptr_nonnull(strstr(j, "oven_bake(k, r, 350);"));
	ck_assert_ptr_nonnull(strstr(j, "18 * MINUTE"));
	free(j);
	code_free(&l);
	menu_unmake(m);
}
END_TEST

/* Every step's text is in the listing (escaped), next to its line. */
START_TEST(test_work_steps_say_what)
{
	struct menu *m = salmon();
	int model, lang;

	for (model = 0; model < MODEL_COUNT; model++)
		for (lang = 0; lang < CODE_LANG_COUNT; lang++) {
			struct code_listing l = build(m, model, lang, false);
			size_t i;
			bool seen = false;

			/* "Arrange salmon filets on cooking sheet": a
			 * comment (context) of recipe 0 step 1 */
			for (i = 0; i < l.n; i++)
				if (l.lines[i].recipe == 0 &&
				    l.lines[i].step == 1 && l.lines[i].context &&
				    strstr(l.lines[i].text, "Arrange salmon"))
					seen = true;
			ck_assert_msg(seen, "%s %s: no comment for the work "
				      "step", model_list[model],
				      code_lang_name(lang));
			code_free(&l);
		}
	menu_unmake(m);
}
END_TEST

static bool step_is_wait(const struct step *st)
{
	return st->action != ACT_WORK;
}

START_TEST(test_sequential_calls_in_order)
{
	struct menu *m = salmon(), *o = odd();
	struct menu *ms[2] = { m, o };
	size_t k, ri;

	for (k = 0; k < 2; k++) {
		struct code_listing l = build(ms[k], MODEL_SEQUENTIAL,
					      CODE_PYTHON, false);
		char *all = all_text(&l), id[64], call[96];
		int at;
		size_t i;

		ck_assert_ptr_null(strstr(all, "await"));
		ck_assert_ptr_null(strstr(all, "async"));
		ck_assert_ptr_null(strstr(all, "callback="));
		ck_assert_ptr_null(strstr(all, "threading"));
		ck_assert_ptr_null(strstr(all, "multiprocessing"));
		/* make_<menu>() calls cook_<recipe>() for each, in order */
		for (at = -1, i = 0; i < l.n; i++)
			if (!strncmp(l.lines[i].text, "def make_", 9))
				at = (int)i;
		ck_assert_int_ge(at, 0);
		for (ri = 0; ri < ms[k]->nrecipes; ri++) {
			int found = -1;

			recipe_id(&l, (int)ri, id, sizeof id);
			snprintf(call, sizeof call, " = cook_%s()", id);
			for (i = (size_t)at + 1; i < l.n; i++)
				if (strstr(l.lines[i].text, call)) {
					found = (int)i;
					break;
				}
			ck_assert_msg(found > at, "no call %s in order", call);
			at = found;
		}
		/* every timed wait sleeps */
		for (ri = 0; ri < ms[k]->nrecipes; ri++) {
			const struct recipe *r = ms[k]->recipes[ri];

			for (i = 0; i < r->nsteps; i++) {
				char *j = joined(&l, (int)ri, (int)i);
				enum step_action a = r->steps[i].action;

				if (a == ACT_WAIT || a == ACT_USE || a == ACT_SIMMER)
					ck_assert_msg(strstr(j, "sleep("), "%s", j);
				free(j);
			}
		}
		free(all);
		code_free(&l);
	}
	menu_unmake(m);
	menu_unmake(o);
}
END_TEST

START_TEST(test_callbacks_chain)
{
	struct menu *m = salmon(), *o = odd();
	struct menu *ms[2] = { m, o };
	size_t k, ri, si;

	for (k = 0; k < 2; k++) {
		struct code_listing l = build(ms[k], MODEL_CALLBACKS,
					      CODE_PYTHON, false);
		struct code_listing c = build(ms[k], MODEL_CALLBACKS, CODE_C,
					      false);
		char *all = all_text(&l), *callc = all_text(&c);

		ck_assert_ptr_null(strstr(all, "await"));
		ck_assert_ptr_null(strstr(all, "sleep("));
		for (ri = 0; ri < ms[k]->nrecipes; ri++) {
			const struct recipe *r = ms[k]->recipes[ri];
			char id[64], pat[128];
			int piece = 0, defs;

			recipe_id(&l, (int)ri, id, sizeof id);
			/* Python: cut at every wait, each wait names the
			 * next piece, which is defined after it */
			for (si = 0; si < r->nsteps; si++) {
				char *j = joined(&l, (int)ri, (int)si);

				if (step_is_wait(&r->steps[si])) {
					piece++;
					snprintf(pat, sizeof pat,
						 "callback=cook_%s_cb%d)", id, piece);
					ck_assert_msg(strstr(j, pat), "%s in %s",
						      pat, j);
					snprintf(pat, sizeof pat,
						 "def cook_%s_cb%d():", id, piece);
					ck_assert_int_eq(count(all, pat), 1);
				} else {
					ck_assert_ptr_null(strstr(j, "callback="));
				}
				free(j);
			}
			snprintf(pat, sizeof pat, "def cook_%s_cb%d():", id,
				 piece + 1);
			ck_assert_int_eq(count(all, pat), 0);
			snprintf(pat, sizeof pat, "def cook_%s", id);
			defs = count(all, pat);
			/* "def cook_class" also counts "def cook_class2..."
			 * for another recipe: count exact heads instead */
			snprintf(pat, sizeof pat, "def cook_%s():", id);
			ck_assert_int_eq(count(all, pat), 1);
			ck_assert_int_ge(defs, 1 + piece);
			/* C: one callback per step plus the last, each
			 * registering the next */
			for (si = 0; si < r->nsteps; si++) {
				char *j = joined(&c, (int)ri, (int)si);

				snprintf(pat, sizeof pat, "t->fn = cook_%s_cb%zu;",
					 id, si + 1);
				ck_assert_msg(strstr(j, pat), "%s in %s", pat, j);
				ck_assert(strstr(j, "sched_after(s, ") ||
					  strstr(j, "_when_"));
				free(j);
				snprintf(pat, sizeof pat, "static void cook_%s_cb%zu(",
					 id, si + 1);
				ck_assert_int_eq(count(callc, pat), 1);
			}
		}
		free(all);
		free(callc);
		code_free(&l);
		code_free(&c);
	}
	menu_unmake(m);
	menu_unmake(o);
}
END_TEST

START_TEST(test_coroutines_await)
{
	struct menu *m = salmon(), *o = odd();
	struct menu *ms[2] = { m, o };
	size_t k, ri, si;

	for (k = 0; k < 2; k++) {
		struct code_listing l = build(ms[k], MODEL_COROUTINES,
					      CODE_PYTHON, false);
		char *all = all_text(&l);

		ck_assert_ptr_nonnull(strstr(all, "async def"));
		ck_assert_ptr_nonnull(strstr(all, "await"));
		ck_assert_ptr_nonnull(strstr(all, "asyncio.gather("));
		ck_assert_ptr_nonnull(strstr(all, "asyncio.run("));
		for (ri = 0; ri < ms[k]->nrecipes; ri++) {
			const struct recipe *r = ms[k]->recipes[ri];
			int first = code_line_of(&l, (int)ri, -1);

			ck_assert_msg(!strncmp(l.lines[first].text,
					       "async def cook_", 15), "%s",
				      l.lines[first].text);
			/* a wait gives the cook back (await); work does
			 * not: the cook does one thing at a time */
			for (si = 0; si < r->nsteps; si++) {
				char *j = joined(&l, (int)ri, (int)si);

				if (step_is_wait(&r->steps[si]))
					ck_assert_msg(strstr(j, "await "), "%s", j);
				else
					ck_assert_msg(!strstr(j, "await"), "%s", j);
				free(j);
			}
		}
		free(all);
		code_free(&l);
	}
	menu_unmake(m);
	menu_unmake(o);
}
END_TEST

/* Threads and processes run the sequential functions unchanged: only
 * the dinner differs, as the tutorial says. */
static void check_started(int model, const char *ctor)
{
	struct menu *m = salmon(), *o = odd();
	struct menu *ms[2] = { m, o };
	size_t k, ri, i;

	for (k = 0; k < 2; k++) {
		struct code_listing l = build(ms[k], model, CODE_PYTHON, false);
		struct code_listing s = build(ms[k], MODEL_SEQUENTIAL,
					      CODE_PYTHON, false);
		char *all = all_text(&l);
		int n = (int)ms[k]->nrecipes;

		ck_assert_int_eq(count(all, ctor), n);
		ck_assert_int_eq(count(all, ".start()"), n);
		ck_assert_int_eq(count(all, ".join()"), n);
		ck_assert_ptr_null(strstr(all, "await"));
		for (ri = 0; ri < ms[k]->nrecipes; ri++) {
			char *a, *b;
			size_t na = 0, nb = 0;

			for (i = 0; i < l.n; i++)
				na += l.lines[i].recipe == (int)ri;
			for (i = 0; i < s.n; i++)
				nb += s.lines[i].recipe == (int)ri;
			ck_assert_uint_eq(na, nb);
			a = joined(&l, (int)ri, -1);
			b = joined(&s, (int)ri, -1);
			ck_assert_str_eq(a, b);
			free(a);
			free(b);
			for (i = 0; i <= ms[k]->recipes[ri]->nsteps; i++) {
				a = joined(&l, (int)ri, (int)i);
				b = joined(&s, (int)ri, (int)i);
				ck_assert_str_eq(a, b);
				free(a);
				free(b);
			}
		}
		free(all);
		code_free(&l);
		code_free(&s);
	}
	menu_unmake(m);
	menu_unmake(o);
}

START_TEST(test_threads_start_join)
{
	check_started(MODEL_THREADS, "threading.Thread(");
}
END_TEST

START_TEST(test_processes_start_join)
{
	check_started(MODEL_PROCESSES, "multiprocessing.Process(");
}
END_TEST

/* The C form: a protothread per recipe with one wait per step, each on a
 * line of its own (pt.h limit 3), and the dinner each model runs. */
START_TEST(test_c_protothreads)
{
	static const int models[] = {
		MODEL_SEQUENTIAL, MODEL_COROUTINES, MODEL_THREADS,
		MODEL_PROCESSES
	};
	static const char *const starts[] = {
		"PT_SPAWN(&d->pt, ", "task_start(s, ", "thread_start(s, ",
		"process_start(s, "
	};
	struct menu *m = salmon(), *o = odd();
	struct menu *ms[2] = { m, o };
	size_t k, mi, ri, si, i;

	for (k = 0; k < 2; k++)
		for (mi = 0; mi < N(models); mi++) {
			struct code_listing l = build(ms[k], models[mi], CODE_C,
						      false);
			char *all = all_text(&l);
			int at = -1;

			ck_assert_int_eq(count(all, "PT_BEGIN(&r->pt);"),
					 (int)ms[k]->nrecipes);
			ck_assert_int_eq(count(all, "PT_END(&r->pt);"),
					 (int)ms[k]->nrecipes);
			ck_assert_int_eq(count(all, starts[mi]),
					 (int)ms[k]->nrecipes);
			if (models[mi] == MODEL_PROCESSES)
				ck_assert_int_eq(count(all, "kitchen_new()"),
						 (int)ms[k]->nrecipes);
			for (ri = 0; ri < ms[k]->nrecipes; ri++) {
				const struct recipe *r = ms[k]->recipes[ri];
				char id[64], call[96];
				int found = -1;

				/* every step stops the protothread (work
				 * waits for the cook, then yields while it
				 * works), never twice on one line */
				for (si = 0; si < r->nsteps; si++) {
					int waits = 0, yields = 0;

					for (i = 0; i < l.n; i++) {
						const char *t = l.lines[i].text;
						int w;

						if (l.lines[i].recipe != (int)ri ||
						    l.lines[i].step != (int)si)
							continue;
						w = count(t, "PT_WAIT_UNTIL(") +
						    count(t, "PT_YIELD(");
						ck_assert_int_le(w, 1);
						waits += count(t, "PT_WAIT_UNTIL(");
						yields += count(t, "PT_YIELD(");
					}
					if (r->steps[si].action == ACT_WORK) {
						ck_assert_int_eq(waits, 1);
						ck_assert_int_eq(yields, 1);
					} else {
						ck_assert_int_eq(waits, 1);
						ck_assert_int_eq(yields, 0);
					}
				}
				/* the dinner starts the recipes in order */
				recipe_id(&l, (int)ri, id, sizeof id);
				snprintf(call, sizeof call, "cook_%s", id);
				for (i = (size_t)at + 1; i < l.n; i++)
					if (l.lines[i].recipe < 0 &&
					    strstr(l.lines[i].text, call)) {
						found = (int)i;
						break;
					}
				ck_assert_int_gt(found, at);
				at = found;
			}
			free(all);
			code_free(&l);
		}
	menu_unmake(m);
	menu_unmake(o);
}
END_TEST

/* Nothing from the data reaches a line raw: no C0, DEL or C1 control,
 * no comment closed early in C, only ASCII with ascii=true. */
START_TEST(test_escapes)
{
	struct menu *o = odd();
	int model, lang, a;

	for (model = 0; model < MODEL_COUNT; model++)
		for (lang = 0; lang < CODE_LANG_COUNT; lang++)
			for (a = 0; a < 2; a++) {
				struct code_listing l = build(o, model, lang, a);
				char *all = all_text(&l);
				size_t i;

				for (i = 0; i < l.n; i++) {
					const unsigned char *p =
						(const unsigned char *)l.lines[i].text;
					const char *c;

					for (; *p; p++) {
						ck_assert_msg(*p >= 0x20 && *p != 0x7f,
							      "control byte %#x in %s",
							      *p, l.lines[i].text);
						ck_assert(!(p[0] == 0xc2 && p[1] >= 0x80 &&
							    p[1] <= 0x9f));
						if (a)
							ck_assert_msg(*p < 0x80, "%s",
								      l.lines[i].text);
					}
					c = strstr(l.lines[i].text, "*/");
					if (lang == CODE_C && c)
						ck_assert_msg(c[2] == '\0',
							      "comment closed early: %s",
							      l.lines[i].text);
				}
				/* the ESC is shown, not sent */
				ck_assert_ptr_nonnull(strstr(all, "\\x1b[2J"));
				if (!a)
					ck_assert_ptr_nonnull(strstr(all, "Cr\xc3\xa8me"));
				free(all);
				code_free(&l);
			}
	menu_unmake(o);
}
END_TEST

/* Names become identifiers: valid, unique, never a keyword. */
START_TEST(test_identifiers)
{
	struct menu *o = odd();
	int model;
	size_t ri, rj;

	for (model = 0; model < MODEL_COUNT; model++) {
		struct code_listing l = build(o, model, CODE_PYTHON, false);
		char ids[N(odd_menu)][64];

		for (ri = 0; ri < o->nrecipes; ri++) {
			const char *p;

			recipe_id(&l, (int)ri, ids[ri], sizeof ids[ri]);
			ck_assert_msg(ids[ri][0] < '0' || ids[ri][0] > '9',
				      "%s", ids[ri]);
			for (p = ids[ri]; *p; p++)
				ck_assert((*p >= 'a' && *p <= 'z') || *p == '_' ||
					  (*p >= '0' && *p <= '9'));
			ck_assert_uint_le(strlen(ids[ri]), 20);
			for (rj = 0; rj < ri; rj++)
				ck_assert_str_ne(ids[ri], ids[rj]);
		}
		/* the dish variable "class" would not be Python */
		ck_assert_str_ne(ids[0], "class");
		code_free(&l);
	}
	menu_unmake(o);
}
END_TEST

START_TEST(test_widths)
{
	struct menu *m = salmon(), *o = odd();
	static const int widths[] = { 52, 60, 72, 80, 120, 200 };
	size_t wi;
	int model, lang;

	for (wi = 0; wi < N(widths); wi++)
		for (model = 0; model < MODEL_COUNT; model++)
			for (lang = 0; lang < CODE_LANG_COUNT; lang++) {
				struct code_listing l;

				ck_assert_int_eq(code_build_width(&l, m, model,
						 lang, false, widths[wi]), 0);
				check_contract(m, &l, model, lang, widths[wi]);
				code_free(&l);
				ck_assert_int_eq(code_build_width(&l, o, model,
						 lang, true, widths[wi]), 0);
				check_contract(o, &l, model, lang, widths[wi]);
				code_free(&l);
			}
	menu_unmake(m);
	menu_unmake(o);
}
END_TEST

START_TEST(test_same_input_same_listing)
{
	struct menu *o = odd();
	int model, lang;

	for (model = 0; model < MODEL_COUNT; model++)
		for (lang = 0; lang < CODE_LANG_COUNT; lang++) {
			struct code_listing a = build(o, model, lang, false);
			struct code_listing b = build(o, model, lang, false);
			size_t i;

			ck_assert_uint_eq(a.n, b.n);
			for (i = 0; i < a.n; i++) {
				ck_assert_str_eq(a.lines[i].text, b.lines[i].text);
				ck_assert_int_eq(a.lines[i].recipe, b.lines[i].recipe);
				ck_assert_int_eq(a.lines[i].step, b.lines[i].step);
			}
			code_free(&a);
			code_free(&b);
		}
	menu_unmake(o);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct menu *m = salmon();
	struct code_listing l;

	ck_assert_int_eq(code_build(&l, m, MODEL_COUNT, CODE_PYTHON, false), -1);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(l.lines);
	code_free(&l);
	ck_assert_int_eq(code_build(&l, NULL, MODEL_THREADS, CODE_C, false), -1);
	ck_assert_int_eq(code_line_of(NULL, 0, 0), -1);
	ck_assert_str_eq(code_lang_name(CODE_PYTHON), "Python");
	ck_assert_str_eq(code_lang_name(CODE_C), "C");
	menu_unmake(m);
}
END_TEST

/* Callback hell: the callbacks chain as nested anonymous functions.  The
 * same contract as every listing (each step has its line, so the marker
 * works), marked as not valid Python, one lambda per wait, and each wait
 * pushes the rest of the recipe four columns right.  Other models and C
 * ignore the form. */
START_TEST(test_callbacks_nested)
{
	struct menu *menus[2] = { salmon(), odd() };
	struct code_listing l, flat;
	const struct recipe *r;
	size_t k, ri, si, waits_total;
	int waits, at, lead, model, lang;
	char *all;

	for (k = 0; k < 2; k++) {
		struct menu *m = menus[k];

		ck_assert_int_eq(code_build_form(&l, m, MODEL_CALLBACKS,
		    CODE_PYTHON, false, CODE_WIDTH, true), 0);
		check_contract(m, &l, MODEL_CALLBACKS, CODE_PYTHON, CODE_WIDTH);
		all = all_text(&l);
		ck_assert_int_eq(count(all, "NOT VALID PYTHON"), 1);
		ck_assert_int_eq(count(all, "def cook_"), (int)m->nrecipes);
		waits_total = 0;
		for (ri = 0; ri < m->nrecipes; ri++) {
			r = m->recipes[ri];
			waits = 0;
			for (si = 0; si <= r->nsteps; si++) {
				at = code_line_of(&l, (int)ri, (int)si);
				for (lead = 0; l.lines[at].text[lead] == ' ';
				    lead++)
					;
				ck_assert_msg(lead == 4 + 4 * waits, "recipe %zu "
				    "step %zu at column %d after %d waits: %s",
				    ri, si, lead, waits, l.lines[at].text);
				if (si < r->nsteps && step_is_wait(&r->steps[si]))
					waits++;
			}
			waits_total += (size_t)waits;
		}
		ck_assert_int_eq(count(all, "lambda: ("), (int)waits_total);
		free(all);
		code_free(&l);
		/* The flat chain has no lambda; every other form is flat. */
		flat = build(m, MODEL_CALLBACKS, CODE_PYTHON, false);
		all = all_text(&flat);
		ck_assert_int_eq(count(all, "lambda"), 0);
		free(all);
		code_free(&flat);
		for (model = 0; model < MODEL_COUNT; model++)
			for (lang = 0; lang < CODE_LANG_COUNT; lang++) {
				if (model == MODEL_CALLBACKS && lang == CODE_PYTHON)
					continue;
				ck_assert_int_eq(code_build_form(&l, m, model,
				    lang, false, CODE_WIDTH, true), 0);
				all = all_text(&l);
				ck_assert_int_eq(count(all, "NOT VALID"), 0);
				free(all);
				code_free(&l);
			}
		menu_unmake(m);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("code");
	TCase *tc = tcase_create("listings");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_step_has_a_line);
	tcase_add_test(tc, test_shipped_menus);
	tcase_add_test(tc, test_tutorial_lines);
	tcase_add_test(tc, test_work_steps_say_what);
	tcase_add_test(tc, test_sequential_calls_in_order);
	tcase_add_test(tc, test_callbacks_chain);
	tcase_add_test(tc, test_callbacks_nested);
	tcase_add_test(tc, test_coroutines_await);
	tcase_add_test(tc, test_threads_start_join);
	tcase_add_test(tc, test_processes_start_join);
	tcase_add_test(tc, test_c_protothreads);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_identifiers);
	tcase_add_test(tc, test_widths);
	tcase_add_test(tc, test_same_input_same_listing);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
