/* SPDX-License-Identifier: ISC */
/*
 * kitchen.h - the appliances of one kitchen and how they behave.
 *
 * A kitchen is a value: the shared-memory models use one per table, the
 * processes model one per recipe run.  It holds state only; who waits for
 * what, and what gets drawn, is the run's business (model.c).
 *
 *  - The oven has one set point and one temperature.  The temperature moves
 *    in a straight line toward the set point: up at the heat rate, down at
 *    the cool rate (F per minute), starting from room temperature.  The
 *    last set point wins.  Temperatures are kept in milli-degrees so that
 *    every time is a whole virtual millisecond and runs stay exact.
 *  - Capacities (oven sheets, burners, microwaves) are pools: a counting
 *    semaphore (a count of free units and its own FIFO wait queue, so it
 *    needs none of pt.h's struct pt_sem tickets), plus a bit per unit so
 *    that each unit gets its own lane ("stovetop 2").  A unit that is
 *    given back goes straight to the first waiter, who is woken through
 *    the scheduler; nobody can overtake a waiter.
 *  - Locks (--locks) are the same semaphore with one unit.  The run keeps
 *    them beside its kitchens (model-impl.h run_oven_lock), only when
 *    --locks asks for them: 16 bytes per kitchen that most runs never use.
 *
 * Sizes matter: a restaurant of a million tables holds a million
 * kitchens, so a queue is 8 bytes, a semaphore 16, a pool 24 and the
 * oven 32 (128 bytes a kitchen with its ready timer, from 216).
 *
 * Waiters are struct kitchen_waiter, embedded in a recipe run; a run waits
 * for one thing at a time, so one link is enough.
 */
#ifndef KT_KITCHEN_H
#define KT_KITCHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "recipe.h"
#include "sched.h"

#define KITCHEN_MAX_UNITS 64    /* sheets, burners, microwaves per kitchen */

struct kitchen_waiter {
	struct sched_task task;         /* made ready when served */
	struct kitchen_waiter *next;
};

/* A FIFO of waiters: a circular list kept by its tail alone (the tail's
 * next is the head), 8 bytes instead of a head and a tail, for the six
 * queues every table has.  Walk it with kitchen_queue_head/_next. */
struct kitchen_queue {
	struct kitchen_waiter *tail;    /* NULL: empty */
};

/* A counting semaphore with a FIFO wait queue. */
struct kitchen_sem {
	struct kitchen_queue q;
	struct {
		uint32_t count;         /* free units */
	} sem;
	uint32_t units;                 /* units in all (a pool's size) */
};

/* Units of one appliance: the semaphore says how many are free, the bits
 * which ones. */
struct kitchen_pool {
	struct kitchen_sem s;           /* s.units: how many it has */
	uint64_t used;                  /* a bit per unit in use */
};

struct kitchen_oven {
	sched_ms t0;
	sched_ms ready_at;      /* when it reaches the set point; -1 if there */
	struct kitchen_queue hot;       /* preheats waiting for ready_at */
	int32_t temp_mf;        /* temperature at t0, milli-F (parse.h keeps
				   temperatures under 1000F: 1e6 fits) */
	int32_t setpoint_f;     /* the room temperature until first set */
};

struct kitchen {
	const struct kitchen_spec *spec;
	struct kitchen_oven oven;
	struct kitchen_pool pools[APP_COUNT];   /* sheets, burners, microwaves */
};

/* Checks a spec's capacities; NULL if usable, else a static message. */
const char *kitchen_spec_check(const struct kitchen_spec *spec);
void kitchen_init(struct kitchen *k, const struct kitchen_spec *spec);

/* The oven's temperature at time t (whole F, rounded toward the start). */
int kitchen_oven_temp(const struct kitchen *k, sched_ms t);
/* The same in milli-F, exactly as the engine keeps it. */
int64_t kitchen_oven_mf_at(const struct kitchen *k, sched_ms t);
/* How many milliseconds of [a, b) the oven spends further than tol_f from
 * need_f, on the line it follows now (a >= the last set point change,
 * b no later than the next).  Exact; O(1). */
sched_ms kitchen_oven_outside(const struct kitchen *k, sched_ms a,
			      sched_ms b, int need_f, int tol_f);
/* Set the set point at time now.  Returns when the oven will reach it
 * (now if it is there already) and remembers it in oven.ready_at (-1 when
 * it is there already). */
sched_ms kitchen_oven_set(struct kitchen *k, sched_ms now, int setpoint_f);
/* True if the oven is at its set point at time now. */
bool kitchen_oven_ready(const struct kitchen *k, sched_ms now);
/* An item that must bake at need_f: true if the oven at `have_f` is close
 * enough (within the spec's tolerance). */
bool kitchen_temp_ok(const struct kitchen *k, int have_f, int need_f);

/* Queues.  remove takes w out wherever it is (false: not there). */
void kitchen_queue_push(struct kitchen_queue *q, struct kitchen_waiter *w);
struct kitchen_waiter *kitchen_queue_pop(struct kitchen_queue *q);
bool kitchen_queue_remove(struct kitchen_queue *q, struct kitchen_waiter *w);
static inline bool kitchen_queue_empty(const struct kitchen_queue *q)
{
	return q->tail == NULL;
}
/* The first waiter, NULL if none; the one after w, NULL after the last. */
static inline struct kitchen_waiter *
kitchen_queue_head(const struct kitchen_queue *q)
{
	return q->tail != NULL ? q->tail->next : NULL;
}
static inline struct kitchen_waiter *
kitchen_queue_next(const struct kitchen_queue *q,
		   const struct kitchen_waiter *w)
{
	return w == q->tail ? NULL : w->next;
}

/* Semaphores: take a unit now (true) or join the queue (false: w's task
 * is made ready when the unit is handed to it).  give hands the unit to
 * the first waiter (woken through s) or puts it back.  -1 only when the
 * scheduler fails. */
void kitchen_sem_init(struct kitchen_sem *sem, unsigned int units);
bool kitchen_sem_take(struct kitchen_sem *sem, struct kitchen_waiter *w);
int kitchen_sem_give(struct kitchen_sem *sem, struct sched *s);

/* Pools: as semaphores; once served, claim a unit number (0 = first). */
void kitchen_pool_init(struct kitchen_pool *p, int size);
bool kitchen_pool_take(struct kitchen_pool *p, struct kitchen_waiter *w);
int kitchen_pool_claim(struct kitchen_pool *p);
int kitchen_pool_give(struct kitchen_pool *p, int unit, struct sched *s);

#endif
