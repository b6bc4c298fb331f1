/* SPDX-License-Identifier: ISC */
/*
 * play-search.c - depth-first search over a level's decision points.
 *
 * One run per depth (stack[d] is the state after d choices below the
 * root), so a branch costs one run_copy of a few hundred bytes; menus with
 * jars branch by replaying from 00:00 instead, O(depth) runs per node.
 * Visited states are an open-addressing table of 64-bit hashes, 8 bytes
 * each (16 with the budget for goal search), doubled when half full.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "play-search.h"

struct seen {
	uint64_t *key;
	int *val;               /* goal search: the budget it was seen with */
	size_t cap, n;
};

struct ps {
	const struct menu *m;
	struct run_opts o;
	bool snap;
	const size_t *prefix;
	size_t nprefix;
	struct run **stack;
	size_t nstack;
	size_t *path;
	size_t npath, cappath;
	struct seen seen;
	uint64_t nodes, limit;
	bool cut, oom;
	enum level_goal goal;   /* GOAL_SHORTEST: best dinner */
	struct play_found *best;
};

void
play_found_free(struct play_found *f)
{
	free(f->moves);
	memset(f, 0, sizeof *f);
}

size_t
play_bad_dishes(const struct run *r)
{
	const struct run_result *res = run_result(r);
	size_t i, bad = 0;

	for (i = 0; i < res->ndishes; i++)
		if (!res->dishes[i].ok || (run_done(r) && res->dishes[i].ready_at < 0))
			bad++;
	return bad;
}

bool
play_goal_reached(const struct run *r, enum level_goal goal)
{
	const struct run_result *res = run_result(r);
	size_t i;

	for (i = 0; i < res->ndishes; i++) {
		const struct run_dish *d = &res->dishes[i];
		switch (goal) {
		case GOAL_RUIN:
			if (!d->ok)
				return true;
			break;
		case GOAL_LOSE_UPDATE:
			/* model-jar.c's words for a lost update: the dish
			 * is short of what it spooned. */
			if (!d->ok && strncmp(d->problem, "short of ", 9) == 0)
				return true;
			break;
		case GOAL_DEADLOCK:
			/* model.h's verdict: no event left, a recipe stuck. */
			if (run_deadlock(r) != NULL)
				return true;
			break;
		default:
			return false;
		}
	}
	return false;
}

/* ---- visited states ------------------------------------------------------- */

static int
seen_grow(struct seen *s)
{
	size_t cap = s->cap ? 2 * s->cap : 4096, i, j;
	uint64_t *key = calloc(cap, sizeof *key);
	int *val = calloc(cap, sizeof *val);

	if (key == NULL || val == NULL) {
		free(key);
		free(val);
		return -1;
	}
	for (i = 0; i < s->cap; i++) {
		if (s->key[i] == 0)
			continue;
		for (j = s->key[i] & (cap - 1); key[j] != 0; j = (j + 1) & (cap - 1))
			;
		key[j] = s->key[i];
		val[j] = s->val[i];
	}
	free(s->key);
	free(s->val);
	s->key = key;
	s->val = val;
	s->cap = cap;
	return 0;
}

/* Seen with a budget of at least `budget`: 1.  Else record it: 0.  -1 oom. */
static int
seen_check(struct seen *s, uint64_t h, int budget)
{
	size_t j;

	if (h == 0)
		h = 1;          /* 0 marks an empty slot */
	if (2 * (s->n + 1) > s->cap && seen_grow(s) != 0)
		return -1;
	for (j = h & (s->cap - 1); s->key[j] != 0; j = (j + 1) & (s->cap - 1))
		if (s->key[j] == h) {
			if (s->val[j] >= budget)
				return 1;
			s->val[j] = budget;
			return 0;
		}
	s->key[j] = h;
	s->val[j] = budget;
	s->n++;
	return 0;
}

/* ---- runs ----------------------------------------------------------------- */

static struct run *
fresh(struct ps *p)
{
	const char *err;
	struct run *r = run_new(p->m, &p->o, &err);

	if (r == NULL)
		p->oom = true;
	return r;
}

