/* SPDX-License-Identifier: ISC */
/*
 * search-main.c - the modes --solve and --explore, and --schedule in
 * batch: load the menu, run the search under a time limit and Ctrl-C,
 * replay what it found with spans for the report, print.
 *
 * The search itself (search*.c in the engine) has no clock: the stop
 * callback here reads CLOCK_MONOTONIC and the SIGINT flag.  SIGINT is
 * caught only while a search runs, by a handler that sets a flag (the
 * search polls it every SEARCH_POLL nodes); then the best found so far is
 * printed, marked incomplete, and the exit status is 130.
 */
#include "config.h"

#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "esc.h"
#include "report.h"
#include "search-cli.h"

static volatile sig_atomic_t search_sigint;

static void
search_on_sigint(int sig)
{
	(void)sig;
	search_sigint = 1;
}

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct stopper {
	double start, deadline;
	bool timed_out, interrupted;
};

static bool
stopper_check(void *ctx)
{
	struct stopper *s = ctx;

	if (search_sigint) {
		s->interrupted = true;
		return true;
	}
	if (mono_now() > s->deadline) {
		s->timed_out = true;
		return true;
	}
	return false;
}

static void
stopper_start(struct stopper *s, const struct kt_opts *o,
	      struct sigaction *old)
{
	struct sigaction sa;

	memset(s, 0, sizeof *s);
	s->start = mono_now();
	s->deadline = s->start + (o->solve_limit > 0 ? o->solve_limit :
				  KT_SOLVE_LIMIT);
	search_sigint = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = search_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, old);
}

static void
stopper_end(const struct sigaction *old)
{
	sigaction(SIGINT, old, NULL);
}

void
search_time(char *buf, size_t n, sched_ms ms)
{
	char mm[32], tmp[48];
	size_t l;

	if (n == 0)
		return;
	report_mmss(mm, sizeof mm, ms);
	if (ms % 1000 != 0)
		snprintf(tmp, sizeof tmp, "%s.%03d", mm, (int)(ms % 1000));
	else
		snprintf(tmp, sizeof tmp, "%s", mm);
	l = strlen(tmp);
	if (l >= n)
		l = n - 1;
	memcpy(buf, tmp, l);
	buf[l] = '\0';
}

static int
load_menu(const struct kt_opts *o, const char *name, struct menu **m)
{
	const char *datadir = catalog_data_dir(o->data_dir);
	char *err = NULL;

	if (catalog_load_menu(datadir, name, m, &err) != 0) {
		batch_load_error(datadir, name, err);
		free(err);
		return 2;
	}
	return 0;
}

static bool
want_ascii(const struct kt_opts *o)
{
	const char *codeset = nl_langinfo(CODESET);

	return o->ascii || codeset == NULL || strcmp(codeset, "UTF-8") != 0;
}

/* ---- replaying a path ---------------------------------------------------------- */

/* A chooser that takes the first choice and writes the decision down. */
static int
record_first(void *ctx, const struct run *r, const struct run_decision *d)
{
	struct search_path *p = ctx;
	struct search_step st = { d->at, d->choices[0].cook,
		d->choices[0].recipe, d->choices[0].step,
		d->choices[0].preempts, d->choices[0].continues,
		d->choices[0].starts };

	(void)r;
	return search_path_push(p, &st) == 0 ? 0 : -1;
}

/* A run with spans that takes path's decisions; NULL out of memory. */
static struct run *
replay_run(const struct menu *m, const struct run_opts *ro,
	   struct search_replay *rp)
{
	struct run_opts o = *ro;
	const char *err = NULL;
	struct run *r;

	o.decide = true;
	o.keep_spans = true;
	if ((r = run_new(m, &o, &err)) == NULL)
		return NULL;
	run_set_chooser(r, search_replay_chooser, rp);
	if (run_finish(r) != 0) {
		run_free(r);
		return NULL;
	}
	return r;
}

/* ---- --solve -------------------------------------------------------------------- */

