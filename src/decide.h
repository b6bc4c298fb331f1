/* SPDX-License-Identifier: ISC */
/*
 * decide.h - the decision points of a run, for search and play.
 *
 * A run made with run_opts.decide stops wherever its model would have to
 * choose, instead of choosing first come, first served:
 *  - cooperative models (callbacks, coroutines): the cook is free and more
 *    than one recipe asks for it.  Recipes that ask at the same instant are
 *    all choices: the run first lets every event of the instant happen,
 *    then looks at who is waiting.
 *  - preemptive models (threads, processes): a cook (and the GIL) is free
 *    and more than one thread is runnable: at every slice boundary (the
 *    thread that ran may go on, or any waiting thread may take over) and
 *    at every blocking point.
 * A point with a single candidate is no decision: the run takes it alone.
 * The sequential model has no decision points; decide mode changes nothing
 * there.
 *
 * Choosing the first choice every time gives the same dinner as the plain
 * model (the FIFO event loop; round-robin threads).
 *
 * Driving a run:
 *
 *	while ((rc = run_to_decision(r)) == 1) {
 *		const struct run_decision *d = run_decision(r);
 *		run_choose(r, pick(d));         // 0 <= pick < d->n
 *	}
 *	// rc == 0: finished (run_result), -1: out of memory
 *
 * or give the run a chooser (run_set_chooser) and use run_step, run_until
 * and run_finish as usual: the chooser is asked at each decision point; if
 * it returns -1 the run stops there with the decision pending.  Without a
 * chooser, run_step returns 2 and run_until stops early at a pending
 * decision (the clock stays at the decision's time).
 *
 * Branching: run_copy makes dst the same state as src (a snapshot; dst must
 * come from run_new with the same menu and options, decide on and
 * keep_spans off).  It copies a few hundred bytes and allocates nothing
 * once dst has seen a run as large.  Replaying the choices from run_new is
 * the other way to branch; it measures slower (bench/bench-search.c).
 *
 * run_state_hash says when two runs are in the same state: the same clock,
 * the same recipe positions, kitchen, queues, pending timers and dishes
 * (statistics such as switch counts are left out).  Equal states have equal
 * futures.
 *
 * run_lower_bound is a total no continuation can beat: each recipe's
 * remaining steps in a row, and all remaining work on the cooks.
 */
#ifndef KT_DECIDE_H
#define KT_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sched.h"

struct run;

/* One choice: give `cook` of `table` to `recipe`, which starts or goes on
 * with its step `step` (0-based). */
struct run_choice {
	int table;              /* 0 unless --tables */
	int cook;               /* 0-based */
	int recipe;             /* index in the menu */
	int step;               /* 0-based step index */
	bool preempts;          /* threads: a switch away from a thread that
				   could have continued (bounded by search) */
	bool continues;         /* threads: the thread that was running */
	bool starts;            /* threads: which thread starts (at 0:00) */
};

struct run_decision {
	sched_ms at;            /* when (the run's clock) */
	uint64_t index;         /* decisions taken before this one */
	size_t n;               /* >= 2 */
	const struct run_choice *choices;       /* owned by the run */
};

/* Asked at each decision: the index of a choice, or -1 to stop there. */
typedef int run_chooser(void *ctx, const struct run *r,
			const struct run_decision *d);

/* True if r stops at decision points (decide mode and a model that has
 * them). */
bool run_deciding(const struct run *r);
/* The decision r waits for, or NULL. */
const struct run_decision *run_decision(const struct run *r);
/* Run on until a decision is pending (1), the end (0), or failure (-1).
 * Never asks the chooser. */
int run_to_decision(struct run *r);
/* Take choice i of the pending decision: 0, or -1 if none is pending or i
 * is out of range. */
int run_choose(struct run *r, size_t i);
/* Decisions taken so far. */
uint64_t run_decisions_taken(const struct run *r);
void run_set_chooser(struct run *r, run_chooser *fn, void *ctx);

/* Snapshot: dst becomes the state of src.  0, or -1 (out of memory, or the
 * two runs are not alike). */
int run_copy(struct run *dst, const struct run *src);
/* Bytes of state run_copy moves for r (for the bench). */
size_t run_state_bytes(const struct run *r);
uint64_t run_state_hash(const struct run *r);
sched_ms run_lower_bound(const struct run *r);
/* Dishes ruined so far (a ruined dish stays ruined). */
size_t run_ruined(const struct run *r);

#endif
