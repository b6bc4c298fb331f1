/* SPDX-License-Identifier: ISC */
/*
 * check_parse.c - the recipe and menu reader, the catalog and esc.h, as a
 * user sees them: what a good file turns into, the exact message a bad
 * file gets, and the shipped dinner's numbers the models depend on.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "esc.h"
#include "parse.h"
#include "recipe.h"

#ifndef KT_SRCDATADIR
#define KT_SRCDATADIR "data"
#endif
#ifndef KT_PKGDATADIR
#define KT_PKGDATADIR "/usr/local/share/kitchen-tui"
#endif

#define MIN(m)  ((sched_ms)(m) * 60000)
#define SEC(s)  ((sched_ms)(s) * 1000)

/* The source tree: $KT_SRCDIR (make check sets it), else the parent of
 * the data directory the build was configured with. */
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
	else
		snprintf(buf, sizeof buf, ".");
	return buf;
}

static const char *
datadir(void)
{
	static char buf[4096];
	const char *env = getenv("KITCHEN_TUI_DATA");

	if (env != NULL && *env != '\0')
		return env;
	snprintf(buf, sizeof buf, "%s/data", srcdir());
	return buf;
}

static char *
test_path(const char *sub, const char *name)
{
	char *p;

	ck_assert_int_ge(asprintf(&p, "%s/tests/%s/%s", srcdir(), sub, name), 0);
	return p;
}

/* "@" in a template stands for a directory. */
static char *
expand(const char *tmpl, const char *dir)
{
	size_t n = 1, dl = strlen(dir);
	const char *t;
	char *out, *o;

	for (t = tmpl; *t != '\0'; t++)
		n += *t == '@' ? dl : 1;
	o = out = malloc(n);
	ck_assert_ptr_nonnull(out);
	for (t = tmpl; *t != '\0'; t++) {
		if (*t == '@') {
			memcpy(o, dir, dl);
			o += dl;
		} else
			*o++ = *t;
	}
	*o = '\0';
	return out;
}

/* No byte of a message may drive a terminal: only printable text and the
 * newline between its lines. */
static void
assert_safe(const char *msg)
{
	const unsigned char *u;

	for (u = (const unsigned char *)msg; *u != '\0'; u++)
		ck_assert_msg(*u >= 0x20 ? *u != 0x7f : *u == '\n',
		    "raw control byte 0x%02x in message: %s", *u, msg);
}

/* The first line of a loading error for path. */
static char *
load_error(const char *path)
{
	struct menu *m = NULL;
	char *err = NULL, *nl;

	ck_assert_int_eq(catalog_load_file(path, &m, &err), -1);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(err);
	assert_safe(err);
	if ((nl = strchr(err, '\n')) != NULL)
		*nl = '\0';
	return err;
}

/* ---- bad files: every one with its exact message ------------------------- */

