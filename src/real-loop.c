/* SPDX-License-Identifier: ISC */
/*
 * real-loop.c - the one-loop mechanisms: coroutines (our protothreads,
 * resumed by libev timers) and callbacks (a chain of libev timer
 * callbacks, one per piece).
 *
 * One thread, one libev loop, one cook.  A step of work is a calibrated
 * busy loop run right there in the callback, so that nothing else
 * happens on the loop meanwhile: that is what a cooperative cook is.  A
 * wait is an ev_timer.  A recipe that finds the oven lock taken (--locks)
 * or every unit in use joins a FIFO queue; whoever gives the lock or the
 * unit back hands it to the first in the queue and wakes it with a timer
 * of zero, so that no recipe ever runs inside another's callback.
 *
 * Both models share the non-blocking kitchen step lk_step (the shape of
 * model.c's run_kstep: true when the step is done, else it has armed
 * what will resume it).  They differ in how a recipe resumes: the
 * protothread continues where it waited; the callback chain re-enters at
 * the recipe's step.
 *
 * Cost: one ev_timer and about 100 bytes per recipe; waiters for the
 * oven's heat share one timer and wake in FIFO order.
 */
#include "config.h"

#include <ev.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"
#include "real-impl.h"

#define WATCH_SECONDS 0.005     /* look for a stop or the limit this often */

enum { KS_START, KS_LOCK, KS_HOT, KS_UNIT, KS_TIMER };

struct lrec {
	struct pt pt;                   /* coroutines */
	ev_timer timer;                 /* waits and wake-ups */
	struct lctx *L;
	struct lrec *next;              /* in a queue */
	int rec;
	size_t step;
	int sub;                        /* KS_* inside the step */
	int unit;                       /* the unit of the timed piece */
	bool lock_held, done, cook_queued;
	int64_t s;                      /* when the blocked/timed piece began */
	int64_t due;                    /* when the timed piece is over */
	int lane, app, kind;            /* what the timed piece draws */
};

struct lqueue {
	struct lrec *head, *tail;
};

struct lctx {
	struct real_ctx *c;
	struct ev_loop *loop;
	ev_timer watch;
	struct lrec *rs;
	size_t n, done;
	ev_timer hot_timer;             /* the oven reaches its set point */
	ev_timer cook_timer;            /* hands the cook to the next in line */
	struct lqueue cookq;            /* recipes waiting to work, FIFO */
	int cook;                       /* the recipe the cook works for, -1 */
	struct lqueue units[REAL_POOLS], lock, hot;
	bool coroutines, stopped;
};

static void
q_push(struct lqueue *q, struct lrec *l)
{
	l->next = NULL;
	if (q->tail)
		q->tail->next = l;
	else
		q->head = l;
	q->tail = l;
}

static struct lrec *
q_pop(struct lqueue *q)
{
	struct lrec *l = q->head;

	if (l) {
		q->head = l->next;
		if (q->head == NULL)
			q->tail = NULL;
	}
	return l;
}

/* Resume l after `after` wall seconds (0: as soon as the loop can). */
static void
arm(struct lctx *L, struct lrec *l, double after)
{
	ev_timer_stop(L->loop, &l->timer);
	/* A step of work may have kept the loop busy: its idea of now is
	 * stale, and timers count from it. */
	ev_now_update(L->loop);
	ev_timer_set(&l->timer, after > 0 ? after : 0., 0.);
	ev_timer_start(L->loop, &l->timer);
}

static void
arm_at(struct lctx *L, struct lrec *l, int64_t ns)
{
	arm(L, l, (double)(ns - real_elapsed(L->c)) / 1e9);
}

static void resume(struct lctx *L, struct lrec *l);
static void hand_over(struct lctx *L);
static void hot_arm(struct lctx *L, int64_t ns);

static const struct step *
l_step(const struct lctx *L, const struct lrec *l)
{
	return &L->c->menu->recipes[l->rec]->steps[l->step];
}

/* ---- the kitchen, without blocking ------------------------------------------ */

/* --locks: true if l holds the oven lock now; else it is queued. */
static bool
lk_lock(struct lctx *L, struct lrec *l)
{
	struct real_kit *k = &L->c->kit;

	if (!L->c->o.locks || l->lock_held)
		return true;
	if (k->lock_holder < 0) {
		k->lock_holder = l->rec;
		l->lock_held = true;
		return true;
	}
	l->s = real_elapsed(L->c);
	l->sub = KS_LOCK;
	q_push(&L->lock, l);
	return false;
}

