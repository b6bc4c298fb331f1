/* SPDX-License-Identifier: ISC */
/*
 * real-impl.h - what the parts of the real kitchen share (real*.c only).
 *
 *  real-kitchen.c  clock, calibrated work, sleeps, span records, and the
 *                  kitchen's rules (oven set point and temperature, units,
 *                  ruin) as non-blocking calls on shared state
 *  real-loop.c     coroutines (protothreads on libev) and callbacks
 *  real-threads.c  threads and sequential: blocking cooks
 *  real-procs.c    processes: one fork per recipe, results over pipes
 *  real-child.c    the child process, the wire format, signals, limit
 *  real-main.c     kitchen-tui --real; real-report.c its output
 *
 * Every record is kept in wall nanoseconds from the run's start (t0) and
 * only converted to virtual milliseconds when the trace is built, after
 * the run.  Records are added from several threads under ctx.mu.
 */
#ifndef KT_REAL_IMPL_H
#define KT_REAL_IMPL_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include "kitchen.h"
#include "real.h"

/* Which lane a record is drawn on; names as the simulated runs use. */
enum real_lane {
	RL_COOK, RL_APP, RL_COUNTER, RL_LOCK, RL_GIL, RL_JARLOCK,
	RL_UTENSIL,                     /* app = the utensil, unit = which */
	RL_UQUEUE                       /* waiting for a utensil */
};

#define REAL_STOP_LIMIT (-1)
#define REAL_STOP_FAILED (-2)
#define REAL_STOP_DEADLOCK (-3)

/* Pools of units: the appliances, then the utensils (knife, board, wok). */
#define REAL_POOLS (APP_COUNT + UT_COUNT)
#define REAL_POOL_UT(u) (APP_COUNT + (u))

struct real_rec {
	int64_t start_ns, end_ns;       /* from t0 */
	int16_t recipe, step;           /* -1 none */
	int8_t kind;                    /* enum trace_kind */
	int8_t lane;                    /* enum real_lane */
	int8_t app;                     /* RL_APP, RL_LOCK */
	int8_t unit;                    /* the unit, or the cook */
	int16_t kitchen;                /* -1 shared, else its recipe */
	int16_t invol;                  /* work: involuntary switches in it */
};

/* One kitchen's state.  Shared by every recipe, or one per process. */
struct real_kit {
	struct kitchen k;               /* the oven (kitchen.h's rules) */
	uint64_t used[REAL_POOLS];      /* units in use, a bit each */
	int size[REAL_POOLS];
	int lock_holder;                /* event loop --locks: recipe, -1 */
	sem_t lock;                     /* threads --locks: the oven lock */
	bool lock_ok;                   /* sem_init done */
	long heat_rec;                  /* the open oven heat record, -1 */
	int kitchen;                    /* -1 shared, else the recipe */
};

struct real_ctx {
	const struct menu *menu;
	struct real_opts o;
	int64_t t0;                     /* CLOCK_MONOTONIC ns at the start */
	int64_t deadline;               /* t0 + limit */
	atomic_int stop;                /* 0, a signal, or REAL_STOP_* */
	pthread_mutex_t mu;             /* kitchen, records, dishes */
	pthread_cond_t cv;              /* the kitchen changed */
	/* The GIL: a mutex-guarded flag handed over CPython's way (see
	 * real-threads.c); gil_mu is the real mutex. */
	pthread_mutex_t gil_mu;
	pthread_cond_t gil_cv;
	int gil_holder, gil_waiting;
	long gil_switches;              /* times it was taken */
	atomic_int *jar_level;          /* per jar: tbsp in it now */
	pthread_mutex_t *jar_lock;      /* per jar: --locks under threads */
	size_t njars;
	struct real_kit kit;            /* processes: this child's own */
	int *baking;                    /* per recipe: F it bakes at, 0 */
	uint16_t *last_oven;            /* per recipe: last oven step + 1 */
	int *pots;                      /* per recipe: its pots' burners,
					   oldest first (KITCHEN_MAX_UNITS) */
	int *npots;                     /* per recipe */
	int *held;                      /* per recipe and utensil: unit+1 */
	int64_t *held_since;            /* ... since when (ns), for its span */
	sched_ms *bake_from;            /* per recipe: bake accounted up to */
	sched_ms *bake_out;             /* ... time outside the band so far */
	int *bake_worst;                /* ... farthest temperature seen, F */
	atomic_int alive;               /* threads: recipes still cooking */
	atomic_int blocked;             /* ... of them waiting for a unit,
					   a utensil or a lock */
	struct real_rec *recs;
	size_t nrecs, caprecs;
	struct real_dish *dishes;
	int cpus[64];                   /* the CPUs we may use, cook order */
	int ncpus;
	double mem_per_recipe;
	uint64_t children_rss;          /* processes: their peaks, summed */
	bool oom;
};

/* ---- real-kitchen.c -------------------------------------------------------- */

int64_t real_now_ns(void);              /* CLOCK_MONOTONIC */
/* All n bytes to fd, through EINTR and short writes: a child's results
 * down its pipe (real-child.c, real-procs.c).  false on any error. */
