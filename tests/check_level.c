/* SPDX-License-Identifier: ISC */
/*
 * check_level.c - the level reader and the level catalog as a teacher
 * meets them: the exact message every bad file gets, what a good file
 * turns into, where levels are found, and that every shipped level loads
 * with its menu.  The beat-the-FIFO menu is checked by running the engine.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "level-catalog.h"
#include "level.h"
#include "lesson.h"
#include "model.h"
#include "parse.h"

#ifndef KT_SRCDATADIR
#define KT_SRCDATADIR "data"
#endif

static const char *
srcdir(void)
{
	static char buf[4096];
	const char *env = getenv("KT_SRCDIR");
	char *slash;

	if (env != NULL && *env != '\0')
		return env;
	snprintf(buf, sizeof buf, "%s", KT_SRCDATADIR);
	if ((slash = strrchr(buf, '/')) != NULL)
		*slash = '\0';
	return buf;
}

static char *
path_of(const char *dir, const char *file)
{
	char *p;

	ck_assert_int_ge(asprintf(&p, "%s/%s/%s", srcdir(), dir, file), 0);
	return p;
}

static char *
data_dir(void)
{
	char *p;

	ck_assert_int_ge(asprintf(&p, "%s/data", srcdir()), 0);
	return p;
}

/* ---- bad files ------------------------------------------------------------ */

static const struct {
	const char *file;
	const char *message;    /* @ is the tests/bad-level directory, % data */
} bad[] = {
	{ "bad-cooks.level", "@/bad-cooks.level:4:7: bad cooks 'two' (a whole number)" },
	{ "bad-menu-file.level", "@/bad-menu-file.level:3:6: cannot load menu 'broken.menu': @/broken.menu:3:8: bad recipe name 'sal$mon' (letters, digits, '-' and '_'; or a path with a '/')" },
	{ "bad-name.level", "@/bad-name.level:2:7: bad name 'b$d' (letters, digits, '-' and '_', at most 64)" },
	{ "bad-onoff.level", "@/bad-onoff.level:4:7: expected on or off, not 'yes'" },
	{ "break-sequential.level", "@/break-sequential.level:5:6: goal 'ruin' cannot be reached under sequential: nothing ever switches (use threads or coroutines)" },
	{ "empty-intro.level", "@/empty-intro.level:4:7: empty intro" },
	{ "empty-title.level", "@/empty-title.level:2:9: empty title" },
	{ "empty.level", "@/empty.level:1:1: no 'level' line: not a level file" },
	{ "goal-extra.level", "@/goal-extra.level:4:11: extra field 'now': goal GOAL" },
	{ "invalid-utf8.level", "@/invalid-utf8.level:2:11: invalid UTF-8 (byte \\xff)" },
	/* The search path it names depends on the environment: up to "(". */
	{ "missing-menu.level", "@/missing-menu.level:3:6: cannot load menu 'no-such-menu': no-such-menu: no menu or recipe of that name on the search path (..." },
	{ "model-digit.level", "@/model-digit.level:4:7: unknown model '3' (sequential, callbacks, coroutines, threads, processes)" },
	{ "negative-seed.level", "@/negative-seed.level:4:6: negative seed: -4" },
	{ "no-hint.level", "@/no-hint.level:2:1: level has no hint (add 'hint \"TEXT\"')" },
	{ "no-intro.level", "@/no-intro.level:2:1: level has no introduction (add 'intro \"TEXT\"' lines)" },
	{ "no-level-line.level", "@/no-level-line.level:2:1: expected a 'level' line first, not 'menu'" },
	{ "no-menu.level", "@/no-menu.level:2:1: level names no menu (add 'menu MENU')" },
	{ "nul.level", "@/nul.level:3:9: NUL byte (is this a binary or UTF-16 file?)" },
	{ "second-hint.level", "@/second-hint.level:6:1: a second 'hint' line (already at line 5)" },
	{ "second-level.level", "@/second-level.level:3:1: a second 'level' line (the level starts at line 2; one level per file)" },
	{ "second-menu.level", "@/second-menu.level:4:1: a second 'menu' line (already at line 3)" },
	{ "stars-missing.level", "@/stars-missing.level:4:13: missing field: stars THREE TWO ONE (the least score for each)" },
	{ "stars-order.level", "@/stars-order.level:4:10: 2 stars cannot need more than 3 stars (90 > 80)" },
	{ "stars-range.level", "@/stars-range.level:4:14: star score out of range (1 to 100): 0" },
	{ "step-in-level.level", "@/step-in-level.level:4:1: 'step' in a level file (a level names a menu with 'menu MENU')" },
	{ "unknown-directive.level", "@/unknown-directive.level:4:1: unknown directive 'difficulty'" },
	{ "unknown-escape.level", "@/unknown-escape.level:4:10: unknown escape in quotes (only \\\" and \\\\)" },
	{ "unknown-goal.level", "@/unknown-goal.level:4:6: unknown goal 'fastest' (shortest, within, ruin, lose-update or deadlock)" },
	{ "unknown-model.level", "@/unknown-model.level:4:7: unknown model 'fibers' (sequential, callbacks, coroutines, threads, processes)" },
	{ "unterminated-quote.level", "@/unterminated-quote.level:2:9: unterminated quote" },
	{ "utf16.level", "@/utf16.level:1:1: UTF-16 text (byte order mark): save the file as UTF-8" },
	{ "within-bad-duration.level", "@/within-bad-duration.level:4:13: duration needs a unit (h, m or s): 5" },
	{ "within-no-duration.level", "@/within-no-duration.level:4:12: missing field: goal within DURATION" },
	{ "zero-cooks.level", "@/zero-cooks.level:4:7: cooks out of range (1 to 64): 0" },
};

