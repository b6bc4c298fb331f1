/* SPDX-License-Identifier: ISC */
/*
 * search-solve.c - the shortest dinner under cooperative scheduling, by
 * depth-first branch and bound over the decision points.
 *
 * Order: (dishes ruined, total), fewest first: a schedule that ruins a
 * dish is no dinner while one without exists.  Children are taken in
 * choice order, so the first leaf is the FIFO loop's own dinner and the
 * answer is never worse.  A node is cut when
 *  - its ruined count already exceeds the best's, or equals it and its
 *    lower bound (run_lower_bound: each recipe's remaining steps in a row,
 *    all remaining work on the cook) is no better than the best total; or
 *  - its state was met before (run_state_hash): equal states have equal
 *    futures, and whatever cut that subtree then cuts it now (the best
 *    only improves).
 * When stopped early, the lower bound reported is the least bound of the
 * subtrees not yet walked (and of the best found).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search-impl.h"

struct solver {
	struct search_stack stack;
	struct search_seen seen;
	const struct search_limits *lim;
	struct solve_result *res;
	struct search_path path;
	sched_ms *open_lb;      /* per depth: bound of the node being walked
				   there, SCHED_NEVER none */
	size_t open_cap;
	bool stop, oom;
	const char *err;
};

static bool
better(size_t ruined, sched_ms total, const struct solve_result *res)
{
	if (!res->found)
		return true;
	return ruined < res->best_ruined ||
	    (ruined == res->best_ruined && total < res->best_total);
}

static bool
cut(size_t ruined, sched_ms lb, const struct solve_result *res)
{
	if (!res->found)
		return false;
	return ruined > res->best_ruined ||
	    (ruined == res->best_ruined && lb >= res->best_total);
}

static int
open_room(struct solver *sv, size_t d)
{
	sched_ms *v;
	size_t cap = sv->open_cap ? sv->open_cap : 64, i;

	if (d < sv->open_cap)
		return 0;
	while (cap <= d)
		cap *= 2;
	if ((v = realloc(sv->open_lb, cap * sizeof *v)) == NULL)
		return -1;
	for (i = sv->open_cap; i < cap; i++)
		v[i] = SCHED_NEVER;
	sv->open_lb = v;
	sv->open_cap = cap;
	return 0;
}

/* r is at depth d, at a decision or finished. */
static void
solve_node(struct solver *sv, struct run *r, size_t d)
{
	struct solve_result *res = sv->res;
	const struct run_decision *dec;
	struct run *child;
	size_t ruined = run_ruined(r), i, n;
	sched_ms lb;
	uint8_t v = 0;

	if (sv->stop || sv->oom)
		return;
	res->nodes++;
	if (res->nodes % SEARCH_POLL == 0 && sv->lim != NULL &&
	    sv->lim->stop != NULL && sv->lim->stop(sv->lim->ctx)) {
		sv->stop = true;
		return;
	}
	if ((dec = run_decision(r)) == NULL) {
		if (better(ruined, run_result(r)->total, res)) {
			res->found = true;
			res->best_ruined = ruined;
			res->best_total = run_result(r)->total;
			if (search_path_copy(&res->best, &sv->path) != 0)
				sv->oom = true;
		}
		return;
	}
	lb = run_lower_bound(r);
	if (cut(ruined, lb, res))
		return;
	if (search_seen_get(&sv->seen, run_state_hash(r), &v, &sv->oom)) {
		res->merged++;
		return;
	}
	if (sv->oom || open_room(sv, d) != 0) {
		sv->oom = true;
		return;
	}
	n = dec->n;
	sv->open_lb[d] = lb;
	for (i = 0; i < n && !sv->stop && !sv->oom; i++) {
		/* r's decision stays r's: children are copies. */
		if ((child = search_branch(&sv->stack, d, r, i, &sv->path,
		    &sv->err)) == NULL) {
			sv->oom = true;
			return;
		}
		solve_node(sv, child, d + 1);
		sv->path.n--;
		/* The best may have improved: the rest may be cut now. */
		if (cut(ruined, lb, res))
			break;
	}
	if (!sv->stop)
		sv->open_lb[d] = SCHED_NEVER;   /* walked to its end */
}

int
search_solve(const struct menu *m, const struct run_opts *opts,
	     const struct search_limits *lim, struct solve_result *res,
	     const char **err)
{
	struct solver sv;
	struct run *root;
	size_t i;

	memset(res, 0, sizeof *res);
	memset(&sv, 0, sizeof sv);
	sv.lim = lim;
	sv.res = res;
	search_stack_init(&sv.stack, m, opts);
	if ((root = search_stack_at(&sv.stack, 0, err)) == NULL) {
		search_stack_free(&sv.stack);
		return -1;
	}
	if (run_to_decision(root) < 0) {
		*err = "out of memory";
		search_stack_free(&sv.stack);
		return -1;
	}
	res->lower_bound = run_lower_bound(root);
	solve_node(&sv, root, 0);
	res->stopped = sv.stop;
	res->proved = !sv.stop && !sv.oom && res->found;
	res->states = sv.seen.n;
	res->state_bytes = search_seen_bytes(&sv.seen);
	if (res->proved) {
		res->lower_bound = res->best_total;
	} else if (res->found) {
		sched_ms lb = res->best_total;

		for (i = 0; i < sv.open_cap; i++)
			if (sv.open_lb[i] < lb)
				lb = sv.open_lb[i];
		if (lb > res->lower_bound)
			res->lower_bound = lb;
	}
	free(sv.open_lb);
	search_path_free(&sv.path);
	search_seen_free(&sv.seen);
	search_stack_free(&sv.stack);
	if (sv.oom) {
		*err = sv.err ? sv.err : "out of memory";
		return -1;
	}
	return 0;
}

void
solve_result_free(struct solve_result *res)
{
	search_path_free(&res->best);
}
