/*
 * tui-bench.c - the bench view (B): what each model really costs on this
 * machine, as bars on a log scale (memory per task, CPU per wait), since
 * the figures span several powers of ten.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "tui.h"

static double bench_value(const struct bench_model *m, int which)
{
	if (m->status != BENCH_OK)
		return 0;
	return which == 0 ? m->memory_per_task_bytes : m->cpu_per_wait_ns;
}

static int bench_chart(struct tui *t, int y, int which, const char *title)
{
	const struct bench_report *b = &t->bench;
	double lo = 1e300, hi = 0, v, llo, lhi;
	int i, bw = COLS - 18 - 14, n, c;
	char val[48];

	tui_put(t, y++, 0, COLS, A_BOLD, TUI_PAIR_NOTE, title);
	for (i = 0; i < BENCH_MODELS; i++) {
		v = bench_value(&b->models[i], which);
		if (v > 0 && v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	llo = hi > 0 ? floor(log10(lo)) : 0;
	lhi = hi > 0 ? ceil(log10(hi)) : 1;
	if (lhi <= llo)
		lhi = llo + 1;
	for (i = 0; i < BENCH_MODELS && y < LINES - 1; i++, y++) {
		const struct bench_model *m = &b->models[i];

		tui_put(t, y, 1, 17, A_NORMAL, 0, m->name ? m->name : "?");
		v = bench_value(m, which);
		if (v <= 0) {
			tui_put(t, y, 18, COLS - 18, A_DIM, 0,
				m->note[0] ? m->note : "not measured");
			continue;
		}
		n = bw > 0 ? (int)((log10(v) - llo) / (lhi - llo) * bw) : 0;
		if (n < 1)
			n = 1;
		for (c = 0; c < n; c++)
			tui_cell(t, y, 18 + c, L'\x2588', '#', 0,
				 tui_recipe_pair(t, i));
		if (which == 0)
			tui_fmt_bytes(val, sizeof val, v);
		else if (v < 1e3)
			snprintf(val, sizeof val, "%.0f ns", v);
		else if (v < 1e6)
			snprintf(val, sizeof val, "%.1f us", v / 1e3);
		else
			snprintf(val, sizeof val, "%.1f ms", v / 1e6);
		tui_put(t, y, 18 + n + 1, COLS - 19 - n, A_BOLD, 0, val);
	}
	return y;
}

void tui_bench_draw(struct tui *t)
{
	char buf[160];
	int y = 0;

	if (!t->have_bench) {
		tui_put(t, 0, 0, COLS, A_REVERSE | A_BOLD, 0,
			" running the bench... (a few seconds, on this machine) ");
		return;
	}
	snprintf(buf, sizeof buf, " what each model really costs here: %ld "
		 "tasks x %ld waits of about 1 ms ", t->bench.tasks,
		 t->bench.waits);
	tui_put(t, y++, 0, COLS, A_REVERSE | A_BOLD, 0, buf);
	y = bench_chart(t, y, 0, "Memory per task (log scale)");
	if (y < LINES - 3)
		y = bench_chart(t, y + 1, 1, "CPU time per wait (log scale)");
	if (y < LINES - 1)
		tui_put(t, y + 1 < LINES - 1 ? y + 1 : y, 1, COLS - 1, A_BOLD,
			t->bench.ranking_ok ? TUI_PAIR_OK : TUI_PAIR_BAD,
			t->bench.ranking_ok ?
			"as the tutorial says: protothreads < asyncio < "
			"pthreads < processes" :
			"this machine does not rank memory per task as the "
			"tutorial says: see the figures");
	tui_put(t, LINES - 1, 0, COLS, A_REVERSE, 0,
		"any key goes back   B runs the bench again   q quits");
}
