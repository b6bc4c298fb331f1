/* SPDX-License-Identifier: ISC */
/*
 * real-child.c - a real run in a child process of its own, and its
 * result turned into a trace.
 *
 * real_start forks; the child blocks the stop signals (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGPIPE), calibrates its busy loop, runs the
 * mechanism, and writes one message down a pipe: a header, one struct
 * real_dish per recipe, then the span records.  Every mechanism looks for
 * a pending stop signal or the wall-time limit every few milliseconds
 * and then stops, joining its threads and reaping its children, so that
 * the message still comes and says why it is short.  The child dies with
 * its parent (PR_SET_PDEATHSIG), and so do its own children.
 *
 * The parent (real_input) collects the message without blocking, reaps
 * the child and builds the trace: records sorted by start, lanes named
 * as the simulated runs name them, wall nanoseconds turned into virtual
 * milliseconds by the scale.  Its events are the steps of work the
 * operating system preempted (involuntary switches), and nothing else.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "esc.h"
#include "real-impl.h"

#define WIRE_MAGIC 0x6b747231u          /* "ktr1" */
#define STOP_GRACE_SECONDS 10.0
#define WIRE_MAX_RECS 1000000

extern sigset_t real_stop_set;

static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
#define NSTOP ((int)(sizeof stop_sigs / sizeof stop_sigs[0]))

struct wire_head {
	uint32_t magic;
	int32_t status, signo, cooks;
	char note[200];
	char cooks_note[160];
	double wall, cpu, mem, steal;
	uint64_t peak, switches, nrecs, nrecipes;
};

const char *
real_signal_name(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	case SIGQUIT: return "SIGQUIT";
	case SIGPIPE: return "SIGPIPE";
	case SIGKILL: return "SIGKILL";
	default: return "a signal";
	}
}

static void
stop_set_init(sigset_t *set)
{
	int i;

	sigemptyset(set);
	for (i = 0; i < NSTOP; i++)
		sigaddset(set, stop_sigs[i]);
}

/* ---- checks before anything starts --------------------------------------- */

const char *
real_check(const struct real_opts *o, sched_ms sim_total, char *buf,
	   size_t bufsz)
{
	double wall;

	if (o->scale_ms < REAL_MIN_SCALE_MS || o->scale_ms > REAL_MAX_SCALE_MS) {
		snprintf(buf, bufsz, "--scale=%d is out of range (valid: %d to "
		    "%d ms per virtual minute)", o->scale_ms, REAL_MIN_SCALE_MS,
		    REAL_MAX_SCALE_MS);
		return buf;
	}
	wall = (double)sim_total / 60000.0 * o->scale_ms / 1000.0;
	if (wall > o->limit_s) {
		snprintf(buf, bufsz, "the real run would take about %.1f s at "
		    "--scale=%d (the model's %ld min), more than the "
		    "--real-limit of %g s; try a smaller --scale or a larger "
		    "--real-limit", wall, o->scale_ms,
		    (long)(sim_total / 60000), o->limit_s);
		return buf;
	}
	return NULL;
}

/* ---- the child ------------------------------------------------------------- */

static double
tv_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* CPU steal and total jiffies so far, from /proc/stat. */
static void
cpu_steal(unsigned long long *steal, unsigned long long *total)
{
	unsigned long long v[10] = { 0 };
	FILE *f = fopen("/proc/stat", "re");
	int i, n = 0;

	*steal = *total = 0;
	if (f == NULL)
		return;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
	    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8],
	    &v[9]);
	fclose(f);
	for (i = 0; i < n && i < 8; i++)
		*total += v[i];
	if (n >= 8)
		*steal = v[7];
}

