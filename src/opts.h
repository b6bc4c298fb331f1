/* SPDX-License-Identifier: ISC */
/*
 * opts.h - the command line, parsed once by main.c and read by the modes.
 */
#ifndef KT_OPTS_H
#define KT_OPTS_H

#include <stdbool.h>
#include "model.h"

struct export_set;

enum kt_mode { MODE_TUI, MODE_BATCH, MODE_LIST, MODE_CHECK, MODE_BENCH,
	MODE_SOLVE, MODE_EXPLORE, MODE_QUIZ, MODE_QUIZ_BATCH, MODE_PLAY,
	MODE_PLAY_BATCH };
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
	bool projector;         /* --projector */
	const char *lesson;     /* --lesson NAME, NULL none */
	bool ascii;
	bool no_color;
	sched_ms exit_after;    /* -1: never */
	long bench_tasks;       /* --tasks, 0 = default */
	long bench_waits;       /* --waits, 0 = default */
	bool real;              /* --real: cook it for real too */
	int real_scale;         /* --scale: wall ms per virtual minute */
	double real_limit;      /* --real-limit: wall seconds */
	char **files;           /* --check FILE... */
	int nfiles;
	const char *schedule;   /* --schedule=FILE: replay it */
	double solve_limit;     /* --solve-limit seconds, 0 = default */
	int preemptions;        /* --preemptions, -1 = default */
	bool model_set;         /* --model given */
	bool locks_set;         /* --locks or --no-locks given */
	bool gil_set;
	bool seed_set;
	struct export_set *exports;     /* --export=KIND:FILE targets */
	int nexports;
	bool quiz;              /* --quiz (with --batch: the handout) */
	long quiz_count;        /* --count, 0 = default */
	bool answers;           /* --answers: the key too */
	bool play;              /* --play[=LEVEL] */
	const char *level;      /* the level's name or path; NULL: the next */
	const char *moves;      /* --moves=LIST or "optimal" */
};
#define KT_SOLVE_LIMIT 10.0     /* seconds */
#define KT_PREEMPTIONS 2

#define KT_DEFAULT_MENU "salmon-dinner"
#define KT_DEFAULT_LESSON "cooking-with-concurrency"

/* The entry point of each mode; each returns the process exit status
 * (0 ok, 1 failure at run time, 2 bad input or usage). */
int batch_main(const struct kt_opts *o);
int tui_main(const struct kt_opts *o);
int bench_main(const struct kt_opts *o);
int catalog_list_main(const struct kt_opts *o);
int catalog_check_main(const struct kt_opts *o);
int solve_main(const struct kt_opts *o);
int explore_main(const struct kt_opts *o);
/* --schedule in batch mode: replay the file, print the run's report. */
int schedule_main(const struct kt_opts *o);
int real_main(const struct kt_opts *o);         /* real-main.c */

/* batch.c: say why a menu did not load (an unknown name lists the valid
 * ones), on stderr. */
void batch_load_error(const char *datadir, const char *name, const char *err);
/* lesson-main.c: the lessons in --list; --check of a FILE.lesson (0 or 2). */
int lesson_list_print(bool ascii);
int lesson_check_print(const char *path, bool ascii);
/* export.c: check the --export targets against the mode and open their
 * temporary files, before anything runs: 0, or 2 with a message. */
int export_prepare(const struct kt_opts *o);
int quiz_main(const struct kt_opts *o);
int play_main(const struct kt_opts *o);

#endif