static void
lk_unlock(struct lctx *L, struct lrec *l)
{
	struct real_kit *k = &L->c->kit;
	struct lrec *w;

	if (!l->lock_held)
		return;
	l->lock_held = false;
	k->lock_holder = -1;
	if ((w = q_pop(&L->lock)) != NULL) {
		k->lock_holder = w->rec;
		w->lock_held = true;
		arm(L, w, 0);
	}
}

/* A unit of app for l (into l->unit): true now, else queued. */
static bool
lk_unit(struct lctx *L, struct lrec *l, int app)
{
	if ((l->unit = real_unit_take(L->c, app)) >= 0)
		return true;
	l->sub = KS_UNIT;
	q_push(&L->units[app], l);
	return false;
}

static void
lk_give(struct lctx *L, int app, int unit)
{
	struct lrec *w;

	real_unit_give(L->c, app, unit);
	if ((w = q_pop(&L->units[app])) != NULL) {
		w->unit = real_unit_take(L->c, app);
		arm(L, w, 0);
	}
}

static void
lk_timed(struct lctx *L, struct lrec *l, sched_ms d, int lane, int app,
	 int unit, int kind)
{
	l->s = real_elapsed(L->c);
	l->lane = lane;
	l->app = app;
	l->unit = unit;
	l->kind = kind;
	l->sub = KS_TIMER;
	l->due = l->s + real_wall(L->c, d);
	arm_at(L, l, l->due);
}

/* The appliance or the wait was over when it was due; a cook busy with
 * another recipe's work only lets the recipe notice later (the gap
 * before its next step shows how much). */
static void
lk_timed_end(struct lctx *L, struct lrec *l)
{
	int64_t now = real_elapsed(L->c);

	real_rec(L->c, false, l->lane, l->app, l->unit, l->rec, (int)l->step,
	    l->kind, l->s, now < l->due ? now : l->due);
}

/* Wake the waiters for the heat in the order they came (the model's
 * FIFO) once the oven is at its set point; the timer is re-armed at every
 * change of the set point.  Equal libev timers have no order, hence one
 * timer for them all rather than one each. */
static void
hot_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct lctx *L = (struct lctx *)(void *)((char *)w -
	    offsetof(struct lctx, hot_timer));
	struct lrec *l, *next;
	int64_t when;

	(void)revents;
	if (L->stopped)
		return;
	if (!real_oven_hot(L->c, real_elapsed(L->c), &when)) {
		hot_arm(L, when);
		return;
	}
	/* Those woken may wait again (a new set point): a fresh queue. */
	l = L->hot.head;
	L->hot.head = L->hot.tail = NULL;
	for (; l != NULL && !L->stopped; l = next) {
		next = l->next;
		resume(L, l);
	}
	if (L->stopped || L->done == L->n)
		ev_break(loop, EVBREAK_ALL);
}

static void
hot_arm(struct lctx *L, int64_t ns)
{
	double after = (double)(ns - real_elapsed(L->c)) / 1e9;

	ev_timer_stop(L->loop, &L->hot_timer);
	ev_now_update(L->loop);
	ev_timer_set(&L->hot_timer, after > 0 ? after : 0., 0.);
	ev_timer_start(L->loop, &L->hot_timer);
}

/* l waits for the oven to reach its set point. */
static void
hot_wait(struct lctx *L, struct lrec *l)
{
	int64_t when = real_elapsed(L->c);

	l->sub = KS_HOT;
	q_push(&L->hot, l);
	if (!real_oven_hot(L->c, when, &when))
		hot_arm(L, when);
	else
		hot_arm(L, 0);
}

static bool
lk_preheat(struct lctx *L, struct lrec *l, const struct step *st)
{
	struct real_ctx *c = L->c;
	int64_t when;

	switch (l->sub) {
	case KS_START:
		if (st->app != APP_OVEN)
			return true;
		if (!lk_lock(L, l))
			return false;
		break;
	case KS_LOCK:
		real_rec(c, false, RL_LOCK, APP_OVEN, 0, l->rec, (int)l->step,
		    TRACE_BLOCKED, l->s, real_elapsed(c));
		break;
	case KS_HOT:
		if (!real_oven_hot(c, real_elapsed(c), &when)) {
			hot_wait(L, l);
			return false;
		}
		if (real_last_oven(c, l->rec, (int)l->step))
			lk_unlock(L, l);
		return true;
	default:
		return true;
	}
	if (real_oven_set(c, l->rec, (int)l->step, st->temp_f,
	    real_elapsed(c))) {
		/* There already: those waiting go on, and so does l. */
		if (L->hot.head != NULL)
			hot_arm(L, 0);
		if (real_last_oven(c, l->rec, (int)l->step))
			lk_unlock(L, l);
		return true;
	}
	hot_wait(L, l);
	return false;
}