static const struct bad_case {
	const char *file;
	const char *message;    /* first line; @ is the tests/bad directory */
} bad_cases[] = {
	{ "bidi-name.recipe",
	  "@/bidi-name.recipe:1:8: bad name 'U+2066 evil U+2069' (letters, digits, '-' and '_', at most 64)" },
	{ "bidi-override.recipe",
	  "@/bidi-override.recipe:2:13: unknown action 'U+202E work' (work, wait, preheat, use, boil, simmer, take or put)" },
	{ "bom-mid-line.recipe",
	  "@/bom-mid-line.recipe:2:1: unknown directive 'U+FEFF step'" },
	{ "nbsp.recipe",
	  "@/nbsp.recipe:2:13: unknown action 'work U+00A0 1m' (work, wait, preheat, use, boil, simmer, take or put)" },
	{ "not-a-recipe.menu",
	  "@/not-a-recipe.menu:2:8: cannot read recipe './not-a-recipe.txt': @/./not-a-recipe.txt: not a recipe file (it does not start with a 'recipe' line)" },
	{ "bad-duration.recipe",
	  "@/bad-duration.recipe:2:29: bad duration '1.5m' (write it like 90s, 18m or 1h30m)" },
	{ "bad-recipe-in-menu.menu",
	  "@/unknown-action.recipe:2:23: unknown action 'fry' (work, wait, preheat, use, boil, simmer, take or put)" },
	{ "bad-recipe-name.menu",
	  "@/bad-recipe-name.menu:2:8: bad recipe name 'sal$mon' (letters, digits, '-' and '_'; or a path with a '/')" },
	{ "bad-room.menu",
	  "@/bad-room.menu:3:6: room temperature out of range (1F to 150F): 500F" },
	{ "bad-temperature.recipe",
	  "@/bad-temperature.recipe:2:35: bad temperature '350K' (write it like 350F or 175C)" },
	{ "boil-never-simmered.recipe",
	  "@/boil-never-simmered.recipe:3:1: the pot brought to a boil is never simmered (a simmer step frees its burner)" },
	{ "cr-in-line.recipe",
	  "@/cr-in-line.recipe:2:14: carriage return inside a line (old Mac line ends? use LF or CRLF)" },
	{ "cr-line-ends.recipe",
	  "@/cr-line-ends.recipe:1:13: carriage return inside a line (old Mac line ends? use LF or CRLF)" },
	{ "control-outside-quotes.recipe",
	  "@/control-outside-quotes.recipe:2:13: control character \\x1b outside quotes" },
	{ "duplicate-by-path.menu",
	  "@/duplicate-by-path.menu:3:8: duplicate recipe 'ok' (it is already on the menu)" },
	{ "duplicate-recipe.menu",
	  "@/duplicate-recipe.menu:3:8: duplicate recipe 'ok' (already at line 2)" },
	{ "duplicate-setting.menu",
	  "@/duplicate-setting.menu:4:19: oven sheets is already set at line 3" },
	{ "duration-no-unit.recipe",
	  "@/duration-no-unit.recipe:2:29: duration needs a unit (h, m or s): 18" },
	{ "duration-order.recipe",
	  "@/duration-order.recipe:2:29: bad duration '30m1h' (write it like 90s, 18m or 1h30m)" },
	{ "empty-text.recipe",
	  "@/empty-text.recipe:2:6: empty step text" },
	{ "empty.recipe",
	  "@/empty.recipe:1:1: no 'recipe' or 'menu' line: not a recipe or menu file" },
	{ "escape-in-name.recipe",
	  "@/escape-in-name.recipe:1:8: control character \\x1b outside quotes" },
	{ "escape-in-quoted-name.recipe",
	  "@/escape-in-quoted-name.recipe:1:8: bad name '\\x1b[2J' (letters, digits, '-' and '_', at most 64)" },
	{ "extra-field.recipe",
	  "@/extra-field.recipe:2:32: extra field '4m': step \"TEXT\" work DURATION [from JAR AMOUNT]" },
	{ "hot-temperature.recipe",
	  "@/hot-temperature.recipe:2:26: temperature out of range (1F to 999F): 600C" },
	{ "include-duplicate.menu",
	  "@/include-duplicate.menu:3:9: duplicate recipe 'ok' (menu 'one-ok' brings it again)" },
	{ "include-loop-a.menu",
	  "@/include-loop-b.menu:2:9: include loop: menu 'include-loop-a' includes itself" },
	{ "include-loop-b.menu",
	  "@/include-loop-a.menu:3:9: include loop: menu 'include-loop-b' includes itself" },
	{ "include-missing.menu",
	  "@/include-missing.menu:3:9: cannot read menu 'nowhere': @/nowhere.menu: No such file or directory" },
	{ "include-recipe.menu",
	  "@/include-recipe.menu:2:9: 'ok.recipe' is a recipe, not a menu (a recipe is added with 'recipe')" },
	{ "include-self.menu",
	  "@/include-self.menu:3:9: include loop: menu 'include-self' includes itself" },
	{ "invalid-utf8.recipe",
	  "@/invalid-utf8.recipe:2:16: invalid UTF-8 (byte \\xe9)" },
	{ "long-duration.recipe",
	  "@/long-duration.recipe:2:25: duration too long (at most 24h): 25h" },
	{ "many-cooks.menu",
	  "@/many-cooks.menu:3:7: cooks out of range (1 to 16): 99999999999999999999" },
	{ "menu-line-in-recipe.recipe",
	  "@/menu-line-in-recipe.recipe:3:1: 'cooks' in a recipe file (it belongs in a menu file)" },
	{ "microwave-temperature.recipe",
	  "@/microwave-temperature.recipe:2:35: the microwave takes no temperature" },
	{ "missing-field.recipe",
	  "@/missing-field.recipe:2:28: missing field: step \"TEXT\" work DURATION [from JAR AMOUNT]" },
	{ "missing-recipe.menu",
	  "@/missing-recipe.menu:2:8: cannot read recipe 'salmn': @/salmn.recipe: No such file or directory" },
	{ "missing-text.recipe",
	  "@/missing-text.recipe:2:23: missing field: step \"TEXT\" ACTION ... (actions: work, wait, preheat, use, boil, simmer, take, put)" },
	{ "name-mismatch.menu",
	  "@/name-mismatch.menu:2:8: the file for recipe 'renamed' holds recipe 'other-name'" },
	{ "negative-duration.recipe",
	  "@/negative-duration.recipe:2:25: negative duration: -5m" },
	{ "negative-sheets.menu",
	  "@/negative-sheets.menu:3:13: negative oven sheets: -1" },
	{ "negative-temperature.recipe",
	  "@/negative-temperature.recipe:2:35: negative temperature: -40C" },
	{ "no-recipes.menu",
	  "@/no-recipes.menu:1:1: menu names no recipes" },
	{ "no-space-after-quote.recipe",
	  "@/no-space-after-quote.recipe:2:12: expected a space after the closing quote" },
	{ "no-steps.recipe",
	  "@/no-steps.recipe:1:1: recipe has no steps" },
	{ "nul.recipe",
	  "@/nul.recipe:1:19: NUL byte (is this a binary or UTF-16 file?)" },
	{ "only-comments.recipe",
	  "@/only-comments.recipe:1:1: no 'recipe' or 'menu' line: not a recipe or menu file" },
	{ "oven-no-temperature.recipe",
	  "@/oven-no-temperature.recipe:2:25: missing field: the oven needs a temperature (use oven 18m 350F)" },
	{ "overflow-duration.recipe",
	  "@/overflow-duration.recipe:2:25: duration too long (at most 24h): 99999999999999999999h" },
	{ "overflow-temperature.recipe",
	  "@/overflow-temperature.recipe:2:26: temperature out of range (1F to 999F): 99999999999999F" },
	{ "overlong-utf8.recipe",
	  "@/overlong-utf8.recipe:2:12: invalid UTF-8 (byte \\xc0)" },
	{ "preheat-microwave.recipe",
	  "@/preheat-microwave.recipe:2:35: only the oven can be preheated" },
	{ "rate-no-unit.menu",
	  "@/rate-no-unit.menu:3:11: heating rate needs a unit (F or C): 25" },
	{ "recipe-is-menu.menu",
	  "@/recipe-is-menu.menu:2:8: 'include-self.menu' is a menu, not a recipe (a menu is added with 'include')" },
	{ "second-menu.menu",
	  "@/second-menu.menu:3:1: a second 'menu' line (the menu starts at line 1; one menu per file)" },
	{ "second-recipe.recipe",
	  "@/second-recipe.recipe:3:1: a second 'recipe' line (the recipe starts at line 1; one recipe per file)" },
	{ "setting-no-equals.menu",
	  "@/setting-no-equals.menu:3:10: expected KEY=VALUE, not 'burners'" },
	{ "simmer-without-boil.recipe",
	  "@/simmer-without-boil.recipe:2:15: simmer needs a pot on the stove: boil it first" },
	{ "step-first.recipe",
	  "@/step-first.recipe:1:1: expected a 'recipe' or 'menu' line first, not 'step'" },
	{ "step-in-menu.menu",
	  "@/step-in-menu.menu:3:1: 'step' in a menu file (steps belong in a recipe file)" },
	{ "stray-quote.recipe",
	  "@/stray-quote.recipe:2:20: stray quote inside a word" },
	{ "surrogate-utf8.recipe",
	  "@/surrogate-utf8.recipe:2:12: invalid UTF-8 (byte \\xed)" },
	{ "temperature-no-unit.recipe",
	  "@/temperature-no-unit.recipe:2:35: temperature needs a unit (F or C): 350" },
	{ "unknown-action.recipe",
	  "@/unknown-action.recipe:2:23: unknown action 'fry' (work, wait, preheat, use, boil, simmer, take or put)" },
	{ "unknown-appliance.recipe",
	  "@/unknown-appliance.recipe:2:31: unknown appliance 'grill' (oven, stovetop or microwave)" },
	{ "unknown-directive.recipe",
	  "@/unknown-directive.recipe:3:1: unknown directive 'stpe'" },
	{ "unknown-escape.recipe",
	  "@/unknown-escape.recipe:2:12: unknown escape in quotes (only \\\" and \\\\)" },
	{ "unknown-setting.menu",
	  "@/unknown-setting.menu:3:6: unknown oven setting 'racks' (sheets, heat, cool, tolerance, grace)" },
	{ "unterminated-last-line.recipe",
	  "@/unterminated-last-line.recipe:3:8: unterminated quote" },
	{ "unterminated-quote.recipe",
	  "@/unterminated-quote.recipe:2:6: unterminated quote" },
	{ "use-stovetop.recipe",
	  "@/use-stovetop.recipe:2:16: the stovetop is used with boil and simmer" },
	{ "utf16-no-bom.recipe",
	  "@/utf16-no-bom.recipe:1:2: NUL byte (is this a binary or UTF-16 file?)" },
	{ "utf16.recipe",
	  "@/utf16.recipe:1:1: UTF-16 text (byte order mark): save the file as UTF-8" },
	/* Shared jars (dressing-race). */
	{ "jar-bad-unit.menu",
	  "@/jar-bad-unit.menu:4:14: bad jar amount '8cups' (write it like 2tbsp)" },
	{ "jar-duplicate.menu",
	  "@/jar-duplicate.menu:5:5: duplicate jar 'dressing' (already at line 4)" },
	{ "jar-in-recipe.recipe",
	  "@/jar-in-recipe.recipe:3:1: 'jar' in a recipe file (it belongs in a menu file)" },
	{ "jar-no-amount.menu",
	  "@/jar-no-amount.menu:4:13: missing field: jar NAME AMOUNT (jar dressing 8tbsp)" },
	{ "jar-too-big.menu",
	  "@/jar-too-big.menu:4:14: jar amount out of range (1tbsp to 999tbsp): 1000tbsp" },
	{ "jar-undeclared.menu",
	  "@/jar-taker.recipe:4:40: no jar 'dressing' on the menu (a menu puts one on the counter with a line like: jar dressing 8tbsp)" },
	{ "from-bad-jar-name.recipe",
	  "@/from-bad-jar-name.recipe:3:40: bad jar name 'dre$sing' (letters, digits, '-' and '_', at most 64)" },
	{ "from-in-wait.recipe",
	  "@/from-in-wait.recipe:3:29: extra field 'from': step \"TEXT\" wait DURATION" },
	{ "from-missing-amount.recipe",
	  "@/from-missing-amount.recipe:3:48: missing field: from JAR AMOUNT (from dressing 2tbsp)" },
	{ "from-no-unit.recipe",
	  "@/from-no-unit.recipe:3:49: bad amount '2' (write it like 2tbsp)" },
	{ "from-zero.recipe",
	  "@/from-zero.recipe:3:49: amount out of range (1tbsp to 999tbsp): 0tbsp" },
	{ "zero-cooks.menu",
	  "@/zero-cooks.menu:3:7: cooks out of range (1 to 16): 0" },
	/* Burners, utensils and the oven's grace (issues 10 and 11). */
	{ "pots-burners.menu",
	  "@/two-pots.recipe:4:1: recipe 'two-pots' needs 2 burners at once here, but the stovetop has 1 (a pot holds its burner from its boil to the end of its simmer)" },
	{ "five-pots.recipe",
	  "@/five-pots.recipe:7:1: recipe 'five-pots' needs 5 burners at once here, but the stovetop has 4 (a pot holds its burner from its boil to the end of its simmer)" },
	{ "take-never-put.recipe",
	  "@/take-never-put.recipe:3:1: the knife is taken and never put back (a put step gives it back)" },
	{ "put-without-take.recipe",
	  "@/put-without-take.recipe:4:32: put needs the knife in hand: take it first" },
	{ "take-twice.recipe",
	  "@/take-twice.recipe:4:33: the recipe holds the knife already (taken at line 3; put it back first)" },
	{ "unknown-utensil.recipe",
	  "@/unknown-utensil.recipe:3:33: unknown utensil 'spoon' (knife, board or wok)" },
	{ "bad-grace.menu",
	  "@/bad-grace.menu:4:12: duration needs a unit (h, m or s): 60" },
	{ "bad-utensils.menu",
	  "@/bad-utensils.menu:4:16: knife out of range (1 to 16): 17" },
	{ "zero-duration.recipe",
	  "@/zero-duration.recipe:2:29: duration must be more than zero: 0m" },
	{ "zero-temperature.recipe",
	  "@/zero-temperature.recipe:2:35: temperature out of range (1F to 999F): 0F" },
};

