/* SPDX-License-Identifier: ISC */
/*
 * model.c - the table of models and the plumbing every run shares: the
 * run itself, the kitchen steps, the cooperative cook and the results.
 *
 * The kitchen steps behave the same under every model, so that timelines
 * differ only in what the models differ in: who does the work, when the
 * cook switches, and whether the kitchen is shared.
 *  - preheat: set the oven's set point (instant), then wait until the oven
 *    reaches its current set point (the last one set wins).  Cook free.
 *  - use: take a unit (an oven sheet, a microwave; FIFO when full), put
 *    the item in, wait the duration, take it out.  The oven's temperature
 *    decides a bake, not its set point: a bake is ruined when the oven is
 *    further than the tolerance from the item's temperature for longer
 *    than the kitchen's grace time in total while it bakes (see bake_*).
 *  - boil: put a new pot on a free burner and wait the boil time; the pot
 *    holds its burner until the end of its simmer.
 *  - simmer: the oldest pot still on the stove simmers (pots are
 *    simmered in the order they were boiled), then frees its burner.
 *  - take / put: a utensil (knife, board, wok) is held from take to put;
 *    taking one that is held waits, FIFO, drawn TRACE_BLOCKED on the
 *    utensil's queue lane, as a lock is.
 *  - wait: nobody busy; drawn on the "counter" lane.
 * With --locks the oven is guarded by a one-unit semaphore held from a
 * recipe's first oven step to the end of its last one; a recipe that finds
 * it taken is drawn TRACE_BLOCKED on the "oven lock" lane (a waiting recipe
 * is not a cook's work, so it never appears on a cook lane).  The stovetop
 * and microwave are already guarded by their capacity semaphores; their
 * state cannot conflict, so they get no extra lock.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "model-impl.h"

_Static_assert(sizeof(struct rrun) <= 40,
	       "a recipe run must stay within 40 bytes (64 with its timer)");
/* cb_memory counts a callback closure as struct rrun less 8 bytes: the
 * fields other than the continuation (pots is the last) fit in that. */
_Static_assert(sizeof(struct pt) <= 8 &&
	       offsetof(struct rrun, pots) + 1 - sizeof(struct pt) <=
	       sizeof(struct rrun) - 8,
	       "a recipe run without its struct pt fits in 8 bytes less");

static const struct model_ops *const model_table[MODEL_COUNT] = {
	&model_sequential_ops,
	&model_callbacks_ops,
	&model_coroutines_ops,
	&model_threads_ops,
	&model_processes_ops,
};

static const char *const app_lane_name[APP_COUNT] = {
	"oven", "stovetop", "microwave"
};

void
run_opts_default(struct run_opts *o)
{
	memset(o, 0, sizeof *o);
	o->model = MODEL_COROUTINES;
	o->cooks = 0;
	o->gil = true;
	o->locks = false;
	o->seed = RUN_DEFAULT_SEED;
	o->tables = 1;
	o->keep_spans = true;
}

const char *
model_name(enum model_id m)
{
	if ((int)m < 0 || m >= MODEL_COUNT)
		return "unknown";
	return model_table[m]->name;
}

int
model_by_name(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	if (name[0] >= '1' && name[0] <= '0' + MODEL_COUNT && name[1] == '\0')
		return name[0] - '1';
	for (i = 0; i < MODEL_COUNT; i++) {
		if (strcmp(name, model_table[i]->name) == 0)
			return i;
	}
	return -1;
}

const char *
model_names(void)
{
	return "sequential, callbacks, coroutines, threads, processes";
}

/* ---- small helpers ---------------------------------------------------- */

void
run_check(struct run *r, int rc)
{
	if (rc != 0)
		r->failed = true;
}

struct rkitchen *
run_kitchen_of(struct run *r, struct rrun *rr)
{
	if (r->ops->own_kitchens)
		return &r->kitchens[rr_index(r, rr)];
	return &r->kitchens[rr_table(r, rr)];
}

static struct rlanes *
run_lanes_of(struct run *r, const struct rkitchen *rk)
{
	int rec = rk_recipe(r, rk);

	return &r->lanes[rec < 0 ? 0 : 1 + rec];
}

/* A lane by name, created on first use so that the report lists only the
 * lanes a run used, in the order it first used them. */
static int
run_lane(struct run *r, const struct rkitchen *rk, const char *what,
	 int unit)
{
	char name[300];
	int lane, rec = rk_recipe(r, rk);

	if (rec >= 0 && unit > 0)
		snprintf(name, sizeof name, "%s: %s %d", r->names[rec],
			 what, unit + 1);
	else if (rec >= 0)
		snprintf(name, sizeof name, "%s: %s", r->names[rec],
			 what);
	else if (unit > 0)
		snprintf(name, sizeof name, "%s %d", what, unit + 1);
	else
		snprintf(name, sizeof name, "%s", what);
	lane = trace_lane(&r->trace, name);
	if (lane < 0)
		r->failed = true;
	return lane;
}

static int
lane_unit(struct run *r, const struct rkitchen *rk, enum appliance app,
	  int unit)
{
	struct rlanes *l = run_lanes_of(r, rk);

	if (l->unit[app][unit] < 0)
		l->unit[app][unit] = run_lane(r, rk, app_lane_name[app], unit);
	return l->unit[app][unit];
}

static int
lane_lock(struct run *r, const struct rkitchen *rk, enum appliance app)
{
	struct rlanes *l = run_lanes_of(r, rk);
	char what[40];

	if (l->lock[app] < 0) {
		snprintf(what, sizeof what, "%s lock", app_lane_name[app]);
		l->lock[app] = run_lane(r, rk, what, 0);
	}
	return l->lock[app];
}

int
run_lane_oven_lock(struct run *r, const struct rkitchen *rk)
{
	return lane_lock(r, rk, APP_OVEN);
}

int
run_lane_burner(struct run *r, const struct rkitchen *rk, int unit)
{
	return lane_unit(r, rk, APP_STOVETOP, unit);
}

int
run_lane_burner_queue(struct run *r, const struct rkitchen *rk)
{
	struct rlanes *l = run_lanes_of(r, rk);

	if (l->burner_queue < 0)
		l->burner_queue = run_lane(r, rk, "stovetop queue", 0);
	return l->burner_queue;
}

int
run_lane_utensil(struct run *r, const struct rkitchen *rk, enum utensil u,
		 int unit)
{
	struct rlanes *l = run_lanes_of(r, rk);

	if (l->utensil[u][unit] < 0)
		l->utensil[u][unit] = run_lane(r, rk, utensil_name(u), unit);
	return l->utensil[u][unit];
}

int
run_lane_utensil_queue(struct run *r, const struct rkitchen *rk,
		       enum utensil u)
{
	struct rlanes *l = run_lanes_of(r, rk);
	char what[40];

	if (l->utensil_queue[u] < 0) {
		snprintf(what, sizeof what, "%s queue", utensil_name(u));
		l->utensil_queue[u] = run_lane(r, rk, what, 0);
	}
	return l->utensil_queue[u];
}