bool real_write_all(int fd, const void *p, size_t n);
int64_t real_elapsed(const struct real_ctx *c);    /* ns since t0 */
sched_ms real_virtual(const struct real_ctx *c, int64_t ns);
int64_t real_wall(const struct real_ctx *c, sched_ms v);   /* ns from t0 */

/* Set up a context for menu m (kitchen per spec, records); 0 or -1. */
int real_ctx_init(struct real_ctx *c, const struct menu *m,
		  const struct real_opts *o, int kitchen);
void real_ctx_free(struct real_ctx *c);
/* True once the run must stop: a stop signal pending, past the deadline,
 * or stop already set (then it is not set again). */
bool real_stopping(struct real_ctx *c);

/* Calibrate the busy loop (once per process). */
void real_calibrate(void);
/* d virtual ms of CPU work; false if stopped before the end. */
bool real_work(struct real_ctx *c, sched_ms d);
/* Sleep until ns (from t0); false if stopped. */
bool real_sleep_until(struct real_ctx *c, int64_t ns);
/* The cook (index into cpus) this thread runs on now. */
int real_cook_now(const struct real_ctx *c);

/* Add a record (locks ctx.mu when locked is false); its index, or -1. */
long real_rec(struct real_ctx *c, bool locked, int lane, int app, int unit,
	      int recipe, int step, int kind, int64_t s, int64_t e);

/* The kitchen's rules, with ctx.mu held (or on the one loop thread).  */
/* rec sets the oven to f at ns: ruins what bakes too far from it, draws
 * the heat.  True if the oven is there already. */
bool real_oven_set(struct real_ctx *c, int rec, int step, int f, int64_t ns);
/* Is the oven at its set point at ns?  Else when it will be (ns). */
bool real_oven_hot(struct real_ctx *c, int64_t ns, int64_t *when);
/* Take a unit of app: its number, or -1 when all are in use. */
int real_unit_take(struct real_ctx *c, int app);
void real_unit_give(struct real_ctx *c, int app, int unit);
/* An item of rec bakes from ns; at its end it is ruined if the oven was
 * off its temperature by more than the tolerance for longer than the
 * kitchen's grace in total (model.c's rule). */
void real_bake_begin(struct real_ctx *c, int rec, int step, int64_t ns);
void real_bake_end(struct real_ctx *c, int rec, int step, int64_t ns);
/* Pots on the stove (a boil adds one, a simmer takes the oldest). */
void real_pot_push(struct real_ctx *c, int rec, int unit);
int real_pot_oldest(const struct real_ctx *c, int rec);       /* -1 none */
int real_pot_pop(struct real_ctx *c, int rec);                /* -1 none */
/* The utensil a take/put step names, -1 when none or the kitchen has
 * none of it. */
int real_step_utensil(const struct real_ctx *c, const struct step *st);
/* rec holds unit u (now at ns); and puts it back: its span, the unit
 * freed (the caller wakes waiters).  Returns the unit, -1 none held. */
void real_utensil_held(struct real_ctx *c, int rec, int u, int unit, int64_t ns);
int real_utensil_put(struct real_ctx *c, int rec, int u, int64_t ns);
void real_ruin(struct real_ctx *c, int rec, const char *fmt, ...)
	KT_PRINTF(3, 4);
/* The step is an oven step, and the recipe's last one. */
bool real_oven_step(const struct real_ctx *c, int rec, int step);
bool real_last_oven(const struct real_ctx *c, int rec, int step);
/* How long a boil/simmer/use/wait step lasts (virtual ms). */
sched_ms real_step_time(const struct real_ctx *c, const struct step *st);
void real_dish_ready(struct real_ctx *c, int rec, int64_t ns);
/* Shared jars (jar.h): a work step that takes from one reads the level
 * when it begins (real_jar_read: the jar, -1 none; *seen) and writes
 * what it read minus its amount when it ends; an update lost in between
 * leaves the dish short (ruined).  Lock-free on purpose: the race is the
 * lesson. */
int real_jar_read(struct real_ctx *c, int rec, int step, int *seen);
void real_jar_write(struct real_ctx *c, int rec, int step, int jar, int seen);

/* ---- the mechanisms: each runs the whole menu in this process ---------- */

int real_exec_loop(struct real_ctx *c, bool coroutines);     /* real-loop.c */
int real_exec_threads(struct real_ctx *c);                   /* real-threads.c */
int real_exec_sequential(struct real_ctx *c);
int real_exec_processes(struct real_ctx *c);                 /* real-procs.c */
/* real-threads.c, for real-procs.c: cook one recipe to its end, blocking
 * (false if stopped); a thread's or child's rusage into its dish; limit
 * this process (and what it creates) to the first o.cooks CPUs. */
bool real_cook_recipe(struct real_ctx *c, int rec, bool gil);
struct rusage;
void real_rusage_into(const struct rusage *ru, struct real_dish *d);
void real_limit_cpus(struct real_ctx *c);

/* Resident memory of this process (benchreal-mem.c), and helpers there. */
#include "benchreal-impl.h"

#endif
