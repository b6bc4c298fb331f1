/* SPDX-License-Identifier: ISC */
/*
 * level-catalog.c - levels by name, and a level loaded with its menu.
 *
 * A few directories at most, each read once per listing: O(files) and
 * nothing kept between calls.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "esc.h"
#include "level-catalog.h"
#include "parse.h"

#define LEVEL_SUFFIX ".level"
#define LEVEL_SHOW 64

static int
dirs_add(struct level_dirs *d, char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < d->n; i++)
		if (strcmp(d->dir[i], s) == 0) {
			free(s);
			return 0;
		}
	if (d->n == LEVEL_DIRS_MAX) {
		free(s);
		return 0;
	}
	d->dir[d->n++] = s;
	return 0;
}

int
level_dirs_init(struct level_dirs *d, const char *opt)
{
	struct catalog_path p;
	size_t i;

	/* --data-dir is on the search path already (main.c adds each). */
	(void)opt;
	memset(d, 0, sizeof d[0]);
	catalog_path_get(&p);
	for (i = 0; i < p.n; i++)
		if (dirs_add(d, strdup(p.dir[i])) != 0) {
			level_dirs_free(d);
			return -1;
		}
	return 0;
}

void
level_dirs_free(struct level_dirs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->dir[i]);
	memset(d, 0, sizeof *d);
}

bool
level_has_suffix(const char *s)
{
	size_t n = strlen(s), sl = strlen(LEVEL_SUFFIX);

	return n > sl && strcmp(s + n - sl, LEVEL_SUFFIX) == 0;
}

bool
level_is_path(const char *s)
{
	return strchr(s, '/') != NULL || level_has_suffix(s);
}

void
level_list_free(struct level_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct level_entry *)a)->name,
	    ((const struct level_entry *)b)->name);
}

int
level_list(const struct level_dirs *d, struct level_entry **out, size_t *np)
{
	struct level_entry *e = NULL, *ne;
	struct dirent *de;
	size_t n = 0, cap = 0, i, j, len, sl = strlen(LEVEL_SUFFIX);
	char *name;
	bool seen;
	DIR *dp;

	*out = NULL;
	*np = 0;
	for (i = 0; i < d->n; i++) {
		if ((dp = opendir(d->dir[i])) == NULL)
			continue;
		while ((de = readdir(dp)) != NULL) {
			len = strlen(de->d_name);
			if (len <= sl || strcmp(de->d_name + len - sl,
			    LEVEL_SUFFIX) != 0)
				continue;
			if ((name = strndup(de->d_name, len - sl)) == NULL)
				goto oom;
			seen = !parse_is_name(name);
			for (j = 0; j < n && !seen; j++)
				seen = strcmp(e[j].name, name) == 0;
			if (seen) {
				free(name);
				continue;
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				if ((ne = realloc(e, cap * sizeof *ne)) == NULL) {
					free(name);
					goto oom;
				}
				e = ne;
			}
			e[n].name = name;
			e[n].dir = d->dir[i];
			if ((e[n].path = parse_format("%s/%s", d->dir[i],
			    de->d_name)) == NULL) {
				free(name);
				goto oom;
			}
			n++;
		}
		closedir(dp);
	}
	if (n > 1)
		qsort(e, n, sizeof *e, entry_cmp);
	*out = e;
	*np = n;
	return 0;
oom:
	closedir(dp);
	level_list_free(e, n);
	return -1;
}

/* The menu a level names, as catalog_load_menu finds it but looking
 * next to the level first. */
static int
level_menu(const char *opt, const struct level *lv, struct menu **menu,
	   char **err)
{
	const char *slash = strrchr(lv->path, '/');
	char *near = NULL, *inner = NULL, show[LEVEL_SHOW + 4];
	int rc;

	if (catalog_is_path(lv->menu) && lv->menu[0] != '/')
		near = parse_format("%.*s%s", slash != NULL ?
		    (int)(slash - lv->path + 1) : 0, lv->path, lv->menu);
	if (near != NULL && catalog_is_path(lv->menu))
		rc = catalog_load_file(near, menu, &inner);
	else {
		/* A name: next to the level first, then the search path. */
		char *dir = slash != NULL ? strndup(lv->path,
		    (size_t)(slash - lv->path)) : strdup(".");
		rc = dir == NULL ? -1 : catalog_load_menu(dir, lv->menu, menu,
		    &inner);
		free(dir);
	}
	free(near);
	if (rc == 0)
		return 0;
	esc_text(show, sizeof show, lv->menu, false);
	*err = parse_errorf(lv->path, lv->menu_line, lv->menu_col,
	    "cannot load menu '%s': %s", show,
	    inner != NULL ? inner : "out of memory");
	free(inner);
	return -1;
}

int
level_load_file(const char *opt, const char *path, struct level **lv,
		struct menu **menu, char **err)
{
	*menu = NULL;
	*err = NULL;
	if (level_parse_file(path, lv, err) != 0)
		return -1;
	if (level_menu(opt, *lv, menu, err) != 0) {
		level_free(*lv);
		*lv = NULL;
		return -1;
	}
	return 0;
}

int
level_load(const struct level_dirs *d, const char *opt,
	   const char *name_or_path, struct level **lv, struct menu **menu,
	   char **err)
{
	struct level_entry *e;
	char show[LEVEL_SHOW + 4], *list = NULL, *more;
	size_t n, i;
	int rc = -1;

	*lv = NULL;
	*menu = NULL;
	*err = NULL;
	if (level_is_path(name_or_path))
		return level_load_file(opt, name_or_path, lv, menu, err);
	if (level_list(d, &e, &n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(e[i].name, name_or_path) == 0) {
			rc = level_load_file(opt, e[i].path, lv, menu, err);
			level_list_free(e, n);
			return rc;
		}
	list = strdup("");
	for (i = 0; i < n && list != NULL; i++) {
		more = parse_format("%s%s%s", list, i ? ", " : "", e[i].name);
		free(list);
		list = more;
	}
	esc_text(show, sizeof show, name_or_path, false);
	if (list != NULL)
		*err = parse_format("kitchen-tui: unknown level '%s' (valid "
		    "levels: %s)", show, n ? list : "none");
	free(list);
	level_list_free(e, n);
	return -1;
}
