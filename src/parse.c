/* SPDX-License-Identifier: ISC */
/*
 * parse.c - the recipe and menu file reader.  The format is described in
 * kitchen-recipe(5); keep the two in agreement.
 *
 * The reader works line by line on a buffer: it first checks the bytes of
 * a line (no NUL, valid UTF-8, not too long), then splits it into fields
 * (bare words and "quoted text"), then reads the directive.  The first
 * error stops it: one clear message beats a cascade.  Nothing here prints,
 * exits or reads anything but the one file it is given.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esc.h"
#include "parse.h"

#define PARSE_SHOW              64      /* bytes of file text quoted in a message */

enum parse_kind { KIND_NONE, KIND_RECIPE, KIND_MENU };

/* Kitchen settings a menu may make once each. */
enum parse_setting {
	SET_SHEETS, SET_HEAT, SET_COOL, SET_TOLERANCE, SET_BURNERS, SET_BOIL,
	SET_MICROWAVES, SET_ROOM, SET_COOKS, SET_GRACE,
	SET_UTENSIL,    /* + enum utensil */
	SET_COUNT = SET_UTENSIL + UT_COUNT
};

struct parse_ctx {
	const char *path;
	char **err;
	int line;               /* current line number */
	const char *l;          /* current line, raw */
	size_t llen;
	char scratch[PARSE_LINE_SCRATCH];      /* the fields' text */
	struct parse_field f[PARSE_MAX_FIELDS];
	int nf;

	enum parse_kind kind;
	int head_line;          /* the recipe or menu line */
	size_t capsteps, caprefs;
	int open_boils;         /* boils not yet followed by a simmer */
	int last_boil_line;
	int take_line[UT_COUNT];        /* utensils: line of the open take */
	int set_line[SET_COUNT];        /* line each setting was made, 0 never */
	struct parse_result *res;
};

/* ---- messages ------------------------------------------------------------ */

static char *
parse_vformat(const char *fmt, va_list ap) KT_PRINTF(1, 0);
static char *
parse_vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s != NULL)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
parse_format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = parse_vformat(fmt, ap);
	va_end(ap);
	return s;
}

char *
parse_errorf(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg, *epath, *s;

	va_start(ap, fmt);
	msg = parse_vformat(fmt, ap);
	va_end(ap);
	epath = esc_msg_dup(path);
	if (msg == NULL || epath == NULL) {
		free(msg);
		free(epath);
		return NULL;
	}
	s = parse_format("%s:%d:%d: %s", epath, line, col, msg);
	free(msg);
	free(epath);
	return s;
}

char *
parse_path_error(const char *path, const char *why)
{
	char *epath = esc_msg_dup(path), *s;

	if (epath == NULL)
		return NULL;
	s = parse_format("%s: %s", epath, why);
	free(epath);
	return s;
}

/* File text escaped for a message, cut short with "..." (sz >= 8). */
static const char *
parse_show(char *buf, size_t sz, const char *s)
{
	if (esc_msg(buf, sz - 3, s) >= sz - 3)
		strcat(buf, "...");
	return buf;
}

static int
perr(struct parse_ctx *c, int col, const char *fmt, ...)
	KT_PRINTF(3, 4);
static int
perr(struct parse_ctx *c, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = parse_vformat(fmt, ap);
	va_end(ap);
	*c->err = msg == NULL ? NULL :
	    parse_errorf(c->path, c->line, col, "%s", msg);
	free(msg);
	return -1;
}

/* The column just after the last field, where a missing one would go. */
static int
parse_end_col(const struct parse_ctx *c)
{
	return parse_line_col(c->l, c->llen, c->llen);
}

/* ---- values -------------------------------------------------------------- */

/* Digits only, no sign, into *v (capped at a billion).  Returns the bytes
 * read, 0 if there is no digit; *big set when the cap was passed. */
static size_t
parse_digits(const char *s, long long *v, bool *big)
{
	size_t i = 0;

	*v = 0;
	*big = false;
	while (s[i] >= '0' && s[i] <= '9') {
		if (*v > 1000000000LL)
			*big = true;
		else
			*v = *v * 10 + (s[i] - '0');
		i++;
	}
	return i;
}