/* msg with @ and % replaced by the two directories. */
static char *
expand(const char *msg, const char *at, const char *pct)
{
	size_t n = strlen(msg) + 1, i;
	char *out, *w;

	for (i = 0; msg[i]; i++)
		n += strlen(at) + strlen(pct);
	w = out = malloc(n);
	ck_assert_ptr_nonnull(out);
	for (i = 0; msg[i]; i++) {
		if (msg[i] == '@' || msg[i] == '%') {
			strcpy(w, msg[i] == '@' ? at : pct);
			w += strlen(w);
		} else
			*w++ = msg[i];
	}
	*w = '\0';
	return out;
}

START_TEST(test_bad_level)
{
	char *dir = path_of("tests/bad-level", ""), *data = data_dir(), *path, *want;
	struct level *lv = (struct level *)1;
	struct menu *m = (struct menu *)1;
	char *err = NULL;

	dir[strlen(dir) - 1] = '\0';
	ck_assert_int_ge(asprintf(&path, "%s/%s", dir, bad[_i].file), 0);
	want = expand(bad[_i].message, dir, data);
	ck_assert_int_eq(level_load_file(data, path, &lv, &m, &err), -1);
	ck_assert_ptr_null(lv);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(err);
	if (strlen(want) > 3 && strcmp(want + strlen(want) - 3, "...") == 0)
		ck_assert_msg(strncmp(err, want, strlen(want) - 3) == 0,
		    "%s\ndoes not start with\n%s", err, want);
	else
		ck_assert_str_eq(err, want);
	free(err);
	free(want);
	free(path);
	free(dir);
	free(data);
}
END_TEST

/* Every file in the corpus has its case, so nothing is left untested. */
START_TEST(test_bad_corpus_complete)
{
	char *cmd, line[256];
	size_t i, n = 0;
	bool found;
	FILE *p;

	ck_assert_int_ge(asprintf(&cmd, "ls '%s/tests/bad-level'", srcdir()), 0);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "ok.level") == 0 || strcmp(line, "broken.menu") == 0)
			continue;
		found = false;
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
			found |= strcmp(bad[i].file, line) == 0;
		ck_assert_msg(found, "tests/bad-level/%s has no expected message", line);
		n++;
	}
	pclose(p);
	free(cmd);
	ck_assert_uint_eq(n, sizeof bad / sizeof bad[0]);
}
END_TEST

/* The same lexical mistake reads the same in a recipe, a level and a
 * lesson, at the same place: the three readers share parse-line.c.  Each
 * case is the bytes after the first directive's word and one space. */
