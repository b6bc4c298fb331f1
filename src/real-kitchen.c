/* SPDX-License-Identifier: ISC */
/*
 * real-kitchen.c - what every real mechanism shares: the clock, a step of
 * calibrated CPU work, sleeps that watch for a stop, the span records, and
 * the kitchen's rules as calls on shared state.
 *
 * The rules are the simulated kitchen's (model.c), applied at real
 * moments: the oven's temperature follows kitchen.h from the virtual time
 * of the wall clock, the last set point wins, an item put in while the
 * oven is off its temperature by more than the tolerance, or baking while
 * another recipe sets the oven that far off, is ruined.  Units (sheets,
 * burners, microwaves) are counted here; who waits for one, and how, is
 * each mechanism's business (a condition variable for threads, a queue
 * on the event loop).  Callers hold ctx.mu; on the loop it is uncontended
 * and costs a few nanoseconds.
 *
 * Work: a step of d virtual ms is a fixed number of iterations of a small
 * xorshift loop, calibrated once on this thread's CPU clock to take d's
 * wall time on an idle CPU.  A fixed amount of work rather than "spin
 * until the clock says so" is what lets the real run show contention: a
 * thread that shares its CPU, or waits for the GIL, takes longer.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jar.h"
#include "real-impl.h"

#define WORK_CHUNK_NS 200000L           /* look for a stop this often */
#define SLEEP_CHUNK_NS 5000000L
#define CALIBRATE_NS 4000000L           /* one calibration round */
#define CALIBRATE_ROUNDS 5

/* ---- clocks -------------------------------------------------------------- */

int64_t
real_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
real_elapsed(const struct real_ctx *c)
{
	return real_now_ns() - c->t0;
}

/* One virtual minute (60000 ms) is scale_ms wall ms: v = ns * 60 /
 * (scale_ms * 1000). */
sched_ms
real_virtual(const struct real_ctx *c, int64_t ns)
{
	return (sched_ms)(ns * 60 / ((int64_t)c->o.scale_ms * 1000));
}

int64_t
real_wall(const struct real_ctx *c, sched_ms v)
{
	return (int64_t)v * (int64_t)c->o.scale_ms * 1000 / 60;
}

static int64_t
thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the stop ---------------------------------------------------------------- */

sigset_t real_stop_set;         /* set up by real-child.c */

bool
real_stopping(struct real_ctx *c)
{
	sigset_t pend;
	int s;

	if (atomic_load(&c->stop) != 0)
		return true;
	if (real_elapsed(c) > c->deadline - c->t0) {
		atomic_store(&c->stop, REAL_STOP_LIMIT);
		return true;
	}
	if (sigpending(&pend) == 0) {
		for (s = 1; s < NSIG; s++) {
			if (sigismember(&real_stop_set, s) == 1 &&
			    sigismember(&pend, s) == 1) {
				atomic_store(&c->stop, s);
				return true;
			}
		}
	}
	return false;
}

/* ---- work and sleep ------------------------------------------------------------- */

static double iters_per_ns;     /* calibrated */