static int
lane_counter(struct run *r, const struct rkitchen *rk)
{
	struct rlanes *l = run_lanes_of(r, rk);

	if (l->counter < 0)
		l->counter = run_lane(r, rk, "counter", 0);
	return l->counter;
}

/* Add or begin a span for rr, tagged with its table. */
size_t
run_span(struct run *r, int lane, const struct rrun *rr, int step,
	 enum trace_kind kind, sched_ms start, sched_ms end)
{
	size_t i;

	if (end == TRACE_OPEN)
		i = trace_begin(&r->trace, lane, (int)rr_recipe(r, rr), step,
				kind, start);
	else
		i = trace_add(&r->trace, lane, (int)rr_recipe(r, rr), step,
			      kind, start, end);
	if (r->ntables > 1)
		trace_set_table(&r->trace, i, (int)rr_table(r, rr));
	if (trace_failed(&r->trace))
		r->failed = true;
	return i;
}

void
run_cook_span(struct run *r, struct rrun *rr, int cook, enum trace_kind kind,
	      int step, sched_ms start, sched_ms end)
{
	run_span(r, r->cook_lane[cook], rr, step, kind, start, end);
	if (kind == TRACE_WORK)
		r->working += end - start;
	else
		r->switching += end - start;
}

int
run_ready_all(struct run *r, sched_fn *fn)
{
	size_t i;

	for (i = 0; i < r->nruns; i++)
		r->runs[i].w.task.fn = fn;
	return sched_ready_array(&r->sched, &r->runs[0].w.task,
				 sizeof r->runs[0], r->nruns);
}

bool
run_step_is_work(const struct run *r, const struct rrun *rr)
{
	return !rr_finished_steps(r, rr) &&
	       rr_step(r, rr)->action == ACT_WORK;
}

static struct run_dish *
run_dish_of(struct run *r, const struct rrun *rr)
{
	return &r->res.dishes[rr_index(r, rr)];
}

static const char run_ruin_oom[] = "ruined (no memory left to say why)";

/* The dish of rr is ruined: keep the first reason. */
void
run_ruin(struct run *r, struct rrun *rr, const char *why)
{
	struct run_dish *d = run_dish_of(r, rr);
	char *copy;

	if (d->ok) {
		d->ok = false;
		if (r->why != NULL) {
			/* Decide mode: a fixed slot per dish, so that
			 * run_copy never allocates. */
			copy = r->why + rr_index(r, rr) * RUN_WHY_LEN;
			snprintf(copy, RUN_WHY_LEN, "%s", why);
			d->problem = copy;
			return;
		}
		/* Ruined dishes are few: their reasons live on the heap so
		 * that a million dishes stay small. */
		if ((copy = strdup(why)) == NULL)
			d->problem = run_ruin_oom;
		else
			d->problem = copy;
	}
}

/* rr's dish is not served (deadlock): this reason replaces any other. */
void
run_unserved(struct run *r, struct rrun *rr, const char *why)
{
	struct run_dish *d = run_dish_of(r, rr);

	if (!d->ok && d->problem != run_ruin_oom && r->why == NULL)
		free((char *)d->problem);
	d->ok = true;
	d->ready_at = -1;
	run_ruin(r, rr, why);
}

static void
fmt_duration(char *buf, size_t n, sched_ms ms)
{
	long s = (long)(ms / 1000);

	if (s % 60 == 0)
		snprintf(buf, n, "%ldm", s / 60);
	else if (s < 60)
		snprintf(buf, n, "%lds", s);
	else
		snprintf(buf, n, "%ldm%02lds", s / 60, s % 60);
}

static void
run_step_words(const struct step *st, char *buf, size_t n)
{
	char d[32];

	fmt_duration(d, sizeof d, st->duration);
	switch (st->action) {
	case ACT_PREHEAT:
		snprintf(buf, n, "waiting for the %s to heat to %dF",
			 app_lane_name[st->app < 0 ? 0 : st->app], st->temp_f);
		break;
	case ACT_USE:
		if (st->app == APP_OVEN)
			snprintf(buf, n, "baking in the oven for %s", d);
		else if (st->app == APP_MICROWAVE)
			snprintf(buf, n, "in the microwave for %s", d);
		else
			snprintf(buf, n, "on the stovetop for %s", d);
		break;
	case ACT_BOIL:
		snprintf(buf, n, "waiting for the pot to boil");
		break;
	case ACT_SIMMER:
		snprintf(buf, n, "simmering for %s", d);
		break;
	case ACT_WAIT:
		snprintf(buf, n, "standing for %s", d);
		break;
	case ACT_TAKE:
		snprintf(buf, n, "reaching for %s", utensil_words(st->utensil));
		break;
	case ACT_PUT:
		snprintf(buf, n, "putting %s back", utensil_words(st->utensil));
		break;
	case ACT_WORK:
	default:
		snprintf(buf, n, "working");
		break;
	}
}

void
run_step_wait_words(const struct run *r, const struct rrun *rr, char *buf,
		    size_t n)
{
	if (rr_finished_steps(r, rr))
		snprintf(buf, n, "all its steps are done");
	else
		run_step_words(rr_step(r, rr), buf, n);
}

void
run_wait_words(const struct run *r, const struct rrun *rr, char *buf, size_t n)
{
	const struct recipe *rec = rr_rec(r, rr);

	if ((size_t)rr->step + 1 >= rec->nsteps)
		snprintf(buf, n, "all its steps are done");
	else
		run_step_words(&rec->steps[rr->step + 1], buf, n);
}

/* ---- the oven ----------------------------------------------------------- */

/* The runs that may have an item in kitchen rk. */
void
run_kitchen_runs(struct run *r, const struct rkitchen *rk, size_t *first,
		 size_t *n)
{
	if (rk_recipe(r, rk) >= 0) {
		*first = (size_t)(rk - r->kitchens);
		*n = 1;
	} else {
		*first = rk_table(r, rk) * r->nrecipes;
		*n = r->nrecipes;
	}
}

static void
oven_wake_all(struct run *r, struct rkitchen *rk)
{
	struct kitchen_waiter *w;
	struct rrun *rr;

	while ((w = kitchen_queue_pop(&rk->k.oven.hot)) != NULL) {
		rr = rr_of_task(&w->task);
		if (run_logging(r))
			trace_event(&r->trace, r->sched.now,
				    "%s: the oven is hot (%dF)",
				    r->names[rr_recipe(r, rr)],
				    rk->k.oven.setpoint_f);
		run_check(r, sched_ready(&r->sched, &w->task));
	}
}

/* The oven reached its set point (unless the set point changed since this
 * timer was set: then ready_at differs and the timer is stale). */
static void
oven_ready_fire(struct sched *s, struct sched_task *t)
{
	struct rkitchen *rk = (struct rkitchen *)((char *)t -
	    offsetof(struct rkitchen, ready));
	struct run *r = run_of_sched(s);

	if (rk->k.oven.ready_at != s->now)
		return;
	rk->k.oven.ready_at = -1;
	trace_end(&r->trace, rk->heat_span, s->now);
	rk->heat_span = TRACE_NONE;
	oven_wake_all(r, rk);
}