/* Threads of this process; 1 once every one we made is joined. */
static int
thread_count(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

bool
real_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

static _Noreturn void
child_main(int fd, const struct menu *m, const struct real_opts *o,
	   int64_t started)
{
	struct wire_head h;
	struct real_ctx c;
	struct rusage r0, r1, ch;
	unsigned long long s0, t0, s1, t1;
	sigset_t set;
	int rc, stop, i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	stop_set_init(&set);
	real_stop_set = set;
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (i = 0; i < NSTOP; i++)
		signal(stop_sigs[i], SIG_DFL);  /* pending, never delivered */
	/* The screen's handlers (libev's) are the parent's business. */
	signal(SIGCHLD, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGCONT, SIG_DFL);
	memset(&h, 0, sizeof h);
	h.magic = WIRE_MAGIC;
	real_calibrate();
	if (real_ctx_init(&c, m, o, -1) != 0) {
		h.status = REAL_FAILED;
		snprintf(h.note, sizeof h.note, "out of memory");
		real_write_all(fd, &h, sizeof h);
		_exit(1);
	}
	if (o->cooks > c.ncpus &&
	    (o->model == MODEL_THREADS || o->model == MODEL_PROCESSES))
		snprintf(h.cooks_note, sizeof h.cooks_note, "%d cooks asked "
		    "for, but this machine lets us use %d CPU%s", o->cooks,
		    c.ncpus, c.ncpus == 1 ? "" : "s");
	getrusage(RUSAGE_SELF, &r0);
	cpu_steal(&s0, &t0);
	c.t0 = real_now_ns();
	/* The limit counts from the fork: calibrating is part of the run. */
	c.deadline = started + (int64_t)(o->limit_s * 1e9);
	switch (o->model) {
	case MODEL_COROUTINES: rc = real_exec_loop(&c, true); break;
	case MODEL_CALLBACKS: rc = real_exec_loop(&c, false); break;
	case MODEL_THREADS: rc = real_exec_threads(&c); break;
	case MODEL_PROCESSES: rc = real_exec_processes(&c); break;
	case MODEL_SEQUENTIAL: default: rc = real_exec_sequential(&c); break;
	}
	h.wall = (double)real_elapsed(&c) / 1e9;
	getrusage(RUSAGE_SELF, &r1);
	getrusage(RUSAGE_CHILDREN, &ch);
	cpu_steal(&s1, &t1);
	h.cpu = tv_seconds(&r1.ru_utime) - tv_seconds(&r0.ru_utime) +
	    tv_seconds(&r1.ru_stime) - tv_seconds(&r0.ru_stime) +
	    tv_seconds(&ch.ru_utime) + tv_seconds(&ch.ru_stime);
	h.switches = (uint64_t)(r1.ru_nvcsw - r0.ru_nvcsw + r1.ru_nivcsw -
	    r0.ru_nivcsw + ch.ru_nvcsw + ch.ru_nivcsw);
	h.peak = bench_mem_peak() + c.children_rss;
	h.mem = c.mem_per_recipe;
	h.steal = t1 > t0 ? (double)(s1 - s0) / (double)(t1 - t0) : 0;
	h.cooks = o->model == MODEL_THREADS || o->model == MODEL_PROCESSES ?
	    c.ncpus : 1;
	stop = atomic_load(&c.stop);
	if (rc != 0 || c.oom || stop == REAL_STOP_FAILED) {
		h.status = REAL_FAILED;
		snprintf(h.note, sizeof h.note, "%s", c.oom ? "out of memory" :
		    "cannot create a thread, process or event loop");
	} else if (stop == REAL_STOP_DEADLOCK) {
		h.status = REAL_DEADLOCK;
		snprintf(h.note, sizeof h.note, "deadlock: every recipe still "
		    "cooking waited for a utensil, unit or lock another held");
	} else if (stop == REAL_STOP_LIMIT) {
		h.status = REAL_LIMIT;
		snprintf(h.note, sizeof h.note, "stopped at the --real-limit "
		    "of %g s of wall time", o->limit_s);
	} else if (stop > 0) {
		h.status = REAL_STOPPED;
		h.signo = stop;
	} else if (thread_count() != 1) {
		h.status = REAL_FAILED;
		snprintf(h.note, sizeof h.note, "a thread was left behind");
	}
	h.nrecs = c.nrecs;
	h.nrecipes = m->nrecipes;
	if (!real_write_all(fd, &h, sizeof h) ||
	    !real_write_all(fd, c.dishes, m->nrecipes * sizeof *c.dishes) ||
	    !real_write_all(fd, c.recs, c.nrecs * sizeof *c.recs))
		_exit(1);
	_exit(0);
}

int
real_start(struct real_child *c, const struct menu *m,
	   const struct real_opts *o, char *err, size_t errsz)
{
	int64_t started = real_now_ns();
	int fds[2];

	memset(c, 0, sizeof *c);
	c->fd = -1;
	if (pipe(fds) != 0) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);   /* the child leaves with _exit, never flushing */
	if ((c->pid = fork()) < 0) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		c->pid = 0;
		return -1;
	}
	if (c->pid == 0) {
		close(fds[0]);
		child_main(fds[1], m, o, started);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	c->fd = fds[0];
	c->menu = m;
	c->opts = *o;
	return 0;
}

