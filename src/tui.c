/* SPDX-License-Identifier: ISC */
/*
 * tui.c - the interactive screen: entry point, the dinner's clock, and the
 * callbacks the libev loop makes.
 *
 * Virtual time is speed x wall time while the clock ticks (ev_now, so one
 * reading per loop iteration): vt = vt_base + speed * (now - real_base).
 * Every change that stops or starts the clock first freezes it into
 * vt_base, so pausing, Ctrl-Z, help and the bench never count as cooking.
 */
#include "config.h"

#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "esc.h"
#include "search-cli.h"
#include "export.h"
#include "tui.h"

bool tui_ticking(const struct tui *t)
{
	return !t->paused && !t->done &&
		(t->view == VIEW_MAIN || t->view == VIEW_COMPARE);
}

sched_ms tui_clock_now(struct tui *t)
{
	double dt;

	if (!tui_ticking(t))
		return t->vt_base;
	dt = loop_now(&t->loop) - t->real_base;
	if (dt < 0)
		dt = 0;
	return t->vt_base + (sched_ms)(dt * t->speed * 1000.0);
}

void tui_freeze(struct tui *t)
{
	t->vt = tui_clock_now(t);
	t->vt_base = t->vt;
	t->real_base = loop_now(&t->loop);
}

void tui_reschedule(struct tui *t)
{
	t->real_base = loop_now(&t->loop);
	loop_frames(&t->loop, tui_ticking(t));
	if (t->done && t->o->exit_after >= 0)
		loop_wake_after(&t->loop, t->exit_real - loop_now(&t->loop));
	else
		loop_wake_after(&t->loop, -1);
}

int tui_cooks(const struct tui *t)
{
	if (t->ro.cooks > 0)
		return t->ro.cooks;
	return t->menu->kitchen.cooks > 0 ? t->menu->kitchen.cooks : 1;
}

void tui_dinner_free(struct tui_dinner *d)
{
	if (d->run != NULL)
		run_free(d->run);
	if (d->full != NULL)
		run_free(d->full);
	memset(d, 0, sizeof *d);
}

struct run *tui_run_new(struct tui *t, const struct run_opts *ro,
			const char **err)
{
	struct run_opts o = *ro;
	const struct run_opts *s = t->sched ? &t->sched->ro : NULL;
	struct run *r;

	/* The schedule matches only the run it came from: same model,
	 * cooks, GIL, locks and seed. */
	o.decide = s != NULL && o.model == s->model && o.cooks == s->cooks &&
	    o.gil == s->gil && o.locks == s->locks && o.seed == s->seed;
	if ((r = run_new(t->menu, &o, err)) != NULL && o.decide)
		schedule_attach(t->sched, r);
	return r;
}

/* A live run at 00:00 and a copy cooked to the end: the copy fixes the
 * time axis and the lanes before the live run gets there. */
int tui_dinner_new(struct tui *t, struct tui_dinner *d,
		   const struct run_opts *ro, const char **err)
{
	memset(d, 0, sizeof *d);
	d->full = tui_run_new(t, ro, err);
	if (d->full == NULL)
		return -1;
	if (run_finish(d->full) < 0) {
		*err = "out of memory while cooking the dinner";
		tui_dinner_free(d);
		return -1;
	}
	d->total = run_result(d->full)->total;
	if (d->total <= 0)
		d->total = trace_end_time(run_trace(d->full), run_now(d->full));
	d->run = tui_run_new(t, ro, err);
	if (d->run == NULL) {
		tui_dinner_free(d);
		return -1;
	}
	return 0;
}

void tui_record_total(struct tui *t, const struct run *r)
{
	const struct run_result *res = run_result(r);
	struct tui_total *tt = &t->totals[run_options(r)->model];
	const struct run_deadlock *dl;
	char tm[16];
	size_t i;

	tt->have = true;
	tt->total = res->total;
	tt->ok = tt->ruined = 0;
	for (i = 0; i < res->ndishes; i++) {
		if (res->dishes[i].ok)
			tt->ok++;
		else
			tt->ruined++;
	}
	dl = run_deadlock(r);
	tt->deadlock = dl != NULL;
	if (r != t->d.run)
		return;
	tui_fmt_time(tm, sizeof tm, res->total);
	if (dl != NULL) {
		tui_fmt_time(tm, sizeof tm, dl->at);
		tui_logf(t, "DEADLOCK at %s, the dinner is never served: %s",
			 tm, dl->text);
	} else
		tui_logf(t, "dinner is served at %s: %d ok, %d ruined", tm,
			 tt->ok, tt->ruined);
	for (i = 0; dl == NULL && i < res->ndishes; i++)
		if (!res->dishes[i].ok && res->dishes[i].problem[0])
			tui_logf(t, "%s", res->dishes[i].problem);
}

