/* SPDX-License-Identifier: ISC */
/*
 * model-processes.c - each recipe in its own process, with its own kitchen.
 *
 * The preemptive engine of model-threads.c without a GIL: every recipe run
 * gets a kitchen of its own (its own oven, stovetop and microwave, lanes
 * "salmon: oven"), so nothing is shared and nothing races.  The price is a
 * start-up slice before the first step, a hand-back slice after the last,
 * and the memory of a whole program per process.
 */
#include "config.h"

#include "model-impl.h"

static uint64_t
proc_memory(const struct run *r, const char **what)
{
	*what = "per recipe run, a whole process: this program's resident size "
		"(rounded up to a whole MiB) plus one thread stack";
	return (uint64_t)r->nruns * (run_resident_size() + run_thread_stack());
}

const struct model_ops model_processes_ops = {
	.name = "processes",
	.start = preempt_start,
	.memory = proc_memory,
	.decisions = preempt_decisions,
	.choose = preempt_choose,
	.preemptive = true,
	.own_kitchens = true,
};
