/* SPDX-License-Identifier: ISC */
/*
 * lesson.c - the lesson file reader and the cues' moments (lesson.h).
 *
 * A line is fields: bare words, or "quoted text" with \" and \\ inside;
 * '#' at the start of a field begins a comment.  Those lexical rules are
 * the recipe files' (parse-line.c does both).  The first directive is
 * `lesson NAME "Title"`; each `scene "Title"` opens a scene, and the
 * settings and cues after it belong to it.  Everything is checked on the
 * spot, so the first problem is reported where it is.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "lesson.h"
#include "parse.h"

struct lctx {
	const char *path;
	int line;
	char *buf;              /* the current line's fields, NUL-separated */
	struct parse_field f[PARSE_MAX_FIELDS];
	int nf;
	char **err;
	struct lesson *les;
	struct lesson_scene *sc;        /* the open scene, NULL before one */
	int set_line[8];        /* per setting: the line it was made on */
};

enum { SET_MENU, SET_MODEL, SET_COOKS, SET_GIL, SET_LOCKS, SET_SEED,
       SET_SPEED, SET_PAUSED };
static const char *const set_names[] = {
	"menu", "model", "cooks", "gil", "locks", "seed", "speed", "paused"
};

static int
lerr(struct lctx *c, int col, const char *fmt, ...)
	KT_PRINTF(3, 4);
static int
lerr(struct lctx *c, int col, const char *fmt, ...)
{
	va_list ap;
	char msg[600];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	*c->err = parse_errorf(c->path, c->line, col, "%s", msg);
	return -1;
}

/* File text in a message: escaped, cut short. */
static const char *
lshow(char *buf, size_t n, const char *s)
{
	if (esc_msg(buf, n - 3, s) >= n - 3)
		strcat(buf, "...");
	return buf;
}

static int
want(struct lctx *c, int min, int max, const char *usage)
{
	char show[60];

	if (c->nf < min)
		return lerr(c, c->nf > 0 ? c->f[c->nf - 1].col : 1,
			    "missing field: %s", usage);
	if (c->nf > max)
		return lerr(c, c->f[max].col, "extra field '%s': %s",
			    lshow(show, sizeof show, c->f[max].v), usage);
	return 0;
}

static char *
ldup(struct lctx *c, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		*c->err = NULL;
	return d;
}

static int
on_off(struct lctx *c, int i, int *out)
{
	char show[60];

	if (!strcmp(c->f[i].v, "on") || !strcmp(c->f[i].v, "yes"))
		*out = 1;
	else if (!strcmp(c->f[i].v, "off") || !strcmp(c->f[i].v, "no"))
		*out = 0;
	else
		return lerr(c, c->f[i].col, "expected on or off, not '%s'",
			    lshow(show, sizeof show, c->f[i].v));
	return 0;
}

/* A setting may be made once per scene. */
static int
setting(struct lctx *c, int which)
{
	if (c->sc == NULL)
		return lerr(c, c->f[0].col, "'%s' before the first scene",
			    set_names[which]);
	if (c->set_line[which] != 0)
		return lerr(c, c->f[0].col, "%s already set on line %d",
			    set_names[which], c->set_line[which]);
	c->set_line[which] = c->line;
	return 0;
}

static int
number(struct lctx *c, int i, long min, long max, long *out)
{
	char *end, show[60];
	long v;

	errno = 0;
	v = strtol(c->f[i].v, &end, 10);
	if (c->f[i].v[0] < '0' || c->f[i].v[0] > '9' || errno || *end ||
	    v < min || v > max)
		return lerr(c, c->f[i].col, "expected a number from %ld to %ld, "
			    "not '%s'", min, max, lshow(show, sizeof show, c->f[i].v));
	*out = v;
	return 0;
}

/* WHEN: "at TIME", "start RECIPE STEP", "ruined", "deadlock", "end";
 * from field i; the fields used in *used. */