START_TEST(test_same_words_as_recipes)
{
	static const struct {
		const char *tail;
		size_t len;
		const char *want;       /* the words the recipe reader says */
	} cases[] = {
#define TAIL(s, w) { s, sizeof s - 1, w }
		TAIL("\"T", "unterminated quote"),
		TAIL("\"T\"x", "expected a space after the closing quote"),
		TAIL("\"a\\n\"", "unknown escape in quotes"),
		TAIL("T\"x", "stray quote inside a word"),
		TAIL("\"T\"\x01", "expected a space after the closing quote"),
		TAIL("T\x01", "control character \\x01 outside quotes"),
		TAIL("T\rx", "carriage return inside a line"),
		TAIL("\"T\"\rx", "carriage return inside a line"),
		TAIL("T\xffx", "invalid UTF-8 (byte \\xff)"),
		TAIL("T\0x", "NUL byte"),
		TAIL("a b c d e f g h i j k l m n o p q", "too many fields"),
#undef TAIL
	};
	struct parse_result pr;
	struct level *lv;
	struct lesson *les;
	char rbuf[128], lbuf[128], sbuf[128], *rerr, *lerr, *serr;
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* "recipe", "level " and "lesson" are as long: same columns. */
		memcpy(rbuf, "recipe ", 7);
		memcpy(lbuf, "level  ", 7);
		memcpy(sbuf, "lesson ", 7);
		n = 7 + cases[i].len;
		memcpy(rbuf + 7, cases[i].tail, cases[i].len);
		memcpy(lbuf + 7, cases[i].tail, cases[i].len);
		memcpy(sbuf + 7, cases[i].tail, cases[i].len);
		rbuf[n] = lbuf[n] = sbuf[n] = '\n';
		ck_assert_int_eq(parse_buffer("f", rbuf, n + 1, &pr, &rerr), -1);
		ck_assert_int_eq(level_parse_buffer("f", lbuf, n + 1, &lv, &lerr),
		    -1);
		ck_assert_int_eq(lesson_parse_buffer("f", sbuf, n + 1, &les,
		    &serr), -1);
		ck_assert_msg(strstr(rerr, cases[i].want) != NULL,
		    "case %zu: %s", i, rerr);
		ck_assert_str_eq(lerr, rerr);
		ck_assert_str_eq(serr, rerr);
		free(rerr);
		free(lerr);
		free(serr);
	}
	/* A UTF-16 file is refused alike, before any line. */
	ck_assert_int_eq(parse_buffer("f", "\xff\xfer", 3, &pr, &rerr), -1);
	ck_assert_int_eq(level_parse_buffer("f", "\xff\xfel", 3, &lv, &lerr), -1);
	ck_assert_int_eq(lesson_parse_buffer("f", "\xff\xfel", 3, &les, &serr),
	    -1);
	ck_assert_msg(strstr(rerr, "UTF-16") != NULL, "%s", rerr);
	ck_assert_str_eq(lerr, rerr);
	ck_assert_str_eq(serr, rerr);
	free(rerr);
	free(lerr);
	free(serr);
}
END_TEST

/* A UTF-8 byte order mark and CRLF line ends are fine in a lesson too. */
START_TEST(test_lesson_bom_crlf)
{
	static const char text[] = "\xef\xbb\xbflesson x \"T\"\r\n"
	    "scene \"S\"\r\n";
	struct lesson *les;
	char *err = NULL;

	ck_assert_msg(lesson_parse_buffer("f", text, sizeof text - 1, &les,
	    &err) == 0, "%s", err != NULL ? err : "out of memory");
	ck_assert_str_eq(les->name, "x");
	ck_assert_str_eq(les->title, "T");
	lesson_free(les);
}
END_TEST

/* ---- good files ----------------------------------------------------------- */