static void
child_reap(struct real_child *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (c->pid > 0)
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
	c->pid = 0;
	free(c->buf);
	c->buf = NULL;
	c->got = c->cap = 0;
}

void
real_stop(struct real_child *c)
{
	struct pollfd pfd;
	double waited = 0;
	char sink[4096];

	if (c->pid <= 0)
		return;
	kill(c->pid, SIGTERM);
	/* Give it the time to join and reap, draining the pipe meanwhile. */
	pfd.fd = c->fd;
	pfd.events = POLLIN;
	while (waited < STOP_GRACE_SECONDS) {
		if (waitpid(c->pid, NULL, WNOHANG) == c->pid) {
			c->pid = 0;
			break;
		}
		if (poll(&pfd, 1, 10) > 0 && read(c->fd, sink, sizeof sink) == 0)
			pfd.fd = -1;    /* EOF: wait for the exit only */
		waited += 0.01;
	}
	if (c->pid > 0)
		kill(c->pid, SIGKILL);
	child_reap(c);
}

/* ---- from records to a trace ------------------------------------------------- */

static const char *const app_names[APP_COUNT] = { "oven", "stovetop", "microwave" };

static int
rec_cmp(const void *a, const void *b)
{
	const struct real_rec *x = a, *y = b;

	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	return (x->end_ns > y->end_ns) - (x->end_ns < y->end_ns);
}

static void
lane_name(const struct menu *m, const struct real_rec *r, char *buf,
	  size_t n)
{
	char pre[160] = "", *e;
	const char *app = (r->lane == RL_APP || r->lane == RL_LOCK) &&
	    r->app >= 0 && r->app < APP_COUNT ?
	    app_names[r->app] : "?";

	if (r->kitchen >= 0 && (size_t)r->kitchen < m->nrecipes &&
	    r->lane != RL_COOK && r->lane != RL_GIL) {
		e = esc_dup(m->recipes[r->kitchen]->name, false);
		snprintf(pre, sizeof pre, "%s: ", e ? e : "?");
		free(e);
	}
	switch (r->lane) {
	case RL_COOK: snprintf(buf, n, "cook %d", r->unit + 1); break;
	case RL_GIL: snprintf(buf, n, "GIL"); break;
	case RL_COUNTER: snprintf(buf, n, "%scounter", pre); break;
	case RL_LOCK: snprintf(buf, n, "%s%s lock", pre, app); break;
	case RL_UTENSIL:
		if (r->unit > 0)
			snprintf(buf, n, "%s%s %d", pre,
			    utensil_name((enum utensil)r->app), r->unit + 1);
		else
			snprintf(buf, n, "%s%s", pre,
			    utensil_name((enum utensil)r->app));
		break;
	case RL_UQUEUE:
		snprintf(buf, n, "%s%s queue", pre,
		    utensil_name((enum utensil)r->app));
		break;
	case RL_JARLOCK:
		e = r->app >= 0 && (size_t)r->app < m->njars ?
		    esc_dup(m->jars[r->app].name, false) : NULL;
		snprintf(buf, n, "%s%s lock", pre, e ? e : "jar");
		free(e);
		break;
	case RL_APP:
	default:
		if (r->unit > 0)
			snprintf(buf, n, "%s%s %d", pre, app, r->unit + 1);
		else
			snprintf(buf, n, "%s%s", pre, app);
		break;
	}
}

