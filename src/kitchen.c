/* SPDX-License-Identifier: ISC */
/*
 * kitchen.c - appliances: the oven's temperature line, capacity pools and
 * locks (see kitchen.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kitchen.h"

#define MS_PER_MIN 60000

const char *
kitchen_spec_check(const struct kitchen_spec *spec)
{
	if (spec->oven_sheets < 1 || spec->oven_sheets > KITCHEN_MAX_UNITS)
		return "the oven must hold 1 to 64 sheets";
	if (spec->burners < 1 || spec->burners > KITCHEN_MAX_UNITS)
		return "the stovetop must have 1 to 64 burners";
	if (spec->microwaves < 1 || spec->microwaves > KITCHEN_MAX_UNITS)
		return "the kitchen must have 1 to 64 microwaves";
	if (spec->oven_heat_rate < 1 || spec->oven_cool_rate < 1)
		return "the oven must heat and cool at 1F per minute or more";
	if (spec->boil_time < 0)
		return "a negative boil time";
	if (spec->oven_grace < 0)
		return "a negative oven grace time";
	for (int u = 0; u < UT_COUNT; u++)
		if (spec->utensils[u] < 0 ||
		    spec->utensils[u] > KITCHEN_MAX_UNITS)
			return "the kitchen must have 0 to 64 of each utensil";
	return NULL;
}

void
kitchen_pool_init(struct kitchen_pool *p, int size)
{
	kitchen_sem_init(&p->s, (unsigned int)size);
	p->used = 0;
}

void
kitchen_init(struct kitchen *k, const struct kitchen_spec *spec)
{
	memset(k, 0, sizeof *k);
	k->spec = spec;
	k->oven.temp_mf = (int32_t)spec->room_temp_f * 1000;
	k->oven.t0 = 0;
	k->oven.setpoint_f = spec->room_temp_f;
	k->oven.ready_at = -1;
	kitchen_pool_init(&k->pools[APP_OVEN], spec->oven_sheets);
	kitchen_pool_init(&k->pools[APP_STOVETOP], spec->burners);
	kitchen_pool_init(&k->pools[APP_MICROWAVE], spec->microwaves);
}

/* Milli-F at time t: a straight line from (t0, temp_mf) toward the set
 * point, flat once there.  Rates are F per minute = milli-F per 60 ms. */
static int64_t
kitchen_oven_mf(const struct kitchen *k, sched_ms t)
{
	const struct kitchen_oven *o = &k->oven;
	int64_t target = (int64_t)o->setpoint_f * 1000, dt = t - o->t0, v;

	if (dt <= 0 || o->temp_mf == target)
		return o->temp_mf;
	if (o->temp_mf < target) {
		v = o->temp_mf + dt * k->spec->oven_heat_rate / 60;
		return v > target ? target : v;
	}
	v = o->temp_mf - dt * k->spec->oven_cool_rate / 60;
	return v < target ? target : v;
}

int64_t
kitchen_oven_mf_at(const struct kitchen *k, sched_ms t)
{
	return kitchen_oven_mf(k, t);
}

/* The first dt >= 0 at which floor(dt * rate / 60) >= d (d > 0): the
 * line has moved d milli-F.  Exact in integers: floor(x / 60) >= d iff
 * x >= 60 d. */
static sched_ms
kitchen_after_moving(int64_t d, int rate)
{
	return (d * 60 + rate - 1) / rate;
}

/*
 * Milliseconds t in [a, b) at which the oven is outside [lo, hi] milli-F,
 * on the line that started at t0 (a >= t0).  The line is monotone, so the
 * times inside the band are one interval [in, out): find its ends in
 * closed form and subtract.  O(1).
 */
sched_ms
kitchen_oven_outside(const struct kitchen *k, sched_ms a, sched_ms b,
		     int need_f, int tol_f)
{
	const struct kitchen_oven *o = &k->oven;
	int64_t lo = (int64_t)(need_f - tol_f) * 1000;
	int64_t hi = (int64_t)(need_f + tol_f) * 1000;
	int64_t v0 = o->temp_mf, target = (int64_t)o->setpoint_f * 1000;
	sched_ms in, out, x, y;
	int rate;

	if (b <= a)
		return 0;
	if (v0 == target) {
		in = v0 >= lo && v0 <= hi ? o->t0 : SCHED_NEVER;
		out = SCHED_NEVER;
	} else if (v0 < target) {
		rate = k->spec->oven_heat_rate;
		/* Rising: in once >= lo, out once > hi. */
		if (v0 >= lo)
			in = o->t0;
		else if (target < lo)
			in = SCHED_NEVER;
		else
			in = o->t0 + kitchen_after_moving(lo - v0, rate);
		if (v0 > hi)
			out = o->t0;
		else if (target <= hi)
			out = SCHED_NEVER;
		else
			out = o->t0 + kitchen_after_moving(hi - v0 + 1, rate);
	} else {
		rate = k->spec->oven_cool_rate;
		/* Falling: in once <= hi, out once < lo. */
		if (v0 <= hi)
			in = o->t0;
		else if (target > hi)
			in = SCHED_NEVER;
		else
			in = o->t0 + kitchen_after_moving(v0 - hi, rate);
		if (v0 < lo)
			out = o->t0;
		else if (target >= lo)
			out = SCHED_NEVER;
		else
			out = o->t0 + kitchen_after_moving(v0 - lo + 1, rate);
	}
	x = in > a ? in : a;
	y = out < b ? out : b;
	return (b - a) - (y > x ? y - x : 0);
}

