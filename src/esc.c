/* SPDX-License-Identifier: ISC */
/*
 * esc.c - make text from data files safe for a terminal.
 *
 * Every byte sequence is either copied (printable UTF-8) or shown as a
 * visible escape, so nothing read from a file can move the cursor, change
 * a colour, ring the bell or rewrite the line.  Escapes are written whole
 * or not at all, so truncated output never ends in half an escape.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"

size_t
esc_utf8_char(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2; c = u[0] & 0x1f; min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3; c = u[0] & 0x0f; min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4; c = u[0] & 0x07; min = 0x10000;
	} else
		return 0;       /* continuation byte, overlong lead, or > U+10FFFF */
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;       /* overlong, too big, or a UTF-16 surrogate */
	*cp = c;
	return len;
}

/* Append `piece` (len bytes) if it fits whole, else stop writing. */
static void
esc_put(char *out, size_t outsz, size_t *used, bool *full, const char *piece,
	size_t len)
{
	if (!*full && outsz > 0 && *used + len < outsz) {
		memcpy(out + *used, piece, len);
		*used += len;
	} else
		*full = true;
}

/*
 * Characters that draw nothing or reorder what follows: a byte order mark
 * inside the text, zero-width spaces and joiners, the line and paragraph
 * separators, and the bidi embeddings, overrides and isolates (a U+202E in
 * a recipe name could make "step" read backwards).  They never pass raw.
 */
static bool
esc_invisible(uint32_t cp)
{
	return cp == 0xfeff || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069);
}

/* Spaces that look like a plain one but are not (a no-break space typed
 * by an editor): shown by name in messages, where they decide whether a
 * word is understood. */
static bool
esc_odd_space(uint32_t cp)
{
	return cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

static size_t
esc_any(char *out, size_t outsz, const char *in, bool ascii, bool msg);

size_t
esc_text(char *out, size_t outsz, const char *in, bool ascii)
{
	return esc_any(out, outsz, in, ascii, false);
}

size_t
esc_msg(char *out, size_t outsz, const char *in)
{
	return esc_any(out, outsz, in, false, true);
}

char *
esc_msg_dup(const char *in)
{
	size_t len = esc_msg(NULL, 0, in);
	char *out = malloc(len + 1);

	if (out != NULL)
		esc_msg(out, len + 1, in);
	return out;
}

/* "U+FEFF", set off by a space from the text around it, so that
 * "\uFEFFstep" reads 'U+FEFF step'. */
static size_t
esc_code_point(char *buf, uint32_t cp, bool first, bool last)
{
	int n = snprintf(buf, 16, "%sU+%04X%s", first ? "" : " ", (unsigned)cp,
	    last ? "" : " ");

	return n > 0 ? (size_t)n : 0;
}

static size_t
esc_any(char *out, size_t outsz, const char *in, bool ascii, bool msg)
{
	static const char hex[] = "0123456789abcdef";
	size_t total = 0, used = 0, n, len;
	bool full = false;
	char buf[16];
	uint32_t cp;
	const char *start;

	if (in == NULL)
		in = "";
	n = strlen(in);
	start = in;
	while (n > 0) {
		len = esc_utf8_char(in, n, &cp);
		if (len == 0 || cp < 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f)) {
			/* Invalid byte, C0, DEL or C1: show the byte or the
			 * code point as \xNN. */
			unsigned v = len == 0 ? (unsigned char)in[0] : cp;
			buf[0] = '\\';
			buf[1] = 'x';
			buf[2] = hex[(v >> 4) & 0xf];
			buf[3] = hex[v & 0xf];
			esc_put(out, outsz, &used, &full, buf, 4);
			total += 4;
			if (len == 0)
				len = 1;
		} else if (esc_invisible(cp) || (msg && esc_odd_space(cp))) {
			size_t k = esc_code_point(buf, cp, in == start,
			    n == len);
			esc_put(out, outsz, &used, &full, buf, k);
			total += k;
		} else if (cp == '\\') {
			esc_put(out, outsz, &used, &full, "\\\\", 2);
			total += 2;
		} else if (cp >= 0x80 && ascii) {
			esc_put(out, outsz, &used, &full, "?", 1);
			total += 1;
		} else {
			esc_put(out, outsz, &used, &full, in, len);
			total += len;
		}
		in += len;
		n -= len;
	}
	if (outsz > 0)
		out[used] = '\0';
	return total;
}

char *
esc_dup(const char *in, bool ascii)
{
	size_t len = esc_text(NULL, 0, in, ascii);
	char *out = malloc(len + 1);

	if (out != NULL)
		esc_text(out, len + 1, in, ascii);
	return out;
}
