/* SPDX-License-Identifier: ISC */
/*
 * tui.h - the interactive screen: shared state of the tui-*.c files.
 *
 * tui.c        entry point, the dinner's clock, the loop's callbacks
 * tui-keys.c   what each key does
 * tui-term.c   the terminal: checks, start, the one restore function
 * tui-put.c    drawing text safely (widths, ASCII, control characters)
 * tui-draw.c   layout of the main view: header, legend, footer
 * tui-timeline.c  lanes of spans on a time axis with a "now" marker
 * tui-code.c   the code pane
 * tui-log.c    the event log
 * tui-help.c   the help view (?)
 * tui-compare.c  every model stacked (c)
 * tui-bench.c  the real bench as bars (B)
 * tui-real.c   the dinner cooked for real, under the model's lanes (R)
 * tui-watch.c  live editing: the menu's files watched, cooked again on save
 *
 * Nothing here reaches into a model: the screen reads the trace, the run's
 * totals and the few live getters of model.h.
 */
#ifndef KT_TUI_H
#define KT_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#include "benchreal.h"
#include "code.h"
#include "loop.h"
#include "model.h"
#include "opts.h"
#include "real.h"

/* The bench runs in a child process so the screen stays alive (and q
 * still quits) while it measures; the result comes back through a pipe
 * as one message. */
struct tui_bench_msg {
	int rc;                 /* bench_run's return */
	char err[200];
	struct bench_report report;
};
struct tui_bench_child {
	int pid;                /* 0: none running */
	int fd;
	size_t got;
	struct tui_bench_msg msg;
};

#define TUI_DEFAULT_SPEED 60.0
#define TUI_FPS 15.0
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 12
#define TUI_LOG_MAX 256
#define TUI_LOG_TEXT 200
#define TUI_MAX_MARKS 64        /* recipes with a mark of their own */

enum tui_view { VIEW_MAIN, VIEW_HELP, VIEW_COMPARE, VIEW_BENCH };

/* Colour pairs; recipes use TUI_PAIR_RECIPE + (index mod TUI_RECIPE_COLORS). */
enum {
	TUI_PAIR_HEAD = 1,
	TUI_PAIR_NOW,
	TUI_PAIR_NOTE,
	TUI_PAIR_OK,
	TUI_PAIR_BAD,
	TUI_PAIR_RECIPE
};
#define TUI_RECIPE_COLORS 6

struct tui_log_entry {
	sched_ms time;
	bool note;              /* from the screen itself, not the trace */
	size_t ev;              /* index of the trace event, for b */
	wchar_t text[TUI_LOG_TEXT];     /* sanitised, one column per char or 2 */
};

struct tui_log {
	struct tui_log_entry *e;        /* ring of TUI_LOG_MAX */
	size_t head, n;
};

struct tui_total {
	bool have;
	sched_ms total;
	int ok, ruined;
	bool deadlock;          /* the run stopped in a deadlock */
};

/* One dinner being cooked: the live run and a copy run to its end, which
 * fixes the time axis and the lanes before the live one gets there. */
struct tui_dinner {
	struct run *run;
	struct run *full;
	sched_ms total;
	bool recorded;          /* its total is in the session's totals */
};

struct schedule_ready;

struct tui {
	const struct kt_opts *o;
	const char *datadir;
	struct menu *menu;
	char **menus;           /* every menu on the search path, and one given
				 * as a path, for key m */
	size_t nmenus;
	size_t menu_at;         /* the one shown, in menus[]; nmenus: none */
	char marks[TUI_MAX_MARKS];      /* each recipe's letter */
	struct tui_watch *watch;        /* the files of the menu shown */
	struct run_opts ro;
	struct schedule_ready *sched;   /* --schedule: replayed, else NULL */

	struct tui_dinner d;                    /* the main view */
	struct tui_dinner cmp[MODEL_COUNT];     /* compare view */
	bool cmp_ready;

	/* The virtual clock: vt = vt_base + speed * (now - real_base). */
	double speed;
	bool paused, done;
	sched_ms vt_base;
	double real_base;
	sched_ms vt;            /* the time drawn */
	sched_ms main_vt;       /* the main view's clock while comparing */
	bool main_done;
	double exit_real;       /* --exit-after when done: quit at */

	/* Drawing. */
	bool ascii, color;
	enum tui_view view;
	enum code_lang lang;
	bool code_nested;       /* H: callbacks as nested lambdas */
	struct code_listing code;
	bool code_ok;
	int code_width;         /* columns the listing was built for */
	int *last_step;         /* per recipe, to follow the one that moved */
	int focus_recipe;
	struct tui_log log;
	size_t log_seen;        /* trace events already in the log */
	struct tui_total totals[MODEL_COUNT];