START_TEST(test_bad_file)
{
	const struct bad_case *bc = &bad_cases[_i];
	char *dir = test_path("bad", ""), *path, *want, *got;

	dir[strlen(dir) - 1] = '\0';    /* drop the trailing '/' */
	ck_assert_int_ge(asprintf(&path, "%s/%s", dir, bc->file), 0);
	want = expand(bc->message, dir);
	got = load_error(path);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
	free(dir);
}
END_TEST

/* An error inside a recipe a menu names points at the recipe line, then
 * says on a second line where the menu named it. */
START_TEST(test_bad_named_here)
{
	char *path = test_path("bad", "bad-recipe-in-menu.menu");
	struct menu *m;
	char *err, *nl, *want;

	ck_assert_int_eq(catalog_load_file(path, &m, &err), -1);
	nl = strchr(err, '\n');
	ck_assert_ptr_nonnull(nl);
	ck_assert_int_ge(asprintf(&want, "%s:2:8: note: recipe 'unknown-action' "
	    "is named here", path), 0);
	ck_assert_str_eq(nl + 1, want);
	free(want);
	free(err);
	free(path);
}
END_TEST

/* ---- big, binary and unreadable inputs, made in a temporary directory ---- */

static char tmpdir[4096];

static void
tmp_setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/check_parse.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
tmp_teardown(void)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", tmpdir) >= 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
		free(cmd);
	}
}

static char *
tmp_file(const char *name, const void *data, size_t len)
{
	char *path;
	FILE *f;

	ck_assert_int_ge(asprintf(&path, "%s/%s", tmpdir, name), 0);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

START_TEST(test_long_line)
{
	size_t len = 1024 * 1024;
	char *buf = malloc(len), *path, *got, *want;

	ck_assert_ptr_nonnull(buf);
	memset(buf, 'x', len);
	memcpy(buf, "recipe", 6);
	path = tmp_file("long.recipe", buf, len);
	got = load_error(path);
	ck_assert_int_ge(asprintf(&want, "%s:1:4097: line longer than 4096 bytes",
	    path), 0);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	free(path);
	free(buf);
}
END_TEST

START_TEST(test_too_large)
{
	size_t len = 2 * 1024 * 1024;
	char *buf = malloc(len), *path, *got, *want;
	size_t i;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < len; i++)
		buf[i] = i % 64 == 63 ? '\n' : '#';
	path = tmp_file("huge.recipe", buf, len);
	got = load_error(path);
	ck_assert_int_ge(asprintf(&want, "%s: file too large (more than 1 MiB)",
	    path), 0);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	free(path);
	free(buf);
}
END_TEST

static char *
tmp_str(const char *name, const char *text)
{
	return tmp_file(name, text, strlen(text));
}

START_TEST(test_dev_zero)
{
	char *got = load_error("/dev/zero");

	ck_assert_str_eq(got, "/dev/zero: not a regular file");
	free(got);
}
END_TEST

/* A FIFO with no writer, named directly and from a menu: refused at once
 * (the test would hang on a blocking read). */
START_TEST(test_fifo)
{
	char *fifo, *menu, *got, *want, *body;

	ck_assert_int_ge(asprintf(&fifo, "%s/pipe.recipe", tmpdir), 0);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	got = load_error(fifo);
	ck_assert_int_ge(asprintf(&want, "%s: not a regular file", fifo), 0);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	ck_assert_int_ge(asprintf(&body, "menu m \"M\"\nrecipe %s\n", fifo), 0);
	menu = tmp_file("fifo.menu", body, strlen(body));
	got = load_error(menu);
	ck_assert_int_ge(asprintf(&want, "%s:2:8: cannot read recipe '%s': %s: "
	    "not a regular file", menu, fifo, fifo), 0);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(body);
	free(menu);
	free(fifo);
}
END_TEST

/* Devices named by a menu: refused without a read (a read of /dev/tty
 * would wait for the keyboard). */
