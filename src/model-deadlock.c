/* SPDX-License-Identifier: ISC */
/*
 * model-deadlock.c - the end of a run that stopped with a recipe
 * unfinished: who holds what, who waits for what, and the cycle.
 *
 * When the scheduler has nothing left to run and a recipe is unfinished,
 * nothing can ever wake it: that is a deadlock, and a result of the run,
 * not an error.  Every recipe still waiting then waits for a resource
 * that only another waiting recipe can give back (a timer would still be
 * pending otherwise): the oven lock, a burner (a pot holds it from boil to
 * simmer), or a utensil.  Starting from the first recipe in such a wait,
 * follow "waits for X, which R holds" until a recipe comes round again:
 * that loop is the cycle the report names.  Sheets and microwaves are
 * never in one: whoever holds them has a timer pending.
 *
 * Cost: once per run, O(recipes^2) for the walk (holders are found by a
 * scan of the table's runs), plus O(runs) to mark the dishes.  Nothing is
 * allocated unless a deadlock is found.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-impl.h"

/* What a run can wait for, for the walk. */
enum dl_kind { DL_NONE, DL_LOCK, DL_BURNER, DL_UTENSIL };

struct dl_wait {
	enum dl_kind kind;
	enum utensil u;
};

static struct dl_wait
dl_wait_of(const struct run *r, const struct rrun *rr)
{
	struct dl_wait w = { DL_NONE, UT_NONE };
	const struct step *st;

	if ((rr->flags & RR_DONE) || rr_finished_steps(r, rr))
		return w;
	st = rr_step(r, rr);
	if (rr->sub == KS_LOCK &&
	    (st->action == ACT_PREHEAT || st->action == ACT_USE))
		w.kind = DL_LOCK;
	else if (rr->sub == KS_UNIT && (st->action == ACT_BOIL ||
		 st->action == ACT_SIMMER ||
		 (st->action == ACT_USE && st->app == APP_STOVETOP)))
		w.kind = DL_BURNER;
	else if (rr->sub == KS_UNIT && st->action == ACT_TAKE) {
		w.kind = DL_UTENSIL;
		w.u = (enum utensil)st->utensil;
	}
	return w;
}

static bool
dl_holds(const struct run *r, const struct rrun *rr, struct dl_wait w)
{
	size_t i = rr_index(r, rr);

	switch (w.kind) {
	case DL_LOCK:
		return (rr->flags & RR_OVEN_LOCK) != 0;
	case DL_BURNER:
		return rr->pots > 0;
	case DL_UTENSIL:
		return r->held != NULL && r->held[i * UT_COUNT + w.u] != 0;
	case DL_NONE:
	default:
		return false;
	}
}

/* A holder of what w names in rr's kitchen, one that waits itself if
 * there is one (that is the one that keeps the cycle going); NULL none. */
static struct rrun *
dl_holder(struct run *r, struct rrun *rr, struct dl_wait w)
{
	struct rkitchen *rk = run_kitchen_of(r, rr);
	struct rrun *any = NULL, *o;
	size_t first, n, i;

	run_kitchen_runs(r, rk, &first, &n);
	for (i = first; i < first + n; i++) {
		o = &r->runs[i];
		if ((o->flags & RR_DONE) || !dl_holds(r, o, w))
			continue;
		if (dl_wait_of(r, o).kind != DL_NONE)
			return o;
		if (any == NULL)
			any = o;
	}
	return any;
}

static void
dl_wait_words(struct dl_wait w, char *buf, size_t n)
{
	switch (w.kind) {
	case DL_LOCK:
		snprintf(buf, n, "the oven lock");
		break;
	case DL_BURNER:
		snprintf(buf, n, "a burner");
		break;
	case DL_UTENSIL:
		snprintf(buf, n, "%s", utensil_words(w.u));
		break;
	case DL_NONE:
	default:
		snprintf(buf, n, "its turn");
		break;
	}
}

/* What rr holds of w, in words ("burner 1", "the knife"), and the lane
 * it is drawn on. */
static int
dl_held_words(struct run *r, struct rrun *rr, struct dl_wait w, char *buf,
	      size_t n)
{
	struct rkitchen *rk = run_kitchen_of(r, rr);
	const uint8_t *slot;
	int unit;

	switch (w.kind) {
	case DL_LOCK:
		snprintf(buf, n, "the oven lock");
		return run_lane_oven_lock(r, rk);
	case DL_BURNER:
		slot = run_pot_slots(r, rr);
		unit = slot[0];
		snprintf(buf, n, "burner %d", unit + 1);
		return run_lane_burner(r, rk, unit);
	case DL_UTENSIL:
		unit = r->held[rr_index(r, rr) * UT_COUNT + w.u] - 1;
		if (rk->k.spec->utensils[w.u] > 1)
			snprintf(buf, n, "%s %d", utensil_words(w.u), unit + 1);
		else
			snprintf(buf, n, "%s", utensil_words(w.u));
		return run_lane_utensil(r, rk, w.u, unit);
	case DL_NONE:
	default:
		snprintf(buf, n, "nothing");
		return -1;
	}
}