int
kitchen_oven_temp(const struct kitchen *k, sched_ms t)
{
	return (int)(kitchen_oven_mf(k, t) / 1000);
}

sched_ms
kitchen_oven_set(struct kitchen *k, sched_ms now, int setpoint_f)
{
	struct kitchen_oven *o = &k->oven;
	int64_t cur = kitchen_oven_mf(k, now), target, diff;
	int rate;

	o->temp_mf = (int32_t)cur;
	o->t0 = now;
	o->setpoint_f = setpoint_f;
	target = (int64_t)setpoint_f * 1000;
	if (cur == target) {
		o->ready_at = -1;
		return now;
	}
	diff = cur < target ? target - cur : cur - target;
	rate = cur < target ? k->spec->oven_heat_rate : k->spec->oven_cool_rate;
	/* Round up: at ready_at the line has reached the target. */
	o->ready_at = now + (diff * 60 + rate - 1) / rate;
	return o->ready_at;
}

bool
kitchen_oven_ready(const struct kitchen *k, sched_ms now)
{
	return kitchen_oven_mf(k, now) == (int64_t)k->oven.setpoint_f * 1000;
}

bool
kitchen_temp_ok(const struct kitchen *k, int have_f, int need_f)
{
	int d = have_f > need_f ? have_f - need_f : need_f - have_f;

	return d <= k->spec->tolerance_f;
}

void
kitchen_queue_push(struct kitchen_queue *q, struct kitchen_waiter *w)
{
	if (q->tail != NULL) {
		w->next = q->tail->next;        /* the head */
		q->tail->next = w;
	} else
		w->next = w;
	q->tail = w;
}

struct kitchen_waiter *
kitchen_queue_pop(struct kitchen_queue *q)
{
	struct kitchen_waiter *w;

	if (q->tail == NULL)
		return NULL;
	w = q->tail->next;
	if (w == q->tail)
		q->tail = NULL;
	else
		q->tail->next = w->next;
	w->next = NULL;
	return w;
}

bool
kitchen_queue_remove(struct kitchen_queue *q, struct kitchen_waiter *w)
{
	struct kitchen_waiter *prev = q->tail, *cur;

	if (prev == NULL)
		return false;
	for (cur = prev->next;; prev = cur, cur = cur->next) {
		if (cur == w)
			break;
		if (cur == q->tail)
			return false;
	}
	if (w->next == w)
		q->tail = NULL;         /* it was alone */
	else {
		prev->next = w->next;
		if (q->tail == w)
			q->tail = prev;
	}
	w->next = NULL;
	return true;
}

void
kitchen_sem_init(struct kitchen_sem *sem, unsigned int units)
{
	sem->sem.count = units;
	sem->units = units;
	sem->q.tail = NULL;
}

bool
kitchen_sem_take(struct kitchen_sem *sem, struct kitchen_waiter *w)
{
	/* Nobody overtakes a waiter: a free unit with a queue cannot happen
	 * (give hands units over), but check both anyway. */
	if (sem->sem.count > 0 && kitchen_queue_empty(&sem->q)) {
		sem->sem.count--;
		return true;
	}
	kitchen_queue_push(&sem->q, w);
	return false;
}

int
kitchen_sem_give(struct kitchen_sem *sem, struct sched *s)
{
	struct kitchen_waiter *w = kitchen_queue_pop(&sem->q);

	if (w == NULL) {
		sem->sem.count++;
		return 0;
	}
	/* The unit passes straight to w: the count stays as it is. */
	return sched_ready(s, &w->task);
}

bool
kitchen_pool_take(struct kitchen_pool *p, struct kitchen_waiter *w)
{
	return kitchen_sem_take(&p->s, w);
}

int
kitchen_pool_claim(struct kitchen_pool *p)
{
	int i;

	for (i = 0; i < (int)p->s.units; i++) {
		if (!(p->used & ((uint64_t)1 << i))) {
			p->used |= (uint64_t)1 << i;
			return i;
		}
	}
	return -1;      /* a caller's bug: claimed without taking */
}

int
kitchen_pool_give(struct kitchen_pool *p, int unit, struct sched *s)
{
	if (unit >= 0 && unit < (int)p->s.units)
		p->used &= ~((uint64_t)1 << unit);
	return kitchen_sem_give(&p->s, s);
}
