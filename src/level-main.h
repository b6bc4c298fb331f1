/* SPDX-License-Identifier: ISC */
/*
 * level-main.h - what --list and --check do with levels (level-main.c).
 */
#ifndef KT_LEVEL_MAIN_H
#define KT_LEVEL_MAIN_H

#include "opts.h"

/* The "Levels:" part of --list: 0, or 2 when a level does not load. */
int level_list_text(const struct kt_opts *o);
/* --list --format=json: the whole catalog. */
int level_list_json(const struct kt_opts *o);
/* --check on one .level file, its menu loaded too: 0 or 2. */
int level_check_file(const struct kt_opts *o, const char *path);

#endif
