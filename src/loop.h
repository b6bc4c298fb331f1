/* SPDX-License-Identifier: ISC */
/*
 * loop.h - the libev wiring of the interactive screen.
 *
 * libev is the pacemaker: keys arrive through an ev_io on the terminal,
 * every signal the screen cares about through an ev_signal (never work in
 * a raw handler), and a frame timer runs only while something animates, so
 * a paused or finished dinner costs no wake-ups at all.  The loop knows
 * nothing of ncurses or the engine: it calls back into its owner through
 * struct loop_ops, and the owner finds itself with `arg`.
 *
 * A private loop (ev_loop_new), not the default one: the default loop
 * reaps every child on SIGCHLD, which would steal the exit status of the
 * processes --bench forks while the screen is up.
 */
#ifndef KT_LOOP_H
#define KT_LOOP_H

#include <stdbool.h>
#include <ev.h>

struct loop_ops {
	void (*key)(void *arg);                 /* the terminal is readable */
	void (*frame)(void *arg);               /* frame timer or wake-up */
	void (*resize)(void *arg);              /* SIGWINCH */
	void (*quit)(void *arg, int signo);     /* SIGINT, SIGTERM, SIGHUP */
	void (*suspend)(void *arg);             /* SIGTSTP, before we stop */
	void (*resume)(void *arg);              /* after SIGCONT */
	void (*aux)(void *arg);                 /* the aux fd is readable */
};

#define LOOP_NSIGNALS 6

struct loop {
	struct ev_loop *ev;
	const struct loop_ops *ops;
	void *arg;
	ev_io input;
	ev_signal sig[LOOP_NSIGNALS];
	ev_timer frame;         /* repeating, only while animating */
	ev_timer wake;          /* one shot (--exit-after after the end) */
	ev_periodic quiet;      /* never fires: lets libev block for days */
	ev_io aux;              /* one more fd: the bench child's pipe */
	double interval;        /* seconds between frames */
	bool self_stopped;      /* we raised SIGTSTP: its SIGCONT is handled */
};

/* Create the loop and start the key and signal watchers.  Call it before
 * newterm() so that ncurses sees our signal handlers and installs none of
 * its own.  0, or -1 with a message in err. */
int loop_init(struct loop *l, const struct loop_ops *ops, void *arg,
	      int fd, double fps, const char **err);
void loop_free(struct loop *l);
void loop_run(struct loop *l);
void loop_break(struct loop *l);
/* The loop's cached wall clock (seconds), refreshed on request. */
double loop_now(struct loop *l);
void loop_now_update(struct loop *l);
/* Frame timer on or off; cheap to call every frame. */
void loop_frames(struct loop *l, bool on);
bool loop_frames_on(const struct loop *l);
/* Watch one more fd (ops->aux is called when it is readable); stop. */
void loop_aux_start(struct loop *l, int fd);
void loop_aux_stop(struct loop *l);
/* One frame callback after `seconds`; a negative value cancels it. */
void loop_wake_after(struct loop *l, double seconds);

#endif