	struct bench_report bench;
	bool have_bench;
	struct tui_bench_child bench_child;

	/* R: the current dinner cooked for real, in a child. */
	struct real_child real_child;
	struct real_result real;
	bool have_real;
	struct run_opts real_ro;        /* the options it was cooked with */
	const struct menu *real_menu;
	struct tui_cast *cast;  /* --export=cast recording, NULL none */

	/* The projector layout (--projector, p): the timeline with tall
	 * lanes and the caption in a box; o brings the code and log back. */
	bool projector;
	bool proj_panes;
	char caption[512];      /* a lesson's caption now, "" none */
	struct tui_lesson *lesson;      /* --lesson, NULL none */

	struct loop loop;
	bool quit;
	int status;
	char fatal[256];
};

/* tui-term.c */
int tui_term_check(char *msg, size_t msgsz);
int tui_term_start(struct tui *t, char *msg, size_t msgsz);
void tui_term_restore(void);
void tui_term_end(void);               /* restore and free curses */
void tui_term_suspend(void);
void tui_term_resume(void);
void tui_term_resize(void);

/* tui-put.c: text to the screen, clipped to `maxw` columns; returns the
 * columns used.  Control characters never pass; under ASCII every
 * non-ASCII character becomes '?'. */
int tui_put(const struct tui *t, int y, int x, int maxw, attr_t attr,
	    short pair, const char *s);
int tui_putw(const struct tui *t, int y, int x, int maxw, attr_t attr,
	     short pair, const wchar_t *s);
/* One cell: `wc` in UTF-8 mode, `ascii` otherwise. */
void tui_cell(const struct tui *t, int y, int x, wchar_t wc, char ascii,
	      attr_t attr, short pair);
/* Sanitise UTF-8 into wide characters for drawing (NUL-terminated). */
size_t tui_widen(const struct tui *t, wchar_t *out, size_t outn, const char *s);
short tui_recipe_pair(const struct tui *t, int recipe);
/* The attributes actually drawn: no A_DIM in the projector layout. */
attr_t tui_attr(const struct tui *t, attr_t attr);
void tui_fmt_time(char *buf, size_t n, sched_ms ms);
/* Bytes: bench_fmt_bytes(b, TUI_GIB_DECIMALS, ...) of benchreal.h. */
#define TUI_GIB_DECIMALS 1

/* tui-draw.c */
void tui_draw(struct tui *t);
/* make bench: append the frame count to $KITCHEN_TUI_FRAME_LOG. */
void tui_frames_report(void);
bool tui_too_small(struct tui *t);
int tui_draw_legend(struct tui *t, int y, int x, int w);

/* tui-timeline.c: lanes of `r` between rows y0 and y0+h; `full` gives the
 * lanes.  Lanes that do not fit are counted on a last row when more_row.
 * Returns rows used. */
int tui_timeline(struct tui *t, const struct run *r, const struct run *full,
		 int y0, int x0, int w, int h, int label_w, sched_ms axis_end,
		 sched_ms now, bool more_row);
void tui_kind_glyph(int kind, wchar_t *wc, char *ascii);
/* One lane's spans on one row, bw columns from x (the label is not drawn). */
void tui_lane(struct tui *t, const struct trace *tr, int lane,
	      int y, int x, int bw, sched_ms axis_end, sched_ms now);
void tui_marks_build(struct tui *t);    /* after the menu changes */
char tui_mark(const struct tui *t, int recipe);
void tui_lane_label(char *out, size_t outsz, const char *name, int w);
void tui_axis(struct tui *t, int y, int x0, int w, int label_w,
	      sched_ms axis_end, sched_ms now);

/* tui-code.c */
int tui_code_rebuild(struct tui *t);
void tui_code_draw(struct tui *t, int y, int x, int w, int h);
bool tui_code_is_nested(const struct tui *t);
void tui_code_toggle_nested(struct tui *t);     /* the H key */

/* tui-log.c */
int tui_log_init(struct tui_log *l);
void tui_log_free(struct tui_log *l);
void tui_log_add(struct tui *t, sched_ms time, bool note, const char *text);
void tui_logf(struct tui *t, const char *fmt, ...)
	KT_PRINTF(2, 3);