/*
 * Bakes.  While an item bakes, rrun.mark holds what the verdict needs:
 * the milliseconds it has spent outside its band so far (low 32 bits,
 * biased) and the farthest temperature seen outside it (high bits, whole
 * F, 0 none).  The oven's line only changes when a set point does, so
 * the time outside is brought up to date then (for every item baking)
 * and at the end of the bake, each time in O(1) (kitchen_oven_outside).
 * An item that goes in during a line starts at minus the time outside
 * from the line's start to now, so that it counts only its own time.
 * The extremes of a monotone line are its ends, so the farthest
 * temperature is the farthest of the line's ends inside the bake.
 */
#define BAKE_BIAS ((int64_t)1 << 30)

static int64_t
bake_pack(int64_t out, int worst_f)
{
	return ((int64_t)worst_f << 32) | (int64_t)(uint32_t)(out + BAKE_BIAS);
}

static int64_t
bake_out(int64_t mark)
{
	return (int64_t)(uint32_t)mark - BAKE_BIAS;
}

static int
bake_worst(int64_t mark)
{
	return (int)(mark >> 32);
}

static bool
bake_is(const struct run *r, const struct rrun *o)
{
	const struct step *st;

	if ((o->flags & RR_DONE) || rr_finished_steps(r, o) ||
	    o->sub != KS_TIMER)
		return false;
	st = rr_step(r, o);
	return st->action == ACT_USE && st->app == APP_OVEN && st->temp_f != 0;
}

/* Keep the temperature at t as the farthest if it is outside the band
 * and farther than the one kept. */
static int
bake_farther(const struct kitchen *k, sched_ms t, int need_f, int worst_f)
{
	int64_t v = kitchen_oven_mf_at(k, t), need = (int64_t)need_f * 1000;
	int64_t d = v > need ? v - need : need - v;
	int64_t dw = worst_f == 0 ? -1 :
	    ((int64_t)worst_f * 1000 > need ? (int64_t)worst_f * 1000 - need :
	     need - (int64_t)worst_f * 1000);

	if (d <= (int64_t)k->spec->tolerance_f * 1000 || d <= dw)
		return worst_f;
	return (int)((v + 500) / 1000);
}

/* o goes into the oven now. */
static void
bake_begin(struct run *r, struct rkitchen *rk, struct rrun *o)
{
	const struct kitchen *k = &rk->k;
	int need = rr_step(r, o)->temp_f;

	o->mark = bake_pack(-kitchen_oven_outside(k, k->oven.t0, r->sched.now,
	    need, k->spec->tolerance_f), bake_farther(k, r->sched.now, need, 0));
}

/* Bring o's count up to now, the end of the oven's current line. */
static void
bake_account(struct run *r, struct rkitchen *rk, struct rrun *o)
{
	const struct kitchen *k = &rk->k;
	int need = rr_step(r, o)->temp_f, worst = bake_worst(o->mark);
	sched_ms now = r->sched.now;
	int64_t out = bake_out(o->mark) + kitchen_oven_outside(k, k->oven.t0,
	    now, need, k->spec->tolerance_f);

	/* Time outside so far means o was in during [now - 1, now). */
	if (out > 0 && now > k->oven.t0)
		worst = bake_farther(k, now - 1, need, worst);
	o->mark = bake_pack(out, worst);
}

/* "7 min", "6 min 40 s", "40 s": whole seconds, rounded up so that a
 * time over the grace never reads as the grace itself. */
static void
bake_fmt(char *buf, size_t n, int64_t ms)
{
	long s = (long)((ms + 999) / 1000);

	if (s >= 60 && s % 60 == 0)
		snprintf(buf, n, "%ld min", s / 60);
	else if (s >= 60)
		snprintf(buf, n, "%ld min %ld s", s / 60, s % 60);
	else
		snprintf(buf, n, "%ld s", s);
}

/* The bake of o is over: the verdict. */
static void
bake_end(struct run *r, struct rkitchen *rk, struct rrun *o)
{
	const struct kitchen *k = &rk->k;
	const struct step *st = rr_step(r, o);
	char why[200], d[40];
	int64_t out;
	int worst;

	bake_account(r, rk, o);
	out = bake_out(o->mark);
	worst = bake_worst(o->mark);
	o->mark = 0;
	if (out <= k->spec->oven_grace)
		return;
	bake_fmt(d, sizeof d, out);
	/* U+00B1 PLUS-MINUS SIGN; --ascii output folds it to "+/-". */
	snprintf(why, sizeof why,
		 "the oven was at %dF for %s while the %s needed %dF \xc2\xb1 %dF",
		 worst, d, r->names[rr_recipe(r, o)], st->temp_f,
		 k->spec->tolerance_f);
	run_ruin(r, o, why);
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now, "%s: ruined: %s",
			    r->names[rr_recipe(r, o)], why);
}

/* rr sets the oven to f.  true if the oven is at f already. */
static bool
oven_set(struct run *r, struct rkitchen *rk, struct rrun *rr, int f)
{
	struct kitchen *k = &rk->k;
	sched_ms now = r->sched.now, when;
	size_t first, n, i;
	struct rrun *o;
	const struct step *st;
	int old = k->oven.setpoint_f;

	if (run_logging(r) && old != f)
		trace_event(&r->trace, now, "%s: oven set to %dF (it was %dF)",
			    r->names[rr_recipe(r, rr)], f, old);
	run_explain_oven_set(r, rk, rr, old, f);        /* model-explain.c */
	/* The old line ends now: bring every bake up to date, then start
	 * the new one. */
	run_kitchen_runs(r, rk, &first, &n);
	for (i = first; i < first + n; i++)
		if (bake_is(r, &r->runs[i]))
			bake_account(r, rk, &r->runs[i]);
	when = kitchen_oven_set(k, now, f);
	for (i = first; i < first + n; i++) {
		o = &r->runs[i];
		if (!bake_is(r, o))
			continue;
		st = rr_step(r, o);
		o->mark = bake_pack(bake_out(o->mark),
		    bake_farther(k, now, st->temp_f, bake_worst(o->mark)));
		if (o != rr && run_logging(r) &&
		    !kitchen_temp_ok(k, f, st->temp_f))
			trace_event(&r->trace, now,
				    "%s: the oven heads for %dF while the %s bakes at %dF",
				    r->names[rr_recipe(r, rr)], f,
				    r->names[rr_recipe(r, o)], st->temp_f);
	}

	trace_end(&r->trace, rk->heat_span, now);
	rk->heat_span = TRACE_NONE;
	if (when <= now) {
		/* At f already: a heat span of no length still records the
		 * set point change, so that the trace holds every change of
		 * the oven's line (views skip empty spans). */
		run_span(r, lane_unit(r, rk, APP_OVEN, 0), rr, rr->step,
			 TRACE_HEAT, now, now);
		oven_wake_all(r, rk);
		return true;
	}
	rk->heat_span = run_span(r, lane_unit(r, rk, APP_OVEN, 0), rr,
				 rr->step, TRACE_HEAT, now, TRACE_OPEN);
	run_check(r, sched_at(&r->sched, when, &rk->ready));
	return false;
}