static void tui_fatal(struct tui *t, const char *what)
{
	snprintf(t->fatal, sizeof t->fatal, "%s", what);
	t->status = 1;
	t->quit = true;
	loop_break(&t->loop);
}

/* The dinner is done: stop the clock at the end; with --exit-after later
 * than the end, one wake-up when virtual time would reach it. */
static void tui_mark_done(struct tui *t, sched_ms raw)
{
	double left = 0;

	t->done = true;
	if (t->o->exit_after >= 0 && t->o->exit_after > raw)
		left = (double)(t->o->exit_after - raw) / (t->speed * 1000.0);
	t->exit_real = loop_now(&t->loop) + left;
	if (t->view == VIEW_COMPARE) {
		t->vt_base = t->vt;
	} else {
		t->vt = t->vt_base = run_now(t->d.run);
		tui_record_total(t, t->d.run);
	}
	tui_reschedule(t);
}

void tui_advance(struct tui *t)
{
	sched_ms raw = tui_clock_now(t), end = 0, v;
	int i;

	t->vt = raw;
	if (t->done)
		return;
	if (t->view == VIEW_COMPARE) {
		for (i = 0; i < MODEL_COUNT; i++) {
			struct tui_dinner *d = &t->cmp[i];

			if (d->total > end)
				end = d->total;
			v = raw < d->total ? raw : d->total;
			if (!run_done(d->run) && run_until(d->run, v) < 0) {
				tui_fatal(t, "out of memory while cooking");
				return;
			}
			if (run_done(d->run) && !d->recorded) {
				d->recorded = true;
				tui_record_total(t, d->run);
			}
		}
		if (raw >= end) {
			t->vt = end;
			tui_mark_done(t, raw);
		}
		return;
	}
	v = raw < t->d.total ? raw : t->d.total;
	if (t->lesson != NULL) {
		int lr = tui_lesson_until(t, v);

		if (lr < 0) {
			tui_fatal(t, "out of memory while cooking");
			return;
		}
		if (lr > 0) {           /* a stop: the clock stands there */
			tui_log_sync(t);
			return;
		}
	} else if (run_until(t->d.run, v) < 0) {
		tui_fatal(t, "out of memory while cooking");
		return;
	}
	if (raw >= t->d.total && run_finish(t->d.run) < 0) {
		tui_fatal(t, "out of memory while cooking");
		return;
	}
	tui_log_sync(t);
	if (run_done(t->d.run))
		tui_mark_done(t, raw);
}

int tui_restart(struct tui *t)
{
	struct tui_dinner d;
	const char *err = "cannot start the dinner";
	int i;

	tui_freeze(t);
	if (tui_dinner_new(t, &d, &t->ro, &err) < 0) {
		tui_logf(t, "%s", err);
		return -1;
	}
	tui_dinner_free(&t->d);
	t->d = d;
	t->done = false;
	t->vt = t->vt_base = 0;
	tui_log_seal(t);
	tui_marks_build(t);
	for (i = 0; i < (int)t->menu->nrecipes; i++)
		t->last_step[i] = -1;
	t->focus_recipe = 0;
	tui_code_rebuild(t);
	/* The GIL only where it applies (threads). */
	tui_logf(t, "-- %d %s, %d cook%s, %slocks %s --",
		 (int)t->ro.model + 1, model_name(t->ro.model), tui_cooks(t),
		 tui_cooks(t) == 1 ? "" : "s",
		 t->ro.model != MODEL_THREADS ? "" :
		 t->ro.gil ? "GIL on, " : "GIL off, ",
		 t->ro.locks ? "on" : "off");
	if (t->cast != NULL) {
		char mk[160], name[64];

		esc_text(name, sizeof name, t->menu->name, t->ascii);
		snprintf(mk, sizeof mk, "%s: %s, %d cook%s", name,
			 model_name(t->ro.model), tui_cooks(t),
			 tui_cooks(t) == 1 ? "" : "s");
		tui_cast_marker(t, mk);
	}
	tui_reschedule(t);
	return 0;
}

