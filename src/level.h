/* SPDX-License-Identifier: ISC */
/*
 * level.h - level files: a menu, a model and its options, a goal, the
 * words a student reads and how a score earns stars.  See kitchen-level(5).
 *
 * The reader follows parse.c's conventions: it works on a buffer, reads
 * line by line with the same lexical rules as recipe files (bare words,
 * "quoted text" with \" and \\, '#' comments, UTF-8 only), stops at the
 * first error and hands back one malloc'd "path:line:col: message" made by
 * parse.c's formatter.  It does no I/O but level_parse_file's read, and it
 * does not load the menu: the menu line comes back as a reference, as a
 * menu's recipe lines do, for catalog-level.c to follow.
 */
#ifndef KT_LEVEL_H
#define KT_LEVEL_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

#define LEVEL_MAX_INTRO         12      /* intro lines */
#define LEVEL_MAX_TEXT          400     /* bytes in an intro or hint line */

enum level_goal {
	GOAL_SHORTEST,          /* cook the dinner as fast as it can be done */
	GOAL_WITHIN,            /* finish within `within` of the optimum */
	GOAL_RUIN,              /* break it: a dish ruined through a race */
	GOAL_LOSE_UPDATE,       /* break it: an update lost (dressing-race) */
	GOAL_DEADLOCK,          /* break it: cooks stuck holding utensils */
	GOAL_COUNT
};

/* The three score thresholds: stars[0] for three stars, [1] two, [2] one. */
#define LEVEL_STARS 3

struct level {
	char *name;             /* short name: "one-recipe" */
	char *title;
	char *path;
	char *menu;             /* menu name or path as written */
	int menu_line, menu_col;
	struct run_opts run;    /* model, gil, locks, seed; cooks 0 = menu's */
	enum level_goal goal;
	sched_ms within;        /* GOAL_WITHIN: the slack allowed */
	char *intro[LEVEL_MAX_INTRO];
	size_t nintro;
	char *hint;
	int stars[LEVEL_STARS]; /* scores 1..100, non-increasing */
};

/* Parse len bytes of buf that came from `path`.  0 with *out a new level,
 * or -1 with *err (NULL only when out of memory) and *out NULL. */
int level_parse_buffer(const char *path, const char *buf, size_t len,
		       struct level **out, char **err);
/* parse_read_file, then level_parse_buffer. */
int level_parse_file(const char *path, struct level **out, char **err);
void level_free(struct level *lv);

/* "shortest", "within", "ruin", "lose-update", "deadlock". */
const char *level_goal_name(enum level_goal g);
/* True for the goals where the student breaks the kitchen. */
bool level_goal_breaks(enum level_goal g);
/* Stars (0 to 3) a score earns. */
int level_stars(const struct level *lv, int score);

#endif
