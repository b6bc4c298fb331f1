/* SPDX-License-Identifier: ISC */
/*
 * search-explore.c - every schedule a preemptive scheduler could produce,
 * bounded by preemptions (as CHESS does), with equal states merged.
 *
 * Depth first over the decision points.  A choice with `preempts` (a
 * switch away from a thread that could have gone on) spends one of the K
 * preemptions; the others are free.  The table of seen states keeps, per
 * state hash, the fewest preemptions any path reached it with: a state
 * met again with no fewer used is not walked again (everything it could
 * reach was reached), one met with fewer is walked again (it may reach
 * further).  So the set of end states found is exactly the set reachable
 * within K, whatever the order of the walk.
 *
 * A schedule is an end state: two interleavings that end in the same
 * state are one schedule.  An end is classed by what the dinner came to:
 * every dish ok, which dishes ruined, or a deadlock (nothing left to
 * happen while a recipe is unfinished).  Each class keeps a count, the
 * range of totals and its shortest example (fewest preemptions, then
 * fewest decisions, then the earliest end).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search-impl.h"

struct explorer {
	struct search_stack stack;
	struct search_seen seen;
	const struct search_limits *lim;
	struct explore_result *res;
	struct search_path path;
	int k;
	int used;               /* preemptions on the path to the node now */
	size_t cap;
	bool stop, oom;
	const char *err;
};

static struct explore_class *
class_of(struct explorer *ex, enum explore_kind kind, uint64_t dishes)
{
	struct explore_result *res = ex->res;
	struct explore_class *c;
	size_t i;

	for (i = 0; i < res->nclasses; i++)
		if (res->classes[i].kind == kind &&
		    res->classes[i].dishes == dishes)
			return &res->classes[i];
	if (res->nclasses == ex->cap) {
		size_t cap = ex->cap ? ex->cap * 2 : 8;

		c = realloc(res->classes, cap * sizeof *c);
		if (c == NULL)
			return NULL;
		res->classes = c;
		ex->cap = cap;
	}
	c = &res->classes[res->nclasses++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->dishes = dishes;
	c->min_total = SCHED_NEVER;
	return c;
}

/* A finished run: which class, and the words that say why. */
static void
explore_end(struct explorer *ex, struct run *r)
{
	const struct run_result *res = run_result(r);
	const struct menu *m = run_menu(r);
	enum explore_kind kind = EXPLORE_OK;
	uint64_t dishes = 0;
	struct explore_class *c;
	const char *why = "";
	size_t i;

	for (i = 0; i < res->ndishes && i < 64; i++) {
		if (res->dishes[i].ready_at < 0) {
			if (kind != EXPLORE_DEADLOCK)
				dishes = 0;
			kind = EXPLORE_DEADLOCK;
			dishes |= (uint64_t)1 << i;
		} else if (!res->dishes[i].ok && kind != EXPLORE_DEADLOCK) {
			kind = EXPLORE_RUINED;
			if (dishes == 0)
				why = res->dishes[i].problem;
			dishes |= (uint64_t)1 << i;
		}
	}
	if ((c = class_of(ex, kind, dishes)) == NULL) {
		ex->oom = true;
		return;
	}
	if (c->count == 0) {
		const struct run_deadlock *dl = run_deadlock(r);

		if (kind == EXPLORE_DEADLOCK && dl != NULL && dl->text != NULL)
			snprintf(c->why, sizeof c->why, "%s", dl->text);
		else if (kind == EXPLORE_DEADLOCK)
			snprintf(c->why, sizeof c->why,
				 "nothing is left to happen while a recipe is unfinished");
		else
			snprintf(c->why, sizeof c->why, "%s", why);
	}
	(void)m;
	c->count++;
	if (res->total < c->min_total)
		c->min_total = res->total;
	if (res->total > c->max_total)
		c->max_total = res->total;
	if (c->count == 1 || ex->used < c->example_preemptions ||
	    (ex->used == c->example_preemptions &&
	     (ex->path.n < c->example.n ||
	      (ex->path.n == c->example.n && res->total < c->example_total)))) {
		if (search_path_copy(&c->example, &ex->path) != 0)
			ex->oom = true;
		c->example_total = res->total;
		c->example_preemptions = ex->used;
	}
	ex->res->schedules++;
}

static void
explore_node(struct explorer *ex, struct run *r, size_t d, int used)
{
	const struct run_decision *dec;
	struct run *child;
	uint8_t v = (uint8_t)used;
	size_t i, n;
	int u;

	if (ex->stop || ex->oom)
		return;
	ex->res->nodes++;
	if (ex->res->nodes % SEARCH_POLL == 0 && ex->lim != NULL &&
	    ex->lim->stop != NULL && ex->lim->stop(ex->lim->ctx)) {
		ex->stop = true;
		return;
	}
	if (search_seen_get(&ex->seen, run_state_hash(r), &v, &ex->oom)) {
		if (run_decision(r) == NULL || v <= used)
			return;         /* walked already, with as much left */
		search_seen_set(&ex->seen, run_state_hash(r), (uint8_t)used);
	} else if (ex->oom) {
		return;
	} else if (run_decision(r) == NULL) {
		ex->used = used;
		explore_end(ex, r);
		return;
	}
	n = run_decision(r)->n;
	for (i = 0; i < n && !ex->stop && !ex->oom; i++) {
		dec = run_decision(r);
		u = used + (dec->choices[i].preempts ? 1 : 0);
		if (u > ex->k)
			continue;
		if ((child = search_branch(&ex->stack, d, r, i, &ex->path,
		    &ex->err)) == NULL) {
			ex->oom = true;
			return;
		}
		explore_node(ex, child, d + 1, u);
		ex->path.n--;
	}
}

static int
class_cmp(const void *a, const void *b)
{
	const struct explore_class *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->dishes < y->dishes ? -1 : x->dishes > y->dishes;
}

int
search_explore(const struct menu *m, const struct run_opts *opts,
	       int preemptions, const struct search_limits *lim,
	       struct explore_result *res, const char **err)
{
	struct explorer ex;
	struct run *root;

	memset(res, 0, sizeof *res);
	memset(&ex, 0, sizeof ex);
	if (preemptions < 0 || preemptions > 250) {
		*err = "the preemption bound must be 0 to 250";
		return -1;
	}
	ex.lim = lim;
	ex.res = res;
	ex.k = preemptions;
	res->preemptions = preemptions;
	search_stack_init(&ex.stack, m, opts);
	if ((root = search_stack_at(&ex.stack, 0, err)) == NULL) {
		search_stack_free(&ex.stack);
		return -1;
	}
	if (run_to_decision(root) < 0)
		ex.oom = true;
	else
		explore_node(&ex, root, 0, 0);
	res->complete = !ex.stop && !ex.oom;
	res->states = ex.seen.n;
	res->state_bytes = search_seen_bytes(&ex.seen);
	qsort(res->classes, res->nclasses, sizeof *res->classes, class_cmp);
	search_path_free(&ex.path);
	search_seen_free(&ex.seen);
	search_stack_free(&ex.stack);
	if (ex.oom) {
		*err = ex.err ? ex.err : "out of memory";
		explore_result_free(res);
		return -1;
	}
	return 0;
}

void
explore_result_free(struct explore_result *res)
{
	size_t i;

	for (i = 0; i < res->nclasses; i++)
		search_path_free(&res->classes[i].example);
	free(res->classes);
	res->classes = NULL;
	res->nclasses = 0;
}
