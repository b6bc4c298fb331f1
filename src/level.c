/* SPDX-License-Identifier: ISC */
/*
 * level.c - the level file reader.  The format is described in
 * kitchen-level(5); keep the two in agreement.
 *
 * The same three passes per line as parse.c: check the bytes (no NUL,
 * valid UTF-8, not too long), split into fields, read the directive.  The
 * first error stops it.  The first two are parse-line.c's, shared with
 * recipes and lessons, and messages go through parse.c's one formatter
 * (parse_errorf), so a level error reads exactly like a recipe error.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "level.h"
#include "parse.h"

#define LEVEL_SHOW              64

/* Directives that may appear once. */
enum level_once {
	ONCE_MENU, ONCE_MODEL, ONCE_COOKS, ONCE_GIL, ONCE_LOCKS, ONCE_SEED,
	ONCE_GOAL, ONCE_HINT, ONCE_STARS, ONCE_COUNT
};
static const char *const once_names[ONCE_COUNT] = {
	"menu", "model", "cooks", "gil", "locks", "seed", "goal", "hint", "stars"
};

struct level_ctx {
	const char *path;
	char **err;
	int line;
	const char *l;
	size_t llen;
	char scratch[PARSE_LINE_SCRATCH];      /* the fields' text */
	struct parse_field f[PARSE_MAX_FIELDS];
	int nf;
	int head_line;          /* the level line, 0 before it */
	int once_line[ONCE_COUNT];
	int goal_col;
	struct level *lv;
};

static const char *const goal_names[GOAL_COUNT] = {
	"shortest", "within", "ruin", "lose-update", "deadlock"
};

const char *
level_goal_name(enum level_goal g)
{
	return g < GOAL_COUNT ? goal_names[g] : "?";
}

bool
level_goal_breaks(enum level_goal g)
{
	return g == GOAL_RUIN || g == GOAL_LOSE_UPDATE || g == GOAL_DEADLOCK;
}

int
level_stars(const struct level *lv, int score)
{
	int i;

	for (i = 0; i < LEVEL_STARS; i++)
		if (score >= lv->stars[i])
			return LEVEL_STARS - i;
	return 0;
}

void
level_free(struct level *lv)
{
	size_t i;

	if (lv == NULL)
		return;
	free(lv->name);
	free(lv->title);
	free(lv->path);
	free(lv->menu);
	for (i = 0; i < lv->nintro; i++)
		free(lv->intro[i]);
	free(lv->hint);
	free(lv);
}

/* ---- messages ------------------------------------------------------------ */

static int
lerr(struct level_ctx *c, int col, const char *fmt, ...)
	KT_PRINTF(3, 4);
static int
lerr(struct level_ctx *c, int col, const char *fmt, ...)
{
	va_list ap;
	char msg[PARSE_MAX_LINE];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	*c->err = parse_errorf(c->path, c->line, col, "%s", msg);
	return -1;
}

/* File text escaped for a message, cut short with "...". */
static const char *
lshow(char *buf, size_t sz, const char *s)
{
	if (esc_text(buf, sz - 3, s, false) >= sz - 3)
		strcat(buf, "...");
	return buf;
}

static int
lcol(const struct level_ctx *c, size_t off)
{
	return parse_line_col(c->l, c->llen, off);
}

/* ---- lines and fields: the rules of kitchen-recipe(5) -------------------- */

/* Check the current line and split it into fields (parse-line.c). */
static int
level_fields(struct level_ctx *c)
{
	struct parse_lex_err e;

	if (parse_line_fields(c->l, c->llen, c->scratch, c->f,
			      PARSE_MAX_FIELDS, &c->nf, &e) != 0)
		return lerr(c, e.col, "%s", e.msg);
	return 0;
}

/* ---- directives ---------------------------------------------------------- */

static int
want(struct level_ctx *c, int min, int max, const char *usage)
{
	char show[LEVEL_SHOW + 4];

	if (c->nf < min)
		return lerr(c, lcol(c, c->llen), "missing field: %s", usage);
	if (c->nf > max)
		return lerr(c, c->f[max].col, "extra field '%s': %s",
		    lshow(show, sizeof show, c->f[max].v), usage);
	return 0;
}