/* ---- the kitchen steps ---------------------------------------------------- */

/* --locks: take the oven lock if rr does not hold it.  true: held. */
static bool
oven_lock_take(struct run *r, struct rkitchen *rk, struct rrun *rr)
{
	size_t span;

	if (!r->opts.locks || (rr->flags & RR_OVEN_LOCK))
		return true;
	if (kitchen_sem_take(run_oven_lock(r, rk), &rr->w)) {
		rr->flags |= RR_OVEN_LOCK;
		return true;
	}
	span = run_span(r, lane_lock(r, rk, APP_OVEN), rr, rr->step,
			TRACE_BLOCKED, r->sched.now, TRACE_OPEN);
	rr->mark = (int64_t)span;
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
			    "%s: waits for the oven lock (another recipe holds it)",
			    r->names[rr_recipe(r, rr)]);
	return false;
}

/* The lock was handed to rr while it waited. */
static void
oven_lock_granted(struct run *r, struct rrun *rr)
{
	trace_end(&r->trace, (size_t)rr->mark, r->sched.now);
	rr->mark = 0;
	rr->flags |= RR_OVEN_LOCK;
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now, "%s: gets the oven lock",
			    r->names[rr_recipe(r, rr)]);
}

/* After an oven step: give the lock back if it was the recipe's last. */
static void
oven_lock_after(struct run *r, struct rkitchen *rk, struct rrun *rr)
{
	if (!(rr->flags & RR_OVEN_LOCK) ||
	    (size_t)rr->step + 1 < r->last_oven[rr_recipe(r, rr)])
		return;
	rr->flags &= ~RR_OVEN_LOCK;
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
			    "%s: done with the oven, gives the lock back",
			    r->names[rr_recipe(r, rr)]);
	run_check(r, kitchen_sem_give(run_oven_lock(r, rk), &r->sched));
}

static void
unit_wait_log(struct run *r, struct rrun *rr, enum appliance app)
{
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
			    "%s: the %s is full; waits for room",
			    r->names[rr_recipe(r, rr)], app_lane_name[app]);
}

static void
run_timer(struct run *r, struct rrun *rr, sched_ms d)
{
	rr->sub = KS_TIMER;
	run_check(r, sched_after(&r->sched, d, &rr->w.task));
}

static bool
kstep_preheat(struct run *r, struct rkitchen *rk, struct rrun *rr,
	      const struct step *st)
{
	switch (rr->sub) {
	case KS_START:
		if (st->app != APP_OVEN)
			return true;    /* only the oven has a temperature */
		if (!oven_lock_take(r, rk, rr)) {
			rr->sub = KS_LOCK;
			return false;
		}
		break;
	case KS_LOCK:
		oven_lock_granted(r, rr);
		break;
	case KS_HOT:
		oven_lock_after(r, rk, rr);
		return true;
	default:
		return true;
	}
	if (oven_set(r, rk, rr, st->temp_f)) {
		oven_lock_after(r, rk, rr);
		return true;
	}
	kitchen_queue_push(&rk->k.oven.hot, &rr->w);
	rr->sub = KS_HOT;
	return false;
}

/* Use an oven sheet or a microwave for the step's time. */
static bool
kstep_use(struct run *r, struct rkitchen *rk, struct rrun *rr,
	  const struct step *st)
{
	struct kitchen_pool *p = &rk->k.pools[st->app];

	switch (rr->sub) {
	case KS_START:
		if (st->app == APP_OVEN && !oven_lock_take(r, rk, rr)) {
			rr->sub = KS_LOCK;
			return false;
		}
		goto unit;
	case KS_LOCK:
		oven_lock_granted(r, rr);
	unit:
		if (!kitchen_pool_take(p, &rr->w)) {
			unit_wait_log(r, rr, st->app);
			rr->sub = KS_UNIT;
			return false;
		}
		/* FALLTHROUGH */
	case KS_UNIT:
		rr->unit = (uint8_t)kitchen_pool_claim(p);
		run_span(r, lane_unit(r, rk, st->app, rr->unit), rr, rr->step,
			 TRACE_USE, r->sched.now, r->sched.now + st->duration);
		run_timer(r, rr, st->duration);
		if (bake_is(r, rr))
			bake_begin(r, rk, rr);
		return false;
	case KS_TIMER:
	default:
		if (bake_is(r, rr))
			bake_end(r, rk, rr);
		run_check(r, kitchen_pool_give(p, rr->unit, &r->sched));
		rr->unit = RR_NO_UNIT;
		if (st->app == APP_OVEN)
			oven_lock_after(r, rk, rr);
		return true;
	}
}

/* Boil and simmer (and using the stovetop).  A pot holds its burner from
 * its boil to the end of its simmer: a boil puts a new pot on a free
 * burner (waiting for one, FIFO, when all are taken); a simmer takes the
 * oldest pot still on the stove, or a burner of its own if there is none
 * (hand-built menus only: the parser pairs every simmer with a boil). */
static bool
kstep_burner(struct run *r, struct rkitchen *rk, struct rrun *rr,
	     const struct step *st, bool boil)
{
	struct kitchen_pool *p = &rk->k.pools[APP_STOVETOP];
	uint8_t *slot = run_pot_slots(r, rr);
	sched_ms d;
	int unit;

	switch (rr->sub) {
	case KS_START:
		if (!boil && rr->pots > 0) {
			unit = slot[0];
			goto burner;
		}
		if (!kitchen_pool_take(p, &rr->w)) {
			/* Waiting for a burner is drawn blocked, on the
			 * stovetop's queue lane, as a utensil wait is. */
			rr->mark = (int64_t)run_span(r,
			    run_lane_burner_queue(r, rk), rr, rr->step,
			    TRACE_BLOCKED, r->sched.now, TRACE_OPEN);
			unit_wait_log(r, rr, APP_STOVETOP);
			rr->sub = KS_UNIT;
			return false;
		}
		unit = kitchen_pool_claim(p);
		slot[rr->pots++] = (uint8_t)unit;
		goto burner;
	case KS_UNIT:
		trace_end(&r->trace, (size_t)rr->mark, r->sched.now);
		rr->mark = 0;
		unit = kitchen_pool_claim(p);
		slot[rr->pots++] = (uint8_t)unit;
	burner:
		d = boil ? (st->duration > 0 ? st->duration :
			    rk->k.spec->boil_time) : st->duration;
		run_span(r, lane_unit(r, rk, APP_STOVETOP, unit), rr,
			 rr->step, boil ? TRACE_HEAT : TRACE_USE,
			 r->sched.now, r->sched.now + d);
		run_timer(r, rr, d);
		return false;
	case KS_TIMER:
	default:
		if (!boil && rr->pots > 0) {
			/* The oldest pot comes off: its burner is free. */
			unit = slot[0];
			memmove(slot, slot + 1, (size_t)(rr->pots - 1));
			rr->pots--;
			run_check(r, kitchen_pool_give(p, unit, &r->sched));
		}
		return true;
	}
}

