/* SPDX-License-Identifier: ISC */
/*
 * benchreal-print.c - kitchen-tui --bench: run the bench, print the report.
 *
 * Text: a table with units, the ranking line and the engine line.  JSON:
 * {"tasks", "waits", "models": [...], "engine": {...}}, a figure that was
 * not measured is null, and a model or engine that was skipped, failed or
 * hit a system limit carries "status" and "note".
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchreal-impl.h"
#include "opts.h"
#include "report.h"

/* ---- units --------------------------------------------------------------- */

const char *
bench_fmt_bytes(double b, int gib_decimals, char *buf, size_t sz)
{
	if (b < 1024)
		snprintf(buf, sz, "%.0f B", b);
	else if (b < 1024 * 1024)
		snprintf(buf, sz, "%.1f KiB", b / 1024);
	else if (b < 1024.0 * 1024 * 1024)
		snprintf(buf, sz, "%.1f MiB", b / (1024 * 1024));
	else
		snprintf(buf, sz, "%.*f GiB", gib_decimals,
		    b / (1024.0 * 1024 * 1024));
	return buf;
}

/* The report's own: two places for GiB. */
static const char *
fmt_bytes(double b, char *buf, size_t sz)
{
	return bench_fmt_bytes(b, 2, buf, sz);
}

