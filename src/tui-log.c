/* SPDX-License-Identifier: ISC */
/*
 * tui-log.c - the event log: the trace's events in plain words, and the
 * screen's own notes ("g: the GIL only applies to threads"), newest at
 * the bottom, wrapped to the pane.
 *
 * A fixed ring of TUI_LOG_MAX entries, allocated once: adding a line
 * never allocates, so a long session cannot run out of memory here.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tui.h"

int tui_log_init(struct tui_log *l)
{
	l->e = calloc(TUI_LOG_MAX, sizeof *l->e);
	l->head = l->n = 0;
	return l->e != NULL ? 0 : -1;
}

void tui_log_free(struct tui_log *l)
{
	free(l->e);
	l->e = NULL;
	l->n = 0;
}

static void log_push(struct tui *t, sched_ms time, bool note, size_t ev,
		     const char *text)
{
	struct tui_log *l = &t->log;
	struct tui_log_entry *e;

	if (l->e == NULL)
		return;
	e = &l->e[(l->head + l->n) % TUI_LOG_MAX];
	if (l->n < TUI_LOG_MAX)
		l->n++;
	else
		l->head = (l->head + 1) % TUI_LOG_MAX;
	e->time = time;
	e->note = note;
	e->ev = ev;
	tui_widen(t, e->text, TUI_LOG_TEXT, text);
}

void tui_log_add(struct tui *t, sched_ms time, bool note, const char *text)
{
	log_push(t, time, note, (size_t)-1, text);
}

/* A new run: the lines of the old one stay, but b no longer takes them. */
void tui_log_seal(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->log.n; i++)
		t->log.e[(t->log.head + i) % TUI_LOG_MAX].ev = (size_t)-1;
	t->log_seen = 0;
}

/* Stepping back: the events the shorter run has not reached leave the
 * log again.  O(entries), once per key. */
void tui_log_forget(struct tui *t, size_t nevents)
{
	struct tui_log *l = &t->log;
	size_t i, j = 0;
	struct tui_log_entry *a, *b;

	for (i = 0; i < l->n; i++) {
		a = &l->e[(l->head + i) % TUI_LOG_MAX];
		if (a->ev != (size_t)-1 && a->ev >= nevents)
			continue;
		b = &l->e[(l->head + j) % TUI_LOG_MAX];
		if (a != b)
			*b = *a;
		j++;
	}
	l->n = j;
	if (t->log_seen > nevents)
		t->log_seen = nevents;
}

void tui_logf(struct tui *t, const char *fmt, ...)
{
	char buf[TUI_LOG_TEXT * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tui_log_add(t, t->vt, true, buf);
}

/* Trace events are escaped by whoever recorded them (trace.h);
 * tui_widen still refuses any control character. */
void tui_log_sync(struct tui *t)
{
	const struct trace *tr;

	if (t->d.run == NULL)
		return;
	tr = run_trace(t->d.run);
	if (t->log_seen > tr->nevents)
		t->log_seen = tr->nevents;
	for (; t->log_seen < tr->nevents; t->log_seen++)
		log_push(t, tr->events[t->log_seen].time, false, t->log_seen,
			 tr->events[t->log_seen].text);
}

/* How many characters of p fit on a row of w columns: up to the last
 * space that fits, or a hard cut inside a word longer than the row. */
static int log_fit(const wchar_t *p, int w)
{
	int col = 0, i, space = -1, cw;

	for (i = 0; p[i]; i++) {
		cw = wcwidth(p[i]) > 1 ? 2 : 1;
		if (col + cw > w)
			break;
		if (p[i] == L' ')
			space = i;
		col += cw;
	}
	if (p[i] == L'\0')
		return i;
	if (space > 0)
		return space + 1;
	return i > 0 ? i : 1;
}

/* Rows an entry takes at width w (after a 6-column time stamp). */
static int log_rows(const struct tui_log_entry *e, int w)
{
	const wchar_t *p = e->text;
	int rows = 0;

	do {
		p += log_fit(p, w);
		rows++;
	} while (*p);
	return rows;
}

static void log_entry(struct tui *t, const struct tui_log_entry *e,
		      int y, int x, int w, int skip, int maxy)
{
	char ts[16];
	const wchar_t *p = e->text;
	wchar_t line[TUI_LOG_TEXT];
	int row = 0, n, yy;
	attr_t a = e->note ? A_BOLD : A_NORMAL;
	short pair = e->note ? TUI_PAIR_NOTE : 0;

	do {
		n = log_fit(p, w);
		wmemcpy(line, p, (size_t)n);
		line[n] = L'\0';
		p += n;
		yy = y + row - skip;
		if (row >= skip && yy < maxy) {
			if (row == 0) {
				tui_fmt_time(ts, sizeof ts, e->time);
				tui_put(t, yy, x, 6, A_DIM, 0, ts);
			}
			tui_putw(t, yy, x + 6, w, a, pair, line);
		}
		row++;
	} while (*p);
}

void tui_log_draw(struct tui *t, int y, int x, int w, int h)
{
	struct tui_log *l = &t->log;
	int tw = w - 6, used = 0, rows, i, top, idx;

	tui_put(t, y, x, w, A_BOLD, 0, "What happens");
	y++;
	h--;
	if (tw < 4 || h <= 0 || l->n == 0)
		return;
	/* Walk back from the newest entry until the pane is full. */
	for (i = (int)l->n - 1; i >= 0; i--) {
		idx = (int)((l->head + (size_t)i) % TUI_LOG_MAX);
		rows = log_rows(&l->e[idx], tw);
		if (used + rows > h)
			break;
		used += rows;
	}
	top = y;
	if (i >= 0 && used < h) {
		/* The oldest visible entry, cut at the top. */
		idx = (int)((l->head + (size_t)i) % TUI_LOG_MAX);
		rows = log_rows(&l->e[idx], tw);
		log_entry(t, &l->e[idx], top, x, tw, rows - (h - used), y + h);
		top += h - used;
	}
	for (i = i + 1; i < (int)l->n; i++) {
		idx = (int)((l->head + (size_t)i) % TUI_LOG_MAX);
		rows = log_rows(&l->e[idx], tw);
		log_entry(t, &l->e[idx], top, x, tw, 0, y + h);
		top += rows;
	}
}