int
solve_main(const struct kt_opts *o)
{
	const char *name = o->menu ? o->menu : KT_DEFAULT_MENU, *err = NULL;
	struct solve_report rep;
	struct solve_result res;
	struct search_limits lim;
	struct search_replay rp;
	struct sigaction old;
	struct stopper st;
	struct run_opts ro = o->run, fo;
	struct menu *m = NULL;
	int status, rc;

	if (o->model_set && ro.model != MODEL_COROUTINES &&
	    ro.model != MODEL_CALLBACKS) {
		fprintf(stderr, "kitchen-tui: --solve searches cooperative schedules: "
			"use --model=coroutines or callbacks, not %s "
			"(--explore searches the preemptive ones)\n",
			model_name(ro.model));
		return 2;
	}
	if (o->format == FORMAT_CSV) {
		fputs("kitchen-tui: --solve prints text or JSON, not CSV\n", stderr);
		return 2;
	}
	if (o->run.tables != 1) {
		fputs("kitchen-tui: --solve searches one table, not --tables\n", stderr);
		return 2;
	}
	if (!o->model_set)
		ro.model = MODEL_COROUTINES;
	/* --cooks=N: N cooperative cooks (decide mode has them); the menu's
	 * own cooks line is for the preemptive models, as everywhere. */
	if (!o->cooks_set)
		ro.cooks = 0;
	ro.tables = 1;
	ro.decide = true;
	if ((status = load_menu(o, name, &m)) != 0)
		return status;

	memset(&rep, 0, sizeof rep);
	lim.stop = stopper_check;
	lim.ctx = &st;
	stopper_start(&st, o, &old);
	rc = search_solve(m, &ro, &lim, &res, &err);
	stopper_end(&old);
	if (rc != 0) {
		fprintf(stderr, "kitchen-tui: --solve: %s\n", err ? err : "failed");
		menu_free(m);
		return err && strcmp(err, "out of memory") ? 2 : 1;
	}
	rep.menu = m;
	rep.menu_name = name;
	rep.ro = ro;
	rep.res = &res;
	rep.seconds = mono_now() - st.start;
	rep.interrupted = st.interrupted;
	rep.ascii = want_ascii(o);

	/* The FIFO loop: the first choice at every decision, which is the
	 * plain model exactly (check_decide), and with --cooks=N the same
	 * loop with N cooks.  Its decisions are kept to compare with. */
	fo = ro;
	fo.keep_spans = true;
	fo.decide = true;
	if ((rep.fifo_run = run_new(m, &fo, &err)) == NULL)
		goto oom;
	run_set_chooser(rep.fifo_run, record_first, &rep.fifo);
	if (run_finish(rep.fifo_run) != 0)
		goto oom;
	if (res.found) {
		memset(&rp, 0, sizeof rp);
		rp.path = &res.best;
		if ((rep.best_run = replay_run(m, &ro, &rp)) == NULL)
			goto oom;
	}
	rc = o->format == FORMAT_JSON ? solve_print_json(stdout, &rep) :
	    solve_print_text(stdout, &rep);
	status = rc != 0 || fflush(stdout) != 0 ? 1 :
	    st.interrupted ? 130 : 0;
	if (rc != 0)
		perror("kitchen-tui: writing the report");
	goto out;
oom:
	fputs("kitchen-tui: out of memory\n", stderr);
	status = 1;
out:
	run_free(rep.fifo_run);
	run_free(rep.best_run);
	search_path_free(&rep.fifo);
	solve_result_free(&res);
	menu_free(m);
	return status;
}

/* ---- --explore ------------------------------------------------------------------ */

