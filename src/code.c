/* SPDX-License-Identifier: ISC */
/*
 * code.c - a menu written out as program code, the way each model would
 * write it (code.h).
 *
 * Everything is generated from the recipe data, step by step, so a menu
 * nobody wrote a listing for still gets one.  Each step becomes a few
 * lines: for a work step a comment with the step's text (the cook's words)
 * and a call named after its first word ("arrange(2 * 60)"); for a wait
 * the call that starts it and the sleep/await/callback that waits.  Every
 * line records the (recipe, step) it belongs to, so the screen can put a
 * marker where each recipe is now.
 *
 * Text from the data files reaches a line only through esc.h (step texts
 * and titles, in comments); recipe and menu names become identifiers made
 * of [a-z0-9_] only.  So no line can hold a control character, whatever
 * the files say.  Nothing here writes anywhere: pure engine code.
 *
 * Width: lines are kept within the requested width (CODE_WIDTH by
 * default) by wrapping comments at spaces and calls after "(" or ", ".
 * Identifiers are cut to ID_MAX characters so that no unbreakable piece
 * of a line can be wider than that.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "esc.h"

#define ID_MAX          16      /* recipe identifiers, before a suffix */
#define MENU_ID_MAX     20
#define VERB_MAX        12      /* "arrange(...)": longer first words -> work */
#define WIDTH_MIN       32
#define WIDTH_MAX       200
#define LINE_MAX_BYTES  512     /* a generated code line before wrapping */
#define PAREN_MAX       64      /* open parentheses emit_code lines up */

struct builder {
	struct code_listing *l;
	const struct menu *m;
	enum model_id model;
	enum code_lang lang;
	bool ascii;
	int width;
	char **ids;             /* per recipe: "salmon" */
	char *menu_id;          /* "salmon_dinner" */
	bool nested;            /* callbacks as nested lambdas (Python) */
	int nest;               /* extra indent of nested callbacks */
	bool failed;
};

/* Words an identifier or a work verb must not be: Python and C keywords,
 * and the names the listings themselves use. */
static const char *const reserved[] = {
	/* Python */
	"false", "none", "true", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", "match", "case", "type", "print",
	/* C */
	"auto", "char", "const", "default", "do", "double", "enum", "extern",
	"float", "goto", "inline", "int", "long", "register", "restrict",
	"short", "signed", "sizeof", "static", "struct", "switch", "typedef",
	"union", "unsigned", "void", "volatile", "bool",
	/* the listings' own names */
	"sleep", "asyncio", "threading", "multiprocessing", "time", "kitchen",
	"oven", "stovetop", "stove", "microwave", "work", "serve", "main",
	"dinner", "sched", "pt", "r", "k", "s", "t", "d", "run_loop",
	/* not verbs: "Let simmer" is not a call named let() */
	"let", "the", "a", "an", "then", "now", "to", "at", "on", "of",
	NULL
};

static bool is_reserved(const char *w)
{
	const char *const *p;

	for (p = reserved; *p; p++)
		if (!strcmp(*p, w))
			return true;
	return false;
}

/* ---- the listing -------------------------------------------------------- */

static void add_line(struct builder *b, int rec, int step, bool context,
		     int indent, const char *text, size_t len)
{
	struct code_listing *l = b->l;
	struct code_line *nl;
	char *s;

	if (b->failed)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		nl = realloc(l->lines, cap * sizeof *nl);
		if (!nl) {
			b->failed = true;
			return;
		}
		l->lines = nl;
		l->cap = cap;
	}
	if (len == 0)
		indent = 0;     /* blank lines carry no trailing spaces */
	s = malloc((size_t)indent + len + 1);
	if (!s) {
		b->failed = true;
		return;
	}
	memset(s, ' ', (size_t)indent);
	memcpy(s + indent, text, len);
	s[indent + len] = '\0';
	nl = &l->lines[l->n++];
	nl->text = s;
	nl->recipe = rec;
	nl->step = rec < 0 ? -1 : step;
	nl->context = context;
}

static void blank(struct builder *b)
{
	add_line(b, -1, -1, false, 0, "", 0);
}

/*
 * Emit one statement, wrapped to the width.  A statement may be broken
 * after "(" (the rest hangs 4 columns in) or after ", " inside
 * parentheses (the rest lines up after the innermost open parenthesis
 * when there is room).  Code lines hold no string literals or comments,
 * so every parenthesis is structural, and breaks only inside parentheses
 * keep the Python valid.
 */
