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
proc_memory(const struct run *r, const char **what, uint64_t *reserved)
{
	*what = "per recipe run, a forked process: its private pages "
		"resident (72 KiB), in an address space that maps the whole "
		"program (5 MiB, shared copy-on-write) and an 8 MiB stack";
	*reserved = (uint64_t)r->nruns * (MEM_CHILD_MAPPED + MEM_STACK_RESERVED);
	return (uint64_t)r->nruns * MEM_CHILD_PRIVATE;
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
