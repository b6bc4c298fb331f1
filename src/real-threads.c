/* SPDX-License-Identifier: ISC */
/*
 * real-threads.c - the blocking mechanisms: one pthread per recipe
 * (threads), one thread doing every recipe in order (sequential); one
 * fork per recipe (processes) is in real-procs.c.  All three cook a
 * recipe with the same function, real_cook_recipe, which blocks for
 * real: it sleeps through waits,
 * burns CPU through work, and waits on a condition variable for a unit
 * or for the oven to be hot.
 *
 * Threads share one kitchen (ctx.kit) under ctx.mu; nothing but --locks
 * (a real semaphore, held from a recipe's first oven step to its last)
 * keeps two recipes from setting the oven against each other.  With the
 * GIL (below) a thread may only work while it holds it.  The operating system
 * decides who runs: getrusage(RUSAGE_THREAD) around each step of work
 * says how often it was preempted there (involuntary switches).
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "real-impl.h"

#define COND_CHUNK_NS 5000000L          /* look for a stop this often */
#define DEADLOCK_NS 100000000L          /* all blocked this long: deadlock */
/* How often the run's own thread looks for that: 2 ms, 2% of it, and few
 * enough wake-ups (500 a second) to cost the cooks nothing measurable. */
#define WATCH_NS 2000000L

static void
cond_wait_until(struct real_ctx *c, int64_t ns)
{
	int64_t until = c->t0 + ns, cap = real_now_ns() + COND_CHUNK_NS;
	struct timespec ts;

	if (until > cap)
		until = cap;
	ts.tv_sec = (time_t)(until / 1000000000);
	ts.tv_nsec = (long)(until % 1000000000);
	pthread_cond_timedwait(&c->cv, &c->mu, &ts);
}

static void
cond_wait_gil(struct real_ctx *c)
{
	int64_t until = real_now_ns() + COND_CHUNK_NS;
	struct timespec ts;

	ts.tv_sec = (time_t)(until / 1000000000);
	ts.tv_nsec = (long)(until % 1000000000);
	pthread_cond_timedwait(&c->gil_cv, &c->gil_mu, &ts);
}

/* --locks: take the oven semaphore for real (drawn blocked while it
 * waits).  false if stopped. */
static bool
lock_oven(struct real_ctx *c, int rec, int step, bool *held)
{
	struct timespec ts;
	int64_t s;

	if (!c->o.locks || *held)
		return true;
	if (sem_trywait(&c->kit.lock) == 0) {
		*held = true;
		return true;
	}
	s = real_elapsed(c);
	atomic_fetch_add(&c->blocked, 1);
	for (;;) {
		if (real_stopping(c)) {
			atomic_fetch_sub(&c->blocked, 1);
			return false;
		}
		/* sem_timedwait takes CLOCK_REALTIME; only the chunk matters. */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += COND_CHUNK_NS;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		if (sem_timedwait(&c->kit.lock, &ts) == 0)
			break;
	}
	atomic_fetch_sub(&c->blocked, 1);
	*held = true;
	real_rec(c, false, RL_LOCK, APP_OVEN, 0, rec, step, TRACE_BLOCKED, s,
	    real_elapsed(c));
	return true;
}

static void
unlock_oven(struct real_ctx *c, bool *held)
{
	if (*held) {
		*held = false;
		sem_post(&c->kit.lock);
	}
}

/* Take a unit of pool `pool`, waiting for one (ctx.mu held), counted as
 * blocked meanwhile (the deadlock watch).  -1 if stopped. */
static int
take_unit(struct real_ctx *c, int pool)
{
	int u;
	bool counted = false;

	while ((u = real_unit_take(c, pool)) < 0) {
		if (!counted) {
			atomic_fetch_add(&c->blocked, 1);
			counted = true;
		}
		if (real_stopping(c))
			break;
		cond_wait_until(c, real_elapsed(c) + COND_CHUNK_NS);
	}
	if (counted)
		atomic_fetch_sub(&c->blocked, 1);
	return u;
}

