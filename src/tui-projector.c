/* SPDX-License-Identifier: ISC */
/*
 * tui-projector.c - the main view laid out for a room (--projector, p).
 *
 * The timeline takes the screen: lanes two rows tall (the kind's fill
 * above, the recipe's name written into each span below, in reverse
 * video, so recipes read apart without colour), the axis, the legend and
 * the current caption in a box under them: a lesson's caption, or else
 * the newest line of the log.  o brings the code pane and the log back
 * (lanes then one row tall).  Only bold and reverse video: no dim text
 * anywhere (tui_attr drops it), so it reads at the back of a room and in
 * monochrome.  Laid out from 80x24 up to 200x60; more lanes than fit get
 * one row each, then a "+N lanes" row, as in the main view.
 *
 * Cost: like the main view, O(spans) per frame.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "tui.h"

static void proj_header(struct tui *t)
{
	char a[256], name[64], tm[16], tot[16];
	const char *state;
	int x;

	esc_text(name, sizeof name, t->menu->name, t->ascii);
	state = t->done ? "done" : t->paused ? "PAUSED" : "running";
	tui_fmt_time(tm, sizeof tm, t->vt);
	tui_fmt_time(tot, sizeof tot, t->d.total);
	/* Short enough for 80 columns: the GIL only where it matters. */
	a[0] = '\0';
	if (t->lesson != NULL) {
		size_t n, i = tui_lesson_scene(t, &n);

		snprintf(a, sizeof a, " scene %zu/%zu ", i + 1, n);
	}
	snprintf(a + strlen(a), sizeof a - strlen(a),
		 " %s [%d] %s  %s/%s  %s  %d cook%s%s  locks %s", name, (int)t->ro.model + 1,
		 model_name(t->ro.model), tm, tot, state, tui_cooks(t),
		 tui_cooks(t) == 1 ? "" : "s",
		 t->ro.model != MODEL_THREADS ? "" : t->ro.gil ? "  GIL on" : "  GIL off",
		 t->ro.locks ? "on" : "off");
	for (x = 0; x < COLS; x++)
		tui_cell(t, 0, x, L' ', ' ', A_REVERSE, 0);
	tui_put(t, 0, 0, COLS, A_REVERSE | A_BOLD, 0, a);
}

/* The second row of a tall lane: each span's recipe name, reverse video,
 * cut to the span (its first letter when only one column is left). */
static void proj_names(struct tui *t, const struct trace *tr, int lane,
		       int y, int x, int bw, sched_ms end, sched_ms now)
{
	const struct trace_span *sp;
	char name[64];
	size_t i, n;
	long long c0, c1, last_end = -2;
	sched_ms e;
	int c, last_recipe = -1;

	if (tr == NULL || lane >= (int)tr->nlanes || end <= 0)
		return;
	n = trace_lane_count(tr, lane);
	for (i = 0; i < n; i++) {
		sp = trace_lane_span(tr, lane, i);
		e = (sp->end == TRACE_OPEN || sp->end > now) ? now : sp->end;
		if (e <= sp->start || sp->recipe < 0 ||
		    (size_t)sp->recipe >= t->menu->nrecipes)
			continue;
		c0 = (long long)sp->start * bw / end;
		c1 = (long long)(e - 1) * bw / end;
		if (c1 >= bw)
			c1 = bw - 1;
		if (c0 > c1)
			continue;
		for (c = (int)c0; c <= (int)c1; c++)
			tui_cell(t, y, x + c, L' ', ' ', A_REVERSE,
				 tui_recipe_pair(t, sp->recipe));
		/* Spans of one recipe that touch (a step after a step) read
		 * as one bar with one name. */
		if (sp->recipe == last_recipe && c0 <= last_end + 1) {
			last_end = c1 > last_end ? c1 : last_end;
			continue;
		}
		last_recipe = sp->recipe;
		last_end = c1;
		esc_text(name, sizeof name, t->menu->recipes[sp->recipe]->name,
			 t->ascii);
		tui_put(t, y, x + (int)c0, (int)(c1 - c0 + 1),
			A_REVERSE | A_BOLD, tui_recipe_pair(t, sp->recipe), name);
	}
}

static int proj_lanes(struct tui *t, int y0, int h, int lane_h, int lw)
{
	const struct trace *ft = run_trace(t->d.full), *lt = run_trace(t->d.run);
	int nl = (int)ft->nlanes, i, bw = COLS - lw, y = y0;
	char name[64], more[80];

	if (lane_h == 1)
		return tui_timeline(t, t->d.run, t->d.full, y0, 0, COLS, h, lw,
				    t->d.total, t->vt, true);
	for (i = 0; i < nl && y + 1 < y0 + h; i++, y += 2) {
		esc_text(name, sizeof name, trace_lane_name(ft, i), t->ascii);
		tui_put(t, y, 0, lw - 1, A_BOLD, 0, name);
		tui_lane(t, lt, i, y, lw, bw, t->d.total, t->vt);
		proj_names(t, lt, i, y + 1, lw, bw, t->d.total, t->vt);
	}
	if (i < nl) {
		snprintf(more, sizeof more, "(+%d lanes: o or a taller terminal)",
			 nl - i);
		tui_put(t, y++, 0, COLS, A_BOLD, 0, more);
	}
	return y - y0;
}

