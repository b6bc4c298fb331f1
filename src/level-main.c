/* SPDX-License-Identifier: ISC */
/*
 * level-main.c - levels in the --list and --check modes, and
 * --list --format=json: every menu, recipe and level with its name,
 * title, path and the directory it came from, for scripts and graders.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "level-catalog.h"
#include "level-main.h"
#include "parse.h"
#include "report.h"

static void
print_err(const char *msg)
{
	fprintf(stderr, "%s\n", msg != NULL ? msg : "kitchen-tui: out of memory");
}

int
level_list_text(const struct kt_opts *o)
{
	struct level_dirs d;
	struct level_entry *e;
	struct level *lv;
	struct menu *m;
	char *err, *en, *et;
	size_t n, i;
	int w = 0, rc = 0;

	if (level_dirs_init(&d, o->data_dir) != 0 || level_list(&d, &e, &n) != 0) {
		level_dirs_free(&d);
		print_err(NULL);
		return 2;
	}
	for (i = 0; i < n; i++)
		if ((int)strlen(e[i].name) > w)
			w = (int)strlen(e[i].name);
	printf("Levels (play with --play=LEVEL):\n");
	for (i = 0; i < n; i++) {
		if (level_load_file(o->data_dir, e[i].path, &lv, &m, &err) != 0) {
			print_err(err);
			free(err);
			rc = 2;
			continue;
		}
		en = esc_dup(e[i].name, o->ascii);
		et = esc_dup(lv->title, o->ascii);
		printf("  %-*s  %s (%s, %s)\n", w, en ? en : "?", et ? et : "?",
		    level_goal_name(lv->goal), model_name(lv->run.model));
		free(en);
		free(et);
		level_free(lv);
		menu_free(m);
	}
	if (n == 0)
		printf("  (none)\n");
	level_list_free(e, n);
	level_dirs_free(&d);
	return rc;
}

int
level_check_file(const struct kt_opts *o, const char *path)
{
	struct level *lv;
	struct menu *m;
	char *err, *ep;

	if (level_load_file(o->data_dir, path, &lv, &m, &err) != 0) {
		print_err(err);
		free(err);
		return 2;
	}
	ep = esc_dup(path, o->ascii);
	printf("%s: ok\n", ep != NULL ? ep : "?");
	fflush(stdout);
	free(ep);
	level_free(lv);
	menu_free(m);
	return 0;
}

/* The directory part of a path ("." for none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static void
json_entry(FILE *f, bool first, const char *name, const char *title,
	   const char *path)
{
	char *dir = dir_of(path);

	fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
	report_json_string(f, name);
	fputs(", \"title\": ", f);
	report_json_string(f, title);
	fputs(", \"path\": ", f);
	report_json_string(f, path);
	fputs(", \"directory\": ", f);
	report_json_string(f, dir != NULL ? dir : "");
	fputc('}', f);
	free(dir);
}

static void
json_close(FILE *f, size_t n, bool last)
{
	fprintf(f, "%s]%s\n", n ? "\n  " : "", last ? "" : ",");
}

static bool
seen_has(char **seen, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(seen[i], name) == 0)
			return true;
	return false;
}

/* Menus or recipes along the search path, the first directory winning
 * for a name (as catalog_load_menu finds them), as JSON entries. */
static int
json_catalog(FILE *f, const struct catalog_path *p, bool menus)
{
	const char *suffix = menus ? ".menu" : ".recipe";
	char **names, **seen = NULL, **grown, *err, *path;
	size_t n, i, d, nseen = 0, shown = 0;
	struct menu *m;
	struct recipe *r;
	int rc = 0;

	for (d = 0; d < p->n; d++) {
		if (catalog_dir_names(p->dir[d], suffix, &names, &n, &err) != 0) {
			free(err);      /* a directory not there lists nothing */
			continue;
		}
		for (i = 0; i < n; i++) {
			if (seen_has(seen, nseen, names[i]))
				continue;
			if ((grown = realloc(seen, (nseen + 1) * sizeof *grown)) == NULL ||
			    (grown[nseen] = strdup(names[i])) == NULL) {
				if (grown != NULL)
					seen = grown;
				rc = 2;
				break;
			}
			seen = grown;
			nseen++;
			if ((path = parse_format("%s/%s%s", p->dir[d], names[i],
			    suffix)) == NULL) {
				rc = 2;
				break;
			}
			if (menus ? catalog_load_file(path, &m, &err) :
			    catalog_load_recipe(path, &r, &err)) {
				print_err(err);
				free(err);
				free(path);
				rc = 2;
				continue;
			}
			json_entry(f, shown++ == 0, names[i],
			    menus ? m->title : r->title, path);
			if (menus)
				menu_free(m);
			else
				recipe_free(r);
			free(path);
		}
		catalog_names_free(names, n);
	}
	json_close(f, shown, false);
	catalog_names_free(seen, nseen);
	return rc;
}

int
level_list_json(const struct kt_opts *o)
{
	struct catalog_path cp;
	struct level_dirs d;
	struct level_entry *e;
	struct level *lv;
	char *err;
	size_t n, i, shown = 0;
	int rc = 0;

	if (level_dirs_init(&d, o->data_dir) != 0 || level_list(&d, &e, &n) != 0) {
		level_dirs_free(&d);
		print_err(NULL);
		return 2;
	}
	catalog_path_get(&cp);
	fputs("{\n  \"menus\": [", stdout);
	rc |= json_catalog(stdout, &cp, true);
	fputs("  \"recipes\": [", stdout);
	rc |= json_catalog(stdout, &cp, false);
	fputs("  \"levels\": [", stdout);
	for (i = 0; i < n; i++) {
		/* The level alone: a listing says what is there, --check
		 * says whether its menu loads. */
		if (level_parse_file(e[i].path, &lv, &err) != 0) {
			print_err(err);
			free(err);
			rc = 2;
			continue;
		}
		json_entry(stdout, shown++ == 0, e[i].name, lv->title, e[i].path);
		level_free(lv);
	}
	json_close(stdout, shown, false);
	fputs("  \"lessons\": []\n}\n", stdout);
	level_list_free(e, n);
	level_dirs_free(&d);
	if (fflush(stdout) != 0) {
		perror("kitchen-tui: writing the list");
		return 1;
	}
	return rc ? 2 : 0;
}