START_TEST(test_good_level)
{
	char *path = path_of("tests/bad-level", "ok.level"), *data = data_dir(), *err;
	struct level *lv;
	struct menu *m;

	ck_assert_int_eq(level_load_file(data, path, &lv, &m, &err), 0);
	ck_assert_str_eq(lv->name, "ok");
	ck_assert_str_eq(lv->title, "A good level");
	ck_assert_str_eq(lv->menu, "salmon");
	ck_assert_str_eq(m->name, "salmon");
	ck_assert_uint_eq(m->nrecipes, 1);
	ck_assert_int_eq(lv->run.model, MODEL_THREADS);
	ck_assert_int_eq(lv->run.cooks, 2);
	ck_assert(!lv->run.gil);
	ck_assert(lv->run.locks);
	ck_assert_uint_eq(lv->run.seed, 7);
	ck_assert_int_eq(lv->goal, GOAL_WITHIN);
	ck_assert_int_eq(lv->within, 90000);
	ck_assert_uint_eq(lv->nintro, 2);
	ck_assert_str_eq(lv->intro[1], "Two.");
	ck_assert_str_eq(lv->hint, "Three.");
	ck_assert_int_eq(lv->stars[0], 95);
	ck_assert_int_eq(level_stars(lv, 100), 3);
	ck_assert_int_eq(level_stars(lv, 95), 3);
	ck_assert_int_eq(level_stars(lv, 94), 2);
	ck_assert_int_eq(level_stars(lv, 10), 1);
	ck_assert_int_eq(level_stars(lv, 9), 0);
	level_free(lv);
	menu_free(m);
	free(path);
	free(data);
}
END_TEST

START_TEST(test_defaults)
{
	static const char buf[] = "level d \"D\"\nmenu salmon\nintro \"i\"\nhint \"h\"\n";
	struct level *lv;
	char *err;

	ck_assert_int_eq(level_parse_buffer("d.level", buf, sizeof buf - 1, &lv,
	    &err), 0);
	ck_assert_int_eq(lv->run.model, MODEL_COROUTINES);
	ck_assert_int_eq(lv->run.cooks, 0);
	ck_assert(lv->run.gil);
	ck_assert(!lv->run.locks);
	ck_assert_int_eq(lv->goal, GOAL_SHORTEST);
	ck_assert_int_eq(lv->stars[0], 100);
	ck_assert_int_eq(lv->stars[1], 90);
	ck_assert_int_eq(lv->stars[2], 75);
	ck_assert_str_eq(level_goal_name(GOAL_LOSE_UPDATE), "lose-update");
	ck_assert(level_goal_breaks(GOAL_DEADLOCK));
	ck_assert(!level_goal_breaks(GOAL_WITHIN));
	level_free(lv);
}
END_TEST

/* ---- the catalog ---------------------------------------------------------- */