int
parse_duration(const char *s, sched_ms *out, char **err)
{
	static const char units[] = "hms";
	static const sched_ms unit_ms[] = { 3600000, 60000, 1000 };
	char show[PARSE_SHOW + 4];
	const char *p = s, *u;
	size_t n, next_unit = 0;
	long long v;
	sched_ms total = 0;
	bool big, too_long = false;

	*out = 0;
	*err = NULL;
	parse_show(show, sizeof show, s);
	if (*s == '\0') {
		*err = parse_format("empty duration");
		return -1;
	}
	if (*s == '-') {
		*err = parse_format("negative duration: %s", show);
		return -1;
	}
	while (*p != '\0') {
		n = parse_digits(p, &v, &big);
		if (n == 0)
			goto bad;
		p += n;
		if (*p == '\0') {
			*err = parse_format("duration needs a unit (h, m or s): %s",
			    show);
			return -1;
		}
		u = strchr(units, *p);
		if (u == NULL || (size_t)(u - units) < next_unit)
			goto bad;       /* unknown unit, or out of h-m-s order */
		next_unit = (size_t)(u - units) + 1;
		if (big || v > PARSE_MAX_DURATION / unit_ms[u - units])
			too_long = true;
		else
			total += v * unit_ms[u - units];
		p++;
	}
	if (too_long || total > PARSE_MAX_DURATION) {
		*err = parse_format("duration too long (at most 24h): %s", show);
		return -1;
	}
	if (total == 0) {
		*err = parse_format("duration must be more than zero: %s", show);
		return -1;
	}
	*out = total;
	return 0;
bad:
	*err = parse_format("bad duration '%s' (write it like 90s, 18m or 1h30m)",
	    show);
	return -1;
}

/* A number with a unit F or C (either case), then `tail` ("" or "/min").
 * Absolute temperatures convert C with the +32 offset, differences and
 * rates without.  0 or -1 with *err. */
static int
parse_degrees(const char *s, const char *what, const char *tail,
	      bool absolute, long long lo, long long hi, int *out, char **err)
{
	char show[PARSE_SHOW + 4];
	const char *p = s;
	long long v;
	size_t n;
	bool big, celsius;

	*out = 0;
	*err = NULL;
	parse_show(show, sizeof show, s);
	if (*p == '-') {
		*err = parse_format("negative %s: %s", what, show);
		return -1;
	}
	n = parse_digits(p, &v, &big);
	if (n == 0)
		goto bad;
	p += n;
	if (*p == '\0' || (*p == '/' && *tail != '\0')) {
		*err = parse_format("%s needs a unit (F or C): %s", what, show);
		return -1;
	}
	if (*p == 'F' || *p == 'f')
		celsius = false;
	else if (*p == 'C' || *p == 'c')
		celsius = true;
	else
		goto bad;
	if (strcmp(p + 1, tail) != 0)
		goto bad;
	if (celsius && !big)
		v = (v * 18 + 5) / 10 + (absolute ? 32 : 0);
	if (big || v < lo || v > hi) {
		*err = parse_format("%s out of range (%lldF to %lldF%s): %s",
		    what, lo, hi, tail, show);
		return -1;
	}
	*out = (int)v;
	return 0;
bad:
	*err = parse_format("bad %s '%s' (write it like %s%s)", what, show,
	    absolute ? "350F or 175C" : "15F", tail);
	return -1;
}

int
parse_temperature(const char *s, int *out_f, char **err)
{
	return parse_degrees(s, "temperature", "", true, PARSE_MIN_TEMP_F,
	    PARSE_MAX_TEMP_F, out_f, err);
}

bool
parse_is_name(const char *s)
{
	size_t i;

	if (s[0] == '\0' || s[0] == '-')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= PARSE_MAX_NAME)
			return false;
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	}
	return true;
}

/* Wrap a positionless message from parse_duration and friends. */
static int
perr_value(struct parse_ctx *c, int col, char *msg)
{
	if (msg == NULL) {
		*c->err = NULL;
		return -1;
	}
	perr(c, col, "%s", msg);
	free(msg);
	return -1;
}

static int
field_duration(struct parse_ctx *c, int i, sched_ms *out)
{
	char *msg;

	if (parse_duration(c->f[i].v, out, &msg) != 0)
		return perr_value(c, c->f[i].col, msg);
	return 0;
}

static int
field_temperature(struct parse_ctx *c, int i, int *out)
{
	char *msg;

	if (parse_temperature(c->f[i].v, out, &msg) != 0)
		return perr_value(c, c->f[i].col, msg);
	return 0;
}

/* A whole number lo..hi. */
static int
value_count(struct parse_ctx *c, const char *s, int col, const char *what,
	    long long lo, long long hi, int *out)
{
	char show[PARSE_SHOW + 4];
	long long v;
	bool big;
	size_t n;

	parse_show(show, sizeof show, s);
	if (*s == '-')
		return perr(c, col, "negative %s: %s", what, show);
	n = parse_digits(s, &v, &big);
	if (n == 0 || s[n] != '\0')
		return perr(c, col, "bad %s '%s' (a whole number)", what, show);
	if (big || v < lo || v > hi)
		return perr(c, col, "%s out of range (%lld to %lld): %s", what, lo,
		    hi, show);
	*out = (int)v;
	return 0;
}

/* ---- lines and fields ---------------------------------------------------- */

/* Check the current line and split it into fields (parse-line.c). */
static int
parse_fields(struct parse_ctx *c)
{
	struct parse_lex_err e;

	if (parse_line_fields(c->l, c->llen, c->scratch, c->f,
			      PARSE_MAX_FIELDS, &c->nf, &e) != 0)
		return perr(c, e.col, "%s", e.msg);
	return 0;
}

