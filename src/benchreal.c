/* SPDX-License-Identifier: ISC */
/*
 * benchreal.c - kitchen-tui --bench: what each model really costs here.
 *
 * bench_run measures every model in a forked child of its own ("the
 * measurer") and reads the figures back through a pipe: a model's peak
 * resident memory is then its own, a crash or a limit in one model cannot
 * take the others down, and everything a model created dies with its
 * measurer at the latest.  asyncio is the same workload in Python
 * (data/bench-asyncio.py), run with python3 when there is one.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP are blocked for the whole run, so
 * that no thread or child is ever left behind by a signal arriving at a
 * bad moment.  The measurers poll for them (sigpending) and stop early,
 * joining their threads and reaping their children; this process tells
 * them to stop too (SIGTERM, then SIGKILL if one does not), reaps them and
 * returns with report->interrupted set.  The signal stays pending for the
 * caller, which sees it when the old mask is back.
 *
 * bench_main (benchreal-print.c) prints the report as text or JSON; it is
 * the only part that prints.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchreal-impl.h"
#include "catalog.h"
#include "opts.h"

enum { M_PT, M_CB, M_THREADS, M_PROCS, M_ASYNCIO };
static const char *const model_names_bench[BENCH_MODELS] = {
	"protothreads", "libev-callbacks", "pthreads", "processes", "asyncio"
};
/* The tutorial's order of memory per task, cheapest first. */
static const int ranking_order[] = { M_PT, M_ASYNCIO, M_THREADS, M_PROCS };
#define RANKED ((int)(sizeof ranking_order / sizeof ranking_order[0]))

#define STOP_GRACE_SECONDS 30.0 /* a told-to-stop measurer reaping its
				   children gets this long, then SIGKILL */
#define ASYNCIO_OUTPUT_MAX 4096

/* ---- small helpers ------------------------------------------------------- */

/* Control characters (from python's stderr, say) never reach a terminal. */
static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

const char *
bench_signal_name(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	case SIGKILL: return "SIGKILL";
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	default: return "a signal";
	}
}

/* Read up to len bytes from fd, watching for a stop: the bytes read; on a
 * stop *stopped is set and the reading goes on until EOF or the grace
 * time (the writer is being told to stop and may still report). */
static size_t
read_watching(int fd, pid_t pid, void *buf, size_t len, int *stopped)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	double deadline = 0;
	size_t got = 0;
	ssize_t n;
	int sig, rc;

	for (;;) {
		if (*stopped == 0 && bench_stop_pending(&sig)) {
			*stopped = sig;
			kill(pid, SIGTERM);
			deadline = bench_clock() + STOP_GRACE_SECONDS;
		}
		if (deadline > 0 && bench_clock() > deadline) {
			kill(pid, SIGKILL);
			deadline = 0;
		}
		rc = poll(&pfd, 1, 10);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc <= 0)
			continue;
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == len)
			break;
	}
	return got;
}

/* Reap pid; a short description of how it ended into why (when not a
 * clean exit 0). */
static int
reap(pid_t pid, char *why, size_t whysz)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			snprintf(why, whysz, "waitpid: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		snprintf(why, whysz, "the measuring process died of %s",
		    bench_signal_name(WTERMSIG(st)));
	else
		snprintf(why, whysz, "the measuring process exited with status %d",
		    WEXITSTATUS(st));
	return -1;
}

/*
 * KITCHEN_TUI_TEST_HOLD=1, for the test suite only: a measurer that has its
 * figures waits until it is told to stop instead of sending them, so that
 * a test can find the bench's processes alive however fast the machine
 * (tests/screen.sh, "B then q").  Without it the bench may be over before
 * a slow test looks.  It costs one getenv per model.
 */
static void
test_hold(void)
{
	const char *h = getenv("KITCHEN_TUI_TEST_HOLD");

	if (h == NULL || strcmp(h, "1") != 0)
		return;
	/* A measurer that dies on SIGTERM dies here; the others see it
	 * pending, as their runs do. */
	while (!bench_stop_pending(NULL))
		poll(NULL, 0, 10);
}

/*
 * Run body(arg, out) in a forked child and copy its *out (outsz bytes)
 * back.  0 with the result in out, or -1 with a reason in why.
 */
