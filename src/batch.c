/* SPDX-License-Identifier: ISC */
/*
 * batch.c - kitchen-tui --batch: cook the dinner to the end without a
 * screen and print a report (text, CSV or JSON), or with --compare one
 * table of every model under the same options.
 */
#include "config.h"

#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "esc.h"
#include "model.h"
#include "opts.h"
#include "report.h"

/* An unknown menu name gets one line naming it and the valid menus;
 * anything else (a bad file) the catalog's own message. */
static void
batch_load_error(const char *datadir, const char *name, const char *err)
{
	char **names = NULL, *e, *nerr = NULL, *q;
	size_t n = 0, i;
	bool known = false;

	if (!catalog_is_path(name) &&
	    catalog_menu_names(datadir, &names, &n, &nerr) == 0) {
		for (i = 0; i < n; i++)
			if (strcmp(names[i], name) == 0)
				known = true;
		if (!known) {
			e = esc_dup(name, false);
			fprintf(stderr, "kitchen-tui: unknown menu '%s' (valid menus:",
				e ? e : "?");
			for (i = 0; i < n; i++) {
				q = esc_dup(names[i], false);
				fprintf(stderr, "%s %s", i ? "," : "", q ? q : "?");
				free(q);
			}
			fputs(n ? ")\n" : " none)\n", stderr);
			free(e);
			catalog_names_free(names, n);
			return;
		}
		catalog_names_free(names, n);
	}
	free(nerr);
	fprintf(stderr, "%s\n", err ? err : "kitchen-tui: cannot load the menu");
}

static int
batch_print(const struct kt_opts *o, struct run *const *runs, size_t n,
	    const struct report_opts *ro)
{
	if (o->compare)
		return o->format == FORMAT_JSON ?
		    report_compare_json(stdout, runs, n, ro) :
		    o->format == FORMAT_CSV ?
		    report_compare_csv(stdout, runs, n, ro) :
		    report_compare_text(stdout, runs, n, ro);
	switch (o->format) {
	case FORMAT_CSV:
		return report_csv(stdout, runs[0], ro);
	case FORMAT_JSON:
		return report_json(stdout, runs[0], ro);
	case FORMAT_TEXT:
	default:
		return report_text(stdout, runs[0], ro);
	}
}

/* ---- how big a run may be ------------------------------------------------- */

/* A number from a "Key:   N kB" line of /proc/meminfo, in bytes; 0 none. */
static uint64_t
batch_meminfo(const char *key)
{
	char line[256];
	uint64_t v = 0, kb;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':' &&
		    sscanf(line + n + 1, "%" SCNu64, &kb) == 1) {
			v = kb * 1024;
			break;
		}
	fclose(f);
	return v;
}

/* What our cgroup (v2) still lets us have: memory.max - memory.current;
 * 0 when there is no limit or no cgroup v2. */