static void emit_code(struct builder *b, int rec, int step, bool context,
		      int indent, const char *text)
{
	int stack[PAREN_MAX], depth = 0; /* column after each open '(' */
	int col0 = indent += b->nest;
	const char *s = text;

	while (!b->failed) {
		int len = (int)strlen(s), lim, i, brk = -1, d, kind = 0;
		int bdepth = 0;

		if (col0 + len <= b->width || len == 0) {
			add_line(b, rec, step, context, col0, s, (size_t)len);
			return;
		}
		/* The last break that fits among the outermost ones: a
		 * break inside an inner call's parentheses splits less
		 * readably than one between the arguments of the outer. */
		lim = b->width - col0;
		for (i = 0, d = depth; s[i] && i < lim; i++) {
			if (s[i] == '(') {
				d++;
				if (s[i + 1] != ')' && s[i + 1] != '\0' &&
				    (brk < 0 || d <= bdepth)) {
					brk = i + 1;
					kind = 0;
					bdepth = d;
				}
			} else if (s[i] == ')') {
				if (d > 0)
					d--;
			} else if (s[i] == ',' && s[i + 1] == ' ' && d > 0 &&
				   (brk < 0 || d <= bdepth)) {
				brk = i + 1;
				kind = 1;
				bdepth = d;
			}
		}
		/* Nothing fits: break at the first place after all, so the
		 * line overruns as little as it can. */
		for (i = 0, d = depth; brk < 0 && s[i]; i++) {
			if (s[i] == '(') {
				d++;
				if (s[i + 1] != ')' && s[i + 1] != '\0') {
					brk = i + 1;
					kind = 0;
				}
			} else if (s[i] == ')') {
				if (d > 0)
					d--;
			} else if (s[i] == ',' && s[i + 1] == ' ' && d > 0) {
				brk = i + 1;
				kind = 1;
			}
		}
		if (brk < 0 || brk >= len) {    /* nowhere to break: overrun */
			add_line(b, rec, step, context, col0, s, (size_t)len);
			return;
		}
		/* The parentheses opened and closed before the break. */
		for (i = 0; i < brk; i++) {
			if (s[i] == '(') {
				if (depth < PAREN_MAX)
					stack[depth] = col0 + i + 1;
				depth++;
			} else if (s[i] == ')' && depth > 0) {
				depth--;
			}
		}
		add_line(b, rec, step, context, col0, s, (size_t)brk);
		if (kind == 0) {
			col0 = indent + 4;
			/* later breaks in this call line up with the hang */
			if (depth > 0 && depth <= PAREN_MAX)
				stack[depth - 1] = col0;
		}
		s += brk;
		while (*s == ' ')
			s++;
		if (kind == 1) {
			/* Line up after the open parenthesis when the rest
			 * (or at least its next piece, if the rest will not
			 * fit either way) fits there; else hang. */
			int top = depth > 0 && depth <= PAREN_MAX ?
				  stack[depth - 1] : 0;
			int rlen = (int)strlen(s), first = rlen;

			for (i = 0; s[i]; i++)
				if (s[i] == '(' || (s[i] == ',' && s[i + 1] == ' ')) {
					first = i + 1;
					break;
				}
			if (top > 0 && top + first <= b->width &&
			    (top + rlen <= b->width || indent + 4 + rlen > b->width))
				col0 = top;
			else {
				col0 = indent + 4;
				if (depth > 0 && depth <= PAREN_MAX)
					stack[depth - 1] = col0;
			}
		}
	}
}

static void emitf(struct builder *b, int rec, int step, bool context,
		  int indent, const char *fmt, ...) KT_PRINTF(6, 7);

static void emitf(struct builder *b, int rec, int step, bool context,
		  int indent, const char *fmt, ...)
{
	char buf[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	emit_code(b, rec, step, context, indent, buf);
}

/* ---- comments: escaped text wrapped at spaces --------------------------- */

/* Bytes of the display unit at p in escaped text: an escape "\xNN" or
 * "\\" is never split, a UTF-8 character neither. */
static size_t unit_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n, i;

	if (c == '\\' && p[1] == 'x' && p[2] && p[3])
		return 4;
	if (c == '\\' && p[1] == '\\')
		return 2;
	if (c < 0x80)
		return 1;
	n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	for (i = 1; i < n; i++)
		if (p[i] == '\0')
			return i;
	return n;
}

/* Columns of a unit: ASCII takes one per byte, a UTF-8 character one. */
static int unit_cols(const char *p, size_t n)
{
	return (unsigned char)*p < 0x80 ? (int)n : 1;
}

struct cline {
	char *buf;
	size_t len;
	int cols;
	bool first;
};

static void comment_flush(struct builder *b, int rec, int step, int indent,
			  struct cline *c, bool last)
{
	char *line;
	size_t n = 0;
	bool cc = b->lang == CODE_C;

	if (b->failed)
		return;
	line = malloc(c->len + 8);
	if (!line) {
		b->failed = true;
		return;
	}
	if (cc)
		memcpy(line, c->first ? "/* " : " * ", 3);
	else
		memcpy(line, "# ", 2);
	n = cc ? 3 : 2;
	memcpy(line + n, c->buf, c->len);
	n += c->len;
	if (cc && last) {
		memcpy(line + n, " */", 3);
		n += 3;
	}
	add_line(b, rec, step, true, indent, line, n);
	free(line);
	c->len = 0;
	c->cols = 0;
	c->first = false;
}

static void comment_add(struct cline *c, const char *p, size_t n, int cols)
{
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	c->cols += cols;
}

/*
 * A comment with the (escaped) text, wrapped to the width: "# ..." lines
 * in Python, a block comment in C.  In C a "*" followed by "/" in the text
 * would close the comment early, so it is written "* /".
 */
static void emit_comment(struct builder *b, int rec, int step, int indent,
			 const char *raw)
{
	struct cline c;
	char *e, *p;
	int avail;

	indent += b->nest;
	if (b->failed || !raw)
		return;
	e = esc_dup(raw, b->ascii);
	if (!e) {
		b->failed = true;
		return;
	}
	if (b->lang == CODE_C) {
		char *f = malloc(strlen(e) * 2 + 1), *q = f;

		if (!f) {
			free(e);
			b->failed = true;
			return;
		}
		for (p = e; *p; p++) {
			*q++ = *p;
			if (p[0] == '*' && p[1] == '/')
				*q++ = ' ';
		}
		*q = '\0';
		free(e);
		e = f;
	}
	c.buf = malloc(strlen(e) + 1);
	if (!c.buf) {
		free(e);
		b->failed = true;
		return;
	}
	c.len = 0;
	c.cols = 0;
	c.first = true;
	avail = b->width - indent - (b->lang == CODE_C ? 6 : 2);
	if (avail < 12)
		avail = 12;

	for (p = e; *p && !b->failed;) {
		const char *w;
		size_t wlen = 0;
		int wcols = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (w = p; w[wlen] && w[wlen] != ' ';) {
			size_t u = unit_len(w + wlen);

			wcols += unit_cols(w + wlen, u);
			wlen += u;
		}
		p += wlen;
		if (c.len > 0 && c.cols + 1 + wcols <= avail) {
			comment_add(&c, " ", 1, 1);
			comment_add(&c, w, wlen, wcols);
			continue;
		}
		if (c.len > 0)
			comment_flush(b, rec, step, indent, &c, false);
		/* A word wider than a line is cut between units, filling
		 * each line. */
		while (wcols > 0 && !b->failed) {
			size_t u;
			int uc;

			if (c.cols + wcols <= avail) {
				comment_add(&c, w, wlen, wcols);
				break;
			}
			u = unit_len(w);
			uc = unit_cols(w, u);
			if (c.cols + uc > avail && c.len > 0) {
				comment_flush(b, rec, step, indent, &c, false);
				continue;
			}
			comment_add(&c, w, u, uc);
			w += u;
			wlen -= u;
			wcols -= uc;
		}
	}
	if (c.len > 0)
		comment_flush(b, rec, step, indent, &c, true);
	free(c.buf);
	free(e);
}

