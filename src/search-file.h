/* SPDX-License-Identifier: ISC */
/*
 * search-file.h - schedules as files: the JSON that --solve and --explore
 * print and --schedule reads back.
 *
 *	{"menu": "salmon-dinner", "model": "coroutines", "cooks": 1,
 *	 "gil": true, "locks": false, "seed": 42,
 *	 "schedule": [{"at_seconds": 0, "cook": 1, "recipe": "beans",
 *	               "step": 1}, ...]}
 *
 * One decision per element, in order: at that time, give that cook (1 is
 * the first) to that recipe (its name in the menu), which starts or goes
 * on with that step (1 is the first).  at_seconds may have a fraction
 * (milliseconds).  Every key but "schedule" may be left out (the defaults
 * of the command line then apply); other keys are ignored, so a whole
 * --solve report replays as it is.
 */
#ifndef KT_SEARCH_FILE_H
#define KT_SEARCH_FILE_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"
#include "search.h"

struct schedule_item {
	sched_ms at;
	int cook;               /* 0-based */
	char *recipe;
	int step;               /* 0-based */
	int line, col;          /* where it is in the file */
};

struct schedule_file {
	char *path;
	char *menu;             /* NULL: not given */
	int model;              /* -1: not given */
	int cooks;              /* 0: not given */
	int gil, locks;         /* -1: not given, else 0/1 */
	bool has_seed;
	uint64_t seed;
	struct schedule_item *items;
	size_t n;
};

/* Read and check the file's form.  0, or -1 with *err = "path:line:col:
 * what" (malloc'd). */
int schedule_file_read(const char *path, struct schedule_file *sf,
		       char **err);
void schedule_file_free(struct schedule_file *sf);
/* Turn recipe names into the menu's indices.  0, or -1 with *err. */
int schedule_file_path(const struct schedule_file *sf, const struct menu *m,
		       struct search_path *p, char **err);

/* Write `"schedule": [...]` (the decisions) and the settings that replay
 * it, as members of an object already opened; indent is the members'. */
void schedule_json_members(FILE *f, const struct menu *m, const char *menu,
			   const struct run_opts *o, const struct search_path *p,
			   int indent);
/* A whole schedule object. */
void schedule_json_object(FILE *f, const struct menu *m, const char *menu,
			  const struct run_opts *o, const struct search_path *p,
			  int indent);
/* A JSON string (escaped). */
void schedule_json_str(FILE *f, const char *s);
/* ms as seconds, with a fraction only when needed: 61, 61.5, 61.234 */
void schedule_json_seconds(FILE *f, sched_ms ms);

#endif
