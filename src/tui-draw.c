/* SPDX-License-Identifier: ISC */
/*
 * tui-draw.c - one frame: the layout of the main view (header, timelines,
 * legend, code and log panes, totals, keys) and the dispatch to the other
 * views.  Each frame is drawn whole into curses' buffer and sent with one
 * doupdate, which writes only the cells that changed since the last one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "tui.h"

/* Columns the legend of the kinds takes: "#work .wait ... !blocked". */
#define LEGEND_KINDS_W 48

static const char *const short_model[MODEL_COUNT] = {
	"seq", "cb", "co", "thr", "proc"
};

/* Below 40x12: say so in words that fit the width, longest first. */
bool tui_too_small(struct tui *t)
{
	char need[32], have[32], both[96];
	const char *head[] = { "terminal too small", "too small", "small", "!" };
	const char *tail[3];
	int i, y = 0;

	if (COLS >= TUI_MIN_COLS && LINES >= TUI_MIN_LINES)
		return false;
	snprintf(need, sizeof need, "need %dx%d", TUI_MIN_COLS, TUI_MIN_LINES);
	snprintf(have, sizeof have, "have %dx%d", COLS, LINES);
	snprintf(both, sizeof both, "terminal too small: %s, %s", need, have);
	if ((int)strlen(both) <= COLS) {
		tui_put(t, 0, 0, COLS, A_BOLD, 0, both);
		return true;
	}
	for (i = 0; i < 3 && (int)strlen(head[i]) > COLS; i++)
		;
	tui_put(t, y++, 0, COLS, A_BOLD, 0, head[i]);
	tail[0] = need;
	tail[1] = have;
	tail[2] = NULL;
	for (i = 0; tail[i] != NULL && y < LINES; i++)
		if ((int)strlen(tail[i]) <= COLS)
			tui_put(t, y++, 0, COLS, 0, 0, tail[i]);
		else if (i == 0 && (int)strlen(need + 5) <= COLS)
			tui_put(t, y++, 0, COLS, 0, 0, need + 5);  /* "40x12" */
	return true;
}

static void draw_bar(struct tui *t, int y)
{
	int x;

	for (x = 0; x < COLS; x++)
		tui_cell(t, y, x, L' ', ' ', A_NORMAL, TUI_PAIR_HEAD);
}

/* Under processes: every recipe's own oven (table 0), "salmon 212F>350F". */
static void header_ovens(struct tui *t, char *buf, size_t n)
{
	char name[24];
	size_t i, len;
	int set, temp;

	snprintf(buf, n, "  ovens");
	for (i = 0; i < t->menu->nrecipes &&
	     (int)i < run_kitchen_count(t->d.run); i++) {
		temp = run_oven_temp(t->d.run, (int)i, &set);
		esc_text(name, sizeof name, t->menu->recipes[i]->name, t->ascii);
		len = strlen(buf);
		if (set > 0 && set != temp)
			snprintf(buf + len, n - len, " %s %dF>%dF", name, temp,
				 set);
		else
			snprintf(buf + len, n - len, " %s %dF", name, temp);
	}
}

