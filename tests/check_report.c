/* SPDX-License-Identifier: ISC */
/*
 * check_report.c - the batch reports: the text chart against golden files,
 * CSV and JSON shapes and escaping, --compare, several tables, and the
 * same bytes for the same inputs.
 *
 * Golden files are tests/golden/salmon-dinner-<model>.txt, the ASCII text
 * report (what `LANG=C kitchen-tui --batch --model=M` prints); found
 * through $KT_SRCDIR (the Makefile exports it), else next to the data.
 * Every line is compared: the memory figures are a model with fixed
 * constants (model-impl.h MEM_*), the same on every machine.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck-util.h"
#include "catalog.h"
#include "model.h"
#include "report.h"

static struct run *
cook(const struct menu *m, enum model_id model, long tables, bool keep,
     bool locks)
{
	struct run_opts o;
	struct run *r;

	run_opts_default(&o);
	o.model = model;
	o.tables = tables;
	o.keep_spans = keep;
	o.locks = locks;
	r = ck_cook(m, &o);
	return r;
}

enum fmt { TEXT, CSV, JSON };

/* A report into a malloc'd string. */
static char *
render(const struct run *r, enum fmt f, bool ascii, bool spans_all)
{
	struct report_opts o = { .ascii = ascii, .spans_all = spans_all };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc;

	ck_assert_ptr_nonnull(fp);
	rc = f == TEXT ? report_text(fp, r, &o) : f == CSV ?
	    report_csv(fp, r, &o) : report_json(fp, r, &o);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
assert_json(const char *s)
{
	ck_assert_msg(ck_json_valid(s), "not one valid JSON value");
}

/* ---- golden files ------------------------------------------------------------ */

START_TEST(test_golden_text)
{
	static const char *const models[] = {
		"sequential", "callbacks", "coroutines", "threads", "processes"
	};
	const char *src = getenv("KT_SRCDIR");
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = cook(m, (enum model_id)_i, 1, true, false);
	char path[4096], *want, *got;

	if (src != NULL)
		snprintf(path, sizeof path, "%s/tests/golden/salmon-dinner-%s.txt",
			 src, models[_i]);
	else
		snprintf(path, sizeof path, "%s/../tests/golden/salmon-dinner-%s.txt",
			 catalog_data_dir(NULL), models[_i]);
	want = ck_slurp(path);
	ck_assert_msg(want != NULL, "cannot read %s", path);
	got = render(r, TEXT, true, false);
	ck_assert_msg(strcmp(want, got) == 0, "%s differs; got:\n%s", path, got);
	free(want);
	free(got);
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- text ----------------------------------------------------------------------- */

START_TEST(test_text_ascii_and_utf8)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = cook(m, MODEL_THREADS, 1, true, false);
	char *a = render(r, TEXT, true, false), *u = render(r, TEXT, false, false);
	const char *p;

	for (p = a; *p != '\0'; p++)
		ck_assert_msg((unsigned char)*p < 0x80, "non-ASCII in ASCII text");
	ck_assert_ptr_nonnull(strstr(u, "\xe2\x96\x88"));       /* work */
	ck_assert_ptr_nonnull(strstr(u, "\xe2\x95\xb3"));       /* switch */
	/* Every lane, the axis, the summary, and why a dish was ruined. */
	ck_assert_ptr_nonnull(strstr(a, "cook 1 "));
	ck_assert_ptr_nonnull(strstr(a, "GIL "));
	ck_assert_ptr_nonnull(strstr(a, "oven "));
	ck_assert_ptr_nonnull(strstr(a, "0m"));
	ck_assert_ptr_nonnull(strstr(a, "total: "));
	ck_assert_ptr_nonnull(strstr(a, "RUINED:"));
	ck_assert_ptr_nonnull(strstr(a, "the oven was at 425F for 18 min while the salmon needed 350F +/- 15F"));
	ck_assert_ptr_nonnull(strstr(a, "context switches: "));
	ck_assert_ptr_nonnull(strstr(a, "memory: "));
	ck_assert_ptr_nonnull(strstr(a, "an 8 MiB stack reserved"));
	ck_assert_ptr_nonnull(strstr(a, "resident, 24.0 MiB reserved"));
	/* Distinct characters for each kind, in the legend. */
	ck_assert_ptr_nonnull(strstr(a, "# work  . wait  ^ heat  = use  x switch  s start  - blocked"));
	free(a);
	free(u);
	run_free(r);
	menu_free(m);
}
END_TEST

START_TEST(test_text_times)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = cook(m, MODEL_COROUTINES, 1, true, false);
	char *a = render(r, TEXT, true, false);
	char buf[16];

	report_mmss(buf, sizeof buf, run_result(r)->total);
	ck_assert_ptr_nonnull(strstr(a, buf));
	report_mmss(buf, sizeof buf, 2052000);
	ck_assert_str_eq(buf, "34:12");
	report_mmss(buf, sizeof buf, 59999);
	ck_assert_str_eq(buf, "0:59");
	free(a);
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- CSV ------------------------------------------------------------------------ */

START_TEST(test_csv)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = cook(m, MODEL_THREADS, 1, true, false);
	char *c = render(r, CSV, false, false);

	ck_assert(strncmp(c, "lane,recipe,step,what,kind,start,end\n", 37) == 0);
	ck_assert_uint_eq(count(c, "\n"), run_trace(r)->nspans + 1);
	/* A text with a comma is quoted. */
	ck_assert_ptr_nonnull(strstr(c, "\"Add rice and seasoning, cover, turn the heat down\""));
	ck_assert_ptr_nonnull(strstr(c, ",switch,"));
	ck_assert_ptr_nonnull(strstr(c, "cook 1,rice,1,"));
	free(c);
	run_free(r);
	menu_free(m);
}
END_TEST