START_TEST(test_shipped_levels)
{
	struct level_dirs d;
	struct level_entry *e;
	struct level *lv;
	struct menu *m;
	char *data = data_dir(), *err;
	size_t n, i;

	ck_assert_int_eq(level_dirs_init(&d, data), 0);
	ck_assert_uint_ge(d.n, 1);
	ck_assert_str_eq(d.dir[0], data);
	ck_assert_int_eq(level_list(&d, &e, &n), 0);
	ck_assert_uint_ge(n, 8);
	for (i = 0; i < n; i++) {
		err = NULL;
		ck_assert_msg(level_load(&d, data, e[i].name, &lv, &m, &err) == 0,
		    "%s: %s", e[i].name, err ? err : "?");
		ck_assert_str_eq(lv->name, e[i].name);
		ck_assert_str_eq(e[i].dir, data);
		ck_assert_ptr_nonnull(m);
		if (i > 0)
			ck_assert_int_lt(strcmp(e[i - 1].name, e[i].name), 0);
		level_free(lv);
		menu_free(m);
	}
	ck_assert_int_eq(level_load(&d, data, "no-such-level", &lv, &m, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown level 'no-such-level' (valid levels: 01-one-recipe, "));
	free(err);
	level_list_free(e, n);
	level_dirs_free(&d);
	free(data);
}
END_TEST

/* A teacher's level in $XDG_DATA_HOME/kitchen-tui shadows a shipped one
 * and finds a menu of its own next to it. */
START_TEST(test_teacher_levels)
{
	char tmp[] = "/tmp/kt-level.XXXXXX", *dir, *f, *err, *old;
	struct level_dirs d;
	struct level_entry *e;
	struct level *lv;
	struct menu *m;
	size_t n, i;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	ck_assert_int_ge(asprintf(&dir, "%s/kitchen-tui", tmp), 0);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_ge(asprintf(&f, "%s/01-one-recipe.level", dir), 0);
	fp = fopen(f, "w");
	fputs("level 01-one-recipe \"Mine\"\nmenu mine\nintro \"i\"\nhint \"h\"\n", fp);
	fclose(fp);
	free(f);
	ck_assert_int_ge(asprintf(&f, "%s/mine.menu", dir), 0);
	fp = fopen(f, "w");
	fputs("menu mine \"My menu\"\nrecipe beans\n", fp);
	fclose(fp);
	free(f);
	ck_assert_int_ge(asprintf(&f, "%s/beans.recipe", dir), 0);
	fp = fopen(f, "w");
	fputs("recipe beans \"My beans\"\nstep \"Eat\" work 1m\n", fp);
	fclose(fp);
	free(f);

	old = getenv("KITCHEN_TUI_DATA") ? strdup(getenv("KITCHEN_TUI_DATA")) : NULL;
	unsetenv("KITCHEN_TUI_DATA");
	setenv("XDG_DATA_HOME", tmp, 1);
	ck_assert_int_eq(level_dirs_init(&d, NULL), 0);
	ck_assert_uint_ge(d.n, 2);
	ck_assert_str_eq(d.dir[0], dir);
	ck_assert_int_eq(level_list(&d, &e, &n), 0);
	for (i = 0; i < n; i++)
		if (strcmp(e[i].name, "01-one-recipe") == 0)
			ck_assert_str_eq(e[i].dir, dir);
	ck_assert_int_eq(level_load(&d, NULL, "01-one-recipe", &lv, &m, &err), 0);
	ck_assert_str_eq(lv->title, "Mine");
	ck_assert_str_eq(m->title, "My menu");
	ck_assert_str_eq(m->recipes[0]->title, "My beans");
	level_free(lv);
	menu_free(m);
	level_list_free(e, n);
	level_dirs_free(&d);

	if (old != NULL)
		setenv("KITCHEN_TUI_DATA", old, 1);
	free(old);
	free(dir);
}
END_TEST

/* ---- the beat-the-FIFO menu, by the engine ------------------------------- */

static sched_ms
total_of(const struct menu *m)
{
	struct run_opts o;
	struct run *r;
	const char *err;
	sched_ms t;
	size_t i;

	run_opts_default(&o);
	r = run_new(m, &o, &err);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(run_finish(r), 0);
	for (i = 0; i < run_result(r)->ndishes; i++)
		ck_assert(run_result(r)->dishes[i].ok);
	t = run_result(r)->total;
	run_free(r);
	return t;
}

/* The FIFO loop serves salad-and-potatoes in listing order; the same
 * recipes with the potatoes asking first finish sooner, so FIFO is not
 * optimal there (the level's whole point). */
START_TEST(test_fifo_not_optimal)
{
	char *data = data_dir(), *err;
	struct menu *m;
	struct recipe *t;
	sched_ms fifo, other;

	ck_assert_int_eq(catalog_load_menu(data, "salad-and-potatoes", &m, &err), 0);
	ck_assert_uint_eq(m->nrecipes, 2);
	fifo = total_of(m);
	t = m->recipes[0];
	m->recipes[0] = m->recipes[1];
	m->recipes[1] = t;
	other = total_of(m);
	ck_assert_msg(other < fifo, "FIFO %lld, other order %lld",
	    (long long)fifo, (long long)other);
	menu_free(m);
	free(data);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("level");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("bad");
	tcase_add_loop_test(tc, test_bad_level, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_bad_corpus_complete);
	tcase_add_test(tc, test_same_words_as_recipes);
	tcase_add_test(tc, test_lesson_bom_crlf);
	suite_add_tcase(s, tc);

	tc = tcase_create("good");
	tcase_add_test(tc, test_good_level);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_shipped_levels);
	tcase_add_test(tc, test_teacher_levels);
	tcase_add_test(tc, test_fifo_not_optimal);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
