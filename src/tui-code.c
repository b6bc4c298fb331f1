/* SPDX-License-Identifier: ISC */
/*
 * tui-code.c - the code pane: the menu as the current model would write
 * it (code.h), with a marker on the line where each recipe is now.  The
 * pane follows the recipe that moved last, so the line that just ran is
 * always on screen.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tui.h"

int tui_code_rebuild(struct tui *t)
{
	int width = t->code_width > 0 ? t->code_width : CODE_WIDTH;

	code_free(&t->code);
	t->code_ok = code_build_form(&t->code, t->menu, t->ro.model, t->lang,
				     t->ascii, width, t->code_nested) == 0;
	return t->code_ok ? 0 : -1;
}

/* The pane shows the nested form: callbacks, Python, and H pressed. */
bool tui_code_is_nested(const struct tui *t)
{
	return t->code_nested && t->ro.model == MODEL_CALLBACKS &&
	       t->lang == CODE_PYTHON;
}

/* H: the callbacks chain flat (valid Python) or nested (callback hell). */
void tui_code_toggle_nested(struct tui *t)
{
	if (t->ro.model != MODEL_CALLBACKS) {
		tui_logf(t, "H: the nested form is for callbacks (key 2)");
		return;
	}
	if (t->lang != CODE_PYTHON) {
		tui_logf(t, "H: the nested form is Python (Tab)");
		return;
	}
	t->code_nested = !t->code_nested;
	tui_code_rebuild(t);
	tui_logf(t, t->code_nested ?
		 "H: the same callbacks nested inline (callback hell): not valid Python" :
		 "H: the callbacks as a flat chain of functions (valid Python)");
}

void tui_code_draw(struct tui *t, int y, int x, int w, int h)
{
	char title[96];
	int *mark, i, nr = (int)t->menu->nrecipes, n, step, line, focus = 0;
	int start;

	if (tui_code_is_nested(t))
		snprintf(title, sizeof title, "callback hell, NOT valid Python  "
			 "(H: flat)");
	else if (t->ro.model == MODEL_CALLBACKS && t->lang == CODE_PYTHON)
		snprintf(title, sizeof title, "%s: %s  (Tab: %s, H: nested)",
			 code_lang_name(t->lang), model_name(t->ro.model),
			 code_lang_name(CODE_C));
	else
		snprintf(title, sizeof title, "%s: %s  (Tab: %s)",
			 code_lang_name(t->lang), model_name(t->ro.model),
			 code_lang_name(t->lang == CODE_PYTHON ? CODE_C :
					CODE_PYTHON));
	tui_put(t, y, x, w, A_BOLD, 0, title);
	y++;
	h--;
	/* The listing wraps to the pane: build it again when the pane's
	 * width changed (a resize), so no line is cut off. */
	if (w - 2 >= 32 && w - 2 != t->code_width) {
		t->code_width = w - 2;
		tui_code_rebuild(t);
	}
	n = (int)t->code.n;
	if (!t->code_ok || n == 0 || h <= 0 || w < 4) {
		if (h > 0)
			tui_put(t, y, x, w, A_DIM, 0, "(no code listing)");
		return;
	}
	mark = calloc((size_t)n, sizeof *mark);
	if (mark == NULL)
		return;
	for (i = 0; i < n; i++)
		mark[i] = -1;
	for (i = 0; i < nr; i++) {
		step = run_recipe_step(t->d.run, i);
		if (step != t->last_step[i]) {
			t->last_step[i] = step;
			t->focus_recipe = i;
		}
		line = code_line_of(&t->code, i, step);
		if (line >= 0 && line < n)
			mark[line] = i;
		if (i == t->focus_recipe && line >= 0)
			focus = line;
	}
	start = focus - (h - 1) / 2;
	if (start > n - h)
		start = n - h;
	if (start < 0)
		start = 0;
	for (i = 0; i < h && start + i < n; i++) {
		int l = start + i;

		if (mark[l] >= 0) {
			tui_cell(t, y + i, x, L'\x25b6', '>', A_BOLD,
				 tui_recipe_pair(t, mark[l]));
			tui_put(t, y + i, x + 2, w - 2, A_BOLD,
				tui_recipe_pair(t, mark[l]), t->code.lines[l].text);
		} else {
			tui_put(t, y + i, x + 2, w - 2, A_NORMAL, 0,
				t->code.lines[l].text);
		}
	}
	free(mark);
}