static bool
lk_use(struct lctx *L, struct lrec *l, const struct step *st)
{
	struct real_ctx *c = L->c;

	switch (l->sub) {
	case KS_START:
		if (st->app == APP_OVEN && !lk_lock(L, l))
			return false;
		goto unit;
	case KS_LOCK:
		real_rec(c, false, RL_LOCK, APP_OVEN, 0, l->rec, (int)l->step,
		    TRACE_BLOCKED, l->s, real_elapsed(c));
	unit:
		if (!lk_unit(L, l, st->app))
			return false;
		/* FALLTHROUGH */
	case KS_UNIT:
		real_bake_begin(c, l->rec, (int)l->step, real_elapsed(c));
		lk_timed(L, l, st->duration, RL_APP, st->app, l->unit, TRACE_USE);
		return false;
	case KS_TIMER:
	default:
		lk_timed_end(L, l);
		real_bake_end(c, l->rec, (int)l->step, real_elapsed(c));
		lk_give(L, st->app, l->unit);
		if (st->app == APP_OVEN && real_last_oven(c, l->rec, (int)l->step))
			lk_unlock(L, l);
		return true;
	}
}

/* Boil, simmer, use the stovetop: a boil puts a new pot on a free burner,
 * a simmer takes the oldest pot on the stove (or a burner of its own);
 * the pot's burner is free again at the end of its simmer. */
static bool
lk_burner(struct lctx *L, struct lrec *l, const struct step *st, bool boil)
{
	struct real_ctx *c = L->c;

	switch (l->sub) {
	case KS_START:
		if (!boil && (l->unit = real_pot_oldest(c, l->rec)) >= 0)
			goto burner;
		if (!lk_unit(L, l, APP_STOVETOP))
			return false;
		/* FALLTHROUGH */
	case KS_UNIT:
		real_pot_push(c, l->rec, l->unit);
	burner:
		lk_timed(L, l, real_step_time(c, st), RL_APP, APP_STOVETOP,
		    l->unit, boil ? TRACE_HEAT : TRACE_USE);
		return false;
	case KS_TIMER:
	default:
		lk_timed_end(L, l);
		if (!boil)
			lk_give(L, APP_STOVETOP, real_pot_pop(c, l->rec));
		return true;
	}
}

/* Take a utensil: now, or wait in its FIFO until a put hands it over. */
static bool
lk_take(struct lctx *L, struct lrec *l, int u)
{
	struct real_ctx *c = L->c;

	switch (l->sub) {
	case KS_START:
		l->s = real_elapsed(c);
		if (!lk_unit(L, l, REAL_POOL_UT(u)))
			return false;
		break;
	case KS_UNIT:
		real_rec(c, false, RL_UQUEUE, u, 0, l->rec, (int)l->step,
		    TRACE_BLOCKED, l->s, real_elapsed(c));
		break;
	default:
		return true;
	}
	real_utensil_held(c, l->rec, u, l->unit, real_elapsed(c));
	return true;
}

static void
lk_put(struct lctx *L, struct lrec *l, int u)
{
	struct real_ctx *c = L->c;
	struct lrec *w;
	int pool = REAL_POOL_UT(u);

	if (real_utensil_put(c, l->rec, u, real_elapsed(c)) < 0)
		return;
	if ((w = q_pop(&L->units[pool])) != NULL) {
		w->unit = real_unit_take(c, pool);
		arm(L, w, 0);
	}
}

static bool
lk_wait(struct lctx *L, struct lrec *l, const struct step *st)
{
	if (l->sub == KS_TIMER) {
		lk_timed_end(L, l);
		return true;
	}
	lk_timed(L, l, st->duration, RL_COUNTER, -1, 0, TRACE_WAIT);
	return false;
}