static int
parse_when(struct lctx *c, int i, struct lesson_cue *q, int *used)
{
	const char *w = c->f[i].v;
	char show[60], *derr = NULL;
	long step;

	if (!strcmp(w, "at")) {
		if (i + 1 >= c->nf)
			return lerr(c, c->f[i].col, "missing TIME after 'at' "
				    "(like 90s, 18m, 1h30m)");
		/* parse_duration refuses 0 (no step lasts nothing); a
		 * moment may well be the very start. */
		if (!strcmp(c->f[i + 1].v, "0") || !strcmp(c->f[i + 1].v, "0s") ||
		    !strcmp(c->f[i + 1].v, "0m"))
			q->at = 0;
		else if (parse_duration(c->f[i + 1].v, &q->at, &derr) < 0) {
			lerr(c, c->f[i + 1].col, "%s", derr ? derr : "bad duration");
			free(derr);
			return -1;
		}
		q->when = LESSON_AT;
		*used = 2;
	} else if (!strcmp(w, "start")) {
		if (i + 2 >= c->nf)
			return lerr(c, c->f[i].col, "missing field: start RECIPE STEP");
		if (!parse_is_name(c->f[i + 1].v))
			return lerr(c, c->f[i + 1].col, "bad recipe name '%s'",
				    lshow(show, sizeof show, c->f[i + 1].v));
		if (number(c, i + 2, 1, 1000, &step) < 0)
			return -1;
		if ((q->recipe = ldup(c, c->f[i + 1].v)) == NULL)
			return -1;
		q->step = (int)step;
		q->when = LESSON_START;
		*used = 3;
	} else if (!strcmp(w, "ruined")) {
		q->when = LESSON_RUINED;
		*used = 1;
	} else if (!strcmp(w, "deadlock")) {
		q->when = LESSON_DEADLOCK;
		*used = 1;
	} else if (!strcmp(w, "end")) {
		q->when = LESSON_END;
		*used = 1;
	} else {
		return lerr(c, c->f[i].col, "unknown moment '%s' (valid: at TIME, "
			    "start RECIPE STEP, ruined, deadlock, end)",
			    lshow(show, sizeof show, w));
	}
	return 0;
}

/* caption WHEN "text" | stop WHEN ["text"] */
static int
parse_cue(struct lctx *c, bool stop)
{
	struct lesson_scene *sc = c->sc;
	struct lesson_cue q, *grown;
	int used = 0;
	const char *usage = stop ? "stop WHEN [\"text\"]" : "caption WHEN \"text\"";

	memset(&q, 0, sizeof q);
	if (sc == NULL)
		return lerr(c, c->f[0].col, "'%s' before the first scene", c->f[0].v);
	if (c->nf < 2)
		return lerr(c, c->f[0].col, "missing field: %s", usage);
	if (sc->ncues == LESSON_MAX_CUES)
		return lerr(c, c->f[0].col, "too many cues in a scene (at most %d)",
			    LESSON_MAX_CUES);
	if (parse_when(c, 1, &q, &used) < 0)
		return -1;
	if (!stop && 1 + used >= c->nf) {
		free(q.recipe);
		return lerr(c, c->f[c->nf - 1].col, "missing field: %s", usage);
	}
	if (c->nf > 1 + used + 1) {
		free(q.recipe);
		return lerr(c, c->f[2 + used].col, "extra field: %s", usage);
	}
	if (1 + used < c->nf) {
		if (strlen(c->f[1 + used].v) > LESSON_MAX_TEXT) {
			free(q.recipe);
			return lerr(c, c->f[1 + used].col, "caption longer than "
				    "%d bytes", LESSON_MAX_TEXT);
		}
		if ((q.text = ldup(c, c->f[1 + used].v)) == NULL) {
			free(q.recipe);
			return -1;
		}
	}
	q.stop = stop;
	q.line = c->line;
	q.col = c->f[1].col;
	grown = realloc(sc->cues, (sc->ncues + 1) * sizeof *grown);
	if (grown == NULL) {
		free(q.recipe);
		free(q.text);
		*c->err = NULL;
		return -1;
	}
	sc->cues = grown;
	sc->cues[sc->ncues++] = q;
	return 0;
}