static int
measure_in_child(void (*body)(const void *arg, void *out), const void *arg,
		 void *out, size_t outsz, bool dies_on_term, int *stopped,
		 char *why, size_t whysz)
{
	sigset_t term;
	size_t got;
	pid_t pid;
	int fds[2], rc;

	if (pipe(fds) != 0) {
		snprintf(why, whysz, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(why, whysz, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		/* Our children are ours to reap, whatever the caller's loop
		 * does with SIGCHLD. */
		signal(SIGCHLD, SIG_DFL);
		bench_stop_watch_term();
		if (dies_on_term) {
			/* Nothing to clean up here: SIGTERM may simply end it. */
			sigemptyset(&term);
			sigaddset(&term, SIGTERM);
			signal(SIGTERM, SIG_DFL);
			sigprocmask(SIG_UNBLOCK, &term, NULL);
		}
		memset(out, 0, outsz);
		body(arg, out);
		test_hold();
		got = 0;
		while (got < outsz) {
			ssize_t n = write(fds[1], (char *)out + got, outsz - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				_exit(1);
			got += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	got = read_watching(fds[0], pid, out, outsz, stopped);
	close(fds[0]);
	if (got != outsz)
		kill(pid, SIGKILL);     /* should it hang on: never leave it */
	rc = reap(pid, why, whysz);
	if (got != outsz) {
		if (rc == 0)
			snprintf(why, whysz, "the measuring process sent no figures");
		return -1;
	}
	return 0;
}

/* ---- the C models, each in its measurer ------------------------------------- */

struct model_job {
	void (*fn)(long tasks, long waits, struct bench_model *m);
	long tasks, waits;
};

static void
model_body(const void *arg, void *out)
{
	const struct model_job *j = arg;

	j->fn(j->tasks, j->waits, out);
}

static void
run_c_model(int idx, struct bench_report *rep, int *stopped)
{
	static void (*const fns[])(long, long, struct bench_model *) = {
		bench_model_protothreads, bench_model_callbacks,
		bench_model_pthreads, bench_model_processes
	};
	struct bench_model *m = &rep->models[idx];
	struct model_job j = { fns[idx], rep->tasks, rep->waits };
	char why[sizeof m->note];

	if (measure_in_child(model_body, &j, m, sizeof *m, false, stopped,
	    why, sizeof why) != 0) {
		memset(m, 0, sizeof *m);
		m->status = BENCH_FAILED;
		snprintf(m->note, sizeof m->note, "%s", why);
	}
	m->name = model_names_bench[idx];
	m->note[sizeof m->note - 1] = '\0';
	sanitize(m->note);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The protothreads-vs-libev figure: BENCH_RATIO_RUNS pairs of runs, each
 * in its own measurer, with enough tasks and waits that one run is not a
 * timer hiccup.  One run is far too noisy for a ratio of two figures of
 * tens of nanoseconds; the median of paired runs is not.  Costs about
 * 2 x 5 x 15 ms.  The two models' CPU/wait and memory/task become the
 * medians of these runs (10,000 tasks: page rounding under 1%).
 */
static void
run_ratio(struct bench_report *rep, int *stopped)
{
	struct bench_model pt[BENCH_RATIO_RUNS], cb[BENCH_RATIO_RUNS];
	double ratio[BENCH_RATIO_RUNS], v[BENCH_RATIO_RUNS];
	struct bench_model *mp = &rep->models[M_PT], *mc = &rep->models[M_CB];
	long tasks = rep->tasks > BENCH_RATIO_TASKS ? rep->tasks :
	    BENCH_RATIO_TASKS;
	long waits = (BENCH_RATIO_WAITS + tasks - 1) / tasks;
	char why[sizeof mp->note];
	int i, n = 0;

	if (waits < rep->waits)
		waits = rep->waits;
	for (i = 0; i < BENCH_RATIO_RUNS && !*stopped; i++) {
		struct model_job jp = { bench_model_protothreads, tasks, waits };
		struct model_job jc = { bench_model_callbacks, tasks, waits };

		memset(&pt[n], 0, sizeof pt[n]);
		memset(&cb[n], 0, sizeof cb[n]);
		if (measure_in_child(model_body, &jp, &pt[n], sizeof pt[n],
		    false, stopped, why, sizeof why) != 0 || *stopped ||
		    measure_in_child(model_body, &jc, &cb[n], sizeof cb[n],
		    false, stopped, why, sizeof why) != 0 ||
		    pt[n].status != BENCH_OK || cb[n].status != BENCH_OK ||
		    cb[n].cpu_per_wait_ns <= 0)
			continue;
		ratio[n] = pt[n].cpu_per_wait_ns / cb[n].cpu_per_wait_ns;
		n++;
	}
	if (n == 0)
		return;
	rep->ratio_runs = n;
	rep->ratio_tasks = tasks;
	rep->ratio_waits = waits;
	rep->pt_cb_ratio = median(ratio, n);
	rep->pt_cb_ratio_min = ratio[0];
	rep->pt_cb_ratio_max = ratio[n - 1];
	if (!bench_measured(mp) || !bench_measured(mc))
		return;
	for (i = 0; i < n; i++)
		v[i] = pt[i].cpu_per_wait_ns;
	mp->cpu_per_wait_ns = median(v, n);
	for (i = 0; i < n; i++)
		v[i] = pt[i].memory_per_task_bytes;
	mp->memory_per_task_bytes = median(v, n);
	for (i = 0; i < n; i++)
		v[i] = cb[i].cpu_per_wait_ns;
	mc->cpu_per_wait_ns = median(v, n);
	for (i = 0; i < n; i++)
		v[i] = cb[i].memory_per_task_bytes;
	mc->memory_per_task_bytes = median(v, n);
}

/* ---- asyncio: data/bench-asyncio.py under python3 ---------------------------- */

/* $KITCHEN_TUI_PYTHON when set (the tests name a missing one), else the
 * system's /usr/bin/python3 (what a student's machine has, not a
 * developer's own build earlier on $PATH), else python3 on $PATH, into
 * buf; false if there is none. */
static bool
find_python(char *buf, size_t bufsz)
{
	const char *path = getenv("PATH"), *p, *e;
	const char *env = getenv("KITCHEN_TUI_PYTHON");
	size_t len;

	if (env != NULL) {
		snprintf(buf, bufsz, "%s", env);
		return *env != '\0' && access(buf, X_OK) == 0;
	}
	snprintf(buf, bufsz, "/usr/bin/python3");
	if (access(buf, X_OK) == 0)
		return true;
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = e + 1) {
		e = strchr(p, ':');
		len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0)
			snprintf(buf, bufsz, "./python3");
		else
			snprintf(buf, bufsz, "%.*s/python3", (int)len, p);
		if (access(buf, X_OK) == 0)
			return true;
		if (e == NULL)
			return false;
	}
}

/* Where bench-asyncio.py is: the data directory (--data-dir,
 * $KITCHEN_TUI_DATA, ...), else the installed one, else the source tree's
 * (running uninstalled).  A --data-dir of the user's own recipes need not
 * carry the script. */
static bool
find_script(const char *opt_dir, char *buf, size_t bufsz)
{
	const char *dirs[3];
	int i, n = 0;

	dirs[n++] = catalog_data_dir(opt_dir);
	dirs[n++] = KT_PKGDATADIR;
	dirs[n++] = catalog_tree_data_dir();
	for (i = 0; i < n; i++) {
		if (dirs[i] == NULL)
			continue;
		snprintf(buf, bufsz, "%s/bench-asyncio.py", dirs[i]);
		if (access(buf, R_OK) == 0)
			return true;
	}
	return false;
}

/* The number after "key": in a JSON line, or -1. */
static double
json_number(const char *s, const char *key)
{
	char pat[64];
	const char *p;
	char *end;
	double v;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	if ((p = strstr(s, pat)) == NULL)
		return -1;
	v = strtod(p + strlen(pat), &end);
	return end == p + strlen(pat) ? -1 : v;
}

static void
run_asyncio(const struct bench_opts *o, struct bench_report *rep, int *stopped)
{
	struct bench_model *m = &rep->models[M_ASYNCIO];
	char python[1024], script[1024], targ[32], warg[32];
	char out[ASYNCIO_OUTPUT_MAX + 1], why[sizeof m->note];
	char *line, *last, *save = NULL;
	double v[5];
	size_t got;
	pid_t pid;
	int fds[2], devnull, i;
	static const char *const keys[5] = { "wall_seconds", "cpu_per_wait_ns",
	    "peak_rss_bytes", "memory_per_task_bytes", "create_ns" };

	m->name = model_names_bench[M_ASYNCIO];
	if (!find_python(python, sizeof python)) {
		m->status = BENCH_SKIPPED;
		snprintf(m->note, sizeof m->note, getenv("KITCHEN_TUI_PYTHON") ?
		    "python3 not found ($KITCHEN_TUI_PYTHON)" :
		    "python3 not found on PATH");
		return;
	}
	if (!find_script(o->data_dir, script, sizeof script)) {
		m->status = BENCH_SKIPPED;
		snprintf(m->note, sizeof m->note, "bench-asyncio.py not "
		    "found in the data directory");
		return;
	}
	snprintf(targ, sizeof targ, "%ld", rep->tasks);
	snprintf(warg, sizeof warg, "%ld", rep->waits);
	if (pipe(fds) != 0) {
		m->status = BENCH_FAILED;
		snprintf(m->note, sizeof m->note, "pipe: %s", strerror(errno));
		return;
	}
	if ((pid = fork()) < 0) {
		m->status = BENCH_FAILED;
		snprintf(m->note, sizeof m->note, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls between fork and exec. */
		char *argv[] = { python, script, targ, warg, NULL };

		close(fds[0]);
		if ((devnull = open("/dev/null", O_RDONLY)) >= 0)
			dup2(devnull, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		signal(SIGCHLD, SIG_DFL);
		execv(python, argv);
		_exit(127);
	}
	close(fds[1]);
	got = read_watching(fds[0], pid, out, ASYNCIO_OUTPUT_MAX, stopped);
	close(fds[0]);
	out[got] = '\0';
	if (*stopped)
		kill(pid, SIGKILL);     /* python has nothing to clean up */
	if (reap(pid, why, sizeof why) != 0 || *stopped) {
		m->status = BENCH_FAILED;
		/* The last line python wrote says why. */
		last = NULL;
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			last = line;
		snprintf(m->note, sizeof m->note, "python3 failed: %.140s",
		    last ? last : why);
		sanitize(m->note);
		return;
	}
	for (i = 0; i < 5; i++) {
		if ((v[i] = json_number(out, keys[i])) < 0) {
			m->status = BENCH_FAILED;
			snprintf(m->note, sizeof m->note, "bench-asyncio.py gave "
			    "no %s", keys[i]);
			return;
		}
	}
	/* Which Python ran it: the path and the version the script says. */
	line = strstr(out, "\"python_version\": \"");
	if (line != NULL) {
		line += strlen("\"python_version\": \"");
		snprintf(rep->python, sizeof rep->python, "%.150s %.*s", python,
		    (int)strcspn(line, "\""), line);
	} else
		snprintf(rep->python, sizeof rep->python, "%.150s", python);
	sanitize(rep->python);
	m->status = BENCH_OK;
	m->tasks_run = rep->tasks;
	m->wall_seconds = v[0];
	m->cpu_per_wait_ns = v[1];
	m->peak_rss_bytes = (uint64_t)v[2];
	m->memory_per_task_bytes = v[3];
	m->create_ns = v[4];
}

/* ---- the engine at scale ----------------------------------------------------- */

static void
engine_body(const void *arg, void *out)
{
	bench_engine_scale(arg, out);
}

static void
run_engine(const struct bench_opts *o, struct bench_report *rep, int *stopped)
{
	struct bench_engine *e = &rep->engine;
	const char *dir;
	char why[sizeof e->note];

	dir = catalog_data_dir(o->data_dir);
	/* The engine has no threads or children: SIGTERM may end it. */
	if (measure_in_child(engine_body, dir, e, sizeof *e, true, stopped,
	    why, sizeof why) != 0) {
		memset(e, 0, sizeof *e);
		e->status = BENCH_FAILED;
		snprintf(e->note, sizeof e->note, "%s", why);
	}
	e->note[sizeof e->note - 1] = '\0';
	sanitize(e->note);
}

/* ---- ranking ----------------------------------------------------------------- */

bool
bench_measured(const struct bench_model *m)
{
	return (m->status == BENCH_OK || m->status == BENCH_LIMIT) &&
	    m->tasks_run > 0;
}

static void
rank(struct bench_report *rep)
{
	const struct bench_model *a, *b, *prev = NULL;
	size_t len = 0;
	int i, n = 0;
	char *s = rep->ranking_note;
	size_t sz = sizeof rep->ranking_note;

	rep->ranking_ok = true;
	s[0] = '\0';
	for (i = 0; i < RANKED; i++) {
		b = &rep->models[ranking_order[i]];
		if (!bench_measured(b))
			continue;
		n++;
		if (prev != NULL && !(prev->memory_per_task_bytes <
		    b->memory_per_task_bytes) && rep->ranking_ok) {
			rep->ranking_ok = false;
			a = prev;
			snprintf(s, sz, "this machine DISAGREES with the tutorial: "
			    "%s (%.0f B per task) is not cheaper than %s "
			    "(%.0f B per task)", a->name, a->memory_per_task_bytes,
			    b->name, b->memory_per_task_bytes);
		}
		prev = b;
	}
	if (n < 2) {
		rep->ranking_ok = false;
		snprintf(s, sz, "too few models measured to rank them");
		return;
	}
	if (!rep->ranking_ok)
		return;
	for (i = 0; i < RANKED && len < sz; i++) {
		b = &rep->models[ranking_order[i]];
		if (!bench_measured(b))
			continue;
		len += (size_t)snprintf(s + len, sz - len, "%s%s",
		    len ? " < " : "", b->name);
	}
	if (len < sz)
		snprintf(s + len, sz - len, "%s", n == RANKED ?
		    ": as the tutorial says" :
		    ": as the tutorial says (for the models measured)");
}

/* ---- bench_run ---------------------------------------------------------------- */

int
bench_run(const struct bench_opts *o, struct bench_report *out, char *err,
	  size_t errsz)
{
	struct sigaction chld, old_chld;
	sigset_t block, old;
	int i, stopped = 0;

	memset(out, 0, sizeof *out);
	out->tasks = o->tasks ? o->tasks : BENCH_DEFAULT_TASKS;
	out->waits = o->waits ? o->waits : BENCH_DEFAULT_WAITS;
	if (out->tasks < 1 || out->tasks > BENCH_MAX ||
	    out->waits < 1 || out->waits > BENCH_MAX) {
		snprintf(err, errsz, "bench: tasks and waits must be 1 to %d",
		    BENCH_MAX);
		return -1;
	}
	for (i = 0; i < BENCH_MODELS; i++) {
		out->models[i].name = model_names_bench[i];
		out->models[i].status = BENCH_SKIPPED;
		snprintf(out->models[i].note, sizeof out->models[i].note,
		    "not run (interrupted)");
	}
	out->engine.status = BENCH_SKIPPED;
	snprintf(out->engine.note, sizeof out->engine.note, o->engine ?
	    "not run (interrupted)" : "not asked for");

	bench_stop_watch();
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &block, &old) != 0) {
		snprintf(err, errsz, "bench: sigprocmask: %s", strerror(errno));
		return -1;
	}
	/* A SIGCHLD set to SIG_IGN (inherited, say) would reap our children
	 * behind our back and leave waitpid nothing to report. */
	sigaction(SIGCHLD, NULL, &old_chld);
	if (old_chld.sa_handler == SIG_IGN) {
		memset(&chld, 0, sizeof chld);
		chld.sa_handler = SIG_DFL;
		sigemptyset(&chld.sa_mask);
		sigaction(SIGCHLD, &chld, NULL);
	}
	/* Children leave with _exit and never flush the stdio buffers they
	 * inherit; flushing here keeps the caller's output in order anyway. */
	fflush(NULL);

	for (i = M_PT; i <= M_PROCS && !stopped; i++)
		run_c_model(i, out, &stopped);
	if (!stopped)
		run_ratio(out, &stopped);
	if (!stopped)
		run_asyncio(o, out, &stopped);
	if (!stopped && o->engine)
		run_engine(o, out, &stopped);
	if (!stopped)
		bench_stop_pending(&stopped);
	rank(out);
	out->interrupted = stopped;
	if (old_chld.sa_handler == SIG_IGN)
		sigaction(SIGCHLD, &old_chld, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}