/* ---- directives ---------------------------------------------------------- */

static int
want_fields(struct parse_ctx *c, int min, int max, const char *usage)
{
	char show[PARSE_SHOW + 4];

	if (c->nf < min)
		return perr(c, parse_end_col(c), "missing field: %s", usage);
	if (c->nf > max)
		return perr(c, c->f[max].col, "extra field '%s': %s",
		    parse_show(show, sizeof show, c->f[max].v), usage);
	return 0;
}

static char *
xstrdup(struct parse_ctx *c, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		*c->err = NULL;
	return d;
}

static int
parse_name_title(struct parse_ctx *c, const char *usage, char **name,
		 char **title)
{
	char show[PARSE_SHOW + 4];

	if (want_fields(c, 3, 3, usage) != 0)
		return -1;
	if (!parse_is_name(c->f[1].v))
		return perr(c, c->f[1].col, "bad name '%s' (letters, digits, "
		    "'-' and '_', at most %d)",
		    parse_show(show, sizeof show, c->f[1].v), PARSE_MAX_NAME);
	if (c->f[2].v[0] == '\0')
		return perr(c, c->f[2].col, "empty title");
	c->head_line = c->line;
	if ((*name = xstrdup(c, c->f[1].v)) == NULL ||
	    (*title = xstrdup(c, c->f[2].v)) == NULL)
		return -1;
	return 0;
}

static int
parse_head(struct parse_ctx *c, bool menu)
{
	struct parse_result *r = c->res;

	if (menu) {
		if ((r->menu = calloc(1, sizeof *r->menu)) == NULL) {
			*c->err = NULL;
			return -1;
		}
		kitchen_spec_default(&r->menu->kitchen);
		c->kind = KIND_MENU;
		if ((r->menu->path = xstrdup(c, c->path)) == NULL)
			return -1;
		return parse_name_title(c, "menu NAME \"TITLE\"",
		    &r->menu->name, &r->menu->title);
	}
	if ((r->recipe = calloc(1, sizeof *r->recipe)) == NULL) {
		*c->err = NULL;
		return -1;
	}
	c->kind = KIND_RECIPE;
	if ((r->recipe->path = xstrdup(c, c->path)) == NULL)
		return -1;
	return parse_name_title(c, "recipe NAME \"TITLE\"", &r->recipe->name,
	    &r->recipe->title);
}

static int
parse_appliance(struct parse_ctx *c, int i, enum appliance *out)
{
	char show[PARSE_SHOW + 4];
	int a;

	for (a = 0; a < APP_COUNT; a++)
		if (strcmp(c->f[i].v, appliance_name(a)) == 0) {
			*out = a;
			return 0;
		}
	return perr(c, c->f[i].col,
	    "unknown appliance '%s' (oven, stovetop or microwave)",
	    parse_show(show, sizeof show, c->f[i].v));
}

/* ---- jars (a shared jar and the work steps that take from it) --------- */

#define PARSE_MAX_TBSP 999

/* "8tbsp" -> 8: a whole number of tablespoons, 1 to PARSE_MAX_TBSP. */
static int
value_tbsp(struct parse_ctx *c, const char *s, int col, const char *what,
	   int *out)
{
	char show[PARSE_SHOW + 4];
	long long v;
	bool big;
	size_t n;

	parse_show(show, sizeof show, s);
	if (*s == '-')
		return perr(c, col, "negative %s: %s", what, show);
	n = parse_digits(s, &v, &big);
	if (n == 0 || strcmp(s + n, "tbsp") != 0)
		return perr(c, col, "bad %s '%s' (write it like 2tbsp)", what,
		    show);
	if (big || v < 1 || v > PARSE_MAX_TBSP)
		return perr(c, col, "%s out of range (1tbsp to %dtbsp): %s",
		    what, PARSE_MAX_TBSP, show);
	*out = (int)v;
	return 0;
}

/* "... work DURATION from JAR AMOUNT": fields 4 to 6 of a step. */
static int
parse_from(struct parse_ctx *c, struct step *st)
{
	char show[PARSE_SHOW + 4];

	if (!parse_is_name(c->f[5].v))
		return perr(c, c->f[5].col, "bad jar name '%s' (letters, "
		    "digits, '-' and '_', at most %d)",
		    parse_show(show, sizeof show, c->f[5].v), PARSE_MAX_NAME);
	if (value_tbsp(c, c->f[6].v, c->f[6].col, "amount",
	    &st->take_tbsp) != 0)
		return -1;
	st->jar_col = c->f[5].col;
	if ((st->jar = strdup(c->f[5].v)) == NULL) {
		*c->err = NULL;
		return -1;
	}
	return 0;
}