/* Take choices[0..n) from where r is, stopping at each next decision. */
static int
replay(struct run *r, const size_t *choices, size_t n)
{
	size_t i;

	if (run_to_decision(r) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (run_choose(r, choices[i]) != 0 || run_to_decision(r) < 0)
			return -1;
	return 0;
}

static int
path_push(struct ps *p, size_t i)
{
	if (p->npath == p->cappath) {
		size_t cap = p->cappath ? 2 * p->cappath : 64;
		size_t *np = realloc(p->path, cap * sizeof *np);
		if (np == NULL)
			return -1;
		p->path = np;
		p->cappath = cap;
	}
	p->path[p->npath++] = i;
	return 0;
}

/* stack[d + 1] = stack[d] after choice i, at its next decision. */
static struct run *
child(struct ps *p, size_t d, size_t i)
{
	struct run *c;

	if (p->nstack <= d + 1) {
		struct run **ns = realloc(p->stack, (d + 2) * sizeof *ns);
		if (ns == NULL) {
			p->oom = true;
			return NULL;
		}
		p->stack = ns;
		while (p->nstack <= d + 1)
			p->stack[p->nstack++] = NULL;
	}
	if (p->snap) {
		if (p->stack[d + 1] == NULL && (p->stack[d + 1] = fresh(p)) == NULL)
			return NULL;
		c = p->stack[d + 1];
		if (run_copy(c, p->stack[d]) != 0 || run_choose(c, i) != 0 ||
		    run_to_decision(c) < 0) {
			p->oom = true;
			return NULL;
		}
		return c;
	}
	run_free(p->stack[d + 1]);
	if ((c = p->stack[d + 1] = fresh(p)) == NULL)
		return NULL;
	if (replay(c, p->prefix, p->nprefix) != 0 ||
	    replay(c, NULL, 0) != 0) {
		p->oom = true;
		return NULL;
	}
	/* The path below the root, then i. */
	{
		size_t k;
		for (k = 0; k < p->npath; k++)
			if (run_choose(c, p->path[k]) != 0 || run_to_decision(c) < 0) {
				p->oom = true;
				return NULL;
			}
	}
	if (run_choose(c, i) != 0 || run_to_decision(c) < 0) {
		p->oom = true;
		return NULL;
	}
	return c;
}

static int
record(struct ps *p, const struct run *r, size_t forced)
{
	struct play_found *b = p->best;
	size_t *mv = malloc((p->npath ? p->npath : 1) * sizeof *mv);

	if (mv == NULL)
		return -1;
	if (p->npath > 0)       /* path is NULL before the first move */
		memcpy(mv, p->path, p->npath * sizeof *mv);
	free(b->moves);
	b->moves = mv;
	b->nmoves = p->npath;
	b->found = true;
	b->bad = play_bad_dishes(r);
	b->total = run_result(r)->total;
	b->forced = forced;
	return 0;
}

/* ---- the best dinner ------------------------------------------------------ */

static void
dfs_best(struct ps *p, size_t d)
{
	struct run *r = p->stack[d], *c;
	const struct run_decision *dec;
	struct play_found *b = p->best;
	size_t i, n, bad;
	int s;

	if (p->cut || p->oom)
		return;
	if (++p->nodes > p->limit) {
		p->cut = true;
		return;
	}
	dec = run_decision(r);
	bad = play_bad_dishes(r);
	if (dec == NULL) {
		if (!b->found || bad < b->bad ||
		    (bad == b->bad && run_result(r)->total < b->total))
			if (record(p, r, 0) != 0)
				p->oom = true;
		return;
	}
	if (b->found && (bad > b->bad ||
	    (bad == b->bad && run_lower_bound(r) >= b->total)))
		return;
	if ((s = seen_check(&p->seen, run_state_hash(r), 0)) != 0) {
		if (s < 0)
			p->oom = true;
		return;
	}
	n = dec->n;
	for (i = 0; i < n && !p->cut && !p->oom; i++) {
		if ((c = child(p, d, i)) == NULL)
			return;
		if (path_push(p, i) != 0) {
			p->oom = true;
			return;
		}
		dfs_best(p, d + 1);
		p->npath--;
		r = p->stack[d];
	}
}

/* ---- the fewest forced switches to a goal --------------------------------- */

static bool
dfs_goal(struct ps *p, size_t d, int budget, size_t forced)
{
	struct run *r = p->stack[d], *c;
	const struct run_decision *dec;
	size_t i, n;
	int s, pass;

	if (p->cut || p->oom)
		return false;
	if (++p->nodes > p->limit) {
		p->cut = true;
		return false;
	}
	if (play_goal_reached(r, p->goal)) {
		if (record(p, r, forced) != 0)
			p->oom = true;
		return true;
	}
	if ((dec = run_decision(r)) == NULL)
		return false;
	if ((s = seen_check(&p->seen, run_state_hash(r), budget)) != 0) {
		if (s < 0)
			p->oom = true;
		return false;
	}
	n = dec->n;
	/* Choices that preempt nobody first: they cost no budget. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n && !p->cut && !p->oom; i++) {
			int cost = dec->choices[i].preempts ? 1 : 0;
			if (cost != pass || cost > budget)
				continue;
			if ((c = child(p, d, i)) == NULL || path_push(p, i) != 0) {
				p->oom = true;
				return false;
			}
			if (dfs_goal(p, d + 1, budget - cost, forced + (size_t)cost))
				return true;
			p->npath--;
			dec = run_decision(p->stack[d]);
		}
	return false;
}

/* run_copy carries the kitchen, the queues and the dishes, but not a
 * jar's level nor who holds a utensil: menus with those branch by replay. */
static bool
snapshot_ok(const struct menu *m)
{
	size_t i, j;

	if (m->njars != 0)
		return false;
	for (i = 0; i < m->nrecipes; i++)
		for (j = 0; j < m->recipes[i]->nsteps; j++)
			if (m->recipes[i]->steps[j].action == ACT_TAKE ||
			    m->recipes[i]->steps[j].action == ACT_PUT)
				return false;
	return true;
}

static int
ps_init(struct ps *p, const struct menu *m, const struct run_opts *o,
	const size_t *prefix, size_t nprefix, uint64_t limit,
	struct play_found *out)
{
	memset(p, 0, sizeof *p);
	memset(out, 0, sizeof *out);
	p->m = m;
	p->o = *o;
	p->o.decide = true;
	p->o.keep_spans = false;
	p->snap = snapshot_ok(m);
	p->prefix = prefix;
	p->nprefix = nprefix;
	p->limit = limit;
	p->best = out;
	if ((p->stack = calloc(1, sizeof *p->stack)) == NULL)
		return -1;
	p->nstack = 1;
	if ((p->stack[0] = fresh(p)) == NULL ||
	    replay(p->stack[0], prefix, nprefix) != 0)
		return -1;
	return 0;
}

static void
ps_free(struct ps *p)
{
	size_t i;

	for (i = 0; i < p->nstack; i++)
		run_free(p->stack[i]);
	free(p->stack);
	free(p->path);
	free(p->seen.key);
	free(p->seen.val);
}

int
play_search_best(const struct menu *m, const struct run_opts *o,
		 const size_t *prefix, size_t nprefix, uint64_t limit,
		 struct play_found *out)
{
	struct ps p;
	int rc = -1;

	if (ps_init(&p, m, o, prefix, nprefix, limit, out) == 0) {
		p.goal = GOAL_SHORTEST;
		dfs_best(&p, 0);
		out->nodes = p.nodes;
		out->proved = !p.cut;
		rc = p.oom ? -1 : 0;
	}
	ps_free(&p);
	if (rc != 0)
		play_found_free(out);
	return rc;
}

int
play_search_goal(const struct menu *m, const struct run_opts *o,
		 enum level_goal goal, size_t max_forced, uint64_t limit,
		 struct play_found *out)
{
	struct ps p;
	uint64_t nodes = 0;
	size_t k;
	bool cut = false;
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (k = 0; k <= max_forced && rc == 0; k++) {
		if (ps_init(&p, m, o, NULL, 0, limit - nodes, out) != 0) {
			ps_free(&p);
			return -1;
		}
		p.goal = goal;
		if (dfs_goal(&p, 0, (int)k, 0))
			k = max_forced + 1;     /* found with the fewest */
		nodes += p.nodes;
		cut |= p.cut;
		if (p.oom)
			rc = -1;
		ps_free(&p);
		if (nodes >= limit)
			break;
	}
	out->nodes = nodes;
	/* Proved: found at the least budget tried (every smaller budget
	 * was searched to the end), or not found with nothing cut. */
	out->proved = !cut;
	if (rc != 0)
		play_found_free(out);
	return rc;
}
