/* SPDX-License-Identifier: ISC */
/*
 * model-callbacks.c - each recipe is a chain of plain C callbacks.
 *
 * A piece of a recipe runs until it would have to wait; then it registers
 * the next piece with the scheduler (as the task's function) and returns,
 * and the event loop calls that piece when the wait is over.  No
 * protothreads: the "where am I" that a coroutine keeps in its
 * continuation is here the choice of the next function plus the step
 * index.  Same concurrency as coroutines, different code: the two give the
 * same timeline, span by span (a test checks it).
 */
#include "config.h"

#include "model-impl.h"

static void cb_next_step(struct run *r, struct rrun *rr);

/* Pieces of a recipe.  Each is a sched_fn. */
static void
cb_work_done(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	coop_work_end(r, rr);
	rr_next_step(rr);
	cb_next_step(r, rr);
}

static void
cb_work(struct run *r, struct rrun *rr)
{
	rr->w.task.fn = cb_work_done;
	coop_work_begin(r, rr);
}

static void
cb_cook_granted(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	if (coop_cook_acquire(r, rr))
		cb_work(r, rr);
}

static void
cb_kitchen_done(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	if (!run_kstep(r, rr))
		return;         /* still waiting: the same callback again */
	rr_next_step(rr);
	cb_next_step(r, rr);
}

/* Run the recipe from rr->step until it has to wait. */
static void
cb_next_step(struct run *r, struct rrun *rr)
{
	while (!rr_finished_steps(r, rr)) {
		if (run_step_is_work(r, rr)) {
			rr->w.task.fn = cb_cook_granted;
			if (coop_cook_acquire(r, rr))
				cb_work(r, rr);
			return;
		}
		rr->w.task.fn = cb_kitchen_done;
		if (!run_kstep(r, rr))
			return;
		rr_next_step(rr);
	}
	run_recipe_done(r, rr);
}

static void
cb_begin(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	run_recipe_begin(r, rr);
	cb_next_step(r, rr);
}

static int
cb_start(struct run *r)
{
	return run_ready_all(r, cb_begin);
}

static uint64_t
cb_memory(const struct run *r, const char **what, uint64_t *reserved)
{
	*what = "one callback closure per recipe run (the next function, "
		"the step and a wait link) and its pending timer, no stack";
	/* A closure is a recipe run without the continuation: struct rrun
	 * less the 8 bytes its struct pt takes (4 with the switch flavour
	 * or the label offset, pt.h, padded to the 8 the next field needs). */
	*reserved = (uint64_t)r->nruns * (sizeof(struct rrun) - 8 +
	    sizeof(struct sched_entry));
	return *reserved;
}

const struct model_ops model_callbacks_ops = {
	.name = "callbacks",
	.start = cb_start,
	.memory = cb_memory,
	.decisions = coop_decisions,
	.choose = coop_choose,
	.preemptive = false,
	.own_kitchens = false,
};