/* ---- JSON ----------------------------------------------------------------------- */

START_TEST(test_json_keys)
{
	static const char *const keys[] = {
		"\"menu\": \"salmon-dinner\"", "\"model\": \"coroutines\"",
		"\"cooks\": 1", "\"gil\": true", "\"locks\": false",
		"\"seed\": 42", "\"total_seconds\": 2052", "\"spans\": [",
		"\"lane\": \"cook 1\"", "\"recipe\": \"rice\"", "\"step\": 1",
		"\"what\": ", "\"kind\": \"work\"", "\"start\": 0",
		"\"end\": 60", "\"dishes\": [", "\"ready_at\": 2052",
		"\"ok\": true", "\"problem\": null", "\"context_switches\": 4",
		"\"memory_bytes\": 192,", "\"reserved_bytes\": 192,",
		"\"outcome\": \"3 ok\"",
	};
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = cook(m, MODEL_COROUTINES, 1, true, false);
	char *j = render(r, JSON, false, false);
	size_t i;

	assert_json(j);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		ck_assert_msg(strstr(j, keys[i]) != NULL, "no %s", keys[i]);
	ck_assert_uint_eq(count(j, "\"lane\": "), run_trace(r)->nspans);
	free(j);
	run_free(r);
	menu_free(m);
}
END_TEST

START_TEST(test_json_ruined_says_why)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *r = cook(m, MODEL_THREADS, 1, true, false);
	char *j = render(r, JSON, false, false);

	assert_json(j);
	ck_assert_ptr_nonnull(strstr(j, "\"ok\": false, \"problem\": \"the oven was at 425F for 18 min while the salmon needed 350F \xc2\xb1 15F\""));
	free(j);
	run_free(r);
	menu_free(m);
}
END_TEST

/* Quotes, backslashes and control characters in a recipe name and a step
 * text: still one valid JSON value, never a raw control character. */