static int
parse_scene(struct lctx *c)
{
	struct lesson *l = c->les;
	struct lesson_scene *grown, *sc;

	if (want(c, 2, 2, "scene \"Title\"") < 0)
		return -1;
	if (l->nscenes == LESSON_MAX_SCENES)
		return lerr(c, c->f[0].col, "too many scenes (at most %d)",
			    LESSON_MAX_SCENES);
	grown = realloc(l->scenes, (l->nscenes + 1) * sizeof *grown);
	if (grown == NULL) {
		*c->err = NULL;
		return -1;
	}
	l->scenes = grown;
	sc = &l->scenes[l->nscenes];
	memset(sc, 0, sizeof *sc);
	sc->model = sc->gil = sc->locks = -1;
	sc->line = c->line;
	if ((sc->title = ldup(c, c->f[1].v)) == NULL)
		return -1;
	l->nscenes++;
	c->sc = sc;
	memset(c->set_line, 0, sizeof c->set_line);
	return 0;
}

static int
parse_setting(struct lctx *c, int which)
{
	struct lesson_scene *sc;
	char show[60], *end;
	long v;
	int m;

	if (setting(c, which) < 0)
		return -1;
	sc = c->sc;
	if (want(c, which == SET_PAUSED ? 1 : 2, which == SET_PAUSED ? 1 : 2,
		 which == SET_PAUSED ? "paused" : "SETTING VALUE") < 0)
		return -1;
	switch (which) {
	case SET_MENU:
		if (!parse_is_name(c->f[1].v))
			return lerr(c, c->f[1].col, "bad menu name '%s'",
				    lshow(show, sizeof show, c->f[1].v));
		sc->menu_line = c->line;
		sc->menu_col = c->f[1].col;
		return (sc->menu = ldup(c, c->f[1].v)) ? 0 : -1;
	case SET_MODEL:
		if ((m = model_by_name(c->f[1].v)) < 0)
			return lerr(c, c->f[1].col, "unknown model '%s' (valid: %s)",
				    lshow(show, sizeof show, c->f[1].v), model_names());
		sc->model = m;
		return 0;
	case SET_COOKS:
		if (number(c, 1, 1, 64, &v) < 0)
			return -1;
		sc->cooks = (int)v;
		return 0;
	case SET_GIL: return on_off(c, 1, &sc->gil);
	case SET_LOCKS: return on_off(c, 1, &sc->locks);
	case SET_SEED:
		errno = 0;
		sc->seed = strtoull(c->f[1].v, &end, 10);
		if (c->f[1].v[0] < '0' || c->f[1].v[0] > '9' || errno || *end)
			return lerr(c, c->f[1].col, "bad seed '%s'",
				    lshow(show, sizeof show, c->f[1].v));
		sc->seed_set = true;
		return 0;
	case SET_SPEED:
		errno = 0;
		sc->speed = strtod(c->f[1].v, &end);
		if (errno || end == c->f[1].v || *end ||
		    !(sc->speed >= 0.01 && sc->speed <= 100000.0))
			return lerr(c, c->f[1].col, "bad speed '%s' (0.01 to 100000)",
				    lshow(show, sizeof show, c->f[1].v));
		return 0;
	case SET_PAUSED:
		sc->paused = true;
		return 0;
	}
	return 0;
}

static int
parse_line(struct lctx *c)
{
	const char *d = c->f[0].v;
	char show[60];
	size_t i;

	if (c->les->name == NULL) {
		if (strcmp(d, "lesson") != 0)
			return lerr(c, c->f[0].col, "a lesson file starts with "
				    "'lesson NAME \"Title\"', not '%s'",
				    lshow(show, sizeof show, d));
		if (want(c, 3, 3, "lesson NAME \"Title\"") < 0)
			return -1;
		if (!parse_is_name(c->f[1].v))
			return lerr(c, c->f[1].col, "bad lesson name '%s'",
				    lshow(show, sizeof show, c->f[1].v));
		if ((c->les->name = ldup(c, c->f[1].v)) == NULL ||
		    (c->les->title = ldup(c, c->f[2].v)) == NULL)
			return -1;
		return 0;
	}
	if (!strcmp(d, "lesson"))
		return lerr(c, c->f[0].col, "one lesson per file");
	if (!strcmp(d, "scene"))
		return parse_scene(c);
	if (!strcmp(d, "caption"))
		return parse_cue(c, false);
	if (!strcmp(d, "stop"))
		return parse_cue(c, true);
	for (i = 0; i < sizeof set_names / sizeof set_names[0]; i++)
		if (!strcmp(d, set_names[i]))
			return parse_setting(c, (int)i);
	return lerr(c, c->f[0].col, "unknown directive '%s' (valid: lesson, "
		    "scene, menu, model, cooks, gil, locks, seed, speed, paused, "
		    "caption, stop)", lshow(show, sizeof show, d));
}

