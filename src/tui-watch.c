/* SPDX-License-Identifier: ISC */
/*
 * tui-watch.c - live editing: while the screen shows a menu, its menu file,
 * the menus it includes and every recipe file it read are watched (libev
 * ev_stat, see loop.h).
 * Saving one cooks the dinner again from 00:00 with what the files now
 * say; a file that no longer parses leaves the last good dinner on the
 * screen and puts its "file:line:col: what" in the log.
 *
 * ev_stat compares stat times in whole seconds, and calls back once more
 * 1.1 s after a change; a change is real only when a file's size, inode
 * or nanosecond mtime differs from what was recorded at the last load, so
 * the second call and a touch of an unwatched field do not cook twice.
 * A reload carries the records taken before it read the files over to
 * the new watch, so an edit saved while the dinner was loading is taken
 * too, right after.
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

static void watch_destroy(struct tui_watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		free(w->f[i].path);
	free(w->source);
	free(w);
}

void tui_watch_free(struct tui *t)
{
	watch_destroy(t->watch);
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

/* What a file looked like: from prev's record when prev watched it (taken
 * before the files were read for the load that prev's change started),
 * else from a stat now.  Taking the old record is what keeps an edit
 * made while the dinner was being loaded from being seen as done. */
static void watch_record(struct tui_watch *w, const struct tui_watch *prev)
{
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		w->f[i].have = stat(w->f[i].path, &w->f[i].st) == 0;
		for (j = 0; prev != NULL && j < prev->n; j++)
			if (strcmp(prev->f[j].path, w->f[i].path) == 0) {
				w->f[i].have = prev->f[j].have;
				w->f[i].st = prev->f[j].st;
				break;
			}
	}
}

/* Watch the files of t->menu, which was loaded from `source` (a name or
 * a path; NULL or "-" for standard input, which cannot be read again);
 * prev, when not NULL, is the watch whose change loaded it. */
static int watch_start(struct tui *t, const char *source,
		       const struct tui_watch *prev)
{
	const char *paths[LOOP_MAX_FILES];
	struct tui_watch *w;
	struct menu *m = NULL;
	char **incs = NULL, *err = NULL;
	size_t i, ninc = 0;
	int rc = 0;

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
	/* The menus it includes: the menu carries no record of them, so
	 * read it once more for their paths (a few small files). */
	if (catalog_load_menu_includes(t->datadir, source, &m, &incs, &ninc,
				       &err) == 0) {
		for (i = 0; i < ninc; i++)
			if (watch_add(w, incs[i]) != 0)
				rc = -1;
		menu_free(m);
		catalog_names_free(incs, ninc);
		if (rc != 0)
			return -1;
	}
	free(err);
	watch_record(w, prev);
	for (i = 0; i < w->n; i++)
		paths[i] = w->f[i].path;
	return loop_watch(&t->loop, paths, w->n);
}

int tui_watch_start(struct tui *t, const char *source)
{
	return watch_start(t, source, NULL);
}

/* Did a watched file change since it was recorded?  Its path, or NULL. */
static const char *watch_drift(const struct tui_watch *w)
{
	struct stat st;
	size_t i;
	bool have;

	for (i = 0; i < w->n; i++) {
		have = stat(w->f[i].path, &st) == 0;
		if (have != w->f[i].have || (have && !watch_same(&st, &w->f[i].st)))
			return w->f[i].path;
	}
	return NULL;
}

/* A file the loop watches may have changed: if one really did, load the
 * menu again; on success cook it from 00:00, else say why in the log. */
void tui_watch_changed(struct tui *t)
{
	struct tui_watch *w = t->watch, *prev;
	struct menu *m = NULL;
	char *err = NULL, *line, *nl;
	const char *changed, *base;
	static int depth;

	if (w == NULL || (changed = watch_drift(w)) == NULL)
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
	/* The new menu may read other files (a recipe added).  The old
	 * watch's records, taken before the load, carry over: a file saved
	 * again while the load read it is still a change, and is taken now
	 * (a few times at most: someone saving without pause waits for the
	 * next callback). */
	prev = w;
	t->watch = NULL;
	watch_start(t, prev->source, prev);
	watch_destroy(prev);
	if (t->watch != NULL && depth < 3 && watch_drift(t->watch) != NULL) {
		depth++;
		tui_watch_changed(t);
		depth--;
	}
}