START_TEST(test_device_refs)
{
	static const char *const devs[] = { "/dev/null", "/dev/zero", "/dev/stdin" };
	char *menu, *got, *want, *body;
	size_t i;

	for (i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		ck_assert_int_ge(asprintf(&body, "menu m \"M\"\ninclude %s\n",
		    devs[i]), 0);
		menu = tmp_file("dev.menu", body, strlen(body));
		got = load_error(menu);
		ck_assert_int_ge(asprintf(&want, "%s:2:9: cannot read menu '%s': "
		    "%s: not a regular file", menu, devs[i], devs[i]), 0);
		if (strcmp(devs[i], "/dev/stdin") == 0 && strstr(got, "No such"))
			;       /* no /dev/stdin in this sandbox */
		else
			ck_assert_str_eq(got, want);
		free(got);
		free(want);
		free(body);
		free(menu);
	}
}
END_TEST

/* A menu naming a file that is not a recipe quotes none of its bytes. */
START_TEST(test_not_ours)
{
	static const char secret[] = "root:x:0:0:SECRET:/root:/bin/sh\n";
	char *other, *menu, *got, *want;

	other = tmp_file("passwd", secret, sizeof secret - 1);
	menu = tmp_str("leak.menu", "menu m \"M\"\nrecipe ./passwd\n");
	got = load_error(menu);
	ck_assert_int_ge(asprintf(&want, "%s:2:8: cannot read recipe './passwd': "
	    "%s/./passwd: not a recipe file (it does not start with a 'recipe' "
	    "line)", menu, tmpdir), 0);
	ck_assert_str_eq(got, want);
	ck_assert_ptr_null(strstr(got, "SECRET"));
	free(got);
	free(want);
	free(menu);
	free(other);
}
END_TEST

/* "At most 8 deep" means 8 includes below the top menu are fine, 9 not. */
static char *
include_chain(int deep)
{
	char name[32], body[128];
	int i;

	for (i = 0; i <= deep; i++) {
		snprintf(name, sizeof name, "c%d.menu", i);
		if (i < deep)
			snprintf(body, sizeof body, "menu c%d \"C\"\ninclude c%d\n",
			    i, i + 1);
		else
			snprintf(body, sizeof body, "menu c%d \"C\"\nrecipe r\n", i);
		free(tmp_file(name, body, strlen(body)));
	}
	free(tmp_str("r.recipe", "recipe r \"R\"\nstep \"x\" work 1m\n"));
	return tmp_str("top.menu", "menu top \"T\"\ninclude c0\n");
}

START_TEST(test_include_depth)
{
	struct menu *m = NULL;
	char *top, *err = NULL;

	/* top -> c0 -> ... -> c7: 8 includes. */
	top = include_chain(7);
	ck_assert_msg(catalog_load_file(top, &m, &err) == 0, "%s", err);
	ck_assert_uint_eq(m->nrecipes, 1);
	menu_free(m);
	free(top);
	/* top -> c0 -> ... -> c8: 9 includes. */
	top = include_chain(8);
	err = load_error(top);
	ck_assert_ptr_nonnull(strstr(err, "includes nested too deep (at most 8)"));
	free(err);
	free(top);
}
END_TEST

START_TEST(test_directory)
{
	char *got = load_error(tmpdir), *want;

	ck_assert_int_ge(asprintf(&want, "%s: is a directory, not a recipe or "
	    "menu file", tmpdir), 0);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
}
END_TEST

START_TEST(test_missing)
{
	char *path, *got, *want;

	ck_assert_int_ge(asprintf(&path, "%s/nothing-here.menu", tmpdir), 0);
	got = load_error(path);
	ck_assert_int_ge(asprintf(&want, "%s: No such file or directory", path), 0);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	free(path);
}
END_TEST

/* A file that opens but cannot be read.  root reads any mode, so as root
 * use /proc/self/mem, whose first page is never mapped. */
START_TEST(test_unreadable)
{
	char *path, *got, *want;

	if (geteuid() == 0) {
		path = strdup("/proc/self/mem");
		ck_assert_int_ge(asprintf(&want, "%s: Input/output error", path), 0);
	} else {
		path = tmp_str("secret.recipe", "recipe x \"x\"\n");
		ck_assert_int_eq(chmod(path, 0), 0);
		ck_assert_int_ge(asprintf(&want, "%s: Permission denied", path), 0);
	}
	got = load_error(path);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	free(path);
}
END_TEST

/* Random bytes, seeded for repeatability: always a positioned error, a
 * safe message, never a crash. */
START_TEST(test_random_bytes)
{
	size_t len = 4096 + (size_t)_i * 997, i;
	unsigned char *buf = malloc(len);
	uint32_t x = 2463534242u + (uint32_t)_i;
	char *path, *got, name[32];

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	snprintf(name, sizeof name, "random-%d.recipe", _i);
	path = tmp_file(name, buf, len);
	got = load_error(path);
	ck_assert_msg(strncmp(got, path, strlen(path)) == 0 &&
	    got[strlen(path)] == ':' && got[strlen(path) + 1] >= '1' &&
	    got[strlen(path) + 1] <= '9', "not path:line:col: %s", got);
	free(got);
	free(path);
	free(buf);
}
END_TEST

/* A terminal escape in a file name is shown escaped too. */
START_TEST(test_escape_in_path)
{
	char *path, *got, *want;

	path = tmp_str("\033[2Jevil.recipe", "recipe x\n");
	got = load_error(path);
	ck_assert_int_ge(asprintf(&want, "%s/\\x1b[2Jevil.recipe:1:9: missing "
	    "field: recipe NAME \"TITLE\"", tmpdir), 0);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	free(path);
}
END_TEST

/* ---- good files, every field read back ---------------------------------- */

static struct recipe *
good_recipe(const char *name)
{
	char *path = test_path("good", name), *err = NULL;
	struct recipe *r = NULL;

	ck_assert_msg(catalog_load_recipe(path, &r, &err) == 0, "%s", err);
	ck_assert_str_eq(r->path, path);
	free(path);
	return r;
}

static void
assert_step(const struct recipe *r, size_t i, const char *text,
	    enum step_action a, enum appliance app, sched_ms d, int temp, int line)
{
	const struct step *s = &r->steps[i];

	ck_assert_uint_lt(i, r->nsteps);
	ck_assert_str_eq(s->text, text);
	ck_assert_int_eq(s->action, a);
	ck_assert_int_eq(s->app, app);
	ck_assert_int_eq(s->duration, d);
	ck_assert_int_eq(s->temp_f, temp);
	ck_assert_int_eq(s->line, line);
}

START_TEST(test_good_everything)
{
	struct recipe *r = good_recipe("everything.recipe");

	ck_assert_str_eq(r->name, "everything");
	ck_assert_str_eq(r->title, "Every \"action\" once \\ twice");
	ck_assert_uint_eq(r->nsteps, 11);
	assert_step(r, 0, "Heat the oven", ACT_PREHEAT, APP_OVEN, 0, 356, 6);
	assert_step(r, 1, "Chop, chop", ACT_WORK, APP_NONE, SEC(90), 0, 7);
	assert_step(r, 2, "Wait a little", ACT_WAIT, APP_NONE, MIN(90), 0, 8);
	assert_step(r, 3, "Bake", ACT_USE, APP_OVEN, MIN(18), 350, 9);
	assert_step(r, 4, "Microwave", ACT_USE, APP_MICROWAVE, MIN(5), 0, 10);
	assert_step(r, 5, "Boil with the kitchen's time", ACT_BOIL, APP_STOVETOP,
	    0, 0, 11);
	assert_step(r, 6, "Simmer", ACT_SIMMER, APP_STOVETOP, MIN(20), 0, 12);
	assert_step(r, 7, "Boil for 3 minutes", ACT_BOIL, APP_STOVETOP, MIN(3),
	    0, 13);
	assert_step(r, 8, "Simmer again", ACT_SIMMER, APP_STOVETOP,
	    MIN(62) + SEC(3), 0, 14);
	assert_step(r, 9, "Stir", ACT_WORK, APP_NONE, SEC(1), 0, 15);
	assert_step(r, 10, "Café crème, ½ cup — ünïcödé", ACT_WAIT, APP_NONE,
	    MIN(120), 0, 16);
	recipe_free(r);
}
END_TEST