static void draw_header(struct tui *t)
{
	char a[256], b[256], name[64], tm[16], tot[16], oven[160];
	const char *state, *what;
	int set = 0, temp, holder;
	attr_t hd = t->color ? A_NORMAL : A_REVERSE;

	esc_text(name, sizeof name, t->menu->name, t->ascii);
	/* The GIL only where it applies (threads); under processes, that
	 * each recipe has a kitchen of its own. */
	what = t->ro.model == MODEL_THREADS ?
	    (t->ro.gil ? "GIL on  " : "GIL off  ") :
	    t->ro.model == MODEL_PROCESSES ? "a kitchen per recipe  " : "";
	snprintf(a, sizeof a, " kitchen-tui  %s  [%d] %s  %d cook%s  %slocks %s",
		 name, (int)t->ro.model + 1, model_name(t->ro.model),
		 tui_cooks(t), tui_cooks(t) == 1 ? "" : "s", what,
		 t->ro.locks ? "on" : "off");
	state = t->done ? "done" : t->paused ? "PAUSED" : "running";
	tui_fmt_time(tm, sizeof tm, t->vt);
	tui_fmt_time(tot, sizeof tot, t->d.total);
	oven[0] = '\0';
	if (t->ro.model == MODEL_PROCESSES)
		header_ovens(t, oven, sizeof oven);
	else if (run_kitchen_count(t->d.run) > 0) {
		temp = run_oven_temp(t->d.run, 0, &set);
		snprintf(oven, sizeof oven, "  oven %dF", temp);
		if (set > 0 && set != temp)
			snprintf(oven + strlen(oven), sizeof oven - strlen(oven),
				 " (set %dF)", set);
	}
	snprintf(b, sizeof b, " %s of %s  x%g  %s  event %llu%s", tm, tot,
		 t->speed, state, (unsigned long long)run_events(t->d.run),
		 oven);
	holder = t->ro.model == MODEL_THREADS && t->ro.gil ?
		run_gil_holder(t->d.run) : -1;
	if (holder >= 0 && (size_t)holder < t->menu->nrecipes) {
		esc_text(name, sizeof name, t->menu->recipes[holder]->name,
			 t->ascii);
		snprintf(b + strlen(b), sizeof b - strlen(b), "  GIL: %s", name);
	}
	if (t->color) {
		draw_bar(t, 0);
		draw_bar(t, 1);
	}
	tui_put(t, 0, 0, COLS, hd | A_BOLD, TUI_PAIR_HEAD, a);
	tui_put(t, 1, 0, COLS, hd, TUI_PAIR_HEAD, b);
}

/* Recipes by colour, then the fill of each kind of activity.  Rows used. */
int tui_draw_legend(struct tui *t, int y, int x, int w)
{
	static const char *const kinds[] = {
		"work", "wait", "heat", "use", "switch", "start", "blocked"
	};
	char name[48];
	int cx = x, y0 = y, i, n;
	wchar_t wc;
	char a;

	/* Each recipe: its mark, in reverse video and its colour, as the GIL
	 * lane and (without colour) the start of each span show it. */
	for (i = 0; i < (int)t->menu->nrecipes; i++) {
		esc_text(name, sizeof name, t->menu->recipes[i]->name, t->ascii);
		n = (int)strlen(name) + 3;
		if (cx + n > x + w)
			break;
		a = tui_mark(t, i);
		tui_cell(t, y, cx, (wchar_t)(unsigned char)a, a,
			 A_BOLD | A_REVERSE, tui_recipe_pair(t, i));
		tui_put(t, y, cx + 1, n - 2, A_BOLD, tui_recipe_pair(t, i), name);
		cx += n;
	}
	if (cx + LEGEND_KINDS_W > x + w) {
		y++;
		cx = x;
	}
	for (i = 0; i < 7; i++) {
		n = (int)strlen(kinds[i]) + 2;
		if (cx + n > x + w)
			break;
		tui_kind_glyph(i, &wc, &a);
		tui_cell(t, y, cx, wc, a, 0, 0);
		tui_put(t, y, cx + 1, n - 1, A_DIM, 0, kinds[i]);
		cx += n;
	}
	return y - y0 + 1;
}

/* When done, the dishes; always the session's total per model, the
 * current one in bold ("!" marks a total with a ruined dish). */
static void draw_totals(struct tui *t, int y)
{
	char buf[64], tm[16];
	int x = 0, i, n;
	const struct tui_total *tt;

	if (t->done && t->totals[t->ro.model].have) {
		tt = &t->totals[t->ro.model];
		if (tt->deadlock)
			snprintf(buf, sizeof buf, "DEADLOCK  ");
		else
			snprintf(buf, sizeof buf, "%d ok, %d ruined  ", tt->ok,
				 tt->ruined);
		x += tui_put(t, y, x, COLS - x, A_BOLD | (tt->deadlock ?
			     A_REVERSE : 0),
			     tt->ruined ? TUI_PAIR_BAD : TUI_PAIR_OK, buf);
	}
	x += tui_put(t, y, x, COLS - x, A_DIM, 0, "totals:");
	for (i = 0; i < MODEL_COUNT; i++) {
		tt = &t->totals[i];
		if (tt->have && tt->deadlock)
			snprintf(tm, sizeof tm, "deadlock");
		else if (tt->have)
			tui_fmt_time(tm, sizeof tm, tt->total);
		else
			snprintf(tm, sizeof tm, "--");
		n = snprintf(buf, sizeof buf, " %s %s%s", short_model[i], tm,
			     tt->have && tt->ruined ? "!" : "");
		if (x + n > COLS)
			break;
		x += tui_put(t, y, x, COLS - x,
			     i == (int)t->ro.model ? A_BOLD | A_UNDERLINE : A_NORMAL,
			     0, buf);
	}
}

