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
	void (*file)(void *arg);                /* a watched file changed */
};

#define LOOP_NSIGNALS 8
#define LOOP_MAX_FILES 40

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
	ev_stat file[LOOP_MAX_FILES];   /* files watched for edits */
	char *file_path[LOOP_MAX_FILES];
	size_t nfiles;
	ev_timer recheck;       /* a second look, 1.1 s after a change */
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
/* Watch these files for changes (ev_stat: inotify where there is one,
 * else a stat every half second), replacing what was watched; ops->file
 * is called on a change and once more 1.1 s later, since stat times in
 * whole seconds miss a second edit within the same second.  The owner
 * decides whether anything really changed.  0, or -1 out of memory. */
int loop_watch(struct loop *l, const char *const *paths, size_t n);
/* One frame callback after `seconds`; a negative value cancels it. */
void loop_wake_after(struct loop *l, double seconds);

#endif
