/* SPDX-License-Identifier: ISC */
/*
 * play-tui.c - a level on the screen: the student is the event loop.
 *
 * Between decisions the timeline runs on its own (the libev frame timer,
 * virtual time = speed x wall time, as on the main screen); at a decision
 * the frame timer stops, so a waiting game costs no wake-ups, and the
 * choices are listed.  A key picks one, u takes it back (a replay of the
 * choices before it), h shows the hint.  At the end the report of play.c
 * is drawn: totals, score and stars, the first loss, and the student's
 * timeline over the optimal one; the score is kept (play-scores.c).
 */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "play-main.h"
#include "play-scores.h"
#include "esc.h"
#include "report.h"
#include "tui.h"
#include "tui-wrap.h"

enum pt_phase { PT_INTRO, PT_PLAY, PT_END };

struct pt {
	struct tui t;
	struct play p;
	enum pt_phase phase;
	bool hint, paused, have_rep, saved_failed;
	double speed;
	sched_ms vt_base;
	double real_base;
	sched_ms axis;
	struct play_report rep;
	struct run *opt;        /* the optimal run, drawn at the end */
	char note[160];
	int status;
};

static void pt_draw(struct pt *s);

static bool
pt_ticking(const struct pt *s)
{
	return s->phase == PT_PLAY && !s->paused && !play_over(&s->p) &&
	    play_decision(&s->p) == NULL;
}

static void
pt_schedule(struct pt *s)
{
	s->vt_base = run_now(s->p.run);
	s->real_base = loop_now(&s->t.loop);
	loop_frames(&s->t.loop, pt_ticking(s));
}

/* The optimal (or the goal's shortest) run, replayed for drawing. */
static void
pt_make_opt(struct pt *s)
{
	struct run_opts o;
	const char *err;
	size_t i;
	int ok = 0;

	play_run_opts(s->p.lv, &o);
	if ((s->opt = run_new(s->p.menu, &o, &err)) == NULL)
		return;
	for (i = 0; i < s->rep.best.nmoves && ok == 0; i++)
		ok = run_to_decision(s->opt) == 1 ?
		    run_choose(s->opt, s->rep.best.moves[i]) : -1;
	while (ok == 0 && run_to_decision(s->opt) == 1)
		ok = run_choose(s->opt, 0);
	if (ok != 0) {
		run_free(s->opt);
		s->opt = NULL;
	}
}

static void
pt_end(struct pt *s)
{
	const char *err;

	if (s->have_rep)
		return;
	if (play_report(&s->p, &s->rep, &err) != 0) {
		snprintf(s->note, sizeof s->note, "%s", err);
		return;
	}
	s->have_rep = true;
	s->phase = PT_END;
	pt_make_opt(s);
	if (play_scores_record(s->p.lv->name, s->rep.score, s->rep.stars) != 0)
		s->saved_failed = true;
}

static void
pt_unend(struct pt *s)
{
	if (s->have_rep)
		play_report_free(&s->rep);
	s->have_rep = false;
	run_free(s->opt);
	s->opt = NULL;
	s->phase = PT_PLAY;
}

static void
pt_advance(struct pt *s)
{
	double dt = loop_now(&s->t.loop) - s->real_base;
	sched_ms to;

	if (!pt_ticking(s))
		return;
	if (dt < 0)
		dt = 0;
	to = s->vt_base + (sched_ms)(dt * s->speed * 1000.0);
	if (run_until(s->p.run, to) != 0) {
		snprintf(s->note, sizeof s->note, "out of memory while cooking");
		loop_break(&s->t.loop);
		s->status = 1;
		return;
	}
	play_check_goal(&s->p);
	if (play_over(&s->p))
		pt_end(s);
	if (!pt_ticking(s))
		pt_schedule(s);
}

/* "work 1m", "then the oven 18m" ... a step in a few words. */
static void
pt_step_words(const struct step *st, char *buf, size_t n)
{
	char d[16];

	report_mmss(d, sizeof d, st->duration);
	switch (st->action) {
	case ACT_WORK: snprintf(buf, n, "work %s", d); break;
	case ACT_WAIT: snprintf(buf, n, "waits %s", d); break;
	case ACT_PREHEAT: snprintf(buf, n, "heats the oven to %dF", st->temp_f); break;
	case ACT_USE: snprintf(buf, n, "the %s for %s", appliance_name(st->app), d); break;
	case ACT_BOIL: snprintf(buf, n, "waits for the pot to boil"); break;
	case ACT_SIMMER: snprintf(buf, n, "simmers %s", d); break;
	default: snprintf(buf, n, "?"); break;
	}
}