START_TEST(test_good_line_ends)
{
	struct recipe *r = good_recipe("crlf.recipe");

	ck_assert_str_eq(r->name, "crlf");
	ck_assert_str_eq(r->title, "Windows line ends");
	ck_assert_uint_eq(r->nsteps, 2);
	assert_step(r, 0, "Chop", ACT_WORK, APP_NONE, MIN(2), 0, 4);
	assert_step(r, 1, "Wait", ACT_WAIT, APP_NONE, MIN(3), 0, 5);
	recipe_free(r);

	r = good_recipe("no-newline.recipe");
	ck_assert_uint_eq(r->nsteps, 2);
	assert_step(r, 1, "Bake", ACT_USE, APP_OVEN, MIN(10), 400, 3);
	recipe_free(r);

	r = good_recipe("bom.recipe");
	ck_assert_str_eq(r->name, "bom");
	assert_step(r, 0, "Chop", ACT_WORK, APP_NONE, MIN(1), 0, 2);
	recipe_free(r);
}
END_TEST

START_TEST(test_good_celsius)
{
	struct recipe *r = good_recipe("celsius.recipe");

	ck_assert_uint_eq(r->nsteps, 3);
	ck_assert_int_eq(r->steps[0].temp_f, 34);       /* 33.8 */
	ck_assert_int_eq(r->steps[1].temp_f, 500);
	ck_assert_int_eq(r->steps[2].temp_f, 351);      /* 350.6 */
	recipe_free(r);
}
END_TEST

/* Escape sequences are kept as text, and shown escaped. */
START_TEST(test_good_escapes)
{
	struct recipe *r = good_recipe("escapes.recipe");
	char *e;

	ck_assert_str_eq(r->title, "Title \033[31mred\033[0m\007 and \302\233 C1");
	e = esc_dup(r->title, false);
	ck_assert_str_eq(e, "Title \\x1b[31mred\\x1b[0m\\x07 and \\x9b C1");
	free(e);
	e = esc_dup(r->steps[0].text, false);
	ck_assert_str_eq(e, "Text \\x1b]0;owned\\x07 here");
	free(e);
	recipe_free(r);
}
END_TEST

START_TEST(test_good_menu)
{
	char *path = test_path("good", "kitchen.menu"), *err = NULL;
	const struct kitchen_spec *k;
	struct menu *m = NULL;

	ck_assert_msg(catalog_load_file(path, &m, &err) == 0, "%s", err);
	ck_assert_str_eq(m->name, "kitchen");
	ck_assert_str_eq(m->title, "Every kitchen setting");
	ck_assert_str_eq(m->path, path);
	ck_assert_uint_eq(m->nrecipes, 4);
	ck_assert_str_eq(m->recipes[0]->name, "everything");
	ck_assert_str_eq(m->recipes[1]->name, "far");
	ck_assert_str_eq(m->recipes[2]->name, "crlf");
	ck_assert_str_eq(m->recipes[3]->name, "no-newline");
	k = &m->kitchen;
	ck_assert_int_eq(k->oven_sheets, 3);
	ck_assert_int_eq(k->oven_heat_rate, 30);
	ck_assert_int_eq(k->oven_cool_rate, 9);         /* 5C/min */
	ck_assert_int_eq(k->tolerance_f, 18);           /* 10C */
	ck_assert_int_eq(k->burners, 2);
	ck_assert_int_eq(k->boil_time, MIN(8));
	ck_assert_int_eq(k->microwaves, 2);
	ck_assert_int_eq(k->room_temp_f, 68);           /* 20C */
	ck_assert_int_eq(k->cooks, 2);                  /* not base's 3 */
	menu_free(m);
	free(path);
}
END_TEST

/* A menu that sets nothing gets the documented kitchen. */
START_TEST(test_good_defaults)
{
	char *path = test_path("good", "base.menu"), *err = NULL;
	struct kitchen_spec d;
	struct menu *m = NULL;

	ck_assert_msg(catalog_load_file(path, &m, &err) == 0, "%s", err);
	kitchen_spec_default(&d);
	ck_assert_int_eq(d.oven_sheets, 2);
	ck_assert_int_eq(d.oven_heat_rate, 25);
	ck_assert_int_eq(d.oven_cool_rate, 10);
	ck_assert_int_eq(d.room_temp_f, 70);
	ck_assert_int_eq(d.tolerance_f, 15);
	ck_assert_int_eq(d.burners, 4);
	ck_assert_int_eq(d.boil_time, MIN(6));
	ck_assert_int_eq(d.microwaves, 1);
	ck_assert_int_eq(d.cooks, 1);
	ck_assert_int_eq(m->kitchen.cooks, 3);
	m->kitchen.cooks = 1;
	ck_assert_mem_eq(&m->kitchen, &d, sizeof d);
	menu_free(m);
	free(path);
}
END_TEST

/* The same bytes from a buffer: what the fuzzer drives. */
START_TEST(test_buffer)
{
	static const char text[] = "menu m \"M\"\r\nrecipe a\ninclude ../b\nrecipe c/d.recipe";
	struct parse_result pr;
	char *err = NULL;

	ck_assert_int_eq(parse_buffer("mem", text, sizeof text - 1, &pr, &err), 0);
	ck_assert_ptr_null(pr.recipe);
	ck_assert_ptr_nonnull(pr.menu);
	ck_assert_uint_eq(pr.nrefs, 3);
	ck_assert_str_eq(pr.refs[0].target, "a");
	ck_assert(!pr.refs[0].include);
	ck_assert_str_eq(pr.refs[1].target, "../b");
	ck_assert(pr.refs[1].include);
	ck_assert_int_eq(pr.refs[1].line, 3);
	ck_assert_int_eq(pr.refs[1].col, 9);
	ck_assert_str_eq(pr.refs[2].target, "c/d.recipe");
	parse_result_free(&pr);

	/* Not NUL-terminated: the parser reads only len bytes. */
	ck_assert_int_eq(parse_buffer("mem", "recipe x \"X\"\nstep s work 1mXX",
	    27, &pr, &err), 0);
	ck_assert_int_eq(pr.recipe->steps[0].duration, MIN(1));
	parse_result_free(&pr);
}
END_TEST

/* ---- values --------------------------------------------------------------- */