/* n rounds of xorshift; the asm keeps the compiler from folding it. */
static uint64_t
spin(uint64_t n, uint64_t x)
{
	while (n-- > 0) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

void
real_calibrate(void)
{
	uint64_t n = 10000, x = 88172645463325252ULL;
	int64_t a, d;
	double best = 0, rate;
	int i;

	if (iters_per_ns > 0)
		return;
	/* Grow n until a round takes CALIBRATE_NS of CPU, then keep the
	 * fastest of a few rounds: preemption only ever makes one slower,
	 * and CPU time does not count the time another process ran. */
	for (i = 0; i < 40; i++) {
		a = thread_cpu_ns();
		x = spin(n, x);
		d = thread_cpu_ns() - a;
		if (d >= CALIBRATE_NS)
			break;
		n *= 2;
	}
	for (i = 0; i < CALIBRATE_ROUNDS; i++) {
		a = thread_cpu_ns();
		x = spin(n, x);
		d = thread_cpu_ns() - a;
		rate = d > 0 ? (double)n / (double)d : 0;
		if (rate > best)
			best = rate;
	}
	iters_per_ns = best > 0 ? best : 1;
	if (x == 42)                    /* use x: never true in practice */
		iters_per_ns += 1e-9;
}

bool
real_work(struct real_ctx *c, sched_ms d)
{
	uint64_t left = (uint64_t)((double)real_wall(c, d) * iters_per_ns);
	uint64_t chunk = (uint64_t)(WORK_CHUNK_NS * iters_per_ns) + 1, n;
	uint64_t x = 88172645463325252ULL;

	while (left > 0) {
		if (real_stopping(c))
			return false;
		n = left < chunk ? left : chunk;
		x = spin(n, x);
		left -= n;
	}
	return x != 0 || true;
}

bool
real_sleep_until(struct real_ctx *c, int64_t ns)
{
	struct timespec ts;
	int64_t now, until;

	for (;;) {
		if (real_stopping(c))
			return false;
		now = real_elapsed(c);
		if (now >= ns)
			return true;
		until = c->t0 + (ns - now > SLEEP_CHUNK_NS ?
		    now + SLEEP_CHUNK_NS : ns);
		ts.tv_sec = (time_t)(until / 1000000000);
		ts.tv_nsec = (long)(until % 1000000000);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	}
}

int
real_cook_now(const struct real_ctx *c)
{
	int cpu = sched_getcpu(), i;

	for (i = 0; i < c->ncpus; i++)
		if (c->cpus[i] == cpu)
			return i;
	return 0;
}

/* ---- records ---------------------------------------------------------------- */

long
real_rec(struct real_ctx *c, bool locked, int lane, int app, int unit,
	 int recipe, int step, int kind, int64_t s, int64_t e)
{
	struct real_rec *r, *n;
	long i = -1;

	if (!locked)
		pthread_mutex_lock(&c->mu);
	if (c->nrecs == c->caprecs) {
		size_t cap = c->caprecs ? c->caprecs * 2 : 256;

		if ((n = realloc(c->recs, cap * sizeof *n)) == NULL) {
			c->oom = true;
			goto out;
		}
		c->recs = n;
		c->caprecs = cap;
	}
	r = &c->recs[c->nrecs];
	memset(r, 0, sizeof *r);
	r->start_ns = s;
	r->end_ns = e < s ? s : e;
	r->recipe = (int16_t)recipe;
	r->step = (int16_t)step;
	r->kind = (int8_t)kind;
	r->lane = (int8_t)lane;
	r->app = (int8_t)app;
	r->unit = (int8_t)unit;
	r->kitchen = (int16_t)c->kit.kitchen;
	i = (long)c->nrecs++;
out:
	if (!locked)
		pthread_mutex_unlock(&c->mu);
	return i;
}

/* ---- the context -------------------------------------------------------------- */

int
real_ctx_init(struct real_ctx *c, const struct menu *m,
	      const struct real_opts *o, int kitchen)
{
	pthread_condattr_t ca;
	cpu_set_t set;
	size_t i, s, n = m->nrecipes;
	int a, cpu;

	memset(c, 0, sizeof *c);
	c->menu = m;
	c->o = *o;
	pthread_mutex_init(&c->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&c->gil_mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->gil_cv, &ca);
	pthread_condattr_destroy(&ca);
	c->gil_holder = -1;
	c->njars = m->njars;
	c->jar_level = calloc(m->njars ? m->njars : 1, sizeof *c->jar_level);
	c->jar_lock = calloc(m->njars ? m->njars : 1, sizeof *c->jar_lock);
	for (i = 0; c->jar_level && c->jar_lock && i < m->njars; i++) {
		atomic_init(&c->jar_level[i], m->jars[i].tbsp);
		pthread_mutex_init(&c->jar_lock[i], NULL);
	}
	kitchen_init(&c->kit.k, &m->kitchen);
	c->kit.size[APP_OVEN] = m->kitchen.oven_sheets;
	c->kit.size[APP_STOVETOP] = m->kitchen.burners;
	c->kit.size[APP_MICROWAVE] = m->kitchen.microwaves;
	for (a = 0; a < UT_COUNT; a++)
		c->kit.size[REAL_POOL_UT(a)] = m->kitchen.utensils[a];
	for (a = 0; a < REAL_POOLS; a++)
		if (c->kit.size[a] > KITCHEN_MAX_UNITS)
			c->kit.size[a] = KITCHEN_MAX_UNITS;
	c->kit.lock_holder = -1;
	c->kit.heat_rec = -1;
	c->kit.kitchen = kitchen;
	c->kit.lock_ok = sem_init(&c->kit.lock, 0, 1) == 0;
	c->baking = calloc(n ? n : 1, sizeof *c->baking);
	c->last_oven = calloc(n ? n : 1, sizeof *c->last_oven);
	c->pots = calloc((n ? n : 1) * KITCHEN_MAX_UNITS, sizeof *c->pots);
	c->npots = calloc(n ? n : 1, sizeof *c->npots);
	c->held = calloc((n ? n : 1) * UT_COUNT, sizeof *c->held);
	c->held_since = calloc((n ? n : 1) * UT_COUNT, sizeof *c->held_since);
	c->bake_from = calloc(n ? n : 1, sizeof *c->bake_from);
	c->bake_out = calloc(n ? n : 1, sizeof *c->bake_out);
	c->bake_worst = calloc(n ? n : 1, sizeof *c->bake_worst);
	c->dishes = calloc(n ? n : 1, sizeof *c->dishes);
	if (!c->baking || !c->last_oven || !c->pots || !c->npots || !c->held ||
	    !c->held_since || !c->bake_from || !c->bake_out || !c->bake_worst ||
	    !c->dishes || !c->kit.lock_ok || !c->jar_level || !c->jar_lock) {
		real_ctx_free(c);
		return -1;
	}
	for (i = 0; i < n; i++) {
		c->dishes[i].ready_at = -1;
		c->dishes[i].ok = true;
		for (s = 0; s < m->recipes[i]->nsteps; s++)
			if (real_oven_step(c, (int)i, (int)s))
				c->last_oven[i] = (uint16_t)(s + 1);
	}
	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof set, &set) == 0) {
		for (cpu = 0; cpu < CPU_SETSIZE && c->ncpus < 64; cpu++)
			if (CPU_ISSET(cpu, &set))
				c->cpus[c->ncpus++] = cpu;
	}
	if (c->ncpus == 0)
		c->cpus[c->ncpus++] = 0;
	c->t0 = real_now_ns();
	c->deadline = c->t0 + (int64_t)(o->limit_s * 1e9);
	return 0;
}