/* "jar NAME AMOUNT" in a menu. */
static int
parse_jar(struct parse_ctx *c)
{
	struct menu *m = c->res->menu;
	struct jar_spec *nj;
	char show[PARSE_SHOW + 4];
	size_t i;
	int tbsp;

	if (want_fields(c, 3, 3, "jar NAME AMOUNT (jar dressing 8tbsp)"))
		return -1;
	if (!parse_is_name(c->f[1].v))
		return perr(c, c->f[1].col, "bad jar name '%s' (letters, "
		    "digits, '-' and '_', at most %d)",
		    parse_show(show, sizeof show, c->f[1].v), PARSE_MAX_NAME);
	for (i = 0; i < m->njars; i++)
		if (strcmp(m->jars[i].name, c->f[1].v) == 0)
			return perr(c, c->f[1].col, "duplicate jar '%s' "
			    "(already at line %d)", c->f[1].v, m->jars[i].line);
	if (m->njars == PARSE_MAX_RECIPES)
		return perr(c, 1, "too many jars (at most %d)",
		    PARSE_MAX_RECIPES);
	if (value_tbsp(c, c->f[2].v, c->f[2].col, "jar amount", &tbsp) != 0)
		return -1;
	if ((nj = realloc(m->jars, (m->njars + 1) * sizeof *nj)) == NULL) {
		*c->err = NULL;
		return -1;
	}
	m->jars = nj;
	nj = &m->jars[m->njars];
	nj->tbsp = tbsp;
	nj->line = c->line;
	if ((nj->name = strdup(c->f[1].v)) == NULL) {
		*c->err = NULL;
		return -1;
	}
	m->njars++;
	return 0;
}

#define STEP_USAGE "step \"TEXT\""

/* ---- utensils: "take knife" ... "put knife" ------------------------------- */

static int
parse_utensil_kind(struct parse_ctx *c, int i, enum utensil *out)
{
	char show[PARSE_SHOW + 4];
	int u;

	for (u = 0; u < UT_COUNT; u++)
		if (strcmp(c->f[i].v, utensil_name(u)) == 0) {
			*out = u;
			return 0;
		}
	return perr(c, c->f[i].col,
	    "unknown utensil '%s' (knife, board or wok)",
	    parse_show(show, sizeof show, c->f[i].v));
}

/* A recipe holds a utensil from its take to its put, and one of a kind at
 * a time, so that what a recipe holds is always known and given back. */
static int
parse_utensil_step(struct parse_ctx *c, struct step *st)
{
	enum utensil u = UT_NONE;
	bool take = st->action == ACT_TAKE;

	if (want_fields(c, 4, 4, take ? STEP_USAGE " take UTENSIL" :
	    STEP_USAGE " put UTENSIL") || parse_utensil_kind(c, 3, &u))
		return -1;
	if (take && c->take_line[u] != 0)
		return perr(c, c->f[3].col, "the recipe holds the %s already "
		    "(taken at line %d; put it back first)", utensil_name(u),
		    c->take_line[u]);
	if (!take && c->take_line[u] == 0)
		return perr(c, c->f[3].col, "put needs the %s in hand: take "
		    "it first", utensil_name(u));
	c->take_line[u] = take ? c->line : 0;
	st->utensil = u;
	return 0;
}

