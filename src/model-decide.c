/* SPDX-License-Identifier: ISC */
/*
 * model-decide.c - decision points, snapshots and state hashes (decide.h).
 *
 * Decide mode changes one thing in the models: nobody takes the cook (or
 * a CPU) on arrival.  Every recipe that wants it queues; once every event
 * of the current instant has run, the model lists who is waiting
 * (model_ops.decisions).  One candidate is taken at once, two or more are a
 * decision.  So recipes that ask at the same instant are all choices, and
 * the first choice (queue order) is exactly the FIFO loop's.
 *
 * A snapshot (run_copy) is a memcpy of the run's arrays plus a pointer
 * fix-up: every pointer inside the state points into runs[] (waiter
 * links, tasks) or kitchens[] (the oven's timer), so it is moved by the
 * same offset.  Cost: O(recipes + pending timers), no allocation once the
 * copy's heap is as large as the source's.
 *
 * The hash walks the same state in a canonical order (timers sorted by
 * time and insertion order, queues as lists of run numbers).  Cost:
 * O(recipes + timers log timers).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model-impl.h"

/* ---- the cooperative cook -------------------------------------------------- */

size_t
coop_decisions(struct run *r, struct run_choice *out)
{
	struct kitchen_waiter *w;
	struct rrun *rr;
	size_t t, n;

	int c;

	for (t = 0; t < r->ntables; t++) {
		if (kitchen_queue_empty(&r->tables[t].cook.q))
			continue;
		/* The lowest-numbered free cook (one, unless --cooks). */
		for (c = 0; c < r->ncooks && run_cook(r, t, c)->running >= 0; c++)
			;
		if (c == r->ncooks)
			continue;
		n = 0;
		for (w = kitchen_queue_head(&r->tables[t].cook.q); w != NULL;
		     w = kitchen_queue_next(&r->tables[t].cook.q, w)) {
			rr = rr_of_task(&w->task);
			out[n].table = (int)t;
			out[n].cook = c;
			out[n].recipe = (int)rr_recipe(r, rr);
			out[n].step = rr->step;
			out[n].preempts = out[n].continues = false;
			out[n].starts = false;
			n++;
		}
		return n;
	}
	return 0;
}

void
coop_choose(struct run *r, const struct run_choice *c)
{
	struct rtable *tab = &r->tables[c->table];
	size_t i = (size_t)c->table * r->nrecipes + (size_t)c->recipe;
	struct rrun *rr = &r->runs[i];

	(void)kitchen_queue_remove(&tab->cook.q, &rr->w);
	/* The cook is promised now, so the next look finds it taken;
	 * coop_cook_acquire (RR_QUEUED) completes the hand-over. */
	run_cook(r, (size_t)c->table, c->cook)->running = (int32_t)i;
	rr->cook = (uint8_t)c->cook;
	run_check(r, sched_ready(&r->sched, &rr->w.task));
}

/* ---- stepping ------------------------------------------------------------------ */

bool
run_deciding(const struct run *r)
{
	return r->deciding;
}

const struct run_decision *
run_decision(const struct run *r)
{
	return r->dec_pending ? &r->dec : NULL;
}

uint64_t
run_decisions_taken(const struct run *r)
{
	return r->dec_made;
}

void
run_set_chooser(struct run *r, run_chooser *fn, void *ctx)
{
	r->chooser = fn;
	r->chooser_ctx = ctx;
}

static void
dec_apply(struct run *r, size_t i)
{
	const struct run_choice *c = &r->dec_choices[i];

	if (run_logging(r))
		trace_event(&r->trace, r->sched.now,
			    "decision %llu: %s the %s (of %zu choices)",
			    (unsigned long long)r->dec_made + 1,
			    c->starts ? "first to start is" : c->continues ?
			    "the cook goes on with" : "the cook goes to",
			    r->names[c->recipe], r->dec.n);
	r->dec_pending = false;
	r->dec_settled = false;
	r->ops->choose(r, &r->dec_choices[i]);
	r->dec_made++;
}

int
run_choose(struct run *r, size_t i)
{
	if (!r->dec_pending || i >= r->dec.n)
		return -1;
	dec_apply(r, i);
	return 0;
}

/* Ask the chooser about the pending decision: true if it chose. */
static bool
dec_ask(struct run *r)
{
	int i;

	if (r->chooser == NULL)
		return false;
	i = r->chooser(r->chooser_ctx, r, &r->dec);
	if (i < 0 || (size_t)i >= r->dec.n)
		return false;
	dec_apply(r, (size_t)i);
	return true;
}

