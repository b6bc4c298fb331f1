/* SPDX-License-Identifier: ISC */
/*
 * parse-line.c - the lexical rules every file of ours shares: recipes and
 * menus (parse.c), levels (level.c) and lessons (lesson.c).  They are the
 * rules kitchen-recipe(5) describes under "Syntax", and the other pages
 * refer to it, so there is one copy of them.  Each reader keeps its own
 * directives and turns a struct parse_lex_err into its own message with
 * parse_errorf, so that a lexical mistake reads the same in every file.
 *
 * The text: a UTF-8 byte order mark is skipped, a UTF-16 one refused.
 * A line ends at LF or CRLF (parse_lines_next); it is checked (no
 * NUL, valid UTF-8, at most PARSE_MAX_LINE bytes) and then split into
 * fields: bare words, and "quoted text" with \" and \\ inside; '#' at the
 * start of a field begins a comment.  Control characters are text inside
 * quotes and refused outside them; a carriage return after a closing
 * quote or in a word is a lone CR (old Mac line ends) and says so.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "parse.h"

#define LONE_CR "carriage return inside a line (old Mac line ends? use LF or CRLF)"

static int
lex_err(struct parse_lex_err *e, int col, const char *fmt, ...)
	KT_PRINTF(3, 4);
static int
lex_err(struct parse_lex_err *e, int col, const char *fmt, ...)
{
	va_list ap;

	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
parse_line_col(const char *l, size_t n, size_t off)
{
	int col = 1;
	size_t i;

	for (i = 0; i < off && i < n; i++)
		if (((unsigned char)l[i] & 0xc0) != 0x80)
			col++;
	return col;
}

int
parse_lines_start(struct parse_lines *it, const char *buf, size_t len,
		  struct parse_lex_err *e)
{
	it->p = buf;
	it->end = buf + len;
	if (len >= 2 && (((unsigned char)buf[0] == 0xff &&
	    (unsigned char)buf[1] == 0xfe) || ((unsigned char)buf[0] == 0xfe &&
	    (unsigned char)buf[1] == 0xff)))
		return lex_err(e, 1, "UTF-16 text (byte order mark): save the "
		    "file as UTF-8");
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		it->p += 3;     /* a UTF-8 byte order mark says nothing */
	return 0;
}

bool
parse_lines_next(struct parse_lines *it, const char **l, size_t *n)
{
	const char *nl;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*l = it->p;
	*n = (size_t)((nl != NULL ? nl : it->end) - it->p);
	if (*n > 0 && it->p[*n - 1] == '\r')
		(*n)--;         /* CRLF */
	it->p = nl != NULL ? nl + 1 : it->end;
	return true;
}

/* No NUL, valid UTF-8, at most PARSE_MAX_LINE bytes. */
static int
line_check(const char *l, size_t n, struct parse_lex_err *e)
{
	size_t off = 0, k;
	uint32_t cp;

	while (off < n && off < PARSE_MAX_LINE) {
		if (l[off] == '\0')
			return lex_err(e, parse_line_col(l, n, off),
			    "NUL byte (is this a binary or UTF-16 file?)");
		k = esc_utf8_char(l + off, n - off, &cp);
		if (k == 0)
			return lex_err(e, parse_line_col(l, n, off),
			    "invalid UTF-8 (byte \\x%02x)",
			    (unsigned char)l[off]);
		off += k;
	}
	if (n > PARSE_MAX_LINE)
		return lex_err(e, parse_line_col(l, n, off),
		    "line longer than %d bytes", PARSE_MAX_LINE);
	return 0;
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* The fields of a checked line: how many, or -1. */
static int
line_split(const char *l, size_t n, char *scratch, struct parse_field *f,
	   int maxf, struct parse_lex_err *e)
{
	char *w = scratch, show[8];
	size_t i = 0;
	unsigned char ch;
	int nf = 0, col;

	for (;;) {
		while (i < n && is_blank(l[i]))
			i++;
		if (i == n || l[i] == '#')
			return nf;
		col = parse_line_col(l, n, i);
		if (nf == maxf)
			return lex_err(e, col, "too many fields (at most %d)",
			    maxf);
		f[nf].v = w;
		f[nf].col = col;
		f[nf].quoted = l[i] == '"';
		if (l[i] == '"') {
			for (i++;; i++) {
				if (i == n)
					return lex_err(e, col,
					    "unterminated quote");
				if (l[i] == '"')
					break;
				if (l[i] == '\\') {
					if (i + 1 < n && (l[i + 1] == '"' ||
					    l[i + 1] == '\\'))
						i++;
					else
						return lex_err(e,
						    parse_line_col(l, n, i),
						    "unknown escape in quotes "
						    "(only \\\" and \\\\)");
				}
				*w++ = l[i];
			}
			i++;
			if (i < n && l[i] == '\r')
				return lex_err(e, parse_line_col(l, n, i),
				    LONE_CR);
			if (i < n && !is_blank(l[i]))
				return lex_err(e, parse_line_col(l, n, i),
				    "expected a space after the closing quote");
		} else {
			for (; i < n && !is_blank(l[i]); i++) {
				ch = (unsigned char)l[i];
				if (ch == '"')
					return lex_err(e,
					    parse_line_col(l, n, i),
					    "stray quote inside a word");
				if (ch == '\r')
					return lex_err(e,
					    parse_line_col(l, n, i), LONE_CR);
				if (ch < 0x20 || ch == 0x7f) {
					esc_text(show, sizeof show,
					    (char[]){ (char)ch, 0 }, false);
					return lex_err(e,
					    parse_line_col(l, n, i),
					    "control character %s outside "
					    "quotes", show);
				}
				*w++ = l[i];
			}
		}
		*w++ = '\0';
		nf++;
	}
}

int
parse_line_fields(const char *l, size_t n, char *scratch,
		  struct parse_field *f, int maxf, int *nf,
		  struct parse_lex_err *e)
{
	*nf = 0;
	if (line_check(l, n, e) != 0)
		return -1;
	*nf = line_split(l, n, scratch, f, maxf, e);
	if (*nf < 0) {
		*nf = 0;
		return -1;
	}
	return 0;
}