/* The step l is on, as far as it goes: true when done. */
static bool
lk_step(struct lctx *L, struct lrec *l)
{
	const struct step *st = l_step(L, l);
	int u;

	if (L->stopped)
		return false;
	switch (st->action) {
	case ACT_PREHEAT:
		return lk_preheat(L, l, st);
	case ACT_USE:
		if (st->app == APP_STOVETOP)
			return lk_burner(L, l, st, false);
		if (st->app == APP_OVEN || st->app == APP_MICROWAVE)
			return lk_use(L, l, st);
		return lk_wait(L, l, st);
	case ACT_BOIL:
		return lk_burner(L, l, st, true);
	case ACT_SIMMER:
		return lk_burner(L, l, st, false);
	case ACT_TAKE:
		u = real_step_utensil(L->c, st);
		return u < 0 || lk_take(L, l, u);
	case ACT_PUT:
		if ((u = real_step_utensil(L->c, st)) >= 0)
			lk_put(L, l, u);
		return true;
	case ACT_WAIT:
	default:
		return lk_wait(L, l, st);
	}
}

/* A step of work: the loop's one thread is the cook, busy right here. */
static void
lk_work(struct lctx *L, struct lrec *l)
{
	int64_t s = real_elapsed(L->c);
	int seen = 0, jar = real_jar_read(L->c, l->rec, (int)l->step, &seen);

	/* Nothing else runs on the loop meanwhile: a jar's read and write
	 * cannot be torn apart. */
	if (!real_work(L->c, l_step(L, l)->duration))
		L->stopped = true;
	else if (jar >= 0)
		real_jar_write(L->c, l->rec, (int)l->step, jar, seen);
	real_rec(L->c, false, RL_COOK, -1, 0, l->rec, (int)l->step, TRACE_WORK,
	    s, real_elapsed(L->c));
}

static bool
lk_is_work(const struct lctx *L, const struct lrec *l)
{
	return l_step(L, l)->action == ACT_WORK;
}

static size_t
lk_nsteps(const struct lctx *L, const struct lrec *l)
{
	return L->c->menu->recipes[l->rec]->nsteps;
}

static void
lk_done(struct lctx *L, struct lrec *l)
{
	int u;

	while (L->c->npots[l->rec] > 0)
		lk_give(L, APP_STOVETOP, real_pot_pop(L->c, l->rec));
	for (u = 0; u < UT_COUNT; u++)
		lk_put(L, l, u);
	lk_unlock(L, l);
	l->done = true;
	real_dish_ready(L->c, l->rec, real_elapsed(L->c));
	L->done++;
}

/* ---- the one cook ------------------------------------------------------------ */

/*
 * The loop's one thread is the cook, so a step of work runs right in the
 * recipe's callback.  Who works next follows the model's cooperative
 * cook (model.c, coop_*): the recipes that want to work wait in a FIFO;
 * a recipe keeps the cook through consecutive steps of work and gives it
 * to the first in line when its next step is not work.  The hand-over
 * goes through a timer of zero, so that every recipe that became ready
 * at the same moment has joined the line first, as in the model.
 */
static bool
lk_cook(struct lctx *L, struct lrec *l)
{
	if (L->cook == l->rec)
		return true;
	if (!l->cook_queued) {
		l->cook_queued = true;
		q_push(&L->cookq, l);
		if (L->cook < 0)
			hand_over(L);
	}
	return false;
}

static void
lk_work_done(struct lctx *L, struct lrec *l)
{
	const struct recipe *r = L->c->menu->recipes[l->rec];

	if (l->step + 1 < r->nsteps && r->steps[l->step + 1].action == ACT_WORK)
		return;
	L->cook = -1;
	if (L->cookq.head != NULL)
		hand_over(L);
}

static void
lk_next(struct lrec *l)
{
	l->step++;
	l->sub = KS_START;
}

/* ---- coroutines: one protothread per recipe ------------------------------------- */

/* The recipe top to bottom; its state is all in *l (pt.h limit 1). */
static PT_THREAD(co_recipe(struct lctx *L, struct lrec *l))
{
	PT_BEGIN(&l->pt);
	while (l->step < lk_nsteps(L, l) && !L->stopped) {
		if (lk_is_work(L, l)) {
			/* await the cook (FIFO); kept through more work */
			PT_WAIT_UNTIL(&l->pt, lk_cook(L, l));
			lk_work(L, l);
			lk_work_done(L, l);
		} else {
			/* await the kitchen: a timer, the heat, a unit */
			PT_WAIT_UNTIL(&l->pt, lk_step(L, l));
		}
		lk_next(l);
	}
	if (!L->stopped)
		lk_done(L, l);
	PT_END(&l->pt);
}

/* ---- callbacks: each piece's callback runs the recipe on to the next -------- */

