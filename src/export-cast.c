/* SPDX-License-Identifier: ISC */
/*
 * export-cast.c - --export=cast:FILE, an asciicast v2 recording of the
 * screen session, for asciinema's player on a course page.
 *
 * The recording is taken from curses' own picture of the screen, not
 * from the bytes ncurses sends: after every frame each row of stdscr is
 * read back cell by cell (character, attributes, colour pair) and, when
 * it differs from the row last recorded, written as "go to the row, the
 * cells with their SGR attributes".  So the recording is independent of
 * the terminal's own capabilities, replays on any xterm-like player, and
 * its last frame is exactly what the screen showed last.  Cost: one pass
 * over the screen per frame (80x24 is 1920 cells, 200x60 is 12000), and
 * a copy of the last rows, O(LINES x COLS) memory, whatever the length
 * of the session.
 *
 * Time in the cast is wall time since the screen started, as a viewer
 * saw it.  Markers ("m" events) label each new dinner and each pause, so
 * a player can jump to them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "tui.h"

struct tui_cast {
	FILE *f;
	double t0;
	int lines, cols;        /* of the rows below */
	char **rows;            /* last recorded SGR text per row */
	char *buf;              /* one row being built */
	size_t len, cap;
	bool failed;
};

static void cast_putc(struct tui_cast *c, char ch)
{
	char *nb;

	if (c->len + 1 >= c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 1024;

		if ((nb = realloc(c->buf, ncap)) == NULL) {
			c->failed = true;
			return;
		}
		c->buf = nb;
		c->cap = ncap;
	}
	c->buf[c->len++] = ch;
	c->buf[c->len] = '\0';
}

static void cast_puts(struct tui_cast *c, const char *s)
{
	while (*s)
		cast_putc(c, *s++);
}

static double cast_time(struct tui *t)
{
	double dt = loop_now(&t->loop) - t->cast->t0;

	return dt < 0 ? 0 : dt;
}

/* One event: [time, "o" or "m", "data"] with the data JSON-escaped. */
static void cast_event(struct tui *t, const char *type, const char *data)
{
	struct tui_cast *c = t->cast;

	fprintf(c->f, "[%.6f, \"%s\", ", cast_time(t), type);
	export_json_str(c->f, data, false);
	fputs("]\n", c->f);
}

/* A colour number as SGR: the 8 basic, the 8 bright, or the 256. */
static void cast_colour(struct tui_cast *c, short n, int base)
{
	char b[24];

	if (n < 0)
		snprintf(b, sizeof b, ";%d", base + 9);
	else if (n < 8)
		snprintf(b, sizeof b, ";%d", base + n);
	else if (n < 16)
		snprintf(b, sizeof b, ";%d", base + 60 + n - 8);
	else
		snprintf(b, sizeof b, ";%d;5;%d", base + 8, n);
	cast_puts(c, b);
}

static void cast_sgr(struct tui_cast *c, attr_t a, short pair)
{
	short fg = -1, bg = -1;

	cast_puts(c, "\x1b[0");
	if (a & A_BOLD) cast_puts(c, ";1");
	if (a & A_DIM) cast_puts(c, ";2");
	if (a & A_UNDERLINE) cast_puts(c, ";4");
	if (a & A_BLINK) cast_puts(c, ";5");
	if (a & (A_REVERSE | A_STANDOUT)) cast_puts(c, ";7");
	if (pair > 0 && pair_content(pair, &fg, &bg) == OK) {
		cast_colour(c, fg, 30);
		cast_colour(c, bg, 40);
	}
	cast_putc(c, 'm');
}