static sched_ms
to_v(const struct real_opts *o, int64_t ns)
{
	return (sched_ms)(ns * 60 / ((int64_t)o->scale_ms * 1000));
}

static int
build(struct real_result *out, const struct menu *m, const struct real_opts *o,
      const struct wire_head *h, const struct real_dish *dishes,
      struct real_rec *recs)
{
	char name[300], *e;
	size_t i;
	int lane;

	memset(out, 0, sizeof *out);
	trace_init(&out->trace);
	out->opts = *o;
	out->status = (enum real_status)h->status;
	out->signo = h->signo;
	snprintf(out->note, sizeof out->note, "%s", h->note);
	snprintf(out->cooks_note, sizeof out->cooks_note, "%s", h->cooks_note);
	out->cooks = h->cooks;
	out->wall_seconds = h->wall;
	out->cpu_seconds = h->cpu;
	out->peak_rss_bytes = h->peak;
	out->context_switches = h->switches;
	out->memory_per_recipe = h->mem;
	out->steal = h->steal;
	out->ndishes = m->nrecipes;
	if ((out->dishes = calloc(m->nrecipes ? m->nrecipes : 1,
	    sizeof *out->dishes)) == NULL)
		return -1;
	memcpy(out->dishes, dishes, m->nrecipes * sizeof *dishes);
	for (i = 0; i < m->nrecipes; i++) {
		out->dishes[i].problem[sizeof out->dishes[i].problem - 1] = '\0';
		if (out->dishes[i].ready_at > out->total)
			out->total = out->dishes[i].ready_at;
	}
	qsort(recs, (size_t)h->nrecs, sizeof *recs, rec_cmp);
	for (i = 0; i < h->nrecs; i++) {
		const struct real_rec *r = &recs[i];

		if (r->recipe >= (int)m->nrecipes || r->kind < 0 ||
		    r->kind >= TRACE_KIND_COUNT)
			continue;
		if (r->recipe >= 0 && r->step >= (int)m->recipes[r->recipe]->nsteps)
			continue;
		lane_name(m, r, name, sizeof name);
		if ((lane = trace_lane(&out->trace, name)) < 0)
			return -1;
		trace_add(&out->trace, lane, r->recipe, r->step, r->kind,
		    to_v(o, r->start_ns), to_v(o, r->end_ns));
		if (r->lane == RL_COOK && r->kind == TRACE_WORK && r->invol > 0) {
			e = esc_dup(m->recipes[r->recipe]->name, false);
			trace_event(&out->trace, to_v(o, r->start_ns),
			    "%s: preempted %d time%s in step %d (involuntary "
			    "switches)", e ? e : "?", r->invol,
			    r->invol == 1 ? "" : "s", r->step + 1);
			free(e);
		}
	}
	return trace_failed(&out->trace) ? -1 : 0;
}

