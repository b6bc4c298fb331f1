/* SPDX-License-Identifier: ISC */
/*
 * model-impl.h - what the model files share: the run, the state of one
 * recipe run, and the plumbing every model uses (kitchen steps, the cook,
 * spans and dishes).  Only model*.c include it; front ends use model.h.
 *
 * Who does what:
 *  - model.c: run_new/run_step/..., the kitchen steps (preheat, use, boil,
 *    simmer, wait: the same under every model, so timelines only differ in
 *    who does the work and when), the cooperative cook (a FIFO semaphore:
 *    one cook, non-preemptive) and the results.
 *  - model-<name>.c: how a recipe is run (plain calls, callbacks,
 *    protothreads, preemptive threads/processes) and the memory figure.
 */
#ifndef KT_MODEL_IMPL_H
#define KT_MODEL_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kitchen.h"
#include "decide.h"
#include "model.h"
#include "pt.h"

/* rrun.flags */
#define RR_STARTED      0x01    /* its first step has begun */
#define RR_DONE         0x02    /* dish ready */
#define RR_COOK         0x04    /* holds the cook (cooperative models) */
#define RR_QUEUED       0x08    /* waits in the cook's queue */
#define RR_OVEN_LOCK    0x10    /* holds the oven lock (--locks) */
#define RR_SPARE_20     0x20    /* free (burners are counted in rrun.pots) */
#define RR_BOOTED       0x40    /* processes: the process has started */
#define RR_HANDED       0x80    /* processes: results handed back */

#define RR_NO_UNIT      0xff

/*
 * One recipe run: 40 bytes on LP64 (a check in model.c keeps it so),
 * which with its one pending timer (24 bytes) is the 64 bytes of engine
 * state per run that lets a million runs fit in 64 MB.  Its table and
 * recipe are not stored: they follow from its index in run.runs
 * (table-major).
 */
struct rrun {
	struct kitchen_waiter w;        /* task (what runs next) + wait link */
	int64_t mark;   /* a blocked span's index, or work left (threads) */
	struct pt pt;                   /* coroutines only */
	uint16_t step;                  /* the step it is on */
	uint8_t sub;                    /* where it is inside the step */
	uint8_t flags;                  /* RR_* */
	uint8_t unit;                   /* sheet/microwave unit in use */
	uint8_t burner;                 /* the pot's burner (one pot at most) */
	uint8_t cook;                   /* threads: the cook it runs on */
	uint8_t pots;                   /* pots on burners (boil .. simmer) */
};

/* A kitchen of the run with its oven-ready timer.  Its table and (under
 * processes) recipe follow from its index: rk_table, rk_recipe. */
struct rkitchen {
	struct kitchen k;
	struct sched_task ready;        /* fires at k.oven.ready_at */
	size_t heat_span;               /* the open TRACE_HEAT span */
};

/* One cook (a CPU core), 12 bytes: one per table and cook. */
struct rcook {
	int32_t running;        /* run index it works for now, -1 none */
	int32_t last;           /* run index it last worked for, -1 none */
	int32_t cont;           /* decide mode, threads: the run index that
				   reached a slice boundary on this cook and
				   could go on (choosing another preempts) */
};

/* Threads and processes only, per table and cook: the work span the next
 * slice may extend (model-threads.c): its step (-2 none), index and end.
 * Kept apart, with struct rptable, so that the cooperative models do not
 * carry them: 36 bytes a table less in their restaurants. */
struct rpcook {
	int32_t cont_step;
	size_t cont_span;
	sched_ms cont_end;
};

/* Per table: the cooperative cook's semaphore, the GIL's holder, the
 * sequential model's next recipe (24 bytes). */
struct rtable {
	struct kitchen_sem cook;
	int32_t gil;            /* run index holding the GIL, -1 none */
	uint32_t next_recipe;
};

/* Threads and processes only, per table: the run queue and the GIL's
 * open span. */
struct rptable {
	struct kitchen_queue runq;
	size_t gil_span;
};