/* Take a utensil: now if one is free, else wait (FIFO) and be handed it
 * by the put that frees it.  The hold is drawn on the utensil's lane
 * from take to put, the wait TRACE_BLOCKED on its queue lane. */
static bool
kstep_take(struct run *r, struct rkitchen *rk, struct rrun *rr,
	   const struct step *st)
{
	enum utensil u = (enum utensil)st->utensil;
	struct kitchen_pool *p = run_upool(r, rk, u);
	size_t i = rr_index(r, rr) * UT_COUNT + (size_t)u;
	int unit, holder;

	switch (rr->sub) {
	case KS_START:
		if (!kitchen_pool_take(p, &rr->w)) {
			rr->mark = (int64_t)run_span(r,
			    run_lane_utensil_queue(r, rk, u), rr, rr->step,
			    TRACE_BLOCKED, r->sched.now, TRACE_OPEN);
			if (run_logging(r)) {
				holder = run_utensil_holder(r, rk, u);
				trace_event(&r->trace, r->sched.now,
				    "%s: waits for %s (the %s has it)",
				    r->names[rr_recipe(r, rr)], utensil_words(u),
				    holder >= 0 ? r->names[holder] : "kitchen");
			}
			rr->sub = KS_UNIT;
			return false;
		}
		break;
	case KS_UNIT:
		trace_end(&r->trace, (size_t)rr->mark, r->sched.now);
		rr->mark = 0;
		break;
	default:
		return true;
	}
	unit = kitchen_pool_claim(p);
	r->held[i] = (uint8_t)(unit + 1);
	r->held_span[i] = run_span(r, run_lane_utensil(r, rk, u, unit), rr,
				   rr->step, TRACE_USE, r->sched.now, TRACE_OPEN);
	if (run_logging(r))
		trace_event(&r->trace, r->sched.now, "%s: takes %s",
			    r->names[rr_recipe(r, rr)], utensil_words(u));
	return true;
}

/* Put a utensil back (nothing to do if it is not held). */
static void
utensil_put(struct run *r, struct rkitchen *rk, struct rrun *rr,
	    enum utensil u)
{
	size_t i = rr_index(r, rr) * UT_COUNT + (size_t)u;

	if (r->held[i] == 0)
		return;
	trace_end(&r->trace, r->held_span[i], r->sched.now);
	run_check(r, kitchen_pool_give(run_upool(r, rk, u), r->held[i] - 1,
				       &r->sched));
	r->held[i] = 0;
}

/* The recipe (index in the menu) holding a unit of u in rk, -1 none. */
int
run_utensil_holder(struct run *r, const struct rkitchen *rk, enum utensil u)
{
	size_t first, n, i;

	run_kitchen_runs(r, rk, &first, &n);
	for (i = first; i < first + n; i++)
		if (!(r->runs[i].flags & RR_DONE) && r->held[i * UT_COUNT + u])
			return (int)(i % r->nrecipes);
	return -1;
}

static bool
kstep_wait(struct run *r, struct rkitchen *rk, struct rrun *rr,
	   const struct step *st)
{
	if (rr->sub == KS_TIMER)
		return true;
	run_span(r, lane_counter(r, rk), rr, rr->step, TRACE_WAIT,
		 r->sched.now, r->sched.now + st->duration);
	run_timer(r, rr, st->duration);
	return false;
}

bool
run_kstep(struct run *r, struct rrun *rr)
{
	const struct step *st = rr_step(r, rr);
	struct rkitchen *rk = run_kitchen_of(r, rr);

	switch (st->action) {
	case ACT_PREHEAT:
		return kstep_preheat(r, rk, rr, st);
	case ACT_USE:
		if (st->app == APP_STOVETOP)
			return kstep_burner(r, rk, rr, st, false);
		if (st->app == APP_OVEN || st->app == APP_MICROWAVE)
			return kstep_use(r, rk, rr, st);
		return kstep_wait(r, rk, rr, st);
	case ACT_BOIL:
		return kstep_burner(r, rk, rr, st, true);
	case ACT_SIMMER:
		return kstep_burner(r, rk, rr, st, false);
	case ACT_WAIT:
		return kstep_wait(r, rk, rr, st);
	case ACT_TAKE:
		if (r->upools == NULL || (unsigned)st->utensil >= UT_COUNT)
			return true;
		return kstep_take(r, rk, rr, st);
	case ACT_PUT:
		if (r->upools != NULL && (unsigned)st->utensil < UT_COUNT) {
			utensil_put(r, rk, rr, (enum utensil)st->utensil);
			if (run_logging(r))
				trace_event(&r->trace, r->sched.now,
				    "%s: puts %s back",
				    r->names[rr_recipe(r, rr)],
				    utensil_words((enum utensil)st->utensil));
		}
		return true;
	case ACT_WORK:
	default:
		return true;    /* work is the model's business */
	}
}

void
run_recipe_begin(struct run *r, struct rrun *rr)
{
	rr->flags |= RR_STARTED;
	rr->step = 0;
	rr->sub = 0;
}

void
run_recipe_done(struct run *r, struct rrun *rr)
{
	struct rkitchen *rk = run_kitchen_of(r, rr);
	struct run_dish *d = run_dish_of(r, rr);
	uint8_t *slot = run_pot_slots(r, rr);
	int u;

	while (rr->pots > 0) {
		rr->pots--;
		run_check(r, kitchen_pool_give(&rk->k.pools[APP_STOVETOP],
					       slot[rr->pots], &r->sched));
	}
	for (u = 0; r->upools != NULL && u < UT_COUNT; u++)
		utensil_put(r, rk, rr, (enum utensil)u);
	if (rr->flags & RR_OVEN_LOCK) {
		rr->flags &= ~RR_OVEN_LOCK;
		run_check(r, kitchen_sem_give(run_oven_lock(r, rk),
					      &r->sched));
	}
	rr->flags |= RR_DONE;
	rr->step = (uint16_t)rr_rec(r, rr)->nsteps;
	d->ready_at = r->sched.now;
	if (d->ready_at > r->res.total)
		r->res.total = d->ready_at;
	if (run_logging(r)) {
		if (d->ok)
			trace_event(&r->trace, r->sched.now, "%s is ready",
				    r->names[rr_recipe(r, rr)]);
		else
			trace_event(&r->trace, r->sched.now,
				    "%s is ready, but ruined: %s",
				    r->names[rr_recipe(r, rr)], d->problem);
	}
}

/* ---- the cooperative cook ------------------------------------------------ */

/* The cook rr has or is given: coop_choose picks it in decide mode (any
 * of --cooks), else there is one. */
static int
coop_cook_of(const struct rrun *rr)
{
	return rr->cook == RR_NO_UNIT ? 0 : rr->cook;
}

static void
coop_took(struct run *r, struct rrun *rr)
{
	struct rcook *c = run_cook(r, rr_table(r, rr), coop_cook_of(rr));
	int32_t me = (int32_t)rr_index(r, rr);

	rr->flags |= RR_COOK;
	if (c->last >= 0 && c->last != me)
		r->switches++;
	c->last = me;
	c->running = me;
}