static int
parse_step(struct parse_ctx *c)
{
	struct recipe *r = c->res->recipe;
	struct step st, *ns;
	char show[PARSE_SHOW + 4];
	const char *act;
	int a;

	memset(&st, 0, sizeof st);
	st.app = APP_NONE;
	st.jar_index = -1;
	st.utensil = UT_NONE;
	st.line = c->line;
	if (c->nf < 3)
		return perr(c, parse_end_col(c),
		    "missing field: step \"TEXT\" ACTION ... (actions: work, "
		    "wait, preheat, use, boil, simmer, take, put)");
	if (c->f[1].v[0] == '\0')
		return perr(c, c->f[1].col, "empty step text");
	if (r->nsteps == PARSE_MAX_STEPS)
		return perr(c, 1, "too many steps (at most %d)", PARSE_MAX_STEPS);
	act = c->f[2].v;
	for (a = 0; a < ACT_COUNT; a++)
		if (strcmp(act, step_action_name(a)) == 0)
			break;
	if (a == ACT_COUNT)
		return perr(c, c->f[2].col, "unknown action '%s' (work, wait, "
		    "preheat, use, boil, simmer, take or put)",
		    parse_show(show, sizeof show, act));
	st.action = a;
	/* The fields after the text are shifted by 2: action at f[2]. */
	switch (st.action) {
	case ACT_WORK:
		if (want_fields(c, 4, 7, STEP_USAGE
		    " work DURATION [from JAR AMOUNT]") ||
		    field_duration(c, 3, &st.duration))
			return -1;
		if (c->nf > 4 && strcmp(c->f[4].v, "from") != 0)
			return perr(c, c->f[4].col, "extra field '%s': %s",
			    parse_show(show, sizeof show, c->f[4].v),
			    STEP_USAGE " work DURATION [from JAR AMOUNT]");
		if (c->nf > 4 && c->nf < 7)
			return perr(c, parse_end_col(c), "missing field: "
			    "from JAR AMOUNT (from dressing 2tbsp)");
		if (c->nf == 7 && parse_from(c, &st) != 0) {
			free(st.jar);
			return -1;
		}
		break;
	case ACT_WAIT:
		if (want_fields(c, 4, 4, STEP_USAGE " wait DURATION") ||
		    field_duration(c, 3, &st.duration))
			return -1;
		break;
	case ACT_SIMMER:
		if (want_fields(c, 4, 4, STEP_USAGE " simmer DURATION") ||
		    field_duration(c, 3, &st.duration))
			return -1;
		if (c->open_boils == 0)
			return perr(c, c->f[2].col,
			    "simmer needs a pot on the stove: boil it first");
		c->open_boils--;
		st.app = APP_STOVETOP;
		break;
	case ACT_BOIL:
		if (want_fields(c, 3, 4, STEP_USAGE " boil [DURATION]"))
			return -1;
		if (c->nf == 4 && field_duration(c, 3, &st.duration))
			return -1;
		c->open_boils++;
		c->last_boil_line = c->line;
		st.app = APP_STOVETOP;
		break;
	case ACT_PREHEAT:
		if (want_fields(c, 5, 5, STEP_USAGE " preheat oven TEMPERATURE") ||
		    parse_appliance(c, 3, &st.app))
			return -1;
		if (st.app != APP_OVEN)
			return perr(c, c->f[3].col,
			    "only the oven can be preheated");
		if (field_temperature(c, 4, &st.temp_f))
			return -1;
		break;
	case ACT_USE:
		if (want_fields(c, 5, 6, STEP_USAGE
		    " use oven DURATION TEMPERATURE | use microwave DURATION") ||
		    parse_appliance(c, 3, &st.app))
			return -1;
		if (st.app == APP_STOVETOP)
			return perr(c, c->f[3].col,
			    "the stovetop is used with boil and simmer");
		if (field_duration(c, 4, &st.duration))
			return -1;
		if (st.app == APP_OVEN && c->nf < 6)
			return perr(c, parse_end_col(c), "missing field: the "
			    "oven needs a temperature (use oven 18m 350F)");
		if (st.app == APP_MICROWAVE && c->nf > 5)
			return perr(c, c->f[5].col,
			    "the microwave takes no temperature");
		if (c->nf == 6 && field_temperature(c, 5, &st.temp_f))
			return -1;
		break;
	case ACT_TAKE:
	case ACT_PUT:
		if (parse_utensil_step(c, &st) != 0)
			return -1;
		break;
	case ACT_COUNT:
		break;
	}
	if (r->nsteps == c->capsteps) {
		size_t cap = c->capsteps ? 2 * c->capsteps : 8;
		ns = realloc(r->steps, cap * sizeof *ns);
		if (ns == NULL) {
			free(st.jar);
			*c->err = NULL;
			return -1;
		}
		r->steps = ns;
		c->capsteps = cap;
	}
	if ((st.text = xstrdup(c, c->f[1].v)) == NULL) {
		free(st.jar);
		return -1;
	}
	r->steps[r->nsteps++] = st;
	return 0;
}

static int
parse_ref(struct parse_ctx *c, bool include)
{
	struct parse_result *r = c->res;
	struct parse_ref *nr;
	char show[PARSE_SHOW + 4];
	size_t i;

	if (want_fields(c, 2, 2, include ? "include MENU" : "recipe RECIPE"))
		return -1;
	if (c->f[1].v[0] == '\0')
		return perr(c, c->f[1].col, "empty %s name",
		    include ? "menu" : "recipe");
	for (i = 0; i < r->nrefs; i++)
		if (r->refs[i].include == include &&
		    strcmp(r->refs[i].target, c->f[1].v) == 0)
			return perr(c, c->f[1].col, "duplicate %s '%s' (already "
			    "at line %d)", include ? "include" : "recipe",
			    parse_show(show, sizeof show, c->f[1].v),
			    r->refs[i].line);
	if (r->nrefs == PARSE_MAX_RECIPES)
		return perr(c, 1, "too many recipes and includes (at most %d)",
		    PARSE_MAX_RECIPES);
	if (r->nrefs == c->caprefs) {
		size_t cap = c->caprefs ? 2 * c->caprefs : 8;
		nr = realloc(r->refs, cap * sizeof *nr);
		if (nr == NULL) {
			*c->err = NULL;
			return -1;
		}
		r->refs = nr;
		c->caprefs = cap;
	}
	nr = &r->refs[r->nrefs];
	nr->include = include;
	nr->line = c->line;
	nr->col = c->f[1].col;
	if ((nr->target = xstrdup(c, c->f[1].v)) == NULL)
		return -1;
	r->nrefs++;
	return 0;
}