void
real_ctx_free(struct real_ctx *c)
{
	size_t s;

	free(c->baking);
	free(c->last_oven);
	free(c->pots);
	free(c->npots);
	free(c->held);
	free(c->held_since);
	free(c->bake_from);
	free(c->bake_out);
	free(c->bake_worst);
	free(c->dishes);
	free(c->recs);
	if (c->jar_lock != NULL)
		for (s = 0; s < c->njars; s++)
			pthread_mutex_destroy(&c->jar_lock[s]);
	free(c->jar_lock);
	free(c->jar_level);
	if (c->kit.lock_ok)
		sem_destroy(&c->kit.lock);
	pthread_cond_destroy(&c->gil_cv);
	pthread_mutex_destroy(&c->gil_mu);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	memset(c, 0, sizeof *c);
}

/* ---- the kitchen's rules --------------------------------------------------------- */

static const char *
rname(const struct real_ctx *c, int rec)
{
	return c->menu->recipes[rec]->name;
}

void
real_ruin(struct real_ctx *c, int rec, const char *fmt, ...)
{
	struct real_dish *d = &c->dishes[rec];
	va_list ap;

	if (!d->ok)
		return;                 /* the first reason stays */
	d->ok = false;
	va_start(ap, fmt);
	vsnprintf(d->problem, sizeof d->problem, fmt, ap);
	va_end(ap);
}

bool
real_oven_step(const struct real_ctx *c, int rec, int step)
{
	const struct step *st = &c->menu->recipes[rec]->steps[step];

	return st->app == APP_OVEN &&
	    (st->action == ACT_PREHEAT || st->action == ACT_USE);
}

bool
real_last_oven(const struct real_ctx *c, int rec, int step)
{
	return (size_t)step + 1 >= c->last_oven[rec];
}

/* Bring the bake of rec up to virtual time now: time outside the band
 * on the oven's current line, and the farthest temperature seen. */