int tui_set_menu(struct tui *t, struct menu *m)
{
	int *steps = calloc(m->nrecipes + 1, sizeof *steps);

	if (steps == NULL) {
		menu_free(m);
		tui_logf(t, "out of memory");
		return -1;
	}
	tui_freeze(t);
	tui_compare_free(t);
	if (t->view == VIEW_COMPARE)
		t->view = VIEW_MAIN;
	tui_dinner_free(&t->d);
	/* A real run (R) of the old menu reads it: stop it first. */
	if (t->real_child.pid > 0) {
		tui_real_stop(t);
		tui_logf(t, "R: real run stopped (new menu)");
	}
	tui_real_free(t);
	menu_free(t->menu);
	free(t->last_step);
	t->menu = m;
	t->last_step = steps;
	memset(t->totals, 0, sizeof t->totals);
	if (tui_restart(t) < 0)
		t->done = true;
	return 0;
}

/* --- the loop's callbacks --------------------------------------------------- */

static void tui_on_frame(void *arg)
{
	struct tui *t = arg;

	if (t->done) {
		/* Only the --exit-after wake-up reaches here when done. */
		if (t->o->exit_after >= 0 &&
		    loop_now(&t->loop) + 0.001 >= t->exit_real) {
			t->quit = true;
			loop_break(&t->loop);
		}
		return;
	}
	tui_advance(t);
	if (t->quit)
		return;
	if (t->o->exit_after >= 0 && t->vt >= t->o->exit_after) {
		t->quit = true;
		loop_break(&t->loop);
		return;
	}
	tui_draw(t);
}

static void tui_on_key(void *arg)
{
	struct tui *t = arg;
	int ch, n = 0;

	while (!t->quit && (ch = getch()) != ERR) {
		tui_key(t, ch);
		tui_lesson_tick(t);
		n++;
	}
	if (t->quit) {
		loop_break(&t->loop);
		return;
	}
	if (n > 0)
		tui_draw(t);
}

static void tui_on_resize(void *arg)
{
	struct tui *t = arg;

	tui_term_resize();
	tui_draw(t);
}

static void tui_on_quit(void *arg, int signo)
{
	struct tui *t = arg;

	(void)signo;
	t->quit = true;
	t->status = 0;          /* a requested end, the terminal restored */
	loop_break(&t->loop);
}

static void tui_on_suspend(void *arg)
{
	struct tui *t = arg;

	tui_freeze(t);
	tui_term_suspend();
}

static void tui_on_resume(void *arg)
{
	struct tui *t = arg;

	/* Whatever the wall clock did while stopped is not cooking time. */
	if (tui_ticking(t))
		t->vt_base = t->vt;
	t->real_base = loop_now(&t->loop);
	tui_term_resume();
	tui_draw(t);
}

/* The one extra fd is the bench's pipe or the real run's: only one of
 * them runs at a time. */
static void tui_on_bench(void *arg)
{
	struct tui *t = arg;

	if (t->real_child.pid > 0)
		tui_real_input(t);
	else
		tui_bench_input(t);
	tui_draw(t);
}

static void tui_on_file(void *arg)
{
	struct tui *t = arg;

	tui_watch_changed(t);
	tui_draw(t);
}

static const struct loop_ops tui_loop_ops = {
	.file = tui_on_file,
	.key = tui_on_key,
	.frame = tui_on_frame,
	.resize = tui_on_resize,
	.quit = tui_on_quit,
	.suspend = tui_on_suspend,
	.resume = tui_on_resume,
	.aux = tui_on_bench,
};

/* --- entry point ------------------------------------------------------------ */

/* The exports at the end of the session: the main dinner as far as it
 * was cooked (or every model, when the compare view was up), and the
 * recording.  Each is renamed into place only when whole. */
