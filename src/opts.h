/* SPDX-License-Identifier: ISC */
/*
 * opts.h - the command line, parsed once by main.c and read by the modes.
 */
#ifndef KT_OPTS_H
#define KT_OPTS_H

#include <stdbool.h>
#include "model.h"

enum kt_mode { MODE_TUI, MODE_BATCH, MODE_LIST, MODE_CHECK, MODE_BENCH,
	MODE_QUIZ, MODE_QUIZ_BATCH, MODE_PLAY, MODE_PLAY_BATCH };
enum kt_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON };

struct kt_opts {
	enum kt_mode mode;
	const char *data_dir;   /* the first --data-dir (all are on catalog.h's
				 * search path), NULL: none given */
	const char *menu;       /* menu name or path; NULL: "salmon-dinner" */
	struct run_opts run;
	bool cooks_set;         /* --cooks given (else the menu decides) */
	enum kt_format format;
	bool compare;           /* --compare */
	bool spans_all;         /* --spans=all */
	double speed;           /* virtual seconds per real second; 0 = default */
	bool paused;
	bool ascii;
	bool no_color;
	sched_ms exit_after;    /* -1: never */
	long bench_tasks;       /* --tasks, 0 = default */
	long bench_waits;       /* --waits, 0 = default */
	char **files;           /* --check FILE... */
	int nfiles;
	bool quiz;              /* --quiz (with --batch: the handout) */
	long quiz_count;        /* --count, 0 = default */
	bool answers;           /* --answers: the key too */
	bool play;              /* --play[=LEVEL] */
	const char *level;      /* the level's name or path; NULL: the next */
	const char *moves;      /* --moves=LIST or "optimal" */
};

#define KT_DEFAULT_MENU "salmon-dinner"

/* The entry point of each mode; each returns the process exit status
 * (0 ok, 1 failure at run time, 2 bad input or usage). */
int batch_main(const struct kt_opts *o);
int tui_main(const struct kt_opts *o);
int bench_main(const struct kt_opts *o);
int catalog_list_main(const struct kt_opts *o);
int catalog_check_main(const struct kt_opts *o);
int quiz_main(const struct kt_opts *o);
int play_main(const struct kt_opts *o);

#endif