START_TEST(test_durations)
{
	static const struct { const char *s; sched_ms ms; } ok[] = {
		{ "90s", SEC(90) }, { "18m", MIN(18) }, { "1h30m", MIN(90) },
		{ "1h2m3s", SEC(3723) }, { "24h", MIN(24 * 60) },
		{ "007m", MIN(7) }, { "1m0s", MIN(1) },
	};
	static const struct { const char *s, *msg; } bad[] = {
		{ "", "empty duration" },
		{ "18", "duration needs a unit (h, m or s): 18" },
		{ "0s", "duration must be more than zero: 0s" },
		{ "-1m", "negative duration: -1m" },
		{ "24h1s", "duration too long (at most 24h): 24h1s" },
		{ "1m1m", "bad duration '1m1m' (write it like 90s, 18m or 1h30m)" },
		{ "1d", "bad duration '1d' (write it like 90s, 18m or 1h30m)" },
		{ "m", "bad duration 'm' (write it like 90s, 18m or 1h30m)" },
		{ "5 m", "bad duration '5 m' (write it like 90s, 18m or 1h30m)" },
	};
	sched_ms ms;
	char *err;
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		ck_assert_int_eq(parse_duration(ok[i].s, &ms, &err), 0);
		ck_assert_int_eq(ms, ok[i].ms);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(parse_duration(bad[i].s, &ms, &err), -1);
		ck_assert_str_eq(err, bad[i].msg);
		free(err);
	}
}
END_TEST

START_TEST(test_temperatures)
{
	int f;
	char *err;

	ck_assert_int_eq(parse_temperature("350F", &f, &err), 0);
	ck_assert_int_eq(f, 350);
	ck_assert_int_eq(parse_temperature("425f", &f, &err), 0);
	ck_assert_int_eq(f, 425);
	ck_assert_int_eq(parse_temperature("175C", &f, &err), 0);
	ck_assert_int_eq(f, 347);
	ck_assert_int_eq(parse_temperature("999F", &f, &err), 0);
	ck_assert_int_eq(parse_temperature("1000F", &f, &err), -1);
	ck_assert_str_eq(err, "temperature out of range (1F to 999F): 1000F");
	free(err);
	ck_assert_int_eq(parse_temperature("350FF", &f, &err), -1);
	ck_assert_str_eq(err, "bad temperature '350FF' (write it like 350F or 175C)");
	free(err);
}
END_TEST

/* ---- esc.h ---------------------------------------------------------------- */

START_TEST(test_esc)
{
	char buf[64];
	char *e;

	e = esc_dup("a\033[2J\tb\\c\177\r\n", false);
	ck_assert_str_eq(e, "a\\x1b[2J\\x09b\\\\c\\x7f\\x0d\\x0a");
	free(e);
	/* C1 controls by code point, invalid bytes by value. */
	e = esc_dup("\302\205x\377\300\257", false);
	ck_assert_str_eq(e, "\\x85x\\xff\\xc0\\xaf");
	free(e);
	/* Printable UTF-8 passes, or becomes '?' in ASCII. */
	e = esc_dup("crème brûlée", false);
	ck_assert_str_eq(e, "crème brûlée");
	free(e);
	e = esc_dup("crème €", true);
	ck_assert_str_eq(e, "cr?me ?");
	free(e);
	/* Truncation keeps whole escapes and characters, returns the need. */
	ck_assert_uint_eq(esc_text(buf, 6, "ab\033cd", false), 8);
	ck_assert_str_eq(buf, "ab");
	ck_assert_uint_eq(esc_text(buf, 4, "aé", false), 3);
	ck_assert_str_eq(buf, "aé");
	ck_assert_uint_eq(esc_text(buf, 3, "aé", false), 3);
	ck_assert_str_eq(buf, "a");
	ck_assert_uint_eq(esc_text(NULL, 0, "x\033", false), 5);
	/* Bidi controls and invisible characters by code point, never raw;
	 * an odd space only in messages. */
	e = esc_dup("a\xe2\x80\xae" "b\xe2\x81\xa9", false);
	ck_assert_str_eq(e, "a U+202E b U+2069");
	free(e);
	e = esc_dup("\xef\xbb\xbfx\xc2\xa0y", false);
	ck_assert_str_eq(e, "U+FEFF x\xc2\xa0y");
	free(e);
	e = esc_msg_dup("x\xc2\xa0y");
	ck_assert_str_eq(e, "x U+00A0 y");
	free(e);
}
END_TEST

/* ---- the shipped data: the numbers the models and the story rely on ------ */

static struct menu *
shipped(const char *name)
{
	struct menu *m = NULL;
	char *err = NULL;

	ck_assert_msg(catalog_load_menu(datadir(), name, &m, &err) == 0, "%s",
	    err);
	return m;
}

START_TEST(test_shipped_menus)
{
	static const char *const menus[] = {
		"chicken-dinner", "dressing-race", "knife-and-board",
		"knife-and-board-ordered", "salmon-dinner", "stir-fry"
	};
	char **names;
	size_t n, i, j;
	char *err;

	/* Sorted, and holding at least these (other branches add more). */
	ck_assert_int_eq(catalog_menu_names(datadir(), &names, &n, &err), 0);
	ck_assert_uint_ge(n, sizeof menus / sizeof menus[0]);
	for (i = 0; i + 1 < n; i++)
		ck_assert_int_lt(strcmp(names[i], names[i + 1]), 0);
	for (i = 0; i < sizeof menus / sizeof menus[0]; i++) {
		for (j = 0; j < n && strcmp(names[j], menus[i]) != 0; j++)
			;
		ck_assert_msg(j < n, "no menu %s", menus[i]);
	}
	catalog_names_free(names, n);
	ck_assert_int_eq(catalog_recipe_names(datadir(), &names, &n, &err), 0);
	ck_assert_uint_ge(n, 12);
	catalog_names_free(names, n);
}
END_TEST

START_TEST(test_shipped_salmon_dinner)
{
	struct menu *m = shipped("salmon-dinner");
	const struct kitchen_spec *k = &m->kitchen;
	sched_ms alone = 0, longest = 0, t;
	size_t i;

	ck_assert_uint_eq(m->nrecipes, 3);
	ck_assert_str_eq(m->recipes[0]->name, "salmon");
	ck_assert_str_eq(m->recipes[1]->name, "rice");
	ck_assert_str_eq(m->recipes[2]->name, "beans");
	ck_assert_int_eq(k->cooks, 1);
	/* Salmon: preheat 350F from 70F at 25F/min (11.2 min), 2 + 3 min of
	 * work, 18 min in the oven. */
	ck_assert_int_eq(m->recipes[0]->steps[0].action, ACT_PREHEAT);
	ck_assert_int_eq(m->recipes[0]->steps[0].temp_f, 350);
	ck_assert_int_eq(m->recipes[0]->steps[3].action, ACT_USE);
	ck_assert_int_eq(m->recipes[0]->steps[3].duration, MIN(18));
	ck_assert_int_eq(recipe_work_total(m->recipes[0]), MIN(5));
	ck_assert_int_eq(recipe_alone_total(m->recipes[0], k), SEC(672) + MIN(23));
	/* Rice: 1 + 1 + 1 min of work, a 6 min boil, 20 min simmer, 5 rest. */
	ck_assert_int_eq(m->recipes[1]->steps[1].action, ACT_BOIL);
	ck_assert_int_eq(m->recipes[1]->steps[1].duration, 0);
	ck_assert_int_eq(recipe_work_total(m->recipes[1]), MIN(3));
	ck_assert_int_eq(recipe_alone_total(m->recipes[1], k), MIN(34));
	/* Beans: 1 min of work, 5 in the microwave. */
	ck_assert_int_eq(m->recipes[2]->steps[1].app, APP_MICROWAVE);
	ck_assert_int_eq(recipe_work_total(m->recipes[2]), MIN(1));
	ck_assert_int_eq(recipe_alone_total(m->recipes[2], k), MIN(6));
	/* The story: over an hour one after the other; switching at every
	 * wait can get no lower than the longest recipe, about half an hour. */
	for (i = 0; i < m->nrecipes; i++) {
		t = recipe_alone_total(m->recipes[i], k);
		alone += t;
		if (t > longest)
			longest = t;
	}
	ck_assert_int_gt(alone, MIN(60));
	ck_assert_int_ge(longest, MIN(28));
	ck_assert_int_le(longest, MIN(36));
	menu_free(m);
}
END_TEST