struct model_ops {
	const char *name;
	/* Queue the first tasks at time 0.  0, or -1 out of memory. */
	int (*start)(struct run *r);
	/* The memory model's figure for the whole run: resident bytes
	 * (returned), the address space reserved (*reserved, resident
	 * included) and what they stand for.  See MEM_* below. */
	uint64_t (*memory)(const struct run *r, const char **what,
			   uint64_t *reserved);
	/* Decision points (decide.h); NULL: the model has none (sequential).
	 * decisions lists the choices open now that the instant's events
	 * have all run (0: none); choose takes one of them. */
	size_t (*decisions)(struct run *r, struct run_choice *out);
	void (*choose)(struct run *r, const struct run_choice *c);
	bool preemptive;        /* threads, processes: cooks from --cooks */
	bool own_kitchens;      /* processes */
};

extern const struct model_ops model_sequential_ops;
extern const struct model_ops model_callbacks_ops;
extern const struct model_ops model_coroutines_ops;
extern const struct model_ops model_threads_ops;
extern const struct model_ops model_processes_ops;

/* Lane cache: per kitchen kind (0 shared, 1 + recipe under processes),
 * per appliance, per unit; plus the lock lane. */
struct rlanes {
	int unit[APP_COUNT][KITCHEN_MAX_UNITS];
	int lock[APP_COUNT];
	int counter;                    /* TRACE_WAIT spans */
	int utensil[UT_COUNT][KITCHEN_MAX_UNITS];       /* who holds it */
	int utensil_queue[UT_COUNT];    /* who waits for it (blocked) */
	int burner_queue;               /* who waits for a burner */
};

/* The end of a run that stopped with a recipe unfinished (model-deadlock.c). */
struct rdeadlock {
	struct run_deadlock pub;
	struct run_wait_link links[RUN_DEADLOCK_MAX];
	char words[RUN_DEADLOCK_MAX][2][64];    /* holds, waits_for */
	char text[RUN_DEADLOCK_MAX * 140];      /* the cycle in words */
	int lanes[2 * RUN_DEADLOCK_MAX];        /* lanes the cycle uses */
	size_t nlanes;
};

struct run {
	const struct menu *menu;
	struct run_opts opts;
	const struct model_ops *ops;
	struct sched sched;
	struct trace trace;

	size_t nrecipes;
	uint64_t rdiv_m;                /* index / nrecipes = index * m >> s */
	unsigned rdiv_s;
	size_t ntables;
	size_t nruns;                   /* ntables * nrecipes */
	struct rrun *runs;
	struct rkitchen *kitchens;
	size_t nkitchens;
	struct rtable *tables;
	struct rptable *ptables;        /* preemptive models only, else NULL */
	int ncooks;                     /* cooks per table */
	struct rcook *cooks;            /* ntables * ncooks */
	struct rpcook *pcooks;          /* the same, preemptive models only */

	char **names;                   /* escaped recipe names */
	uint16_t *last_oven;            /* per recipe: last oven step + 1, 0 none */
	int *cook_lane;                 /* per cook */
	int gil_lane;
	struct rlanes *lanes;           /* 1 (+ nrecipes under processes) */

	uint64_t rng;                   /* splitmix64 state (threads) */
	sched_ms switch_cost, start_cost, handback_cost;
	sched_ms working, switching;
	uint64_t switches;
	struct run_result res;
	bool failed;                    /* out of memory somewhere */
	struct rjars *jars;             /* shared jars (model-jar.c), NULL none */

	/* Pots: with at most one pot per recipe at a time (every shipped
	 * recipe) its burner is rrun.burner; with more, the burners of run
	 * i's pots in boil order are pot_units[i * maxpots ...]. */
	int maxpots;
	uint8_t *pot_units;
	/* Utensils, only when a recipe takes one: UT_COUNT pools per kitchen,
	 * and per run and utensil the unit held + 1 (0 none) and its span. */
	struct kitchen_pool *upools;
	uint8_t *held;
	size_t *held_span;
	/* --locks only: the oven lock of each kitchen (one unit). */
	struct kitchen_sem *oven_locks;
	bool dl_checked;                /* looked for a deadlock once idle */
	struct rdeadlock *dl;           /* allocated when a deadlock is found */