static void
cb_chain(struct lctx *L, struct lrec *l)
{
	while (l->step < lk_nsteps(L, l) && !L->stopped) {
		if (lk_is_work(L, l)) {
			if (!lk_cook(L, l))
				return;         /* the cook's hand-over goes on */
			lk_work(L, l);
			lk_work_done(L, l);
		} else if (!lk_step(L, l))
			return;         /* the next piece's callback goes on */
		lk_next(l);
	}
	if (!L->stopped && !l->done)
		lk_done(L, l);
}

static void
resume(struct lctx *L, struct lrec *l)
{
	if (L->coroutines)
		(void)co_recipe(L, l);
	else
		cb_chain(L, l);
}

static void
lk_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct lrec *l = (struct lrec *)(void *)((char *)w -
	    offsetof(struct lrec, timer));
	struct lctx *L = l->L;

	(void)revents;
	if (L->stopped)
		return;
	resume(L, l);
	if (L->stopped || L->done == L->n)
		ev_break(loop, EVBREAK_ALL);
}

static void
hand_over(struct lctx *L)
{
	ev_timer_stop(L->loop, &L->cook_timer);
	ev_now_update(L->loop);
	ev_timer_set(&L->cook_timer, 0., 0.);
	ev_timer_start(L->loop, &L->cook_timer);
}

static void
cook_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct lctx *L = (struct lctx *)(void *)((char *)w -
	    offsetof(struct lctx, cook_timer));
	struct lrec *l;

	(void)revents;
	if (L->stopped || L->cook >= 0 || (l = q_pop(&L->cookq)) == NULL)
		return;
	l->cook_queued = false;
	L->cook = l->rec;
	resume(L, l);
	if (L->stopped || L->done == L->n)
		ev_break(loop, EVBREAK_ALL);
}

static void
watch_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct lctx *L = (struct lctx *)(void *)((char *)w -
	    offsetof(struct lctx, watch));

	(void)revents;
	if (real_stopping(L->c)) {
		L->stopped = true;
		ev_break(loop, EVBREAK_ALL);
	}
}

int
real_exec_loop(struct real_ctx *c, bool coroutines)
{
	struct lctx L;
	uint64_t before = 0, after = 0;
	size_t i;

	memset(&L, 0, sizeof L);
	L.c = c;
	L.coroutines = coroutines;
	L.n = c->menu->nrecipes;
	/* Our own loop, never the default one. */
	if ((L.loop = ev_loop_new(EVFLAG_AUTO)) == NULL)
		return -1;
	bench_mem_resident(0, &before);
	if ((L.rs = calloc(L.n ? L.n : 1, sizeof *L.rs)) == NULL) {
		ev_loop_destroy(L.loop);
		return -1;
	}
	ev_init(&L.hot_timer, hot_cb);
	ev_init(&L.cook_timer, cook_cb);
	L.cook = -1;
	ev_timer_init(&L.watch, watch_cb, WATCH_SECONDS, WATCH_SECONDS);
	ev_timer_start(L.loop, &L.watch);
	ev_unref(L.loop);
	for (i = 0; i < L.n; i++) {
		L.rs[i].L = &L;
		L.rs[i].rec = (int)i;
		PT_INIT(&L.rs[i].pt);
		ev_init(&L.rs[i].timer, lk_timer_cb);
	}
	/* What the recipes themselves hold: their states, made and touched.
	 * (Running them faults in pages of code the first time, which is
	 * not a cost per recipe.) */
	bench_mem_resident(0, &after);
	c->mem_per_recipe = L.n && after > before ?
	    (double)(after - before) / (double)L.n : 0;
	/* Every recipe starts at once, in menu order, as far as it goes. */
	for (i = 0; i < L.n && !L.stopped; i++)
		resume(&L, &L.rs[i]);
	if (!L.stopped && L.done < L.n)
		ev_run(L.loop, 0);
	/* The loop ran out of watchers with recipes unfinished: each of them
	 * waits in a queue for what another holds. */
	if (!L.stopped && L.done < L.n && atomic_load(&c->stop) == 0)
		atomic_store(&c->stop, REAL_STOP_DEADLOCK);
	for (i = 0; i < L.n; i++)
		ev_timer_stop(L.loop, &L.rs[i].timer);
	ev_timer_stop(L.loop, &L.hot_timer);
	ev_timer_stop(L.loop, &L.cook_timer);
	ev_ref(L.loop);
	ev_timer_stop(L.loop, &L.watch);
	ev_loop_destroy(L.loop);
	free(L.rs);
	return 0;
}
