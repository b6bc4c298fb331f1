/* SPDX-License-Identifier: ISC */
/*
 * tui-wrap.h - prose on the screen, broken between words (tui-wrap.c), for
 * the quiz and play screens.
 */
#ifndef KT_TUI_WRAP_H
#define KT_TUI_WRAP_H

#include "tui.h"

/* Draw s from (y, x) in lines of at most w columns, breaking at spaces,
 * on at most maxrows rows.  Returns the rows used. */
int tui_wrap(const struct tui *t, int y, int x, int w, int maxrows,
	     attr_t attr, short pair, const char *s);

#endif