	/* Decide mode (decide.h, model-decide.c). */
	bool deciding;                  /* opts.decide and the model has them */
	bool dec_pending;               /* dec holds an unanswered decision */
	bool dec_settled;               /* this instant's choices are looked at */
	struct run_decision dec;
	struct run_choice *dec_choices; /* nruns entries: dec.choices */
	uint64_t dec_made;
	run_chooser *chooser;
	void *chooser_ctx;
	char *why;                      /* nruns * RUN_WHY_LEN: ruin reasons */
	struct sched_entry *hash_tmp;   /* scratch for run_state_hash */
	size_t hash_cap;
};
#define RUN_WHY_LEN 200

/* Constants of the preemptive models (virtual time).  Real time slices
 * are milliseconds against work that takes far longer, and a switch costs
 * microseconds: here a slice is 5 to 15 s against steps of minutes, so a
 * thread is usually preempted in the middle of a step, and a switch costs
 * 1/25 of the mean slice (the lesson allows at most 1/20): visible on the
 * cook's lane, but in proportion. */
#define RUN_QUANTUM_MIN   5000          /* a time slice: 5 .. 15 s */
#define RUN_QUANTUM_SPAN  10001
#define RUN_SWITCH_COST   400           /* a context switch: 0.4 s */
#define RUN_START_COST    30000         /* starting a process: 30 s */
#define RUN_HANDBACK_COST 10000         /* handing results back: 10 s */

/* Index helpers. */
static inline size_t rr_index(const struct run *r, const struct rrun *rr)
{
	return (size_t)(rr - r->runs);
}
/* A run's table and recipe, from its index, without a division: the
 * engine asks several times an event, and a 64-bit divide costs tens of
 * cycles where a multiply and a shift cost three (run_div_init sets
 * rdiv_m and rdiv_s; see there why it is exact). */
void run_div_init(struct run *r);
static inline size_t run_table_of(const struct run *r, size_t index)
{
	return (size_t)(((uint64_t)index * r->rdiv_m) >> r->rdiv_s);
}
static inline size_t rr_table(const struct run *r, const struct rrun *rr)
{
	return run_table_of(r, rr_index(r, rr));
}
static inline size_t rr_recipe(const struct run *r, const struct rrun *rr)
{
	return rr_index(r, rr) - rr_table(r, rr) * r->nrecipes;
}
static inline const struct recipe *rr_rec(const struct run *r,
					  const struct rrun *rr)
{
	return r->menu->recipes[rr_recipe(r, rr)];
}
static inline const struct step *rr_step(const struct run *r,
					 const struct rrun *rr)
{
	return &rr_rec(r, rr)->steps[rr->step];
}
static inline bool rr_finished_steps(const struct run *r,
				     const struct rrun *rr)
{
	return rr->step >= rr_rec(r, rr)->nsteps;
}
/* On to the next step, from its beginning (kitchen steps use rr->sub). */
static inline void rr_next_step(struct rrun *rr)
{
	rr->step++;
	rr->sub = 0;
}
static inline struct rrun *rr_of_task(struct sched_task *t)
{
	return (struct rrun *)((char *)t - offsetof(struct rrun, w.task));
}
/* The run whose scheduler called a task (every sched_fn gets s). */
static inline struct run *run_of_sched(struct sched *s)
{
	return (struct run *)((char *)s - offsetof(struct run, sched));
}
/* Cook c of a table (cooks are table-major: ncooks per table). */
static inline struct rcook *run_cook(struct run *r, size_t table, int c)
{
	return &r->cooks[table * (size_t)r->ncooks + (size_t)c];
}
static inline struct rpcook *run_pcook(struct run *r, size_t table, int c)
{
	return &r->pcooks[table * (size_t)r->ncooks + (size_t)c];
}
static inline struct rptable *run_ptable(struct run *r, size_t table)
{
	return &r->ptables[table];
}
static inline bool run_logging(const struct run *r)
{
	return r->trace.keep_spans;
}
struct rkitchen *run_kitchen_of(struct run *r, struct rrun *rr);
/* A kitchen's table; under processes its recipe, else -1. */
static inline size_t rk_table(const struct run *r, const struct rkitchen *rk)
{
	size_t i = (size_t)(rk - r->kitchens);

	return r->ops->own_kitchens ? i / r->nrecipes : i;
}
static inline int rk_recipe(const struct run *r, const struct rkitchen *rk)
{
	return r->ops->own_kitchens ?
	    (int)((size_t)(rk - r->kitchens) % r->nrecipes) : -1;
}
/* Its oven lock (only with --locks). */
static inline struct kitchen_sem *run_oven_lock(struct run *r,
						const struct rkitchen *rk)
{
	return &r->oven_locks[rk - r->kitchens];
}

