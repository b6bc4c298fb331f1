/* SPDX-License-Identifier: ISC */
/*
 * real-report.c - a real run beside its model: the text chart with both
 * timelines lane by lane (simulated above, real below), the dishes with
 * both ready times, the agreement in one sentence, and the JSON "real"
 * object.
 *
 * Pure formatting of a finished simulated run and a finished real one.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchreal.h"
#include "esc.h"
#include "real-report.h"
#include "report.h"

static const char *
kind_json(int k)
{
	return report_kind_name(k);
}

void
real_judge_run(struct real_result *rr, const struct run *sim)
{
	/* Against a model that deadlocked, a total means nothing. */
	real_judge(rr, run_deadlock(sim) != NULL ? 0 : run_result(sim)->total);
}

void
real_agreement(char *buf, size_t n, const struct run *sim,
	       const struct real_result *rr)
{
	const char *model = model_name(run_options(sim)->model);
	sched_ms st = run_result(sim)->total;
	double off;

	switch (rr->status) {
	case REAL_LIMIT:
		snprintf(buf, n, "the real %s run was stopped at the "
		    "--real-limit of %g s", model, rr->opts.limit_s);
		return;
	case REAL_STOPPED:
		snprintf(buf, n, "the real %s run was stopped by %s", model,
		    real_signal_name(rr->signo));
		return;
	case REAL_FAILED:
		snprintf(buf, n, "the real %s run failed: %s", model, rr->note);
		return;
	case REAL_DEADLOCK:
		snprintf(buf, n, "the real %s run deadlocked%s", model,
		    run_deadlock(sim) != NULL ? ", as the model did" :
		    " (the model did not)");
		return;
	case REAL_OK:
	default:
		break;
	}
	if (run_deadlock(sim) != NULL) {
		snprintf(buf, n, "real %s served every dish where the model "
		    "deadlocked: the schedule decides", model);
		return;
	}
	off = st > 0 ? (double)(rr->total - st) / (double)st * 100.0 : 0;
	if (off <= REAL_CLEAN_OFF * 100 && off >= -REAL_CLEAN_OFF * 100)
		snprintf(buf, n, "real %s finished within %.1f%% of the model",
		    model, off < 0 ? -off : off);
	else
		snprintf(buf, n, "real %s finished %.1f%% %s than the model",
		    model, off < 0 ? -off : off, off < 0 ? "sooner" : "later");
}

/* ---- the chart -------------------------------------------------------------- */

/* The kind covering most of column c's stretch on lane `lane` of tr. */
static int
col_kind(const struct trace *tr, int lane, sched_ms a, sched_ms b)
{
	sched_ms cover[TRACE_KIND_COUNT] = { 0 }, s, e, x, y;
	const struct trace_span *sp;
	size_t i;
	int k, best = -1;

	if (lane < 0)
		return -1;
	for (i = 0; i < trace_lane_count(tr, lane); i++) {
		sp = trace_lane_span(tr, lane, i);
		s = sp->start;
		e = sp->end == TRACE_OPEN ? s : sp->end;
		x = s > a ? s : a;
		y = e < b ? e : b;
		if (y > x && sp->kind >= 0 && sp->kind < TRACE_KIND_COUNT)
			cover[sp->kind] += y - x;
	}
	for (k = 0; k < TRACE_KIND_COUNT; k++)
		if (cover[k] > 0 && (best < 0 || cover[k] > cover[best]))
			best = k;
	return best;
}

