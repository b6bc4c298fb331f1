/* SPDX-License-Identifier: ISC */
/*
 * tui-wrap.c - prose broken between words.  Widths are counted in bytes,
 * which is right for the program's own ASCII prose; text from data files
 * in it is at worst broken a little early.
 */
#include "config.h"

#include <string.h>

#include "tui-wrap.h"

int
tui_wrap(const struct tui *t, int y, int x, int w, int maxrows, attr_t attr,
	 short pair, const char *s)
{
	char line[512];
	int rows = 0;
	size_t n, cut;

	if (w < 8)
		w = 8;
	while (*s != '\0' && rows < maxrows && y + rows < LINES) {
		n = strlen(s);
		cut = n;
		if ((int)n > w) {
			cut = (size_t)w;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)w;
		}
		if (cut >= sizeof line)
			cut = sizeof line - 1;
		memcpy(line, s, cut);
		line[cut] = '\0';
		tui_put(t, y + rows, x, w, attr, pair, line);
		rows++;
		s += cut;
		while (*s == ' ')
			s++;
	}
	return rows;
}
