/* SPDX-License-Identifier: ISC */
/*
 * catalog.h - finding menus and recipes by name in the data directory.
 *
 * The data directory is, in order: --data-dir, $KITCHEN_TUI_DATA, the
 * source tree's data/ when the binary runs uninstalled from the build tree,
 * else the installed $(pkgdatadir).  A name containing a '/' or ending in
 * .menu/.recipe is a path instead.
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

/* The data directory to use given --data-dir (may be NULL).  Static or
 * environment storage: do not free. */
const char *catalog_data_dir(const char *opt);

/* The source tree's data directory when this binary runs uninstalled from
 * its build tree (found from /proc/self/exe), else NULL.  Static storage. */
const char *catalog_tree_data_dir(void);

/* Load a menu (with all its recipes) by name or path.  0, or -1 with *err. */
int catalog_load_menu(const char *datadir, const char *name_or_path,
		      struct menu **out, char **err);

/* The names of every menu in datadir, sorted; a malloc'd array of malloc'd
 * strings.  0, or -1 with *err. */
int catalog_menu_names(const char *datadir, char ***names, size_t *n, char **err);
void catalog_names_free(char **names, size_t n);

/* The same for every recipe (NAME.recipe) in datadir. */
int catalog_recipe_names(const char *datadir, char ***names, size_t *n, char **err);

/* True when s is taken as a path: it has a '/' or ends in .menu/.recipe. */
bool catalog_is_path(const char *s);

/* Load the file at path, whatever its name, as a menu: a menu file with
 * all it names, or a recipe file as a menu of that one recipe.  This is
 * what --check and a MENU argument given as a path use. */
int catalog_load_file(const char *path, struct menu **out, char **err);

/* Load one recipe file (a menu file is an error).  0, or -1 with *err. */
int catalog_load_recipe(const char *path, struct recipe **out, char **err);

/* Note: *err may be NULL after a failure when even the message could not
 * be allocated; print "out of memory" then. */

#endif