/* Mark a kitchen setting as made; a second time is an error. */
static int
setting_once(struct parse_ctx *c, enum parse_setting s, int col,
	     const char *what)
{
	if (c->set_line[s] != 0)
		return perr(c, col, "%s is already set at line %d", what,
		    c->set_line[s]);
	c->set_line[s] = c->line;
	return 0;
}

/* "oven sheets=2 heat=25F/min", "stovetop burners=4", "microwave count=1". */
static int
parse_appliance_settings(struct parse_ctx *c, enum appliance app)
{
	struct kitchen_spec *k = &c->res->menu->kitchen;
	char show[PARSE_SHOW + 4], *eq, *key, *val, *msg;
	int i, col, rc;
	int v;

	if (c->nf < 2)
		return perr(c, parse_end_col(c), "missing field: %s KEY=VALUE ...",
		    appliance_name(app));
	for (i = 1; i < c->nf; i++) {
		key = c->f[i].v;
		col = c->f[i].col;
		eq = strchr(key, '=');
		if (eq == NULL)
			return perr(c, col, "expected KEY=VALUE, not '%s'",
			    parse_show(show, sizeof show, key));
		*eq = '\0';
		val = eq + 1;
		/* Point value errors at the value. */
		col += (int)(eq - key) + 1;
		rc = 1;
		if (app == APP_OVEN && strcmp(key, "sheets") == 0) {
			if (setting_once(c, SET_SHEETS, c->f[i].col, "oven sheets") ||
			    value_count(c, val, col, "oven sheets", 1, 16, &k->oven_sheets))
				return -1;
			rc = 0;
		} else if (app == APP_OVEN && (strcmp(key, "heat") == 0 ||
		    strcmp(key, "cool") == 0)) {
			bool heat = key[0] == 'h';
			if (setting_once(c, heat ? SET_HEAT : SET_COOL, c->f[i].col,
			    heat ? "oven heat" : "oven cool"))
				return -1;
			if (parse_degrees(val, heat ? "heating rate" : "cooling rate",
			    "/min", false, 1, 500, &v, &msg) != 0)
				return perr_value(c, col, msg);
			*(heat ? &k->oven_heat_rate : &k->oven_cool_rate) = v;
			rc = 0;
		} else if (app == APP_OVEN && strcmp(key, "tolerance") == 0) {
			if (setting_once(c, SET_TOLERANCE, c->f[i].col,
			    "oven tolerance"))
				return -1;
			if (parse_degrees(val, "tolerance", "", false, 1, 500,
			    &k->tolerance_f, &msg) != 0)
				return perr_value(c, col, msg);
			rc = 0;
		} else if (app == APP_OVEN && strcmp(key, "grace") == 0) {
			if (setting_once(c, SET_GRACE, c->f[i].col, "oven grace"))
				return -1;
			/* 0 is no grace at all; anything else a duration. */
			if (strcmp(val, "0") == 0 || strcmp(val, "0s") == 0)
				k->oven_grace = 0;
			else if (parse_duration(val, &k->oven_grace, &msg) != 0)
				return perr_value(c, col, msg);
			rc = 0;
		} else if (app == APP_STOVETOP && strcmp(key, "burners") == 0) {
			if (setting_once(c, SET_BURNERS, c->f[i].col, "burners") ||
			    value_count(c, val, col, "burners", 1, 16, &k->burners))
				return -1;
			rc = 0;
		} else if (app == APP_STOVETOP && strcmp(key, "boil") == 0) {
			if (setting_once(c, SET_BOIL, c->f[i].col, "boil time"))
				return -1;
			if (parse_duration(val, &k->boil_time, &msg) != 0)
				return perr_value(c, col, msg);
			rc = 0;
		} else if (app == APP_MICROWAVE && strcmp(key, "count") == 0) {
			if (setting_once(c, SET_MICROWAVES, c->f[i].col,
			    "microwave count") ||
			    value_count(c, val, col, "microwave count", 1, 8,
			    &k->microwaves))
				return -1;
			rc = 0;
		}
		if (rc != 0)
			return perr(c, c->f[i].col, "unknown %s setting '%s' (%s)",
			    appliance_name(app), parse_show(show, sizeof show, key),
			    app == APP_OVEN ? "sheets, heat, cool, tolerance, grace" :
			    app == APP_STOVETOP ? "burners, boil" : "count");
	}
	return 0;
}