static void
bake_account(struct real_ctx *c, int rec, sched_ms now)
{
	const struct kitchen *k = &c->kit.k;
	int need = c->baking[rec], tol = k->spec->tolerance_f, have;
	sched_ms from = c->bake_from[rec];

	if (from < k->oven.t0)
		from = k->oven.t0;      /* accounted at every change already */
	if (now > from)
		c->bake_out[rec] += kitchen_oven_outside(k, from, now, need, tol);
	c->bake_from[rec] = now;
	have = kitchen_oven_temp(k, now);
	if (!kitchen_temp_ok(k, have, need) && (c->bake_worst[rec] == 0 ||
	    abs(have - need) > abs(c->bake_worst[rec] - need)))
		c->bake_worst[rec] = have;
}

bool
real_oven_set(struct real_ctx *c, int rec, int step, int f, int64_t ns)
{
	struct kitchen *k = &c->kit.k;
	sched_ms now = real_virtual(c, ns), when;
	size_t i;

	/* The old line ends now: every bake is brought up to date first. */
	for (i = 0; i < c->menu->nrecipes; i++)
		if (c->baking[i] != 0)
			bake_account(c, (int)i, now);
	when = kitchen_oven_set(k, now, f);
	/* The heat drawn so far ends now; a new one runs to when it will be
	 * hot (cut short again should the set point change). */
	if (c->kit.heat_rec >= 0 && c->recs[c->kit.heat_rec].end_ns > ns)
		c->recs[c->kit.heat_rec].end_ns = ns;
	c->kit.heat_rec = -1;
	if (when <= now)
		return true;
	c->kit.heat_rec = real_rec(c, true, RL_APP, APP_OVEN, 0, rec, step,
	    TRACE_HEAT, ns, real_wall(c, when));
	return false;
}

bool
real_oven_hot(struct real_ctx *c, int64_t ns, int64_t *when)
{
	const struct kitchen_oven *ov = &c->kit.k.oven;

	if (kitchen_oven_ready(&c->kit.k, real_virtual(c, ns)))
		return true;
	*when = real_wall(c, ov->ready_at) + 1;
	return false;
}

int
real_unit_take(struct real_ctx *c, int app)
{
	int u;

	for (u = 0; u < c->kit.size[app]; u++) {
		if (!(c->kit.used[app] & ((uint64_t)1 << u))) {
			c->kit.used[app] |= (uint64_t)1 << u;
			return u;
		}
	}
	return -1;
}

void
real_unit_give(struct real_ctx *c, int app, int unit)
{
	if (unit >= 0)
		c->kit.used[app] &= ~((uint64_t)1 << unit);
}

void
real_bake_begin(struct real_ctx *c, int rec, int step, int64_t ns)
{
	const struct step *st = &c->menu->recipes[rec]->steps[step];

	if (st->app != APP_OVEN || st->temp_f == 0)
		return;
	c->baking[rec] = st->temp_f;
	c->bake_from[rec] = real_virtual(c, ns);
	c->bake_out[rec] = 0;
	c->bake_worst[rec] = 0;
	bake_account(c, rec, c->bake_from[rec]);
}

void
real_bake_end(struct real_ctx *c, int rec, int step, int64_t ns)
{
	const struct step *st = &c->menu->recipes[rec]->steps[step];
	const struct kitchen_spec *sp = c->kit.k.spec;
	long s;

	if (c->baking[rec] == 0)
		return;
	bake_account(c, rec, real_virtual(c, ns));
	c->baking[rec] = 0;
	if (c->bake_out[rec] <= sp->oven_grace)
		return;
	s = (long)((c->bake_out[rec] + 999) / 1000);
	if (s >= 60 && s % 60 == 0)
		real_ruin(c, rec, "the oven was at %dF for %ld min while the %s "
		    "needed %dF +/- %dF", c->bake_worst[rec], s / 60,
		    rname(c, rec), st->temp_f, sp->tolerance_f);
	else if (s >= 60)
		real_ruin(c, rec, "the oven was at %dF for %ld min %ld s while "
		    "the %s needed %dF +/- %dF", c->bake_worst[rec], s / 60,
		    s % 60, rname(c, rec), st->temp_f, sp->tolerance_f);
	else
		real_ruin(c, rec, "the oven was at %dF for %ld s while the %s "
		    "needed %dF +/- %dF", c->bake_worst[rec], s, rname(c, rec),
		    st->temp_f, sp->tolerance_f);
}

