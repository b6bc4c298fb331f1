/* SPDX-License-Identifier: ISC */
/*
 * tui-timeline.c - lanes of spans on a time axis that fits the whole
 * dinner, with a "now" marker.
 *
 * Colour tells the recipe; the fill character tells the kind of activity,
 * so working, waiting, heating, switching and being blocked read apart on
 * a monochrome projector too.  On the GIL lane each cell carries the first
 * letter of the recipe whose thread holds it.
 *
 * Cost: every span of every visible lane once per frame, O(spans); the
 * curses screen diff then sends only the cells that changed.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "esc.h"
#include "tui.h"

static const struct {
	wchar_t wc;
	char a;
} kind_glyph[TRACE_KIND_COUNT] = {
	[TRACE_WORK] = { L'\x2588', '#' },      /* full block */
	[TRACE_WAIT] = { L'\x2591', '.' },      /* light shade */
	[TRACE_HEAT] = { L'\x2592', '~' },      /* medium shade */
	[TRACE_USE] = { L'\x2593', '=' },       /* dark shade */
	[TRACE_SWITCH] = { L'\x2573', 'x' },    /* diagonal cross */
	[TRACE_START] = { L'\x25b2', '^' },     /* triangle */
	[TRACE_BLOCKED] = { L'!', '!' },
	[TRACE_GIL] = { L'G', 'G' },
};

void tui_kind_glyph(int kind, wchar_t *wc, char *a)
{
	if (kind < 0 || kind >= TRACE_KIND_COUNT)
		kind = TRACE_WORK;
	*wc = kind_glyph[kind].wc;
	*a = kind_glyph[kind].a;
}

static int tl_col(sched_ms tm, sched_ms end, int bw)
{
	long long c;

	if (end <= 0 || bw <= 0)
		return 0;
	c = (long long)tm * bw / end;
	if (c < 0)
		c = 0;
	if (c > bw - 1)
		c = bw - 1;
	return (int)c;
}

void tui_axis(struct tui *t, int y, int x0, int w, int label_w,
	      sched_ms axis_end, sched_ms now)
{
	static const int steps[] = { 1, 2, 5, 10, 15, 20, 30, 60, 120, 240 };
	int bw = w - label_w, step = steps[9], i, c, m, nc, len;
	char lab[16];

	if (bw < 2 || axis_end <= 0)
		return;
	tui_put(t, y, x0, label_w - 1, A_DIM, 0, "minutes");
	for (i = 0; i < 10; i++) {
		if ((long long)steps[i] * 60000 * bw / axis_end >= 8) {
			step = steps[i];
			break;
		}
	}
	nc = now >= 0 && now <= axis_end ? tl_col(now, axis_end, bw) : -9;
	for (m = 0; (sched_ms)m * 60000 <= axis_end; m += step) {
		c = tl_col((sched_ms)m * 60000, axis_end, bw);
		snprintf(lab, sizeof lab, "%d", m);
		len = (int)strlen(lab);
		/* A label the marker would cut ("20" shown as "v0") would
		 * read as another number: leave that one out. */
		if (nc >= c - 1 && nc <= c + len)
			continue;
		if (c + len <= bw)
			tui_put(t, y, x0 + label_w + c, bw - c, A_DIM, 0, lab);
	}
	if (nc >= 0)
		tui_cell(t, y, x0 + label_w + nc, L'\x25bc', 'v', A_BOLD,
			 TUI_PAIR_NOW);
}

static wchar_t tl_letter(const struct tui *t, int recipe)
{
	const char *n;

	if (recipe < 0 || (size_t)recipe >= t->menu->nrecipes)
		return L'G';
	n = t->menu->recipes[recipe]->name;
	if (n && isalnum((unsigned char)n[0]))
		return (wchar_t)(unsigned char)n[0];
	return L'G';
}

static void tl_lane(struct tui *t, const struct trace *tr, int lane,
		    int y, int x, int bw, sched_ms axis_end, sched_ms now)
{
	const struct trace_span *sp;
	size_t i, n;
	sched_ms s, e;
	int c, c0, c1, nc;
	wchar_t wc;
	char a;
	attr_t attr;

	nc = now <= axis_end ? tl_col(now, axis_end, bw) : -1;
	if (nc >= 0)
		tui_cell(t, y, x + nc, L'\x2502', '|', A_DIM, 0);
	if (tr == NULL || lane >= (int)tr->nlanes)
		return;
	n = trace_lane_count(tr, lane);
	for (i = 0; i < n; i++) {
		sp = trace_lane_span(tr, lane, i);
		s = sp->start;
		e = (sp->end == TRACE_OPEN || sp->end > now) ? now : sp->end;
		if (e <= s)
			continue;
		c0 = tl_col(s, axis_end, bw);
		c1 = tl_col(e - 1, axis_end, bw);
		tui_kind_glyph(sp->kind, &wc, &a);
		attr = A_NORMAL;
		if (sp->kind == TRACE_GIL) {
			wc = tl_letter(t, sp->recipe);
			a = (char)wc;
			attr = A_REVERSE;
		} else if (sp->kind == TRACE_BLOCKED || sp->kind == TRACE_SWITCH) {
			attr = A_BOLD;
		}
		for (c = c0; c <= c1; c++)
			tui_cell(t, y, x + c, wc, a, attr,
				 tui_recipe_pair(t, sp->recipe));
	}
}

int tui_timeline(struct tui *t, const struct run *r, const struct run *full,
		 int y0, int x0, int w, int h, int label_w, sched_ms axis_end,
		 sched_ms now, bool more_row)
{
	const struct trace *ft = run_trace(full), *lt = run_trace(r);
	int nl = (int)ft->nlanes, rows, i, bw = w - label_w;
	char name[64], more[80];

	if (h <= 0 || nl <= 0 || bw < 2)
		return 0;
	rows = nl <= h ? nl : more_row ? h - 1 : h;
	for (i = 0; i < rows; i++) {
		esc_text(name, sizeof name, trace_lane_name(ft, i), t->ascii);
		/* The lanes of a deadlock's cycle: marked, in reverse. */
		if (run_lane_in_deadlock(r, i)) {
			memmove(name + 1, name, sizeof name - 2);
			name[0] = '!';
			name[sizeof name - 1] = '\0';
			tui_put(t, y0 + i, x0, label_w - 1, A_BOLD | A_REVERSE,
				TUI_PAIR_BAD, name);
		} else
			tui_put(t, y0 + i, x0, label_w - 1, A_BOLD, 0, name);
		tl_lane(t, lt, i, y0 + i, x0 + label_w, bw, axis_end, now);
	}
	if (rows < nl && more_row) {
		snprintf(more, sizeof more, "(+%d lanes: a taller terminal shows them)",
			 nl - rows);
		tui_put(t, y0 + rows, x0, w, A_DIM, 0, more);
		rows++;
	}
	return rows;
}
