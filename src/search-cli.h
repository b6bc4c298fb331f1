/* SPDX-License-Identifier: ISC */
/*
 * search-cli.h - the program's side of search: what search-main.c (the
 * modes) and search-text.c (the reports) share, and what the screen uses
 * to replay a schedule.
 */
#ifndef KT_SEARCH_CLI_H
#define KT_SEARCH_CLI_H

#include <stdio.h>
#include "opts.h"
#include "search-file.h"
#include "search.h"

/* A schedule file made ready to replay: its menu loaded, the run options
 * it asks for, its decisions resolved, and checked by replaying it once.
 * 0, or the exit status (2: a bad or mismatching file, message printed). */
struct schedule_ready {
	struct menu *menu;
	char *menu_name;
	struct run_opts ro;     /* decide on */
	struct search_path path;
	struct search_replay replay;    /* for run_set_chooser */
};
int schedule_ready(const struct kt_opts *o, struct schedule_ready *sr);
void schedule_ready_free(struct schedule_ready *sr);
/* Attach the replay to a run made with sr->ro (the screen's runs). */
void schedule_attach(struct schedule_ready *sr, struct run *r);

/* m:ss, with milliseconds when there are any ("12:30", "0:41.250"). */
void search_time(char *buf, size_t n, sched_ms ms);

/* Reports. */
struct solve_report {
	const struct menu *menu;
	const char *menu_name;
	struct run_opts ro;
	const struct solve_result *res;
	struct search_path fifo;        /* the FIFO loop's decisions */
	struct run *best_run, *fifo_run;        /* replayed, with spans */
	double seconds;
	bool interrupted;
	bool ascii;
};
int solve_print_text(FILE *f, const struct solve_report *sr);
int solve_print_json(FILE *f, const struct solve_report *sr);

struct explore_report {
	const struct menu *menu;
	const char *menu_name;
	struct run_opts ro;
	const struct explore_result *res;
	double seconds;
	bool interrupted;
};
int explore_print_text(FILE *f, const struct explore_report *er);
int explore_print_json(FILE *f, const struct explore_report *er);

#endif