void
lesson_free(struct lesson *l)
{
	size_t i, j;

	if (l == NULL)
		return;
	for (i = 0; i < l->nscenes; i++) {
		for (j = 0; j < l->scenes[i].ncues; j++) {
			free(l->scenes[i].cues[j].recipe);
			free(l->scenes[i].cues[j].text);
		}
		free(l->scenes[i].cues);
		free(l->scenes[i].title);
		free(l->scenes[i].menu);
	}
	free(l->scenes);
	free(l->name);
	free(l->title);
	free(l->path);
	free(l);
}

int
lesson_parse_buffer(const char *path, const char *buf, size_t len,
		    struct lesson **out, char **err)
{
	struct lctx c;
	struct parse_lex_err lex;
	struct parse_lines it;
	const char *l;
	size_t n;
	int rc = 0;

	*out = NULL;
	*err = NULL;
	memset(&c, 0, sizeof c);
	c.path = path;
	c.err = err;
	if ((c.les = calloc(1, sizeof *c.les)) == NULL ||
	    (c.les->path = strdup(path)) == NULL ||
	    (c.buf = malloc(PARSE_LINE_SCRATCH)) == NULL) {
		lesson_free(c.les);
		return -1;
	}
	if (parse_lines_start(&it, buf, len, &lex) != 0) {
		c.line = 1;
		rc = lerr(&c, lex.col, "%s", lex.msg);
	}
	while (rc == 0 && parse_lines_next(&it, &l, &n)) {
		c.line++;
		if (parse_line_fields(l, n, c.buf, c.f, PARSE_MAX_FIELDS,
				      &c.nf, &lex) != 0) {
			rc = lerr(&c, lex.col, "%s", lex.msg);
			break;
		}
		if (c.nf > 0)
			rc = parse_line(&c);
	}
	if (rc == 0 && c.les->name == NULL) {
		c.line = c.line ? c.line : 1;
		rc = lerr(&c, 1, "empty lesson: it starts with 'lesson NAME \"Title\"'");
	} else if (rc == 0 && c.les->nscenes == 0) {
		rc = lerr(&c, 1, "a lesson needs at least one scene");
	}
	free(c.buf);
	if (rc != 0) {
		lesson_free(c.les);
		return -1;
	}
	*out = c.les;
	return 0;
}

/* Menus, recipes and steps must exist, checked with the catalog. */
static int
lesson_check(const char *datadir, struct lesson *l, char **err)
{
	struct menu *m = NULL;
	size_t i, j, k;
	char *merr = NULL, show[60];

	for (i = 0; i < l->nscenes; i++) {
		struct lesson_scene *sc = &l->scenes[i];
		const char *name = sc->menu ? sc->menu : "salmon-dinner";

		if (catalog_load_menu(datadir, name, &m, &merr) < 0) {
			*err = sc->menu == NULL ? merr :
			    parse_errorf(l->path, sc->menu_line, sc->menu_col,
					 "menu '%s' does not load: %s",
					 lshow(show, sizeof show, name),
					 merr ? merr : "out of memory");
			if (sc->menu != NULL)
				free(merr);
			return -1;
		}
		for (j = 0; j < sc->ncues; j++) {
			struct lesson_cue *q = &sc->cues[j];

			if (q->when != LESSON_START)
				continue;
			for (k = 0; k < m->nrecipes; k++)
				if (!strcmp(m->recipes[k]->name, q->recipe))
					break;
			if (k == m->nrecipes) {
				*err = parse_errorf(l->path, q->line, q->col,
				    "no recipe '%s' in menu %s", q->recipe, name);
				menu_free(m);
				return -1;
			}
			if ((size_t)q->step > m->recipes[k]->nsteps) {
				*err = parse_errorf(l->path, q->line, q->col,
				    "recipe %s has %zu steps, not %d", q->recipe,
				    m->recipes[k]->nsteps, q->step);
				menu_free(m);
				return -1;
			}
		}
		menu_free(m);
		m = NULL;
	}
	return 0;
}