/* Up to `rows` lines of `s` broken between words into `w` columns. */
static void proj_wrap(struct tui *t, int y, int x, int w, int rows,
		      const wchar_t *s)
{
	wchar_t line[512];
	int n, brk, r;

	for (r = 0; r < rows && *s; r++) {
		while (*s == L' ')
			s++;
		n = (int)wcslen(s);
		if (n > w) {
			for (brk = w; brk > 0 && s[brk] != L' '; brk--)
				;
			n = brk > 0 ? brk : w;
		}
		if (n > (int)(sizeof line / sizeof line[0]) - 1)
			n = (int)(sizeof line / sizeof line[0]) - 1;
		wmemcpy(line, s, (size_t)n);
		line[n] = L'\0';
		tui_putw(t, y + r, x, w, A_BOLD, 0, line);
		s += n;
	}
}

/* The caption box: a border and the caption, bold, inside. */
static void proj_box(struct tui *t, int y, int h)
{
	static wchar_t text[TUI_LOG_TEXT + 600];
	const struct tui_log *l = &t->log;
	int x;

	if (h < 3)
		return;
	for (x = 1; x < COLS - 1; x++) {
		tui_cell(t, y, x, L'\x2500', '-', A_BOLD, 0);
		tui_cell(t, y + h - 1, x, L'\x2500', '-', A_BOLD, 0);
	}
	for (x = 1; x < h - 1; x++) {
		tui_cell(t, y + x, 0, L'\x2502', '|', A_BOLD, 0);
		tui_cell(t, y + x, COLS - 1, L'\x2502', '|', A_BOLD, 0);
	}
	tui_cell(t, y, 0, L'\x250c', '+', A_BOLD, 0);
	tui_cell(t, y, COLS - 1, L'\x2510', '+', A_BOLD, 0);
	tui_cell(t, y + h - 1, 0, L'\x2514', '+', A_BOLD, 0);
	tui_cell(t, y + h - 1, COLS - 1, L'\x2518', '+', A_BOLD, 0);
	if (t->caption[0] != '\0') {
		tui_widen(t, text, sizeof text / sizeof text[0], t->caption);
	} else if (l->n > 0) {
		const struct tui_log_entry *e = &l->e[(l->head + l->n - 1) % TUI_LOG_MAX];
		char ts[16];
		size_t n;

		tui_fmt_time(ts, sizeof ts, e->time);
		n = tui_widen(t, text, sizeof text / sizeof text[0], ts);
		text[n++] = L' ';
		text[n++] = L' ';
		wcsncpy(text + n, e->text, sizeof text / sizeof text[0] - n - 1);
		text[sizeof text / sizeof text[0] - 1] = L'\0';
	} else {
		text[0] = L'\0';
	}
	proj_wrap(t, y + 1, 2, COLS - 4, h - 2, text);
}

static void proj_footer(struct tui *t, int y)
{
	static const char *const full =
		"p normal view  o code and log  space pause  1-5 model  "
		"n/b step  r restart  l locks  g GIL  c compare  ? help  q quit";
	static const char *const brief =
		"p normal  o code+log  space pause  1-5 model  r l g c ? q";

	static const char *const lesson =
		"PgDn on  PgUp back  Home first  . script  p o 1-5 l g ? q";

	tui_put(t, y, 0, COLS, A_REVERSE | A_BOLD, 0, t->lesson ? lesson :
		(int)strlen(full) <= COLS ? full : brief);
}

void tui_projector_draw(struct tui *t)
{
	const struct trace *ft = run_trace(t->d.full);
	int nl = (int)ft->nlanes, lw = tui_label_width(t), y, avail, box, lane_h;
	int legend, ph, cw, lanes;

	if (lw < 10 && COLS >= 100)
		lw = 10;
	proj_header(t);
	tui_axis(t, 1, 0, COLS, lw, t->d.total, t->vt);
	legend = 1;
	/* The box: two caption lines at 24 rows, up to six when tall. */
	box = LINES >= 40 ? 8 : LINES >= 30 ? 5 : 4;
	avail = LINES - 2 - legend - box - 1;
	if (t->proj_panes) {
		lanes = avail - 6 > 0 ? avail - 6 : 1;
		lane_h = LINES >= 44 && nl * 2 <= lanes ? 2 : 1;
		y = 2 + proj_lanes(t, 2, lane_h == 2 ? nl * 2 : lanes, lane_h, lw);
		y += tui_draw_legend(t, y, 0, COLS);
		ph = LINES - 1 - box - y;
		if (ph >= 2) {
			cw = COLS >= 60 ? COLS * 56 / 100 : 0;
			if (cw > 0)
				tui_code_draw(t, y, 0, cw - 1, ph);
			tui_log_draw(t, y, cw > 0 ? cw + 1 : 0,
				     cw > 0 ? COLS - cw - 1 : COLS, ph);
		}
		y = LINES - 1 - box;
	} else {
		lane_h = nl * 2 <= avail ? 2 : 1;
		y = 2 + proj_lanes(t, 2, avail, lane_h, lw);
		y += tui_draw_legend(t, y, 0, COLS) + 1;
		if (y + box > LINES - 1)
			y = LINES - 1 - box;
	}
	proj_box(t, y, box);
	proj_footer(t, LINES - 1);
}