static uint64_t
batch_cgroup_room(void)
{
	char line[4096], path[4200];
	uint64_t max = 0, cur = 0;
	FILE *f = fopen("/proc/self/cgroup", "r");
	char *nl;

	if (f == NULL)
		return 0;
	line[0] = '\0';
	while (fgets(line, sizeof line, f) != NULL && strncmp(line, "0::", 3))
		line[0] = '\0';
	fclose(f);
	if (strncmp(line, "0::", 3) != 0)
		return 0;
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	snprintf(path, sizeof path, "/sys/fs/cgroup%s/memory.max", line + 3);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%" SCNu64, &max) != 1)   /* "max": no limit */
		max = 0;
	fclose(f);
	snprintf(path, sizeof path, "/sys/fs/cgroup%s/memory.current", line + 3);
	if (max > 0 && (f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%" SCNu64, &cur) != 1)
			cur = 0;
		fclose(f);
	}
	return max > cur ? max - cur : (max > 0 ? 1 : 0);
}

static void
batch_gib(char *buf, size_t n, uint64_t b)
{
	if (b >= (uint64_t)1 << 30)
		snprintf(buf, n, "%.1f GiB", (double)b / (1 << 30));
	else
		snprintf(buf, n, "%.0f MiB", (double)b / (1 << 20));
}

/*
 * Refuse, before anything runs, a run that cannot fit: its estimate
 * (run_estimate_bytes, summed over the models that are kept at once)
 * against MemAvailable and the cgroup's room, whichever is smaller.  A
 * refused run exits 2 with both figures; a run the OOM killer would have
 * ended half way never starts.  Only for --tables runs: a dinner is a few
 * KiB.
 */
static int
batch_fits(const struct menu *menu, const struct run_opts *opts, bool compare)
{
	struct run_opts o = *opts;
	uint64_t need = 0, avail, cg;
	const char *what = "MemAvailable";
	char a[32], b[32];
	int m;

	if (opts->tables < 10000)
		return 0;
	for (m = 0; m < MODEL_COUNT; m++) {
		if (!compare && m != (int)opts->model)
			continue;
		o.model = (enum model_id)m;
		need += run_estimate_bytes(menu, &o);
	}
	avail = batch_meminfo("MemAvailable");
	cg = batch_cgroup_room();
	if (cg > 0 && (avail == 0 || cg < avail)) {
		avail = cg;
		what = "the cgroup's memory.max";
	}
	if (avail == 0 || need <= avail)
		return 0;
	batch_gib(a, sizeof a, need);
	batch_gib(b, sizeof b, avail);
	fprintf(stderr, "kitchen-tui: --tables=%ld needs about %s%s; only %s "
		"is available (%s): use fewer tables%s\n", opts->tables, a,
		compare ? " for --compare" : "", b, what,
		compare ? " or one model" : "");
	return -1;
}

/* ---- cooking, with a progress line ---------------------------------------- */

static double
batch_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Run to the end.  A run still going after a second, with stderr on a
 * terminal, shows a progress line there (the model, the virtual time and
 * the events so far), rewritten in place a few times a second and erased
 * at the end, so that a ten-million-table run does not look hung.  It
 * steps in slices of virtual time, which costs nothing measurable: the
 * check is one clock read per slice.  *secs gets the wall time.
 */
static int
batch_cook(struct run *r, double *secs)
{
	bool tty = isatty(STDERR_FILENO), shown = false;
	double t0 = batch_clock(), last = t0, now;
	sched_ms slice = 60000;
	char when[32];
	int rc = 0;

	while (!run_done(r)) {
		if (run_until(r, run_now(r) + slice) != 0) {
			rc = -1;
			break;
		}
		if (!tty)
			continue;
		now = batch_clock();
		if (now - t0 >= 1.0 && now - last >= 0.25) {
			report_mmss(when, sizeof when, run_now(r));
			fprintf(stderr, "\rkitchen-tui: cooking %s: %s of virtual "
				"time, %" PRIu64 " events, %.1f M events/s ",
				model_name(run_options(r)->model), when,
				run_events(r), (double)run_events(r) /
				(now - t0) / 1e6);
			shown = true;
			last = now;
		}
	}
	if (rc == 0 && run_finish(r) != 0)
		rc = -1;
	if (shown)
		fputs("\r\033[K", stderr);
	*secs = batch_clock() - t0;
	return rc;
}

/* With --tables, the text report says how fast this machine cooked it:
 * a wall-clock figure, so it is printed only there (JSON and CSV stay the
 * same bytes on every machine). */
static void
batch_speed(struct run *const *runs, const double *secs, size_t n)
{
	size_t i;

	fputs("\ncooked on this machine (wall clock):\n", stdout);
	for (i = 0; i < n; i++)
		printf("  %-11s %" PRIu64 " events in %.2f s = %.2f M events/s\n",
		       model_name(run_options(runs[i])->model),
		       run_events(runs[i]), secs[i], secs[i] > 0 ?
		       (double)run_events(runs[i]) / secs[i] / 1e6 : 0.0);
}

int
batch_main(const struct kt_opts *o)
{
	const char *datadir = catalog_data_dir(o->data_dir);
	const char *name = o->menu ? o->menu : KT_DEFAULT_MENU;
	const char *codeset, *rerr = NULL;
	struct run *runs[MODEL_COUNT] = { NULL };
	double secs[MODEL_COUNT] = { 0 };
	struct report_opts ro;
	struct run_opts opts;
	struct menu *menu = NULL;
	char *err = NULL;
	size_t n = 0, i;
	int status = 0, m, rc;

	if (catalog_load_menu(datadir, name, &menu, &err) != 0) {
		batch_load_error(datadir, name, err);
		free(err);
		return 2;
	}
	opts = o->run;
	if (!o->cooks_set)
		opts.cooks = 0;         /* the menu's kitchen decides */
	opts.keep_spans = opts.tables <= 1 || o->spans_all;

	memset(&ro, 0, sizeof ro);
	codeset = nl_langinfo(CODESET);
	ro.ascii = o->ascii || codeset == NULL || strcmp(codeset, "UTF-8") != 0;
	ro.spans_all = o->spans_all;

	if (batch_fits(menu, &opts, o->compare) != 0) {
		menu_free(menu);
		return 2;
	}
	for (m = 0; m < MODEL_COUNT; m++) {
		if (!o->compare && m != (int)o->run.model)
			continue;
		opts.model = (enum model_id)m;
		if ((runs[n] = run_new(menu, &opts, &rerr)) == NULL) {
			fprintf(stderr, "kitchen-tui: %s\n", rerr);
			status = rerr && strcmp(rerr, "out of memory") ? 2 : 1;
			goto out;
		}
		rc = batch_cook(runs[n], &secs[n]);
		n++;
		if (rc != 0) {
			fputs("kitchen-tui: out of memory while cooking\n", stderr);
			status = 1;
			goto out;
		}
	}
	rc = batch_print(o, runs, n, &ro);
	if (rc == 0 && opts.tables > 1 && o->format == FORMAT_TEXT)
		batch_speed(runs, secs, n);
	if (rc != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		perror("kitchen-tui: writing the report");
		status = 1;
	}
out:
	for (i = 0; i < n; i++)
		run_free(runs[i]);
	menu_free(menu);
	return status;
}
