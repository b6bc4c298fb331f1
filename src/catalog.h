/* SPDX-License-Identifier: ISC */
/*
 * catalog.h - finding menus and recipes by name in the data directory.
 *
 * Names are looked up along a search path, in order: each --data-dir
 * given (catalog_path_add), $KITCHEN_TUI_DATA, $XDG_DATA_HOME/kitchen-tui
 * (default ~/.local/share/kitchen-tui), and the shipped data (the source
 * tree's data/ when the binary runs uninstalled from the build tree, else
 * the installed $(pkgdatadir)).  The first directory that has the file
 * wins.  A name inside a menu is looked up next to that menu first.  A
 * name containing a '/' or ending in .menu/.recipe is a path instead, and
 * "-" is standard input.
 *
 * Errors are returned, never printed and never fatal: *err receives a
 * malloc'd message whose first line is "path:line:col: message" (or
 * "path: reason" for a file that cannot be read), already escaped for a
 * terminal.  The caller prints and frees it.
 */
#ifndef KT_CATALOG_H
#define KT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include "recipe.h"

#define CATALOG_MAX_DIRS        16
/* The path of a menu read from standard input, in messages. */
#define CATALOG_STDIN           "<stdin>"

enum catalog_origin { CATALOG_OPTION, CATALOG_ENV, CATALOG_XDG, CATALOG_SHIPPED };

/* The search path, filled by catalog_path_get; dir[] points into static,
 * environment or the struct's own storage. */
struct catalog_path {
	size_t n;
	const char *dir[CATALOG_MAX_DIRS];
	enum catalog_origin origin[CATALOG_MAX_DIRS];
	char xdg[4096];
};

/* Add a --data-dir after those already given (the string is kept, not
 * copied).  0, or -1 when there are too many. */
int catalog_path_add(const char *dir);
/* The search path as it is now (the environment is read each time). */
void catalog_path_get(struct catalog_path *p);
/* "--data-dir", "$KITCHEN_TUI_DATA", "your own", "shipped". */
const char *catalog_origin_name(enum catalog_origin o);
/* The shipped data directory. */
const char *catalog_shipped_dir(void);
/* opt when given, else the first directory of the search path.  Static
 * or environment storage: do not free. */
const char *catalog_data_dir(const char *opt);
/* The first existing dir/NAME+suffix: in `first` (may be NULL), then
 * along the search path.  Malloc'd, or NULL when none (or out of memory). */
char *catalog_find(const char *first, const char *name, const char *suffix);
/* The file catalog_load_menu would read for a NAME: NAME.menu, else
 * NAME.recipe, in the first directory (datadir, then the search path)
 * that has either.  Malloc'd, or NULL. */
char *catalog_find_menu(const char *datadir, const char *name);

/* The source tree's data directory when this binary runs uninstalled from
 * its build tree (found from /proc/self/exe), else NULL.  Static storage. */
const char *catalog_tree_data_dir(void);

/* Load a menu (with all its recipes) by name or path.  0, or -1 with *err. */
int catalog_load_menu(const char *datadir, const char *name_or_path,
		      struct menu **out, char **err);

/* The names of every menu in datadir (may be NULL) and along the search
 * path, each once, sorted; a malloc'd array of malloc'd strings.  0, or
 * -1 with *err (NULL: out of memory). */
int catalog_menu_names(const char *datadir, char ***names, size_t *n, char **err);
void catalog_names_free(char **names, size_t n);

/* The same for every recipe (NAME.recipe). */
int catalog_recipe_names(const char *datadir, char ***names, size_t *n, char **err);
/* The NAME of every NAME+suffix in one directory only, sorted.  0, or -1
 * with *err ("dir: reason"; NULL when out of memory). */
int catalog_dir_names(const char *dir, const char *suffix, char ***names,
		      size_t *n, char **err);

/* True when s is taken as a path: it has a '/' or ends in .menu/.recipe. */
bool catalog_is_path(const char *s);

/* Load the file at path, whatever its name, as a menu: a menu file with
 * all it names, or a recipe file as a menu of that one recipe.  This is
 * what --check and a MENU argument given as a path use. */
int catalog_load_file(const char *path, struct menu **out, char **err);
/* The same for standard input (what "-" as a path means); names in it
 * are looked up along the search path, paths from the current directory. */
int catalog_load_stdin(struct menu **out, char **err);

/* Load one recipe file (a menu file is an error).  0, or -1 with *err. */
int catalog_load_recipe(const char *path, struct recipe **out, char **err);

/* Note: *err may be NULL after a failure when even the message could not
 * be allocated; print "out of memory" then. */

#endif
