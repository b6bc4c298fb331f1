/* SPDX-License-Identifier: ISC */
/*
 * model-jar.c - shared jars in a run: the read-modify-write of a work step
 * that takes from a jar (see jar.h for the rule), its log, and the jar
 * lock of --locks under the preemptive models.
 *
 * The read happens when the cook starts the step, the write when it
 * finishes it.  Between the two, only a preemptive model can let another
 * recipe at the jar: a cooperative cook keeps the step to its end, since
 * a step of work has no await in it.  The write sets the level to what
 * was read minus the amount (spooning until the jar reads that level), so
 * when another recipe wrote in between, its update is lost and this
 * recipe gets less than it needs: the dish is short, and the log says
 * step by step who read what and who wrote what.
 *
 * State: per kitchen and jar a level and its last writer; per recipe run
 * the level it read and whether it holds a jar lock.  Allocated only when
 * the menu has jars, so other runs pay one NULL pointer.  O(1) per step.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jar.h"
#include "model-impl.h"

struct rjar {
	int32_t level;          /* tbsp in the jar now */
	int32_t writer;         /* run index that wrote last, -1 none */
	struct kitchen_sem lock;        /* --locks: one unit */
};

struct rjars {
	size_t n;                       /* jars per kitchen */
	struct rjar *jar;               /* nkitchens * n */
	int32_t *seen;                  /* per run: the level it read */
	uint8_t *held;                  /* per run: holds its step's lock */
	int *lane;                      /* per jar: its lock lane, -1 */
};

int
jar_run_init(struct run *r)
{
	const struct menu *m = r->menu;
	struct rjars *j;
	size_t k, i;

	r->jars = NULL;
	if (m->njars == 0)
		return 0;
	if ((j = calloc(1, sizeof *j)) == NULL)
		return -1;
	r->jars = j;
	j->n = m->njars;
	j->jar = calloc(r->nkitchens * j->n, sizeof *j->jar);
	j->seen = calloc(r->nruns, sizeof *j->seen);
	j->held = calloc(r->nruns, sizeof *j->held);
	j->lane = malloc(j->n * sizeof *j->lane);
	if (j->jar == NULL || j->seen == NULL || j->held == NULL ||
	    j->lane == NULL)
		return -1;
	for (k = 0; k < r->nkitchens; k++)
		for (i = 0; i < j->n; i++) {
			j->jar[k * j->n + i].level = m->jars[i].tbsp;
			j->jar[k * j->n + i].writer = -1;
			kitchen_sem_init(&j->jar[k * j->n + i].lock, 1);
		}
	for (i = 0; i < j->n; i++)
		j->lane[i] = -1;
	return 0;
}

void
jar_run_free(struct run *r)
{
	if (r->jars == NULL)
		return;
	free(r->jars->jar);
	free(r->jars->seen);
	free(r->jars->held);
	free(r->jars->lane);
	free(r->jars);
	r->jars = NULL;
}

/* The jar the step rr is on takes from, in rr's kitchen; NULL none. */
static struct rjar *
jar_here(struct run *r, struct rrun *rr, int *index)
{
	int i;

	if (r->jars == NULL || rr_finished_steps(r, rr) ||
	    (i = jar_of_step(rr_step(r, rr))) < 0)
		return NULL;
	*index = i;
	return &r->jars->jar[(size_t)(run_kitchen_of(r, rr) - r->kitchens) *
	    r->jars->n + (size_t)i];
}

bool
jar_step_takes(const struct run *r, const struct rrun *rr)
{
	return r->jars != NULL && !rr_finished_steps(r, rr) &&
	    jar_of_step(rr_step(r, rr)) >= 0;
}

void
jar_step_begin(struct run *r, struct rrun *rr)
{
	struct rjar *jar;
	int i;

	if ((jar = jar_here(r, rr, &i)) == NULL)
		return;
	r->jars->seen[rr_index(r, rr)] = jar->level;
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
		    "%s: reads the %s jar: %d tbsp (it will write %d tbsp "
		    "back when it has spooned its %d)",
		    r->names[rr_recipe(r, rr)], r->menu->jars[i].name,
		    jar->level, jar->level - rr_step(r, rr)->take_tbsp < 0 ? 0 :
		    jar->level - rr_step(r, rr)->take_tbsp,
		    rr_step(r, rr)->take_tbsp);
}