static int
pt_choices(struct pt *s, int y)
{
	const struct run_decision *d = play_decision(&s->p);
	const struct recipe *r;
	char buf[300], what[80], next[80], t[16], name[64];
	size_t i;

	if (d == NULL)
		return y;
	report_mmss(t, sizeof t, d->at);
	snprintf(buf, sizeof buf, "Decision %llu at %s: who gets %s?",
	    (unsigned long long)d->index + 1, t,
	    s->p.ro.model == MODEL_THREADS || s->p.ro.model == MODEL_PROCESSES ?
	    "the CPU" : "the cook");
	tui_put(&s->t, y++, 1, COLS - 2, A_BOLD, TUI_PAIR_NOTE, buf);
	for (i = 0; i < d->n && i < 9 && y < LINES - 2; i++, y++) {
		const struct run_choice *c = &d->choices[i];
		r = s->p.menu->recipes[c->recipe];
		esc_text(name, sizeof name, r->name, s->t.ascii);
		what[0] = next[0] = '\0';
		if (c->step >= 0 && (size_t)c->step < r->nsteps) {
			pt_step_words(&r->steps[c->step], what, sizeof what);
			if ((size_t)c->step + 1 < r->nsteps &&
			    r->steps[c->step + 1].action != ACT_WORK) {
				char w[60];
				pt_step_words(&r->steps[c->step + 1], w, sizeof w);
				snprintf(next, sizeof next, ", then %s", w);
			}
		}
		snprintf(buf, sizeof buf, "%zu) %s%s%s: %s%s -- %s", i + 1, name,
		    c->continues ? " (goes on)" : "",
		    c->preempts ? " (preempts)" : "", what, next,
		    c->step >= 0 && (size_t)c->step < r->nsteps ?
		    r->steps[c->step].text : "");
		tui_put(&s->t, y, 3, COLS - 4, 0, tui_recipe_pair(&s->t, c->recipe),
		    buf);
	}
	return y;
}

static void
pt_header(struct pt *s, const char *right)
{
	char buf[256];

	snprintf(buf, sizeof buf, " %s (goal: %s)  %s", s->p.lv->title,
	    level_goal_name(s->p.lv->goal), right);
	move(0, 0);
	clrtoeol();
	tui_put(&s->t, 0, 0, COLS, A_REVERSE, TUI_PAIR_HEAD, buf);
}

static void
pt_draw_end(struct pt *s)
{
	const struct play_report *r = &s->rep;
	char buf[900], a[16], b[16], c[16];
	int y = 2, rows, h;

	report_mmss(a, sizeof a, r->student_total);
	report_mmss(b, sizeof b, r->best.total);
	report_mmss(c, sizeof c, r->fifo_total);
	pt_header(s, "the end");
	if (r->breaks)
		snprintf(buf, sizeof buf, "Your dinner %s%s   FIFO loop %s%s",
		    a, run_deadlock(s->p.run) != NULL ? " (deadlock)" :
		    r->student_bad ? " (a dish ruined)" : "", c,
		    r->fifo_bad ? " (a dish ruined)" : "");
	else
		snprintf(buf, sizeof buf, "Your dinner %s%s   optimal %s%s%s   "
		    "FIFO loop %s", a, r->student_bad ? " (ruined)" : "", b,
		    r->best.bad ? " (ruined)" : "", r->best.proved ? " (proved)" :
		    " (best found)", c);
	tui_put(&s->t, y++, 1, COLS - 2, A_BOLD, 0, buf);
	if (r->breaks)
		snprintf(buf, sizeof buf, "Goal %s.  Preemptions: yours %zu, "
		    "fewest %zu%s.  Score %d, %d of 3 stars", r->goal_met ? "met" :
		    "not met", r->forced, r->best.forced, r->best.proved ? "" :
		    " found", r->score, r->stars);
	else
		snprintf(buf, sizeof buf, "Goal %s.  Score %d (optimal / yours x "
		    "100), %d of 3 stars", r->goal_met ? "met" : "not met",
		    r->score, r->stars);
	tui_put(&s->t, y++, 1, COLS - 2, A_BOLD,
	    r->goal_met ? TUI_PAIR_OK : TUI_PAIR_BAD, buf);
	play_loss_words(&s->p, r, buf, sizeof buf);
	if (buf[0] != '\0') {
		char line[1000];
		snprintf(line, sizeof line, "First loss: %s.", buf);
		y += tui_wrap(&s->t, y, 1, COLS - 2, 3, 0, TUI_PAIR_NOTE, line);
	}
	if (r->breaks) {
		char line[1000];
		size_t i, o = 0;
		/* The two schedules side by side, as the choice numbers. */
		o += (size_t)snprintf(line + o, sizeof line - o, "Yours:");
		for (i = 0; i < s->p.nmoves && o < sizeof line - 8; i++)
			o += (size_t)snprintf(line + o, sizeof line - o, "%s%zu",
			    i ? "," : " ", s->p.moves[i] + 1);
		tui_put(&s->t, y++, 1, COLS - 2, 0, 0, line);
		o = (size_t)snprintf(line, sizeof line, "Fewest preemptions:");
		for (i = 0; i < r->best.nmoves && o < sizeof line - 8; i++)
			o += (size_t)snprintf(line + o, sizeof line - o, "%s%zu",
			    i ? "," : " ", r->best.moves[i] + 1);
		tui_put(&s->t, y++, 1, COLS - 2, 0, 0, line);
	}
	if (s->saved_failed)
		tui_put(&s->t, y++, 1, COLS - 2, A_DIM, 0,
		    "(the score could not be saved)");
	y++;
	h = (LINES - 2 - y - 3) / 2;
	if (h < 1)
		h = 1;
	tui_put(&s->t, y++, 1, COLS - 2, A_BOLD, 0, "You:");
	rows = tui_timeline(&s->t, s->p.run, s->p.run, y, 0, COLS, h, 11,
	    s->axis, s->axis, true);
	y += rows;
	if (s->opt != NULL && y < LINES - 3) {
		tui_put(&s->t, y++, 1, COLS - 2, A_BOLD, 0,
		    r->breaks ? "The shortest way:" : "Optimal:");
		rows = tui_timeline(&s->t, s->opt, s->opt, y, 0, COLS,
		    LINES - 2 - y, 11, s->axis, s->axis, true);
		y += rows;
	}
	if (y < LINES - 1)
		tui_axis(&s->t, y, 0, COLS, 11, s->axis, s->axis);
}