int
lesson_load(const char *datadir, const char *name, struct lesson **out,
	    char **err)
{
	size_t n = strlen(name), len;
	char *path, *buf = NULL;
	int rc;

	*out = NULL;
	*err = NULL;
	if (strchr(name, '/') != NULL || (n > 7 && !strcmp(name + n - 7, ".lesson")))
		path = strdup(name);
	else if ((path = catalog_find(datadir, name, ".lesson")) == NULL) {
		char show[60];

		*err = parse_format("kitchen-tui: unknown lesson '%s' (kitchen-tui "
				    "--list shows the lessons)",
				    lshow(show, sizeof show, name));
		return -1;
	}
	if (path == NULL)
		return -1;
	rc = parse_read_file(path, &buf, &len, err);
	if (rc == 0)
		rc = lesson_parse_buffer(path, buf, len, out, err);
	if (rc == 0 && (rc = lesson_check(datadir, *out, err)) < 0) {
		lesson_free(*out);
		*out = NULL;
	}
	free(buf);
	free(path);
	return rc;
}

void
lesson_scene_opts(const struct lesson_scene *s, struct run_opts *ro)
{
	if (s->model >= 0)
		ro->model = (enum model_id)s->model;
	ro->cooks = s->cooks;
	if (s->gil >= 0)
		ro->gil = s->gil != 0;
	if (s->locks >= 0)
		ro->locks = s->locks != 0;
	if (s->seed_set)
		ro->seed = s->seed;
}

static bool
lesson_any_dish(const struct run *r, bool ruined)
{
	const struct run_result *res = run_result(r);
	size_t i;

	for (i = 0; i < res->ndishes; i++)
		if (ruined ? !res->dishes[i].ok : res->dishes[i].ready_at < 0)
			return true;
	return false;
}

bool
lesson_cue_due(const struct lesson_cue *c, const struct run *r)
{
	const struct menu *m = run_menu(r);
	size_t i;

	switch (c->when) {
	case LESSON_AT:
		/* A time past the end comes when the dinner is done. */
		return run_now(r) >= c->at || run_done(r);
	case LESSON_START:
		for (i = 0; i < m->nrecipes; i++)
			if (!strcmp(m->recipes[i]->name, c->recipe))
				return run_recipe_step(r, (int)i) >= c->step - 1;
		return false;
	case LESSON_RUINED:
		/* A deadlock's dishes are not ok either, but they are not
		 * ruined: they were never served. */
		return run_deadlock(r) == NULL && lesson_any_dish(r, true);
	case LESSON_DEADLOCK:
		return run_deadlock(r) != NULL;
	case LESSON_END:
		return run_done(r);
	}
	return false;
}

void
lesson_cue_moment(const struct lesson_cue *c, char *buf, size_t n)
{
	char t[32];

	switch (c->when) {
	case LESSON_AT:
		snprintf(t, sizeof t, "%lld:%02lld", (long long)(c->at / 60000),
			 (long long)(c->at / 1000 % 60));
		snprintf(buf, n, "at %s", t);
		break;
	case LESSON_START:
		snprintf(buf, n, "when %s step %d starts", c->recipe, c->step);
		break;
	case LESSON_RUINED: snprintf(buf, n, "when a dish is ruined"); break;
	case LESSON_DEADLOCK: snprintf(buf, n, "at the deadlock"); break;
	case LESSON_END: snprintf(buf, n, "at the end"); break;
	}
}