/* ---- names and numbers -------------------------------------------------- */

/* An identifier from a name: lower-case ASCII letters, digits and single
 * underscores, at most `max` characters, never starting with a digit.
 * NULL when nothing usable is left or out of memory (b->failed). */
static char *ident(struct builder *b, const char *name, size_t max)
{
	char *id = malloc(max + 2), *q = id;
	const unsigned char *p;

	if (!id) {
		b->failed = true;
		return NULL;
	}
	for (p = (const unsigned char *)(name ? name : ""); *p; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '_';
		if (c == '_' && (q == id || q[-1] == '_'))
			continue;
		if (q == id && c >= '0' && c <= '9')
			*q++ = 'r';
		if ((size_t)(q - id) >= max)
			break;
		*q++ = (char)c;
	}
	while (q > id && q[-1] == '_')
		q--;
	*q = '\0';
	if (q == id) {
		free(id);
		return NULL;
	}
	return id;
}

static int make_ids(struct builder *b)
{
	const struct menu *m = b->m;
	size_t i, j;

	b->ids = calloc(m->nrecipes ? m->nrecipes : 1, sizeof *b->ids);
	if (!b->ids)
		return -1;
	for (i = 0; i < m->nrecipes; i++) {
		char *id = ident(b, m->recipes[i]->name, ID_MAX);
		char buf[ID_MAX + 32];
		bool clash;

		if (b->failed)
			return -1;
		if (!id || is_reserved(id))
			snprintf(buf, sizeof buf, "%s%s", id ? id : "recipe",
				 id ? "_" : "");
		else
			snprintf(buf, sizeof buf, "%s", id);
		free(id);
		/* Two recipes with the same name in one menu: number them. */
		clash = false;
		for (j = 0; j < i; j++)
			if (!strcmp(b->ids[j], buf))
				clash = true;
		if (clash || !strcmp(buf, "recipe")) {
			size_t n = strlen(buf);

			snprintf(buf + n, sizeof buf - n, "%zu", i + 1);
		}
		b->ids[i] = strdup(buf);
		if (!b->ids[i])
			return -1;
	}
	b->menu_id = ident(b, b->m->name, MENU_ID_MAX);
	if (b->failed)
		return -1;
	if (!b->menu_id && !(b->menu_id = strdup("dinner")))
		return -1;
	return 0;
}

static void free_ids(struct builder *b)
{
	size_t i;

	if (b->ids)
		for (i = 0; i < b->m->nrecipes; i++)
			free(b->ids[i]);
	free(b->ids);
	free(b->menu_id);
}

/* "18 * 60", "90", "1.5": seconds, the way the tutorial writes them. */
static void py_secs(char *buf, size_t sz, sched_ms ms)
{
	long long v = ms > 0 ? (long long)ms : 0;

	if (v == 60000)
		snprintf(buf, sz, "60");
	else if (v % 60000 == 0 && v > 0)
		snprintf(buf, sz, "%lld * 60", v / 60000);
	else if (v % 1000 == 0)
		snprintf(buf, sz, "%lld", v / 1000);
	else {
		size_t n;

		snprintf(buf, sz, "%lld.%03lld", v / 1000, v % 1000);
		n = strlen(buf);
		while (n > 0 && buf[n - 1] == '0')
			buf[--n] = '\0';
	}
}

/* "18 * MINUTE", "90 * SECOND", "1500" (milliseconds): the engine's clock. */
static void c_ms(char *buf, size_t sz, sched_ms ms)
{
	long long v = ms > 0 ? (long long)ms : 0;

	if (v == 60000)
		snprintf(buf, sz, "MINUTE");
	else if (v % 60000 == 0 && v > 0)
		snprintf(buf, sz, "%lld * MINUTE", v / 60000);
	else if (v == 1000)
		snprintf(buf, sz, "SECOND");
	else if (v % 1000 == 0 && v > 0)
		snprintf(buf, sz, "%lld * SECOND", v / 1000);
	else
		snprintf(buf, sz, "%lld", v);
}

/* The call a work step becomes: its first word when that is a plain
 * English word ("Arrange the filets" -> "arrange"), else "work". */
static void work_verb(const struct builder *b, const char *text, char *out,
		      size_t sz)
{
	size_t n = 0, i;

	if (text)
		while (((text[n] >= 'A' && text[n] <= 'Z') ||
			(text[n] >= 'a' && text[n] <= 'z')) && n < VERB_MAX + 1)
			n++;
	if (n < 2 || n > VERB_MAX || n + 1 > sz ||
	    (unsigned char)text[n] >= 0x80 || text[n] == '_' ||
	    (text[n] >= '0' && text[n] <= '9'))
		goto plain;
	for (i = 0; i < n; i++)
		out[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ?
				text[i] - 'A' + 'a' : text[i]);
	out[n] = '\0';
	if (is_reserved(out))
		goto plain;
	for (i = 0; i < b->m->nrecipes; i++)
		if (!strcmp(out, b->ids[i]))
			goto plain;
	return;
plain:
	snprintf(out, sz, "work");
}

/* The appliance as the Python listings name it: "oven", "stovetop". */
static const char *py_app(enum appliance a)
{
	return (int)a >= 0 && a < APP_COUNT ? appliance_name(a) : "kitchen";
}

/* The same in the engine's C, where the stovetop is "stove". */
static const char *c_app(enum appliance a)
{
	return a == APP_STOVETOP ? "stove" : py_app(a);
}

/* What an appliance does to an item for a while: oven.bake(salmon, 350). */
static const char *use_verb(enum appliance a)
{
	return a == APP_OVEN ? "bake" : "cook";
}

static bool is_wait(enum step_action a)
{
	return a != ACT_WORK && a != ACT_PUT;   /* a put never waits */
}

/* ---- Python -------------------------------------------------------------- */

/* The call that gives an item to an appliance for a while:
 * "oven.bake(salmon, 350)", "stovetop.simmer(rice)". */
