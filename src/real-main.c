/* SPDX-License-Identifier: ISC */
/*
 * real-main.c - kitchen-tui --real: simulate the dinner, cook it for real
 * in a child process, and print both (text, or with --format=json the
 * simulated report plus a "real" object).
 *
 * Signals: SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE are blocked while
 * the real run goes on; one arriving stops it (every thread and child is
 * reaped by real_run), we say so and exit with 128 + its number, as
 * --bench does.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "model.h"
#include "opts.h"
#include "real-report.h"

int
real_main(const struct kt_opts *o)
{
	const char *datadir = catalog_data_dir(o->data_dir);
	const char *name = o->menu ? o->menu : KT_DEFAULT_MENU;
	const char *codeset, *rerr = NULL, *bad;
	struct real_result rr;
	struct report_opts ro;
	struct real_opts ropt;
	struct run_opts opts;
	struct menu *menu = NULL;
	struct run *sim = NULL;
	sigset_t set, old;
	char *err = NULL, msg[300];
	int status = 0, rc;

	if (catalog_load_menu(datadir, name, &menu, &err) != 0) {
		batch_load_error(datadir, name, err);
		free(err);
		return 2;
	}
	opts = o->run;
	if (!o->cooks_set)
		opts.cooks = 0;
	opts.tables = 1;
	if ((sim = run_new(menu, &opts, &rerr)) == NULL) {
		fprintf(stderr, "kitchen-tui: %s\n", rerr);
		menu_free(menu);
		return rerr && strcmp(rerr, "out of memory") ? 2 : 1;
	}
	if (run_finish(sim) != 0) {
		fputs("kitchen-tui: out of memory while cooking\n", stderr);
		status = 1;
		goto out;
	}
	memset(&ropt, 0, sizeof ropt);
	ropt.model = opts.model;
	ropt.cooks = run_result(sim)->cooks;
	ropt.gil = opts.gil;
	ropt.locks = opts.locks;
	ropt.scale_ms = o->real_scale ? o->real_scale : REAL_DEFAULT_SCALE_MS;
	ropt.limit_s = o->real_limit > 0 ? o->real_limit : REAL_DEFAULT_LIMIT_S;
	if ((bad = real_check(&ropt, run_result(sim)->total, msg,
	    sizeof msg)) != NULL) {
		fprintf(stderr, "kitchen-tui: %s\n", bad);
		status = 2;
		goto out;
	}

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, &old);
	rc = real_run(menu, &ropt, &rr, msg, sizeof msg);
	if (rc != 0) {
		fprintf(stderr, "kitchen-tui: real run: %s\n", msg);
		status = 1;
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto out;
	}
	if (rr.status == REAL_STOPPED) {
		fprintf(stderr, "kitchen-tui: real run stopped by %s; every "
		    "thread and child process was reaped\n",
		    real_signal_name(rr.signo));
		real_result_free(&rr);
		run_free(sim);
		menu_free(menu);
		fflush(NULL);
		/* Take the pending signal, as --bench does, and say which
		 * it was in the exit status. */
		{
			struct timespec zero = { 0, 0 };
			int sig = rr.signo;

			while (sigtimedwait(&set, NULL, &zero) > 0)
				;
			sigprocmask(SIG_SETMASK, &old, NULL);
			return 128 + sig;
		}
	}
	real_judge_run(&rr, sim);

	memset(&ro, 0, sizeof ro);
	codeset = nl_langinfo(CODESET);
	ro.ascii = o->ascii || codeset == NULL || strcmp(codeset, "UTF-8") != 0;
	if (o->format == FORMAT_JSON)
		rc = real_report_json(stdout, sim, &rr, &ro);
	else
		rc = real_report_text(stdout, sim, &rr, ro.ascii);
	if (rc != 0 || fflush(stdout) != 0) {
		/* A reader that went away (| head) needs no message. */
		if (errno != EPIPE)
			perror("kitchen-tui: writing the report");
		status = 1;
	}
	if (rr.status == REAL_DEADLOCK) {
		/* A result, as in the model (exit 0): said on stderr. */
		fprintf(stderr, "kitchen-tui: real run: %s\n", rr.note);
	} else if (rr.status == REAL_LIMIT || rr.status == REAL_FAILED) {
		fprintf(stderr, "kitchen-tui: real run %s\n", rr.status ==
		    REAL_LIMIT ? rr.note : "failed");
		if (rr.status == REAL_FAILED)
			fprintf(stderr, "kitchen-tui: %s\n", rr.note);
		status = 1;
	} else if (o->format == FORMAT_JSON) {
		/* JSON has the figures; the words go to stderr. */
		if (rr.cooks_note[0])
			fprintf(stderr, "kitchen-tui: %s\n", rr.cooks_note);
		if (!rr.clean)
			fprintf(stderr, "kitchen-tui: the real run is not "
			    "clean: %s\n", rr.clean_why);
	}
	real_result_free(&rr);
	sigprocmask(SIG_SETMASK, &old, NULL);
out:
	run_free(sim);
	menu_free(menu);
	return status;
}
