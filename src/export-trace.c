/* SPDX-License-Identifier: ISC */
/*
 * export-trace.c - --export=trace:FILE, the Chrome Trace Event Format
 * (the JSON Perfetto and chrome://tracing open).
 *
 * Each kitchen is a process and each lane a thread track: the shared
 * kitchen holds the cooks, the GIL and the appliances; under the
 * processes model every recipe's own kitchen is a process of its own,
 * found by the "recipe: appliance" name its lanes carry.  With several
 * runs (--compare) each run's kitchens get their own process ids.  Every
 * span is one complete ("X") event; virtual milliseconds become
 * microseconds by multiplying by 1000, so ts and dur are exact integers.
 * Log lines are instant ("i") events on a "log" track of the kitchen.
 *
 * Streaming: the names of steps are escaped once per run (O(steps)), then
 * each span is printed straight from the trace, O(1) memory per span.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "export.h"
#include "report.h"

/* Process ids: run i owns KITCHENS_PER_RUN ids from 1 + i * that. */
#define KITCHENS_PER_RUN 1000

/* The kitchen (0 shared, 1 + recipe) a lane belongs to. */
static int
lane_kitchen(const struct run *r, const char *lane, char *const *names)
{
	const struct menu *m = run_menu(r);
	size_t i, n;

	if (run_options(r)->model != MODEL_PROCESSES)
		return 0;
	for (i = 0; i < m->nrecipes && i < KITCHENS_PER_RUN - 1; i++) {
		if (names[i] == NULL)
			continue;
		n = strlen(names[i]);
		if (strncmp(lane, names[i], n) == 0 && lane[n] == ':')
			return 1 + (int)i;
	}
	return 0;
}

static void
meta(FILE *f, const char *what, int pid, int tid, const char *key,
     const char *name, const char *name2)
{
	fprintf(f, ",\n{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%d,\"tid\":%d,"
		"\"args\":{\"%s\":", what, pid, tid, key);
	if (name2 != NULL) {
		/* "model: name", both parts safe already */
		size_t n = strlen(name) + strlen(name2) + 3;
		char *s = malloc(n);

		if (s != NULL)
			snprintf(s, n, "%s: %s", name, name2);
		export_json_str(f, s ? s : name2, false);
		free(s);
	} else {
		export_json_str(f, name, false);
	}
	fputs("}}", f);
}