static void py_use(struct builder *b, int ri, int si)
{
	const struct step *st = &b->m->recipes[ri]->steps[si];
	char temp[24] = "";

	if (st->temp_f)
		snprintf(temp, sizeof temp, ", %d", st->temp_f);
	emitf(b, ri, si, false, 4, "%s.%s(%s%s)", py_app(st->app),
	      st->action == ACT_SIMMER ? "simmer" : use_verb(st->app),
	      b->ids[ri], temp);
}

/* One step as a plain function or a coroutine writes it. */
static void py_step(struct builder *b, int ri, int si, bool async)
{
	const struct step *st = &b->m->recipes[ri]->steps[si];
	const char *id = b->ids[ri], *app = py_app(st->app);
	const char *aw = async ? "await " : "";
	const char *sleep_call = async ? "await asyncio.sleep" : "sleep";
	char d[48], verb[VERB_MAX + 2];

	py_secs(d, sizeof d, st->duration);
	switch (st->action) {
	case ACT_WORK:
		emit_comment(b, ri, si, 4, st->text);
		work_verb(b, st->text, verb, sizeof verb);
		emitf(b, ri, si, false, 4, "%s(%s)", verb, d);
		break;
	case ACT_WAIT:
		emit_comment(b, ri, si, 4, st->text);
		emitf(b, ri, si, false, 4, "%s(%s)", sleep_call, d);
		break;
	case ACT_PREHEAT:
		emitf(b, ri, si, false, 4, "%s%s.preheat(%d)", aw, app,
		      st->temp_f);
		break;
	case ACT_BOIL:
		emitf(b, ri, si, false, 4, "%s%s.boil(%s)", aw, app, id);
		break;
	case ACT_USE:
	case ACT_SIMMER:
		py_use(b, ri, si);
		emitf(b, ri, si, false, 4, "%s(%s)", sleep_call, d);
		break;
	case ACT_TAKE:  /* a utensil is a lock: waits while another has it */
		emitf(b, ri, si, false, 4, "%s%s.acquire()", aw,
		      utensil_name(st->utensil));
		break;
	case ACT_PUT:
		emitf(b, ri, si, false, 4, "%s.release()",
		      utensil_name(st->utensil));
		break;
	default:
		emitf(b, ri, si, false, 4, "work(%s)", d);
		break;
	}
}

/* The recipe's title as a comment above its code, in either language. */
static void recipe_title(struct builder *b, int ri)
{
	const struct recipe *r = b->m->recipes[ri];

	emit_comment(b, ri, -1, 0, r->title && *r->title ? r->title : r->name);
}

/* sequential, threads, processes: the tutorial's plain functions. */
static void py_recipe_plain(struct builder *b, int ri, bool async)
{
	const struct recipe *r = b->m->recipes[ri];
	size_t si;

	recipe_title(b, ri);
	emitf(b, ri, -1, false, 0, "%sdef cook_%s():", async ? "async " : "",
	      b->ids[ri]);
	for (si = 0; si < r->nsteps; si++)
		py_step(b, ri, (int)si, async);
	emitf(b, ri, (int)r->nsteps, false, 4, "return %s", b->ids[ri]);
	blank(b);
}

/*
 * callbacks: the recipe cut at every wait.  Each piece does the work
 * steps up to the next wait, starts the wait and names the function that
 * goes on when it is over; the last piece serves the dish.
 */
static void py_recipe_callbacks(struct builder *b, int ri)
{
	const struct recipe *r = b->m->recipes[ri];
	const char *id = b->ids[ri];
	size_t si;
	int piece = 0;

	recipe_title(b, ri);
	emitf(b, ri, -1, false, 0, "def cook_%s():", id);
	for (si = 0; si < r->nsteps; si++) {
		const struct step *st = &r->steps[si];
		const char *app = py_app(st->app);
		char d[48], next[ID_MAX + 40];

		if (!is_wait(st->action)) {
			py_step(b, ri, (int)si, false);
			continue;
		}
		snprintf(next, sizeof next, "cook_%s_cb%d", id, piece + 1);
		py_secs(d, sizeof d, st->duration);
		switch (st->action) {
		case ACT_PREHEAT:
			emitf(b, ri, (int)si, false, 4,
			      "%s.preheat(%d, callback=%s)", app, st->temp_f,
			      next);
			break;
		case ACT_BOIL:
			emitf(b, ri, (int)si, false, 4,
			      "%s.boil(%s, callback=%s)", app, id, next);
			break;
		case ACT_USE:
		case ACT_SIMMER:
			py_use(b, ri, (int)si);
			emitf(b, ri, (int)si, false, 4,
			      "set_callback_timer(%s, callback=%s)", d, next);
			break;
		case ACT_TAKE:
			emitf(b, ri, (int)si, false, 4,
			      "%s.acquire(callback=%s)",
			      utensil_name(st->utensil), next);
			break;
		default:        /* ACT_WAIT */
			emit_comment(b, ri, (int)si, 4, st->text);
			emitf(b, ri, (int)si, false, 4,
			      "set_callback_timer(%s, callback=%s)", d, next);
			break;
		}
		piece++;
		/* The next piece belongs to the step it starts with. */
		blank(b);
		emitf(b, ri, (int)si + 1, true, 0, "def %s():", next);
	}
	emitf(b, ri, (int)r->nsteps, false, 4, "serve(%s)", id);
	blank(b);
}

/*
 * Callback hell: the same chain with every callback written inline, as a
 * nested anonymous function, so each wait pushes the rest of the recipe
 * one level further right.  This is how the chain reads in languages with
 * multi-statement lambdas; Python's lambda holds one expression, so the
 * listing says it is not valid Python.  Lines carry the same (recipe,
 * step) as the flat form, so the marker works in both; the closing lines
 * are context.
 */
