/* SPDX-License-Identifier: ISC */
/*
 * search.h - search over schedules: solve (the shortest dinner under
 * cooperative scheduling, proved) and explore (every interleaving a
 * preemptive scheduler could produce, bounded by preemptions).
 *
 * Both walk the tree of decision points of decided runs (decide.h) depth
 * first, branching by snapshot (run_copy into a run kept per depth, so a
 * node costs no allocation), and merge equal states by run_state_hash.
 * They never look inside a model.  They are engine code: no wall clock,
 * no I/O; the caller's stop callback (polled every SEARCH_POLL nodes) ends
 * a search early, for a time limit or Ctrl-C.
 */
#ifndef KT_SEARCH_H
#define KT_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "decide.h"
#include "model.h"

#define SEARCH_POLL 256

/* One decision of a schedule, as a file names it. */
struct search_step {
	sched_ms at;
	int cook;               /* 0-based */
	int recipe;             /* index in the menu */
	int step;               /* 0-based */
	bool preempts;          /* switches away from a thread that could go on */
	bool continues;         /* the thread that ran goes on */
	bool starts;            /* which thread starts */
};

/* A schedule: the decisions, in order. */
struct search_path {
	struct search_step *v;
	size_t n, cap;
};
void search_path_free(struct search_path *p);
/* 0, or -1 out of memory. */
int search_path_push(struct search_path *p, const struct search_step *s);
int search_path_copy(struct search_path *dst, const struct search_path *src);

struct search_limits {
	bool (*stop)(void *ctx);        /* true: stop now; NULL: never */
	void *ctx;
};

struct solve_result {
	bool found;             /* a complete schedule is in best */
	bool proved;            /* the search ran to its end */
	bool stopped;           /* stop() ended it */
	size_t best_ruined;     /* dishes ruined in best (0: every dish ok) */
	sched_ms best_total;
	sched_ms lower_bound;   /* no schedule is shorter (== best when proved) */
	struct search_path best;
	uint64_t nodes;         /* decision points and ends visited */
	uint64_t merged;        /* visits cut because the state was seen */
	uint64_t states;        /* distinct states stored */
	size_t state_bytes;     /* bytes of the state table */
};

/* The shortest schedule with the fewest ruined dishes, by branch and bound
 * (children in choice order, so the first leaf is the FIFO loop's dinner;
 * a node is cut when its ruined count and lower bound cannot beat the
 * best so far).  opts->decide is forced on, keep_spans off.  0, or -1
 * with *err (out of memory, a bad menu). */
int search_solve(const struct menu *m, const struct run_opts *opts,
		 const struct search_limits *lim, struct solve_result *res,
		 const char **err);
void solve_result_free(struct solve_result *res);

enum explore_kind { EXPLORE_OK, EXPLORE_RUINED, EXPLORE_DEADLOCK };

/* One class of outcomes: every dish ok; these dishes ruined; these stuck. */
struct explore_class {
	enum explore_kind kind;
	uint64_t dishes;        /* bit i: recipe i ruined (or stuck) */
	char why[256];          /* the first ruined dish's reason, or the
				   deadlock's cycle in words */
	uint64_t count;
	sched_ms min_total, max_total;
	struct search_path example;     /* fewest preemptions, then fewest
					   decisions, then the earliest end */
	sched_ms example_total;
	int example_preemptions;
};

/* How many dishes a set holds (an explore_class's dishes). */
size_t search_dish_count(uint64_t dishes);

struct explore_result {
	int preemptions;        /* the bound K */
	bool complete;          /* not stopped */
	uint64_t schedules;     /* distinct end states */
	uint64_t states;        /* distinct states (ends included) */
	uint64_t nodes;         /* visits, merged ones included */
	size_t state_bytes;
	struct explore_class *classes;
	size_t nclasses;
};

/* Every schedule within `preemptions` preemptions (choices that switch
 * away from a thread that could have gone on); equal states merged (a
 * state seen again with no fewer preemptions left is not walked again).
 * Classes sorted: ok first, then ruined, then deadlock, each by count. */
int search_explore(const struct menu *m, const struct run_opts *opts,
		   int preemptions, const struct search_limits *lim,
		   struct explore_result *res, const char **err);
void explore_result_free(struct explore_result *res);

/* A chooser (decide.h) that takes path's decisions in order, matched by
 * time, cook, recipe and step.  ctx: a struct search_replay. */
struct search_replay {
	const struct search_path *path;
	size_t mismatch;        /* decision index that did not match, or */
	bool failed;            /* ... set when it stopped the run */
	bool ran_out;           /* the run asked for more decisions */
};
int search_replay_chooser(void *ctx, const struct run *r,
			  const struct run_decision *d);

#endif
