/* SPDX-License-Identifier: ISC */
/*
 * benchreal-engine.c - the simulation engine at scale, for --bench.
 *
 * 1,000,000 concurrent recipe runs: the salmon dinner (3 recipes) for
 * 333,334 tables under coroutines, without keeping spans, through the run
 * API of model.h.  Runs in a measuring child of its own (benchreal.c), so
 * the peak resident memory is the engine's alone.  Timed from run_new to
 * the end of run_finish: setting up a million runs is part of the work.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchreal-impl.h"
#include "catalog.h"
#include "model.h"

#define ENGINE_MENU "salmon-dinner"
#define ENGINE_TABLES 333334L           /* x 3 recipes = 1,000,002 runs */

static void
engine_note(struct bench_engine *e, enum bench_status st, const char *what,
	    const char *why)
{
	e->status = st;
	snprintf(e->note, sizeof e->note, "%s%s%s", what, why ? ": " : "",
	    why ? why : "");
}

void
bench_engine_scale(const char *datadir, struct bench_engine *e)
{
	const struct run_result *res;
	struct run_opts ro;
	struct menu *menu = NULL;
	struct run *r;
	const char *rerr = NULL;
	char *err = NULL, *nl;
	double t0, t1, c0, c1;

	if (catalog_load_menu(datadir, ENGINE_MENU, &menu, &err) != 0) {
		if (err != NULL && (nl = strchr(err, '\n')) != NULL)
			*nl = '\0';
		engine_note(e, BENCH_FAILED, "cannot load " ENGINE_MENU,
		    err ? err : "unknown error");
		free(err);
		return;
	}
	run_opts_default(&ro);
	ro.model = MODEL_COROUTINES;
	ro.tables = ENGINE_TABLES;
	ro.keep_spans = false;

	t0 = bench_clock();
	c0 = bench_cpu();
	if ((r = run_new(menu, &ro, &rerr)) == NULL) {
		engine_note(e, BENCH_FAILED, "run_new", rerr ? rerr : "failed");
		menu_free(menu);
		return;
	}
	if (run_finish(r) != 0) {
		engine_note(e, BENCH_FAILED, "run_finish", "failed (out of memory?)");
		run_free(r);
		menu_free(menu);
		return;
	}
	c1 = bench_cpu();
	t1 = bench_clock();
	res = run_result(r);
	e->status = BENCH_OK;
	e->runs = (uint64_t)ENGINE_TABLES * (uint64_t)menu->nrecipes;
	e->events = res->events;
	e->wall_seconds = t1 - t0;
	/* Per second of CPU, not of wall time: the engine is one thread, so
	 * the two agree on an idle machine, and a busy one (another build on
	 * the same cores) does not make the engine look slower than it is. */
	e->events_per_second = c1 > c0 ? (double)res->events / (c1 - c0) : 0;
	e->peak_rss_bytes = bench_mem_peak();
	e->state_bytes_per_run = (double)res->state_bytes_per_run;
	run_free(r);
	menu_free(menu);
}