/* Row y of stdscr as text with SGR changes, into c->buf. */
static void cast_row(struct tui_cast *c, int y)
{
	attr_t cur_a = 0, a;
	short cur_p = 0, p;
	wchar_t wc[CCHARW_MAX + 1];
	cchar_t cc;
	char mb[8 * (CCHARW_MAX + 1)];
	int x, w, i;
	mbstate_t st;
	size_t n;

	c->len = 0;
	cast_puts(c, "\x1b[0m");
	for (x = 0; x < c->cols; x += w) {
		w = 1;
		if (mvwin_wch(stdscr, y, x, &cc) == ERR)
			break;
		memset(wc, 0, sizeof wc);
		if (getcchar(&cc, wc, &a, &p, NULL) == ERR)
			wc[0] = L' ', a = 0, p = 0;
		a &= (A_BOLD | A_DIM | A_UNDERLINE | A_BLINK | A_REVERSE | A_STANDOUT);
		if (a != cur_a || p != cur_p) {
			cast_sgr(c, a, p);
			cur_a = a;
			cur_p = p;
		}
		if (wc[0] == L'\0')
			wc[0] = L' ';
		if (wcwidth(wc[0]) == 2)
			w = 2;
		for (i = 0; i < CCHARW_MAX && wc[i] != L'\0'; i++) {
			memset(&st, 0, sizeof st);
			n = wcrtomb(mb, wc[i], &st);
			if (n == (size_t)-1) {
				mb[0] = '?';
				n = 1;
			}
			mb[n] = '\0';
			/* The screen never holds a control character
			 * (tui-put.c), but a recording must not either. */
			if ((unsigned char)mb[0] < 0x20 || mb[0] == 0x7f)
				mb[0] = '?', mb[1] = '\0';
			cast_puts(c, mb);
		}
	}
	cast_puts(c, "\x1b[0m");
}

static void cast_rows_free(struct tui_cast *c)
{
	int y;

	if (c->rows != NULL)
		for (y = 0; y < c->lines; y++)
			free(c->rows[y]);
	free(c->rows);
	c->rows = NULL;
}

int tui_cast_start(struct tui *t, FILE *f)
{
	struct tui_cast *c = calloc(1, sizeof *c);
	const char *term = getenv("TERM");

	if (c == NULL)
		return -1;
	c->f = f;
	c->t0 = loop_now(&t->loop);
	t->cast = c;
	fprintf(f, "{\"version\": 2, \"width\": %d, \"height\": %d, "
		"\"env\": {\"TERM\": ", COLS, LINES);
	export_json_str(f, term ? term : "xterm", true);
	fputs(", \"SHELL\": \"/bin/sh\"}, \"title\": \"kitchen-tui\"}\n", f);
	return ferror(f) ? -1 : 0;
}

void tui_cast_frame(struct tui *t)
{
	struct tui_cast *c = t->cast;
	char pos[32];
	char *out = NULL;
	size_t outlen = 0;
	FILE *m;
	int y;

	if (c == NULL || c->failed)
		return;
	if (c->lines != LINES || c->cols != COLS) {
		cast_rows_free(c);
		c->lines = LINES;
		c->cols = COLS;
		if ((c->rows = calloc((size_t)LINES + 1, sizeof *c->rows)) == NULL) {
			c->failed = true;
			return;
		}
	}
	if ((m = open_memstream(&out, &outlen)) == NULL) {
		c->failed = true;
		return;
	}
	for (y = 0; y < c->lines; y++) {
		cast_row(c, y);
		if (c->failed)
			break;
		if (c->rows[y] != NULL && strcmp(c->rows[y], c->buf) == 0)
			continue;
		if (c->rows[y] == NULL && y == 0)
			fputs("\x1b[0m\x1b[H\x1b[2J", m);
		snprintf(pos, sizeof pos, "\x1b[%d;1H", y + 1);
		fputs(pos, m);
		fputs(c->buf, m);
		free(c->rows[y]);
		if ((c->rows[y] = strdup(c->buf)) == NULL)
			c->failed = true;
	}
	fclose(m);
	if (!c->failed && outlen > 0)
		cast_event(t, "o", out);
	free(out);
}

void tui_cast_marker(struct tui *t, const char *label)
{
	if (t->cast != NULL && !t->cast->failed)
		cast_event(t, "m", label);
}

int tui_cast_end(struct tui *t)
{
	struct tui_cast *c = t->cast;
	int bad;

	if (c == NULL)
		return 0;
	bad = c->failed || ferror(c->f);
	cast_rows_free(c);
	free(c->buf);
	free(c);
	t->cast = NULL;
	return bad ? -1 : 0;
}
