/* SPDX-License-Identifier: ISC */
/*
 * tui-lesson.c - kitchen-tui --lesson: a lesson file played on the screen.
 *
 * Each scene sets the menu, the model and the options and cooks the
 * dinner again; its cues are judged after every frame and every key
 * (lesson_cue_due, which reads the run through model.h only): a caption
 * goes into the caption box (the projector layout, where a lesson
 * starts) and the log, a stop pauses the clock until the teacher goes on.
 *
 * The clicker's keys drive it: Page Down, Right, space or Enter go on
 * (past a stop, else to the next scene), Page Up or Left go back a scene,
 * Home to the first.  Any other key that changes the dinner (a model, the
 * locks, a step) works as usual and takes the class off the script: cues
 * wait until `.` puts the scene back as written.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "lesson.h"
#include "tui.h"

struct tui_lesson {
	struct lesson *les;
	size_t scene;
	bool fired[LESSON_MAX_CUES];
	bool at_stop;           /* paused by a stop (or a scene that starts paused) */
	bool off_script;
	struct run_opts base;   /* the command line's options */
};

int tui_lesson_load(struct tui *t, const struct kt_opts *o, const char **menu,
		    char **err)
{
	struct tui_lesson *tl = calloc(1, sizeof *tl);
	const struct lesson_scene *sc;

	if (tl == NULL) {
		*err = NULL;
		return -1;
	}
	if (lesson_load(t->datadir, o->lesson, &tl->les, err) < 0) {
		free(tl);
		return -1;
	}
	t->lesson = tl;
	tl->base = t->ro;
	sc = &tl->les->scenes[0];
	*menu = sc->menu ? sc->menu : KT_DEFAULT_MENU;
	lesson_scene_opts(sc, &t->ro);
	if (o->speed <= 0 && sc->speed > 0)
		t->speed = sc->speed;
	t->paused = sc->paused;
	tl->at_stop = sc->paused;
	t->projector = true;
	return 0;
}

void tui_lesson_free(struct tui *t)
{
	if (t->lesson == NULL)
		return;
	lesson_free(t->lesson->les);
	free(t->lesson);
	t->lesson = NULL;
}

static void lesson_caption(struct tui *t, const char *text)
{
	esc_text(t->caption, sizeof t->caption, text, t->ascii);
}

/* The scene's title as the caption until its first cue, and a marker. */
static void lesson_title(struct tui *t)
{
	struct tui_lesson *tl = t->lesson;
	const struct lesson_scene *sc = &tl->les->scenes[tl->scene];
	char buf[sizeof t->caption], title[300];

	esc_text(title, sizeof title, sc->title, t->ascii);
	snprintf(buf, sizeof buf, "Scene %zu of %zu: %s%s", tl->scene + 1,
		 tl->les->nscenes, title,
		 sc->paused ? "  (Page Down starts it)" : "");
	snprintf(t->caption, sizeof t->caption, "%s", buf);
	tui_logf(t, "%s", buf);
	snprintf(buf, sizeof buf, "scene %zu: %s", tl->scene + 1, title);
	tui_cast_marker(t, buf);
}

/* Put scene i on the screen as written. */
static void lesson_enter(struct tui *t, size_t i)
{
	struct tui_lesson *tl = t->lesson;
	const struct lesson_scene *sc = &tl->les->scenes[i];
	const char *name = sc->menu ? sc->menu : KT_DEFAULT_MENU;
	struct menu *m = NULL;
	char *err = NULL;
	int *steps;

	tui_freeze(t);
	tui_compare_free(t);
	t->view = VIEW_MAIN;
	if (strcmp(t->menu->name, name) != 0) {
		if (catalog_load_menu(t->datadir, name, &m, &err) < 0 ||
		    (steps = calloc(m->nrecipes + 1, sizeof *steps)) == NULL) {
			tui_logf(t, "scene %zu: %s", i + 1, err ? err : "out of memory");
			free(err);
			menu_free(m);
			return;
		}
		tui_dinner_free(&t->d);
		menu_free(t->menu);
		free(t->last_step);
		t->menu = m;
		t->last_step = steps;
		memset(t->totals, 0, sizeof t->totals);
	}
	tl->scene = i;
	memset(tl->fired, 0, sizeof tl->fired);
	tl->off_script = false;
	t->ro = tl->base;
	lesson_scene_opts(sc, &t->ro);
	if (t->o->speed <= 0)
		t->speed = sc->speed > 0 ? sc->speed : TUI_DEFAULT_SPEED;
	t->paused = sc->paused;
	tl->at_stop = sc->paused;
	if (tui_restart(t) < 0)
		t->done = true;
	lesson_title(t);
}

void tui_lesson_start(struct tui *t)
{
	if (t->lesson != NULL)
		lesson_title(t);
}

static bool lesson_on_script(const struct tui *t)
{
	const struct tui_lesson *tl = t->lesson;

	return tl != NULL && !tl->off_script && !tl->at_stop &&
	       t->view == VIEW_MAIN && t->d.run != NULL;
}

/* Fire the cues whose moment has come at virtual time `now` (which may
 * lie between two events of the run); true when one was a stop, and the
 * clock then stands at `now`. */
