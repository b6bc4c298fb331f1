/* SPDX-License-Identifier: ISC */
/*
 * tui-keys.c - what each key does.  A key that does not apply says why in
 * the log instead of doing nothing silently.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "tui.h"

#define TUI_MAX_SPEED 100000.0
#define TUI_MIN_SPEED 0.01       /* the range --speed accepts */

static void key_model(struct tui *t, enum model_id m)
{
	if (t->view != VIEW_MAIN) {
		tui_freeze(t);
		tui_compare_free(t);
		t->view = VIEW_MAIN;
	}
	t->ro.model = m;
	tui_restart(t);
}

static void key_pause(struct tui *t)
{
	if (t->done) {
		tui_logf(t, "space: the dinner is done; r cooks it again");
		return;
	}
	tui_freeze(t);
	t->paused = !t->paused;
	if (t->paused)
		tui_cast_marker(t, "paused");
	tui_reschedule(t);
}

static const char *const next_verb[TRACE_KIND_COUNT] = {
	[TRACE_WORK] = "works on", [TRACE_WAIT] = "waits:",
	[TRACE_HEAT] = "heats for", [TRACE_USE] = "cooks",
	[TRACE_SWITCH] = "switches threads for", [TRACE_START] = "starts a process for",
	[TRACE_BLOCKED] = "is blocked:", [TRACE_GIL] = "gives the GIL to",
};

/* One piece of what a step did: "cook 2 works on salmon 'Chop'". */
static void next_piece(struct tui *t, char *buf, size_t sz, const char *lane,
		       const struct trace_span *sp, bool ends)
{
	const struct menu *m = run_menu(t->d.run);
	const char *rname = "", *text = "";
	size_t n = strlen(buf);

	if (n + 8 >= sz)
		return;
	if (sp->recipe >= 0 && (size_t)sp->recipe < m->nrecipes) {
		rname = m->recipes[sp->recipe]->name;
		if (sp->step >= 0 && (size_t)sp->step < m->recipes[sp->recipe]->nsteps)
			text = m->recipes[sp->recipe]->steps[sp->step].text;
	}
	snprintf(buf + n, sz - n, "%s%s %s %s%s%s%s", n > 0 ? "; " : "", lane,
		 ends ? "is done with" : next_verb[sp->kind < 0 ||
		 sp->kind >= TRACE_KIND_COUNT ? 0 : sp->kind], rname,
		 *text ? " '" : "", text, *text ? "'" : "");
}

/* Say in the log what one n did: the spans it began and ended, each with
 * its lane, so that with several cooks the cook is named.  O(spans). */
static void next_say(struct tui *t, size_t before, const unsigned char *was_open)
{
	const struct trace *tr = run_trace(t->d.run);
	char what[TUI_LOG_TEXT * 2], tm[16], lane[64];
	size_t i;

	what[0] = '\0';
	for (i = 0; i < before && i < tr->nspans; i++)
		if (was_open != NULL && was_open[i] && tr->spans[i].end != TRACE_OPEN) {
			esc_text(lane, sizeof lane, trace_lane_name(tr,
				 tr->spans[i].lane), t->ascii);
			next_piece(t, what, sizeof what, lane, &tr->spans[i], true);
		}
	for (i = before; i < tr->nspans; i++) {
		esc_text(lane, sizeof lane, trace_lane_name(tr, tr->spans[i].lane),
			 t->ascii);
		next_piece(t, what, sizeof what, lane, &tr->spans[i], false);
	}
	tui_fmt_time(tm, sizeof tm, run_now(t->d.run));
	tui_logf(t, "n: event %llu at %s: %s",
		 (unsigned long long)run_events(t->d.run), tm,
		 what[0] ? what : "the scheduler moves on; no lane changes");
}

/* One scheduler event forward; the clock stops there. */
static void key_next(struct tui *t)
{
	const struct trace *tr;
	unsigned char *was_open = NULL;
	size_t before, i;
	int rc;

	if (t->view != VIEW_MAIN) {
		tui_logf(t, "n steps the main view only");
		return;
	}
	if (t->done) {
		tui_logf(t, "n: nothing left, the dinner is done");
		return;
	}
	tui_freeze(t);
	t->paused = true;
	tr = run_trace(t->d.run);
	before = tr->nspans;
	if (before > 0 && (was_open = malloc(before)) != NULL)
		for (i = 0; i < before; i++)
			was_open[i] = tr->spans[i].end == TRACE_OPEN;
	rc = run_step(t->d.run);
	if (rc < 0) {
		free(was_open);
		tui_logf(t, "n: the run failed (out of memory?)");
		return;
	}
	t->vt = t->vt_base = run_now(t->d.run);
	tui_log_sync(t);
	next_say(t, before, was_open);
	free(was_open);
	if (rc == 0 || run_done(t->d.run))
		tui_advance(t);
	tui_reschedule(t);
}

