/* SPDX-License-Identifier: ISC */
/*
 * tui-compare.c - the compare view (c): the same menu cooked under every
 * model at once, stacked on one time axis, animated on the same clock,
 * with each model's total, its outcome beside it (all ok, how many dishes
 * ruined and why, or the deadlock: marked in the "bad" colour, so a class
 * comparing models sees the race) and its memory.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "outcome.h"
#include "tui.h"

void tui_compare_free(struct tui *t)
{
	int i;

	for (i = 0; i < MODEL_COUNT; i++)
		tui_dinner_free(&t->cmp[i]);
	t->cmp_ready = false;
}

int tui_compare_start(struct tui *t)
{
	struct run_opts ro;
	const char *err = "cannot start";
	int i;

	tui_compare_free(t);
	for (i = 0; i < MODEL_COUNT; i++) {
		ro = t->ro;
		ro.model = (enum model_id)i;
		if (tui_dinner_new(t, &t->cmp[i], &ro, &err) < 0) {
			tui_compare_free(t);
			return -1;
		}
	}
	t->cmp_ready = true;
	return 0;
}

static sched_ms compare_end(const struct tui *t)
{
	sched_ms end = 1;
	int i;

	for (i = 0; i < MODEL_COUNT; i++)
		if (t->cmp[i].total > end)
			end = t->cmp[i].total;
	return end;
}

void tui_compare_draw(struct tui *t)
{
	char buf[256], name[64], tm[16], mem[32], words[512], tail[96];
	int per, i, y, lw = 14, nl, x, room, k;
	struct outcome o;
	sched_ms end;
	const struct run_result *res;

	if (!t->cmp_ready)
		return;
	end = compare_end(t);
	esc_text(name, sizeof name, t->menu->name, t->ascii);
	tui_fmt_time(tm, sizeof tm, t->vt);
	snprintf(buf, sizeof buf, " compare: %s  %d cook%s  GIL %s  locks %s  "
		 "%s  x%g  %s", name, tui_cooks(t), tui_cooks(t) == 1 ? "" : "s",
		 t->ro.gil ? "on" : "off", t->ro.locks ? "on" : "off", tm,
		 t->speed, t->done ? "done" : t->paused ? "PAUSED" : "running");
	tui_put(t, 0, 0, COLS, A_REVERSE | A_BOLD, 0, buf);
	tui_axis(t, 1, 0, COLS, lw, end, t->vt);
	per = (LINES - 3) / MODEL_COUNT;
	y = 2;
	for (i = 0; i < MODEL_COUNT && per >= 2; i++) {
		struct tui_dinner *d = &t->cmp[i];

		res = run_result(d->full);
		bench_fmt_bytes((double)res->memory_bytes, TUI_GIB_DECIMALS,
				mem, sizeof mem);
		if (run_done(d->run))
			tui_fmt_time(tm, sizeof tm, d->total);
		else
			snprintf(tm, sizeof tm, "...");
		nl = (int)run_trace(d->full)->nlanes;
		snprintf(buf, sizeof buf, "[%d] %-10s total %-6s ", i + 1,
			 model_name((enum model_id)i), tm);
		x = tui_put(t, y, 0, COLS, A_BOLD, 0, buf);
		/* The outcome once this model's dinner is over, its reason cut
		 * to leave room for the memory figure. */
		snprintf(tail, sizeof tail, "  memory %s  (%d of %d lanes)", mem,
			 nl < per - 1 ? nl : per - 1, nl);
		if (run_done(d->run)) {
			outcome_of(d->full, &o);
			outcome_words(d->full, true, t->ascii, words, sizeof words);
			room = COLS - x - 18;
			if (room < 12)
				room = 12;
			if ((int)strlen(words) > room) {
				k = room - 3;   /* not inside a UTF-8 sequence */
				while (k > 0 && ((unsigned char)words[k] & 0xc0) ==
				       0x80)
					k--;
				strcpy(words + k, "...");
			}
			x += tui_put(t, y, x, COLS - x, A_BOLD,
				     o.deadlock || o.ruined ? TUI_PAIR_BAD :
				     TUI_PAIR_OK, words);
		}
		if (x < COLS)
			tui_put(t, y, x, COLS - x, A_BOLD, 0, tail);
		tui_timeline(t, d->run, d->full, y + 1, 0, COLS, per - 1, lw,
			     end, t->vt, false);
		y += per;
	}
	tui_put(t, LINES - 1, 0, COLS, A_REVERSE, 0,
		"c/Esc back  1-5 pick a model  space pause  +/- speed  "
		"r again  q quit");
}