bool
coop_cook_acquire(struct run *r, struct rrun *rr)
{
	struct rtable *tab = &r->tables[rr_table(r, rr)];

	if (rr->flags & RR_COOK)
		return true;
	if (rr->flags & RR_QUEUED) {
		/* Woken: the cook was handed to us. */
		rr->flags &= ~RR_QUEUED;
	} else if (r->deciding) {
		/* Decide mode: everyone queues; coop_choose hands the cook
		 * over once the instant's events have all run. */
		kitchen_queue_push(&tab->cook.q, &rr->w);
		rr->flags |= RR_QUEUED;
		return false;
	} else if (!kitchen_sem_take(&tab->cook, &rr->w)) {
		rr->flags |= RR_QUEUED;
		return false;
	}
	coop_took(r, rr);
	return true;
}

void
coop_work_begin(struct run *r, struct rrun *rr)
{
	sched_ms d = rr_step(r, rr)->duration;

	jar_step_begin(r, rr);  /* a shared jar: the read */
	run_cook_span(r, rr, coop_cook_of(rr), TRACE_WORK, rr->step, r->sched.now,
		      r->sched.now + d);
	run_check(r, sched_after(&r->sched, d, &rr->w.task));
}

/* The work step rr->step is done.  The cook stays if the next step is
 * work too; otherwise it goes to the next recipe in line. */
void
coop_work_end(struct run *r, struct rrun *rr)
{
	struct rtable *tab = &r->tables[rr_table(r, rr)];
	const struct recipe *rec = rr_rec(r, rr);
	struct kitchen_waiter *next;
	char words[120];

	jar_step_end(r, rr);    /* a shared jar: the write */
	if ((size_t)rr->step + 1 < rec->nsteps &&
	    rec->steps[rr->step + 1].action == ACT_WORK)
		return;
	rr->flags &= ~RR_COOK;
	run_cook(r, rr_table(r, rr), coop_cook_of(rr))->running = -1;
	rr->cook = RR_NO_UNIT;
	if (r->deciding) {
		/* Who gets the cook is decided later (coop_choose). */
		if (run_logging(r) && (size_t)rr->step + 1 < rec->nsteps) {
			run_wait_words(r, rr, words, sizeof words);
			trace_event(&r->trace, r->sched.now, "%s: %s; the cook is free",
				    r->names[rr_recipe(r, rr)], words);
		}
		return;
	}
	next = kitchen_queue_head(&tab->cook.q);
	if (run_logging(r)) {
		run_wait_words(r, rr, words, sizeof words);
		if (next != NULL)
			trace_event(&r->trace, r->sched.now,
				    "%s: %s; the cook switches to the %s",
				    r->names[rr_recipe(r, rr)], words,
				    r->names[rr_recipe(r, rr_of_task(&next->task))]);
		else if ((size_t)rr->step + 1 < rec->nsteps)
			trace_event(&r->trace, r->sched.now,
				    "%s: %s; %s", r->names[rr_recipe(r, rr)],
				    words, r->opts.model == MODEL_SEQUENTIAL ?
				    "the cook stands and waits (one recipe at a time)" :
				    "the cook is free");
	}
	run_check(r, kitchen_sem_give(&tab->cook, &r->sched));
}

/* ---- the run ------------------------------------------------------------- */

static void
run_result_update(struct run *r)
{
	sched_ms t, all;

	/* First: a deadlock sets the total the cooks' idle time counts to.
	 * run_done, not sched_idle: in decide mode an idle scheduler may
	 * still have a decision to take. */
	if (!r->dl_checked && run_done(r) && !r->failed)
		run_deadlock_check(r);
	t = run_done(r) ? r->res.total : r->sched.now;
	if (t < r->res.total)
		t = r->res.total;
	all = t * (sched_ms)r->ncooks * (sched_ms)r->ntables;
	r->res.cook_working = r->working;
	r->res.cook_switching = r->switching;
	r->res.cook_idle = all - r->working - r->switching;
	if (r->res.cook_idle < 0)
		r->res.cook_idle = 0;
	r->res.context_switches = r->switches;
	r->res.events = r->sched.events;
}

void
run_free(struct run *r)
{
	size_t i;

	if (r == NULL)
		return;
	sched_free(&r->sched);
	trace_free(&r->trace);
	if (r->names != NULL) {
		for (i = 0; i < r->nrecipes; i++)
			free(r->names[i]);
		free(r->names);
	}
	free(r->runs);
	free(r->kitchens);
	free(r->tables);
	free(r->ptables);
	free(r->cooks);
	free(r->pcooks);
	free(r->last_oven);
	free(r->cook_lane);
	free(r->lanes);
	jar_run_free(r);
	free(r->pot_units);
	free(r->upools);
	free(r->held);
	free(r->held_span);
	free(r->oven_locks);
	free(r->dl);
	if (r->res.dishes != NULL && r->why == NULL)
		for (i = 0; i < r->nruns; i++)
			if (!r->res.dishes[i].ok &&
			    r->res.dishes[i].problem != run_ruin_oom)
				free((char *)r->res.dishes[i].problem);
	free(r->why);
	free(r->dec_choices);
	free(r->hash_tmp);
	free(r->res.dishes);
	free(r);
}

int
run_cooks_for(const struct menu *menu, const struct run_opts *opts)
{
	const struct model_ops *ops = (int)opts->model >= 0 &&
	    opts->model < MODEL_COUNT ? model_table[opts->model] : NULL;
	int n = 1;

	if (ops != NULL && ops->preemptive)
		n = opts->cooks > 0 ? opts->cooks :
		    (menu->kitchen.cooks > 0 ? menu->kitchen.cooks : 1);
	else if (ops != NULL && opts->decide && ops->decisions != NULL &&
		 opts->cooks > 1)
		/* Decide mode (--solve --cooks=N): N cooperative cooks,
		 * each taking whichever waiting recipe it is given. */
		n = opts->cooks;
	/* else one loop, whatever --cooks says */
	return n > 255 ? 255 : n;
}

static const char *
run_check_menu(const struct menu *m, const struct run_opts *o)
{
	size_t i, j;
	const struct step *st;

	if (m == NULL || m->nrecipes == 0)
		return "the menu has no recipes";
	if (o->tables < 1)
		return "the number of tables must be at least 1";
	if ((uint64_t)o->tables > (uint64_t)INT32_MAX / m->nrecipes)
		return "too many tables for this menu";
	if (o->cooks < 0 || o->cooks > 255)
		return "the number of cooks must be 1 to 255";
	for (i = 0; i < m->nrecipes; i++) {
		if (m->recipes[i]->nsteps == 0)
			return "a recipe has no steps";
		if (m->recipes[i]->nsteps >= UINT16_MAX)
			return "a recipe has too many steps";
		for (j = 0; j < m->recipes[i]->nsteps; j++) {
			st = &m->recipes[i]->steps[j];
			if (st->duration < 0)
				return "a step has a negative duration";
			if ((unsigned)st->action >= ACT_COUNT)
				return "a step has an unknown action";
			if (st->action == ACT_TAKE || st->action == ACT_PUT) {
				if ((unsigned)st->utensil >= UT_COUNT)
					return "a step names no utensil";
			} else if (st->action != ACT_WORK &&
			    st->action != ACT_WAIT &&
			    ((int)st->app < 0 || st->app >= APP_COUNT))
				return "a step names no appliance";
		}
	}
	return kitchen_spec_check(&m->kitchen);
}