START_TEST(test_shipped_chicken_dinner)
{
	struct menu *m = shipped("chicken-dinner");
	const struct recipe *ch;

	ck_assert_uint_eq(m->nrecipes, 3);
	ck_assert_str_eq(m->recipes[0]->name, "salmon");
	ck_assert_str_eq(m->recipes[1]->name, "chicken");
	ck_assert_str_eq(m->recipes[2]->name, "rice");
	ch = m->recipes[1];
	ck_assert_int_eq(ch->steps[0].action, ACT_PREHEAT);
	ck_assert_int_eq(ch->steps[0].temp_f, 425);
	ck_assert_int_eq(ch->steps[2].action, ACT_USE);
	ck_assert_int_eq(ch->steps[2].app, APP_OVEN);
	ck_assert_int_eq(ch->steps[2].temp_f, 425);
	ck_assert_int_eq(ch->steps[2].duration, MIN(25));
	ck_assert_int_eq(recipe_work_total(ch), MIN(5));
	/* 355F to heat at 25F/min: 14.2 min. */
	ck_assert_int_eq(recipe_alone_total(ch, &m->kitchen), SEC(852) + MIN(30));
	/* Both want the one oven at temperatures further apart than the
	 * tolerance: that is the race. */
	ck_assert_int_gt(ch->steps[2].temp_f - m->recipes[0]->steps[3].temp_f,
	    m->kitchen.tolerance_f);
	menu_free(m);
}
END_TEST

START_TEST(test_shipped_stir_fry)
{
	struct menu *m = shipped("stir-fry");
	sched_ms work = 0, wait = 0, longest = 0, t;
	size_t i, j;

	ck_assert_uint_eq(m->nrecipes, 3);
	ck_assert_int_eq(m->kitchen.cooks, 2);
	ck_assert_int_eq(recipe_work_total(m->recipes[0]), MIN(16));
	ck_assert_int_eq(recipe_work_total(m->recipes[1]), MIN(10));
	ck_assert_int_eq(recipe_work_total(m->recipes[2]), MIN(9));
	for (i = 0; i < m->nrecipes; i++) {
		t = recipe_alone_total(m->recipes[i], &m->kitchen);
		work += recipe_work_total(m->recipes[i]);
		wait += t - recipe_work_total(m->recipes[i]);
		if (t > longest)
			longest = t;
		for (j = 0; j < m->recipes[i]->nsteps; j++)
			ck_assert(m->recipes[i]->steps[j].action == ACT_WORK ||
			    m->recipes[i]->steps[j].action == ACT_WAIT);
	}
	/* Heavy on work, light on waiting: one cook needs all the work time,
	 * two could nearly halve it (no recipe is longer than half). */
	ck_assert_int_ge(work, MIN(30));
	ck_assert_int_le(wait, MIN(5));
	ck_assert_int_le(longest, work / 2);
	menu_free(m);
}
END_TEST

/* A recipe's file asked for by name is a menu of that one recipe. */
START_TEST(test_recipe_as_menu)
{
	struct menu *m = shipped("beans");

	ck_assert_str_eq(m->name, "beans");
	ck_assert_uint_eq(m->nrecipes, 1);
	ck_assert_str_eq(m->recipes[0]->title, "Steam-in-bag green beans");
	menu_free(m);
}
END_TEST

/* dressing-race: one jar of 8 tbsp, two recipes that take 2 tbsp each in a
 * step of work; a recipe cooked alone gets a jar holding what it takes. */
START_TEST(test_shipped_dressing_race)
{
	struct menu *m = shipped("dressing-race"), *one;
	const struct step *st;
	char *err = NULL, *path;
	size_t i, j, takes = 0;

	ck_assert_uint_eq(m->nrecipes, 2);
	ck_assert_uint_eq(m->njars, 1);
	ck_assert_str_eq(m->jars[0].name, "dressing");
	ck_assert_int_eq(m->jars[0].tbsp, 8);
	for (i = 0; i < m->nrecipes; i++)
		for (j = 0; j < m->recipes[i]->nsteps; j++) {
			st = &m->recipes[i]->steps[j];
			if (st->jar == NULL) {
				ck_assert_int_eq(st->jar_index, -1);
				continue;
			}
			ck_assert_int_eq(st->action, ACT_WORK);
			ck_assert_int_eq(st->jar_index, 0);
			ck_assert_int_eq(st->take_tbsp, 2);
			takes++;
		}
	ck_assert_uint_eq(takes, 2);
	menu_free(m);

	ck_assert_int_ge(asprintf(&path, "%s/green-salad.recipe", datadir()), 0);
	ck_assert_msg(catalog_load_file(path, &one, &err) == 0, "%s", err);
	ck_assert_uint_eq(one->njars, 1);
	ck_assert_str_eq(one->jars[0].name, "dressing");
	ck_assert_int_eq(one->jars[0].tbsp, 2);
	ck_assert_int_eq(one->recipes[0]->steps[1].jar_index, 0);
	menu_free(one);
	free(path);
}
END_TEST

/* A take with every field; the jar line of a menu. */
START_TEST(test_jar_fields)
{
	static const char rtext[] = "recipe r \"R\"\n"
	    "step \"Spoon\" work 90s from dressing 3tbsp\n";
	static const char mtext[] = "menu m \"M\"\nrecipe r\n"
	    "jar dressing 12tbsp\njar oil 1tbsp\n";
	struct parse_result pr;
	char *err = NULL;

	ck_assert_int_eq(parse_buffer("r.recipe", rtext, sizeof rtext - 1, &pr,
	    &err), 0);
	ck_assert_str_eq(pr.recipe->steps[0].jar, "dressing");
	ck_assert_int_eq(pr.recipe->steps[0].take_tbsp, 3);
	ck_assert_int_eq(pr.recipe->steps[0].jar_col, 28);
	ck_assert_int_eq(pr.recipe->steps[0].duration, SEC(90));
	parse_result_free(&pr);
	ck_assert_int_eq(parse_buffer("m.menu", mtext, sizeof mtext - 1, &pr,
	    &err), 0);
	ck_assert_uint_eq(pr.menu->njars, 2);
	ck_assert_str_eq(pr.menu->jars[1].name, "oil");
	ck_assert_int_eq(pr.menu->jars[0].tbsp, 12);
	ck_assert_int_eq(pr.menu->jars[1].line, 4);
	parse_result_free(&pr);
}
END_TEST