static const char *
fmt_ns(double ns, char *buf, size_t sz)
{
	if (ns < 1e3)
		snprintf(buf, sz, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, sz, "%.1f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, sz, "%.1f ms", ns / 1e6);
	else
		snprintf(buf, sz, "%.2f s", ns / 1e9);
	return buf;
}

/* ---- text ---------------------------------------------------------------- */

static void
print_engine_text(FILE *f, const struct bench_engine *e)
{
	char b1[32], b2[32], b3[32], line[512];

	if (e->status != BENCH_OK) {
		snprintf(line, sizeof line, "engine: %s: %s",
		    e->status == BENCH_SKIPPED ? "skipped" : "failed", e->note);
		report_wrap(f, line, 0, 2);
		return;
	}
	snprintf(line, sizeof line, "engine: %llu concurrent recipe runs "
	    "(salmon-dinner x 333334 tables, coroutines):",
	    (unsigned long long)e->runs);
	report_wrap(f, line, 0, 2);
	fputs("  ", f);
	snprintf(line, sizeof line, "%llu events in %.2f s (%.2f s of CPU) = "
	    "%.2f M events per CPU second (target >= 1 M: %s);",
	    (unsigned long long)e->events, e->wall_seconds,
	    e->events_per_second > 0 ?
	    (double)e->events / e->events_per_second : 0,
	    e->events_per_second / 1e6,
	    e->events_per_second >= BENCH_TARGET_EVENTS_PER_SECOND ? "met" : "MISSED");
	report_wrap(f, line, 2, 4);
	fputs("  ", f);
	snprintf(line, sizeof line, "peak RSS %s (%s per run, everything "
	    "included); engine state %s per run (target <= %d B: %s)",
	    fmt_bytes((double)e->peak_rss_bytes, b1, sizeof b1),
	    fmt_bytes(e->runs ? (double)e->peak_rss_bytes / (double)e->runs : 0,
	    b3, sizeof b3),
	    fmt_bytes(e->state_bytes_per_run, b2, sizeof b2),
	    BENCH_TARGET_STATE_BYTES,
	    e->state_bytes_per_run <= BENCH_TARGET_STATE_BYTES ? "met" : "MISSED");
	report_wrap(f, line, 2, 4);
}

/* protothreads, libev-callbacks, asyncio, pthreads, processes */
static const int text_order[BENCH_MODELS] = { 0, 1, 4, 2, 3 };

static void
print_text(FILE *f, const struct bench_report *r)
{
	char b[5][32], line[512];
	const struct bench_model *m;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int i;

	fprintf(f, "kitchen-tui --bench: %ld recipe%s, each %ld real wait%s of "
	    "1 ms, on %ld CPU%s\n\n", r->tasks, r->tasks == 1 ? "" : "s",
	    r->waits, r->waits == 1 ? "" : "s", cpus, cpus == 1 ? "" : "s");
	fprintf(f, "%-16s %9s %9s %10s %12s %12s\n", "model", "wall",
	    "CPU/wait", "peak RSS", "memory/task", "create/task");
	/* Rows in the tutorial's order of memory per task, cheapest first,
	 * so that the ranking line reads down the memory/task column. */
	for (i = 0; i < BENCH_MODELS; i++) {
		m = &r->models[text_order[i]];
		if (!bench_measured(m)) {
			snprintf(line, sizeof line, "%-16s %s: %s", m->name,
			    m->status == BENCH_FAILED ? "failed" :
			    m->status == BENCH_LIMIT ? "limit" : "skipped", m->note);
			report_wrap(f, line, 0, 17);
			continue;
		}
		snprintf(b[0], sizeof b[0], "%.3f s", m->wall_seconds);
		fprintf(f, "%-16s %9s %9s %10s %12s %12s\n", m->name, b[0],
		    fmt_ns(m->cpu_per_wait_ns, b[1], sizeof b[1]),
		    fmt_bytes((double)m->peak_rss_bytes, b[2], sizeof b[2]),
		    fmt_bytes(m->memory_per_task_bytes, b[3], sizeof b[3]),
		    fmt_ns(m->create_ns, b[4], sizeof b[4]));
		if (m->status == BENCH_LIMIT) {
			fprintf(f, "%16s ", "");
			snprintf(line, sizeof line, "^ %s (figures for the "
			    "%ld created)", m->note, m->tasks_run);
			report_wrap(f, line, 17, 19);
		}
		if (m->reserved_bytes_per_task > 0) {
			fprintf(f, "%16s ", "");
			snprintf(line, sizeof line, "^ plus %s of stack reserved "
			    "per thread, virtual and mostly untouched",
			    fmt_bytes(m->reserved_bytes_per_task, b[0], sizeof b[0]));
			report_wrap(f, line, 17, 19);
		}
	}
	fputs("\nmemory/task: resident pages + page tables added per live task "
	    "(processes: each\n  child's own pages); CPU/wait: CPU time of the "
	    "run / (tasks x waits).\n", f);
	snprintf(line, sizeof line, "ranking by memory per task: %s",
	    r->ranking_note);
	report_wrap(f, line, 0, 2);
	if (r->ratio_runs > 0) {
		snprintf(line, sizeof line, "protothreads / libev callbacks, "
		    "CPU per wait: %.2fx (median of %d paired runs of %ld "
		    "tasks x %ld waits; %.2f-%.2f); their two rows above are "
		    "those runs' medians", r->pt_cb_ratio, r->ratio_runs,
		    r->ratio_tasks, r->ratio_waits, r->pt_cb_ratio_min,
		    r->pt_cb_ratio_max);
		report_wrap(f, line, 0, 2);
	}
	if (r->python[0] != '\0') {
		snprintf(line, sizeof line, "asyncio ran on %s", r->python);
		report_wrap(f, line, 0, 2);
	}
	print_engine_text(f, &r->engine);
}

/* ---- JSON ---------------------------------------------------------------- */

static void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* One "key": value after `sep`; null when not measured. */
static void
json_double(FILE *f, const char *sep, const char *key, double v, bool have)
{
	if (have && isfinite(v))
		fprintf(f, "%s\"%s\": %.9g", sep, key, v);
	else
		fprintf(f, "%s\"%s\": null", sep, key);
}

static void
json_u64(FILE *f, const char *sep, const char *key, uint64_t v, bool have)
{
	if (have)
		fprintf(f, "%s\"%s\": %llu", sep, key, (unsigned long long)v);
	else
		fprintf(f, "%s\"%s\": null", sep, key);
}

static const char *
status_name(enum bench_status s)
{
	switch (s) {
	case BENCH_OK: return "ok";
	case BENCH_SKIPPED: return "skipped";
	case BENCH_LIMIT: return "limit";
	case BENCH_FAILED: default: return "failed";
	}
}

/* What went other than planned: , "status": "...", "note": "..." */
static void
json_status(FILE *f, enum bench_status s, const char *note)
{
	fprintf(f, ", \"status\": \"%s\", \"note\": ", status_name(s));
	json_string(f, note);
}

static void
print_json(FILE *f, const struct bench_report *r)
{
	const struct bench_model *m;
	const struct bench_engine *e = &r->engine;
	bool have;
	int i;

	fprintf(f, "{\"tasks\": %ld, \"waits\": %ld, \"models\": [\n",
	    r->tasks, r->waits);
	for (i = 0; i < BENCH_MODELS; i++) {
		m = &r->models[i];
		have = bench_measured(m);
		fputs("  {\"name\": ", f);
		json_string(f, m->name);
		json_double(f, ", ", "wall_seconds", m->wall_seconds, have);
		json_double(f, ", ", "cpu_per_wait_ns", m->cpu_per_wait_ns, have);
		json_u64(f, ", ", "peak_rss_bytes", m->peak_rss_bytes, have);
		json_double(f, ", ", "memory_per_task_bytes",
		    m->memory_per_task_bytes, have);
		json_double(f, ", ", "create_ns", m->create_ns, have);
		if (m->status != BENCH_OK)
			json_status(f, m->status, m->note);
		fprintf(f, "}%s\n", i + 1 < BENCH_MODELS ? "," : "");
	}
	have = e->status == BENCH_OK;
	fputs("], \"engine\": {", f);
	json_u64(f, "", "runs", e->runs, have);
	json_u64(f, ", ", "events", e->events, have);
	json_double(f, ", ", "events_per_second", e->events_per_second, have);
	json_u64(f, ", ", "peak_rss_bytes", e->peak_rss_bytes, have);
	json_double(f, ", ", "state_bytes_per_run", e->state_bytes_per_run, have);
	if (!have)
		json_status(f, e->status, e->note);
	fputs("}, \"ranking\": {\"ok\": ", f);
	fputs(r->ranking_ok ? "true" : "false", f);
	fputs(", \"verdict\": ", f);
	json_string(f, r->ranking_note);
	fputs("}, \"protothreads_vs_libev\": ", f);
	if (r->ratio_runs > 0)
		fprintf(f, "{\"cpu_per_wait_ratio\": %.4f, \"min\": %.4f, "
		    "\"max\": %.4f, \"runs\": %d, \"tasks\": %ld, "
		    "\"waits\": %ld}", r->pt_cb_ratio, r->pt_cb_ratio_min,
		    r->pt_cb_ratio_max, r->ratio_runs, r->ratio_tasks,
		    r->ratio_waits);
	else
		fputs("null", f);
	fputs(", \"python\": ", f);
	if (r->python[0] != '\0')
		json_string(f, r->python);
	else
		fputs("null", f);
	fputs("}\n", f);
}

/* ---- bench_main ---------------------------------------------------------- */

static volatile sig_atomic_t bench_signal;

static void
bench_on_signal(int sig)
{
	bench_signal = sig;
}

int
bench_main(const struct kt_opts *ko)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	struct bench_opts o;
	struct bench_report rep;
	const char *env;
	char err[256];
	int i, rc, sig;

	if (ko->format == FORMAT_CSV) {
		fputs("kitchen-tui: --bench prints text or json, not csv\n", stderr);
		return 2;
	}
	memset(&o, 0, sizeof o);
	o.tasks = ko->bench_tasks;
	o.waits = ko->bench_waits;
	/* The engine at scale takes seconds and hundreds of MiB: the test
	 * suite's small bench leaves it out this way (kitchen-tui(1)). */
	env = getenv("KITCHEN_TUI_BENCH_ENGINE");
	o.engine = env == NULL || strcmp(env, "no") != 0;
	o.data_dir = ko->data_dir;

	/* bench_run keeps these blocked and stops early when one is pending;
	 * once it returns, the handler records the signal instead of the
	 * default action killing us before the message. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = bench_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		sigaction(sigs[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)   /* ignored stays ignored */
			sigaction(sigs[i], &sa, NULL);
	}
	rc = bench_run(&o, &rep, err, sizeof err);
	sig = rc == 0 && rep.interrupted ? rep.interrupted : bench_signal;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (rc != 0) {
		fprintf(stderr, "kitchen-tui: %s\n", err);
		return 1;
	}
	if (sig != 0) {
		fprintf(stderr, "kitchen-tui: --bench interrupted by %s; every "
		    "thread and child process was reaped\n",
		    bench_signal_name(sig));
		return 128 + sig;
	}
	if (!o.engine)
		snprintf(rep.engine.note, sizeof rep.engine.note,
		    "left out: KITCHEN_TUI_BENCH_ENGINE=no");
	if (ko->format == FORMAT_JSON)
		print_json(stdout, &rep);
	else
		print_text(stdout, &rep);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("kitchen-tui: stdout");
		return 1;
	}
	for (i = 0; i < BENCH_MODELS; i++)
		if (rep.models[i].status == BENCH_FAILED)
			return 1;
	return rep.engine.status == BENCH_FAILED ? 1 : 0;
}
