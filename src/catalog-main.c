/* SPDX-License-Identifier: ISC */
/*
 * catalog-main.c - the --list and --check modes.
 *
 * Everything taken from a file or a file name goes through esc.h before it
 * is printed; messages from the library come already escaped.
 */
#include "config.h"

#include <stdbool.h>
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

/* True when name is in names[0..n). */
static bool
catalog_has(char **names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* One menu row: "* NAME  TITLE (recipe, recipe)". */
static int
catalog_list_menu(const char *dir, const char *name, int width, bool ascii)
{
	struct menu *m;
	char *err, *en;
	size_t j;

	if (catalog_load_menu(dir, name, &m, &err) != 0) {
		catalog_print_err(err);
		free(err);
		return 2;
	}
	catalog_print_row(strcmp(name, KT_DEFAULT_MENU) == 0 ? "*" : " ", name,
	    width, m->title, ascii);
	printf(" (");
	for (j = 0; j < m->nrecipes; j++) {
		en = esc_dup(m->recipes[j]->name, ascii);
		printf("%s%s", j > 0 ? ", " : "", en != NULL ? en : "?");
		free(en);
	}
	printf(")\n");
	menu_free(m);
	return 0;
}

/* One recipe row: "  NAME  TITLE (N steps, M min)". */
static int
catalog_list_recipe(const char *dir, const char *name, int width, bool ascii)
{
	struct kitchen_spec k;
	struct recipe *r;
	char *err, *path;

	kitchen_spec_default(&k);
	if (asprintf(&path, "%s/%s.recipe", dir, name) < 0) {
		catalog_print_err(NULL);
		return 2;
	}
	if (catalog_load_recipe(path, &r, &err) != 0) {
		catalog_print_err(err);
		free(err);
		free(path);
		return 2;
	}
	free(path);
	catalog_print_row(" ", name, width, r->title, ascii);
	printf(" (%zu steps, ", r->nsteps);
	catalog_print_minutes(recipe_alone_total(r, &k));
	printf(")\n");
	recipe_free(r);
	return 0;
}

/* What one directory of the search path brings: each menu and recipe
 * that no earlier directory already has (the earlier one wins). */
struct catalog_dir {
	char **menus, **recipes;
	size_t nm, nr;
	bool missing;
};

int
catalog_list_main(const struct kt_opts *o)
{
	struct catalog_path p;
	struct catalog_dir d[CATALOG_MAX_DIRS];
	char **seen_m = NULL, **seen_r = NULL, *err, *edir;
	size_t i, j, nsm = 0, nsr = 0, total = 0;
	int width = 0, rc = 0;

	if (o->format == FORMAT_JSON)
		return level_list_json(o);
	memset(d, 0, sizeof d);
	catalog_path_get(&p);
	if ((seen_m = calloc(1, sizeof *seen_m)) == NULL ||
	    (seen_r = calloc(1, sizeof *seen_r)) == NULL)
		goto oom;
	for (i = 0; i < p.n; i++) {
		if (catalog_dir_names(p.dir[i], ".menu", &d[i].menus, &d[i].nm,
		    &err) != 0 || catalog_dir_names(p.dir[i], ".recipe",
		    &d[i].recipes, &d[i].nr, &err) != 0) {
			if (err == NULL)
				goto oom;
			free(err);
			d[i].missing = true;
			continue;
		}
		width = catalog_width(d[i].menus, d[i].nm,
		    catalog_width(d[i].recipes, d[i].nr, width));
	}
	printf("Search path (the first directory with a name wins):\n");
	for (i = 0; i < p.n; i++) {
		edir = esc_dup(p.dir[i], o->ascii);
		printf("  %s  (%s%s)\n", edir != NULL ? edir : "?",
		    catalog_origin_name(p.origin[i]),
		    d[i].missing ? ", not there" : "");
		free(edir);
	}
	for (i = 0; i < p.n; i++) {
		bool head = false, mhead = false, rhead = false;

		for (j = 0; j < d[i].nm + d[i].nr; j++) {
			bool menu = j < d[i].nm;
			char *name = menu ? d[i].menus[j] : d[i].recipes[j - d[i].nm];
			char ***seen = menu ? &seen_m : &seen_r;
			size_t *ns = menu ? &nsm : &nsr;
			char **grown;

			if (catalog_has(*seen, *ns, name))
				continue;
			if ((grown = realloc(*seen, (*ns + 1) * sizeof *grown)) == NULL)
				goto oom;
			*seen = grown;
			grown[(*ns)++] = name;
			if (!head) {
				edir = esc_dup(p.dir[i], o->ascii);
				printf("\nIn %s (%s):\n", edir != NULL ? edir : "?",
				    catalog_origin_name(p.origin[i]));
				free(edir);
				head = true;
			}
			if (menu ? !mhead : !rhead)
				printf(menu ? "Menus (* the default):\n" :
				    "Recipes:\n");
			*(menu ? &mhead : &rhead) = true;
			if ((menu ? catalog_list_menu(p.dir[i], name, width, o->ascii) :
			    catalog_list_recipe(p.dir[i], name, width, o->ascii)) != 0)
				rc = 2;
			if (menu)
				total++;
		}
	}
	if (lesson_list_print(o->ascii) != 0)
		goto oom;
	if (total == 0) {
		fprintf(stderr, "kitchen-tui: no menus on the search path\n");
		rc = 2;
	}
	putchar('\n');
	if (level_list_text(o) != 0)
		rc = 2;
	goto out;
oom:
	catalog_print_err(NULL);
	rc = 2;
out:
	for (i = 0; i < p.n; i++) {
		catalog_names_free(d[i].menus, d[i].nm);
		catalog_names_free(d[i].recipes, d[i].nr);
	}
	free(seen_m);
	free(seen_r);
	return rc;
}

/* Check one file: a recipe, or a menu with everything it names. */
static int
catalog_check_one(const char *path, bool ascii)
{
	struct menu *m;
	char *err, *ep;
	size_t n = strlen(path);

	if (n > 7 && strcmp(path + n - 7, ".lesson") == 0)
		return lesson_check_print(path, ascii);
	if (catalog_load_file(path, &m, &err) != 0) {
		catalog_print_err(err);
		free(err);
		return 2;
	}
	ep = esc_dup(strcmp(path, "-") == 0 ? CATALOG_STDIN : path, ascii);
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