/* The instant's events have all run: look at the choices.  A single one
 * is taken; two or more make the decision pending. */
static void
dec_settle(struct run *r)
{
	size_t n = r->ops->decisions(r, r->dec_choices);

	if (n == 1) {
		r->ops->choose(r, &r->dec_choices[0]);
		return;         /* still unsettled: look again */
	}
	if (n >= 2) {
		r->dec_pending = true;
		r->dec.at = r->sched.now;
		r->dec.index = r->dec_made;
		r->dec.n = n;
		return;
	}
	r->dec_settled = true;
}

static bool
dec_broken(const struct run *r)
{
	return r->failed || sched_failed(&r->sched) || trace_failed(&r->trace);
}

int
dec_step(struct run *r)
{
	if (r->dec_pending)
		return dec_ask(r) ? 1 : 2;
	if (!sched_idle(&r->sched) && sched_next(&r->sched) <= r->sched.now) {
		sched_step(&r->sched);
		r->dec_settled = false;
		return 1;
	}
	if (!r->dec_settled) {
		dec_settle(r);
		if (r->dec_pending)
			return dec_ask(r) ? 1 : 2;
		return 1;
	}
	if (sched_idle(&r->sched))
		return 0;
	sched_step(&r->sched);
	r->dec_settled = false;
	return 1;
}

/* Run up to time t (SCHED_NEVER: the end), stopping at a pending decision
 * the chooser does not answer (or at any, when !ask).  1: stopped at a
 * decision, 0: reached t or the end, -1: failed. */
int
dec_until(struct run *r, sched_ms t, bool ask)
{
	for (;;) {
		if (dec_broken(r))
			return -1;
		if (r->dec_pending) {
			if (!ask || !dec_ask(r))
				return 1;
			continue;
		}
		if (!sched_idle(&r->sched) &&
		    sched_next(&r->sched) <= r->sched.now) {
			sched_step(&r->sched);
			r->dec_settled = false;
			continue;
		}
		if (!r->dec_settled) {
			dec_settle(r);
			continue;
		}
		if (sched_idle(&r->sched) || sched_next(&r->sched) > t)
			break;
		sched_step(&r->sched);
		r->dec_settled = false;
	}
	if (t != SCHED_NEVER && t > r->sched.now)
		sched_run_until(&r->sched, t);  /* nothing due: moves the clock */
	return 0;
}

int
run_to_decision(struct run *r)
{
	int rc;

	if (!r->deciding)
		return run_finish(r) == 0 ? 0 : -1;
	rc = dec_until(r, SCHED_NEVER, false);
	(void)run_until(r, r->sched.now);       /* bring the totals up to date */
	return dec_broken(r) ? -1 : rc;
}

/* ---- snapshots --------------------------------------------------------------- */

static struct kitchen_waiter *
move_waiter(const struct run *src, struct run *dst, struct kitchen_waiter *w)
{
	if (w == NULL)
		return NULL;
	return &dst->runs[rr_index(src, rr_of_task(&w->task))].w;
}

void
dec_move_queue(const struct run *src, struct run *dst, struct kitchen_queue *q)
{
	q->tail = move_waiter(src, dst, q->tail);
}
#define move_queue dec_move_queue

static struct sched_task *
move_task(const struct run *src, struct run *dst, struct sched_task *t)
{
	const char *p = (const char *)t;

	if (p >= (const char *)src->runs &&
	    p < (const char *)(src->runs + src->nruns))
		return &dst->runs[rr_index(src, rr_of_task(t))].w.task;
	return &dst->kitchens[(struct rkitchen *)(void *)((char *)t -
	    offsetof(struct rkitchen, ready)) - src->kitchens].ready;
}

/* sched_copy's map: src's tasks to dst's. */
struct move_ctx {
	const struct run *src;
	struct run *dst;
};

static struct sched_task *
move_task_cb(void *ctx, struct sched_task *t)
{
	const struct move_ctx *m = ctx;

	return move_task(m->src, m->dst, t);
}