/* One run: metadata, spans, log.  `base` is its first process id. */
static int
trace_run(FILE *f, const struct run *r, int base)
{
	const struct trace *tr = run_trace(r);
	const struct menu *m = run_menu(r);
	const char *model = model_name(run_options(r)->model);
	char **names = calloc(m->nrecipes + 1, sizeof *names);
	int *lane_pid = calloc(tr->nlanes + 1, sizeof *lane_pid);
	char ***stepname = calloc(m->nrecipes + 1, sizeof *stepname);
	char *kname;
	size_t i, j, cap = 0;
	bool *used;
	int status = -1, k;

	used = calloc(m->nrecipes + 1, sizeof *used);
	if (names == NULL || lane_pid == NULL || stepname == NULL || used == NULL)
		goto out;
	for (i = 0; i < m->nrecipes; i++) {
		const struct recipe *rc = m->recipes[i];

		if ((names[i] = esc_dup(rc->name, false)) == NULL)
			goto out;
		if ((stepname[i] = calloc(rc->nsteps + 1, sizeof **stepname)) == NULL)
			goto out;
		for (j = 0; j < rc->nsteps; j++)
			if ((stepname[i][j] = esc_dup(rc->steps[j].text, false)) == NULL)
				goto out;
	}
	for (i = 0; i < tr->nlanes; i++) {
		k = lane_kitchen(r, tr->lanes[i].name, names);
		lane_pid[i] = base + k;
		used[k] = true;
	}
	used[0] = true;         /* the log lives there */

	for (k = 0; k <= (int)m->nrecipes; k++) {
		if (!used[k])
			continue;
		if (k == 0) {
			meta(f, "process_name", base, 0, "name", model,
			     run_options(r)->model == MODEL_PROCESSES ?
			     "cooks" : "kitchen");
		} else {
			cap = strlen(names[k - 1]) + 20;
			if ((kname = malloc(cap)) == NULL)
				goto out;
			snprintf(kname, cap, "%s's kitchen", names[k - 1]);
			meta(f, "process_name", base + k, 0, "name", model, kname);
			free(kname);
		}
		fprintf(f, ",\n{\"ph\":\"M\",\"name\":\"process_sort_index\","
			"\"pid\":%d,\"tid\":0,\"args\":{\"sort_index\":%d}}",
			base + k, base + k);
	}
	meta(f, "thread_name", base, 0, "name", "log", NULL);
	for (i = 0; i < tr->nlanes; i++) {
		meta(f, "thread_name", lane_pid[i], (int)i + 1, "name",
		     tr->lanes[i].name, NULL);
		fprintf(f, ",\n{\"ph\":\"M\",\"name\":\"thread_sort_index\","
			"\"pid\":%d,\"tid\":%zu,\"args\":{\"sort_index\":%zu}}",
			lane_pid[i], i + 1, i + 1);
	}

	for (i = 0; i < tr->nspans; i++) {
		const struct trace_span *sp = &tr->spans[i];
		sched_ms end = sp->end == TRACE_OPEN ? report_open_end(r) : sp->end;
		const char *what;

		if (sp->recipe >= 0 && (size_t)sp->recipe < m->nrecipes &&
		    sp->step >= 0 &&
		    (size_t)sp->step < m->recipes[sp->recipe]->nsteps)
			what = stepname[sp->recipe][sp->step];
		else
			what = report_span_what(r, sp);
		fprintf(f, ",\n{\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
			"\"ts\":%" PRId64 ",\"dur\":%" PRId64 ",\"name\":",
			lane_pid[sp->lane], sp->lane + 1,
			(int64_t)sp->start * 1000,
			(int64_t)(end - sp->start) * 1000);
		export_json_str(f, what, false);
		fprintf(f, ",\"cat\":\"%s\",\"args\":{\"recipe\":",
			report_kind_name(sp->kind));
		if (sp->recipe >= 0 && (size_t)sp->recipe < m->nrecipes)
			export_json_str(f, names[sp->recipe], false);
		else
			fputs("null", f);
		if (sp->step >= 0)
			fprintf(f, ",\"step\":%d", sp->step + 1);
		else
			fputs(",\"step\":null", f);
		fprintf(f, ",\"table\":%d}}", sp->table + 1);
	}
	for (i = 0; i < tr->nevents; i++) {
		fprintf(f, ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":0,"
			"\"ts\":%" PRId64 ",\"name\":", base,
			(int64_t)tr->events[i].time * 1000);
		export_json_str(f, tr->events[i].text, false);
		fputs(",\"args\":{\"text\":", f);
		export_json_str(f, tr->events[i].text, false);
		fputs("}}", f);
	}
	status = ferror(f) ? -1 : 0;
out:
	if (names != NULL)
		for (i = 0; i < m->nrecipes; i++)
			free(names[i]);
	if (stepname != NULL) {
		for (i = 0; i < m->nrecipes; i++) {
			if (stepname[i] == NULL)
				continue;
			for (j = 0; j < m->recipes[i]->nsteps; j++)
				free(stepname[i][j]);
			free(stepname[i]);
		}
	}
	free(stepname);
	free(names);
	free(lane_pid);
	free(used);
	return status;
}

int
export_trace(FILE *f, struct run *const *runs, size_t n)
{
	size_t i;

	/* The metadata event first, so every later event starts ",\n". */
	fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":"
	      "\"" PACKAGE_NAME " " PACKAGE_VERSION "\",\"time\":"
	      "\"virtual: 1 us here is 1 us of the dinner\"},\n"
	      "\"traceEvents\":[\n{\"ph\":\"M\",\"name\":\"process_name\","
	      "\"pid\":0,\"tid\":0,\"args\":{\"name\":\"kitchen-tui\"}}", f);
	for (i = 0; i < n; i++)
		if (trace_run(f, runs[i], 1 + (int)i * KITCHENS_PER_RUN) < 0)
			return -1;
	fputs("\n]}\n", f);
	return ferror(f) ? -1 : 0;
}
