/* SPDX-License-Identifier: ISC */
/*
 * loop.c - libev wiring: keys, frame timer, signals, suspend and resume.
 */
#include "config.h"

#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"

#define LOOP_OF(w, member) \
	((struct loop *)(void *)((char *)(w) - offsetof(struct loop, member)))

static const int loop_signals[LOOP_NSIGNALS] = {
	SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT,
	/* Ctrl-\ and a write to a closed pipe: their default action would
	 * kill the screen with the terminal left raw; here they end it the
	 * way q does, the terminal restored. */
	SIGQUIT, SIGPIPE
};

static void loop_input_cb(struct ev_loop *ev, ev_io *w, int revents)
{
	struct loop *l = LOOP_OF(w, input);

	(void)ev;
	(void)revents;
	l->ops->key(l->arg);
}

static void loop_frame_cb(struct ev_loop *ev, ev_timer *w, int revents)
{
	struct loop *l = LOOP_OF(w, frame);

	(void)ev;
	(void)revents;
	l->ops->frame(l->arg);
}

static void loop_aux_cb(struct ev_loop *ev, ev_io *w, int revents)
{
	struct loop *l = LOOP_OF(w, aux);

	(void)ev;
	(void)revents;
	l->ops->aux(l->arg);
}

void loop_aux_start(struct loop *l, int fd)
{
	ev_io_stop(l->ev, &l->aux);
	ev_io_set(&l->aux, fd, EV_READ);
	ev_io_start(l->ev, &l->aux);
}

void loop_aux_stop(struct loop *l)
{
	ev_io_stop(l->ev, &l->aux);
}

static void loop_file_cb(struct ev_loop *ev, ev_stat *w, int revents)
{
	struct loop *l = w->data;

	(void)revents;
	ev_timer_stop(ev, &l->recheck);
	ev_timer_set(&l->recheck, 1.1, 0.);
	ev_timer_start(ev, &l->recheck);
	l->ops->file(l->arg);
}

static void loop_recheck_cb(struct ev_loop *ev, ev_timer *w, int revents)
{
	struct loop *l = LOOP_OF(w, recheck);

	(void)ev;
	(void)revents;
	l->ops->file(l->arg);
}

static void loop_unwatch(struct loop *l)
{
	size_t i;

	for (i = 0; i < l->nfiles; i++) {
		ev_stat_stop(l->ev, &l->file[i]);
		free(l->file_path[i]);
		l->file_path[i] = NULL;
	}
	l->nfiles = 0;
	ev_timer_stop(l->ev, &l->recheck);
}

int loop_watch(struct loop *l, const char *const *paths, size_t n)
{
	size_t i;

	loop_unwatch(l);
	for (i = 0; i < n && i < LOOP_MAX_FILES; i++) {
		/* ev_stat keeps the pointer: the loop owns a copy. */
		if ((l->file_path[i] = strdup(paths[i])) == NULL)
			return -1;
		ev_stat_init(&l->file[i], loop_file_cb, l->file_path[i], 0.5);
		l->file[i].data = l;
		ev_stat_start(l->ev, &l->file[i]);
		l->nfiles++;
	}
	return 0;
}

/* Never called: see loop_init. */
static void loop_quiet_cb(struct ev_loop *ev, ev_periodic *w, int revents)
{
	(void)ev;
	(void)w;
	(void)revents;
}

static void loop_wake_cb(struct ev_loop *ev, ev_timer *w, int revents)
{
	struct loop *l = LOOP_OF(w, wake);

	(void)ev;
	(void)revents;
	l->ops->frame(l->arg);
}

/*
 * Ctrl-Z: the owner puts the terminal back first, then we stop for real
 * with the default action of SIGTSTP (libev's handler is set aside for the
 * moment, as ncurses and vim do).  Not SIGSTOP: the kernel discards
 * SIGTSTP for an orphaned process group, so when the terminal went away
 * meanwhile (the shell died and sent SIGHUP and SIGCONT) we go on, see
 * the SIGHUP and quit, instead of staying stopped forever.  Execution
 * continues here after `fg`; the clock that ran meanwhile is not cooking
 * time, and the owner rebases on resume.
 */
static void loop_stop_self(struct loop *l)
{
	struct sigaction dfl, old;
	sigset_t set, oset;

	l->ops->suspend(l->arg);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	l->self_stopped = true;
	if (sigaction(SIGTSTP, &dfl, &old) == 0) {
		sigprocmask(SIG_UNBLOCK, &set, &oset);
		raise(SIGTSTP);
		sigprocmask(SIG_SETMASK, &oset, NULL);
		sigaction(SIGTSTP, &old, NULL);
	}
	ev_now_update(l->ev);
	l->ops->resume(l->arg);
}

