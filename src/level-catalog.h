/* SPDX-License-Identifier: ISC */
/*
 * level-catalog.h - finding levels by name and loading one with its menu.
 *
 * Levels are NAME.level files, looked for along catalog.h's search path
 * (each --data-dir, $KITCHEN_TUI_DATA, $XDG_DATA_HOME/kitchen-tui where
 * teachers put their own, the shipped data); the first directory with a
 * name wins.  A level's menu line names a menu next to the level file
 * first, then along the search path; a path is taken relative to the
 * level's directory.
 *
 * Errors as in catalog.h: a malloc'd, escaped "path:line:col: message"
 * in *err (NULL when even that could not be allocated).
 */
#ifndef KT_LEVEL_CATALOG_H
#define KT_LEVEL_CATALOG_H

#include <stddef.h>
#include "level.h"
#include "recipe.h"

#include "catalog.h"

#define LEVEL_DIRS_MAX CATALOG_MAX_DIRS

/* The directories searched, in order (catalog_path_get's); the strings
 * are owned by dirs.  opt is unused: --data-dir is on the path. */
struct level_dirs {
	char *dir[LEVEL_DIRS_MAX];
	size_t n;
};
/* 0, or -1 out of memory. */
int level_dirs_init(struct level_dirs *d, const char *opt_data_dir);
void level_dirs_free(struct level_dirs *d);

/* One level found in a directory. */
struct level_entry {
	char *name;
	char *path;
	const char *dir;        /* one of level_dirs.dir */
};
/* Every NAME.level in the directories, sorted by name, the first
 * directory winning for a name.  0, or -1 out of memory (a directory
 * that cannot be opened is skipped: the user's may not exist). */
int level_list(const struct level_dirs *d, struct level_entry **out,
	       size_t *n);
void level_list_free(struct level_entry *e, size_t n);

/* True when s is taken as a path: it has a '/' or ends in .level. */
bool level_is_path(const char *s);
/* True when the file name s ends in .level (--check reads it as a level). */
bool level_has_suffix(const char *s);

/* Load a level by name or path, and the menu it names.  0 with both, or
 * -1 with *err: an unknown name lists the levels there are. */
int level_load(const struct level_dirs *d, const char *opt_data_dir,
	       const char *name_or_path, struct level **lv, struct menu **menu,
	       char **err);
/* The same for a level file at a known path (--check). */
int level_load_file(const char *opt_data_dir, const char *path,
		    struct level **lv, struct menu **menu, char **err);

#endif
