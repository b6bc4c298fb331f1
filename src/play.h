/* SPDX-License-Identifier: ISC */
/*
 * play.h - a game of a level: the student's run driven choice by choice
 * through decide.h, undo by replay, and the end report (score, optimum,
 * FIFO, the first decision that lost time).  Pure engine: the screen
 * (play-tui.c) and the batch mode (play-main.c) are its front ends.
 *
 * The student's run keeps its spans (it is drawn); undo makes a fresh run
 * and takes the recorded choices again, microseconds for a dinner.  On a
 * break-it level the game stops asking once the goal is reached: the rest
 * of the run takes the plain model's choice (choice 0) by itself.
 */
#ifndef KT_PLAY_H
#define KT_PLAY_H

#include <stdbool.h>
#include <stddef.h>
#include "decide.h"
#include "level.h"
#include "model.h"
#include "play-search.h"

struct play {
	const struct level *lv;
	const struct menu *menu;
	struct run_opts ro;     /* the level's, decide on */
	struct run *run;        /* the student's */
	size_t *moves;          /* choice index at each decision taken */
	size_t nmoves, capmoves;
	bool autoplay;          /* break-it goal reached: choice 0 from here */
};

/* A new game at 00:00.  0, or -1 with *err a static message. */
int play_new(struct play *p, const struct level *lv, const struct menu *m,
	     const char **err);
void play_free(struct play *p);
/* Run on to the next decision (or the end).  0, or -1 out of memory. */
int play_advance(struct play *p);
/* The decision the student must make now, or NULL. */
const struct run_decision *play_decision(const struct play *p);
/* Take choice i of the pending decision (the run does not move on:
 * play_advance, or the screen's run_until, does).  0, or -1 bad choice. */
int play_choose(struct play *p, size_t i);
/* Take back the last choice: the run is at that decision again.  0, or
 * -1 (nothing to undo, out of memory). */
int play_undo(struct play *p);
/* The run finished. */
bool play_over(const struct play *p);
/* After a choice: a break-it goal reached makes the run go on alone. */
void play_check_goal(struct play *p);

struct play_loss {
	bool found;
	size_t decision;        /* 0-based */
	sched_ms at;
	int chose_recipe, better_recipe;
	int chose_step, better_step;
	sched_ms cost;          /* extra total it cost */
	bool cost_ruin;         /* it cost a dish, not time */
};

struct play_report {
	bool breaks;            /* a break-it level */
	sched_ms student_total, fifo_total;
	size_t student_bad, fifo_bad;
	struct play_found best; /* the optimum, or the goal's shortest */
	bool goal_met;
	int score, stars;
	size_t forced;          /* break-it: the student's preemptions */
	struct play_loss loss;
};

/* The end report of a finished game.  0, or -1 with *err. */
int play_report(const struct play *p, struct play_report *rep, const char **err);
void play_report_free(struct play_report *rep);

/* The optimum's (or goal's) own moves, for --moves=optimal.  0 or -1. */
int play_best(const struct level *lv, const struct menu *m,
	      struct play_found *out);

/* The run options a level asks for, decide on, spans kept. */
void play_run_opts(const struct level *lv, struct run_opts *o);

#endif