void tui_log_sync(struct tui *t);       /* new trace events into the log */
void tui_log_forget(struct tui *t, size_t nevents);   /* after b */
void tui_log_seal(struct tui *t);       /* a new run starts */
void tui_log_draw(struct tui *t, int y, int x, int w, int h);

/* tui-lesson.c: --lesson.  Load before the screen starts (the first
 * scene's menu name in *menu); 0, or -1 with *err (NULL: out of memory). */
int tui_lesson_load(struct tui *t, const struct kt_opts *o, const char **menu,
		    char **err);
void tui_lesson_free(struct tui *t);
void tui_lesson_start(struct tui *t);   /* the screen is up */
void tui_lesson_tick(struct tui *t);    /* after each key */
/* The engine up to v, firing cues at their moments: 0, 1 a stop was
 * reached (the clock stands there), -1 out of memory. */
int tui_lesson_until(struct tui *t, sched_ms v);
bool tui_lesson_key(struct tui *t, int ch);     /* true: the lesson's key */
size_t tui_lesson_scene(const struct tui *t, size_t *n);

/* tui-projector.c: the main view laid out for a room */
void tui_projector_draw(struct tui *t);
/* Shared with tui-draw.c: the totals line and the lane label width. */
void tui_draw_totals(struct tui *t, int y);
int tui_label_width(struct tui *t);

/* tui-help.c */
void tui_help_draw(struct tui *t);

/* tui-compare.c */
int tui_compare_start(struct tui *t);
void tui_compare_free(struct tui *t);
void tui_compare_draw(struct tui *t);

/* tui-bench.c */
void tui_bench_draw(struct tui *t);
/* B: start the bench in a child (0), or say why not (-1, logged). */
int tui_bench_start(struct tui *t);
/* The child's pipe is readable: take what came, finish when complete. */
void tui_bench_input(struct tui *t);
/* Quitting: stop a running bench and reap it (its children too). */
void tui_bench_stop(struct tui *t);

/* tui-real.c */
/* R: cook the current dinner for real in a child (0), or say why not. */
int tui_real_start(struct tui *t);
void tui_real_input(struct tui *t);     /* its pipe is readable */
void tui_real_stop(struct tui *t);      /* quitting: stop and reap it */
void tui_real_free(struct tui *t);
/* The real run matches the dinner on screen: its lanes are drawn. */
bool tui_real_shown(const struct tui *t);
/* Draw the real lanes from row y, at most h rows; rows used. */
int tui_real_draw(struct tui *t, int y, int h, int label_w, sched_ms axis_end);
/* Rows tui_real_draw wants (0 when nothing to show). */
int tui_real_rows(const struct tui *t);

/* tui.c: the clock and the dinners.  Call tui_freeze before changing
 * anything the clock depends on (pause, speed, view) and tui_reschedule
 * after: the frame timer runs only while the clock ticks. */
sched_ms tui_clock_now(struct tui *t);
bool tui_ticking(const struct tui *t);
void tui_freeze(struct tui *t);
void tui_reschedule(struct tui *t);
int tui_restart(struct tui *t);         /* the main dinner from 00:00 */
void tui_advance(struct tui *t);        /* engine up to the clock */
int tui_cooks(const struct tui *t);     /* cooks in use */

/* export-cast.c: the asciicast recording of the screen */
int tui_cast_start(struct tui *t, FILE *f);
void tui_cast_frame(struct tui *t);     /* after each doupdate */
void tui_cast_marker(struct tui *t, const char *label);
int tui_cast_end(struct tui *t);        /* 0, or -1 it failed */
/* tui.c: show menu m (taken) from 00:00 with the session's totals
 * cleared; 0, or -1 (m freed, the old menu stays) out of memory. */
int tui_set_menu(struct tui *t, struct menu *m);

/* tui-watch.c: live editing of the menu's files */
struct tui_watch;
int tui_watch_start(struct tui *t, const char *source);
void tui_watch_changed(struct tui *t);
void tui_watch_free(struct tui *t);

/* tui-keys.c */
void tui_key(struct tui *t, int ch);

/* tui.c: the dinners */
/* A run of the menu with ro; under --schedule, a run with the schedule's
 * own options replays it (others run plain).  NULL with *err. */
struct run *tui_run_new(struct tui *t, const struct run_opts *ro,
			const char **err);
int tui_dinner_new(struct tui *t, struct tui_dinner *d,
		   const struct run_opts *ro, const char **err);
void tui_dinner_free(struct tui_dinner *d);
void tui_record_total(struct tui *t, const struct run *r);

#endif
