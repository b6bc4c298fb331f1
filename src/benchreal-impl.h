/* SPDX-License-Identifier: ISC */
/*
 * benchreal-impl.h - what the parts of --bench share (benchreal*.c only).
 *
 * benchreal.c runs each measurement in a forked child of its own (so that
 * a model's peak memory is its own) and collects the figures through a
 * pipe; benchreal-models.c holds the four C models that run in those
 * children, benchreal-engine.c the engine scale run, benchreal-mem.c the
 * clocks, the memory readers and the stop check they all use, and
 * benchreal-print.c bench_main and the text and JSON reports.
 */
#ifndef KT_BENCHREAL_IMPL_H
#define KT_BENCHREAL_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "benchreal.h"

/* How long one wait is: the "about 1 ms" of every model. */
#define BENCH_WAIT_NS 1000000L

/* ---- benchreal-mem.c ---------------------------------------------------- */

double bench_clock(void);               /* monotonic seconds */
double bench_cpu(void);                 /* this process's CPU seconds, all
					   threads (user + system) */
double bench_children_cpu(void);        /* CPU seconds of reaped children */

/* Decide which of SIGINT, SIGTERM and SIGHUP stop the bench: those the
 * caller does not ignore.  bench_run calls it first; a measuring child
 * adds SIGTERM, the parent's way of telling it to stop. */
void bench_stop_watch(void);
void bench_stop_watch_term(void);
/* True once one of those is pending (they are blocked for the whole
 * bench, see bench_run); the signal number through *signo. */
bool bench_stop_pending(int *signo);

/* The memory a process holds: resident pages (Rss, exact from
 * smaps_rollup, else VmRSS) plus its page tables (VmPTE), in bytes.
 * pid 0 = this process.  0, or -1 if /proc cannot tell. */
int bench_mem_resident(pid_t pid, uint64_t *bytes);
/* The memory only pid has: its private pages (Private_Clean +
 * Private_Dirty of smaps_rollup) plus its page tables.  0 or -1. */
int bench_mem_private(pid_t pid, uint64_t *bytes);
/* The peak resident memory of this process (VmHWM), 0 if unknown. */
uint64_t bench_mem_peak(void);

/* ---- benchreal.c --------------------------------------------------------- */

/* A model has figures to show: it ran (to the end or to a limit) and
 * created at least one task. */
bool bench_measured(const struct bench_model *m);
/* "SIGINT", "SIGTERM", ... for the signals the bench deals with. */
const char *bench_signal_name(int sig);

/* ---- benchreal-models.c: each runs in a measuring child ----------------- */

/* Each fills in m (status, note and figures; not the name) for `tasks`
 * recipes of `waits` waits.  A stop signal ends it early with every
 * thread and child reaped (the caller sees the signal itself). */
void bench_model_protothreads(long tasks, long waits, struct bench_model *m);
void bench_model_callbacks(long tasks, long waits, struct bench_model *m);
void bench_model_pthreads(long tasks, long waits, struct bench_model *m);
void bench_model_processes(long tasks, long waits, struct bench_model *m);

/* ---- benchreal-engine.c ----------------------------------------------- */

/* The simulation engine on 1,000,000 concurrent recipe runs; runs in a
 * measuring child.  datadir is where salmon-dinner.menu is. */
void bench_engine_scale(const char *datadir, struct bench_engine *e);

#endif