START_TEST(test_json_escaping)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r;
	char *j, *c, *t;
	const char *p;

	free(m->recipes[0]->name);
	m->recipes[0]->name = strdup("sal\"mon\\ \x1b[31m");
	free(m->recipes[0]->steps[1].text);
	m->recipes[0]->steps[1].text = strdup("lay \"out\",\tthen\nbell\a");
	r = cook(m, MODEL_PROCESSES, 1, true, false);
	j = render(r, JSON, false, false);
	c = render(r, CSV, false, false);
	t = render(r, TEXT, false, false);
	assert_json(j);
	ck_assert_ptr_null(strchr(j, '\x1b'));
	ck_assert_ptr_null(strchr(c, '\x1b'));
	ck_assert_ptr_null(strchr(t, '\x1b'));
	ck_assert_ptr_null(strchr(c, '\a'));
	for (p = t; *p != '\0'; p++)
		ck_assert(*p == '\n' || (unsigned char)*p >= 0x20);
	ck_assert_ptr_nonnull(strstr(j, "sal\\\"mon"));
	free(j);
	free(c);
	free(t);
	run_free(r);
	menu_free(m);
}
END_TEST

START_TEST(test_same_bytes)
{
	struct menu *m = ck_load("chicken-dinner");
	struct run *a = cook(m, (enum model_id)_i, 1, true, false);
	struct run *b = cook(m, (enum model_id)_i, 1, true, false);
	char *ja = render(a, JSON, false, false), *jb = render(b, JSON, false, false);
	char *ta = render(a, TEXT, false, false), *tb = render(b, TEXT, false, false);

	ck_assert_str_eq(ja, jb);
	ck_assert_str_eq(ta, tb);
	free(ja);
	free(jb);
	free(ta);
	free(tb);
	run_free(a);
	run_free(b);
	menu_free(m);
}
END_TEST

/* ---- --compare and --tables ------------------------------------------------------ */

START_TEST(test_compare)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *runs[MODEL_COUNT];
	char *buf = NULL;
	size_t len = 0, i;
	struct report_opts o = { .ascii = true };
	FILE *fp;

	for (i = 0; i < MODEL_COUNT; i++)
		runs[i] = cook(m, (enum model_id)i, 1, true, false);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(report_compare_json(fp, runs, MODEL_COUNT, &o), 0);
	fclose(fp);
	assert_json(buf);
	ck_assert(strncmp(buf, "{\"runs\": [", 10) == 0);
	ck_assert_uint_eq(count(buf, "\"model\": "), MODEL_COUNT);
	ck_assert_uint_eq(count(buf, "\"total_seconds\": "), MODEL_COUNT);
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(report_compare_text(fp, runs, MODEL_COUNT, &o), 0);
	fclose(fp);
	for (i = 0; i < MODEL_COUNT; i++)
		ck_assert_ptr_nonnull(strstr(buf, model_name((enum model_id)i)));
	ck_assert_ptr_nonnull(strstr(buf, "74:12"));    /* sequential */
	ck_assert_ptr_nonnull(strstr(buf, "34:12"));    /* coroutines */
	free(buf);

	/* CSV: a header, then one row per model with its total in seconds. */
	buf = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(report_compare_csv(fp, runs, MODEL_COUNT, &o), 0);
	fclose(fp);
	ck_assert(strncmp(buf, "model,cooks,gil,locks,seed,tables,total_seconds,",
			  strlen("model,cooks,gil,locks,seed,tables,total_seconds,")) == 0);
	ck_assert_uint_eq(count(buf, "\n"), MODEL_COUNT + 1);
	ck_assert_ptr_nonnull(strstr(buf, "\nsequential,1,true,false,42,1,4452,0,"));
	ck_assert_ptr_nonnull(strstr(buf, "\ncoroutines,1,true,false,42,1,2052,0,"));
	ck_assert_ptr_null(strstr(buf, "every model"));  /* not the text table */
	free(buf);
	for (i = 0; i < MODEL_COUNT; i++)
		run_free(runs[i]);
	menu_free(m);
}
END_TEST

