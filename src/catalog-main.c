/* SPDX-License-Identifier: ISC */
/*
 * catalog-main.c - the --list and --check modes.
 *
 * Everything taken from a file or a file name goes through esc.h before it
 * is printed; messages from the library come already escaped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "level-catalog.h"
#include "level-main.h"
#include "opts.h"
#include "parse.h"

/* Print a library message (or "out of memory" when there is none). */
static void
catalog_print_err(const char *msg)
{
	fprintf(stderr, "%s\n", msg != NULL ? msg : "kitchen-tui: out of memory");
}

/* Minutes with one decimal: "34.2 min". */
static void
catalog_print_minutes(sched_ms ms)
{
	long tenths = (long)((ms + 3000) / 6000);

	printf("%ld.%ld min", tenths / 10, tenths % 10);
}

/* "  NAME  TITLE" with the names in a column; mark is "*" or " ". */
static void
catalog_print_row(const char *mark, const char *name, int width,
		  const char *title, bool ascii)
{
	char *en = esc_dup(name, ascii), *et = esc_dup(title, ascii);

	printf("%s %-*s  %s", mark, width, en != NULL ? en : "?",
	    et != NULL ? et : "?");
	free(en);
	free(et);
}

/* The wider of w and the longest of names. */
static int
catalog_width(char **names, size_t n, int w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((int)strlen(names[i]) > w)
			w = (int)strlen(names[i]);
	return w;
}

static int
catalog_list_menus(const char *dir, char **names, size_t n, int width,
		   bool ascii)
{
	struct menu *m;
	char *err, *en;
	size_t i, j;
	int rc = 0;

	printf("Menus (* the default):\n");
	for (i = 0; i < n; i++) {
		if (catalog_load_menu(dir, names[i], &m, &err) != 0) {
			catalog_print_err(err);
			free(err);
			rc = 2;
			continue;
		}
		catalog_print_row(strcmp(names[i], KT_DEFAULT_MENU) == 0 ? "*" :
		    " ", names[i], width, m->title, ascii);
		printf(" (");
		for (j = 0; j < m->nrecipes; j++) {
			en = esc_dup(m->recipes[j]->name, ascii);
			printf("%s%s", j > 0 ? ", " : "", en != NULL ? en : "?");
			free(en);
		}
		printf(")\n");
		menu_free(m);
	}
	return rc;
}

static int
catalog_list_recipes(const char *dir, char **names, size_t n, int width,
		     bool ascii)
{
	struct kitchen_spec k;
	struct recipe *r;
	char *err, *path;
	size_t i;
	int rc = 0;

	kitchen_spec_default(&k);
	printf("Recipes:\n");
	for (i = 0; i < n; i++) {
		if (asprintf(&path, "%s/%s.recipe", dir, names[i]) < 0) {
			catalog_print_err(NULL);
			return 2;
		}
		if (catalog_load_recipe(path, &r, &err) != 0) {
			catalog_print_err(err);
			free(err);
			free(path);
			rc = 2;
			continue;
		}
		free(path);
		catalog_print_row(" ", names[i], width, r->title, ascii);
		printf(" (%zu steps, ", r->nsteps);
		catalog_print_minutes(recipe_alone_total(r, &k));
		printf(")\n");
		recipe_free(r);
	}
	return rc;
}

int
catalog_list_main(const struct kt_opts *o)
{
	const char *dir = catalog_data_dir(o->data_dir);
	char **menus = NULL, **recipes = NULL, *err, *edir;
	size_t nm = 0, nr = 0;
	int width, rc = 0, r1, r2, r3;

	if (o->format == FORMAT_JSON)
		return level_list_json(o);
	if (catalog_menu_names(dir, &menus, &nm, &err) != 0 ||
	    catalog_recipe_names(dir, &recipes, &nr, &err) != 0) {
		fprintf(stderr, "kitchen-tui: ");
		catalog_print_err(err);
		free(err);
		catalog_names_free(menus, nm);
		return 2;
	}
	edir = esc_dup(dir, o->ascii);
	printf("Data directory: %s\n", edir != NULL ? edir : "?");
	free(edir);
	width = catalog_width(recipes, nr, catalog_width(menus, nm, 0));
	r1 = catalog_list_menus(dir, menus, nm, width, o->ascii);
	r2 = catalog_list_recipes(dir, recipes, nr, width, o->ascii);
	r3 = level_list_text(o);
	if (r1 != 0 || r2 != 0 || r3 != 0)
		rc = 2;
	if (nm == 0) {
		fprintf(stderr, "kitchen-tui: no menus in the data directory\n");
		rc = 2;
	}
	catalog_names_free(menus, nm);
	catalog_names_free(recipes, nr);
	return rc;
}

/* Check one file: a recipe, or a menu with everything it names. */
static int
catalog_check_one(const char *path, bool ascii)
{
	struct menu *m;
	char *err, *ep;

	if (catalog_load_file(path, &m, &err) != 0) {
		catalog_print_err(err);
		free(err);
		return 2;
	}
	ep = esc_dup(path, ascii);
	printf("%s: ok\n", ep != NULL ? ep : "?");
	/* Keep "ok" lines and errors in file order when both go to one
	 * place. */
	fflush(stdout);
	free(ep);
	menu_free(m);
	return 0;
}

int
catalog_check_main(const struct kt_opts *o)
{
	int i, rc = 0;

	for (i = 0; i < o->nfiles; i++)
		if ((level_has_suffix(o->files[i]) ?
		    level_check_file(o, o->files[i]) :
		    catalog_check_one(o->files[i], o->ascii)) != 0)
			rc = 2;
	fflush(stdout);
	return rc;
}
