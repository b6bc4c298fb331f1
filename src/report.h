/* SPDX-License-Identifier: ISC */
/*
 * report.h - batch output of finished runs: a text Gantt chart and
 * summary, CSV (one row per span), JSON (one object per run), and the
 * --compare table of every model.
 *
 * Pure formatting: reads the trace and results of finished runs and writes
 * to a stdio stream (batch.c passes stdout, tests an open_memstream).  The
 * same runs give the same bytes.  Text from data files goes through esc.h
 * before it is written; JSON strings are escaped after that.
 */
#ifndef KT_REPORT_H
#define KT_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"

struct report_opts {
	bool ascii;             /* ASCII chart and text, else UTF-8 blocks */
	bool spans_all;         /* JSON with several tables: every span */
	int width;              /* chart columns; 0 = REPORT_WIDTH */
};
#define REPORT_WIDTH 60

/* Each returns 0, or -1 when the stream reports a write error. */
int report_text(FILE *f, const struct run *r, const struct report_opts *o);
int report_csv(FILE *f, const struct run *r, const struct report_opts *o);
int report_json(FILE *f, const struct run *r, const struct report_opts *o);
/* Several runs of one menu (--compare): a text table, or
 * {"runs": [ one report_json object per run ]}. */
int report_compare_text(FILE *f, struct run *const *runs, size_t n,
			const struct report_opts *o);
int report_compare_json(FILE *f, struct run *const *runs, size_t n,
			const struct report_opts *o);
/*
 * Print the program's own ASCII prose `s` from column `col`, breaking
 * between words so that no line passes REPORT_PROSE_WIDTH columns;
 * continuation lines start with `indent` spaces.  Spaces between words
 * stay as written unless the line breaks there; a word longer than a line
 * is printed whole.  Ends the line.
 */
#define REPORT_PROSE_WIDTH 79   /* readable in an 80-column terminal */
void report_wrap(FILE *f, const char *s, int col, int indent);

/* The same table as CSV: a header row, then one row per run. */
int report_compare_csv(FILE *f, struct run *const *runs, size_t n,
		       const struct report_opts *o);

/*
 * --compare without keeping every run: what the text and CSV tables need
 * of one finished run (report_summary_of, before run_free), and the JSON
 * report one run at a time (run i of n: the first opens the document, the
 * last closes it).  The same bytes as the functions above.
 */
struct report_summary {
	const struct menu *menu;        /* not owned */
	struct run_opts opts;
	sched_ms total, cook_working, cook_idle, cook_switching;
	int cooks;
	size_t ruined;
	uint64_t context_switches, memory_bytes, reserved_bytes, events;
	const char *memory_what;        /* static */
	char outcome[512];
};
void report_summary_of(struct report_summary *sm, const struct run *r,
		       const struct report_opts *o);
int report_compare_text_summaries(FILE *f, const struct report_summary *sm,
				  size_t n, const struct report_opts *o);
int report_compare_csv_summaries(FILE *f, const struct report_summary *sm,
				 size_t n, const struct report_opts *o);
int report_compare_json_one(FILE *f, const struct run *r, size_t i, size_t n,
			    const struct report_opts *o);

/* The name of a span kind in CSV/JSON: "work", "wait", "heat" ... */
const char *report_kind_name(int kind);
/* What a span was doing in words: its step's text (raw, from the data
 * file), or the overhead ("context switch"); "" when neither. */
const char *report_span_what(const struct run *r, const struct trace_span *sp);
/* Where a span still open ends in a report: now, or the moment a run that
 * deadlocked stopped.  The exports use it too, so they agree. */
sched_ms report_open_end(const struct run *r);
/* The character that fills a span of that kind, in UTF-8 or ASCII: the
 * batch chart and the screen draw the same ones. */
const char *report_kind_glyph(int kind, bool ascii);
/* Virtual milliseconds as "mm:ss" (whole seconds, rounded down). */
void report_mmss(char *buf, size_t n, sched_ms ms);

/* For other producers of the same JSON and charts (real-report.c,
 * --list, play, quiz): a JSON string of text from a data file (escaped
 * for a terminal first, then for JSON); virtual ms as JSON seconds; the
 * chart character of a span kind. */
void report_json_string(FILE *f, const char *s);
void report_secs(char *buf, size_t n, sched_ms ms);
const char *report_kind_char(int kind, bool ascii);
/* s written padded with spaces to pad columns (cut there too with cut),
 * folded to ASCII with ascii; the columns s takes (UTF-8 characters). */
void report_put_padded(FILE *f, const char *s, bool ascii, int pad, bool cut);
int report_width(const char *s);

#endif