/* "utensils knife=2 board=1 wok=1": how many of each the kitchen has. */
static int
parse_utensils(struct parse_ctx *c)
{
	struct kitchen_spec *k = &c->res->menu->kitchen;
	char show[PARSE_SHOW + 4], *eq, *key;
	int i, u;

	if (c->nf < 2)
		return perr(c, parse_end_col(c),
		    "missing field: utensils NAME=N ... (knife, board, wok)");
	for (i = 1; i < c->nf; i++) {
		key = c->f[i].v;
		if ((eq = strchr(key, '=')) == NULL)
			return perr(c, c->f[i].col, "expected NAME=N, not '%s'",
			    parse_show(show, sizeof show, key));
		*eq = '\0';
		for (u = 0; u < UT_COUNT; u++)
			if (strcmp(key, utensil_name(u)) == 0)
				break;
		if (u == UT_COUNT)
			return perr(c, c->f[i].col, "unknown utensil '%s' "
			    "(knife, board or wok)",
			    parse_show(show, sizeof show, key));
		if (setting_once(c, SET_UTENSIL + u, c->f[i].col,
		    utensil_name(u)) ||
		    value_count(c, eq + 1, c->f[i].col + (int)(eq - key) + 1,
		    utensil_name(u), 1, 16, &k->utensils[u]))
			return -1;
	}
	return 0;
}

static int
parse_menu_line(struct parse_ctx *c)
{
	struct kitchen_spec *k = &c->res->menu->kitchen;
	const char *d = c->f[0].v;
	char *msg;

	if (strcmp(d, "recipe") == 0)
		return parse_ref(c, false);
	if (strcmp(d, "include") == 0)
		return parse_ref(c, true);
	if (strcmp(d, "oven") == 0)
		return parse_appliance_settings(c, APP_OVEN);
	if (strcmp(d, "stovetop") == 0)
		return parse_appliance_settings(c, APP_STOVETOP);
	if (strcmp(d, "microwave") == 0)
		return parse_appliance_settings(c, APP_MICROWAVE);
	if (strcmp(d, "utensils") == 0)
		return parse_utensils(c);
	if (strcmp(d, "room") == 0) {
		if (want_fields(c, 2, 2, "room TEMPERATURE") ||
		    setting_once(c, SET_ROOM, c->f[0].col, "room"))
			return -1;
		if (parse_degrees(c->f[1].v, "room temperature", "", true, 1, 150,
		    &k->room_temp_f, &msg) != 0)
			return perr_value(c, c->f[1].col, msg);
		return 0;
	}
	if (strcmp(d, "jar") == 0)
		return parse_jar(c);
	if (strcmp(d, "cooks") == 0) {
		if (want_fields(c, 2, 2, "cooks N") ||
		    setting_once(c, SET_COOKS, c->f[0].col, "cooks"))
			return -1;
		return value_count(c, c->f[1].v, c->f[1].col, "cooks", 1,
		    KITCHEN_MAX_COOKS, &k->cooks);
	}
	if (strcmp(d, "menu") == 0)
		return perr(c, c->f[0].col, "a second 'menu' line (the menu "
		    "starts at line %d; one menu per file)", c->head_line);
	if (strcmp(d, "step") == 0)
		return perr(c, c->f[0].col,
		    "'step' in a menu file (steps belong in a recipe file)");
	return -2;
}

static int
parse_recipe_line(struct parse_ctx *c)
{
	const char *d = c->f[0].v;

	if (strcmp(d, "step") == 0)
		return parse_step(c);
	if (strcmp(d, "recipe") == 0)
		return perr(c, c->f[0].col, "a second 'recipe' line (the recipe "
		    "starts at line %d; one recipe per file)", c->head_line);
	if (strcmp(d, "menu") == 0 || strcmp(d, "include") == 0 ||
	    strcmp(d, "oven") == 0 || strcmp(d, "stovetop") == 0 ||
	    strcmp(d, "microwave") == 0 || strcmp(d, "room") == 0 ||
	    strcmp(d, "cooks") == 0 || strcmp(d, "utensils") == 0 ||
	    strcmp(d, "jar") == 0)
		return perr(c, c->f[0].col, "'%s' in a recipe file (it belongs "
		    "in a menu file)", d);
	return -2;
}

static int
parse_line(struct parse_ctx *c)
{
	char show[PARSE_SHOW + 4];
	const char *d;
	int rc;

	if (parse_fields(c) != 0)
		return -1;
	if (c->nf == 0)
		return 0;
	d = c->f[0].v;
	switch (c->kind) {
	case KIND_NONE:
		if (strcmp(d, "recipe") == 0)
			return parse_head(c, false);
		if (strcmp(d, "menu") == 0)
			return parse_head(c, true);
		return perr(c, c->f[0].col, "expected a 'recipe' or 'menu' "
		    "line first, not '%s'", parse_show(show, sizeof show, d));
	case KIND_RECIPE:
		rc = parse_recipe_line(c);
		break;
	case KIND_MENU:
		rc = parse_menu_line(c);
		break;
	default:
		rc = -2;
		break;
	}
	if (rc == -2)
		return perr(c, c->f[0].col, "unknown directive '%s'",
		    parse_show(show, sizeof show, d));
	return rc;
}

/* The utensil a recipe still holds at its end, -1 none. */
static int
parse_open_take(const struct parse_ctx *c)
{
	int u;

	for (u = 0; u < UT_COUNT; u++)
		if (c->take_line[u] != 0)
			return u;
	return -1;
}