/* Check a scheduler/trace call: remember failures. */
void run_check(struct run *r, int rc);

/* Give every recipe run the task function fn and make it ready, in run
 * order (what a model's start does).  0, or -1 out of memory. */
int run_ready_all(struct run *r, sched_fn *fn);

/* The kitchen steps: run the non-work step rr->step as far as it goes.
 * true: done, go on to the next step.  false: rr waits; its task fires
 * when it may continue, and then it calls run_kstep again. */
bool run_kstep(struct run *r, struct rrun *rr);
/* Before the first step / after the last: bookkeeping, dish and log. */
void run_recipe_begin(struct run *r, struct rrun *rr);
void run_recipe_done(struct run *r, struct rrun *rr);
bool run_step_is_work(const struct run *r, const struct rrun *rr);

/* Add a span for rr on `lane` (begin it, open, when end is TRACE_OPEN),
 * tagged with rr's table; its index for trace_end. */
size_t run_span(struct run *r, int lane, const struct rrun *rr, int step,
		enum trace_kind kind, sched_ms start, sched_ms end);
/* A span of work (kind WORK, SWITCH or START) on a cook lane, counted in
 * the cooks' totals. */
void run_cook_span(struct run *r, struct rrun *rr, int cook,
		   enum trace_kind kind, int step, sched_ms start, sched_ms end);
/* What a step makes the recipe wait for, in words ("waiting for the pot
 * to boil"). */
void run_wait_words(const struct run *r, const struct rrun *rr, char *buf,
		    size_t n);
/* The same for the step rr is on now. */
void run_step_wait_words(const struct run *r, const struct rrun *rr,
			 char *buf, size_t n);

/* The cooperative cook (sequential, callbacks, coroutines): one cook per
 * table, FIFO, kept through consecutive work steps. */
bool coop_cook_acquire(struct run *r, struct rrun *rr);
void coop_work_begin(struct run *r, struct rrun *rr);
void coop_work_end(struct run *r, struct rrun *rr);

/* Decide mode: the cooperative cook's decision points (model-decide.c). */
size_t coop_decisions(struct run *r, struct run_choice *out);
void coop_choose(struct run *r, const struct run_choice *c);
/* Decide mode: run_step / run_until / run_finish (model-decide.c). */
int dec_step(struct run *r);
int dec_until(struct run *r, sched_ms t, bool ask);
/* Snapshot and hash helpers for state kept outside model.c (jars). */
void dec_move_queue(const struct run *src, struct run *dst,
		    struct kitchen_queue *q);
void dec_mix_queue(const struct run *r, const struct kitchen_queue *q,
		   void (*mix)(void *, uint64_t), void *ctx);
void jar_run_copy(struct run *dst, const struct run *src);
void jar_run_hash(const struct run *r, void (*mix)(void *, uint64_t),
		  void *ctx);
size_t jar_run_bytes(const struct run *r);
/* Where rr's pending timer falls, SCHED_NEVER if none. */
sched_ms run_timer_of(const struct run *r, const struct rrun *rr);
/* The dish of rr is ruined (or short): keep the first reason. */
void run_ruin(struct run *r, struct rrun *rr, const char *why);

/* Shared jars (model-jar.c, rule in jar.h).  init: 0, or -1 out of memory
 * (free cleans up either way).  A work step that takes from a jar reads
 * it when the cook begins it and writes it when the cook ends it. */
struct rjars;
int jar_run_init(struct run *r);
void jar_run_free(struct run *r);
bool jar_step_takes(const struct run *r, const struct rrun *rr);
void jar_step_begin(struct run *r, struct rrun *rr);
void jar_step_end(struct run *r, struct rrun *rr);
/* --locks under the preemptive models: the jar lock, held for the step.
 * take: true held; false queued (rr's task fires once granted, then call
 * granted). */
