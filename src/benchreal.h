/* SPDX-License-Identifier: ISC */
/*
 * benchreal.h - what each model really costs on this machine (--bench).
 *
 * N recipes, each doing W real waits of about 1 ms, are run under five
 * real concurrency mechanisms (our protothreads on libev timers, plain
 * libev callbacks, one pthread per recipe, one fork per recipe, Python's
 * asyncio).  Each model runs in a forked child of its own, so that its
 * peak resident memory is its own and not the sum of the ones before it.
 * The screen (key B) calls bench_run in a child process of its own and
 * draws the result; --bench prints it as a table or JSON (bench_main in
 * opts.h).
 */
#ifndef KT_BENCHREAL_H
#define KT_BENCHREAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bench_status { BENCH_OK, BENCH_SKIPPED, BENCH_LIMIT, BENCH_FAILED };

struct bench_model {
	const char *name;       /* "protothreads", "libev-callbacks", "pthreads",
				   "processes", "asyncio" */
	enum bench_status status;
	char note[160];         /* why skipped / which limit was hit */
	double wall_seconds;
	double cpu_per_wait_ns;
	uint64_t peak_rss_bytes;
	double memory_per_task_bytes;
	double create_ns;
	/* Added fields (E): */
	long tasks_run;         /* tasks really created (< tasks at a limit) */
	double reserved_bytes_per_task; /* virtual memory set aside but mostly
				   untouched (a thread's stack), 0 if none */
};

struct bench_engine {
	uint64_t runs, events;
	double events_per_second;
	uint64_t peak_rss_bytes;
	double state_bytes_per_run;
	/* Added fields (E): */
	enum bench_status status;       /* BENCH_SKIPPED when not run/available */
	char note[160];
	double wall_seconds;
};
#define BENCH_TARGET_EVENTS_PER_SECOND 1e6
#define BENCH_TARGET_STATE_BYTES 64

#define BENCH_MODELS 5
struct bench_report {
	long tasks, waits;
	struct bench_model models[BENCH_MODELS];
	struct bench_engine engine;
	bool ranking_ok;        /* protothreads < asyncio < pthreads < processes */
	/* Added fields (E): */
	char ranking_note[200]; /* the ranking in words, or how it disagrees */
	int interrupted;        /* the signal (SIGINT...) that stopped it, or 0;
				   every thread and child was reaped anyway */
	/* protothreads vs libev callbacks, CPU per wait: the median (and
	 * min-max) of BENCH_RATIO_RUNS paired runs of ratio_tasks x
	 * ratio_waits (at least BENCH_RATIO_TASKS tasks and 100,000 waits, so
	 * that page rounding is under 1% of the memory figures too); 0 when
	 * not measured.  The two models' cpu_per_wait_ns and
	 * memory_per_task_bytes are the medians of these runs. */
	double pt_cb_ratio, pt_cb_ratio_min, pt_cb_ratio_max;
	long ratio_tasks, ratio_waits;
	int ratio_runs;
	char python[200];       /* "/usr/bin/python3 3.11.2", or "" */
};
#define BENCH_RATIO_RUNS 5
#define BENCH_RATIO_TASKS 10000
#define BENCH_RATIO_WAITS 100000

struct bench_opts {
	long tasks;             /* default 1000 */
	long waits;             /* default 10 */
	bool engine;            /* also run the 1,000,000-run engine scale test */
	/* Added fields (E): */
	const char *data_dir;   /* for bench-asyncio.py; NULL: catalog_data_dir */
};

#define BENCH_DEFAULT_TASKS 1000
#define BENCH_DEFAULT_WAITS 10
#define BENCH_MAX 100000        /* --tasks and --waits cap */

/* Run the bench; 0, or -1 with a message in err[errsz].  Must not print:
 * the screen calls it too.  tasks/waits of 0 mean the defaults.  While it
 * runs, SIGINT, SIGTERM and SIGHUP are blocked; one arriving (and not
 * ignored by the caller) stops the bench early: every thread and child is
 * reaped, out->interrupted names the signal, 0 is returned, and the signal
 * stays pending for the caller to handle once the old mask is back
 * (install a handler first).  A model
 * that hits a system limit (EAGAIN) is BENCH_LIMIT with a note, not an
 * error.  Takes a few seconds with the defaults (seconds more with
 * o->engine). */
int bench_run(const struct bench_opts *o, struct bench_report *out,
	      char *err, size_t errsz);

/* Bytes as "512 B", "1.5 KiB", "3.2 MiB" or, with gib_decimals places,
 * "1.25 GiB", into buf[sz]; returns buf.  The report and the screen share
 * it (the report gives GiB two places, the screen one). */
const char *bench_fmt_bytes(double b, int gib_decimals, char *buf, size_t sz);

#endif
