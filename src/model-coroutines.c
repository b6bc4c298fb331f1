/* SPDX-License-Identifier: ISC */
/*
 * model-coroutines.c - each recipe is one of our protothreads (pt.h).
 *
 * The recipe reads top to bottom like the tutorial's async function; at
 * every wait it yields ("await") and the one cook (one event loop, whatever
 * --cooks says) goes to the next recipe that is ready, in FIFO order.  A
 * recipe keeps the cook through consecutive work steps: only a wait gives
 * it up.  The protothread's whole state lives in struct rrun (40 bytes),
 * never in locals (pt.h, limit 1).
 */
#include "config.h"

#include "model-impl.h"

/* One recipe, as a protothread.  Every wait is on a line of its own. */
static PT_THREAD(co_recipe(struct run *r, struct rrun *rr))
{
	PT_BEGIN(&rr->pt);
	run_recipe_begin(r, rr);
	while (!rr_finished_steps(r, rr)) {
		if (run_step_is_work(r, rr)) {
			/* await the cook (FIFO); keep it through more work */
			PT_WAIT_UNTIL(&rr->pt, coop_cook_acquire(r, rr));
			coop_work_begin(r, rr);
			/* the cook works; the timer resumes us */
			PT_YIELD(&rr->pt);
			coop_work_end(r, rr);
		} else {
			/* await the kitchen: the oven, a burner, a timer */
			PT_WAIT_UNTIL(&rr->pt, run_kstep(r, rr));
		}
		rr_next_step(rr);
	}
	run_recipe_done(r, rr);
	PT_END(&rr->pt);
}

static void
co_task(struct sched *s, struct sched_task *t)
{
	(void)co_recipe(run_of_sched(s), rr_of_task(t));
}

static int
co_start(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nruns; i++)
		PT_INIT(&r->runs[i].pt);
	return run_ready_all(r, co_task);
}

static uint64_t
co_memory(const struct run *r, const char **what, uint64_t *reserved)
{
	*what = "one protothread state per recipe run (struct rrun: its "
		"continuation, step and scheduler link) and its pending "
		"timer, no stack";
	*reserved = (uint64_t)r->nruns * (sizeof(struct rrun) +
	    sizeof(struct sched_entry));
	return *reserved;
}

const struct model_ops model_coroutines_ops = {
	.name = "coroutines",
	.start = co_start,
	.memory = co_memory,
	.decisions = coop_decisions,
	.choose = coop_choose,
	.preemptive = false,
	.own_kitchens = false,
};
