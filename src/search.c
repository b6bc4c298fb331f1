/* SPDX-License-Identifier: ISC */
/*
 * search.c - what both searches share: paths (schedules), the stack of
 * runs to branch into, the table of seen states, and the replay chooser.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search-impl.h"

void
search_path_free(struct search_path *p)
{
	free(p->v);
	memset(p, 0, sizeof *p);
}

static int
path_room(struct search_path *p, size_t n)
{
	struct search_step *v;
	size_t cap = p->cap ? p->cap : 16;

	if (n <= p->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	if ((v = realloc(p->v, cap * sizeof *v)) == NULL)
		return -1;
	p->v = v;
	p->cap = cap;
	return 0;
}

int
search_path_push(struct search_path *p, const struct search_step *s)
{
	if (path_room(p, p->n + 1) != 0)
		return -1;
	p->v[p->n++] = *s;
	return 0;
}

int
search_path_copy(struct search_path *dst, const struct search_path *src)
{
	if (path_room(dst, src->n) != 0)
		return -1;
	if (src->n > 0)
		memcpy(dst->v, src->v, src->n * sizeof *src->v);
	dst->n = src->n;
	return 0;
}

/* Plain C: a set is at most 64 bits, and no compiler builtin is needed. */
size_t
search_dish_count(uint64_t dishes)
{
	size_t n = 0;

	for (; dishes != 0; dishes &= dishes - 1)
		n++;
	return n;
}

/* ---- the stack of runs ------------------------------------------------------ */

void
search_stack_init(struct search_stack *s, const struct menu *m,
		  const struct run_opts *opts)
{
	memset(s, 0, sizeof *s);
	s->menu = m;
	s->opts = *opts;
	s->opts.decide = true;
	s->opts.keep_spans = false;
	s->opts.tables = 1;
}

struct run *
search_stack_at(struct search_stack *s, size_t d, const char **err)
{
	struct run **v;
	size_t cap;

	if (d >= s->cap) {
		cap = s->cap ? s->cap * 2 : 64;
		while (cap <= d)
			cap *= 2;
		if ((v = realloc(s->runs, cap * sizeof *v)) == NULL) {
			*err = "out of memory";
			return NULL;
		}
		memset(v + s->cap, 0, (cap - s->cap) * sizeof *v);
		s->runs = v;
		s->cap = cap;
	}
	if (s->runs[d] == NULL &&
	    (s->runs[d] = run_new(s->menu, &s->opts, err)) == NULL)
		return NULL;
	if (d >= s->n)
		s->n = d + 1;
	return s->runs[d];
}

struct run *
search_branch(struct search_stack *s, size_t d, struct run *r, size_t i,
	      struct search_path *path, const char **err)
{
	const struct run_decision *dec = run_decision(r);
	const struct run_choice *c = &dec->choices[i];
	struct search_step st;
	struct run *child;

	st.at = dec->at;
	st.cook = c->cook;
	st.recipe = c->recipe;
	st.step = c->step;
	st.preempts = c->preempts;
	st.continues = c->continues;
	st.starts = c->starts;
	if ((child = search_stack_at(s, d + 1, err)) == NULL ||
	    run_copy(child, r) != 0 || run_choose(child, i) != 0 ||
	    run_to_decision(child) < 0 || search_path_push(path, &st) != 0)
		return NULL;
	return child;
}

void
search_stack_free(struct search_stack *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		run_free(s->runs[i]);
	free(s->runs);
	memset(s, 0, sizeof *s);
}

/* ---- seen states ---------------------------------------------------------------- */

static size_t
seen_slot(const struct search_seen *t, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & (t->cap - 1);

	while (t->keys[i] != 0 && t->keys[i] != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static int
seen_grow(struct search_seen *t)
{
	struct search_seen n;
	size_t i, j;

	n.cap = t->cap ? t->cap * 2 : 1u << 12;
	n.n = t->n;
	n.keys = calloc(n.cap, sizeof *n.keys);
	n.vals = malloc(n.cap);
	if (n.keys == NULL || n.vals == NULL) {
		free(n.keys);
		free(n.vals);
		return -1;
	}
	for (i = 0; i < t->cap; i++) {
		if (t->keys[i] == 0)
			continue;
		j = seen_slot(&n, t->keys[i]);
		n.keys[j] = t->keys[i];
		n.vals[j] = t->vals[i];
	}
	free(t->keys);
	free(t->vals);
	*t = n;
	return 0;
}

bool
search_seen_get(struct search_seen *t, uint64_t key, uint8_t *val, bool *oom)
{
	size_t i;

	if (key == 0)
		key = 1;
	if ((t->n + 1) * 2 > t->cap && seen_grow(t) != 0) {
		*oom = true;
		return false;
	}
	i = seen_slot(t, key);
	if (t->keys[i] == key) {
		*val = t->vals[i];
		return true;
	}
	t->keys[i] = key;
	t->vals[i] = *val;
	t->n++;
	return false;
}

void
search_seen_set(struct search_seen *t, uint64_t key, uint8_t val)
{
	size_t i;

	if (key == 0)
		key = 1;
	if (t->cap == 0)
		return;
	i = seen_slot(t, key);
	if (t->keys[i] == key)
		t->vals[i] = val;
}

size_t
search_seen_bytes(const struct search_seen *t)
{
	return t->cap * (sizeof *t->keys + sizeof *t->vals);
}

void
search_seen_free(struct search_seen *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}

/* ---- replay ------------------------------------------------------------------------ */

int
search_replay_chooser(void *ctx, const struct run *r,
		      const struct run_decision *d)
{
	struct search_replay *rp = ctx;
	const struct search_step *s;
	size_t i;

	(void)r;
	if (d->index >= rp->path->n) {
		rp->ran_out = true;
		rp->failed = true;
		rp->mismatch = (size_t)d->index;
		return -1;
	}
	s = &rp->path->v[d->index];
	for (i = 0; i < d->n; i++) {
		const struct run_choice *c = &d->choices[i];

		if (c->recipe == s->recipe && c->cook == s->cook &&
		    c->step == s->step && d->at == s->at)
			return (int)i;
	}
	rp->failed = true;
	rp->mismatch = (size_t)d->index;
	return -1;
}