/* ---- pots and utensils ----------------------------------------------------------- */

void
real_pot_push(struct real_ctx *c, int rec, int unit)
{
	if (c->npots[rec] < KITCHEN_MAX_UNITS)
		c->pots[rec * KITCHEN_MAX_UNITS + c->npots[rec]++] = unit;
}

int
real_pot_oldest(const struct real_ctx *c, int rec)
{
	return c->npots[rec] > 0 ? c->pots[rec * KITCHEN_MAX_UNITS] : -1;
}

int
real_pot_pop(struct real_ctx *c, int rec)
{
	int *p = &c->pots[rec * KITCHEN_MAX_UNITS], u;

	if (c->npots[rec] == 0)
		return -1;
	u = p[0];
	memmove(p, p + 1, (size_t)(c->npots[rec] - 1) * sizeof *p);
	c->npots[rec]--;
	return u;
}

int
real_step_utensil(const struct real_ctx *c, const struct step *st)
{
	if ((st->action != ACT_TAKE && st->action != ACT_PUT) ||
	    st->utensil < 0 || st->utensil >= UT_COUNT ||
	    c->kit.size[REAL_POOL_UT(st->utensil)] <= 0)
		return -1;
	return st->utensil;
}

void
real_utensil_held(struct real_ctx *c, int rec, int u, int unit, int64_t ns)
{
	c->held[rec * UT_COUNT + u] = unit + 1;
	c->held_since[rec * UT_COUNT + u] = ns;
}

int
real_utensil_put(struct real_ctx *c, int rec, int u, int64_t ns)
{
	int unit = c->held[rec * UT_COUNT + u] - 1, step;
	const struct recipe *r = c->menu->recipes[rec];
	size_t i;

	if (unit < 0)
		return -1;
	/* Its span: from the take, drawn with the take's step. */
	for (step = -1, i = 0; i < r->nsteps; i++)
		if (r->steps[i].action == ACT_TAKE && r->steps[i].utensil == u)
			step = (int)i;
	real_rec(c, true, RL_UTENSIL, u, unit, rec, step, TRACE_USE,
	    c->held_since[rec * UT_COUNT + u], ns);
	c->held[rec * UT_COUNT + u] = 0;
	real_unit_give(c, REAL_POOL_UT(u), unit);
	return unit;
}

sched_ms
real_step_time(const struct real_ctx *c, const struct step *st)
{
	if (st->action == ACT_BOIL && st->duration <= 0)
		return c->menu->kitchen.boil_time;
	return st->duration;
}

void
real_dish_ready(struct real_ctx *c, int rec, int64_t ns)
{
	c->dishes[rec].ready_at = real_virtual(c, ns);
}

/* ---- shared jars ----------------------------------------------------------------- */

int
real_jar_read(struct real_ctx *c, int rec, int step, int *seen)
{
	const struct step *st = &c->menu->recipes[rec]->steps[step];
	int j = jar_of_step(st);

	if (j < 0 || (size_t)j >= c->njars)
		return -1;
	*seen = atomic_load(&c->jar_level[j]);
	return j;
}

void
real_jar_write(struct real_ctx *c, int rec, int step, int j, int seen)
{
	const struct step *st = &c->menu->recipes[rec]->steps[step];
	const char *name = c->menu->jars[j].name;
	int take = st->take_tbsp, want, now, got;

	want = seen - take < 0 ? 0 : seen - take;
	now = atomic_load(&c->jar_level[j]);
	got = now > want ? now - want : 0;
	if (now > want)
		atomic_store(&c->jar_level[j], want);
	if (got >= take)
		return;
	pthread_mutex_lock(&c->mu);
	if (now != seen)
		real_ruin(c, rec, "short of %s: it got %d of its %d tbsp (it "
		    "read %d tbsp, another recipe wrote %d meanwhile, and its "
		    "own write of %d lost that update)", name, got, take, seen,
		    now, want);
	else
		real_ruin(c, rec, "short of %s: it got %d of its %d tbsp (the "
		    "jar held only %d)", name, got, take, seen);
	pthread_mutex_unlock(&c->mu);
}