START_TEST(test_tables_summarise)
{
	struct menu *m = ck_load("salmon-dinner");
	struct run *r = cook(m, MODEL_COROUTINES, 4, false, false);
	struct run *k = cook(m, MODEL_COROUTINES, 4, true, false);
	char *t = render(r, TEXT, true, false), *c = render(r, CSV, true, false);
	char *j = render(r, JSON, false, false);
	char *ja = render(k, JSON, false, true);

	ck_assert_ptr_nonnull(strstr(t, "tables: 4, served in 34:12 fastest"));
	ck_assert_ptr_null(strstr(t, "cook 1 |"));     /* no chart */
	ck_assert(strncmp(c, "table,total_seconds,dishes,ruined\n", 34) == 0);
	ck_assert_uint_eq(count(c, "\n"), 5);
	ck_assert_ptr_nonnull(strstr(c, "\n4,2052,3,0\n"));
	assert_json(j);
	ck_assert_ptr_nonnull(strstr(j, "\"table_totals\": [2052, 2052, 2052, 2052]"));
	ck_assert_ptr_nonnull(strstr(j, "\"spans\": []"));
	assert_json(ja);
	ck_assert_uint_eq(count(ja, "\"lane\": "), run_trace(k)->nspans);
	ck_assert_ptr_nonnull(strstr(ja, "\"table\": 4"));
	free(t);
	free(c);
	free(j);
	free(ja);
	run_free(r);
	run_free(k);
	menu_free(m);
}
END_TEST

/* ---- 80 columns ------------------------------------------------------------ */

/* Columns of the widest line: UTF-8 continuation bytes take none. */
static int
widest_line(const char *s)
{
	int w = 0, best = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			w = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++w > best)
			best = w;
	}
	return best;
}

/* Every line of the text report and of the --compare table fits an
 * 80-column terminal, ASCII or UTF-8, one table or several, for every
 * model and every shipped menu (the memory line's explanation wraps). */
START_TEST(test_fits_80_columns)
{
	static const char *const menus[] = {
		"salmon-dinner", "chicken-dinner", "stir-fry"
	};
	struct menu *m = ck_load(menus[_i]);
	struct run *runs[MODEL_COUNT];
	struct report_opts o = { .ascii = true };
	char *buf = NULL, *a, *u;
	size_t len = 0, i;
	long tables;
	FILE *fp;

	for (tables = 1; tables <= 3; tables += 2) {
		for (i = 0; i < MODEL_COUNT; i++) {
			runs[i] = cook(m, (enum model_id)i, tables, true, false);
			a = render(runs[i], TEXT, true, false);
			u = render(runs[i], TEXT, false, false);
			ck_assert_msg(widest_line(a) < 80, "%s %s:\n%s",
				      menus[_i], model_name((enum model_id)i), a);
			ck_assert_msg(widest_line(u) < 80, "%s %s:\n%s",
				      menus[_i], model_name((enum model_id)i), u);
			free(a);
			free(u);
		}
		fp = open_memstream(&buf, &len);
		ck_assert_int_eq(report_compare_text(fp, runs, MODEL_COUNT, &o), 0);
		fclose(fp);
		ck_assert_msg(widest_line(buf) < 80, "compare:\n%s", buf);
		free(buf);
		buf = NULL;
		for (i = 0; i < MODEL_COUNT; i++)
			run_free(runs[i]);
	}
	menu_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("golden");
	tcase_add_loop_test(tc, test_golden_text, 0, MODEL_COUNT);
	suite_add_tcase(s, tc);

	tc = tcase_create("formats");
	tcase_add_test(tc, test_text_ascii_and_utf8);
	tcase_add_test(tc, test_text_times);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_json_keys);
	tcase_add_test(tc, test_json_ruined_says_why);
	tcase_add_test(tc, test_json_escaping);
	tcase_add_loop_test(tc, test_same_bytes, 0, MODEL_COUNT);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_tables_summarise);
	tcase_add_loop_test(tc, test_fits_80_columns, 0, 3);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