static void
pt_draw(struct pt *s)
{
	char buf[200], t[16];
	sched_ms now;
	size_t i;
	int y;

	erase();
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		tui_put(&s->t, 0, 0, COLS, A_BOLD, 0, "terminal too small");
		refresh();
		return;
	}
	if (s->phase == PT_INTRO) {
		pt_header(s, "");
		for (i = 0, y = 2; i < s->p.lv->nintro && y < LINES - 3; i++)
			y += tui_wrap(&s->t, y, 2, COLS - 4, 3, 0, 0, s->p.lv->intro[i]);
		if (s->hint)
			tui_wrap(&s->t, y + 1, 2, COLS - 4, 3, 0, TUI_PAIR_NOTE,
			    s->p.lv->hint);
		move(LINES - 1, 0);
		tui_put(&s->t, LINES - 1, 0, COLS, A_REVERSE, 0,
		    " Enter start   h hint   q quit ");
		refresh();
		return;
	}
	if (s->phase == PT_END && s->have_rep) {
		pt_draw_end(s);
		if (s->hint)
			tui_wrap(&s->t, LINES - 3, 1, COLS - 2, 2, 0, TUI_PAIR_NOTE,
			    s->p.lv->hint);
		tui_put(&s->t, LINES - 1, 0, COLS, A_REVERSE, 0,
		    " u undo the last choice   h hint   q quit ");
		refresh();
		return;
	}
	now = run_now(s->p.run);
	if (now > s->axis)
		s->axis = now;
	report_mmss(t, sizeof t, now);
	snprintf(buf, sizeof buf, "%s  %s  choices made %zu", t,
	    play_decision(&s->p) ? "your move" : s->paused ? "PAUSED" : "cooking",
	    s->p.nmoves);
	pt_header(s, buf);
	y = 2 + tui_timeline(&s->t, s->p.run, s->p.run, 2, 0, COLS,
	    LINES - 12 > 3 ? LINES - 12 : 3, 11, s->axis, now, true);
	tui_axis(&s->t, y++, 0, COLS, 11, s->axis, now);
	y++;
	y = pt_choices(s, y);
	if (s->hint && y < LINES - 2)
		y += tui_wrap(&s->t, y, 1, COLS - 2, 2, 0, TUI_PAIR_NOTE,
		    s->p.lv->hint);
	if (s->note[0] != '\0' && y < LINES - 2)
		tui_put(&s->t, y++, 1, COLS - 2, A_DIM, 0, s->note);
	tui_put(&s->t, LINES - 1, 0, COLS, A_REVERSE, 0,
	    " 1-9 choose   u undo   h hint   space pause   q quit ");
	refresh();
}