static int tui_export(struct tui *t)
{
	struct export_set *s = t->o->exports;
	struct run *runs[MODEL_COUNT];
	size_t n = 0, i;
	char *err = NULL;
	int k, rc, status = 0;

	if (t->view == VIEW_COMPARE && t->cmp_ready) {
		for (i = 0; i < MODEL_COUNT; i++)
			if (t->cmp[i].run != NULL)
				runs[n++] = t->cmp[i].run;
	} else if (t->d.run != NULL) {
		runs[n++] = t->d.run;
	}
	for (k = 0; k < EXPORT_KIND_COUNT; k++) {
		FILE *f = export_stream(s, (enum export_kind)k);

		if (f == NULL)
			continue;
		if (k == EXPORT_CAST)
			rc = tui_cast_end(t);
		else if (n == 0)
			rc = -1;
		else if (k == EXPORT_SVG)
			rc = export_svg(f, runs, n, n == 1 ? t->d.total : 0);
		else
			rc = export_trace(f, runs, n);
		if (rc < 0) {
			fprintf(stderr, "kitchen-tui: %s: write error\n",
				s->file[k].path);
			export_abort_all(s);
			return -1;
		}
		if (export_commit(&s->file[k], &err) < 0) {
			fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
			free(err);
			err = NULL;
			status = -1;
		}
	}
	return status;
}

static void tui_free(struct tui *t)
{
	tui_real_free(t);
	tui_cast_end(t);
	tui_lesson_free(t);
	tui_watch_free(t);
	tui_compare_free(t);
	tui_dinner_free(&t->d);
	code_free(&t->code);
	free(t->last_step);
	tui_log_free(&t->log);
	if (t->menus != NULL)
		catalog_names_free(t->menus, t->nmenus);
	if (t->menu != NULL)
		menu_free(t->menu);
	if (t->sched != NULL) {
		schedule_ready_free(t->sched);
		free(t->sched);
	}
}

