/* SPDX-License-Identifier: ISC */
/*
 * quiz-main.h - the --quiz mode's parts: loading (quiz-main.c) and the
 * screen (quiz-tui.c).
 */
#ifndef KT_QUIZ_MAIN_H
#define KT_QUIZ_MAIN_H

#include "opts.h"
#include "quiz.h"

#define QUIZ_DEFAULT_COUNT 5

/* Every menu of the data directory (sorted by name) and a quiz made from
 * them with --seed and --count.  0, or the exit status after a message. */
int quiz_load(const struct kt_opts *o, struct menu ***menus, size_t *n,
	      struct quiz *qz);
void quiz_menus_free(struct menu **menus, size_t n);

/* The quiz on the screen: ask, then reveal with the run's timeline and
 * the line that decides it.  The exit status. */
int quiz_tui(const struct kt_opts *o, const struct quiz *qz,
	     const struct menu *const *menus, size_t nmenus);

#endif