/*
 * index / d as index * m >> s, d = nrecipes (rr_table).  With 2^s >=
 * 2^32 d, the least such s, and m = ceil(2^s / d): m d - 2^s = e < d, and
 * floor(n m / 2^s) = floor(n / d + n e / (d 2^s)) = floor(n / d) as long
 * as n e < 2^s, which holds for every n < 2^32 since e < d.  Then m <=
 * 2^33, and run_check_menu keeps indices under 2^31, so n m < 2^64.
 */
void
run_div_init(struct run *r)
{
	r->rdiv_s = 32;
	while (((uint64_t)1 << (r->rdiv_s - 32)) < r->nrecipes)
		r->rdiv_s++;
	r->rdiv_m = (((uint64_t)1 << r->rdiv_s) + r->nrecipes - 1) /
	    r->nrecipes;
}

struct run *
run_new(const struct menu *menu, const struct run_opts *opts, const char **err)
{
	static const char *const oom = "out of memory";
	struct run *r;
	size_t i, j, nl;
	const char *why;
	char name[32];
	bool utensils = false;
	int pots;

	if ((why = run_check_menu(menu, opts)) != NULL) {
		*err = why;
		return NULL;
	}
	if ((int)opts->model < 0 || opts->model >= MODEL_COUNT) {
		*err = "unknown model";
		return NULL;
	}
	if ((r = calloc(1, sizeof *r)) == NULL) {
		*err = oom;
		return NULL;
	}
	r->menu = menu;
	r->opts = *opts;
	r->ops = model_table[opts->model];
	sched_init(&r->sched);
	trace_init(&r->trace);
	r->trace.keep_spans = opts->keep_spans;
	r->nrecipes = menu->nrecipes;
	r->ntables = (size_t)opts->tables;
	r->nruns = r->ntables * r->nrecipes;
	run_div_init(r);
	r->ncooks = run_cooks_for(menu, opts);
	r->nkitchens = r->ops->own_kitchens ? r->nruns : r->ntables;
	nl = 1 + (r->ops->own_kitchens ? r->nrecipes : 0);
	r->rng = opts->seed;
	r->switch_cost = RUN_SWITCH_COST;
	r->start_cost = RUN_START_COST;
	r->handback_cost = RUN_HANDBACK_COST;
	r->gil_lane = -1;
	r->deciding = opts->decide && r->ops->decisions != NULL;

	r->runs = calloc(r->nruns, sizeof *r->runs);
	r->kitchens = calloc(r->nkitchens, sizeof *r->kitchens);
	r->tables = calloc(r->ntables, sizeof *r->tables);
	r->cooks = calloc(r->ntables * (size_t)r->ncooks, sizeof *r->cooks);
	if (r->ops->preemptive) {
		r->ptables = calloc(r->ntables, sizeof *r->ptables);
		r->pcooks = calloc(r->ntables * (size_t)r->ncooks,
				   sizeof *r->pcooks);
		if (r->ptables == NULL || r->pcooks == NULL)
			goto fail;
	}
	r->names = calloc(r->nrecipes, sizeof *r->names);
	r->last_oven = calloc(r->nrecipes, sizeof *r->last_oven);
	r->cook_lane = calloc((size_t)r->ncooks, sizeof *r->cook_lane);
	r->lanes = malloc(nl * sizeof *r->lanes);
	r->res.dishes = calloc(r->nruns, sizeof *r->res.dishes);
	if (r->runs == NULL || r->kitchens == NULL || r->tables == NULL ||
	    r->cooks == NULL || r->names == NULL || r->last_oven == NULL ||
	    r->cook_lane == NULL || r->lanes == NULL || r->res.dishes == NULL)
		goto fail;
	memset(r->lanes, 0xff, nl * sizeof *r->lanes);  /* every lane -1 */
	if (r->deciding) {
		r->why = calloc(r->nruns, RUN_WHY_LEN);
		r->dec_choices = calloc(r->nruns, sizeof *r->dec_choices);
		if (r->why == NULL || r->dec_choices == NULL)
			goto fail;
		r->dec.choices = r->dec_choices;
	}

	for (i = 0; i < r->nrecipes; i++) {
		if ((r->names[i] = esc_dup(menu->recipes[i]->name, false)) == NULL)
			goto fail;
		for (j = 0; j < menu->recipes[i]->nsteps; j++) {
			if (menu->recipes[i]->steps[j].app == APP_OVEN)
				r->last_oven[i] = (uint16_t)(j + 1);
			if (menu->recipes[i]->steps[j].action == ACT_TAKE)
				utensils = true;
		}
		pots = recipe_max_pots(menu->recipes[i], NULL);
		if (pots > r->maxpots)
			r->maxpots = pots;
	}
	/* Side tables only for menus that need them, so that the common
	 * case keeps its 64 bytes per recipe run. */
	if (r->maxpots > 1 && (r->pot_units = calloc(r->nruns,
	    (size_t)r->maxpots)) == NULL)
		goto fail;
	if (utensils) {
		r->upools = calloc(r->nkitchens * UT_COUNT, sizeof *r->upools);
		r->held = calloc(r->nruns * UT_COUNT, 1);
		r->held_span = calloc(r->nruns * UT_COUNT, sizeof *r->held_span);
		if (r->upools == NULL || r->held == NULL || r->held_span == NULL)
			goto fail;
		for (i = 0; i < r->nkitchens * UT_COUNT; i++)
			kitchen_pool_init(&r->upools[i],
			    menu->kitchen.utensils[i % UT_COUNT]);
	}
	for (i = 0; i < (size_t)r->ncooks; i++) {
		snprintf(name, sizeof name, "cook %zu", i + 1);
		if ((r->cook_lane[i] = trace_lane(&r->trace, name)) < 0)
			goto fail;
	}
	if (opts->model == MODEL_THREADS && opts->gil &&
	    (r->gil_lane = trace_lane(&r->trace, "GIL")) < 0)
		goto fail;

	for (i = 0; i < r->nkitchens; i++) {
		struct rkitchen *rk = &r->kitchens[i];

		kitchen_init(&rk->k, &menu->kitchen);
		rk->ready.fn = oven_ready_fire;
		rk->heat_span = TRACE_NONE;
	}
	if (opts->locks) {
		if ((r->oven_locks = calloc(r->nkitchens,
		    sizeof *r->oven_locks)) == NULL)
			goto fail;
		for (i = 0; i < r->nkitchens; i++)
			kitchen_sem_init(&r->oven_locks[i], 1);
	}
	for (i = 0; i < r->ntables; i++) {
		kitchen_sem_init(&r->tables[i].cook, 1);
		r->tables[i].gil = -1;
		if (r->ptables != NULL)
			r->ptables[i].gil_span = TRACE_NONE;
	}
	for (i = 0; i < r->ntables * (size_t)r->ncooks; i++) {
		r->cooks[i].running = r->cooks[i].last = r->cooks[i].cont = -1;
		if (r->pcooks != NULL) {
			r->pcooks[i].cont_span = TRACE_NONE;
			r->pcooks[i].cont_step = -2;
		}
	}
	for (i = 0; i < r->nruns; i++) {
		r->runs[i].unit = r->runs[i].burner = r->runs[i].cook =
		    RR_NO_UNIT;
		r->res.dishes[i].recipe = (int)(i % r->nrecipes);
		r->res.dishes[i].ready_at = -1;
		r->res.dishes[i].ok = true;
		r->res.dishes[i].problem = "";
	}
	r->res.ndishes = r->nruns;
	r->res.cooks = r->ncooks;
	r->res.state_bytes_per_run = sizeof(struct rrun) +
	    sizeof(struct sched_entry);
	r->res.memory_bytes = r->ops->memory(r, &r->res.memory_what,
					     &r->res.reserved_bytes);
	if (jar_run_init(r) != 0)
		goto fail;

	/* Every run has at most one timer pending, every kitchen one oven
	 * timer (plus stale ones): reserve so that a run rarely allocates. */
	if (sched_reserve(&r->sched, r->nruns + r->nkitchens, r->nruns) != 0)
		goto fail;
	if (r->ops->start(r) != 0 || r->failed)
		goto fail;
	return r;
fail:
	run_free(r);
	*err = oom;
	return NULL;
}