static bool lesson_fire(struct tui *t, sched_ms now)
{
	struct tui_lesson *tl = t->lesson;
	const struct lesson_scene *sc = &tl->les->scenes[tl->scene];
	size_t i;
	bool due;

	for (i = 0; i < sc->ncues; i++) {
		const struct lesson_cue *q = &sc->cues[i];

		if (tl->fired[i])
			continue;
		due = q->when == LESSON_AT ? now >= q->at || run_done(t->d.run) :
		      lesson_cue_due(q, t->d.run);
		if (!due)
			continue;
		t->vt = now;            /* the log line's time */
		tl->fired[i] = true;
		if (q->text != NULL) {
			char mk[sizeof t->caption + 16];

			lesson_caption(t, q->text);
			tui_logf(t, "%s", t->caption);
			/* A marker per caption: a course page's player can
			 * jump to each, and a test can read them all. */
			snprintf(mk, sizeof mk, "caption: %s", t->caption);
			tui_cast_marker(t, mk);
		}
		if (q->stop) {
			t->paused = true;
			t->vt = t->vt_base = now;
			tl->at_stop = true;
			tui_reschedule(t);
			tui_cast_marker(t, "stop");
			if (q->text == NULL)
				tui_logf(t, "stop: Page Down goes on");
			return true;    /* later cues wait for the teacher */
		}
	}
	return false;
}

void tui_lesson_tick(struct tui *t)
{
	sched_ms vt = t->vt;

	if (!lesson_on_script(t))
		return;
	if (!lesson_fire(t, run_now(t->d.run)))
		t->vt = vt;
}

/*
 * The engine up to virtual time v, one event at a time while a scene is
 * on its script, so that every cue fires at its own moment: a time cue
 * between two events at its time, an event cue right after the event
 * that makes it true.  A stop leaves the clock there.  Off the script,
 * plain run_until.  O(events x cues), a few hundred a dinner.
 * 0, 1 stopped at a stop, -1 out of memory.
 */
int tui_lesson_until(struct tui *t, sched_ms v)
{
	struct tui_lesson *tl = t->lesson;
	const struct lesson_scene *sc;
	struct run *r = t->d.run;
	sched_ms next, at, vt = t->vt;
	size_t i;

	if (!lesson_on_script(t))
		return run_until(r, v) < 0 ? -1 : 0;
	sc = &tl->les->scenes[tl->scene];
	for (;;) {
		next = run_done(r) ? SCHED_NEVER : run_next(r);
		/* The earliest time cue before the next event. */
		at = SCHED_NEVER;
		for (i = 0; i < sc->ncues; i++)
			if (!tl->fired[i] && sc->cues[i].when == LESSON_AT &&
			    sc->cues[i].at < at)
				at = sc->cues[i].at;
		if (at <= v && at <= next) {
			if (at > run_now(r) && run_until(r, at) < 0)
				return -1;
			if (lesson_fire(t, at > run_now(r) ? at : run_now(r)))
				return 1;
			continue;
		}
		if (next == SCHED_NEVER || next > v)
			break;
		if (run_step(r) < 0)
			return -1;
		if (lesson_fire(t, run_now(r)))
			return 1;
	}
	t->vt = vt;
	if (run_until(r, v) < 0)
		return -1;
	if (lesson_fire(t, v))
		return 1;
	t->vt = vt;
	return 0;
}

static void lesson_next(struct tui *t)
{
	struct tui_lesson *tl = t->lesson;

	if (tl->at_stop && t->paused && !t->done) {
		tl->at_stop = false;
		tui_freeze(t);
		t->paused = false;
		tui_reschedule(t);
		return;
	}
	if (tl->scene + 1 < tl->les->nscenes) {
		lesson_enter(t, tl->scene + 1);
		return;
	}
	tui_logf(t, "the end of the lesson: Page Up goes back, Home to the start");
}

bool tui_lesson_key(struct tui *t, int ch)
{
	struct tui_lesson *tl = t->lesson;

	if (tl == NULL || t->view != VIEW_MAIN)
		return false;
	switch (ch) {
	case KEY_NPAGE: case KEY_RIGHT: case ' ': case '\n': case '\r':
	case KEY_ENTER:
		lesson_next(t);
		return true;
	case KEY_PPAGE: case KEY_LEFT:
		lesson_enter(t, tl->scene > 0 ? tl->scene - 1 : 0);
		return true;
	case KEY_HOME: case KEY_FIND:   /* Home, or the \e[1~ some send */
		lesson_enter(t, 0);
		return true;
	case '.':
		lesson_enter(t, tl->scene);
		return true;
	default:
		/* Keys that change the dinner leave the script. */
		if (ch > 0 && ch < 128 && strchr("12345lg[]mrnbc", ch) != NULL &&
		    !tl->off_script) {
			tl->off_script = true;
			snprintf(t->caption, sizeof t->caption, "Off the script: "
				 "'.' puts scene %zu back as written", tl->scene + 1);
		}
		return false;
	}
}

size_t tui_lesson_scene(const struct tui *t, size_t *n)
{
	*n = t->lesson ? t->lesson->les->nscenes : 0;
	return t->lesson ? t->lesson->scene : 0;
}
