/* SPDX-License-Identifier: ISC */
/*
 * code.h - a menu written out as program code, the way each model would
 * write it, so the screen can show which line each recipe is on now.
 *
 * CODE_PYTHON is the tutorial's language and style: plain calls and
 * sleep() for sequential, a chain of callbacks for callbacks, async/await
 * for coroutines, threading.Thread for threads, multiprocessing.Process
 * for processes.  CODE_C is the form our engine really runs: the recipe as
 * a protothread (pt.h) or a callback chain in C.  The listing is generated
 * from the recipe data; recipe names and step texts are escaped (esc.h).
 * Pure engine code: no I/O.
 */
#ifndef KT_CODE_H
#define KT_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"
#include "recipe.h"

enum code_lang { CODE_PYTHON, CODE_C, CODE_LANG_COUNT };

struct code_line {
	char *text;             /* one line, no newline, escaped */
	int recipe;             /* index in menu->recipes, -1 for none */
	int step;               /* step index the line performs, -1 for none */
	bool context;           /* belongs to the step but does not perform
				   it (a comment with the step's text, a
				   callback's header): code_line_of skips it */
};

/* Lines are at most this many columns (code points; no tabs) for any
 * menu: identifiers are cut to 16 characters, comments and long calls
 * wrapped.  code_build_width() asks for another width (clamped to 32 to
 * 200); the bound holds for any menu from 52 columns up, and for the
 * shipped menus from 40 up; narrower, some lines may overrun. */
#define CODE_WIDTH 56

struct code_listing {
	struct code_line *lines;
	size_t n, cap;
};

/* Write the whole menu (every recipe and the dinner that runs them) as
 * `model` would in `lang`.  0, or -1 out of memory (listing emptied). */
int code_build(struct code_listing *out, const struct menu *m,
	       enum model_id model, enum code_lang lang, bool ascii);
int code_build_width(struct code_listing *out, const struct menu *m,
		     enum model_id model, enum code_lang lang, bool ascii,
		     int width);
/* The same with a choice of form: nested true under callbacks in Python
 * writes the chain as nested anonymous functions ("callback hell"), which
 * the listing marks as not valid Python; otherwise as code_build_width. */
int code_build_form(struct code_listing *out, const struct menu *m,
		    enum model_id model, enum code_lang lang, bool ascii,
		    int width, bool nested);
void code_free(struct code_listing *l);
/* The line that performs step `step` of recipe `recipe` (the first such
 * line that is not context); for step -1 the recipe's first line (its
 * def/function header), for step == nsteps its last line (return).  -1 if
 * none. */
int code_line_of(const struct code_listing *l, int recipe, int step);
const char *code_lang_name(enum code_lang lang);   /* "Python", "C" */

#endif