int
real_input(struct real_child *c, struct real_result *out, char *err,
	   size_t errsz)
{
	const struct wire_head *h;
	size_t need;
	ssize_t n;
	char *nb;
	int rc;

	for (;;) {
		if (c->got == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 65536;

			if ((nb = realloc(c->buf, cap)) == NULL) {
				snprintf(err, errsz, "out of memory");
				real_stop(c);
				return -1;
			}
			c->buf = nb;
			c->cap = cap;
		}
		n = read(c->fd, c->buf + c->got, c->cap - c->got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 1;
		if (n <= 0)
			break;
		c->got += (size_t)n;
	}
	h = (const struct wire_head *)(void *)c->buf;
	if (c->got < sizeof *h || h->magic != WIRE_MAGIC ||
	    h->nrecipes != c->menu->nrecipes || h->nrecs > WIRE_MAX_RECS) {
		snprintf(err, errsz, "%s", c->got >= sizeof *h ? h->note :
		    "the real run ended before it reported");
		child_reap(c);
		return -1;
	}
	need = sizeof *h + h->nrecipes * sizeof(struct real_dish) +
	    h->nrecs * sizeof(struct real_rec);
	if (c->got < need) {
		snprintf(err, errsz, "the real run's report was cut short");
		child_reap(c);
		return -1;
	}
	rc = build(out, c->menu, &c->opts, h,
	    (const struct real_dish *)(void *)(c->buf + sizeof *h),
	    (struct real_rec *)(void *)(c->buf + sizeof *h +
	    h->nrecipes * sizeof(struct real_dish)));
	child_reap(c);
	if (rc != 0) {
		real_result_free(out);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

void
real_result_free(struct real_result *r)
{
	trace_free(&r->trace);
	free(r->dishes);
	r->dishes = NULL;
}

/* ---- blocking, for the batch ----------------------------------------------------- */

int
real_run(const struct menu *m, const struct real_opts *o,
	 struct real_result *out, char *err, size_t errsz)
{
	struct real_child c;
	struct pollfd pfd;
	sigset_t set, old, pend;
	double limit;
	int rc = -1, got = 0, i;
	int64_t t0;

	stop_set_init(&set);
	if (sigprocmask(SIG_BLOCK, &set, &old) != 0) {
		snprintf(err, errsz, "sigprocmask: %s", strerror(errno));
		return -1;
	}
	if (real_start(&c, m, o, err, errsz) != 0)
		goto out;
	t0 = real_now_ns();
	limit = o->limit_s + STOP_GRACE_SECONDS;
	pfd.fd = c.fd;
	pfd.events = POLLIN;
	for (;;) {
		if (sigpending(&pend) == 0) {
			for (i = 0; i < NSTOP && !got; i++)
				if (sigismember(&pend, stop_sigs[i]) == 1)
					got = stop_sigs[i];
			if (got) {
				real_stop(&c);
				memset(out, 0, sizeof *out);
				trace_init(&out->trace);
				out->opts = *o;
				out->status = REAL_STOPPED;
				out->signo = got;
				rc = 0;
				break;
			}
		}
		/* The child keeps its own limit; this is for a child that
		 * hangs all the same. */
		if ((double)(real_now_ns() - t0) / 1e9 > limit) {
			real_stop(&c);
			snprintf(err, errsz, "the real run did not stop at its "
			    "limit; killed");
			break;
		}
		if (poll(&pfd, 1, 10) <= 0)
			continue;
		rc = real_input(&c, out, err, errsz);
		if (rc <= 0)
			break;
	}
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc < 0 ? -1 : 0;
}

void
real_judge(struct real_result *r, sched_ms sim_total)
{
	double load = -1, off;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t len = 0;
	FILE *f;

	if ((f = fopen("/proc/loadavg", "re")) != NULL) {
		if (fscanf(f, "%lf", &load) != 1)
			load = -1;
		fclose(f);
	}
	r->load_average = load;
	r->clean = true;
	r->clean_why[0] = '\0';
#define WHY(...) do { \
	if (len < sizeof r->clean_why) \
		len += (size_t)snprintf(r->clean_why + len, \
		    sizeof r->clean_why - len, __VA_ARGS__); \
	r->clean = false; \
} while (0)
	if (cpus < 1)
		cpus = 1;
	if (load > (double)cpus)
		WHY("%sload average %.2f on %ld CPU%s", len ? "; " : "", load,
		    cpus, cpus == 1 ? "" : "s");
	if (r->steal > 0.02)
		WHY("%sCPU steal %.1f%%", len ? "; " : "", r->steal * 100);
	if (r->status != REAL_OK && r->status != REAL_DEADLOCK)
		WHY("%sthe run did not finish", len ? "; " : "");
	else if (r->status == REAL_OK && sim_total > 0) {
		off = (double)(r->total - sim_total) / (double)sim_total;
		if (off > REAL_CLEAN_OFF || off < -REAL_CLEAN_OFF)
			WHY("%sthe real run ended %.1f%% %s the model",
			    len ? "; " : "", (off < 0 ? -off : off) * 100,
			    off < 0 ? "before" : "after");
	}
#undef WHY
}