static void
pt_key(struct pt *s, int ch)
{
	const struct run_decision *d;

	s->note[0] = '\0';
	if (ch == 'h' || ch == 'H') {
		s->hint = !s->hint;
		return;
	}
	if (s->phase == PT_INTRO) {
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER || ch == ' ') {
			s->phase = PT_PLAY;
			pt_schedule(s);
		}
		return;
	}
	if (ch == 'u' || ch == 'U') {
		if (play_undo(&s->p) != 0) {
			snprintf(s->note, sizeof s->note, "nothing to undo");
			return;
		}
		pt_unend(s);
		pt_schedule(s);
		return;
	}
	if (ch == ' ' && s->phase == PT_PLAY) {
		s->vt_base = run_now(s->p.run);
		s->paused = !s->paused;
		pt_schedule(s);
		return;
	}
	d = play_decision(&s->p);
	if (s->phase == PT_PLAY && d != NULL && ch >= '1' && ch <= '9') {
		if ((size_t)(ch - '1') >= d->n) {
			snprintf(s->note, sizeof s->note, "there are %zu choices",
			    d->n);
			return;
		}
		play_choose(&s->p, (size_t)(ch - '1'));
		play_check_goal(&s->p);
		pt_schedule(s);
	}
}

static void
pt_on_key(void *arg)
{
	struct pt *s = arg;
	int ch;

	while ((ch = getch()) != ERR) {
		if (ch == 'q' || ch == 'Q') {
			loop_break(&s->t.loop);
			return;
		}
		if (ch == KEY_RESIZE)
			tui_term_resize();
		else
			pt_key(s, ch);
	}
	pt_draw(s);
}

static void
pt_on_frame(void *arg)
{
	struct pt *s = arg;

	pt_advance(s);
	pt_draw(s);
}

static void
pt_on_resize(void *arg)
{
	tui_term_resize();
	pt_draw(arg);
}

static void
pt_on_quit(void *arg, int signo)
{
	struct pt *s = arg;

	(void)signo;
	loop_break(&s->t.loop);
}

static void
pt_on_suspend(void *arg)
{
	struct pt *s = arg;

	pt_advance(s);
	loop_frames(&s->t.loop, false);
	tui_term_suspend();
}

static void
pt_on_resume(void *arg)
{
	struct pt *s = arg;

	tui_term_resume();
	pt_schedule(s);         /* the stopped time is not cooking time */
	pt_draw(s);
}

static void
pt_on_aux(void *arg)
{
	(void)arg;
}

static const struct loop_ops pt_ops = {
	.key = pt_on_key,
	.frame = pt_on_frame,
	.resize = pt_on_resize,
	.quit = pt_on_quit,
	.suspend = pt_on_suspend,
	.resume = pt_on_resume,
	.aux = pt_on_aux,
};

int
play_tui(const struct kt_opts *o, const struct level *lv, const struct menu *m)
{
	const char *cs = nl_langinfo(CODESET), *err;
	struct play_found best;
	char msg[256];
	struct pt s;
	sched_ms fifo;

	memset(&s, 0, sizeof s);
	s.t.o = o;
	s.t.ascii = o->ascii || cs == NULL || strcmp(cs, "UTF-8") != 0;
	s.t.menu = (struct menu *)m;
	s.speed = o->speed > 0 ? o->speed : TUI_DEFAULT_SPEED;
	if (play_new(&s.p, lv, m, &err) != 0) {
		fprintf(stderr, "kitchen-tui: %s\n", err);
		return 2;
	}
	/* The time axis: long enough for the FIFO loop's dinner and the
	 * best one, so it does not jump while playing. */
	{
		struct run_opts ro = lv->run;
		struct run *r;

		ro.tables = 1;
		fifo = 0;
		if ((r = run_new(m, &ro, &err)) != NULL && run_finish(r) == 0)
			fifo = run_result(r)->total;
		run_free(r);
		if (play_best(lv, m, &best) == 0) {
			if (best.total > fifo)
				fifo = best.total;
			play_found_free(&best);
		}
		s.axis = fifo + fifo / 4;
	}
	if (tui_term_check(msg, sizeof msg) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", msg);
		play_free(&s.p);
		return 2;
	}
	if (loop_init(&s.t.loop, &pt_ops, &s, 0, TUI_FPS, &err) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", err);
		play_free(&s.p);
		return 1;
	}
	if (tui_term_start(&s.t, msg, sizeof msg) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", msg);
		loop_free(&s.t.loop);
		play_free(&s.p);
		return 2;
	}
	pt_draw(&s);
	loop_run(&s.t.loop);
	tui_term_end();
	loop_free(&s.t.loop);
	if (s.have_rep)
		play_report_free(&s.rep);
	run_free(s.opt);
	play_free(&s.p);
	return s.status;
}