static void loop_signal_cb(struct ev_loop *ev, ev_signal *w, int revents)
{
	struct loop *l = w->data;

	(void)ev;
	(void)revents;
	switch (w->signum) {
	case SIGWINCH:
		l->ops->resize(l->arg);
		break;
	case SIGTSTP:
		loop_stop_self(l);
		break;
	case SIGCONT:
		/* After our own stop the resume already ran; a SIGSTOP sent
		 * by someone else leaves the terminal as it was, but the
		 * clock still jumped: let the owner rebase and redraw. */
		if (l->self_stopped)
			l->self_stopped = false;
		else
			l->ops->resume(l->arg);
		break;
	default:
		l->ops->quit(l->arg, w->signum);
		break;
	}
}

int loop_init(struct loop *l, const struct loop_ops *ops, void *arg,
	      int fd, double fps, const char **err)
{
	int i;

	l->ops = ops;
	l->arg = arg;
	l->interval = fps > 0 ? 1.0 / fps : 0.1;
	l->self_stopped = false;
	l->ev = ev_loop_new(EVFLAG_AUTO);
	if (l->ev == NULL) {
		*err = "cannot create the event loop (libev)";
		return -1;
	}
	ev_io_init(&l->input, loop_input_cb, fd, EV_READ);
	ev_io_start(l->ev, &l->input);
	for (i = 0; i < LOOP_NSIGNALS; i++) {
		ev_signal_init(&l->sig[i], loop_signal_cb, loop_signals[i]);
		l->sig[i].data = l;
		ev_signal_start(l->ev, &l->sig[i]);
	}
	ev_timer_init(&l->frame, loop_frame_cb, l->interval, l->interval);
	ev_timer_init(&l->wake, loop_wake_cb, 0., 0.);
	ev_io_init(&l->aux, loop_aux_cb, -1, EV_READ);
	ev_timer_init(&l->recheck, loop_recheck_cb, 1.1, 0.);
	l->nfiles = 0;
	/*
	 * With no timer active libev still wakes every 59.7 s to notice a
	 * jump of the wall clock, unless it watches for jumps with a
	 * timerfd, which it sets up for the first periodic watcher; then it
	 * blocks for up to 17 days.  A periodic thirty years away that does
	 * not keep the loop alive (ev_unref) buys a paused screen its zero
	 * wake-ups (strace shows epoll_wait with a timeout of 1500001070 ms
	 * instead of 59743).
	 */
	ev_periodic_init(&l->quiet, loop_quiet_cb, ev_now(l->ev) + 1e9, 0., 0);
	ev_periodic_start(l->ev, &l->quiet);
	ev_unref(l->ev);
	return 0;
}

void loop_free(struct loop *l)
{
	int i;

	if (l->ev == NULL)
		return;
	ev_io_stop(l->ev, &l->input);
	for (i = 0; i < LOOP_NSIGNALS; i++)
		ev_signal_stop(l->ev, &l->sig[i]);
	ev_timer_stop(l->ev, &l->frame);
	ev_timer_stop(l->ev, &l->wake);
	ev_io_stop(l->ev, &l->aux);
	loop_unwatch(l);
	ev_ref(l->ev);          /* undo the ev_unref of loop_init first */
	ev_periodic_stop(l->ev, &l->quiet);
	ev_loop_destroy(l->ev);
	l->ev = NULL;
}

void loop_run(struct loop *l)
{
	ev_run(l->ev, 0);
}

void loop_break(struct loop *l)
{
	ev_break(l->ev, EVBREAK_ALL);
}

double loop_now(struct loop *l)
{
	return ev_now(l->ev);
}

void loop_now_update(struct loop *l)
{
	ev_now_update(l->ev);
}

void loop_frames(struct loop *l, bool on)
{
	if (on && !ev_is_active(&l->frame)) {
		ev_timer_set(&l->frame, l->interval, l->interval);
		ev_timer_start(l->ev, &l->frame);
	} else if (!on && ev_is_active(&l->frame)) {
		ev_timer_stop(l->ev, &l->frame);
	}
}

bool loop_frames_on(const struct loop *l)
{
	return ev_is_active(&l->frame);
}

void loop_wake_after(struct loop *l, double seconds)
{
	ev_timer_stop(l->ev, &l->wake);
	if (seconds < 0)
		return;
	ev_timer_set(&l->wake, seconds, 0.);
	ev_timer_start(l->ev, &l->wake);
}
