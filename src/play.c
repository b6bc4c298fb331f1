/* SPDX-License-Identifier: ISC */
/*
 * play.c - the game of a level, and its end report.
 *
 * The report asks play-search.c for the best dinner from every prefix of
 * the student's choices: the first choice after which the best reachable
 * dinner got worse is the first loss, and the difference is its cost.
 * That is one search per decision taken; on the shipped levels each is a
 * few thousand nodes at most.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "play.h"

#define PLAY_MAX_FORCED 4

void
play_run_opts(const struct level *lv, struct run_opts *o)
{
	*o = lv->run;
	o->decide = true;
	o->keep_spans = true;
	o->tables = 1;
}

static int
fifo_of(const struct level *lv, const struct menu *m, sched_ms *total,
	size_t *bad)
{
	struct run_opts o = lv->run;
	const char *err;
	struct run *r;

	o.decide = false;
	o.tables = 1;
	if ((r = run_new(m, &o, &err)) == NULL || run_finish(r) != 0) {
		run_free(r);
		return -1;
	}
	*total = run_result(r)->total;
	*bad = play_bad_dishes(r);
	run_free(r);
	return 0;
}

int
play_new(struct play *p, const struct level *lv, const struct menu *m,
	 const char **err)
{
	memset(p, 0, sizeof *p);
	p->lv = lv;
	p->menu = m;
	play_run_opts(lv, &p->ro);
	if ((p->run = run_new(m, &p->ro, err)) == NULL)
		return -1;
	return 0;
}

void
play_free(struct play *p)
{
	run_free(p->run);
	free(p->moves);
	memset(p, 0, sizeof *p);
}

static int
always_first(void *ctx, const struct run *r, const struct run_decision *d)
{
	(void)ctx;
	(void)r;
	(void)d;
	return 0;
}

void
play_check_goal(struct play *p)
{
	if (!p->autoplay && level_goal_breaks(p->lv->goal) &&
	    play_goal_reached(p->run, p->lv->goal)) {
		p->autoplay = true;
		run_set_chooser(p->run, always_first, NULL);
	}
}

int
play_advance(struct play *p)
{
	play_check_goal(p);
	if (p->autoplay)
		return run_finish(p->run);
	return run_to_decision(p->run) < 0 ? -1 : 0;
}

const struct run_decision *
play_decision(const struct play *p)
{
	return p->autoplay ? NULL : run_decision(p->run);
}

bool
play_over(const struct play *p)
{
	return run_done(p->run);
}

int
play_choose(struct play *p, size_t i)
{
	if (play_decision(p) == NULL)
		return -1;
	if (p->nmoves == p->capmoves) {
		size_t cap = p->capmoves ? 2 * p->capmoves : 32;
		size_t *nm = realloc(p->moves, cap * sizeof *nm);
		if (nm == NULL)
			return -1;
		p->moves = nm;
		p->capmoves = cap;
	}
	if (run_choose(p->run, i) != 0)
		return -1;
	p->moves[p->nmoves++] = i;
	return 0;
}

int
play_undo(struct play *p)
{
	const char *err;
	struct run *r;
	size_t i;

	if (p->nmoves == 0)
		return -1;
	if ((r = run_new(p->menu, &p->ro, &err)) == NULL)
		return -1;
	p->nmoves--;
	for (i = 0; i < p->nmoves; i++)
		if (run_to_decision(r) != 1 || run_choose(r, p->moves[i]) != 0) {
			run_free(r);
			p->nmoves++;
			return -1;
		}
	if (run_to_decision(r) < 0) {
		run_free(r);
		p->nmoves++;
		return -1;
	}
	run_free(p->run);
	p->run = r;
	p->autoplay = false;
	return 0;
}

int
play_best(const struct level *lv, const struct menu *m, struct play_found *out)
{
	struct run_opts o;

	play_run_opts(lv, &o);
	if (level_goal_breaks(lv->goal))
		return play_search_goal(m, &o, lv->goal, PLAY_MAX_FORCED,
		    PLAY_NODE_LIMIT, out);
	return play_search_best(m, &o, NULL, 0, PLAY_NODE_LIMIT, out);
}

void
play_report_free(struct play_report *rep)
{
	play_found_free(&rep->best);
	memset(rep, 0, sizeof *rep);
}

/* Worse: more bad dishes, or as many and longer. */
static bool
worse(const struct play_found *a, const struct play_found *b)
{
	return a->bad > b->bad || (a->bad == b->bad && a->total > b->total);
}

/* The choices of decision k of the student's game (replayed). */
static int
decision_at(const struct play *p, size_t k, struct run_choice *chose,
	    struct run_choice *alt, size_t alt_i, sched_ms *at)
{
	struct run_opts o = p->ro;
	const struct run_decision *d;
	const char *err;
	struct run *r;
	size_t i;
	int rc = -1;