static void draw_footer(struct tui *t, int y)
{
	static const char *const full =
		"1-5 model  space pause  n/b step  +/- speed  r restart  "
		"l locks  g GIL  [/] cooks  m menu  Tab code  c compare  "
		"B bench  ? help  q quit";
	static const char *const brief =
		"1-5 model spc pause n/b step +/- speed r l g [ ] m Tab c B "
		"? help q quit";

	tui_put(t, y, 0, COLS, A_REVERSE, 0,
		(int)strlen(full) <= COLS ? full : brief);
}

static int label_width(struct tui *t)
{
	const struct trace *tr = run_trace(t->d.full);
	size_t i, n, max = 6;

	for (i = 0; i < tr->nlanes; i++) {
		n = strlen(trace_lane_name(tr, i));
		if (n > max)
			max = n;
	}
	/* From 80 columns on up to 30% of the width, so that a lane name
	 * ("stir-chicken: stovetop 2") is never cut; narrower, a quarter,
	 * and tui_lane_label abbreviates. */
	n = max + 1;
	if (COLS >= 80) {
		if ((int)n > COLS * 3 / 10)
			n = (size_t)COLS * 3 / 10;
	} else if ((int)n > COLS / 4) {
		n = (size_t)COLS / 4;
	}
	return (int)n;
}

/* The legend takes one row when recipes and kinds fit side by side. */
static int legend_rows(struct tui *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->menu->nrecipes; i++)
		n += strlen(t->menu->recipes[i]->name) + 3;
	return (int)n + LEGEND_KINDS_W <= COLS ? 1 : 2;
}

static void draw_main(struct tui *t)
{
	const struct trace *ft = run_trace(t->d.full);
	int lw = label_width(t), nl = (int)ft->nlanes, lanes, y, ph, cw, avail;
	int legend = legend_rows(t);

	draw_header(t);
	tui_axis(t, 2, 0, COLS, lw, t->d.total, t->vt);
	/* Rows left for lanes once header, axis, legend, totals and keys
	 * are placed; the code and log pane takes what the lanes leave
	 * when it can have 3 rows, else the lanes come first (40x12). */
	avail = LINES - 3 - legend - 2;
	if (avail >= nl + 3)
		lanes = nl;
	else if (avail - 5 >= 3)
		lanes = avail - 5;
	else
		lanes = avail < nl ? avail : nl;
	if (lanes < 1)
		lanes = 1;
	y = 3 + tui_timeline(t, t->d.run, t->d.full, 3, 0, COLS, lanes, lw,
			     t->d.total, t->vt, true);
	tui_draw_legend(t, y, 0, COLS);
	y += legend;
	ph = LINES - 2 - y;
	if (ph >= 2) {
		if (COLS >= 60) {
			cw = COLS * 56 / 100;
			tui_code_draw(t, y, 0, cw - 1, ph);
			tui_log_draw(t, y, cw + 1, COLS - cw - 1, ph);
		} else {
			tui_log_draw(t, y, 0, COLS, ph);
		}
	}
	draw_totals(t, LINES - 2);
	draw_footer(t, LINES - 1);
}

/* Frames drawn so far, for make bench (tui_frames_report). */
static unsigned long draw_frames;

void tui_draw(struct tui *t)
{
	draw_frames++;
	werase(stdscr);
	if (!tui_too_small(t)) {
		switch (t->view) {
		case VIEW_HELP: tui_help_draw(t); break;
		case VIEW_COMPARE: tui_compare_draw(t); break;
		case VIEW_BENCH: tui_bench_draw(t); break;
		case VIEW_MAIN: default: draw_main(t); break;
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/*
 * For make bench only: with KITCHEN_TUI_FRAME_LOG=FILE set, the number of
 * frames drawn is appended to FILE when the screen ends, so that
 * bench-screen.sh counts real frames instead of assuming the nominal rate.
 * Costs one getenv at exit; nothing when unset.
 */
void tui_frames_report(void)
{
	const char *path = getenv("KITCHEN_TUI_FRAME_LOG");
	FILE *f;

	if (path == NULL || *path == '\0' || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "frames %lu\n", draw_frames);
	fclose(f);
}