/* The lane a wait is drawn on: the lock's, or a queue's. */
static int
dl_wait_lane(struct run *r, struct rrun *rr, struct dl_wait w)
{
	struct rkitchen *rk = run_kitchen_of(r, rr);

	if (w.kind == DL_LOCK)
		return run_lane_oven_lock(r, rk);
	if (w.kind == DL_UTENSIL)
		return run_lane_utensil_queue(r, rk, w.u);
	if (w.kind == DL_BURNER)
		return run_lane_burner_queue(r, rk);
	return -1;
}

static void
dl_add_lane(struct rdeadlock *dl, int lane)
{
	size_t i;

	if (lane < 0)
		return;
	for (i = 0; i < dl->nlanes; i++)
		if (dl->lanes[i] == lane)
			return;
	if (dl->nlanes < sizeof dl->lanes / sizeof dl->lanes[0])
		dl->lanes[dl->nlanes++] = lane;
}

/* Walk from start to the cycle; fills dl's links and words. */
static void
dl_cycle(struct run *r, struct rdeadlock *dl, struct rrun *start)
{
	struct rrun *path[RUN_DEADLOCK_MAX], *cur = start, *next;
	struct dl_wait w;
	size_t np = 0, i, k, from = 0, len;
	char *t = dl->text;
	size_t left = sizeof dl->text;
	int n;

	for (;;) {
		for (i = 0; i < np; i++)
			if (path[i] == cur)
				break;
		if (i < np) {
			from = i;
			break;
		}
		if (np == RUN_DEADLOCK_MAX)
			return;
		path[np++] = cur;
		w = dl_wait_of(r, cur);
		if (w.kind == DL_NONE || (next = dl_holder(r, cur, w)) == NULL)
			return;         /* no cycle to name (cannot happen) */
		cur = next;
	}
	len = np - from;
	for (k = 0; k < len; k++) {
		struct rrun *me = path[from + k];
		struct rrun *prev = path[from + (k + len - 1) % len];
		struct run_wait_link *l = &dl->links[k];

		w = dl_wait_of(r, me);
		l->table = (int)rr_table(r, me);
		l->recipe = (int)rr_recipe(r, me);
		dl_add_lane(dl, dl_held_words(r, me, dl_wait_of(r, prev),
		    dl->words[k][0], sizeof dl->words[k][0]));
		dl_wait_words(w, dl->words[k][1], sizeof dl->words[k][1]);
		dl_add_lane(dl, dl_wait_lane(r, me, w));
		l->holds = dl->words[k][0];
		l->waits_for = dl->words[k][1];
		n = snprintf(t, left, "%s%s holds %s and waits for %s",
			     k ? "; " : "", r->names[l->recipe], l->holds,
			     l->waits_for);
		if (n > 0 && (size_t)n < left) {
			t += n;
			left -= (size_t)n;
		}
	}
	dl->pub.n = len;
}

void
run_deadlock_check(struct run *r)
{
	struct rdeadlock *dl;
	struct rrun *rr, *start = NULL;
	struct dl_wait w;
	char why[200], words[64];
	size_t i;

	r->dl_checked = true;
	for (i = 0; i < r->nruns; i++)
		if (!(r->runs[i].flags & RR_DONE))
			break;
	if (i == r->nruns)
		return;
	if ((dl = calloc(1, sizeof *dl)) == NULL) {
		r->failed = true;
		return;
	}
	r->dl = dl;
	/* When the last thing happened: run_until may have moved the clock
	 * on past it, into the time nothing happens. */
	dl->pub.at = r->sched.last;
	dl->pub.cycle = dl->links;
	dl->pub.text = dl->text;
	for (i = 0; i < r->nruns && start == NULL; i++)
		if (dl_wait_of(r, &r->runs[i]).kind != DL_NONE)
			start = &r->runs[i];
	if (start != NULL)
		dl_cycle(r, dl, start);
	if (dl->pub.n == 0)
		snprintf(dl->text, sizeof dl->text,
			 "every unfinished recipe waits and nothing is left to "
			 "wake it");
	for (i = 0; i < r->nruns; i++) {
		rr = &r->runs[i];
		if (rr->flags & RR_DONE)
			continue;
		w = dl_wait_of(r, rr);
		if (w.kind != DL_NONE) {
			dl_wait_words(w, words, sizeof words);
			snprintf(why, sizeof why, "deadlock: it waits for %s",
				 words);
		} else if (!(rr->flags & RR_STARTED))
			snprintf(why, sizeof why, "deadlock: it never "
				 "started");
		else
			snprintf(why, sizeof why, "deadlock: it never finished");
		run_unserved(r, rr, why);
	}
	if (dl->pub.at > r->res.total)
		r->res.total = dl->pub.at;
	if (run_logging(r))
		trace_event(&r->trace, dl->pub.at, "DEADLOCK: %s",
			    dl->text);
}

const struct run_deadlock *
run_deadlock(const struct run *r)
{
	return r->dl != NULL ? &r->dl->pub : NULL;
}

bool
run_lane_in_deadlock(const struct run *r, int lane)
{
	size_t i;

	if (r->dl == NULL || lane < 0)
		return false;
	for (i = 0; i < r->dl->nlanes; i++)
		if (r->dl->lanes[i] == lane)
			return true;
	return false;
}
