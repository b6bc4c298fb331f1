/* SPDX-License-Identifier: ISC */
/*
 * quiz-tui.c - the quiz on the screen: predict, then reveal.
 *
 * Each question waits for a letter; the reveal then cooks the run that
 * decides it and shows its timeline and the log line that decides it.
 * Nothing animates, so the loop has no frame timer: keys and signals come
 * through the same libev loop as the main screen (loop.h), and the
 * terminal is put back by tui-term.c's one restore function.
 */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz-main.h"
#include "tui.h"
#include "tui-wrap.h"

enum qt_phase { QT_ASK, QT_REVEAL, QT_END };

struct qt {
	struct tui t;           /* drawing state the tui-*.c helpers read */
	const struct quiz *qz;
	const struct menu *const *menus;
	size_t cur;
	enum qt_phase phase;
	int picked;             /* the student's choice at the reveal */
	int *given;             /* per question, -1 unanswered */
	size_t right;
	struct run *reveal;
	char fatal[128];
};

static void
qt_footer(struct qt *q, const char *keys)
{
	move(LINES - 1, 0);
	clrtoeol();
	tui_put(&q->t, LINES - 1, 0, COLS, A_REVERSE, 0, keys);
}

static void
qt_draw(struct qt *q)
{
	const struct quiz_question *qq;
	char buf[160];
	int y, c;

	erase();
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		tui_put(&q->t, 0, 0, COLS, A_BOLD, 0, "terminal too small");
		refresh();
		return;
	}
	if (q->phase == QT_END) {
		snprintf(buf, sizeof buf, " Quiz, seed %llu: the end ",
		    (unsigned long long)q->qz->seed);
		tui_put(&q->t, 0, 0, COLS, A_REVERSE, TUI_PAIR_HEAD, buf);
		snprintf(buf, sizeof buf, "You got %zu of %zu right.", q->right,
		    q->qz->n);
		tui_put(&q->t, 2, 2, COLS - 4, A_BOLD, 0, buf);
		for (y = 0; y < (int)q->qz->n && 4 + y < LINES - 2; y++) {
			qq = &q->qz->q[y];
			snprintf(buf, sizeof buf, "%2d. %s: %c) %s", y + 1,
			    q->given[y] == qq->answer ? "right" : "wrong",
			    quiz_letter(qq->answer), qq->choice[qq->answer]);
			tui_put(&q->t, 4 + y, 2, COLS - 4, 0,
			    q->given[y] == qq->answer ? TUI_PAIR_OK : TUI_PAIR_BAD, buf);
		}
		qt_footer(q, " q quit ");
		refresh();
		return;
	}
	qq = &q->qz->q[q->cur];
	snprintf(buf, sizeof buf, " Quiz, seed %llu: question %zu of %zu, %zu "
	    "right so far ", (unsigned long long)q->qz->seed, q->cur + 1,
	    q->qz->n, q->right);
	tui_put(&q->t, 0, 0, COLS, A_REVERSE, TUI_PAIR_HEAD, buf);
	y = 2 + tui_wrap(&q->t, 2, 2, COLS - 4, 4, A_BOLD, 0, qq->text) + 1;
	for (c = 0; c < qq->nchoices && y < LINES - 2; c++, y++) {
		const char *mark = "  ";
		short pair = 0;
		if (q->phase == QT_REVEAL && c == qq->answer) {
			mark = q->t.ascii ? "* " : "\xe2\x9c\x93 ";
			pair = TUI_PAIR_OK;
		} else if (q->phase == QT_REVEAL && c == q->picked) {
			mark = q->t.ascii ? "x " : "\xe2\x9c\x97 ";
			pair = TUI_PAIR_BAD;
		}
		snprintf(buf, sizeof buf, "%s%c) %s", mark, quiz_letter(c),
		    qq->choice[c]);
		tui_put(&q->t, y, 4, COLS - 6, 0, pair, buf);
	}
	if (q->phase == QT_ASK) {
		snprintf(buf, sizeof buf, " a-%c answer   q quit ",
		    quiz_letter(qq->nchoices - 1));
		qt_footer(q, buf);
		refresh();
		return;
	}
	y++;
	if (q->picked == qq->answer)
		snprintf(buf, sizeof buf, "Right: %c) %s.", quiz_letter(qq->answer),
		    qq->choice[qq->answer]);
	else
		snprintf(buf, sizeof buf, "Not quite: the answer is %c) %s.",
		    quiz_letter(qq->answer), qq->choice[qq->answer]);
	tui_put(&q->t, y++, 2, COLS - 4, A_BOLD,
	    q->picked == qq->answer ? TUI_PAIR_OK : TUI_PAIR_BAD, buf);
	tui_put(&q->t, y++, 2, COLS - 4, A_DIM, 0, "The log line that decides it:");
	y += tui_wrap(&q->t, y, 4, COLS - 6, 3, 0, TUI_PAIR_NOTE, qq->why) + 1;
	if (q->reveal != NULL && y < LINES - 3) {
		sched_ms end = run_result(q->reveal)->total;
		int rows = tui_timeline(&q->t, q->reveal, q->reveal, y, 0, COLS,
		    LINES - 2 - y, 11, end, end, true);
		tui_axis(&q->t, y + rows, 0, COLS, 11, end, end);
	}
	qt_footer(q, q->cur + 1 < q->qz->n ? " Enter next question   q quit " :
	    " Enter the score   q quit ");
	refresh();
}