	o.keep_spans = false;
	if ((r = run_new(p->menu, &o, &err)) == NULL)
		return -1;
	for (i = 0; i < k; i++)
		if (run_to_decision(r) != 1 || run_choose(r, p->moves[i]) != 0)
			goto out;
	if (run_to_decision(r) != 1 || (d = run_decision(r)) == NULL ||
	    p->moves[k] >= d->n || alt_i >= d->n)
		goto out;
	*chose = d->choices[p->moves[k]];
	*alt = d->choices[alt_i];
	*at = d->at;
	rc = 0;
out:
	run_free(r);
	return rc;
}

/* The first decision after which the best reachable dinner got worse. */
static int
first_loss(const struct play *p, const struct play_found *opt,
	   struct play_loss *loss)
{
	struct play_found prev = *opt, cur;
	struct run_choice chose, alt;
	size_t k;
	int rc = 0;

	memset(loss, 0, sizeof *loss);
	prev.moves = NULL;      /* borrowed figures only */
	for (k = 0; k < p->nmoves; k++) {
		if (play_search_best(p->menu, &p->ro, p->moves, k + 1,
		    PLAY_NODE_LIMIT, &cur) != 0)
			return -1;
		if (worse(&cur, &prev)) {
			struct play_found here;
			/* The better choice: the best continuation from just
			 * before this decision starts with it. */
			if (play_search_best(p->menu, &p->ro, p->moves, k,
			    PLAY_NODE_LIMIT, &here) != 0) {
				play_found_free(&cur);
				return -1;
			}
			if (here.nmoves > 0 && decision_at(p, k, &chose, &alt,
			    here.moves[0], &loss->at) == 0) {
				loss->found = true;
				loss->decision = k;
				loss->chose_recipe = chose.recipe;
				loss->chose_step = chose.step;
				loss->better_recipe = alt.recipe;
				loss->better_step = alt.step;
				loss->cost_ruin = cur.bad > prev.bad;
				loss->cost = cur.total - prev.total;
			} else
				rc = -1;
			play_found_free(&here);
			play_found_free(&cur);
			return rc;
		}
		prev.bad = cur.bad;
		prev.total = cur.total;
		play_found_free(&cur);
	}
	return 0;
}

/* Preemptions among the student's choices (replayed to see each
 * decision's choices). */
static int
play_count_preemptions(const struct play *p, size_t *n)
{
	struct run_opts o = p->ro;
	const struct run_decision *d;
	const char *err;
	struct run *r;
	size_t k;

	*n = 0;
	o.keep_spans = false;
	if ((r = run_new(p->menu, &o, &err)) == NULL)
		return -1;
	for (k = 0; k < p->nmoves; k++) {
		if (run_to_decision(r) != 1 || (d = run_decision(r)) == NULL ||
		    p->moves[k] >= d->n) {
			run_free(r);
			return -1;
		}
		*n += d->choices[p->moves[k]].preempts;
		run_choose(r, p->moves[k]);
	}
	run_free(r);
	return 0;
}

int
play_report(const struct play *p, struct play_report *rep, const char **err)
{
	const struct level *lv = p->lv;
	memset(rep, 0, sizeof *rep);
	*err = "out of memory while searching";
	rep->breaks = level_goal_breaks(lv->goal);
	rep->student_total = run_result(p->run)->total;
	rep->student_bad = play_bad_dishes(p->run);
	if (fifo_of(lv, p->menu, &rep->fifo_total, &rep->fifo_bad) != 0 ||
	    play_best(lv, p->menu, &rep->best) != 0)
		return -1;
	if (play_count_preemptions(p, &rep->forced) != 0) {
		play_report_free(rep);
		return -1;
	}
	if (rep->breaks) {
		rep->goal_met = play_goal_reached(p->run, lv->goal);
		if (rep->goal_met && rep->best.found)
			rep->score = (int)(100 * (rep->best.forced + 1) /
			    (rep->forced + 1));
		if (rep->score > 100)
			rep->score = 100;
	} else {
		if (rep->student_bad <= rep->best.bad && rep->student_total > 0)
			rep->score = (int)(100 * rep->best.total / rep->student_total);
		else if (rep->student_bad <= rep->best.bad)
			rep->score = 100;
		if (rep->score > 100)
			rep->score = 100;
		rep->goal_met = rep->student_bad <= rep->best.bad &&
		    (lv->goal == GOAL_WITHIN ?
		    rep->student_total <= rep->best.total + lv->within :
		    rep->student_total <= rep->best.total);
		if (first_loss(p, &rep->best, &rep->loss) != 0) {
			play_report_free(rep);
			return -1;
		}
	}
	rep->stars = level_stars(lv, rep->score);
	*err = NULL;
	return 0;
}