/* One event back: the engine is deterministic, so cook a fresh run to
 * one event before this one.  O(events). */
static void key_back(struct tui *t)
{
	uint64_t n = run_events(t->d.run), i;
	const char *err = "cannot start the dinner";
	struct run *r;

	if (t->view != VIEW_MAIN) {
		tui_logf(t, "b steps the main view only");
		return;
	}
	if (n == 0) {
		tui_logf(t, "b: already at the start");
		return;
	}
	tui_freeze(t);
	r = tui_run_new(t, &t->ro, &err);
	if (r == NULL) {
		tui_logf(t, "b: %s", err);
		return;
	}
	for (i = 0; i + 1 < n; i++)
		if (run_step(r) <= 0)
			break;
	run_free(t->d.run);
	t->d.run = r;
	t->done = false;
	t->paused = true;
	t->vt = t->vt_base = run_now(r);
	tui_log_forget(t, run_trace(r)->nevents);
	tui_logf(t, "back to event %llu", (unsigned long long)run_events(r));
	tui_reschedule(t);
}

/* Twice or half as fast, stopping at the limits --speed has, so that +
 * and - work from whatever --speed gave. */
static void key_speed(struct tui *t, double f)
{
	double s = t->speed * f;

	if (s > TUI_MAX_SPEED)
		s = TUI_MAX_SPEED;
	if (s < TUI_MIN_SPEED)
		s = TUI_MIN_SPEED;
	if (s == t->speed) {
		tui_logf(t, "speed stays x%g (limits x%g to x%g)", t->speed,
			 TUI_MIN_SPEED, TUI_MAX_SPEED);
		return;
	}
	tui_freeze(t);
	t->speed = s;
	tui_reschedule(t);
}

static void key_locks(struct tui *t)
{
	if (t->ro.model == MODEL_SEQUENTIAL) {
		tui_logf(t, "l: locks do not apply to sequential: one recipe "
			 "at a time never races");
		return;
	}
	if (t->ro.model == MODEL_PROCESSES) {
		tui_logf(t, "l: locks do not apply to processes: each has its "
			 "own kitchen, nothing is shared");
		return;
	}
	t->ro.locks = !t->ro.locks;
	tui_restart(t);
}

static void key_gil(struct tui *t)
{
	if (t->ro.model != MODEL_THREADS) {
		tui_logf(t, "g: the GIL only applies to threads (key 4)");
		return;
	}
	t->ro.gil = !t->ro.gil;
	tui_restart(t);
}

static void key_cooks(struct tui *t, int delta)
{
	int c = tui_cooks(t) + delta;

	if (c < 1 || c > KITCHEN_MAX_COOKS) {
		tui_logf(t, "cooks: %d is the %s", tui_cooks(t),
			 c < 1 ? "fewest" : "most");
		return;
	}
	t->ro.cooks = c;
	tui_restart(t);
	if (t->ro.model == MODEL_THREADS && t->ro.gil)
		tui_logf(t, "more cooks do not help threads with the GIL: "
			 "one thread works at a time (g)");
	else if (t->ro.model != MODEL_THREADS &&
		 t->ro.model != MODEL_PROCESSES)
		tui_logf(t, "more cooks do not help %s: it has one cook "
			 "at work (try 4 without GIL, or 5)",
			 model_name(t->ro.model));
}

static void key_menu(struct tui *t)
{
	struct menu *m = NULL;
	char *err = NULL;
	size_t next;

	if (t->nmenus == 0 || (t->nmenus == 1 && t->menu_at == 0)) {
		tui_logf(t, "m: no other menu on the search path");
		return;
	}
	next = t->menu_at < t->nmenus ? (t->menu_at + 1) % t->nmenus : 0;
	if (catalog_load_menu(t->datadir, t->menus[next], &m, &err) < 0) {
		tui_logf(t, "m: %s", err ? err : "cannot load the menu");
		free(err);
		/* Skip it next time round rather than stick on it. */
		t->menu_at = next;
		return;
	}
	if (tui_set_menu(t, m) < 0)
		return;
	t->menu_at = next;
	if (tui_watch_start(t, t->menus[next]) < 0)
		tui_logf(t, "m: cannot watch the menu's files (out of memory)");
}

/* Leaving compare, whatever for: free its runs and give the main view
 * back its own clock.  Call after tui_freeze. */
static void compare_leave(struct tui *t)
{
	if (t->view != VIEW_COMPARE)
		return;
	tui_compare_free(t);
	t->view = VIEW_MAIN;
	t->vt = t->vt_base = t->main_vt;
	t->done = t->main_done;
}

