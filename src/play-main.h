/* SPDX-License-Identifier: ISC */
/*
 * play-main.h - the --play mode's parts: loading and batch play
 * (play-main.c), the screen (play-tui.c).
 */
#ifndef KT_PLAY_MAIN_H
#define KT_PLAY_MAIN_H

#include "opts.h"
#include "play.h"

/* Load a level and its menu by name or path.  0, or the exit status
 * after a message. */
int play_load(const struct kt_opts *o, const char *name, struct level **lv,
	      struct menu **m);
/* --batch --play=LEVEL --moves=LIST. */
int play_batch(const struct kt_opts *o, const struct level *lv,
	       const struct menu *m);
/* The level on the screen; the exit status. */
int play_tui(const struct kt_opts *o, const struct level *lv,
	     const struct menu *m);

/* "rice (\"Pour water into the pot\")": a choice in words. */
void play_choice_words(const struct menu *m, int recipe, int step, char *buf,
		       size_t n);
/* The first loss in words ("" on a break-it level without one). */
void play_loss_words(const struct play *p, const struct play_report *rep,
		     char *buf, size_t n);

#endif