static int
once(struct level_ctx *c, enum level_once o)
{
	if (c->once_line[o] != 0)
		return lerr(c, c->f[0].col, "a second '%s' line (already at "
		    "line %d)", once_names[o], c->once_line[o]);
	c->once_line[o] = c->line;
	return 0;
}

static int
dup_into(struct level_ctx *c, char **dst, const char *s)
{
	if ((*dst = strdup(s)) == NULL) {
		*c->err = NULL;
		return -1;
	}
	return 0;
}

/* A whole number lo..hi in field i. */
static int
field_number(struct level_ctx *c, int i, const char *what, long lo, long hi,
	     long *out)
{
	char show[LEVEL_SHOW + 4], *end;
	const char *s = c->f[i].v;
	long v;

	if (*s == '-')
		return lerr(c, c->f[i].col, "negative %s: %s", what,
		    lshow(show, sizeof show, s));
	if (*s < '0' || *s > '9' || strlen(s) > 9)
		goto bad;
	v = strtol(s, &end, 10);
	if (*end != '\0')
		goto bad;
	if (v < lo || v > hi)
		return lerr(c, c->f[i].col, "%s out of range (%ld to %ld): %s",
		    what, lo, hi, lshow(show, sizeof show, s));
	*out = v;
	return 0;
bad:
	return lerr(c, c->f[i].col, "bad %s '%s' (a whole number)", what,
	    lshow(show, sizeof show, s));
}

static int
field_onoff(struct level_ctx *c, int i, bool *out)
{
	char show[LEVEL_SHOW + 4];

	if (strcmp(c->f[i].v, "on") == 0)
		*out = true;
	else if (strcmp(c->f[i].v, "off") == 0)
		*out = false;
	else
		return lerr(c, c->f[i].col, "expected on or off, not '%s'",
		    lshow(show, sizeof show, c->f[i].v));
	return 0;
}

/* A line of words for the student: not empty, not too long. */
static int
field_text(struct level_ctx *c, int i, const char *what, char **dst)
{
	if (c->f[i].v[0] == '\0')
		return lerr(c, c->f[i].col, "empty %s", what);
	if (strlen(c->f[i].v) > LEVEL_MAX_TEXT)
		return lerr(c, c->f[i].col, "%s longer than %d bytes (split it "
		    "into several lines)", what, LEVEL_MAX_TEXT);
	return dup_into(c, dst, c->f[i].v);
}

static int
level_head(struct level_ctx *c)
{
	char show[LEVEL_SHOW + 4];

	if (want(c, 3, 3, "level NAME \"TITLE\"") != 0)
		return -1;
	if (!parse_is_name(c->f[1].v))
		return lerr(c, c->f[1].col, "bad name '%s' (letters, digits, "
		    "'-' and '_', at most %d)",
		    lshow(show, sizeof show, c->f[1].v), PARSE_MAX_NAME);
	if (c->f[2].v[0] == '\0')
		return lerr(c, c->f[2].col, "empty title");
	c->head_line = c->line;
	return dup_into(c, &c->lv->name, c->f[1].v) ||
	    dup_into(c, &c->lv->title, c->f[2].v);
}