static void py_recipe_nested(struct builder *b, int ri)
{
	const struct recipe *r = b->m->recipes[ri];
	const char *id = b->ids[ri];
	size_t si;
	int depth = 0, k;

	recipe_title(b, ri);
	emitf(b, ri, -1, false, 0, "def cook_%s():", id);
	for (si = 0; si < r->nsteps; si++) {
		const struct step *st = &r->steps[si];
		const char *app = py_app(st->app);
		char d[48];

		b->nest = 4 * depth;
		if (!is_wait(st->action)) {
			py_step(b, ri, (int)si, false);
			continue;
		}
		py_secs(d, sizeof d, st->duration);
		switch (st->action) {
		case ACT_PREHEAT:
			emitf(b, ri, (int)si, false, 4,
			      "%s.preheat(%d, callback=lambda: (", app,
			      st->temp_f);
			break;
		case ACT_BOIL:
			emitf(b, ri, (int)si, false, 4,
			      "%s.boil(%s, callback=lambda: (", app, id);
			break;
		case ACT_USE:
		case ACT_SIMMER:
			py_use(b, ri, (int)si);
			emitf(b, ri, (int)si, false, 4,
			      "set_callback_timer(%s, callback=lambda: (", d);
			break;
		case ACT_TAKE:  /* a lock: called back once it is ours */
			emitf(b, ri, (int)si, false, 4,
			      "%s.acquire(callback=lambda: (",
			      utensil_name(st->utensil));
			break;
		default:        /* ACT_WAIT */
			emit_comment(b, ri, (int)si, 4, st->text);
			emitf(b, ri, (int)si, false, 4,
			      "set_callback_timer(%s, callback=lambda: (", d);
			break;
		}
		depth++;
	}
	b->nest = 4 * depth;
	emitf(b, ri, (int)r->nsteps, false, 4, "serve(%s)", id);
	for (k = depth - 1; k >= 0; k--) {
		b->nest = 4 * k;
		emitf(b, ri, (int)r->nsteps, true, 4, "))");
	}
	b->nest = 0;
	blank(b);
}

static void py_header(struct builder *b)
{
	const struct menu *m = b->m;

	emit_comment(b, -1, -1, 0, m->title && *m->title ? m->title : m->name);
	switch (b->model) {
	case MODEL_SEQUENTIAL:
		emitf(b, -1, -1, false, 0, "from time import sleep");
		break;
	case MODEL_CALLBACKS:
		if (b->nested) {
			emit_comment(b, -1, -1, 0, "NOT VALID PYTHON: the same "
			    "chain of callbacks with each one written inline, "
			    "as an anonymous function inside the call that "
			    "waits (\"callback hell\").  Every wait pushes the "
			    "rest of the recipe one level deeper.  A Python "
			    "lambda holds one expression, not statements like "
			    "these; the flat form is the one Python runs.");
			blank(b);
		}
		break;
	case MODEL_COROUTINES:
		emitf(b, -1, -1, false, 0, "import asyncio");
		break;
	case MODEL_THREADS:
		emitf(b, -1, -1, false, 0, "import threading");
		emitf(b, -1, -1, false, 0, "from time import sleep");
		break;
	case MODEL_PROCESSES:
	default:
		emitf(b, -1, -1, false, 0, "import multiprocessing");
		emitf(b, -1, -1, false, 0, "from time import sleep");
		break;
	}
	emitf(b, -1, -1, false, 0, "from kitchen import *");
	blank(b);
	if (b->model == MODEL_THREADS) {
		/* The listing does not know the options; say what --locks
		 * and the GIL change without pretending either is on. */
		emit_comment(b, -1, -1, 0, "With --locks a semaphore guards "
			     "the oven from preheat to the end of baking:");
		emit_comment(b, -1, -1, 0, "oven_lock = threading.Semaphore(1)");
		emit_comment(b, -1, -1, 0, "With the GIL one thread runs at "
			     "a time.");
		blank(b);
	} else if (b->model == MODEL_PROCESSES) {
		emit_comment(b, -1, -1, 0, "Each process cooks in its own "
			     "kitchen, with its own oven.");
		blank(b);
	}
}

/* The variable of recipe i's started thing under naming `tier` (below). */
static void py_var(const struct builder *b, size_t i, const char *suffix,
		   int tier, char *buf, size_t sz)
{
	if (tier == 0)
		snprintf(buf, sz, "%s_%s", b->ids[i], suffix);
	else if (tier == 1)
		snprintf(buf, sz, "%s", b->ids[i]);
	else
		snprintf(buf, sz, "%c%zu", suffix[0], i + 1);
}

/*
 * A started thing per recipe, named as the tutorial does when the width
 * allows ("salmon_thread = threading.Thread(target=cook_salmon)"), else
 * after the dish ("salmon = ..."), else numbered ("t1 = ...").  One
 * naming for the whole listing, chosen so the constructor fits a line.
 */
static void py_start_join(struct builder *b, const char *suffix,
			  const char *ctor)
{
	size_t i, n = b->m->nrecipes, longest = 0;
	char var[ID_MAX + 40];
	int tier;

	for (i = 0; i < n; i++)
		if (strlen(b->ids[i]) > longest)
			longest = strlen(b->ids[i]);
	/* "    NAME = CTOR(" must fit */
	if ((int)(4 + longest + 1 + strlen(suffix) + 3 + strlen(ctor) + 1) <=
	    b->width)
		tier = 0;
	else if ((int)(4 + longest + 3 + strlen(ctor) + 1) <= b->width)
		tier = 1;
	else
		tier = 2;
	for (i = 0; i < n; i++) {
		py_var(b, i, suffix, tier, var, sizeof var);
		emitf(b, -1, -1, false, 4, "%s = %s(target=cook_%s)", var, ctor,
		      b->ids[i]);
	}
	for (i = 0; i < n; i++) {
		py_var(b, i, suffix, tier, var, sizeof var);
		emitf(b, -1, -1, false, 4, "%s.start()", var);
	}
	for (i = 0; i < n; i++) {
		py_var(b, i, suffix, tier, var, sizeof var);
		emitf(b, -1, -1, false, 4, "%s.join()", var);
	}
}

