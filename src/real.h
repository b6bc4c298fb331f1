/* SPDX-License-Identifier: ISC */
/*
 * real.h - the real kitchen (--real): the same dinner cooked on the real
 * mechanisms, recorded into a trace of its own.
 *
 * A real run is a second producer of traces (DESIGN.md section 7).  Each
 * model runs on what it stands for:
 *  - coroutines: our protothreads (pt.h), resumed by libev timers on one
 *    loop; a wait is an ev_timer, a step of work a calibrated busy loop;
 *  - callbacks: a chain of libev timer callbacks, one per piece;
 *  - threads: one pthread per recipe; work is CPU work (under the GIL,
 *    CPython's: a flag under a real mutex, handed over every 5 ms, when
 *    --gil), waits are sleeps, the oven is shared memory
 *    guarded by a real semaphore with --locks; the CPUs are limited to
 *    --cooks with sched_setaffinity;
 *  - processes: one fork per recipe, each with its own kitchen, spans and
 *    outcome handed back over a pipe;
 *  - sequential: one thread cooking every recipe in order.
 * Every span's start and end come from CLOCK_MONOTONIC and are converted
 * to virtual time by the scale (one virtual minute = scale_ms of wall
 * time), so that the views draw it like a simulated trace.
 *
 * The mechanism always runs in a child process of its own (real_start):
 * its peak memory is its own, and whatever it created dies with it at the
 * latest.  The caller reads the result through a pipe (real_input), as
 * the screen does for the bench.
 */
#ifndef KT_REAL_H
#define KT_REAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "model.h"
#include "recipe.h"
#include "trace.h"

#define REAL_DEFAULT_SCALE_MS 20
#define REAL_MIN_SCALE_MS 1
#define REAL_MAX_SCALE_MS 1000
#define REAL_DEFAULT_LIMIT_S 60
#define REAL_MAX_LIMIT_S 86400
#define REAL_CLEAN_OFF 0.05     /* more than 5% off the model: unclean */

struct real_opts {
	enum model_id model;
	int cooks;              /* CPUs threads and processes may use (>= 1) */
	bool gil, locks;
	int scale_ms;           /* wall milliseconds per virtual minute */
	double limit_s;         /* wall-time bound of the whole run */
};

enum real_status {
	REAL_OK,                /* cooked to the end */
	REAL_LIMIT,             /* stopped at limit_s */
	REAL_STOPPED,           /* stopped by a signal (real_result.signo) */
	REAL_DEADLOCK,          /* every recipe left waited for another's
				   utensil, unit or lock: a result, as in
				   the model */
	REAL_FAILED             /* could not run: see note */
};

/* One recipe's outcome and what its thread or process cost. */
struct real_dish {
	sched_ms ready_at;      /* virtual ms; -1 not served */
	bool ok;
	char problem[160];      /* "" when ok; plain words */
	double cpu_seconds;     /* its thread's/process's CPU (threads,
				   processes), else 0 */
	long voluntary, involuntary;    /* its context switches (same) */
};

struct real_result {
	enum real_status status;
	int signo;              /* REAL_STOPPED: which signal */
	char note[200];         /* REAL_FAILED/LIMIT: why, else "" */
	char cooks_note[160];   /* e.g. fewer CPUs than --cooks, else "" */
	struct real_opts opts;
	int cooks;              /* CPUs the run could use */
	struct trace trace;     /* the real spans, virtual ms */
	sched_ms total;         /* the last dish ready (virtual ms) */
	struct real_dish *dishes;       /* one per recipe, menu order */
	size_t ndishes;
	double wall_seconds, cpu_seconds;
	uint64_t peak_rss_bytes;
	uint64_t context_switches;
	double memory_per_recipe;       /* resident bytes per recipe, measured
					   while all of them were alive */
	bool clean;
	char clean_why[200];    /* what made it unclean, "" when clean */
	double load_average;    /* 1-minute, when judged (just after) */
	double steal;           /* share of CPU time stolen during the run */
};

/* A real run in a child process. */
struct real_child {
	pid_t pid;              /* 0: none */
	int fd;                 /* its pipe, non-blocking */
	char *buf;
	size_t got, cap;
	const struct menu *menu;
	struct real_opts opts;
};

/* Check options against a menu before anything starts: NULL if fine, else
 * a static message (scale out of range ...).  sim_total is the simulated
 * total under the same model: a run that would take longer than the
 * limit is refused. */
const char *real_check(const struct real_opts *o, sched_ms sim_total,
		       char *buf, size_t bufsz);

/* Start the real run in a child.  0, or -1 with a message in err. */
int real_start(struct real_child *c, const struct menu *m,
	       const struct real_opts *o, char *err, size_t errsz);
/* Read what the child sent so far (fd readable): 1 still running, 0 done
 * (child reaped, *out filled: free with real_result_free), -1 failed
 * (reaped, message in err). */
int real_input(struct real_child *c, struct real_result *out, char *err,
	       size_t errsz);
/* Stop it early: SIGTERM (it stops, joins its threads and reaps its
 * children), then SIGKILL after a grace time; reaped.  Safe when none. */
void real_stop(struct real_child *c);

/* Run to the end, blocking, watching SIGINT, SIGTERM, SIGHUP, SIGQUIT and
 * SIGPIPE: they are blocked while it runs and one arriving stops it with
 * everything reaped (out->status REAL_STOPPED); the signal stays pending
 * for the caller.  0, or -1 with err. */
int real_run(const struct menu *m, const struct real_opts *o,
	     struct real_result *out, char *err, size_t errsz);

/* Judge a finished run against its simulated total: sets clean and
 * clean_why. */
void real_judge(struct real_result *r, sched_ms sim_total);

void real_result_free(struct real_result *r);

/* The name of signals the real run deals with ("SIGINT"). */
const char *real_signal_name(int sig);

#endif