int
explore_main(const struct kt_opts *o)
{
	const char *name = o->menu ? o->menu : KT_DEFAULT_MENU, *err = NULL;
	struct explore_report rep;
	struct explore_result res;
	struct search_limits lim;
	struct sigaction old;
	struct stopper st;
	struct run_opts ro = o->run;
	struct menu *m = NULL;
	int status, rc, k;

	if (o->format == FORMAT_CSV) {
		fputs("kitchen-tui: --explore prints text or JSON, not CSV\n", stderr);
		return 2;
	}
	if (o->run.tables != 1) {
		fputs("kitchen-tui: --explore searches one table, not --tables\n", stderr);
		return 2;
	}
	if (!o->model_set)
		ro.model = MODEL_THREADS;       /* preemption is the point */
	if (!o->cooks_set)
		ro.cooks = 0;
	ro.tables = 1;
	ro.decide = true;
	k = o->preemptions >= 0 ? o->preemptions : KT_PREEMPTIONS;
	if ((status = load_menu(o, name, &m)) != 0)
		return status;
	lim.stop = stopper_check;
	lim.ctx = &st;
	stopper_start(&st, o, &old);
	rc = search_explore(m, &ro, k, &lim, &res, &err);
	stopper_end(&old);
	if (rc != 0) {
		fprintf(stderr, "kitchen-tui: --explore: %s\n", err ? err : "failed");
		menu_free(m);
		return err && strcmp(err, "out of memory") ? 2 : 1;
	}
	memset(&rep, 0, sizeof rep);
	rep.menu = m;
	rep.menu_name = name;
	rep.ro = ro;
	rep.res = &res;
	rep.seconds = mono_now() - st.start;
	rep.interrupted = st.interrupted;
	rc = o->format == FORMAT_JSON ? explore_print_json(stdout, &rep) :
	    explore_print_text(stdout, &rep);
	status = rc != 0 || fflush(stdout) != 0 ? 1 :
	    st.interrupted ? 130 : 0;
	if (rc != 0)
		perror("kitchen-tui: writing the report");
	explore_result_free(&res);
	menu_free(m);
	return status;
}

/* ---- --schedule ---------------------------------------------------------------- */

static void
choices_words(char *buf, size_t n, const struct menu *m,
	      const struct run_decision *d)
{
	size_t i, len = 0;
	char *e;

	buf[0] = '\0';
	for (i = 0; i < d->n && len + 1 < n; i++) {
		e = esc_dup(m->recipes[d->choices[i].recipe]->name, false);
		len += (size_t)snprintf(buf + len, n - len, "%sthe %s (step %d, cook %d)",
					i == 0 ? "" : i + 1 == d->n ? " and " : ", ",
					e ? e : "?", d->choices[i].step + 1,
					d->choices[i].cook + 1);
		free(e);
		if (len >= n)
			len = n - 1;
	}
}

/* Say why a replay stopped; exit status 2. */
static int
schedule_mismatch(const struct schedule_file *sf, const struct menu *m,
		  const struct search_path *p, const struct run *r,
		  const struct search_replay *rp)
{
	const struct run_decision *d = run_decision(r);
	char ch[600], t1[32], t2[32];
	const struct schedule_item *it;
	char *e;

	if (rp->failed && rp->ran_out && d != NULL) {
		search_time(t1, sizeof t1, d->at);
		choices_words(ch, sizeof ch, m, d);
		fprintf(stderr, "%s: the schedule is truncated: it has %zu decision%s, "
			"but the run needs decision %llu at %s (%s)\n", sf->path,
			p->n, p->n == 1 ? "" : "s",
			(unsigned long long)d->index + 1, t1, ch);
		return 2;
	}
	if (rp->failed && d != NULL) {
		it = &sf->items[rp->mismatch];
		search_time(t1, sizeof t1, d->at);
		search_time(t2, sizeof t2, it->at);
		choices_words(ch, sizeof ch, m, d);
		e = esc_dup(it->recipe, false);
		fprintf(stderr, "%s:%d:%d: the schedule stops matching the run at decision %zu: "
			"it gives cook %d to the %s (step %d) at %s, but the run's decision "
			"is at %s between %s\n", sf->path, it->line, it->col,
			rp->mismatch + 1, it->cook + 1, e ? e : "?", it->step + 1, t2,
			t1, ch);
		free(e);
		return 2;
	}
	it = &sf->items[run_decisions_taken(r) < sf->n ?
			run_decisions_taken(r) : sf->n - 1];
	fprintf(stderr, "%s:%d:%d: the run is over after %llu decision%s, but the "
		"schedule has %zu: it does not match this menu and options\n",
		sf->path, it->line, it->col,
		(unsigned long long)run_decisions_taken(r),
		run_decisions_taken(r) == 1 ? "" : "s", sf->n);
	return 2;
}