static void py_dinner(struct builder *b)
{
	const char *mid = b->menu_id;
	size_t i, n = b->m->nrecipes;
	char *ret;
	size_t len;

	switch (b->model) {
	case MODEL_SEQUENTIAL:
		emitf(b, -1, -1, false, 0, "def make_%s():", mid);
		for (i = 0; i < n; i++)
			emitf(b, -1, -1, false, 4, "%s = cook_%s()", b->ids[i],
			      b->ids[i]);
		/* return (a, b, c), wrapped by emit_code if long */
		ret = malloc(n * (ID_MAX + 16) + 16);
		if (!ret) {
			b->failed = true;
			return;
		}
		len = (size_t)sprintf(ret, "return (");
		for (i = 0; i < n; i++)
			len += (size_t)sprintf(ret + len, "%s%s", i ? ", " : "",
					       b->ids[i]);
		sprintf(ret + len, "%s)", n == 1 ? "," : "");
		emit_code(b, -1, -1, false, 4, ret);
		free(ret);
		blank(b);
		emitf(b, -1, -1, false, 0, "make_%s()", mid);
		break;
	case MODEL_CALLBACKS:
		emitf(b, -1, -1, false, 0, "def make_%s():", mid);
		emit_comment(b, -1, -1, 4, "each call returns at its first wait");
		for (i = 0; i < n; i++)
			emitf(b, -1, -1, false, 4, "cook_%s()", b->ids[i]);
		emit_comment(b, -1, -1, 4, "then the loop calls back");
		emitf(b, -1, -1, false, 4, "run_loop()");
		blank(b);
		emitf(b, -1, -1, false, 0, "make_%s()", mid);
		break;
	case MODEL_COROUTINES:
		emitf(b, -1, -1, false, 0, "async def make_%s():", mid);
		emitf(b, -1, -1, false, 4, "return await asyncio.gather(");
		for (i = 0; i < n; i++)
			emitf(b, -1, -1, false, 8, "cook_%s(),", b->ids[i]);
		emitf(b, -1, -1, false, 4, ")");
		blank(b);
		emitf(b, -1, -1, false, 0, "asyncio.run(make_%s())", mid);
		break;
	case MODEL_THREADS:
		emitf(b, -1, -1, false, 0, "def make_%s():", mid);
		py_start_join(b, "thread", "threading.Thread");
		blank(b);
		emitf(b, -1, -1, false, 0, "make_%s()", mid);
		break;
	case MODEL_PROCESSES:
	default:
		emitf(b, -1, -1, false, 0, "def make_%s():", mid);
		py_start_join(b, "proc", "multiprocessing.Process");
		blank(b);
		emitf(b, -1, -1, false, 0, "if __name__ == \"__main__\":");
		emitf(b, -1, -1, false, 4, "make_%s()", mid);
		break;
	}
}

static void py_build(struct builder *b)
{
	size_t i;

	py_header(b);
	for (i = 0; i < b->m->nrecipes; i++) {
		switch (b->model) {
		case MODEL_CALLBACKS:
			if (b->nested)
				py_recipe_nested(b, (int)i);
			else
				py_recipe_callbacks(b, (int)i);
			break;
		case MODEL_COROUTINES:
			py_recipe_plain(b, (int)i, true);
			break;
		default:
			py_recipe_plain(b, (int)i, false);
			break;
		}
	}
	py_dinner(b);
}

/* ---- C: what the engine runs --------------------------------------------- */

/* The call that starts a step, in the engine's words; NULL for a plain
 * wait (nothing to start).  `k` is how the kitchen is named there. */
static const char *c_start(const struct step *st, const char *k, char *buf,
			   size_t sz)
{
	char d[48];

	c_ms(d, sizeof d, st->duration);
	switch (st->action) {
	case ACT_WORK:
		snprintf(buf, sz, "cook_work(r, %s);", d);
		break;
	case ACT_PREHEAT:
		snprintf(buf, sz, "%s_set(%s, %d);", c_app(st->app), k,
			 st->temp_f);
		break;
	case ACT_BOIL:
		snprintf(buf, sz, "%s_boil(%s, r);", c_app(st->app), k);
		break;
	case ACT_SIMMER:
		snprintf(buf, sz, "%s_simmer(%s, r);", c_app(st->app), k);
		break;
	case ACT_USE:
		if (st->temp_f)
			snprintf(buf, sz, "%s_%s(%s, r, %d);", c_app(st->app),
				 use_verb(st->app), k, st->temp_f);
		else
			snprintf(buf, sz, "%s_%s(%s, r);", c_app(st->app),
				 use_verb(st->app), k);
		break;
	case ACT_TAKE:
		snprintf(buf, sz, "utensil_take(%s, r, %s);", k,
			 utensil_name(st->utensil));
		break;
	case ACT_PUT:
		snprintf(buf, sz, "utensil_put(%s, r, %s);", k,
			 utensil_name(st->utensil));
		break;
	default:
		return NULL;
	}
	return buf;
}

/* The recipe as a protothread: one PT_WAIT_UNTIL per step, because every
 * step takes time on the virtual clock, the cook's work included. */