static void
qt_answer(struct qt *q, int c)
{
	const struct quiz_question *qq = &q->qz->q[q->cur];
	const char *err;

	q->picked = c;
	q->given[q->cur] = c;
	if (c == qq->answer)
		q->right++;
	q->phase = QT_REVEAL;
	q->t.menu = (struct menu *)q->menus[qq->menu];
	if ((q->reveal = run_new(q->menus[qq->menu], &qq->opts, &err)) != NULL &&
	    run_finish(q->reveal) != 0) {
		run_free(q->reveal);
		q->reveal = NULL;
	}
}

static void
qt_next(struct qt *q)
{
	run_free(q->reveal);
	q->reveal = NULL;
	if (q->cur + 1 < q->qz->n) {
		q->cur++;
		q->phase = QT_ASK;
	} else
		q->phase = QT_END;
}

static void
qt_on_key(void *arg)
{
	struct qt *q = arg;
	int ch;

	while ((ch = getch()) != ERR) {
		if (ch == 'q' || ch == 'Q') {
			loop_break(&q->t.loop);
			return;
		}
		if (ch == KEY_RESIZE)
			tui_term_resize();
		else if (q->phase == QT_ASK && ch >= 'a' &&
		    ch < 'a' + q->qz->q[q->cur].nchoices)
			qt_answer(q, ch - 'a');
		else if (q->phase == QT_ASK && ch >= 'A' &&
		    ch < 'A' + q->qz->q[q->cur].nchoices)
			qt_answer(q, ch - 'A');
		else if (q->phase == QT_REVEAL && (ch == '\n' || ch == '\r' ||
		    ch == KEY_ENTER || ch == ' ' || ch == 'n'))
			qt_next(q);
	}
	qt_draw(q);
}

static void
qt_on_frame(void *arg)
{
	qt_draw(arg);
}

static void
qt_on_resize(void *arg)
{
	tui_term_resize();
	qt_draw(arg);
}

static void
qt_on_quit(void *arg, int signo)
{
	struct qt *q = arg;

	(void)signo;
	loop_break(&q->t.loop);
}

static void
qt_on_suspend(void *arg)
{
	(void)arg;
	tui_term_suspend();
}

static void
qt_on_resume(void *arg)
{
	tui_term_resume();
	qt_draw(arg);
}

static void
qt_on_aux(void *arg)
{
	(void)arg;
}

static const struct loop_ops qt_ops = {
	.key = qt_on_key,
	.frame = qt_on_frame,
	.resize = qt_on_resize,
	.quit = qt_on_quit,
	.suspend = qt_on_suspend,
	.resume = qt_on_resume,
	.aux = qt_on_aux,
};

int
quiz_tui(const struct kt_opts *o, const struct quiz *qz,
	 const struct menu *const *menus, size_t nmenus)
{
	const char *cs = nl_langinfo(CODESET), *lerr;
	struct qt q;
	char msg[256];
	size_t i;

	(void)nmenus;
	memset(&q, 0, sizeof q);
	q.t.o = o;
	q.t.ascii = o->ascii || cs == NULL || strcmp(cs, "UTF-8") != 0;
	q.t.menu = (struct menu *)menus[qz->q[0].menu];
	q.qz = qz;
	q.menus = menus;
	if ((q.given = malloc(qz->n * sizeof *q.given)) == NULL) {
		fputs("kitchen-tui: out of memory\n", stderr);
		return 1;
	}
	for (i = 0; i < qz->n; i++)
		q.given[i] = -1;
	if (tui_term_check(msg, sizeof msg) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", msg);
		free(q.given);
		return 2;
	}
	if (loop_init(&q.t.loop, &qt_ops, &q, 0, TUI_FPS, &lerr) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", lerr);
		free(q.given);
		return 1;
	}
	if (tui_term_start(&q.t, msg, sizeof msg) < 0) {
		fprintf(stderr, "kitchen-tui: %s\n", msg);
		loop_free(&q.t.loop);
		free(q.given);
		return 2;
	}
	qt_draw(&q);
	loop_run(&q.t.loop);
	tui_term_end();
	loop_free(&q.t.loop);
	run_free(q.reveal);
	free(q.given);
	return 0;
}
