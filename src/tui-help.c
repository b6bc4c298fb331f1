/* SPDX-License-Identifier: ISC */
/*
 * tui-help.c - the help view (?): every key, the models in a line each,
 * the lanes, and what concurrency and parallelism mean.  Any key only
 * goes back (tui-keys.c).
 */
#include "config.h"

#include "tui.h"

static const char *const help_keys[] = {
	"1-5    model: 1 sequential 2 callbacks 3 coroutines 4 threads 5 processes",
	"space  pause / go on              n Right  one event forward",
	"+ -    faster / slower            b Left   one event back",
	"r      cook it again              l  locks on shared appliances",
	"[ ]    fewer / more cooks         g  the GIL (threads)",
	"m      next menu                  Tab  Python / C   H  callback hell",
	"c      all models stacked (Esc)   B  real costs   R  cooked for real",
	"? F1   this help                  Ctrl-L  draw the screen again",
	"q Q F10  quit      Ctrl-Z  stop (fg goes on)   p  projector  o  its code+log",
	NULL
};

static const char *const help_lanes[] = {
	"cook N: what each cook (a CPU core) does    GIL: whose thread may run",
	"oven, oven 2: each sheet; stovetop N, microwave: each; oven lock: waiting",
	"counter: nobody busy  knife, board, wok; X queue: waits  'rice: oven': own",
	NULL
};

static const char *const help_models[] = {
	"sequential  one recipe to its end, then the next; the cook idles in waits",
	"callbacks   the loop calls a recipe's next piece when its wait is over",
	"coroutines  each recipe hands the cook back at every await: races there",
	"threads     switched anywhere, even mid-step: races without locks",
	"processes   a kitchen each: no races, more memory, cooks in parallel",
	NULL
};

static const char *const help_words[] = {
	"Concurrency: dealing with many recipes at once (one cook switching).",
	"Parallelism: doing several at the same moment (it takes more cooks).",
	NULL
};

static int help_block(struct tui *t, int y, const char *title,
		      const char *const *lines)
{
	int i;

	if (y + (title != NULL) + 1 > LINES - 1)
		return y;       /* no room for a title and a line */
	if (title != NULL)
		tui_put(t, y++, 1, COLS - 1, A_BOLD, TUI_PAIR_NOTE, title);
	for (i = 0; lines[i] != NULL && y < LINES - 1; i++)
		tui_put(t, y++, 2, COLS - 2, A_NORMAL, 0, lines[i]);
	return y;
}

void tui_help_draw(struct tui *t)
{
	int y = 0;

	tui_put(t, y++, 0, COLS, A_REVERSE | A_BOLD, 0,
		" kitchen-tui help: a dinner cooked under five concurrency models ");
	/* 24 rows hold all of it; the fills' legend comes on a taller
	 * terminal (the main view always shows it). */
	y = help_block(t, y, "Keys", help_keys);
	y = help_block(t, y, "Models", help_models);
	y = help_block(t, y, NULL, help_words);
	y = help_block(t, y, "Lanes (a recipe's mark: its letter in the legend)",
		       help_lanes);
	if (y < LINES - 1)
		tui_draw_legend(t, y, 2, COLS - 2);
	tui_put(t, LINES - 1, 0, COLS, A_REVERSE, 0,
		"any key goes back to the kitchen (and does nothing else)   q quits");
}
