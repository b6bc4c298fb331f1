/* SPDX-License-Identifier: ISC */
/*
 * lesson.h - lesson files: a story told in scenes, each a dinner with its
 * settings and captions tied to moments of the run.  See kitchen-lesson(5).
 *
 * The parser follows parse.c's conventions: it only reads bytes (a
 * fuzzer can drive lesson_parse_buffer), errors come back as a malloc'd
 * "path:line:col: message" made by parse.c's own formatter, never
 * printed, never fatal.  lesson_load also checks what needs the catalog:
 * every scene's menu must load, and every recipe and step a cue names
 * must be in it, so a bad lesson never starts the screen.
 *
 * Cues are judged against a run through model.h's public getters only
 * (lesson_cue_due), so the lesson player is a front end like the others.
 */
#ifndef KT_LESSON_H
#define KT_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"

#define LESSON_MAX_SCENES       100
#define LESSON_MAX_CUES         50      /* per scene */
#define LESSON_MAX_TEXT         400     /* bytes in a caption */

enum lesson_when {
	LESSON_AT,              /* virtual time `at` has come */
	LESSON_START,           /* step `step` of recipe `recipe` has begun */
	LESSON_RUINED,          /* a dish is ruined */
	LESSON_DEADLOCK,        /* the run ended in a deadlock (run_deadlock) */
	LESSON_END,             /* the dinner is done */
};

struct lesson_cue {
	enum lesson_when when;
	sched_ms at;            /* LESSON_AT */
	char *recipe;           /* LESSON_START: the recipe's name */
	int step;               /* LESSON_START: from 1 */
	bool stop;              /* pause until the teacher goes on */
	char *text;             /* the caption; NULL for a bare stop */
	int line, col;
};

struct lesson_scene {
	char *title;
	char *menu;             /* NULL: the default menu */
	int menu_line, menu_col;        /* where it was named, for messages */
	int model;              /* enum model_id, -1 unset (coroutines) */
	int cooks;              /* 0: the menu's */
	int gil, locks;         /* -1 unset, 0 off, 1 on */
	bool seed_set;
	uint64_t seed;
	double speed;           /* 0: the default or --speed */
	bool paused;
	struct lesson_cue *cues;
	size_t ncues;
	int line;
};

struct lesson {
	char *name, *title, *path;
	struct lesson_scene *scenes;
	size_t nscenes;
};

/* Parse len bytes from `path`: 0 with *out, or -1 with *err (NULL: out
 * of memory). */
int lesson_parse_buffer(const char *path, const char *buf, size_t len,
			struct lesson **out, char **err);
/* Find NAME.lesson along the search path (or read a path), parse it and
 * check its menus, recipes and steps.  0, or -1 with *err. */
int lesson_load(const char *datadir, const char *name_or_path,
		struct lesson **out, char **err);
void lesson_free(struct lesson *l);
/* The scene's settings over `base` (the command line's). */
void lesson_scene_opts(const struct lesson_scene *s, struct run_opts *ro);

/* Has the cue's moment come in run r (of the scene's menu)? */
bool lesson_cue_due(const struct lesson_cue *c, const struct run *r);
/* "at 20m", "when salmon step 4 starts", "when a dish is ruined" ... */
void lesson_cue_moment(const struct lesson_cue *c, char *buf, size_t n);

#endif
