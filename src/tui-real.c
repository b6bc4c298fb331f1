/* SPDX-License-Identifier: ISC */
/*
 * tui-real.c - R: the dinner on screen cooked for real (real.h), in a
 * child process so that the screen stays alive, and its lanes drawn
 * under the model's with the agreement in one line.  A cell where the
 * real lane does something else than the model's lane of the same name
 * is drawn in reverse video: that is where reality departs from the
 * model.  q stops the child and reaps it (its threads and children die
 * with it), as for the bench.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "real-report.h"
#include "tui.h"

bool tui_real_shown(const struct tui *t)
{
	return t->have_real && t->real_menu == t->menu &&
	    t->real_ro.model == t->ro.model && t->real_ro.gil == t->ro.gil &&
	    t->real_ro.locks == t->ro.locks &&
	    t->real_ro.cooks == tui_cooks(t);
}

int tui_real_rows(const struct tui *t)
{
	return tui_real_shown(t) ? 1 + (int)t->real.trace.nlanes : 0;
}

int tui_real_start(struct tui *t)
{
	struct real_opts o;
	char msg[300];
	const char *bad;

	if (t->real_child.pid > 0) {
		tui_logf(t, "R: a real run is going on already");
		return -1;
	}
	if (t->bench_child.pid > 0) {
		tui_logf(t, "R: the bench is running; R once it is done");
		return -1;
	}
	memset(&o, 0, sizeof o);
	o.model = t->ro.model;
	o.cooks = tui_cooks(t);
	o.gil = t->ro.gil;
	o.locks = t->ro.locks;
	o.scale_ms = t->o->real_scale ? t->o->real_scale : REAL_DEFAULT_SCALE_MS;
	o.limit_s = t->o->real_limit > 0 ? t->o->real_limit : REAL_DEFAULT_LIMIT_S;
	if ((bad = real_check(&o, t->d.total, msg, sizeof msg)) != NULL) {
		tui_logf(t, "R: %s", bad);
		return -1;
	}
	if (real_start(&t->real_child, t->menu, &o, msg, sizeof msg) != 0) {
		tui_logf(t, "R: cannot start the real run: %s", msg);
		return -1;
	}
	loop_aux_start(&t->loop, t->real_child.fd);
	t->real_ro = t->ro;
	t->real_ro.cooks = o.cooks;
	t->real_menu = t->menu;
	tui_logf(t, "cooking it for real under %s (about %.1f s)...",
	    model_name(o.model), (double)t->d.total / 60000.0 * o.scale_ms /
	    1000 + 0.05);
	return 0;
}

void tui_real_input(struct tui *t)
{
	struct real_result r;
	char msg[300];
	int rc;

	rc = real_input(&t->real_child, &r, msg, sizeof msg);
	if (rc > 0)
		return;
	loop_aux_stop(&t->loop);
	if (rc < 0) {
		tui_logf(t, "R: the real run failed: %s", msg);
		return;
	}
	tui_real_free(t);
	t->real = r;
	t->have_real = true;
	real_judge_run(&t->real, t->d.full);
	if (t->real.status != REAL_OK && t->real.status != REAL_DEADLOCK) {
		tui_logf(t, "R: the real run did not finish: %s",
		    t->real.note[0] ? t->real.note : "stopped");
		return;
	}
	{
		char s[300];
		size_t i, steps = 0;
		long times = 0;

		real_agreement(s, sizeof s, t->d.full, &t->real);
		tui_logf(t, "%s%s%s", s, t->real.clean ? "" : "; NOT clean: ",
		    t->real.clean ? "" : t->real.clean_why);
		if (t->real.cooks_note[0])
			tui_logf(t, "R: %s", t->real.cooks_note);
		/* Each event of a real trace is a preempted step of work. */
		steps = t->real.trace.nevents;
		for (i = 0; i < t->real.ndishes; i++)
			times += t->real.dishes[i].involuntary;
		if (t->real_ro.model == MODEL_THREADS ||
		    t->real_ro.model == MODEL_PROCESSES)
			tui_logf(t, "R: the operating system preempted the "
			    "recipes %ld time%s, %zu step%s of work among them "
			    "(getrusage)", times, times == 1 ? "" : "s", steps,
			    steps == 1 ? "" : "s");
	}
}

