/* SPDX-License-Identifier: ISC */
/*
 * model-sequential.c - make_salmon_dinner() as plain calls.
 *
 * Each recipe runs to its end before the next one starts, the way a
 * function call returns before the next call; the one cook stands idle
 * through every wait (its lane shows the gaps).  One cook whatever --cooks
 * says.  The "call stack" is the recipe being cooked and its step.
 */
#include "config.h"

#include "model-impl.h"

static void seq_go(struct run *r, struct rrun *rr);

/* The current recipe's wait is over, or its work is done. */
static void
seq_resume(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	if (run_step_is_work(r, rr)) {
		coop_work_end(r, rr);
	} else if (!run_kstep(r, rr))
		return;
	rr_next_step(rr);
	seq_go(r, rr);
}

/* Carry on with rr until it waits; when it returns, call the next one. */
static void
seq_go(struct run *r, struct rrun *rr)
{
	struct rtable *tab;
	struct rrun *next;

	while (!rr_finished_steps(r, rr)) {
		if (run_step_is_work(r, rr)) {
			/* Alone in the kitchen: the cook is always free. */
			if (!coop_cook_acquire(r, rr))
				return;
			coop_work_begin(r, rr);
			return;
		}
		if (!run_kstep(r, rr))
			return;
		rr_next_step(rr);
	}
	run_recipe_done(r, rr);
	tab = &r->tables[rr_table(r, rr)];
	if (++tab->next_recipe < r->nrecipes) {
		next = rr + 1;
		run_recipe_begin(r, next);
		seq_go(r, next);
	}
}

static void
seq_begin(struct sched *s, struct sched_task *t)
{
	struct run *r = run_of_sched(s);
	struct rrun *rr = rr_of_task(t);

	t->fn = seq_resume;
	run_recipe_begin(r, rr);
	seq_go(r, rr);
}

static int
seq_start(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nruns; i++)
		r->runs[i].w.task.fn = seq_resume;
	for (i = 0; i < r->ntables; i++) {
		r->runs[i * r->nrecipes].w.task.fn = seq_begin;
		if (sched_ready(&r->sched, &r->runs[i * r->nrecipes].w.task))
			return -1;
	}
	return 0;
}

static uint64_t
seq_memory(const struct run *r, const char **what, uint64_t *reserved)
{
	*what = "one call stack per table: the pages it touches resident "
		"(12 KiB), in an 8 MiB stack reserved";
	*reserved = (uint64_t)r->ntables * MEM_STACK_RESERVED;
	return (uint64_t)r->ntables * MEM_STACK_TOUCHED;
}

const struct model_ops model_sequential_ops = {
	.name = "sequential",
	.start = seq_start,
	.memory = seq_memory,
	.preemptive = false,
	.own_kitchens = false,
};