int
run_copy(struct run *dst, const struct run *src)
{
	struct sched *ds = &dst->sched;
	const struct sched *ss = &src->sched;
	size_t i;

	if (dst == src)
		return 0;
	if (dst->menu != src->menu || dst->nruns != src->nruns ||
	    dst->nkitchens != src->nkitchens || dst->ncooks != src->ncooks ||
	    dst->opts.model != src->opts.model || !dst->deciding ||
	    !src->deciding || dst->trace.keep_spans)
		return -1;
	{
		struct move_ctx m = { src, dst };

		if (sched_copy(ds, ss, move_task_cb, &m) != 0)
			return -1;
	}

	memcpy(dst->runs, src->runs, src->nruns * sizeof *src->runs);
	for (i = 0; i < src->nruns; i++)
		dst->runs[i].w.next = move_waiter(src, dst, src->runs[i].w.next);
	for (i = 0; i < src->nkitchens; i++) {
		struct kitchen *k = &dst->kitchens[i].k;
		size_t heat = dst->kitchens[i].heat_span;
		int a;

		dst->kitchens[i] = src->kitchens[i];
		dst->kitchens[i].heat_span = heat;
		move_queue(src, dst, &k->oven.hot);
		for (a = 0; a < APP_COUNT; a++)
			move_queue(src, dst, &k->pools[a].s.q);
	}
	if (src->oven_locks != NULL)    /* --locks: the same options */
		for (i = 0; i < src->nkitchens; i++) {
			dst->oven_locks[i] = src->oven_locks[i];
			move_queue(src, dst, &dst->oven_locks[i].q);
		}
	for (i = 0; i < src->ntables; i++) {
		dst->tables[i] = src->tables[i];
		move_queue(src, dst, &dst->tables[i].cook.q);
	}
	memcpy(dst->cooks, src->cooks,
	       src->ntables * (size_t)src->ncooks * sizeof *src->cooks);
	if (src->ptables != NULL) {     /* preemptive: the same model */
		for (i = 0; i < src->ntables; i++) {
			dst->ptables[i] = src->ptables[i];
			move_queue(src, dst, &dst->ptables[i].runq);
		}
		memcpy(dst->pcooks, src->pcooks, src->ntables *
		       (size_t)src->ncooks * sizeof *src->pcooks);
	}
	for (i = 0; i < src->nruns; i++) {
		struct run_dish *d = &dst->res.dishes[i];
		const struct run_dish *s = &src->res.dishes[i];

		d->ready_at = s->ready_at;
		d->ok = s->ok;
		if (s->ok) {
			d->problem = "";
		} else {
			memcpy(dst->why + i * RUN_WHY_LEN,
			       src->why + i * RUN_WHY_LEN, RUN_WHY_LEN);
			d->problem = dst->why + i * RUN_WHY_LEN;
		}
	}
	{
		struct run_dish *dishes = dst->res.dishes;

		dst->res = src->res;
		dst->res.dishes = dishes;
	}
	dst->rng = src->rng;
	dst->working = src->working;
	dst->switching = src->switching;
	dst->switches = src->switches;
	dst->failed = src->failed;
	dst->dec_pending = src->dec_pending;
	dst->dec_settled = src->dec_settled;
	dst->dec.at = src->dec.at;
	dst->dec.index = src->dec.index;
	dst->dec.n = src->dec.n;
	memcpy(dst->dec_choices, src->dec_choices,
	       src->nruns * sizeof *src->dec_choices);
	dst->dec_made = src->dec_made;
	jar_run_copy(dst, src);
	/* Pots and utensils (only when the menu has them). */
	if (src->pot_units != NULL)
		memcpy(dst->pot_units, src->pot_units,
		       src->nruns * (size_t)src->maxpots);
	if (src->upools != NULL) {
		for (i = 0; i < src->nkitchens * UT_COUNT; i++) {
			dst->upools[i] = src->upools[i];
			move_queue(src, dst, &dst->upools[i].s.q);
		}
		memcpy(dst->held, src->held, src->nruns * UT_COUNT);
	}
	/* A deadlock is found again when the copy ends in one. */
	free(dst->dl);
	dst->dl = NULL;
	dst->dl_checked = src->dl_checked && src->dl == NULL;
	return 0;
}

size_t
run_state_bytes(const struct run *r)
{
	return sizeof(struct sched) +
	    sched_timers(&r->sched) * sizeof(struct sched_entry) +
	    sched_nready(&r->sched) * sizeof(struct sched_task *) +
	    r->nruns * (sizeof(struct rrun) + sizeof(struct run_dish)) +
	    r->nkitchens * sizeof(struct rkitchen) +
	    r->ntables * sizeof(struct rtable) +
	    r->ntables * (size_t)r->ncooks * sizeof(struct rcook) +
	    (r->ptables != NULL ? r->ntables * (sizeof(struct rptable) +
	     (size_t)r->ncooks * sizeof(struct rpcook)) : 0) +
	    jar_run_bytes(r) +
	    (r->pot_units ? r->nruns * (size_t)r->maxpots : 0) +
	    (r->upools ? r->nkitchens * UT_COUNT * sizeof *r->upools +
	     r->nruns * UT_COUNT : 0);
}