void
jar_step_end(struct run *r, struct rrun *rr)
{
	struct rjar *jar;
	const char *me = r->names[rr_recipe(r, rr)], *other, *name;
	int32_t seen, want, now, got;
	int take, i;
	char why[300];

	if ((jar = jar_here(r, rr, &i)) == NULL)
		return;
	name = r->menu->jars[i].name;
	take = rr_step(r, rr)->take_tbsp;
	seen = r->jars->seen[rr_index(r, rr)];
	want = seen - take < 0 ? 0 : seen - take;
	now = jar->level;
	got = now > want ? now - want : 0;
	other = jar->writer >= 0 ?
	    r->names[(size_t)jar->writer % r->nrecipes] : "another recipe";
	if (now != seen && run_logging(r))
		trace_event(&r->trace, r->sched.now,
		    "%s: writes %d tbsp on the %s jar (%d read, minus its %d), "
		    "but the %s wrote %d since the read: the %s's update is "
		    "lost, and the %s gets %d of its %d tbsp",
		    me, want, name, seen, take, other, now, other, me, got,
		    take);
	else if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
		    "%s: spoons %d tbsp and writes %d tbsp on the %s jar",
		    me, got, want, name);
	if (got < take) {
		if (now != seen)
			snprintf(why, sizeof why, "short of %s: it got %d of "
			    "its %d tbsp (it read %d tbsp, the %s wrote %d "
			    "meanwhile, and its own write of %d lost the "
			    "%s's update)", name, got, take, seen, other, now,
			    want, other);
		else
			snprintf(why, sizeof why, "short of %s: it got %d of "
			    "its %d tbsp (the jar held only %d)", name, got,
			    take, seen);
		run_ruin(r, rr, why);
	}
	if (now > want)
		jar->level = want;
	jar->writer = (int32_t)rr_index(r, rr);
}

/* ---- the jar lock (--locks, preemptive models) ------------------------- */

bool
jar_lock_needed(const struct run *r, const struct rrun *rr)
{
	return r->opts.locks && jar_step_takes(r, rr) &&
	    !r->jars->held[rr_index(r, rr)];
}

bool
jar_lock_take(struct run *r, struct rrun *rr)
{
	struct rjar *jar;
	char lane[96];
	int i;

	if ((jar = jar_here(r, rr, &i)) == NULL)
		return true;
	if (kitchen_sem_take(&jar->lock, &rr->w)) {
		r->jars->held[rr_index(r, rr)] = 1;
		return true;
	}
	if (r->jars->lane[i] < 0) {
		snprintf(lane, sizeof lane, "%s lock", r->menu->jars[i].name);
		if ((r->jars->lane[i] = trace_lane(&r->trace, lane)) < 0) {
			r->failed = true;
			return false;
		}
	}
	rr->mark = (int64_t)run_span(r, r->jars->lane[i], rr, rr->step,
	    TRACE_BLOCKED, r->sched.now, TRACE_OPEN);
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
		    "%s: waits for the %s jar's lock (another recipe holds it)",
		    r->names[rr_recipe(r, rr)], r->menu->jars[i].name);
	return false;
}

void
jar_lock_granted(struct run *r, struct rrun *rr)
{
	int i;

	trace_end(&r->trace, (size_t)rr->mark, r->sched.now);
	rr->mark = 0;
	r->jars->held[rr_index(r, rr)] = 1;
	if (run_logging(r) && jar_here(r, rr, &i) != NULL)
		trace_event(&r->trace, r->sched.now, "%s: gets the %s jar's lock",
		    r->names[rr_recipe(r, rr)], r->menu->jars[i].name);
}

void
jar_lock_give(struct run *r, struct rrun *rr)
{
	struct rjar *jar;
	int i;

	if (r->jars == NULL || !r->jars->held[rr_index(r, rr)] ||
	    (jar = jar_here(r, rr, &i)) == NULL)
		return;
	r->jars->held[rr_index(r, rr)] = 0;
	run_check(r, kitchen_sem_give(&jar->lock, &r->sched));
}

/* ---- snapshots and hashes (decide.h) --------------------------------------- */

void
jar_run_copy(struct run *dst, const struct run *src)
{
	const struct rjars *s = src->jars;
	struct rjars *d = dst->jars;
	size_t i;

	if (s == NULL || d == NULL)
		return;
	for (i = 0; i < src->nkitchens * s->n; i++) {
		d->jar[i].level = s->jar[i].level;
		d->jar[i].writer = s->jar[i].writer;
		d->jar[i].lock = s->jar[i].lock;
		dec_move_queue(src, dst, &d->jar[i].lock.q);
	}
	memcpy(d->seen, s->seen, src->nruns * sizeof *s->seen);
	memcpy(d->held, s->held, src->nruns * sizeof *s->held);
}

void
jar_run_hash(const struct run *r, void (*mix)(void *, uint64_t), void *ctx)
{
	const struct rjars *j = r->jars;
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < r->nkitchens * j->n; i++) {
		mix(ctx, (uint64_t)(int64_t)j->jar[i].level);
		mix(ctx, (uint64_t)(int64_t)j->jar[i].writer);
		mix(ctx, j->jar[i].lock.sem.count);
		dec_mix_queue(r, &j->jar[i].lock.q, mix, ctx);
	}
	for (i = 0; i < r->nruns; i++)
		mix(ctx, (uint64_t)(int64_t)j->seen[i] << 8 | j->held[i]);
}

size_t
jar_run_bytes(const struct run *r)
{
	const struct rjars *j = r->jars;

	if (j == NULL)
		return 0;
	return r->nkitchens * j->n * sizeof *j->jar +
	    r->nruns * (sizeof *j->seen + sizeof *j->held);
}