void
parse_result_free(struct parse_result *r)
{
	size_t i;

	recipe_free(r->recipe);
	menu_free(r->menu);
	for (i = 0; i < r->nrefs; i++)
		free(r->refs[i].target);
	free(r->refs);
	memset(r, 0, sizeof *r);
}

int
parse_buffer(const char *path, const char *buf, size_t len,
	     struct parse_result *out, char **err)
{
	struct parse_ctx *c;
	struct parse_lex_err e;
	struct parse_lines it;
	int rc = 0;

	memset(out, 0, sizeof *out);
	*err = NULL;
	/* The context holds a line-sized scratch buffer: keep it off the
	 * stack. */
	if ((c = calloc(1, sizeof *c)) == NULL)
		return -1;
	c->path = path;
	c->err = err;
	c->res = out;
	c->line = 1;
	if (parse_lines_start(&it, buf, len, &e) != 0) {
		rc = perr(c, e.col, "%s", e.msg);
		goto done;
	}
	for (; parse_lines_next(&it, &c->l, &c->llen); c->line++)
		if ((rc = parse_line(c)) != 0)
			goto done;
	c->l = "";
	c->llen = 0;
	if (c->kind == KIND_NONE) {
		c->line = 1;
		rc = perr(c, 1, "no 'recipe' or 'menu' line: not a recipe or "
		    "menu file");
	} else if (c->kind == KIND_RECIPE && out->recipe->nsteps == 0) {
		c->line = c->head_line;
		rc = perr(c, 1, "recipe has no steps");
	} else if (c->kind == KIND_RECIPE && c->open_boils > 0) {
		/* Every burner a boil takes is given back by a simmer, so the
		 * kitchen never holds a burner past the end of a recipe. */
		c->line = c->last_boil_line;
		rc = perr(c, 1, "the pot brought to a boil is never simmered "
		    "(a simmer step frees its burner)");
	} else if (c->kind == KIND_RECIPE && parse_open_take(c) >= 0) {
		/* The same for utensils: every take has its put. */
		int u = parse_open_take(c);

		c->line = c->take_line[u];
		rc = perr(c, 1, "the %s is taken and never put back (a put "
		    "step gives it back)", utensil_name(u));
	} else if (c->kind == KIND_MENU && out->nrefs == 0) {
		c->line = c->head_line;
		rc = perr(c, 1, "menu names no recipes");
	}
done:
	free(c);
	if (rc != 0)
		parse_result_free(out);
	return rc;
}

int
parse_read_fd(int fd, const char *label, char **bufp, size_t *lenp, char **err)
{
	char *buf = NULL;
	const char *why = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	*bufp = NULL;
	*lenp = 0;
	*err = NULL;
	for (;;) {
		if (len == cap) {
			char *nb;
			/* Room for one byte past the limit, so that a file
			 * too large is seen by the check after read(). */
			cap = cap ? 2 * cap : 4096;
			if (cap > PARSE_MAX_FILE + 1)
				cap = PARSE_MAX_FILE + 1;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				why = "out of memory";
				goto fail;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			why = strerror(errno);
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > PARSE_MAX_FILE) {
			why = "file too large (more than 1 MiB)";
			goto fail;
		}
	}
	if (buf == NULL && (buf = malloc(1)) == NULL) {
		*err = NULL;
		return -1;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	free(buf);
	*err = parse_path_error(label, why);
	return -1;
}

int
parse_read_file(const char *path, char **bufp, size_t *lenp, char **err)
{
	const char *why = NULL;
	struct stat st;
	int fd, rc;

	*bufp = NULL;
	*lenp = 0;
	*err = NULL;
	/* O_NONBLOCK: open() of a FIFO with no writer returns at once; the
	 * fstat below then refuses it without a read. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		why = strerror(errno);
		goto fail;
	}
	if (fstat(fd, &st) != 0) {
		why = strerror(errno);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		why = "is a directory, not a recipe or menu file";
		goto fail;
	}
	/* Recipes and menus are regular files: standard input only through
	 * "-", never a device (a read from /dev/tty waits for the keyboard)
	 * nor a FIFO (it waits for a writer). */
	if (!S_ISREG(st.st_mode)) {
		why = "not a regular file";
		goto fail;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = parse_read_fd(fd, path, bufp, lenp, err);
	close(fd);
	return rc;
fail:
	if (fd >= 0)
		close(fd);
	*err = parse_path_error(path, why);
	return -1;
}

int
parse_file(const char *path, struct parse_result *out, char **err)
{
	char *buf;
	size_t len;
	int rc;

	memset(out, 0, sizeof *out);
	if (parse_read_file(path, &buf, &len, err) != 0)
		return -1;
	rc = parse_buffer(path, buf, len, out, err);
	free(buf);
	return rc;
}