static int tui_reopen_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (dup2(fd, STDIN_FILENO) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The menus key m cycles through: every menu on the search path, and the
 * one given as a path, which keeps its place in the cycle (last).  The
 * one shown is menus[menu_at]; a menu from standard input is in none. */
static int tui_menus_build(struct tui *t, const char *given)
{
	char *err = NULL, **grown;
	size_t i;

	if (catalog_menu_names(t->datadir, &t->menus, &t->nmenus, &err) < 0) {
		free(err);
		t->menus = NULL;
		t->nmenus = 0;
	}
	if (given == NULL)
		given = KT_DEFAULT_MENU;
	t->menu_at = t->nmenus;
	for (i = 0; i < t->nmenus; i++)
		if (strcmp(t->menus[i], given) == 0)
			t->menu_at = i;
	if (t->menu_at < t->nmenus || strcmp(given, "-") == 0)
		return 0;
	/* A path, or the name of a recipe shown as a menu of one. */
	grown = realloc(t->menus, (t->nmenus + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	t->menus = grown;
	if ((t->menus[t->nmenus] = strdup(given)) == NULL)
		return -1;
	t->menu_at = t->nmenus++;
	return 0;
}

/* Everything that can fail on bad input happens before the terminal is
 * touched: a bad menu or option prints one message and exits 2. */
static int tui_prepare(struct tui *t, const struct kt_opts *o)
{
	const char *cs = nl_langinfo(CODESET), *rerr = "cannot start";
	const char *menu = o->menu ? o->menu : KT_DEFAULT_MENU;
	char *err = NULL, msg[256];

	t->o = o;
	t->status = 0;
	t->datadir = catalog_data_dir(o->data_dir);
	t->ro = o->run;
	if (!o->cooks_set)
		t->ro.cooks = 0;
	t->speed = o->speed > 0 ? o->speed : TUI_DEFAULT_SPEED;
	t->paused = o->paused;
	t->projector = o->projector;
	if (o->lesson != NULL && tui_lesson_load(t, o, &menu, &err) < 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
		free(err);
		return 2;
	}
	if (o->schedule != NULL) {
		/* The schedule names its menu and options; it is replayed
		 * once here, so a bad one never starts the screen. */
		int st;

		if ((t->sched = calloc(1, sizeof *t->sched)) == NULL) {
			fputs("kitchen-tui: out of memory\n", stderr);
			return 1;
		}
		if ((st = schedule_ready(o, t->sched)) != 0)
			return st;
		t->menu = t->sched->menu;
		t->sched->menu = NULL;
		t->ro = t->sched->ro;
	} else if (catalog_load_menu(t->datadir, menu, &t->menu, &err) < 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: cannot load the menu");
		free(err);
		return 2;
	}
	t->ascii = o->ascii || cs == NULL || strcmp(cs, "UTF-8") != 0;
	t->lang = CODE_PYTHON;
	t->last_step = calloc(t->menu->nrecipes + 1, sizeof *t->last_step);
	if (t->last_step == NULL || tui_log_init(&t->log) < 0) {
		fputs("kitchen-tui: out of memory\n", stderr);
		return 1;
	}
	if (tui_dinner_new(t, &t->d, &t->ro, &rerr) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", rerr);
		return 2;
	}
	/* A menu read from standard input leaves the keys to the terminal,
	 * as less(1) does. */
	if (o->menu != NULL && strcmp(o->menu, "-") == 0 &&
	    !isatty(STDIN_FILENO) && tui_reopen_tty() < 0) {
		fputs("kitchen-tui: the menu came on standard input and there "
		      "is no terminal for the keys (/dev/tty); use --batch\n",
		      stderr);
		return 2;
	}
	if (tui_term_check(msg, sizeof msg) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", msg);
		return 2;
	}
	if (tui_menus_build(t, o->menu) < 0) {
		fputs("kitchen-tui: out of memory\n", stderr);
		return 1;
	}
	return 0;
}

int tui_main(const struct kt_opts *o)
{
	struct tui t;
	const char *lerr = NULL;
	char msg[256], name[64];
	int st, i;

	memset(&t, 0, sizeof t);
	st = tui_prepare(&t, o);
	if (st != 0) {
		tui_free(&t);
		return st;
	}
	/* Signal watchers before newterm: ncurses then installs no
	 * handlers of its own, and every signal comes through libev. */
	if (loop_init(&t.loop, &tui_loop_ops, &t, 0, TUI_FPS, &lerr) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", lerr);
		tui_free(&t);
		return 1;
	}
	if (tui_term_start(&t, msg, sizeof msg) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", msg);
		loop_free(&t.loop);
		tui_free(&t);
		return 2;
	}
	for (i = 0; i < (int)t.menu->nrecipes; i++)
		t.last_step[i] = -1;
	tui_code_rebuild(&t);
	esc_text(name, sizeof name, t.menu->name, t.ascii);
	tui_logf(&t, "%s under %s: ? shows every key", name,
		 model_name(t.ro.model));
	if (t.sched != NULL)
		tui_logf(&t, "replaying the schedule: %zu decisions",
			 t.sched->path.n);
	if (export_stream(o->exports, EXPORT_CAST) != NULL &&
	    tui_cast_start(&t, export_stream(o->exports, EXPORT_CAST)) < 0)
		tui_fatal(&t, "out of memory starting the recording");
	tui_marks_build(&t);
	if (tui_watch_start(&t, t.menu_at < t.nmenus ? t.menus[t.menu_at] :
			    NULL) < 0)
		tui_logf(&t, "cannot watch the menu's files (out of memory)");
	tui_reschedule(&t);
	if (t.cast != NULL) {
		char mk[160];

		esc_text(name, sizeof name, t.menu->name, t.ascii);
		snprintf(mk, sizeof mk, "%s: %s", name, model_name(t.ro.model));
		tui_cast_marker(&t, mk);
		if (t.paused && t.lesson == NULL)
			tui_cast_marker(&t, "paused");
	}
	tui_lesson_start(&t);
	tui_draw(&t);
	if (!t.quit)
		loop_run(&t.loop);

	tui_bench_stop(&t);
	tui_real_stop(&t);
	tui_term_end();
	tui_frames_report();
	loop_free(&t.loop);
	if (t.fatal[0])
		fprintf(stderr, "kitchen-tui: %s\n", t.fatal);
	st = t.status;
	if (o->nexports > 0 && tui_export(&t) < 0 && st == 0)
		st = 1;
	tui_free(&t);
	return st;
}
