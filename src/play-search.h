/* SPDX-License-Identifier: ISC */
/*
 * play-search.h - what play needs proved about a level: the best dinner
 * from any point of a game, and the fewest forced switches that reach a
 * break-it goal.
 *
 * Both search the decision points of decide.h from a run that has taken
 * a given prefix of choices, depth first, merging equal states by
 * run_state_hash and cutting with run_lower_bound.  Branching is a
 * run_copy snapshot, or a replay from 00:00 for menus with jars or
 * utensils (the snapshot carries neither a jar's level nor who holds a
 * utensil).  A node limit bounds the work:
 * a search that hits it says so (proved false) and is never shown as the
 * optimum.
 *
 * The search for the level's own optimum is this one rather than the
 * --solve of search*.c because play also needs the optimum from every
 * prefix of the student's choices, to find the first decision that lost
 * time.
 */
#ifndef KT_PLAY_SEARCH_H
#define KT_PLAY_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "level.h"
#include "model.h"

#define PLAY_NODE_LIMIT 2000000

struct play_found {
	bool found;             /* a schedule was found at all */
	bool proved;            /* the search finished: it is the best */
	size_t bad;             /* dishes ruined or never finished */
	sched_ms total;
	size_t forced;          /* break-it: choices that preempt a thread */
	size_t *moves;          /* choice index at each decision, malloc'd */
	size_t nmoves;
	uint64_t nodes;
};

void play_found_free(struct play_found *f);

/* The best dinner (fewest bad dishes, then the shortest total) after the
 * choices prefix[0..nprefix).  0, or -1 out of memory or a bad prefix. */
int play_search_best(const struct menu *m, const struct run_opts *o,
		     const size_t *prefix, size_t nprefix, uint64_t limit,
		     struct play_found *out);

/* The fewest preemptions (choices that switch away from a thread that
 * could have gone on, decide.h's `preempts`) that reach a break-it goal,
 * trying 0 .. max_forced, as CHESS bounds preemptions.  0 (see
 * out->found), or -1 out of memory. */
int play_search_goal(const struct menu *m, const struct run_opts *o,
		     enum level_goal goal, size_t max_forced, uint64_t limit,
		     struct play_found *out);

/* True when the run (finished, or in progress for ruin and lose-update,
 * which cannot be undone) has met the break-it goal. */
bool play_goal_reached(const struct run *r, enum level_goal goal);
/* Dishes ruined, or not finished at the end (a deadlock). */
size_t play_bad_dishes(const struct run *r);

#endif
