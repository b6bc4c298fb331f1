/* SPDX-License-Identifier: ISC */
/*
 * tui-put.c - putting text on the screen safely.
 *
 * Every string is widened here and clipped by columns, not bytes.  What
 * cannot be drawn (a control character, an invalid byte, any non-ASCII
 * character when the locale is not UTF-8 or --ascii) becomes '?', so even
 * text that skipped esc.h cannot move the cursor.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "tui.h"

/* The projector draws no dim text: a room reads bold and reverse video,
 * and dim text washes out on a projected screen.  One filter here covers
 * every view the projector shows. */
attr_t tui_attr(const struct tui *t, attr_t attr)
{
	if (t->projector && (attr & A_DIM))
		attr &= ~(attr_t)A_DIM;
	return attr;
}

static bool put_ok(const struct tui *t, wchar_t wc)
{
	if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0))
		return false;
	if (t->ascii && wc >= 0x80)
		return false;
	return wcwidth(wc) > 0;
}

size_t tui_widen(const struct tui *t, wchar_t *out, size_t outn,
		 const char *s)
{
	mbstate_t st;
	size_t n = 0, len, k;
	wchar_t wc;

	if (outn == 0)
		return 0;
	memset(&st, 0, sizeof st);
	len = strlen(s);
	while (len > 0 && n + 1 < outn) {
		k = mbrtowc(&wc, s, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			wc = L'?';
			k = 1;
		} else if (!put_ok(t, wc)) {
			wc = L'?';
		}
		out[n++] = wc;
		s += k;
		len -= k;
	}
	out[n] = L'\0';
	return n;
}

int tui_putw(const struct tui *t, int y, int x, int maxw, attr_t attr,
	     short pair, const wchar_t *s)
{
	int used = 0, cw;
	cchar_t cc;
	wchar_t one[2];

	if (y < 0 || y >= LINES || x < 0)
		return 0;
	if (maxw > COLS - x)
		maxw = COLS - x;
	attr = tui_attr(t, attr);
	for (; *s != L'\0' && used < maxw; s++) {
		one[0] = put_ok(t, *s) ? *s : L'?';
		one[1] = L'\0';
		cw = wcwidth(one[0]);
		if (cw < 1)
			cw = 1;
		if (used + cw > maxw)
			break;
		setcchar(&cc, one, attr, t->color ? pair : 0, NULL);
		mvwadd_wch(stdscr, y, x + used, &cc);
		used += cw;
	}
	return used;
}

int tui_put(const struct tui *t, int y, int x, int maxw, attr_t attr,
	    short pair, const char *s)
{
	wchar_t buf[512];

	tui_widen(t, buf, sizeof buf / sizeof buf[0], s);
	return tui_putw(t, y, x, maxw, attr, pair, buf);
}

void tui_cell(const struct tui *t, int y, int x, wchar_t wc, char ascii,
	      attr_t attr, short pair)
{
	wchar_t one[2];
	cchar_t cc;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	one[0] = t->ascii ? (wchar_t)(unsigned char)ascii : wc;
	one[1] = L'\0';
	setcchar(&cc, one, tui_attr(t, attr), t->color ? pair : 0, NULL);
	mvwadd_wch(stdscr, y, x, &cc);
}

short tui_recipe_pair(const struct tui *t, int recipe)
{
	if (!t->color || recipe < 0)
		return 0;
	return (short)(TUI_PAIR_RECIPE + recipe % TUI_RECIPE_COLORS);
}

/* mm:ss of virtual time; minutes go past 59 (a slow dinner is 65:00). */
void tui_fmt_time(char *buf, size_t n, sched_ms ms)
{
	long s;

	if (ms < 0)
		ms = 0;
	s = (long)(ms / 1000);
	snprintf(buf, n, "%02ld:%02ld", s / 60, s % 60);
}