static void key_compare(struct tui *t)
{
	tui_freeze(t);
	if (t->view == VIEW_COMPARE) {
		compare_leave(t);
	} else {
		t->main_vt = t->vt;
		t->main_done = t->done;
		if (tui_compare_start(t) < 0) {
			tui_logf(t, "c: out of memory");
			return;
		}
		t->view = VIEW_COMPARE;
		t->done = false;
		t->vt = t->vt_base = 0;
	}
	tui_reschedule(t);
}

/* r while comparing: every model from 00:00 again; the main view's own
 * clock stays where it was. */
static void key_compare_again(struct tui *t)
{
	tui_freeze(t);
	if (tui_compare_start(t) < 0) {
		tui_logf(t, "r: out of memory");
		compare_leave(t);
	} else {
		t->done = false;
		t->vt = t->vt_base = 0;
	}
	tui_reschedule(t);
}

static void key_bench(struct tui *t)
{
	if (t->real_child.pid > 0) {
		tui_logf(t, "B: a real run (R) is going on; B once it is done");
		return;
	}
	tui_freeze(t);
	compare_leave(t);
	t->view = VIEW_BENCH;
	/* The bench runs in a child: the screen stays alive meanwhile and
	 * tui_bench_input() shows the bars when the result arrives. */
	if (!t->have_bench)
		tui_bench_start(t);
	tui_reschedule(t);
}

static void key_back_to_main(struct tui *t)
{
	tui_freeze(t);
	t->view = VIEW_MAIN;
	tui_reschedule(t);
}

void tui_key(struct tui *t, int ch)
{
	/* q and Q (caps lock on) quit, and F10 as in htop and mc. */
	if (ch == 'q' || ch == 'Q' || ch == KEY_F(10)) {
		t->quit = true;
		t->status = 0;
		return;
	}
	if (ch == KEY_RESIZE) {
		tui_term_resize();
		return;
	}
	if (tui_lesson_key(t, ch))
		return;
	/* In help and the bench view any key only goes back: it does not
	 * also do what it does in the kitchen. */
	if (t->view == VIEW_HELP || t->view == VIEW_BENCH) {
		if (ch == 'B' && t->view == VIEW_BENCH) {
			if (t->bench_child.pid == 0)
				t->have_bench = false;
			key_bench(t);
			return;
		}
		key_back_to_main(t);
		return;
	}
	switch (ch) {
	case '1': case '2': case '3': case '4': case '5':
		key_model(t, (enum model_id)(ch - '1'));
		break;
	case ' ': key_pause(t); break;
	case 'n': case KEY_RIGHT: key_next(t); break;
	case 'b': case KEY_LEFT: key_back(t); break;
	case '+': case '=': key_speed(t, 2.0); break;
	case '-': case '_': key_speed(t, 0.5); break;
	case 'r':
		if (t->view == VIEW_COMPARE) {
			key_compare_again(t);
		} else {
			tui_restart(t);
		}
		break;
	case 'l': key_locks(t); break;
	case 'g': key_gil(t); break;
	case '[': key_cooks(t, -1); break;
	case ']': key_cooks(t, +1); break;
	case 'm': key_menu(t); break;
	case '\t': case KEY_BTAB:
		t->lang = t->lang == CODE_PYTHON ? CODE_C : CODE_PYTHON;
		tui_code_rebuild(t);
		break;
	case 'c': key_compare(t); break;
	case 'H': tui_code_toggle_nested(t); break;     /* callback hell */
	case 27:
		if (t->view == VIEW_COMPARE)
			key_compare(t);
		break;
	case '?': case KEY_F(1):
		tui_freeze(t);
		compare_leave(t);
		t->view = VIEW_HELP;
		tui_reschedule(t);
		break;
	case 'B': key_bench(t); break;
	case 'R': tui_real_start(t); break;
	case 'p':
		tui_freeze(t);
		compare_leave(t);
		tui_reschedule(t);
		t->projector = !t->projector;
		tui_logf(t, "p: %s", t->projector ?
			 "projector layout (o: code and log, p: back)" :
			 "normal layout");
		break;
	case 'o':
		if (!t->projector) {
			tui_logf(t, "o: shows the code and log in the projector layout (p)");
			break;
		}
		t->proj_panes = !t->proj_panes;
		break;
	case 12:        /* Ctrl-L: repaint everything */
		clearok(curscr, TRUE);
		break;
	default:
		if (ch >= 32 && ch < 127)
			tui_logf(t, "key '%c' does nothing here: ? shows the keys", ch);
		else
			tui_logf(t, "that key does nothing here: ? shows the keys");
		break;
	}
}
