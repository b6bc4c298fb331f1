/* SPDX-License-Identifier: ISC */
/*
 * tui-timeline.c - lanes of spans on a time axis that fits the whole
 * dinner, with a "now" marker.
 *
 * Colour tells the recipe; the fill character tells the kind of activity,
 * so working, waiting, heating, switching and being blocked read apart on
 * a monochrome projector too, where each span also starts with its
 * recipe's mark (a letter per recipe, shown in the legend).  On the GIL
 * lane each cell carries the mark of the recipe whose thread holds it.
 *
 * Cost: every span of every visible lane once per frame, O(spans); the
 * curses screen diff then sends only the cells that changed.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "esc.h"
#include "report.h"
#include "tui.h"

/* The batch chart's glyphs (report.c), so both legends read alike. */
void tui_kind_glyph(int kind, wchar_t *wc, char *a)
{
	const char *u = report_kind_glyph(kind, false);
	mbstate_t st;

	memset(&st, 0, sizeof st);
	*a = report_kind_glyph(kind, true)[0];
	if (mbrtowc(wc, u, strlen(u), &st) > 4)
		*wc = (wchar_t)(unsigned char)*a;
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

/* Each recipe's mark: a letter no other recipe of the menu has, so the
 * GIL lane and a monochrome screen tell stir-veg from stir-sauce.  Tried
 * in turn: the first letter of the last word of the name, of each earlier
 * word, every other letter, then digits.  O(recipes x name), once a run. */
void tui_marks_build(struct tui *t)
{
	static const char spare[] = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t i, j, k, n = t->menu->nrecipes;
	char cand[160], *c;
	const char *name;
	bool taken;

	memset(t->marks, 0, sizeof t->marks);
	for (i = 0; i < n && i < TUI_MAX_MARKS; i++) {
		name = t->menu->recipes[i]->name;
		c = cand;
		for (k = strlen(name); k-- > 0;)
			if ((k == 0 || name[k - 1] == '-' || name[k - 1] == '_') &&
			    isalnum((unsigned char)name[k]) && c < cand + 64)
				*c++ = (char)tolower((unsigned char)name[k]);
		for (k = 0; name[k] != '\0' && c < cand + 128; k++)
			if (isalnum((unsigned char)name[k]))
				*c++ = (char)tolower((unsigned char)name[k]);
		memcpy(c, spare, sizeof spare);
		for (c = cand; *c != '\0'; c++) {
			for (j = 0, taken = false; j < i && !taken; j++)
				taken = t->marks[j] == *c;
			if (!taken)
				break;
		}
		t->marks[i] = *c != '\0' ? *c : '?';
	}
}

char tui_mark(const struct tui *t, int recipe)
{
	if (recipe < 0 || recipe >= TUI_MAX_MARKS || t->marks[recipe] == '\0')
		return '?';
	return t->marks[recipe];
}

/* A lane's name cut to fit w columns and still readable: the appliance
 * words shortened first ("rice: stovetop 2" -> "rice: stove 2"), then the
 * recipe part cut with a '~', keeping what follows the colon. */
void tui_lane_label(char *out, size_t outsz, const char *name, int w)
{
	static const char *const longw[] = { "stovetop", "microwave", "counter" };
	static const char *const shortw[] = { "stove", "micro", "ctr" };
	char buf[128], *p;
	size_t i, len, keep;

	snprintf(buf, sizeof buf, "%s", name);
	if (w <= 0) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	for (i = 0; i < 3 && (int)strlen(buf) > w; i++)
		if ((p = strstr(buf, longw[i])) != NULL) {
			len = strlen(longw[i]);
			memcpy(p, shortw[i], strlen(shortw[i]));
			memmove(p + strlen(shortw[i]), p + len, strlen(p + len) + 1);
		}
	len = strlen(buf);
	if ((int)len > w && (p = strstr(buf, ": ")) != NULL &&
	    (size_t)w > strlen(p) + 2) {
		keep = (size_t)w - strlen(p) - 1;  /* recipe letters kept */
		buf[keep] = '~';
		memmove(buf + keep + 1, p, strlen(p) + 1);
	}
	snprintf(out, outsz, "%s", buf);
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
			/* Who holds the GIL: the holder's own mark. */
			a = tui_mark(t, sp->recipe);
			wc = (wchar_t)(unsigned char)a;
			attr = A_REVERSE;
		} else if (sp->kind == TRACE_BLOCKED || sp->kind == TRACE_SWITCH) {
			attr = A_BOLD;
		}
		for (c = c0; c <= c1; c++)
			tui_cell(t, y, x + c, wc, a, attr,
				 tui_recipe_pair(t, sp->recipe));
		/* Without colour the recipe is told by its mark at the start
		 * of each span. */
		if (!t->color && sp->recipe >= 0 && sp->kind != TRACE_GIL) {
			a = tui_mark(t, sp->recipe);
			tui_cell(t, y, x + c0, (wchar_t)(unsigned char)a, a,
				 A_BOLD | A_REVERSE, 0);
		}
	}
}

int tui_timeline(struct tui *t, const struct run *r, const struct run *full,
		 int y0, int x0, int w, int h, int label_w, sched_ms axis_end,
		 sched_ms now, bool more_row)
{
	const struct trace *ft = run_trace(full), *lt = run_trace(r);
	int nl = (int)ft->nlanes, rows, i, bw = w - label_w;
	char name[64], label[64], more[80];

	if (h <= 0 || nl <= 0 || bw < 2)
		return 0;
	rows = nl <= h ? nl : more_row ? h - 1 : h;
	for (i = 0; i < rows; i++) {
		esc_text(name, sizeof name, trace_lane_name(ft, i), t->ascii);
		tui_lane_label(label, sizeof label, name, label_w - 1);
		/* The lanes of a deadlock's cycle: marked, in reverse. */
		if (run_lane_in_deadlock(r, i)) {
			memmove(label + 1, label, sizeof label - 2);
			label[0] = '!';
			label[sizeof label - 1] = '\0';
			tui_put(t, y0 + i, x0, label_w - 1, A_BOLD | A_REVERSE,
				TUI_PAIR_BAD, label);
		} else
			tui_put(t, y0 + i, x0, label_w - 1, A_BOLD, 0, label);
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