void tui_real_stop(struct tui *t)
{
	if (t->real_child.pid <= 0)
		return;
	loop_aux_stop(&t->loop);
	real_stop(&t->real_child);
}

void tui_real_free(struct tui *t)
{
	if (t->have_real)
		real_result_free(&t->real);
	t->have_real = false;
}

/* The kind on lane `lane` of tr covering most of [a, b), -1 none. */
static int cell_kind(const struct trace *tr, int lane, sched_ms a, sched_ms b)
{
	sched_ms cover[TRACE_KIND_COUNT] = { 0 }, x, y;
	const struct trace_span *sp;
	size_t i;
	int k, best = -1;

	if (lane < 0)
		return -1;
	for (i = 0; i < trace_lane_count(tr, lane); i++) {
		sp = trace_lane_span(tr, lane, i);
		if (sp->end == TRACE_OPEN)
			continue;
		x = sp->start > a ? sp->start : a;
		y = sp->end < b ? sp->end : b;
		if (y > x && sp->kind >= 0 && sp->kind < TRACE_KIND_COUNT)
			cover[sp->kind] += y - x;
	}
	for (k = 0; k < TRACE_KIND_COUNT; k++)
		if (cover[k] > 0 && (best < 0 || cover[k] > cover[best]))
			best = k;
	return best;
}

static int lane_named(const struct trace *tr, const char *name)
{
	size_t i;

	for (i = 0; i < tr->nlanes; i++)
		if (strcmp(tr->lanes[i].name, name) == 0)
			return (int)i;
	return -1;
}

int tui_real_draw(struct tui *t, int y, int h, int label_w, sched_ms axis_end)
{
	const struct trace *rt = &t->real.trace, *st = run_trace(t->d.full);
	int bw = COLS - label_w, rows = 0, i, j, c, sl;
	char s[300], name[64], label[64];
	sched_ms a, b;

	if (h <= 0 || bw < 2)
		return 0;
	snprintf(s, sizeof s, "for real (below): ");
	real_agreement(s + strlen(s), sizeof s - strlen(s), t->d.full, &t->real);
	if (!t->real.clean)
		snprintf(s + strlen(s), sizeof s - strlen(s), " (NOT clean)");
	tui_put(t, y, 0, COLS, A_BOLD, t->real.clean ? TUI_PAIR_OK :
	    TUI_PAIR_BAD, s);
	rows++;
	/* The real lanes in the model's order, then any the model lacks. */
	for (j = 0; j < (int)(st->nlanes + rt->nlanes) && rows < h; j++) {
		if (j < (int)st->nlanes) {
			i = lane_named(rt, trace_lane_name(st, j));
			sl = j;
		} else {
			i = j - (int)st->nlanes;
			if (lane_named(st, trace_lane_name(rt, i)) >= 0)
				continue;
			sl = -1;
		}
		if (i < 0)
			continue;
		esc_text(name, sizeof name, trace_lane_name(rt, i), t->ascii);
		tui_lane_label(label, sizeof label, name, label_w - 1);
		tui_put(t, y + rows, 0, label_w - 1, A_DIM, 0, label);
		tui_lane(t, rt, i, y + rows, label_w, bw, axis_end,
		    axis_end);
		/* Deviations: reverse the cells that differ from the model. */
		for (c = 0; c < bw; c++) {
			a = (sched_ms)((long long)axis_end * c / bw);
			b = (sched_ms)((long long)axis_end * (c + 1) / bw);
			if (cell_kind(rt, i, a, b) != cell_kind(st, sl, a, b))
				mvchgat(y + rows, label_w + c, 1, A_REVERSE, 0, NULL);
		}
		rows++;
	}
	return rows;
}