static void c_recipe_pt(struct builder *b, int ri)
{
	const struct recipe *r = b->m->recipes[ri];
	size_t si;

	recipe_title(b, ri);
	emitf(b, ri, -1, false, 0, "static PT_THREAD(cook_%s(struct recipe_run *r))",
	      b->ids[ri]);
	emitf(b, ri, -1, true, 0, "{");
	emitf(b, ri, -1, true, 4, "struct kitchen *k = r->k;");
	add_line(b, ri, -1, true, 0, "", 0);
	emitf(b, ri, -1, true, 4, "PT_BEGIN(&r->pt);");
	for (si = 0; si < r->nsteps; si++) {
		const struct step *st = &r->steps[si];
		char buf[LINE_MAX_BYTES], d[48];
		int s = (int)si;

		if (st->action == ACT_WORK || st->action == ACT_WAIT)
			emit_comment(b, ri, s, 4, st->text);
		/* Work needs the cook: wait for it (first come, first
		 * served), work, and let the timer that ends the work
		 * resume us, as model-coroutines.c does. */
		if (st->action == ACT_WORK)
			emitf(b, ri, s, false, 4,
			      "PT_WAIT_UNTIL(&r->pt, cook_acquire(r));");
		if (st->action != ACT_TAKE && c_start(st, "k", buf, sizeof buf))
			emit_code(b, ri, s, false, 4, buf);
		switch (st->action) {
		case ACT_WORK:
			emitf(b, ri, s, false, 4, "PT_YIELD(&r->pt);");
			break;
		case ACT_TAKE:  /* a lock: wait until it is ours */
			emitf(b, ri, s, false, 4,
			      "PT_WAIT_UNTIL(&r->pt, utensil_take(k, r, %s));",
			      utensil_name(st->utensil));
			break;
		case ACT_PUT:
			break;
		case ACT_PREHEAT:
			emitf(b, ri, s, false, 4,
			      "PT_WAIT_UNTIL(&r->pt, %s_hot(k));", c_app(st->app));
			break;
		case ACT_BOIL:
			emitf(b, ri, s, false, 4,
			      "PT_WAIT_UNTIL(&r->pt, %s_boiling(k, r));",
			      c_app(st->app));
			break;
		default:
			c_ms(d, sizeof d, st->duration);
			emitf(b, ri, s, false, 4, "timer_set(r, %s);", d);
			emitf(b, ri, s, false, 4,
			      "PT_WAIT_UNTIL(&r->pt, timer_done(r));");
			break;
		}
	}
	emitf(b, ri, (int)r->nsteps, false, 4, "dish_ready(r);");
	emitf(b, ri, (int)r->nsteps, true, 4, "PT_END(&r->pt);");
	emitf(b, ri, (int)r->nsteps, true, 0, "}");
	blank(b);
}

/* The name of piece i of a C callback chain: cook_salmon, cook_salmon_cb1. */
static void c_piece(const struct builder *b, int ri, size_t i, char *buf,
		    size_t sz)
{
	if (i == 0)
		snprintf(buf, sz, "cook_%s", b->ids[ri]);
	else
		snprintf(buf, sz, "cook_%s_cb%zu", b->ids[ri], i);
}

/*
 * The recipe as a chain of scheduler callbacks: one function per step,
 * since every step ends in a wait on the virtual clock (work too); each
 * sets the task's function to the next piece and registers it.
 */
static void c_recipe_callbacks(struct builder *b, int ri)
{
	const struct recipe *r = b->m->recipes[ri];
	char buf[LINE_MAX_BYTES], name[ID_MAX + 40];
	size_t si, len;

	recipe_title(b, ri);
	/* sched_fn is a function type: "static sched_fn a, b;" declares
	 * the pieces, so each can name the next before it is defined.  As
	 * many names per declaration as the width allows. */
	len = 0;
	for (si = 0; si <= r->nsteps; si++) {
		size_t n;

		c_piece(b, ri, si, name, sizeof name);
		n = strlen(name);
		if (len > 0 && (int)(len + 2 + n + 1) > b->width) {
			buf[len++] = ';';
			add_line(b, ri, -1, true, 0, buf, len);
			len = 0;
		}
		if (len == 0)
			len = (size_t)snprintf(buf, sizeof buf,
					       "static sched_fn %s", name);
		else
			len += (size_t)snprintf(buf + len, sizeof buf - len,
						", %s", name);
	}
	buf[len++] = ';';
	add_line(b, ri, -1, true, 0, buf, len);
	for (si = 0; si <= r->nsteps; si++) {
		const struct step *st = si < r->nsteps ? &r->steps[si] : NULL;
		char next[ID_MAX + 40], d[48];
		int s = (int)si, hs;

		c_piece(b, ri, si, name, sizeof name);
		c_piece(b, ri, si + 1, next, sizeof next);
		blank(b);
		/* The first piece is where the recipe starts (step -1); a
		 * later one is the context of the step it performs. */
		hs = si == 0 ? -1 : s;
		emitf(b, ri, hs, si > 0, 0,
		      "static void %s(struct sched *s, struct sched_task *t)",
		      name);
		emitf(b, ri, hs, true, 0, "{");
		emitf(b, ri, hs, true, 4, "struct recipe_run *r = RUN_OF(t);");
		add_line(b, ri, hs, true, 0, "", 0);
		if (!st) {
			emitf(b, ri, s, false, 4, "dish_ready(r);");
			emitf(b, ri, s, true, 0, "}");
			break;
		}
		if (st->action == ACT_WORK || st->action == ACT_WAIT)
			emit_comment(b, ri, s, 4, st->text);
		if (st->action != ACT_TAKE &&
		    c_start(st, "r->k", buf, sizeof buf))
			emit_code(b, ri, s, false, 4, buf);
		emitf(b, ri, s, false, 4, "t->fn = %s;", next);
		c_ms(d, sizeof d, st->duration);
		if (st->action == ACT_TAKE)
			emitf(b, ri, s, false, 4, "utensil_when_free(r->k, r, %s, t);",
			      utensil_name(st->utensil));
		else if (st->action == ACT_PUT)
			emitf(b, ri, s, false, 4, "sched_ready(s, t);");
		else if (st->action == ACT_PREHEAT)
			emitf(b, ri, s, false, 4, "%s_when_hot(r->k, t);",
			      c_app(st->app));
		else if (st->action == ACT_BOIL)
			emitf(b, ri, s, false, 4, "%s_when_boiling(r->k, r, t);",
			      c_app(st->app));
		else
			emitf(b, ri, s, false, 4, "sched_after(s, %s, t);", d);
		emitf(b, ri, s, true, 0, "}");
	}
	blank(b);
}