static int
run_status(struct run *r)
{
	if (r->failed || sched_failed(&r->sched) || trace_failed(&r->trace))
		return -1;
	return 0;
}

int
run_step(struct run *r)
{
	int rc;

	if (run_status(r) != 0)
		return -1;
	if (r->deciding) {
		rc = dec_step(r);
		run_result_update(r);
		return run_status(r) == 0 ? rc : -1;
	}
	if (sched_idle(&r->sched))
		return 0;
	sched_step(&r->sched);
	run_result_update(r);
	return run_status(r) == 0 ? 1 : -1;
}

int
run_until(struct run *r, sched_ms t)
{
	if (run_status(r) != 0)
		return -1;
	if (r->deciding)
		(void)dec_until(r, t, true);
	else
		sched_run_until(&r->sched, t);
	run_result_update(r);
	/* A kitchen in a deadlock has stopped: its clock stays where the
	 * last thing happened, however far a driver asks, so that every view
	 * of the run (report, exports, screen) ends its open waits there. */
	if (r->dl != NULL)
		r->sched.now = r->dl->pub.at;
	return run_status(r);
}

int
run_finish(struct run *r)
{
	if (run_status(r) != 0)
		return -1;
	if (r->deciding)
		(void)dec_until(r, SCHED_NEVER, true);
	else
		sched_run(&r->sched);
	run_result_update(r);
	return run_status(r);
}

bool
run_done(const struct run *r)
{
	if (r->deciding)
		return sched_idle(&r->sched) && r->dec_settled &&
		    !r->dec_pending;
	return sched_idle(&r->sched);
}

sched_ms
run_now(const struct run *r)
{
	return r->sched.now;
}

sched_ms
run_next(const struct run *r)
{
	if (r->deciding && (r->dec_pending || !r->dec_settled))
		return r->sched.now;
	return sched_next(&r->sched);
}

uint64_t
run_events(const struct run *r)
{
	return r->sched.events;
}

const struct trace *
run_trace(const struct run *r)
{
	return &r->trace;
}

const struct menu *
run_menu(const struct run *r)
{
	return r->menu;
}

const struct run_opts *
run_options(const struct run *r)
{
	return &r->opts;
}

const struct run_result *
run_result(const struct run *r)
{
	return &r->res;
}

int
run_recipe_step(const struct run *r, int recipe)
{
	const struct rrun *rr;

	if (recipe < 0 || (size_t)recipe >= r->nrecipes)
		return -1;
	rr = &r->runs[recipe];
	if (!(rr->flags & RR_STARTED))
		return -1;
	if (rr->flags & RR_DONE)
		return (int)r->menu->recipes[recipe]->nsteps;
	return rr->step;
}

int
run_kitchen_count(const struct run *r)
{
	return (int)r->nkitchens;
}

int
run_oven_temp(const struct run *r, int kitchen, int *setpoint_f)
{
	const struct kitchen *k;

	if (kitchen < 0 || (size_t)kitchen >= r->nkitchens)
		kitchen = 0;
	k = &r->kitchens[kitchen].k;
	if (setpoint_f != NULL)
		*setpoint_f = k->oven.setpoint_f;
	return kitchen_oven_temp(k, r->sched.now);
}

int
run_gil_holder(const struct run *r)
{
	int32_t g = r->tables[0].gil;

	return g < 0 ? -1 : (int)((size_t)g % r->nrecipes);
}

/*
 * What run_new and the run will allocate for these options, in bytes:
 * the same arrays run_new makes, plus the scheduler's heap and ready ring
 * at the sizes they reach (one timer per run and kitchen, doubled as the
 * heap grows) and the trace when spans are kept.  Batch mode compares it
 * with the memory available before it starts, so that a run too big for
 * the machine is refused with the figure instead of being killed part way
 * by the OOM killer.  It is an estimate of the engine's own memory; the
 * program's few MiB of code and libraries come on top.  O(1).
 */
uint64_t
run_estimate_bytes(const struct menu *menu, const struct run_opts *opts)
{
	const struct model_ops *ops;
	uint64_t runs, kitchens, tables, cooks, timers, b;

	if ((int)opts->model < 0 || opts->model >= MODEL_COUNT ||
	    menu->nrecipes == 0)
		return 0;
	ops = model_table[opts->model];
	tables = (uint64_t)(opts->tables > 0 ? opts->tables : 1);
	runs = tables * menu->nrecipes;
	kitchens = ops->own_kitchens ? runs : tables;
	cooks = ops->preemptive ? (uint64_t)(opts->cooks > 0 ? opts->cooks :
	    (menu->kitchen.cooks > 0 ? menu->kitchen.cooks : 1)) : 1;
	timers = runs + kitchens;
	b = runs * (sizeof(struct rrun) + sizeof(struct run_dish)) +
	    kitchens * sizeof(struct rkitchen) +
	    tables * (sizeof(struct rtable) + cooks * sizeof(struct rcook));
	if (ops->preemptive)
		b += tables * (sizeof(struct rptable) +
		    cooks * sizeof(struct rpcook));
	if (opts->locks)
		b += kitchens * sizeof(struct kitchen_sem);
	/* The heap and ring double as they grow: up to twice the need;
	 * batched timers take a 12-byte node each (sched.c). */
	b += 2 * timers * sizeof(struct sched_entry) + timers * 12 +
	    2 * runs * sizeof(struct sched_task *);
	if (opts->keep_spans)   /* a few spans and a log line per step */
		b += runs * 16 * (sizeof(struct trace_span) + sizeof(size_t));
	return b;
}