START_TEST(test_unknown_menu)
{
	struct menu *m = NULL;
	char *err = NULL, *want;

	ck_assert_int_eq(catalog_load_menu(datadir(), "no-such-dinner", &m, &err), -1);
	ck_assert_int_ge(asprintf(&want, "no-such-dinner: no menu or recipe of "
	    "that name on the search path (%s", datadir()), 0);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
	free(want);
	free(err);
	ck_assert_int_eq(catalog_load_menu(datadir(), "x\033[1m", &m, &err), -1);
	ck_assert_str_eq(err, "x\\x1b[1m: not a menu name (letters, digits, '-' "
	    "and '_') nor a path");
	free(err);
}
END_TEST

static void
restore_env(const char *name, char *old)
{
	if (old != NULL)
		setenv(name, old, 1);
	else
		unsetenv(name);
	free(old);
}

static char *
save_env(const char *name)
{
	return getenv(name) ? strdup(getenv(name)) : NULL;
}

/* The search path: each --data-dir, $KITCHEN_TUI_DATA, the user's own
 * ($XDG_DATA_HOME/kitchen-tui, else ~/.local/share/kitchen-tui), the
 * shipped data (this test binary is not src/kitchen-tui: the installed
 * directory). */
START_TEST(test_data_dir_order)
{
	char *old = save_env("KITCHEN_TUI_DATA"), *oxdg = save_env("XDG_DATA_HOME");
	char *ohome = save_env("HOME");
	struct catalog_path p;

	ck_assert_int_eq(setenv("KITCHEN_TUI_DATA", "/from/env", 1), 0);
	ck_assert_int_eq(setenv("XDG_DATA_HOME", "/xdg", 1), 0);
	ck_assert_str_eq(catalog_data_dir("/from/option"), "/from/option");
	ck_assert_str_eq(catalog_data_dir(NULL), "/from/env");
	catalog_path_get(&p);
	ck_assert_uint_eq(p.n, 3);
	ck_assert_str_eq(p.dir[0], "/from/env");
	ck_assert_str_eq(p.dir[1], "/xdg/kitchen-tui");
	ck_assert_str_eq(p.dir[2], KT_PKGDATADIR);
	ck_assert_int_eq(p.origin[2], CATALOG_SHIPPED);
	ck_assert_int_eq(unsetenv("KITCHEN_TUI_DATA"), 0);
	ck_assert_int_eq(unsetenv("XDG_DATA_HOME"), 0);
	ck_assert_int_eq(setenv("HOME", "/home/cook", 1), 0);
	ck_assert_str_eq(catalog_data_dir(NULL), "/home/cook/.local/share/kitchen-tui");
	/* A relative $XDG_DATA_HOME is ignored, as the XDG rules say. */
	ck_assert_int_eq(setenv("XDG_DATA_HOME", "rel", 1), 0);
	ck_assert_str_eq(catalog_data_dir(NULL), "/home/cook/.local/share/kitchen-tui");
	restore_env("KITCHEN_TUI_DATA", old);
	restore_env("XDG_DATA_HOME", oxdg);
	restore_env("HOME", ohome);
}
END_TEST

/* A user's menu in its own directory names a shipped recipe and one of
 * its own; its own rice wins over the shipped one; a menu read from
 * standard input finds names along the path. */
START_TEST(test_search_path)
{
	char *oxdg = save_env("XDG_DATA_HOME"), *own, *err = NULL, *got;
	struct menu *m = NULL;
	int fd, saved;

	ck_assert_int_ge(asprintf(&own, "%s/kitchen-tui", tmpdir), 0);
	ck_assert_int_eq(mkdir(own, 0700), 0);
	ck_assert_int_eq(setenv("XDG_DATA_HOME", tmpdir, 1), 0);
	if (getenv("KITCHEN_TUI_DATA") == NULL)
		setenv("KITCHEN_TUI_DATA", datadir(), 1);
	free(tmp_str("kitchen-tui/mine.menu", "menu mine \"Mine\"\nrecipe salmon\nrecipe rice\n"));
	free(tmp_str("kitchen-tui/rice.recipe", "recipe rice \"My rice\"\nstep \"Cook\" work 2m\n"));
	ck_assert_msg(catalog_load_menu(NULL, "mine", &m, &err) == 0, "%s", err);
	ck_assert_uint_eq(m->nrecipes, 2);
	ck_assert_str_eq(m->recipes[0]->title,
	    "Salmon filets with orange-ginger dressing");
	ck_assert_str_eq(m->recipes[1]->title, "My rice");
	menu_free(m);
	/* "-": standard input. */
	free(tmp_str("in.menu", "menu piped \"P\"\nrecipe beans\n"));
	ck_assert_int_ge(asprintf(&got, "%s/in.menu", tmpdir), 0);
	fd = open(got, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	saved = dup(0);
	ck_assert_int_eq(dup2(fd, 0), 0);
	close(fd);
	ck_assert_msg(catalog_load_menu(NULL, "-", &m, &err) == 0, "%s", err);
	dup2(saved, 0);
	close(saved);
	ck_assert_str_eq(m->path, CATALOG_STDIN);
	ck_assert_str_eq(m->recipes[0]->name, "beans");
	menu_free(m);
	free(got);
	restore_env("XDG_DATA_HOME", oxdg);
	free(own);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("bad");
	tcase_add_loop_test(tc, test_bad_file, 0,
	    (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, test_bad_named_here);
	suite_add_tcase(s, tc);

	tc = tcase_create("generated");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_dev_zero);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_device_refs);
	tcase_add_test(tc, test_not_ours);
	tcase_add_test(tc, test_include_depth);
	tcase_add_test(tc, test_search_path);
	tcase_add_test(tc, test_directory);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_unreadable);
	tcase_add_loop_test(tc, test_random_bytes, 0, 16);
	tcase_add_test(tc, test_escape_in_path);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("good");
	tcase_add_test(tc, test_good_everything);
	tcase_add_test(tc, test_good_line_ends);
	tcase_add_test(tc, test_good_celsius);
	tcase_add_test(tc, test_good_escapes);
	tcase_add_test(tc, test_good_menu);
	tcase_add_test(tc, test_good_defaults);
	tcase_add_test(tc, test_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, test_durations);
	tcase_add_test(tc, test_temperatures);
	tcase_add_test(tc, test_esc);
	suite_add_tcase(s, tc);

	tc = tcase_create("shipped");
	tcase_add_test(tc, test_shipped_menus);
	tcase_add_test(tc, test_shipped_salmon_dinner);
	tcase_add_test(tc, test_shipped_chicken_dinner);
	tcase_add_test(tc, test_shipped_stir_fry);
	tcase_add_test(tc, test_shipped_dressing_race);
	tcase_add_test(tc, test_jar_fields);
	tcase_add_test(tc, test_recipe_as_menu);
	tcase_add_test(tc, test_unknown_menu);
	tcase_add_test(tc, test_data_dir_order);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