static void c_header(struct builder *b)
{
	const struct menu *m = b->m;

	emit_comment(b, -1, -1, 0, m->title && *m->title ? m->title : m->name);
	if (b->model == MODEL_CALLBACKS) {
		emitf(b, -1, -1, false, 0, "#include \"sched.h\"");
	} else {
		emitf(b, -1, -1, false, 0, "#include \"pt.h\"");
		emitf(b, -1, -1, false, 0, "#include \"sched.h\"");
	}
	emitf(b, -1, -1, false, 0, "#include \"kitchen.h\"");
	blank(b);
	/* Honest about the unrolling: model-*.c runs one generic
	 * protothread (or set of callbacks) that walks the steps. */
	emit_comment(b, -1, -1, 0, "What the engine runs for this menu, "
		     "written out recipe by recipe (the engine walks the "
		     "steps of any recipe with the same calls).");
	switch (b->model) {
	case MODEL_SEQUENTIAL:
		emit_comment(b, -1, -1, 0, "Each recipe is a protothread; the "
			     "dinner runs them one after another, so the cook "
			     "idles through every wait.");
		break;
	case MODEL_CALLBACKS:
		emit_comment(b, -1, -1, 0, "Each recipe is a chain of callbacks: "
			     "every piece registers the next one with the "
			     "scheduler and returns.");
		break;
	case MODEL_COROUTINES:
		emit_comment(b, -1, -1, 0, "Each recipe is a protothread that "
			     "gives the cook back at every wait; the scheduler "
			     "resumes whichever recipe is ready.");
		break;
	case MODEL_THREADS:
		emit_comment(b, -1, -1, 0, "Each recipe is a protothread, but "
			     "the scheduler may switch at any quantum, even in "
			     "the middle of a step. With --locks: "
			     "PT_SEM_WAIT(&r->pt, &k->oven_lock) before "
			     "oven_set() and PT_SEM_SIGNAL() after baking.");
		break;
	case MODEL_PROCESSES:
	default:
		emit_comment(b, -1, -1, 0, "Each recipe is a protothread in a "
			     "process of its own, with its own kitchen.");
		break;
	}
	blank(b);
}

static void c_dinner(struct builder *b)
{
	const char *mid = b->menu_id;
	size_t i, n = b->m->nrecipes;

	if (b->model == MODEL_SEQUENTIAL) {
		emitf(b, -1, -1, false, 0,
		      "static PT_THREAD(make_%s(struct dinner *d))", mid);
		emitf(b, -1, -1, false, 0, "{");
		emitf(b, -1, -1, false, 4, "PT_BEGIN(&d->pt);");
		for (i = 0; i < n; i++)
			emitf(b, -1, -1, false, 4,
			      "PT_SPAWN(&d->pt, &d->%s.pt, cook_%s(&d->%s));",
			      b->ids[i], b->ids[i], b->ids[i]);
		emitf(b, -1, -1, false, 4, "PT_END(&d->pt);");
		emitf(b, -1, -1, false, 0, "}");
		return;
	}
	emitf(b, -1, -1, false, 0,
	      "void make_%s(struct sched *s, struct dinner *d)", mid);
	emitf(b, -1, -1, false, 0, "{");
	for (i = 0; i < n; i++) {
		const char *id = b->ids[i];

		switch (b->model) {
		case MODEL_CALLBACKS:
			emitf(b, -1, -1, false, 4, "task_set(&d->%s.task, cook_%s);",
			      id, id);
			emitf(b, -1, -1, false, 4, "sched_ready(s, &d->%s.task);",
			      id);
			break;
		case MODEL_COROUTINES:
			emitf(b, -1, -1, false, 4, "task_start(s, &d->%s, cook_%s);",
			      id, id);
			break;
		case MODEL_THREADS:
			emitf(b, -1, -1, false, 4,
			      "thread_start(s, &d->%s, cook_%s);", id, id);
			break;
		case MODEL_PROCESSES:
		default:
			emitf(b, -1, -1, false, 4,
			      "process_start(s, &d->%s, cook_%s, kitchen_new());",
			      id, id);
			break;
		}
	}
	emitf(b, -1, -1, false, 4, "sched_run(s);");
	emitf(b, -1, -1, false, 0, "}");
}

static void c_build(struct builder *b)
{
	size_t i;

	c_header(b);
	for (i = 0; i < b->m->nrecipes; i++) {
		if (b->model == MODEL_CALLBACKS)
			c_recipe_callbacks(b, (int)i);
		else
			c_recipe_pt(b, (int)i);
	}
	c_dinner(b);
}

/* ---- the interface -------------------------------------------------------- */

void code_free(struct code_listing *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->lines[i].text);
	free(l->lines);
	l->lines = NULL;
	l->n = l->cap = 0;
}

/* `out` is overwritten: free an old listing with code_free first. */
int code_build_width(struct code_listing *out, const struct menu *m,
		     enum model_id model, enum code_lang lang, bool ascii,
		     int width)
{
	return code_build_form(out, m, model, lang, ascii, width, false);
}

int code_build_form(struct code_listing *out, const struct menu *m,
		    enum model_id model, enum code_lang lang, bool ascii,
		    int width, bool nested)
{
	struct builder b;

	out->lines = NULL;
	out->n = out->cap = 0;
	if (!m || (int)model < 0 || model >= MODEL_COUNT ||
	    (int)lang < 0 || lang >= CODE_LANG_COUNT)
		return -1;
	memset(&b, 0, sizeof b);
	b.l = out;
	b.m = m;
	b.model = model;
	b.lang = lang;
	b.ascii = ascii;
	b.nested = nested && model == MODEL_CALLBACKS && lang == CODE_PYTHON;
	b.width = width < WIDTH_MIN ? WIDTH_MIN :
		  width > WIDTH_MAX ? WIDTH_MAX : width;
	if (make_ids(&b) < 0)
		b.failed = true;
	else if (lang == CODE_PYTHON)
		py_build(&b);
	else
		c_build(&b);
	free_ids(&b);
	if (b.failed) {
		code_free(out);
		return -1;
	}
	return 0;
}

int code_build(struct code_listing *out, const struct menu *m,
	       enum model_id model, enum code_lang lang, bool ascii)
{
	return code_build_width(out, m, model, lang, ascii, CODE_WIDTH);
}

int code_line_of(const struct code_listing *l, int recipe, int step)
{
	size_t i;
	int any = -1;

	if (!l || recipe < 0)
		return -1;
	for (i = 0; i < l->n; i++) {
		const struct code_line *cl = &l->lines[i];

		if (cl->recipe != recipe || cl->step != step)
			continue;
		if (!cl->context)
			return (int)i;
		if (any < 0)
			any = (int)i;
	}
	return any;
}

const char *code_lang_name(enum code_lang lang)
{
	switch (lang) {
	case CODE_PYTHON: return "Python";
	case CODE_C: return "C";
	default: return "?";
	}
}
