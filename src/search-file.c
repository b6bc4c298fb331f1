/* SPDX-License-Identifier: ISC */
/*
 * search-file.c - reading and writing schedule files (search-file.h).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "jsonr.h"
#include "search-file.h"

static int
sf_fail(char **err, const char *path, int line, int col, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		n = snprintf(NULL, 0, "%s:%d:%d: %s", path, line, col, msg);
	else
		n = snprintf(NULL, 0, "%s: %s", path, msg);
	if ((*err = malloc((size_t)n + 1)) != NULL) {
		if (line > 0)
			snprintf(*err, (size_t)n + 1, "%s:%d:%d: %s", path, line,
				 col, msg);
		else
			snprintf(*err, (size_t)n + 1, "%s: %s", path, msg);
	}
	return -1;
}

/* The whole file, at most 16 MiB. */
static char *
slurp(const char *path, size_t *len, char **err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;

	if (f == NULL) {
		sf_fail(err, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (16u << 20) + 8192 ||
			    (nb = realloc(buf, cap)) == NULL) {
				sf_fail(err, path, 0, 0, cap > (16u << 20) ?
					"too large for a schedule" : "out of memory");
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		sf_fail(err, path, 0, 0, "%s", strerror(errno));
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static bool
want(const struct jsonr *v, enum jsonr_type t, const char *path,
     const char *what, char **err)
{
	if (v->type == t)
		return true;
	sf_fail(err, path, v->line, v->col, "%s must be %s, not %s", what,
		jsonr_type_name(t), jsonr_type_name(v->type));
	return false;
}

/* A whole number in [lo, hi]. */
static bool
want_int(const struct jsonr *v, double lo, double hi, const char *path,
	 const char *what, char **err)
{
	if (!want(v, JSONR_NUMBER, path, what, err))
		return false;
	if (v->num != floor(v->num) || v->num < lo || v->num > hi) {
		sf_fail(err, path, v->line, v->col,
			"%s must be a whole number from %.0f to %.0f", what, lo, hi);
		return false;
	}
	return true;
}

static int
sf_settings(const struct jsonr *doc, struct schedule_file *sf, char **err)
{
	const struct jsonr *v;

	if ((v = jsonr_get(doc, "menu")) != NULL) {
		if (!want(v, JSONR_STRING, sf->path, "\"menu\"", err))
			return -1;
		if ((sf->menu = strdup(v->str)) == NULL)
			return sf_fail(err, sf->path, 0, 0, "out of memory");
	}
	if ((v = jsonr_get(doc, "model")) != NULL) {
		if (!want(v, JSONR_STRING, sf->path, "\"model\"", err))
			return -1;
		if ((sf->model = model_by_name(v->str)) < 0)
			return sf_fail(err, sf->path, v->line, v->col,
				       "unknown model (valid: %s)", model_names());
	}
	if ((v = jsonr_get(doc, "cooks")) != NULL) {
		if (!want_int(v, 1, 64, sf->path, "\"cooks\"", err))
			return -1;
		sf->cooks = (int)v->num;
	}
	if ((v = jsonr_get(doc, "gil")) != NULL) {
		if (!want(v, JSONR_BOOL, sf->path, "\"gil\"", err))
			return -1;
		sf->gil = v->b;
	}
	if ((v = jsonr_get(doc, "locks")) != NULL) {
		if (!want(v, JSONR_BOOL, sf->path, "\"locks\"", err))
			return -1;
		sf->locks = v->b;
	}
	if ((v = jsonr_get(doc, "seed")) != NULL) {
		/* Seeds are 64-bit: a double holds them exactly only up to
		 * 2^53, which is what we write too. */
		if (!want_int(v, 0, 9007199254740992.0, sf->path, "\"seed\"", err))
			return -1;
		sf->has_seed = true;
		sf->seed = (uint64_t)v->num;
	}
	return 0;
}

static int
sf_item(const struct jsonr *e, size_t i, struct schedule_file *sf,
	char **err)
{
	struct schedule_item *it = &sf->items[i];
	const struct jsonr *at, *cook, *recipe, *step;
	char what[64];

	if (!want(e, JSONR_OBJECT, sf->path, "a decision", err))
		return -1;
	at = jsonr_get(e, "at_seconds");
	cook = jsonr_get(e, "cook");
	recipe = jsonr_get(e, "recipe");
	step = jsonr_get(e, "step");
	if (at == NULL || cook == NULL || recipe == NULL || step == NULL)
		return sf_fail(err, sf->path, e->line, e->col,
			       "decision %zu lacks \"%s\" (each needs at_seconds, cook, recipe and step)",
			       i + 1, at == NULL ? "at_seconds" : cook == NULL ?
			       "cook" : recipe == NULL ? "recipe" : "step");
	snprintf(what, sizeof what, "decision %zu's \"at_seconds\"", i + 1);
	if (!want(at, JSONR_NUMBER, sf->path, what, err))
		return -1;
	if (!(at->num >= 0 && at->num <= 1e12))
		return sf_fail(err, sf->path, at->line, at->col,
			       "%s must be a time from 0 seconds on", what);
	snprintf(what, sizeof what, "decision %zu's \"cook\"", i + 1);
	if (!want_int(cook, 1, 255, sf->path, what, err))
		return -1;
	snprintf(what, sizeof what, "decision %zu's \"recipe\"", i + 1);
	if (!want(recipe, JSONR_STRING, sf->path, what, err))
		return -1;
	snprintf(what, sizeof what, "decision %zu's \"step\"", i + 1);
	if (!want_int(step, 1, 65535, sf->path, what, err))
		return -1;
	it->at = (sched_ms)llround(at->num * 1000.0);
	it->cook = (int)cook->num - 1;
	it->step = (int)step->num - 1;
	it->line = e->line;
	it->col = e->col;
	if ((it->recipe = strdup(recipe->str)) == NULL)
		return sf_fail(err, sf->path, 0, 0, "out of memory");
	if (i > 0 && it->at < sf->items[i - 1].at)
		return sf_fail(err, sf->path, at->line, at->col,
			       "decision %zu goes back in time (before decision %zu)",
			       i + 1, i);
	return 0;
}

int
schedule_file_read(const char *path, struct schedule_file *sf, char **err)
{
	const struct jsonr *list;
	struct jsonr *doc;
	char *text, *jerr = NULL;
	size_t len = 0, i;
	int rc = -1;

	memset(sf, 0, sizeof *sf);
	sf->model = -1;
	sf->gil = sf->locks = -1;
	*err = NULL;
	if ((sf->path = strdup(path)) == NULL)
		return sf_fail(err, path, 0, 0, "out of memory");
	if ((text = slurp(path, &len, err)) == NULL)
		return -1;
	doc = jsonr_parse(text, len, &jerr);
	free(text);
	if (doc == NULL) {
		sf_fail(err, path, 0, 0, "%s", jerr ? jerr : "out of memory");
		/* jerr is "line:col: what": keep the path:line:col form. */
		if (*err != NULL && jerr != NULL) {
			free(*err);
			*err = NULL;
			{
				size_t n = strlen(path) + strlen(jerr) + 3;

				if ((*err = malloc(n)) != NULL)
					snprintf(*err, n, "%s:%s", path, jerr);
			}
		}
		free(jerr);
		return -1;
	}
	if (doc->type != JSONR_OBJECT) {
		sf_fail(err, path, doc->line, doc->col,
			"a schedule is a JSON object with a \"schedule\" list, not %s",
			jsonr_type_name(doc->type));
		goto out;
	}
	if ((list = jsonr_get(doc, "schedule")) == NULL) {
		sf_fail(err, path, doc->line, doc->col,
			jsonr_get(doc, "outcomes") != NULL ?
			"this is an --explore report: replay one of its examples (outcomes[i].example)" :
			"no \"schedule\" list in this object");
		goto out;
	}
	if (!want(list, JSONR_ARRAY, path, "\"schedule\"", err))
		goto out;
	if (sf_settings(doc, sf, err) != 0)
		goto out;
	if (list->n > 0 &&
	    (sf->items = calloc(list->n, sizeof *sf->items)) == NULL) {
		sf_fail(err, path, 0, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < list->n; i++) {
		sf->n = i + 1;
		if (sf_item(list->items[i], i, sf, err) != 0)
			goto out;
	}
	sf->n = list->n;
	rc = 0;
out:
	jsonr_free(doc);
	return rc;
}

void
schedule_file_free(struct schedule_file *sf)
{
	size_t i;

	for (i = 0; i < sf->n; i++)
		free(sf->items[i].recipe);
	free(sf->items);
	free(sf->menu);
	free(sf->path);
	memset(sf, 0, sizeof *sf);
}

int
schedule_file_path(const struct schedule_file *sf, const struct menu *m,
		   struct search_path *p, char **err)
{
	struct search_step st;
	size_t i, j;
	char *e;

	p->n = 0;
	for (i = 0; i < sf->n; i++) {
		const struct schedule_item *it = &sf->items[i];

		for (j = 0; j < m->nrecipes; j++)
			if (strcmp(m->recipes[j]->name, it->recipe) == 0)
				break;
		if (j == m->nrecipes) {
			e = esc_dup(it->recipe, false);
			sf_fail(err, sf->path, it->line, it->col,
				"decision %zu names the recipe '%s', which is not in the menu %s",
				i + 1, e ? e : "?", m->name);
			free(e);
			return -1;
		}
		if ((size_t)it->step >= m->recipes[j]->nsteps)
			return sf_fail(err, sf->path, it->line, it->col,
				       "decision %zu: the %s has %zu steps, not %d",
				       i + 1, it->recipe, m->recipes[j]->nsteps,
				       it->step + 1);
		st.at = it->at;
		st.cook = it->cook;
		st.recipe = (int)j;
		st.step = it->step;
		st.preempts = st.continues = st.starts = false;
		if (search_path_push(p, &st) != 0)
			return sf_fail(err, sf->path, 0, 0, "out of memory");
	}
	return 0;
}

/* ---- writing ---------------------------------------------------------------- */

void
schedule_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

void
schedule_json_seconds(FILE *f, sched_ms ms)
{
	if (ms % 1000 == 0)
		fprintf(f, "%lld", (long long)(ms / 1000));
	else
		fprintf(f, "%lld.%03lld", (long long)(ms / 1000),
			(long long)(ms % 1000));
}

void
schedule_json_members(FILE *f, const struct menu *m, const char *menu,
		      const struct run_opts *o, const struct search_path *p,
		      int indent)
{
	size_t i;

	fprintf(f, "%*s\"menu\": ", indent, "");
	schedule_json_str(f, menu);
	fprintf(f, ",\n%*s\"model\": \"%s\",\n", indent, "", model_name(o->model));
	fprintf(f, "%*s\"cooks\": %d,\n", indent, "", run_cooks_for(m, o));
	fprintf(f, "%*s\"gil\": %s,\n", indent, "", o->gil ? "true" : "false");
	fprintf(f, "%*s\"locks\": %s,\n", indent, "", o->locks ? "true" : "false");
	fprintf(f, "%*s\"seed\": %" PRIu64 ",\n", indent, "", o->seed);
	fprintf(f, "%*s\"schedule\": [", indent, "");
	for (i = 0; i < p->n; i++) {
		const struct search_step *s = &p->v[i];

		fprintf(f, "%s\n%*s{\"at_seconds\": ", i ? "," : "", indent + 2, "");
		schedule_json_seconds(f, s->at);
		fprintf(f, ", \"cook\": %d, \"recipe\": ", s->cook + 1);
		schedule_json_str(f, m->recipes[s->recipe]->name);
		fprintf(f, ", \"step\": %d}", s->step + 1);
	}
	if (p->n)
		fprintf(f, "\n%*s]", indent, "");
	else
		fputs("]", f);
}

void
schedule_json_object(FILE *f, const struct menu *m, const char *menu,
		     const struct run_opts *o, const struct search_path *p,
		     int indent)
{
	fputs("{\n", f);
	schedule_json_members(f, m, menu, o, p, indent + 2);
	fprintf(f, "\n%*s}", indent, "");
}
