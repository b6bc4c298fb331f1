/* SPDX-License-Identifier: ISC */
/*
 * model.h - the concurrency models and one run of a dinner under one.
 *
 * A run owns a scheduler, the kitchen(s), the trace and the state of every
 * recipe run.  It is pure engine: no I/O, no wall clock, no ncurses, no
 * libev, so batch mode runs it to the end in microseconds and the screen
 * advances it a little every frame.  The same menu and options give the
 * same trace, byte for byte.
 *
 * Each model is one file (model-sequential.c, model-callbacks.c,
 * model-coroutines.c, model-threads.c, model-processes.c) that fills in a
 * struct model_ops; model.c holds the table and the shared run plumbing.
 */
#ifndef KT_MODEL_H
#define KT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "recipe.h"
#include "sched.h"
#include "trace.h"

enum model_id {
	MODEL_SEQUENTIAL,
	MODEL_CALLBACKS,
	MODEL_COROUTINES,
	MODEL_THREADS,
	MODEL_PROCESSES,
	MODEL_COUNT
};

struct run_opts {
	enum model_id model;    /* MODEL_COROUTINES */
	int cooks;              /* 0 = the menu's kitchen says (default 1) */
	bool gil;               /* true */
	bool locks;             /* false */
	uint64_t seed;          /* RUN_DEFAULT_SEED */
	long tables;            /* 1 */
	bool keep_spans;        /* true; false for huge --tables runs */
	bool decide;            /* false; true: stop at every decision point
				   instead of choosing FIFO (decide.h) */
};
#define RUN_DEFAULT_SEED 42
void run_opts_default(struct run_opts *o);

/* One dish: 24 bytes, a million tables' worth of them is the biggest
 * array of a run after the recipe runs.  Its table is its index in
 * run_result.dishes divided by the menu's recipe count (table-major). */
struct run_dish {
	int recipe;             /* index in menu->recipes */
	bool ok;
	sched_ms ready_at;      /* -1 until ready */
	const char *problem;    /* never NULL: "" when ok; escaped, plain
				   words; owned by the run */
};

struct run_result {
	sched_ms total;         /* when the last dish was ready */
	struct run_dish *dishes;        /* tables * nrecipes, table-major */
	size_t ndishes;
	int cooks;              /* cook lanes in use */
	sched_ms cook_working, cook_idle, cook_switching;  /* summed over cooks */
	uint64_t context_switches;
	uint64_t memory_bytes;  /* resident memory, whole run: the memory
				   model's figure (model-impl.h MEM_*) */
	uint64_t reserved_bytes;        /* address space reserved, resident
					   included */
	const char *memory_what;        /* what the two stand for */
	uint64_t events;        /* scheduler events */
	size_t state_bytes_per_run;     /* engine state per recipe run */
};

struct run;

const char *model_name(enum model_id m);        /* "coroutines" */
/* By name, or -1.  Also accepts the digit keys "1".."5". */
int model_by_name(const char *name);
/* "sequential, callbacks, coroutines, threads, processes" */
const char *model_names(void);

/* The cooks a run of menu with opts has: --cooks or the menu's under the
 * preemptive models; one under the cooperative ones (one loop), or
 * --cooks in decide mode (decide.h). */
int run_cooks_for(const struct menu *menu, const struct run_opts *opts);

/* A new run at time 0 with nothing done yet.  NULL with *err set to a
 * static message on failure (out of memory, a bad option). */
struct run *run_new(const struct menu *menu, const struct run_opts *opts,
		    const char **err);
void run_free(struct run *r);
/* The bytes a run with these options will allocate (run_new's arrays, the
 * scheduler's heap and ring, kept spans), for refusing a run that cannot
 * fit before it starts.  An estimate, O(1); 0 for a bad model. */
uint64_t run_estimate_bytes(const struct menu *menu,
			    const struct run_opts *opts);

/* Advance by one scheduler event: 1 progressed, 0 finished, -1 failed. */
int run_step(struct run *r);
/* Run every event up to virtual time t: 0, or -1 failed. */
int run_until(struct run *r, sched_ms t);
/* Run to the end: 0, or -1 failed (out of memory). */
int run_finish(struct run *r);

bool run_done(const struct run *r);
sched_ms run_now(const struct run *r);
/* The time of the next event, SCHED_NEVER when done. */
sched_ms run_next(const struct run *r);
uint64_t run_events(const struct run *r);
const struct trace *run_trace(const struct run *r);
const struct menu *run_menu(const struct run *r);
const struct run_opts *run_options(const struct run *r);
/* Totals so far; complete once run_done. */
const struct run_result *run_result(const struct run *r);

/* Where recipe i of table 0 is now: the index of the step it is on, -1
 * before it starts, nsteps when finished.  For the code pane's marker. */
int run_recipe_step(const struct run *r, int recipe);
/* Live kitchen state for the screen: the oven's temperature and set point
 * now (kitchen k; under processes each recipe has its own kitchen). */
int run_kitchen_count(const struct run *r);
int run_oven_temp(const struct run *r, int kitchen, int *setpoint_f);
/* The recipe holding the GIL now under threads, -1 none. */
int run_gil_holder(const struct run *r);

/*
 * Deadlock: the run stopped (no event pending) with a recipe unfinished.
 * The cycle is who holds what and waits for what, in order: each link
 * waits for what the next one holds, and the last for what the first
 * holds.  Words are plain and escaped ("burner 1", "the oven lock",
 * "a burner", "the knife"), owned by the run.  Its dishes are not served:
 * ok false, ready_at -1, and a problem that says deadlock.
 */
#define RUN_DEADLOCK_MAX 32     /* links kept (a menu has at most 32 recipes) */
struct run_wait_link {
	int table;
	int recipe;             /* index in menu->recipes */
	const char *holds;
	const char *waits_for;
};
struct run_deadlock {
	sched_ms at;            /* when the kitchen stopped */
	size_t n;
	const struct run_wait_link *cycle;
	const char *text;       /* "rice holds burner 1 and waits for the oven
				   lock; salmon holds ..." */
};
/* NULL unless the run ended in a deadlock (no event pending, a recipe
 * unfinished). */
const struct run_deadlock *run_deadlock(const struct run *r);
/* True if trace lane `lane` belongs to the deadlock's cycle (a resource
 * held or waited for in it): the screen marks those lanes. */
bool run_lane_in_deadlock(const struct run *r, int lane);

#endif
