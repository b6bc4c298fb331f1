/* SPDX-License-Identifier: ISC */
/*
 * level-catalog.h - finding levels by name and loading one with its menu.
 *
 * Levels are NAME.level files.  They are looked for in the user's own
 * data directory first, so a teacher's level of a name shadows a shipped
 * one, then in the data directory catalog.h finds:
 *   --data-dir or $KITCHEN_TUI_DATA when given (then only there), else
 *   $XDG_DATA_HOME/kitchen-tui (default ~/.local/share/kitchen-tui), then
 *   the shipped data directory.
 * A level's menu line names a menu next to the level file first, then in
 * the data directory; a path is taken relative to the level's directory.
 *
 * Errors as in catalog.h: a malloc'd, escaped "path:line:col: message"
 * in *err (NULL when even that could not be allocated).
 */
#ifndef KT_LEVEL_CATALOG_H
#define KT_LEVEL_CATALOG_H

#include <stddef.h>
#include "level.h"
#include "recipe.h"

#define LEVEL_DIRS_MAX 4

/* The directories searched, in order; the strings are owned by dirs. */
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