static void
give_unit(struct real_ctx *c, int app, int unit)
{
	pthread_mutex_lock(&c->mu);
	real_unit_give(c, app, unit);
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static long
thread_invol(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nivcsw : 0;
}

/* ---- the GIL -------------------------------------------------------------------- */

/*
 * The GIL as CPython has it: a flag under a real mutex (gil_mu) and a
 * condition variable.  A thread that wants it waits; the holder, every
 * switch interval (5 ms of wall time, CPython's default), gives it up if
 * someone is waiting and does not take it back before another thread
 * has (CPython's forced switching), so that no thread starves.  Work
 * happens only while holding it; sleeps and kitchen waits release it.
 */
#define GIL_INTERVAL_NS 5000000L

/* Take the GIL.  dropped_at >= 0: we just gave it up for another thread
 * (the switch count then) and wait until one has taken it (the count
 * moved) before we may, unless nobody else is waiting any more. */
static int64_t
gil_take(struct real_ctx *c, int rec, long dropped_at)
{
	pthread_mutex_lock(&c->gil_mu);
	c->gil_waiting++;
	while (c->gil_holder >= 0 || (dropped_at >= 0 &&
	    c->gil_switches == dropped_at && c->gil_waiting > 1)) {
		if (real_stopping(c))
			break;
		cond_wait_gil(c);
	}
	c->gil_waiting--;
	c->gil_holder = rec;
	c->gil_switches++;
	pthread_cond_broadcast(&c->gil_cv);
	pthread_mutex_unlock(&c->gil_mu);
	return real_elapsed(c);
}

/* Give the GIL up; the switch count at that moment. */
static long
gil_drop(struct real_ctx *c)
{
	long sw;

	pthread_mutex_lock(&c->gil_mu);
	c->gil_holder = -1;
	sw = c->gil_switches;
	pthread_cond_broadcast(&c->gil_cv);
	pthread_mutex_unlock(&c->gil_mu);
	return sw;
}

static bool
gil_wanted(struct real_ctx *c)
{
	bool w;

	pthread_mutex_lock(&c->gil_mu);
	w = c->gil_waiting > 0;
	pthread_mutex_unlock(&c->gil_mu);
	return w;
}

/* A stretch of work on this thread's cook: one record, with how often
 * the operating system preempted it meanwhile. */
static bool
work_piece(struct real_ctx *c, int rec, int step, sched_ms d)
{
	int cook = real_cook_now(c);
	long iv = thread_invol(), i;
	int64_t s = real_elapsed(c), e;
	bool ok = real_work(c, d);

	e = real_elapsed(c);
	iv = thread_invol() - iv;
	pthread_mutex_lock(&c->mu);
	i = real_rec(c, true, RL_COOK, -1, cook, rec, step, TRACE_WORK, s, e);
	if (i >= 0)
		c->recs[i].invol = (int16_t)(iv > 32767 ? 32767 : iv);
	pthread_mutex_unlock(&c->mu);
	return ok;
}

static bool
do_work(struct real_ctx *c, int rec, int step, sched_ms d, bool gil)
{
	sched_ms piece = real_virtual(c, GIL_INTERVAL_NS), left = d, n;
	int64_t g = 0;
	int jar, seen = 0;
	bool ok = true;

	if (piece < 1)
		piece = 1;
	/* --locks: the jar's lock for the whole step, read to write. */
	jar = real_jar_read(c, rec, step, &seen);
	if (jar >= 0 && c->o.locks) {
		if (pthread_mutex_trylock(&c->jar_lock[jar]) != 0) {
			int64_t s = real_elapsed(c);

			/* Blocked for the deadlock watch; a jar's lock is held
			 * for one step of work, never across a wait. */
			atomic_fetch_add(&c->blocked, 1);
			pthread_mutex_lock(&c->jar_lock[jar]);
			atomic_fetch_sub(&c->blocked, 1);
			real_rec(c, false, RL_JARLOCK, jar, 0, rec, step,
			    TRACE_BLOCKED, s, real_elapsed(c));
		}
		jar = real_jar_read(c, rec, step, &seen);
	}
	if (!gil) {
		ok = work_piece(c, rec, step, d);
	} else {
		g = gil_take(c, rec, -1);
		while (ok && left > 0) {
			n = left < piece ? left : piece;
			ok = work_piece(c, rec, step, n);
			left -= n;
			if (left > 0 && ok && gil_wanted(c)) {
				real_rec(c, false, RL_GIL, -1, 0, rec, step,
				    TRACE_GIL, g, real_elapsed(c));
				g = gil_take(c, rec, gil_drop(c));
			}
		}
		real_rec(c, false, RL_GIL, -1, 0, rec, step, TRACE_GIL, g,
		    real_elapsed(c));
		(void)gil_drop(c);
	}
	if (jar >= 0) {
		if (ok)
			real_jar_write(c, rec, step, jar, seen);
		if (c->o.locks)
			pthread_mutex_unlock(&c->jar_lock[jar]);
	}
	return ok;
}

/* Sleep d virtual ms from now, drawn as kind on a lane.  false: stopped. */
static bool
timed(struct real_ctx *c, int rec, int step, sched_ms d, int lane, int app,
      int unit, int kind)
{
	int64_t s = real_elapsed(c);
	bool ok = real_sleep_until(c, s + real_wall(c, d));

	real_rec(c, false, lane, app, unit, rec, step, kind, s,
	    real_elapsed(c));
	return ok;
}

static bool
cook_preheat(struct real_ctx *c, int rec, int step, const struct step *st,
	     bool *held)
{
	int64_t when;
	bool ok = true;

	if (st->app != APP_OVEN)
		return true;
	if (!lock_oven(c, rec, step, held))
		return false;
	pthread_mutex_lock(&c->mu);
	real_oven_set(c, rec, step, st->temp_f, real_elapsed(c));
	pthread_cond_broadcast(&c->cv);
	while (!real_oven_hot(c, real_elapsed(c), &when)) {
		if (real_stopping(c)) {
			ok = false;
			break;
		}
		cond_wait_until(c, when);
	}
	pthread_mutex_unlock(&c->mu);
	if (real_last_oven(c, rec, step))
		unlock_oven(c, held);
	return ok;
}

static bool
cook_use(struct real_ctx *c, int rec, int step, const struct step *st,
	 bool *held)
{
	int u;
	bool ok;

	if (st->app == APP_OVEN && !lock_oven(c, rec, step, held))
		return false;
	pthread_mutex_lock(&c->mu);
	u = take_unit(c, st->app);
	if (u >= 0)
		real_bake_begin(c, rec, step, real_elapsed(c));
	pthread_mutex_unlock(&c->mu);
	if (u < 0)
		return false;
	ok = timed(c, rec, step, st->duration, RL_APP, st->app, u, TRACE_USE);
	pthread_mutex_lock(&c->mu);
	real_bake_end(c, rec, step, real_elapsed(c));
	pthread_mutex_unlock(&c->mu);
	give_unit(c, st->app, u);
	if (st->app == APP_OVEN && real_last_oven(c, rec, step))
		unlock_oven(c, held);
	return ok;
}

/* Boil, simmer, use the stovetop.  A pot holds its burner from its boil
 * to the end of its simmer: a boil puts a new pot on a free burner, a
 * simmer takes the oldest pot on the stove (or a burner of its own). */
static bool
cook_burner(struct real_ctx *c, int rec, int step, const struct step *st,
	    bool boil)
{
	int unit = boil ? -1 : real_pot_oldest(c, rec);
	bool ok;

	if (unit < 0) {
		pthread_mutex_lock(&c->mu);
		unit = take_unit(c, APP_STOVETOP);
		if (unit >= 0)
			real_pot_push(c, rec, unit);
		pthread_mutex_unlock(&c->mu);
		if (unit < 0)
			return false;
	}
	ok = timed(c, rec, step, real_step_time(c, st), RL_APP, APP_STOVETOP,
	    unit, boil ? TRACE_HEAT : TRACE_USE);
	if (!boil)
		give_unit(c, APP_STOVETOP, real_pot_pop(c, rec));
	return ok;
}

/* Take a utensil, waiting (drawn on its queue lane) while all are held. */
static bool
cook_take(struct real_ctx *c, int rec, int step, int u)
{
	int64_t s = real_elapsed(c);
	int unit;

	pthread_mutex_lock(&c->mu);
	if ((unit = real_unit_take(c, REAL_POOL_UT(u))) < 0) {
		unit = take_unit(c, REAL_POOL_UT(u));
		real_rec(c, true, RL_UQUEUE, u, 0, rec, step, TRACE_BLOCKED, s,
		    real_elapsed(c));
	}
	if (unit >= 0)
		real_utensil_held(c, rec, u, unit, real_elapsed(c));
	pthread_mutex_unlock(&c->mu);
	return unit >= 0;
}

static void
cook_put(struct real_ctx *c, int rec, int u)
{
	pthread_mutex_lock(&c->mu);
	if (real_utensil_put(c, rec, u, real_elapsed(c)) >= 0)
		pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

/* Cook recipe rec from its first step to its last, for real.  false if
 * stopped on the way. */
bool
real_cook_recipe(struct real_ctx *c, int rec, bool gil)
{
	const struct recipe *r = c->menu->recipes[rec];
	const struct step *st;
	bool ok = true, held = false;
	size_t i;
	int u;

	for (i = 0; i < r->nsteps && ok; i++) {
		st = &r->steps[i];
		switch (st->action) {
		case ACT_WORK:
			ok = do_work(c, rec, (int)i, st->duration, gil);
			break;
		case ACT_PREHEAT:
			ok = cook_preheat(c, rec, (int)i, st, &held);
			break;
		case ACT_USE:
			if (st->app == APP_STOVETOP)
				ok = cook_burner(c, rec, (int)i, st, false);
			else if (st->app == APP_OVEN || st->app == APP_MICROWAVE)
				ok = cook_use(c, rec, (int)i, st, &held);
			else
				ok = timed(c, rec, (int)i, st->duration,
				    RL_COUNTER, -1, 0, TRACE_WAIT);
			break;
		case ACT_BOIL:
			ok = cook_burner(c, rec, (int)i, st, true);
			break;
		case ACT_SIMMER:
			ok = cook_burner(c, rec, (int)i, st, false);
			break;
		case ACT_TAKE:
			if ((u = real_step_utensil(c, st)) >= 0)
				ok = cook_take(c, rec, (int)i, u);
			break;
		case ACT_PUT:
			if ((u = real_step_utensil(c, st)) >= 0)
				cook_put(c, rec, u);
			break;
		case ACT_WAIT:
		default:
			ok = timed(c, rec, (int)i, st->duration, RL_COUNTER, -1,
			    0, TRACE_WAIT);
			break;
		}
	}
	/* Whatever it still holds goes back (a stopped run, a menu that
	 * never puts back). */
	while (c->npots[rec] > 0)
		give_unit(c, APP_STOVETOP, real_pot_pop(c, rec));
	for (u = 0; u < UT_COUNT; u++)
		cook_put(c, rec, u);
	unlock_oven(c, &held);
	if (ok) {
		pthread_mutex_lock(&c->mu);
		real_dish_ready(c, rec, real_elapsed(c));
		pthread_mutex_unlock(&c->mu);
	}
	return ok;
}

void
real_rusage_into(const struct rusage *ru, struct real_dish *d)
{
	d->cpu_seconds = (double)ru->ru_utime.tv_sec +
	    (double)ru->ru_utime.tv_usec / 1e6 +
	    (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
	d->voluntary = ru->ru_nvcsw;
	d->involuntary = ru->ru_nivcsw;
}

/* ---- cooks: the CPUs threads and processes may use ---------------------------- */

/* Limit this process (and what it creates) to the first `cooks` CPUs it
 * may use. */
void
real_limit_cpus(struct real_ctx *c)
{
	cpu_set_t set;
	int i;

	if (c->o.cooks >= c->ncpus)
		return;
	CPU_ZERO(&set);
	for (i = 0; i < c->o.cooks; i++)
		CPU_SET(c->cpus[i], &set);
	if (sched_setaffinity(0, sizeof set, &set) == 0)
		c->ncpus = c->o.cooks;
}

/* This thread off the cooks' CPUs, onto the rest of `all` (the CPUs it
 * had before real_limit_cpus), when there is any: then the watch that
 * wakes it never takes a cook's CPU from a recipe.  With one cook on two
 * CPUs it used to: 10,000 wake-ups a second on the cook's CPU, and 12%
 * on the real total that the model has no reason to show. */
static void
real_spare_cpus(const struct real_ctx *c, const cpu_set_t *all)
{
	cpu_set_t rest;
	int i;

	CPU_ZERO(&rest);
	CPU_OR(&rest, &rest, all);
	for (i = 0; i < c->ncpus; i++)
		CPU_CLR(c->cpus[i], &rest);
	if (CPU_COUNT(&rest) > 0)
		(void)sched_setaffinity(0, sizeof rest, &rest);
}

/* ---- threads ------------------------------------------------------------------- */

struct th_arg {
	struct real_ctx *c;
	int rec;
	atomic_int *started;
};

static void *
th_main(void *p)
{
	struct th_arg *a = p;
	struct rusage ru;

	atomic_fetch_add(a->started, 1);
	real_cook_recipe(a->c, a->rec, a->c->o.gil);
	atomic_fetch_sub(&a->c->alive, 1);
	if (getrusage(RUSAGE_THREAD, &ru) == 0) {
		pthread_mutex_lock(&a->c->mu);
		real_rusage_into(&ru, &a->c->dishes[a->rec]);
		pthread_mutex_unlock(&a->c->mu);
	}
	return NULL;
}

int
real_exec_threads(struct real_ctx *c)
{
	size_t n = c->menu->nrecipes, i, made;
	struct th_arg *args;
	pthread_t *ids;
	atomic_int started;
	uint64_t before = 0, after = 0;
	struct timespec ts = { 0, 100000 }, watch = { 0, WATCH_NS };
	cpu_set_t all;
	bool have;
	int64_t since;
	int rc = 0, n_alive;

	/* The threads get the cooks' CPUs; this thread, which only watches,
	 * goes back to the others once they are made (real_spare_cpus). */
	have = sched_getaffinity(0, sizeof all, &all) == 0;
	real_limit_cpus(c);
	args = calloc(n ? n : 1, sizeof *args);
	ids = calloc(n ? n : 1, sizeof *ids);
	if (args == NULL || ids == NULL) {
		free(args);
		free(ids);
		return -1;
	}
	atomic_init(&started, 0);
	atomic_store(&c->alive, (int)n);
	atomic_store(&c->blocked, 0);
	bench_mem_resident(0, &before);
	for (made = 0; made < n; made++) {
		args[made].c = c;
		args[made].rec = (int)made;
		args[made].started = &started;
		if (pthread_create(&ids[made], NULL, th_main, &args[made]) != 0) {
			atomic_store(&c->stop, REAL_STOP_FAILED);
			atomic_fetch_sub(&c->alive, (int)(n - made));
			rc = -1;
			break;
		}
	}
	if (have)
		real_spare_cpus(c, &all);
	/* Memory with every thread alive (or most: a short one may be done). */
	while (atomic_load(&started) < (int)made && !real_stopping(c))
		nanosleep(&ts, NULL);
	bench_mem_resident(0, &after);
	c->mem_per_recipe = n && after > before ?
	    (double)(after - before) / (double)n : 0;
	/* The deadlock watch: every recipe still cooking waits for a unit,
	 * a utensil or a lock that only another of them can give back.  Held
	 * for DEADLOCK_NS, so that a waiter about to be woken is not taken
	 * for one. */
	since = -1;
	while (atomic_load(&c->alive) > 0 && !real_stopping(c)) {
		n_alive = atomic_load(&c->alive);
		if (n_alive > 0 && atomic_load(&c->blocked) >= n_alive) {
			if (since < 0)
				since = real_now_ns();
			else if (real_now_ns() - since > DEADLOCK_NS)
				atomic_store(&c->stop, REAL_STOP_DEADLOCK);
		} else {
			since = -1;
		}
		nanosleep(&watch, NULL);
	}
	for (i = 0; i < made; i++)
		pthread_join(ids[i], NULL);
	free(args);
	free(ids);
	return rc;
}

/* ---- sequential ----------------------------------------------------------------- */

int
real_exec_sequential(struct real_ctx *c)
{
	size_t i, n = c->menu->nrecipes;
	uint64_t before = 0, after = 0;

	bench_mem_resident(0, &before);
	for (i = 0; i < n; i++)
		if (!real_cook_recipe(c, (int)i, false))
			break;
	bench_mem_resident(0, &after);
	c->mem_per_recipe = n && after > before ?
	    (double)(after - before) / (double)n : 0;
	return 0;
}
