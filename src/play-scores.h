/* SPDX-License-Identifier: ISC */
/*
 * play-scores.h - the best score per level, kept in
 * $XDG_STATE_HOME/kitchen-tui/scores (default ~/.local/state/kitchen-tui).
 *
 * One line per level, "NAME SCORE STARS".  A missing file is no scores
 * yet; a file that does not read as that (corrupt, cut short, another
 * program's) is started afresh, never a crash.  Writes go to a temporary
 * file renamed over the old one, so a crash leaves the old scores whole.
 */
#ifndef KT_PLAY_SCORES_H
#define KT_PLAY_SCORES_H

#include "opts.h"

/* The scores file's path, malloc'd; NULL when neither XDG_STATE_HOME nor
 * HOME is set to an absolute path. */
char *play_scores_path(void);
/* The best score recorded for a level, -1 none. */
int play_scores_best(const char *level);
/* Keep score for level if it beats the one recorded.  0, or -1 with
 * errno (the game goes on without saving). */
int play_scores_record(const char *level, int score, int stars);
/* The first level (by name) without three stars yet, else the first;
 * malloc'd, NULL when there are no levels. */
char *play_scores_next_level(const struct kt_opts *o);

#endif