bool jar_lock_needed(const struct run *r, const struct rrun *rr);
bool jar_lock_take(struct run *r, struct rrun *rr);
void jar_lock_granted(struct run *r, struct rrun *rr);
void jar_lock_give(struct run *r, struct rrun *rr);

/* model-explain.c: rr turned kitchen rk's oven from old_f to new_f; tell
 * the log why that hits whoever awaits the preheat (call before the wake). */
void run_explain_oven_set(struct run *r, struct rkitchen *rk,
			  struct rrun *rr, int old_f, int new_f);
/* Utensils and pots (model.c), for the deadlock report. */
static inline struct kitchen_pool *run_upool(struct run *r,
					     const struct rkitchen *rk,
					     enum utensil u)
{
	return &r->upools[(size_t)(rk - r->kitchens) * UT_COUNT + (size_t)u];
}
static inline uint8_t *run_pot_slots(struct run *r, struct rrun *rr)
{
	return r->maxpots <= 1 ? &rr->burner :
	    &r->pot_units[rr_index(r, rr) * (size_t)r->maxpots];
}
/* Lanes: a utensil unit's, its queue's, a burner's, the oven lock's. */
int run_lane_utensil(struct run *r, const struct rkitchen *rk, enum utensil u,
		     int unit);
int run_lane_utensil_queue(struct run *r, const struct rkitchen *rk,
			   enum utensil u);
int run_lane_burner(struct run *r, const struct rkitchen *rk, int unit);
int run_lane_burner_queue(struct run *r, const struct rkitchen *rk);
int run_lane_oven_lock(struct run *r, const struct rkitchen *rk);
/* The recipe (menu index) holding a unit of u in rk, -1 none. */
int run_utensil_holder(struct run *r, const struct rkitchen *rk,
		       enum utensil u);
/* The runs that share kitchen rk: first and count. */
void run_kitchen_runs(struct run *r, const struct rkitchen *rk,
		      size_t *first, size_t *n);
/* rr's dish is not served (a deadlock): why replaces any earlier reason. */
void run_unserved(struct run *r, struct rrun *rr, const char *why);
/* Where a kitchen step is (rrun.sub); model-deadlock.c reads it. */
enum {
	KS_START = 0,
	KS_LOCK,        /* waiting for the oven lock */
	KS_HOT,         /* waiting for the oven to reach its set point */
	KS_UNIT,        /* waiting for a unit (sheet, burner, microwave,
			   utensil) */
	KS_TIMER        /* the appliance or the wait runs its time */
};
/* Called when the scheduler has nothing left: finds the deadlock if a
 * recipe is unfinished, marks its dishes not served.  Once per run. */
void run_deadlock_check(struct run *r);

/* The preemptive engine shared by threads and processes (model-threads.c). */
int preempt_start(struct run *r);
size_t preempt_decisions(struct run *r, struct run_choice *out);
void preempt_choose(struct run *r, const struct run_choice *c);

/*
 * The memory model.  Batch output must be the same bytes on every machine,
 * so the figures are not live measurements but a documented model per
 * concurrency model, with constants calibrated against what
 * `kitchen-tui --bench` measures (Linux x86-64, glibc 2.36, 4 KiB pages;
 * `make bench` prints model and measurement side by side with their
 * ratio, to see when a machine drifts from it):
 *  - a thread: the pages its stack really touches (the bench measures
 *    about 12 KiB of resident pages and page tables per live thread),
 *    inside a stack it reserves (glibc's default, 8 MiB: address space,
 *    mostly never touched);
 *  - a process: a forked child's private pages (68 to 76 KiB measured:
 *    the pages it writes after the fork, its stack and page tables), in
 *    an address space that maps the whole program copy-on-write (about
 *    5 MiB) plus a main stack that may grow to 8 MiB;
 *  - the cooperative models: the engine's own state per recipe run (the
 *    bench measures about 100 B per task, allocator overhead included).
 */
#define MEM_STACK_TOUCHED   ((uint64_t)12 << 10)        /* 3 pages */
#define MEM_STACK_RESERVED  ((uint64_t)8 << 20)
#define MEM_CHILD_PRIVATE   ((uint64_t)72 << 10)        /* 18 pages */
#define MEM_CHILD_MAPPED    ((uint64_t)5 << 20)

#endif
