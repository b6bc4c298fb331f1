/* SPDX-License-Identifier: ISC */
/*
 * tui-watch.c - live editing: while the screen shows a menu, its menu file
 * and every recipe file it read are watched (libev ev_stat, see loop.h).
 * Saving one cooks the dinner again from 00:00 with what the files now
 * say; a file that no longer parses leaves the last good dinner on the
 * screen and puts its "file:line:col: what" in the log.
 *
 * ev_stat compares stat times in whole seconds, and calls back once more
 * 1.1 s after a change; a change is real only when a file's size, inode
 * or nanosecond mtime differs from what was recorded at the last load, so
 * the second call and a touch of an unwatched field do not cook twice.
 * Cost: one stat per watched file per call; a menu has at most 33 files.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "tui.h"

struct tui_watch_file {
	char *path;
	bool have;              /* the file was there at the last look */
	struct stat st;
};

struct tui_watch {
	char *source;           /* what catalog_load_menu is given again */
	struct tui_watch_file f[LOOP_MAX_FILES];
	size_t n;
};

static bool watch_same(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino &&
		a->st_dev == b->st_dev && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
		a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

void tui_watch_free(struct tui *t)
{
	struct tui_watch *w = t->watch;
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		free(w->f[i].path);
	free(w->source);
	free(w);
	t->watch = NULL;
}

static void watch_look(struct tui_watch *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		w->f[i].have = stat(w->f[i].path, &w->f[i].st) == 0;
}

static int watch_add(struct tui_watch *w, const char *path)
{
	size_t i;

	if (path == NULL || strcmp(path, CATALOG_STDIN) == 0 ||
	    w->n == LOOP_MAX_FILES)
		return 0;
	for (i = 0; i < w->n; i++)
		if (strcmp(w->f[i].path, path) == 0)
			return 0;
	if ((w->f[w->n].path = strdup(path)) == NULL)
		return -1;
	w->n++;
	return 0;
}

/* Watch the files of t->menu, which was loaded from `source` (a name or
 * a path; NULL or "-" for standard input, which cannot be read again). */
int tui_watch_start(struct tui *t, const char *source)
{
	const char *paths[LOOP_MAX_FILES];
	struct tui_watch *w;
	size_t i;

	tui_watch_free(t);
	loop_watch(&t->loop, NULL, 0);
	if (source == NULL || strcmp(source, "-") == 0)
		return 0;
	if ((w = calloc(1, sizeof *w)) == NULL ||
	    (w->source = strdup(source)) == NULL) {
		free(w);
		return -1;
	}
	t->watch = w;
	if (watch_add(w, t->menu->path) != 0)
		return -1;
	for (i = 0; i < t->menu->nrecipes; i++)
		if (watch_add(w, t->menu->recipes[i]->path) != 0)
			return -1;
	watch_look(w);
	for (i = 0; i < w->n; i++)
		paths[i] = w->f[i].path;
	return loop_watch(&t->loop, paths, w->n);
}

/* A file the loop watches may have changed: if one really did, load the
 * menu again; on success cook it from 00:00, else say why in the log. */
void tui_watch_changed(struct tui *t)
{
	struct tui_watch *w = t->watch;
	struct stat st;
	struct menu *m = NULL;
	char *err = NULL, *line, *nl;
	const char *changed = NULL, *base;
	size_t i;
	bool have;

	if (w == NULL)
		return;
	for (i = 0; i < w->n && changed == NULL; i++) {
		have = stat(w->f[i].path, &st) == 0;
		if (have != w->f[i].have || (have && !watch_same(&st, &w->f[i].st)))
			changed = w->f[i].path;
	}
	if (changed == NULL)
		return;
	watch_look(w);          /* this change is seen: report it once */
	/* The file's own name: the directory is the one the menu is in. */
	base = strrchr(changed, '/');
	base = base != NULL ? base + 1 : changed;
	if (catalog_load_menu(t->datadir, w->source, &m, &err) < 0) {
		tui_logf(t, "%s: edit not taken, the last good dinner stays:",
			 base);
		/* Every line of the message: the error, then where it was
		 * named. */
		for (line = err; line != NULL && *line != '\0'; line = nl) {
			if ((nl = strchr(line, '\n')) != NULL)
				*nl++ = '\0';
			tui_logf(t, "%s", line);
		}
		if (err == NULL)
			tui_logf(t, "out of memory");
		free(err);
		return;
	}
	if (tui_set_menu(t, m) < 0)
		return;
	tui_logf(t, "%s changed: the dinner is cooked again", base);
	/* The new menu may read other files (a recipe added). */
	{
		char *src = strdup(w->source);

		if (src != NULL)
			tui_watch_start(t, src);
		free(src);
	}
}