static int
level_goal(struct level_ctx *c)
{
	struct level *lv = c->lv;
	char show[LEVEL_SHOW + 4], *msg;
	int g;

	if (c->nf < 2)
		return lerr(c, lcol(c, c->llen), "missing field: goal shortest | "
		    "within DURATION | ruin | lose-update | deadlock");
	if (once(c, ONCE_GOAL) != 0)
		return -1;
	for (g = 0; g < GOAL_COUNT; g++)
		if (strcmp(c->f[1].v, goal_names[g]) == 0)
			break;
	if (g == GOAL_COUNT)
		return lerr(c, c->f[1].col, "unknown goal '%s' (shortest, within, "
		    "ruin, lose-update or deadlock)",
		    lshow(show, sizeof show, c->f[1].v));
	lv->goal = (enum level_goal)g;
	c->goal_col = c->f[1].col;
	if (g != GOAL_WITHIN)
		return want(c, 2, 2, "goal GOAL");
	if (want(c, 3, 3, "goal within DURATION") != 0)
		return -1;
	if (parse_duration(c->f[2].v, &lv->within, &msg) != 0) {
		if (msg == NULL) {
			*c->err = NULL;
			return -1;
		}
		lerr(c, c->f[2].col, "%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int
level_stars_line(struct level_ctx *c)
{
	long v;
	int i;

	if (want(c, 4, 4, "stars THREE TWO ONE (the least score for each)") ||
	    once(c, ONCE_STARS))
		return -1;
	for (i = 0; i < LEVEL_STARS; i++) {
		if (field_number(c, i + 1, "star score", 1, 100, &v) != 0)
			return -1;
		if (i > 0 && v > c->lv->stars[i - 1])
			return lerr(c, c->f[i + 1].col, "%d stars cannot need more "
			    "than %d stars (%ld > %d)", LEVEL_STARS - i,
			    LEVEL_STARS - i + 1, v, c->lv->stars[i - 1]);
		c->lv->stars[i] = (int)v;
	}
	return 0;
}

static int
level_directive(struct level_ctx *c)
{
	struct level *lv = c->lv;
	const char *d = c->f[0].v;
	char show[LEVEL_SHOW + 4];
	long v;
	int m;

	if (strcmp(d, "menu") == 0) {
		if (want(c, 2, 2, "menu MENU") || once(c, ONCE_MENU))
			return -1;
		if (c->f[1].v[0] == '\0')
			return lerr(c, c->f[1].col, "empty menu name");
		lv->menu_line = c->line;
		lv->menu_col = c->f[1].col;
		return dup_into(c, &lv->menu, c->f[1].v);
	}
	if (strcmp(d, "model") == 0) {
		if (want(c, 2, 2, "model MODEL") || once(c, ONCE_MODEL))
			return -1;
		/* Names only: the digit keys model_by_name also takes are
		 * a screen shortcut, not something to write in a file. */
		m = model_by_name(c->f[1].v);
		if (m < 0 || (c->f[1].v[0] >= '0' && c->f[1].v[0] <= '9'))
			return lerr(c, c->f[1].col, "unknown model '%s' (%s)",
			    lshow(show, sizeof show, c->f[1].v), model_names());
		lv->run.model = (enum model_id)m;
		return 0;
	}
	if (strcmp(d, "cooks") == 0) {
		if (want(c, 2, 2, "cooks N") || once(c, ONCE_COOKS) ||
		    field_number(c, 1, "cooks", 1, 64, &v))
			return -1;
		lv->run.cooks = (int)v;
		return 0;
	}
	if (strcmp(d, "gil") == 0)
		return want(c, 2, 2, "gil on|off") || once(c, ONCE_GIL) ||
		    field_onoff(c, 1, &lv->run.gil);
	if (strcmp(d, "locks") == 0)
		return want(c, 2, 2, "locks on|off") || once(c, ONCE_LOCKS) ||
		    field_onoff(c, 1, &lv->run.locks);
	if (strcmp(d, "seed") == 0) {
		if (want(c, 2, 2, "seed N") || once(c, ONCE_SEED) ||
		    field_number(c, 1, "seed", 0, 999999999, &v))
			return -1;
		lv->run.seed = (uint64_t)v;
		return 0;
	}
	if (strcmp(d, "goal") == 0)
		return level_goal(c);
	if (strcmp(d, "intro") == 0) {
		if (want(c, 2, 2, "intro \"TEXT\""))
			return -1;
		if (lv->nintro == LEVEL_MAX_INTRO)
			return lerr(c, c->f[0].col, "too many intro lines (at "
			    "most %d)", LEVEL_MAX_INTRO);
		if (field_text(c, 1, "intro", &lv->intro[lv->nintro]) != 0)
			return -1;
		lv->nintro++;
		return 0;
	}
	if (strcmp(d, "hint") == 0)
		return want(c, 2, 2, "hint \"TEXT\"") || once(c, ONCE_HINT) ||
		    field_text(c, 1, "hint", &lv->hint);
	if (strcmp(d, "stars") == 0)
		return level_stars_line(c);
	if (strcmp(d, "level") == 0)
		return lerr(c, c->f[0].col, "a second 'level' line (the level "
		    "starts at line %d; one level per file)", c->head_line);
	if (strcmp(d, "recipe") == 0 || strcmp(d, "step") == 0 ||
	    strcmp(d, "include") == 0)
		return lerr(c, c->f[0].col, "'%s' in a level file (a level "
		    "names a menu with 'menu MENU')", d);
	return lerr(c, c->f[0].col, "unknown directive '%s'",
	    lshow(show, sizeof show, d));
}

static int
level_line(struct level_ctx *c)
{
	char show[LEVEL_SHOW + 4];

	if (level_fields(c) != 0)
		return -1;
	if (c->nf == 0)
		return 0;
	if (c->head_line == 0) {
		if (strcmp(c->f[0].v, "level") == 0)
			return level_head(c);
		return lerr(c, c->f[0].col, "expected a 'level' line first, not "
		    "'%s'", lshow(show, sizeof show, c->f[0].v));
	}
	return level_directive(c);
}

/* What a whole file must have, checked after its last line. */
static int
level_complete(struct level_ctx *c)
{
	struct level *lv = c->lv;

	c->l = "";
	c->llen = 0;
	if (c->head_line == 0) {
		c->line = 1;
		return lerr(c, 1, "no 'level' line: not a level file");
	}
	c->line = c->head_line;
	if (lv->menu == NULL)
		return lerr(c, 1, "level names no menu (add 'menu MENU')");
	if (lv->nintro == 0)
		return lerr(c, 1, "level has no introduction (add 'intro "
		    "\"TEXT\"' lines)");
	if (lv->hint == NULL)
		return lerr(c, 1, "level has no hint (add 'hint \"TEXT\"')");
	if (level_goal_breaks(lv->goal) && lv->run.model == MODEL_SEQUENTIAL) {
		c->line = c->once_line[ONCE_GOAL];
		return lerr(c, c->goal_col, "goal '%s' cannot be reached under "
		    "sequential: nothing ever switches (use threads or "
		    "coroutines)", level_goal_name(lv->goal));
	}
	return 0;
}

int
level_parse_buffer(const char *path, const char *buf, size_t len,
		   struct level **out, char **err)
{
	struct level_ctx *c;
	struct parse_lex_err e;
	struct parse_lines it;
	int rc = 0;

	*out = NULL;
	*err = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return -1;
	if ((c->lv = calloc(1, sizeof *c->lv)) == NULL ||
	    (c->lv->path = strdup(path)) == NULL) {
		rc = -1;
		goto done;
	}
	run_opts_default(&c->lv->run);
	c->lv->run.cooks = 0;
	c->lv->stars[0] = 100;
	c->lv->stars[1] = 90;
	c->lv->stars[2] = 75;
	c->path = path;
	c->err = err;
	c->line = 1;
	if (parse_lines_start(&it, buf, len, &e) != 0) {
		rc = lerr(c, e.col, "%s", e.msg);
		goto done;
	}
	for (; parse_lines_next(&it, &c->l, &c->llen); c->line++)
		if ((rc = level_line(c)) != 0)
			goto done;
	rc = level_complete(c);
done:
	if (rc == 0)
		*out = c->lv;
	else
		level_free(c->lv);
	free(c);
	return rc;
}

int
level_parse_file(const char *path, struct level **out, char **err)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (parse_read_file(path, &buf, &len, err) != 0)
		return -1;
	rc = level_parse_buffer(path, buf, len, out, err);
	free(buf);
	return rc;
}
