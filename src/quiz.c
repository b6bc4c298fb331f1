/* SPDX-License-Identifier: ISC */
/*
 * quiz.c - questions made from runs of the engine.
 *
 * Each attempt draws a kind, a menu and run options from the seed's
 * stream, runs what decides it (one run, or one per model) and keeps the
 * question when it has one clear answer: a tie for "first ready", or a
 * menu no model ruins, is thrown away and the next draw tried.  A run
 * costs microseconds, so even a long quiz is made in milliseconds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "parse.h"
#include "quiz.h"
#include "report.h"

#define QUIZ_TRIES_PER_QUESTION 40

struct quiz_rng {
	uint64_t s;
};

/* splitmix64: tiny, and the same numbers on every machine. */
static uint64_t
rng_next(struct quiz_rng *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
rng_below(struct quiz_rng *g, size_t n)
{
	return n == 0 ? 0 : (size_t)(rng_next(g) % n);
}

char
quiz_letter(int i)
{
	return (char)('a' + i);
}

static void
question_free(struct quiz_question *q)
{
	int i;

	free(q->text);
	free(q->why);
	for (i = 0; i < q->nchoices; i++)
		free(q->choice[i]);
	memset(q, 0, sizeof *q);
}

void
quiz_free(struct quiz *qz)
{
	size_t i;

	for (i = 0; i < qz->n; i++)
		question_free(&qz->q[i]);
	free(qz->q);
	memset(qz, 0, sizeof *qz);
}

/* "threads (GIL off, locks on) with 2 cooks" */
static char *
describe(const struct run_opts *o)
{
	return parse_format("%s (%s%slocks %s) with %d cook%s",
	    model_name(o->model),
	    o->model == MODEL_THREADS ? (o->gil ? "GIL on" : "GIL off") : "",
	    o->model == MODEL_THREADS ? ", " : "", o->locks ? "on" : "off",
	    o->cooks, o->cooks == 1 ? "" : "s");
}

static struct run *
run_to_end(const struct menu *m, const struct run_opts *o)
{
	const char *err;
	struct run *r = run_new(m, o, &err);

	if (r != NULL && run_finish(r) != 0) {
		run_free(r);
		r = NULL;
	}
	return r;
}

/* The first log line starting with prefix, as "mm:ss text"; NULL when
 * none (or out of memory). */
static char *
log_line(const struct run *r, const char *prefix)
{
	const struct trace *tr = run_trace(r);
	char t[16];
	size_t i, n = strlen(prefix);

	for (i = 0; i < tr->nevents; i++)
		if (strncmp(tr->events[i].text, prefix, n) == 0) {
			report_mmss(t, sizeof t, tr->events[i].time);
			return parse_format("%s  %s", t, tr->events[i].text);
		}
	return NULL;
}

/* Put the choices in a random order, keeping track of the answer. */
static void
shuffle(struct quiz_rng *g, struct quiz_question *q)
{
	int i, j;
	char *t;

	for (i = q->nchoices - 1; i > 0; i--) {
		j = (int)rng_below(g, (size_t)i + 1);
		t = q->choice[i];
		q->choice[i] = q->choice[j];
		q->choice[j] = t;
		if (q->answer == i)
			q->answer = j;
		else if (q->answer == j)
			q->answer = i;
	}
}

static int
add_choice(struct quiz_question *q, char *s)
{
	if (s == NULL)
		return -1;
	q->choice[q->nchoices++] = s;
	return 0;
}

/* First or last dish ready: 1 made, 0 no clear answer, -1 failed. */
static int
make_ready(struct quiz_rng *g, const struct menu *m, struct quiz_question *q,
	   bool last)
{
	const struct run_result *res;
	struct run *r;
	char *how = NULL, *prefix = NULL, *en;
	size_t i, best = 0, others[PARSE_MAX_RECIPES], no = 0;
	int ties = 0, rc = -1;

	if (m->nrecipes < 2)
		return 0;
	if ((r = run_to_end(m, &q->opts)) == NULL)
		return -1;
	res = run_result(r);
	for (i = 1; i < m->nrecipes; i++) {
		sched_ms a = res->dishes[i].ready_at, b = res->dishes[best].ready_at;
		if (a == b)
			ties++;
		if (last ? a > b : a < b) {
			best = i;
			ties = 0;
		}
	}
	for (i = 0; i < m->nrecipes; i++)
		if (i != best && res->dishes[i].ready_at ==
		    res->dishes[best].ready_at)
			ties = 1;
	if (ties) {
		run_free(r);
		return 0;
	}
	if ((how = describe(&q->opts)) == NULL)
		goto out;
	q->text = parse_format("On %s, under %s, which dish is ready %s?",
	    m->name, how, last ? "last" : "first");
	if (q->text == NULL)
		goto out;
	/* The answer and up to three others, picked by the stream. */
	for (i = 0; i < m->nrecipes; i++)
		if (i != best)
			others[no++] = i;
	q->answer = 0;
	if (add_choice(q, strdup(m->recipes[best]->name)) != 0)
		goto out;
	while (q->nchoices < QUIZ_CHOICES && no > 0) {
		size_t k = rng_below(g, no);
		if (add_choice(q, strdup(m->recipes[others[k]]->name)) != 0)
			goto out;
		others[k] = others[--no];
	}
	shuffle(g, q);
	if ((en = esc_dup(m->recipes[best]->name, false)) == NULL ||
	    (prefix = parse_format("%s is ready", en)) == NULL) {
		free(en);
		goto out;
	}
	free(en);
	q->why = log_line(r, prefix);
	rc = q->why != NULL ? 1 : -1;
out:
	free(prefix);
	free(how);
	run_free(r);
	return rc;
}

static int
has_mmss(const struct quiz_question *q, const char *s)
{
	int i;

	for (i = 0; i < q->nchoices; i++)
		if (strcmp(q->choice[i], s) == 0)
			return 1;
	return 0;
}

/* How long: the total, among totals of the other models and the recipes
 * one after another. */
static int
make_how_long(struct quiz_rng *g, const struct menu *m, struct quiz_question *q)
{
	struct run_opts o = q->opts;
	sched_ms cand[MODEL_COUNT + 2], seq = 0, t;
	char buf[16], *how = NULL, *last = NULL, *en;
	const struct run_result *res;
	struct run *r;
	size_t nc = 0, i, k, lastdish = 0;
	int rc = -1;

	if ((r = run_to_end(m, &q->opts)) == NULL)
		return -1;
	res = run_result(r);
	t = res->total;
	for (i = 0; i < m->nrecipes; i++) {
		seq += recipe_alone_total(m->recipes[i], &m->kitchen);
		if (res->dishes[i].ready_at == t)
			lastdish = i;
	}
	for (i = 0; i < MODEL_COUNT; i++) {
		struct run *other;
		if (i == (size_t)q->opts.model)
			continue;
		o.model = (enum model_id)i;
		if ((other = run_to_end(m, &o)) == NULL)
			goto out;
		cand[nc++] = run_result(other)->total;
		run_free(other);
	}
	cand[nc++] = seq;
	cand[nc++] = t + 5 * 60000;
	if ((how = describe(&q->opts)) == NULL ||
	    (q->text = parse_format("How long does %s take under %s?", m->name,
	    how)) == NULL)
		goto out;
	report_mmss(buf, sizeof buf, t);
	q->answer = 0;
	if (add_choice(q, strdup(buf)) != 0)
		goto out;
	while (q->nchoices < QUIZ_CHOICES && nc > 0) {
		k = rng_below(g, nc);
		report_mmss(buf, sizeof buf, cand[k]);
		if (!has_mmss(q, buf) && add_choice(q, strdup(buf)) != 0)
			goto out;
		cand[k] = cand[--nc];
	}
	if (q->nchoices < 3) {
		rc = 0;
		goto out;
	}
	shuffle(g, q);
	if ((en = esc_dup(m->recipes[lastdish]->name, false)) == NULL)
		goto out;
	last = parse_format("%s is ready", en);
	free(en);
	if (last == NULL)
		goto out;
	if ((q->why = log_line(r, last)) == NULL) {
		report_mmss(buf, sizeof buf, t);
		q->why = parse_format("total %s", buf);
	}
	rc = q->why != NULL ? 1 : -1;
out:
	free(last);
	free(how);
	run_free(r);
	return rc;
}

/* Which of these models ruins a dish: exactly one choice does. */
static int
make_which_ruins(struct quiz_rng *g, const struct menu *m,
		 struct quiz_question *q)
{
	struct run_opts o = q->opts;
	struct run *runs[MODEL_COUNT] = { NULL };
	size_t ruin[MODEL_COUNT], fine[MODEL_COUNT], nr = 0, nf = 0, i, k, pick;
	const struct run_result *res;
	char *en, *prefix;
	int rc = -1;

	for (i = 0; i < MODEL_COUNT; i++) {
		bool bad = false;
		o.model = (enum model_id)i;
		if ((runs[i] = run_to_end(m, &o)) == NULL)
			goto out;
		res = run_result(runs[i]);
		for (k = 0; k < res->ndishes; k++)
			bad |= !res->dishes[k].ok;
		if (bad)
			ruin[nr++] = i;
		else
			fine[nf++] = i;
	}
	if (nr == 0 || nf == 0) {
		rc = 0;
		goto out;
	}
	pick = ruin[rng_below(g, nr)];
	q->opts.model = (enum model_id)pick;
	q->answer = 0;
	if (add_choice(q, strdup(model_name((enum model_id)pick))) != 0)
		goto out;
	while (q->nchoices < QUIZ_CHOICES && nf > 0) {
		k = rng_below(g, nf);
		if (add_choice(q, strdup(model_name((enum model_id)fine[k]))) != 0)
			goto out;
		fine[k] = fine[--nf];
	}
	shuffle(g, q);
	/* The GIL is named only when threads is one of the choices. */
	for (i = 0, k = 0; i < (size_t)q->nchoices; i++)
		k |= strcmp(q->choice[i], model_name(MODEL_THREADS)) == 0;
	q->text = parse_format("On %s with %d cook%s and locks %s%s, which of "
	    "these models ruins a dish?", m->name, o.cooks, o.cooks == 1 ? "" :
	    "s", o.locks ? "on" : "off", !k ? "" : o.gil ? " (threads with the "
	    "GIL)" : " (threads without the GIL)");
	if (q->text == NULL)
		goto out;
	res = run_result(runs[pick]);
	for (k = 0; k < res->ndishes; k++)
		if (!res->dishes[k].ok)
			break;
	if ((en = esc_dup(m->recipes[res->dishes[k].recipe]->name, false)) == NULL)
		goto out;
	prefix = parse_format("%s: ruined", en);
	free(en);
	if (prefix == NULL)
		goto out;
	q->why = log_line(runs[pick], prefix);
	if (q->why == NULL)     /* a model that reports the ruin only on the dish */
		q->why = parse_format("%s: %s", m->recipes[res->dishes[k].recipe]->name,
		    res->dishes[k].problem);
	free(prefix);
	rc = q->why != NULL ? 1 : -1;
out:
	for (i = 0; i < MODEL_COUNT; i++)
		run_free(runs[i]);
	return rc;
}

/* One draw: 1 a question, 0 none this time, -1 failed. */
static int
make_one(struct quiz_rng *g, const struct menu *const *menus, size_t nmenus,
	 struct quiz_question *q)
{
	enum quiz_kind kind = (enum quiz_kind)rng_below(g, QUIZ_KIND_COUNT);
	size_t mi = rng_below(g, nmenus);
	const struct menu *m = menus[mi];
	int rc;

	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->menu = mi;
	run_opts_default(&q->opts);
	q->opts.model = (enum model_id)rng_below(g, MODEL_COUNT);
	q->opts.cooks = 1 + (int)rng_below(g, 2);
	q->opts.gil = rng_below(g, 2) == 0;
	q->opts.locks = rng_below(g, 3) == 0;
	if (q->opts.model != MODEL_THREADS)
		q->opts.gil = true;
	switch (kind) {
	case QUIZ_FIRST_READY:
		rc = make_ready(g, m, q, false);
		break;
	case QUIZ_LAST_READY:
		rc = make_ready(g, m, q, true);
		break;
	case QUIZ_HOW_LONG:
		rc = make_how_long(g, m, q);
		break;
	case QUIZ_WHICH_RUINS:
	default:
		q->opts.locks = false;
		rc = make_which_ruins(g, m, q);
		break;
	}
	if (rc != 1) {
		question_free(q);
		return rc;
	}
	return 1;
}

int
quiz_make(const struct menu *const *menus, size_t nmenus, uint64_t seed,
	  size_t count, struct quiz *out, const char **err)
{
	struct quiz_rng g = { seed };
	struct quiz_question q;
	size_t tries, i;
	bool dup;
	int rc;

	memset(out, 0, sizeof *out);
	out->seed = seed;
	*err = NULL;
	if (nmenus == 0) {
		*err = "no menus to ask about";
		return -1;
	}
	if (count == 0 || count > QUIZ_MAX_COUNT) {
		*err = "bad number of questions";
		return -1;
	}
	if ((out->q = calloc(count, sizeof *out->q)) == NULL) {
		*err = "out of memory";
		return -1;
	}
	for (tries = 0; out->n < count &&
	    tries < count * QUIZ_TRIES_PER_QUESTION; tries++) {
		rc = make_one(&g, menus, nmenus, &q);
		if (rc < 0) {
			quiz_free(out);
			*err = "out of memory while cooking";
			return -1;
		}
		if (rc == 0)
			continue;
		dup = false;
		for (i = 0; i < out->n && !dup; i++)
			dup = strcmp(out->q[i].text, q.text) == 0;
		if (dup) {
			question_free(&q);
			continue;
		}
		out->q[out->n++] = q;
	}
	if (out->n == 0) {
		quiz_free(out);
		*err = "no question has a clear answer on these menus";
		return -1;
	}
	return 0;
}