int
schedule_ready(const struct kt_opts *o, struct schedule_ready *sr)
{
	struct schedule_file sf;
	char *err = NULL;
	const char *name;
	struct run *r = NULL;
	int status = 2;

	memset(sr, 0, sizeof *sr);
	if (schedule_file_read(o->schedule, &sf, &err) != 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
		free(err);
		schedule_file_free(&sf);
		return 2;
	}
	name = o->menu ? o->menu : sf.menu ? sf.menu : KT_DEFAULT_MENU;
	if (o->menu != NULL && sf.menu != NULL && strcmp(o->menu, sf.menu) != 0) {
		char *a = esc_dup(o->menu, false), *b = esc_dup(sf.menu, false);

		fprintf(stderr, "%s: the schedule is for the menu '%s', not '%s'\n",
			sf.path, b ? b : "?", a ? a : "?");
		free(a);
		free(b);
		goto out;
	}
	if ((sr->menu_name = strdup(name)) == NULL ||
	    load_menu(o, name, &sr->menu) != 0)
		goto out;
	sr->ro = o->run;
	if (!o->cooks_set)
		sr->ro.cooks = 0;
	if (sf.model >= 0)
		sr->ro.model = (enum model_id)sf.model;
	if (sf.cooks > 0)
		sr->ro.cooks = sf.cooks;
	if (sf.gil >= 0)
		sr->ro.gil = sf.gil;
	if (sf.locks >= 0)
		sr->ro.locks = sf.locks;
	if (sf.has_seed)
		sr->ro.seed = sf.seed;
	sr->ro.tables = 1;
	sr->ro.decide = true;
	if (schedule_file_path(&sf, sr->menu, &sr->path, &err) != 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
		free(err);
		goto out;
	}
	/* Replay it once now: a mismatch is an error before any output. */
	sr->replay.path = &sr->path;
	if ((r = replay_run(sr->menu, &sr->ro, &sr->replay)) == NULL) {
		fputs("kitchen-tui: out of memory\n", stderr);
		status = 1;
		goto out;
	}
	if (sr->replay.failed || !run_done(r) ||
	    run_decisions_taken(r) != sr->path.n) {
		status = schedule_mismatch(&sf, sr->menu, &sr->path, r,
					   &sr->replay);
		goto out;
	}
	memset(&sr->replay, 0, sizeof sr->replay);
	sr->replay.path = &sr->path;
	status = 0;
out:
	run_free(r);
	schedule_file_free(&sf);
	if (status != 0)
		schedule_ready_free(sr);
	return status;
}

void
schedule_ready_free(struct schedule_ready *sr)
{
	menu_free(sr->menu);
	free(sr->menu_name);
	search_path_free(&sr->path);
	memset(sr, 0, sizeof *sr);
}

void
schedule_attach(struct schedule_ready *sr, struct run *r)
{
	if (run_deciding(r) && run_options(r)->model == sr->ro.model)
		run_set_chooser(r, search_replay_chooser, &sr->replay);
}

int
schedule_main(const struct kt_opts *o)
{
	struct schedule_ready sr;
	struct report_opts rep;
	struct run *r;
	int status, rc;

	if ((status = schedule_ready(o, &sr)) != 0)
		return status;
	memset(&rep, 0, sizeof rep);
	rep.ascii = want_ascii(o);
	if ((r = replay_run(sr.menu, &sr.ro, &sr.replay)) == NULL) {
		fputs("kitchen-tui: out of memory\n", stderr);
		schedule_ready_free(&sr);
		return 1;
	}
	rc = o->format == FORMAT_JSON ? report_json(stdout, r, &rep) :
	    o->format == FORMAT_CSV ? report_csv(stdout, r, &rep) :
	    report_text(stdout, r, &rep);
	status = rc != 0 || fflush(stdout) != 0 ? 1 : 0;
	if (status != 0)
		perror("kitchen-tui: writing the report");
	run_free(r);
	schedule_ready_free(&sr);
	return status;
}