static int
lane_by_name(const struct trace *tr, const char *name)
{
	size_t i;

	for (i = 0; i < tr->nlanes; i++)
		if (strcmp(tr->lanes[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void
chart_row(FILE *f, const struct trace *tr, int lane, sched_ms colms,
	  int width, bool ascii)
{
	int c, k;

	for (c = 0; c < width; c++) {
		k = col_kind(tr, lane, c * colms, (c + 1) * colms);
		fputs(k < 0 ? " " : report_kind_char(k, ascii), f);
	}
}

static void
deviation_row(FILE *f, const struct trace *sim, int sl, const struct trace *re,
	      int rl, sched_ms colms, int width)
{
	int c;

	for (c = 0; c < width; c++)
		fputc(col_kind(sim, sl, c * colms, (c + 1) * colms) !=
		    col_kind(re, rl, c * colms, (c + 1) * colms) ? '^' : ' ', f);
}

static void
chart(FILE *f, const struct run *sim, const struct real_result *rr, bool ascii)
{
	const struct trace *st = run_trace(sim), *rt = &rr->trace;
	sched_ms total = trace_end_time(st, run_now(sim)), colms, t, step;
	int label = 4, width, c, sl, rl;
	size_t i, nl = st->nlanes + rt->nlanes;
	const char *name;
	bool any;
	static const int tick_min[] = { 1, 2, 5, 10, 15, 20, 30, 60, 120, 240 };

	if (trace_end_time(rt, 0) > total)
		total = trace_end_time(rt, 0);
	if (total <= 0)
		total = 1;
	for (i = 0; i < nl; i++) {
		name = i < st->nlanes ? st->lanes[i].name :
		    rt->lanes[i - st->nlanes].name;
		if (report_width(name) > label)
			label = report_width(name);
	}
	if (label > 24)
		label = 24;
	width = REPORT_PROSE_WIDTH - label - 8;
	if (width > REPORT_WIDTH)
		width = REPORT_WIDTH;
	colms = (total + width - 1) / width;
	for (i = 0; i < nl; i++) {
		if (i < st->nlanes) {
			name = st->lanes[i].name;
			sl = (int)i;
			rl = lane_by_name(rt, name);
		} else {
			name = rt->lanes[i - st->nlanes].name;
			if (lane_by_name(st, name) >= 0)
				continue;       /* drawn with the model's */
			sl = -1;
			rl = (int)(i - st->nlanes);
		}
		report_put_padded(f, name, ascii, label, true);
		fputs(" sim  |", f);
		chart_row(f, st, sl, colms, width, ascii);
		fputs("|\n", f);
		fprintf(f, "%*s real |", label, "");
		chart_row(f, rt, rl, colms, width, ascii);
		fputs("|\n", f);
		any = false;
		for (c = 0; c < width && !any; c++)
			any = col_kind(st, sl, c * colms, (c + 1) * colms) !=
			    col_kind(rt, rl, c * colms, (c + 1) * colms);
		if (any) {
			fprintf(f, "%*s      ", label, "");
			deviation_row(f, st, sl, rt, rl, colms, width);
			fputc('\n', f);
		}
	}
	/* A tick every 1, 2, 5, 10 ... minutes: at most one per 8 columns. */
	for (i = 0; i < sizeof tick_min / sizeof tick_min[0]; i++) {
		step = (sched_ms)tick_min[i] * 60000;
		if (total / step < width / 8)
			break;
	}
	fprintf(f, "%*s       ", label, "");
	for (c = 0; c < width; c++) {
		t = (c * colms + step - 1) / step * step;
		fputc(t < (c + 1) * colms ? '+' : '-', f);
	}
	fputc('\n', f);
	fprintf(f, "%*s       0m", label, "");
	{
		int pos, last = 2;
		char lab[32];

		for (t = step; t <= total; t += step) {
			pos = (int)(t / colms);
			snprintf(lab, sizeof lab, "%ldm", (long)(t / 60000));
			if (pos < last + 1 || pos + (int)strlen(lab) > width)
				continue;
			fprintf(f, "%*s%s", pos - last, "", lab);
			last = pos + (int)strlen(lab);
		}
	}
	fputc('\n', f);
	fprintf(f, "%*s       ^ where the real lane differs from the model's\n",
	    label, "");
}

/* ---- text ---------------------------------------------------------------------- */

static void
mmss(char *buf, size_t n, sched_ms ms)
{
	report_mmss(buf, n, ms);
}

static void
signed_mmss(char *buf, size_t n, sched_ms d)
{
	char t[32];

	report_mmss(t, sizeof t, d < 0 ? -d : d);
	snprintf(buf, n, "%c%s", d < 0 ? '-' : '+', t);
}

int
real_report_text(FILE *f, const struct run *sim, const struct real_result *rr,
		 bool ascii)
{
	const struct menu *m = run_menu(sim);
	const struct run_result *res = run_result(sim);
	char a[32], b[32], d[40], mem[40], *name;
	char sentence[300];
	size_t i;
	int namew = 6;
	bool per_thread;

	name = esc_dup(m->name, false);
	fprintf(f, "%s under %s, cooked for real: 1 virtual minute = %d ms of "
	    "wall time, %d cook%s\n", name ? name : "?",
	    model_name(run_options(sim)->model), rr->opts.scale_ms, rr->cooks,
	    rr->cooks == 1 ? "" : "s");
	free(name);
	if (rr->cooks_note[0])
		fprintf(f, "note: %s\n", rr->cooks_note);
	fputc('\n', f);
	if (rr->status == REAL_OK || rr->status == REAL_LIMIT ||
	    rr->status == REAL_DEADLOCK) {
		chart(f, sim, rr, ascii);
		fputc('\n', f);
	}
	for (i = 0; i < m->nrecipes; i++)
		if (report_width(m->recipes[i]->name) > namew)
			namew = report_width(m->recipes[i]->name);
	fprintf(f, "%-*s  %8s  %8s  %9s\n", namew + 2, "dishes:", "model",
	    "real", "real-model");
	for (i = 0; i < res->ndishes && i < rr->ndishes; i++) {
		const struct run_dish *sd = &res->dishes[i];
		const struct real_dish *rd = &rr->dishes[i];

		if (sd->ready_at >= 0)
			mmss(a, sizeof a, sd->ready_at);
		else
			snprintf(a, sizeof a, "-");
		if (rd->ready_at >= 0 && sd->ready_at >= 0) {
			mmss(b, sizeof b, rd->ready_at);
			signed_mmss(d, sizeof d, rd->ready_at - sd->ready_at);
		} else if (rd->ready_at >= 0) {
			mmss(b, sizeof b, rd->ready_at);
			snprintf(d, sizeof d, "-");
		} else {
			snprintf(b, sizeof b, "-");
			snprintf(d, sizeof d, "not served");
		}
		name = esc_dup(m->recipes[sd->recipe]->name, false);
		fputs("  ", f);
		report_put_padded(f, name ? name : "?", ascii, namew, true);
		fprintf(f, "  %8s  %8s  %9s  model %s, real %s\n", a, b, d,
		    sd->ready_at < 0 ? "not served" : sd->ok ? "ok" : "RUINED",
		    rd->ready_at < 0 ? "not served" : rd->ok ? "ok" : "RUINED");
		if (rd->ready_at >= 0 && !rd->ok) {
			char *p = esc_dup(rd->problem, false);

			fputs("    real: ", f);
			report_wrap(f, p ? p : "?", 10, 10);
			free(p);
		}
		free(name);
	}
	mmss(a, sizeof a, res->total);
	mmss(b, sizeof b, rr->total);
	fprintf(f, "total: model %s, real %s\n", a, b);
	bench_fmt_bytes((double)rr->peak_rss_bytes, 2, mem, sizeof mem);
	fprintf(f, "wall time %.3f s, CPU %.3f s, peak resident %s, "
	    "context switches %" PRIu64 "\n", rr->wall_seconds,
	    rr->cpu_seconds, mem, rr->context_switches);
	bench_fmt_bytes(rr->memory_per_recipe, 2, mem, sizeof mem);
	fprintf(f, "resident memory per recipe (measured with all of them "
	    "alive): %s%s\n", mem, rr->memory_per_recipe < 1 ?
	    " (less than the 4 KiB page the resident set grows by)" : "");
	per_thread = run_options(sim)->model == MODEL_THREADS ||
	    run_options(sim)->model == MODEL_PROCESSES;
	if (per_thread) {
		fprintf(f, "per %s: CPU time, voluntary and involuntary "
		    "(preempted) switches\n", run_options(sim)->model ==
		    MODEL_THREADS ? "thread" : "process");
		for (i = 0; i < rr->ndishes; i++) {
			name = esc_dup(m->recipes[i]->name, false);
			fputs("  ", f);
			report_put_padded(f, name ? name : "?", ascii, namew, true);
			fprintf(f, "  %.3f s  %ld voluntary  %ld involuntary\n",
			    rr->dishes[i].cpu_seconds, rr->dishes[i].voluntary,
			    rr->dishes[i].involuntary);
			free(name);
		}
	}
	if (per_thread && rr->trace.nevents > 0) {
		size_t shown = rr->trace.nevents < 12 ? rr->trace.nevents : 12;

		fputs("where the operating system preempted a step of work:\n", f);
		for (i = 0; i < shown; i++) {
			mmss(a, sizeof a, rr->trace.events[i].time);
			fprintf(f, "  %6s  ", a);
			report_put_padded(f, rr->trace.events[i].text, ascii,
			    report_width(rr->trace.events[i].text), true);
			fputc('\n', f);
		}
		if (shown < rr->trace.nevents)
			fprintf(f, "  ... and %zu more\n",
			    rr->trace.nevents - shown);
	}
	real_agreement(sentence, sizeof sentence, sim, rr);
	fprintf(f, "%s.\n", sentence);
	if (rr->clean)
		fprintf(f, "clean: yes (load average %.2f)\n", rr->load_average);
	else {
		fputs("clean: NO: ", f);
		report_wrap(f, rr->clean_why, 11, 4);
	}
	return ferror(f) ? -1 : 0;
}

/* ---- JSON ------------------------------------------------------------------------- */

static const char *
span_what(const struct menu *m, const struct trace_span *sp)
{
	if (sp->recipe >= 0 && (size_t)sp->recipe < m->nrecipes &&
	    sp->step >= 0 && (size_t)sp->step < m->recipes[sp->recipe]->nsteps)
		return m->recipes[sp->recipe]->steps[sp->step].text;
	switch (sp->kind) {
	case TRACE_START: return "start the process / hand results back";
	case TRACE_GIL: return "holds the GIL";
	default: return "";
	}
}

static void
json_real(FILE *f, const struct run *sim, const struct real_result *rr)
{
	const struct menu *m = run_menu(sim);
	const struct run_result *res = run_result(sim);
	const struct trace *tr = &rr->trace;
	const struct trace_span *sp;
	char a[32], b[32];
	size_t i;

	fprintf(f, "  \"real\": {\n    \"scale_ms\": %d,\n", rr->opts.scale_ms);
	report_secs(a, sizeof a, rr->total);
	fprintf(f, "    \"total_seconds\": %s,\n", a);
	fprintf(f, "    \"wall_seconds\": %.6f,\n", rr->wall_seconds);
	fputs("    \"spans\": [", f);
	for (i = 0; i < tr->nspans; i++) {
		sp = &tr->spans[i];
		fprintf(f, "%s\n      {\"lane\": ", i ? "," : "");
		report_json_string(f, tr->lanes[sp->lane].name);
		fputs(", \"recipe\": ", f);
		if (sp->recipe >= 0)
			report_json_string(f, m->recipes[sp->recipe]->name);
		else
			fputs("null", f);
		if (sp->step >= 0)
			fprintf(f, ", \"step\": %d", sp->step + 1);
		else
			fputs(", \"step\": null", f);
		fputs(", \"what\": ", f);
		report_json_string(f, span_what(m, sp));
		report_secs(a, sizeof a, sp->start);
		report_secs(b, sizeof b, sp->end == TRACE_OPEN ? sp->start : sp->end);
		fprintf(f, ", \"kind\": \"%s\", \"start\": %s, \"end\": %s}",
		    kind_json(sp->kind), a, b);
	}
	fputs(tr->nspans ? "\n    ],\n" : "],\n", f);
	fputs("    \"dishes\": [", f);
	for (i = 0; i < rr->ndishes && i < res->ndishes; i++) {
		const struct real_dish *d = &rr->dishes[i];
		sched_ms sr = res->dishes[i].ready_at;

		fprintf(f, "%s\n      {\"recipe\": ", i ? "," : "");
		report_json_string(f, m->recipes[i]->name);
		if (d->ready_at >= 0) {
			report_secs(a, sizeof a, d->ready_at);
			fprintf(f, ", \"ready_at\": %s", a);
		} else {
			fputs(", \"ready_at\": null", f);
		}
		if (sr >= 0) {
			report_secs(a, sizeof a, sr);
			fprintf(f, ", \"simulated_ready_at\": %s", a);
		} else {
			fputs(", \"simulated_ready_at\": null", f);
		}
		if (d->ready_at >= 0 && sr >= 0) {
			sched_ms diff = d->ready_at - sr;

			report_secs(a, sizeof a, diff < 0 ? -diff : diff);
			fprintf(f, ", \"difference_seconds\": %s%s",
			    diff < 0 ? "-" : "", a);
		} else {
			fputs(", \"difference_seconds\": null", f);
		}
		fprintf(f, ", \"ok\": %s, \"problem\": ",
		    d->ready_at >= 0 && d->ok ? "true" : "false");
		if (d->ready_at >= 0 && d->ok)
			fputs("null", f);
		else
			report_json_string(f, d->ready_at < 0 ? "not served" :
			    d->problem);
		fputc('}', f);
	}
	fputs(i ? "\n    ],\n" : "],\n", f);
	fprintf(f, "    \"cpu_seconds\": %.6f,\n", rr->cpu_seconds);
	fprintf(f, "    \"peak_rss_bytes\": %" PRIu64 ",\n", rr->peak_rss_bytes);
	fprintf(f, "    \"context_switches\": %" PRIu64 ",\n",
	    rr->context_switches);
	fprintf(f, "    \"clean\": %s\n  }", rr->clean ? "true" : "false");
}

int
real_report_json(FILE *f, const struct run *sim, const struct real_result *rr,
		 const struct report_opts *ro)
{
	char *buf = NULL, *end;
	size_t len = 0;
	FILE *mem;

	/* The simulated run exactly as --batch --format=json prints it, with
	 * one more member before its closing brace. */
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return -1;
	if (report_json(mem, sim, ro) != 0 || fclose(mem) != 0) {
		free(buf);
		return -1;
	}
	end = strrchr(buf, '}');
	if (end == NULL) {
		free(buf);
		return -1;
	}
	while (end > buf && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	fwrite(buf, 1, (size_t)(end - buf), f);
	fputs(",\n", f);
	json_real(f, sim, rr);
	fputs("\n}\n", f);
	free(buf);
	return ferror(f) ? -1 : 0;
}