/* ---- the state hash ---------------------------------------------------------- */

struct hasher {
	uint64_t h;
};

static void
mix(struct hasher *hs, uint64_t v)
{
	/* One round of a 64-bit multiply-xorshift, enough to spread small
	 * integers over the whole word. */
	uint64_t z = hs->h ^ (v + 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	hs->h = z ^ (z >> 31);
}

/* A task as a small number: its run, or nruns + its kitchen. */
static uint64_t
task_id(const struct run *r, const struct sched_task *t)
{
	const char *p = (const char *)t;

	if (p >= (const char *)r->runs && p < (const char *)(r->runs + r->nruns))
		return rr_index(r, rr_of_task((struct sched_task *)t));
	return r->nruns + (size_t)((const struct rkitchen *)(const void *)
	    (p - offsetof(struct rkitchen, ready)) - r->kitchens);
}

static void
mix_queue(struct hasher *hs, const struct run *r, const struct kitchen_queue *q)
{
	const struct kitchen_waiter *w;

	for (w = kitchen_queue_head(q); w != NULL; w = kitchen_queue_next(q, w))
		mix(hs, task_id(r, &w->task));
	mix(hs, UINT64_MAX);
}

static void
mix_cb(void *ctx, uint64_t v)
{
	mix(ctx, v);
}

void
dec_mix_queue(const struct run *r, const struct kitchen_queue *q,
	      void (*fn)(void *, uint64_t), void *ctx)
{
	const struct kitchen_waiter *w;

	for (w = kitchen_queue_head(q); w != NULL; w = kitchen_queue_next(q, w))
		fn(ctx, task_id(r, &w->task));
	fn(ctx, UINT64_MAX);
}

uint64_t
run_state_hash(const struct run *r)
{
	struct run *w = (struct run *)r;        /* scratch space only */
	const struct sched *s = &r->sched;
	struct hasher hs = { 0x243f6a8885a308d3ULL };
	size_t i, j;
	int a;

	mix(&hs, (uint64_t)s->now);
	for (i = 0; i < sched_nready(s); i++)
		mix(&hs, task_id(r, sched_ready_task(s, i)));
	mix(&hs, UINT64_MAX);
	if (w->hash_cap < sched_timers(s)) {
		struct sched_entry *t = realloc(w->hash_tmp,
		    sched_timers(s) * sizeof *t);

		if (t == NULL)
			return 0;
		w->hash_tmp = t;
		w->hash_cap = sched_timers(s);
	}
	/* In the order they fire: (time, insertion). */
	sched_list_timers(s, w->hash_tmp);
	for (i = 0; i < sched_timers(s); i++) {
		mix(&hs, (uint64_t)(w->hash_tmp[i].when - s->now));
		mix(&hs, task_id(r, w->hash_tmp[i].u.task));
	}
	for (i = 0; i < r->nruns; i++) {
		const struct rrun *rr = &r->runs[i];
		uint64_t lc = 0;

		memcpy(&lc, &rr->pt, sizeof rr->pt < sizeof lc ?
		       sizeof rr->pt : sizeof lc);
		mix(&hs, (uint64_t)(uintptr_t)rr->w.task.fn);
		mix(&hs, (uint64_t)rr->mark);
		mix(&hs, lc);
		mix(&hs, (uint64_t)rr->step | (uint64_t)rr->sub << 16 |
		    (uint64_t)rr->flags << 24 | (uint64_t)rr->unit << 32 |
		    (uint64_t)rr->burner << 40 | (uint64_t)rr->cook << 48 |
		    (uint64_t)rr->pots << 56);
		mix(&hs, (uint64_t)r->res.dishes[i].ready_at);
		mix(&hs, r->res.dishes[i].ok);
	}
	for (i = 0; i < r->nkitchens; i++) {
		const struct kitchen *k = &r->kitchens[i].k;
		/* The oven's line: its future rounds from t0, so both. */
		mix(&hs, (uint64_t)k->oven.temp_mf);
		mix(&hs, (uint64_t)k->oven.t0);
		mix(&hs, (uint64_t)k->oven.setpoint_f);
		mix(&hs, (uint64_t)k->oven.ready_at);
		mix_queue(&hs, r, &k->oven.hot);
		for (a = 0; a < APP_COUNT; a++) {
			mix(&hs, k->pools[a].s.sem.count);
			mix(&hs, k->pools[a].used);
			mix_queue(&hs, r, &k->pools[a].s.q);
			/* The lock semaphores as they were when every
			 * kitchen had one per appliance, unused but the
			 * oven's with --locks: the same hash. */
			if (a == APP_OVEN && r->oven_locks != NULL) {
				mix(&hs, r->oven_locks[i].sem.count);
				mix_queue(&hs, r, &r->oven_locks[i].q);
			} else {
				mix(&hs, 1);
				mix(&hs, UINT64_MAX);
			}
		}
	}
	for (i = 0; i < r->ntables; i++) {
		const struct rtable *t = &r->tables[i];

		mix(&hs, t->cook.sem.count);
		mix_queue(&hs, r, &t->cook.q);
		if (r->ptables != NULL)
			mix_queue(&hs, r, &r->ptables[i].runq);
		else
			mix(&hs, UINT64_MAX);   /* as an empty queue */
		mix(&hs, (uint64_t)(int64_t)t->gil);
		mix(&hs, t->next_recipe);
		for (j = 0; j < (size_t)r->ncooks; j++) {
			const struct rcook *c = &r->cooks[i * (size_t)r->ncooks + j];

			mix(&hs, (uint64_t)(int64_t)c->running);
			mix(&hs, (uint64_t)(int64_t)c->last);
			mix(&hs, (uint64_t)(int64_t)c->cont);
		}
	}
	jar_run_hash(r, mix_cb, &hs);
	if (r->pot_units != NULL)
		for (i = 0; i < r->nruns * (size_t)r->maxpots; i++)
			mix(&hs, r->pot_units[i]);
	if (r->upools != NULL) {
		for (i = 0; i < r->nkitchens * UT_COUNT; i++) {
			mix(&hs, r->upools[i].s.sem.count);
			mix(&hs, r->upools[i].used);
			mix_queue(&hs, r, &r->upools[i].s.q);
		}
		for (i = 0; i < r->nruns * UT_COUNT; i++)
			mix(&hs, r->held[i]);
	}
	mix(&hs, r->rng);
	mix(&hs, (uint64_t)r->res.total);
	return hs.h;
}

/* ---- bounds ---------------------------------------------------------------------- */

sched_ms
run_timer_of(const struct run *r, const struct rrun *rr)
{
	return sched_timer_of(&r->sched, &rr->w.task);
}

static sched_ms
step_least(const struct run *r, const struct step *st)
{
	switch (st->action) {
	case ACT_PREHEAT:
		return 0;       /* the oven may be hot already */
	case ACT_BOIL:
		return st->duration > 0 ? st->duration :
		    r->menu->kitchen.boil_time;
	default:
		return st->duration;
	}
}

sched_ms
run_lower_bound(const struct run *r)
{
	sched_ms now = r->sched.now, best = r->res.total, work = 0, left, due;
	size_t i, j, nsteps;
	int cooks = r->opts.model == MODEL_THREADS && r->opts.gil ? 1 :
	    r->ncooks;

	for (i = 0; i < r->nruns; i++) {
		const struct rrun *rr = &r->runs[i];
		const struct recipe *rec = r->menu->recipes[i % r->nrecipes];
		const struct step *st;

		if (rr->flags & RR_DONE)
			continue;
		nsteps = rec->nsteps;
		left = 0;
		for (j = (size_t)rr->step + 1; j < nsteps; j++) {
			left += step_least(r, &rec->steps[j]);
			if (rec->steps[j].action == ACT_WORK)
				work += rec->steps[j].duration;
		}
		if (rr->step < nsteps) {
			st = &rec->steps[rr->step];
			due = run_timer_of(r, rr);
			if (st->action == ACT_WORK) {
				sched_ms cur = st->duration;

				if (r->ops->preemptive && rr->sub > 20)
					/* threads: queued, switching in or
					 * in a slice; mark is the work
					 * after the slice (or all of it) */
					cur = rr->mark + (due != SCHED_NEVER ?
							  due - now : 0);
				else if (!r->ops->preemptive &&
					 (rr->flags & RR_COOK) &&
					 due != SCHED_NEVER)
					cur = due - now;
				left += cur;
				work += cur;
			} else {
				/* A kitchen step: its timer runs, or all of
				 * it is still to come. */
				left += due != SCHED_NEVER ? due - now :
				    step_least(r, st);
			}
		}
		if (now + left > best)
			best = now + left;
	}
	if (now + (work + cooks - 1) / cooks > best)
		best = now + (work + cooks - 1) / cooks;
	return best;
}

size_t
run_ruined(const struct run *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nruns; i++)
		if (!r->res.dishes[i].ok)
			n++;
	return n;
}
