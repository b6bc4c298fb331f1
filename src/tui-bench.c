/* SPDX-License-Identifier: ISC */
/*
 * tui-bench.c - the bench view (B): what each model really costs on this
 * machine, as bars on a log scale (memory per task, CPU per wait), since
 * the figures span several powers of ten.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui.h"

static double bench_value(const struct bench_model *m, int which)
{
	if (m->status != BENCH_OK)
		return 0;
	return which == 0 ? m->memory_per_task_bytes : m->cpu_per_wait_ns;
}

/* A value of the chart's unit, short: "1 KiB", "10 us". */
static void bench_unit(char *buf, size_t n, int which, double v)
{
	/* Powers of ten in decimal units: 10 kB, not 9.8 KiB. */
	if (which == 0 && v < 1e3)
		snprintf(buf, n, "%.0f B", v);
	else if (which == 0 && v < 1e6)
		snprintf(buf, n, "%.0f kB", v / 1e3);
	else if (which == 0 && v < 1e9)
		snprintf(buf, n, "%.0f MB", v / 1e6);
	else if (which == 0)
		snprintf(buf, n, "%.0f GB", v / 1e9);
	else if (v < 1e3)
		snprintf(buf, n, "%.0f ns", v);
	else if (v < 1e6)
		snprintf(buf, n, "%.0f us", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, n, "%.0f ms", v / 1e6);
	else
		snprintf(buf, n, "%.0f s", v / 1e9);
}

/* The scale under the bars: a tick at each power of ten with its value,
 * so a bar twice as long reads as a hundred times more, not twice. */
static int bench_axis(struct tui *t, int y, int which, double llo, double lhi,
		      int bw)
{
	char lab[32];
	int k, c, last = -1, len;

	tui_put(t, y, 1, 17, A_DIM, 0, "log10 scale:");
	for (k = (int)llo; k <= (int)lhi; k++) {
		c = (int)((k - llo) / (lhi - llo) * bw);
		if (c >= bw)
			c = bw - 1;
		bench_unit(lab, sizeof lab, which, pow(10.0, k));
		len = (int)strlen(lab);
		if (c <= last)
			continue;
		tui_cell(t, y, 18 + c, L'\x2502', '|', A_DIM, 0);
		if (18 + c + 1 + len < COLS && (k == (int)lhi || c + 1 + len <
		    (int)((k + 1 - llo) / (lhi - llo) * bw))) {
			tui_put(t, y, 18 + c + 1, len, A_DIM, 0, lab);
			last = c + len;
		} else {
			last = c;
		}
	}
	return y + 1;
}

static int bench_chart(struct tui *t, int y, int which, const char *title)
{
	const struct bench_report *b = &t->bench;
	double lo = 1e300, hi = 0, v, llo, lhi;
	int i, bw = COLS - 18 - 14, n, c;
	char val[48];

	tui_put(t, y++, 0, COLS, A_BOLD, TUI_PAIR_NOTE, title);
	for (i = 0; i < BENCH_MODELS; i++) {
		v = bench_value(&b->models[i], which);
		if (v > 0 && v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	llo = hi > 0 ? floor(log10(lo)) : 0;
	lhi = hi > 0 ? ceil(log10(hi)) : 1;
	if (lhi <= llo)
		lhi = llo + 1;
	for (i = 0; i < BENCH_MODELS && y < LINES - 1; i++, y++) {
		const struct bench_model *m = &b->models[i];

		tui_put(t, y, 1, 17, A_NORMAL, 0, m->name ? m->name : "?");
		v = bench_value(m, which);
		if (v <= 0) {
			tui_put(t, y, 18, COLS - 18, A_DIM, 0,
				m->note[0] ? m->note : "not measured");
			continue;
		}
		n = bw > 0 ? (int)((log10(v) - llo) / (lhi - llo) * bw) : 0;
		if (n < 1)
			n = 1;
		for (c = 0; c < n; c++)
			tui_cell(t, y, 18 + c, L'\x2588', '#', 0,
				 tui_recipe_pair(t, i));
		if (which == 0)
			bench_fmt_bytes(v, TUI_GIB_DECIMALS, val, sizeof val);
		else if (v < 1e3)
			snprintf(val, sizeof val, "%.0f ns", v);
		else if (v < 1e6)
			snprintf(val, sizeof val, "%.1f us", v / 1e3);
		else
			snprintf(val, sizeof val, "%.1f ms", v / 1e6);
		tui_put(t, y, 18 + n + 1, COLS - 19 - n, A_BOLD, 0, val);
	}
	if (y < LINES - 1 && bw > 0)
		y = bench_axis(t, y, which, llo, lhi, bw);
	return y;
}

void tui_bench_draw(struct tui *t)
{
	char buf[160];
	int y = 0;

	if (!t->have_bench) {
		tui_put(t, 0, 0, COLS, A_REVERSE | A_BOLD, 0,
			t->bench_child.pid > 0 ?
			" running the bench... (a few seconds, on this machine) " :
			" no bench yet: press B to run it ");
		return;
	}
	snprintf(buf, sizeof buf, " what each model really costs here: %ld "
		 "tasks x %ld waits of about 1 ms ", t->bench.tasks,
		 t->bench.waits);
	tui_put(t, y++, 0, COLS, A_REVERSE | A_BOLD, 0, buf);
	y = bench_chart(t, y, 0, "Memory per task (bytes, log scale: each tick x10)");
	if (y < LINES - 3)
		y = bench_chart(t, y + 1, 1,
				"CPU time per wait (ns, log scale: each tick x10)");
	if (y < LINES - 1)
		tui_put(t, y + 1 < LINES - 1 ? y + 1 : y, 1, COLS - 1, A_BOLD,
			t->bench.ranking_ok ? TUI_PAIR_OK : TUI_PAIR_BAD,
			t->bench.ranking_ok ?
			"as the tutorial says: protothreads < asyncio < "
			"pthreads < processes" :
			"this machine does not rank memory per task as the "
			"tutorial says: see the figures");
	tui_put(t, LINES - 1, 0, COLS, A_REVERSE, 0,
		"any key goes back   B runs the bench again   q quits");
}

/* --- running it in a child -------------------------------------------------- */

/* In the child: measure, send one message, leave without running any of
 * the parent's exit handlers (ncurses would write to the terminal). */
static void bench_child_main(int fd)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH,
				    SIGTSTP, SIGCONT, SIGPIPE, SIGQUIT };
	struct tui_bench_msg msg;
	struct bench_opts bo;
	sigset_t none;
	const char *p;
	size_t left;
	ssize_t n;
	size_t i;

	/* libev's signal handling belongs to the parent: the child takes
	 * the defaults.  bench_run blocks SIGINT, SIGTERM and SIGHUP while it
	 * runs and stops early, reaping everything, when one is pending. */
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	memset(&msg, 0, sizeof msg);
	memset(&bo, 0, sizeof bo);
	bo.tasks = BENCH_DEFAULT_TASKS;
	bo.waits = BENCH_DEFAULT_WAITS;
	bo.engine = false;
	msg.rc = bench_run(&bo, &msg.report, msg.err, sizeof msg.err);
	for (p = (const char *)&msg, left = sizeof msg; left > 0;
	     p += n, left -= (size_t)n) {
		n = write(fd, p, left);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0)
			break;
	}
	_exit(0);
}

int tui_bench_start(struct tui *t)
{
	struct tui_bench_child *c = &t->bench_child;
	int fds[2];
	pid_t pid;

	if (c->pid > 0) {
		tui_logf(t, "B: the bench is already running");
		return -1;
	}
	if (pipe(fds) < 0) {
		tui_logf(t, "B: cannot start the bench: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		tui_logf(t, "B: cannot start the bench: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		bench_child_main(fds[1]);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	c->pid = (int)pid;
	c->fd = fds[0];
	c->got = 0;
	loop_aux_start(&t->loop, c->fd);
	tui_logf(t, "running the bench (a few seconds)...");
	return 0;
}

static void bench_child_reap(struct tui *t)
{
	struct tui_bench_child *c = &t->bench_child;

	loop_aux_stop(&t->loop);
	close(c->fd);
	c->fd = -1;
	while (waitpid((pid_t)c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
}

void tui_bench_input(struct tui *t)
{
	struct tui_bench_child *c = &t->bench_child;
	ssize_t n;

	if (c->pid <= 0)
		return;
	for (;;) {
		n = read(c->fd, (char *)&c->msg + c->got, sizeof c->msg - c->got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;         /* more later */
		if (n > 0) {
			c->got += (size_t)n;
			if (c->got < sizeof c->msg)
				continue;
		}
		break;                  /* complete, end of file or error */
	}
	bench_child_reap(t);
	if (c->got < sizeof c->msg) {
		tui_logf(t, "B: the bench stopped before it was done");
	} else if (c->msg.rc < 0) {
		tui_logf(t, "B: the bench failed: %s",
			 c->msg.err[0] ? c->msg.err : "no reason given");
	} else if (c->msg.report.interrupted) {
		tui_logf(t, "B: the bench was interrupted");
	} else {
		/* The model names are string literals of this same program,
		 * at the same addresses in the child: the copy is valid. */
		t->bench = c->msg.report;
		t->have_bench = true;
		tui_logf(t, "the bench is done%s", t->view == VIEW_BENCH ?
			 "" : ": B shows it");
	}
}

void tui_bench_stop(struct tui *t)
{
	struct tui_bench_child *c = &t->bench_child;

	if (c->pid <= 0)
		return;
	/* On SIGTERM bench_run joins its threads and reaps its children;
	 * the child then dies of the SIGTERM, and the wait below is for
	 * all of that. */
	kill((pid_t)c->pid, SIGTERM);
	bench_child_reap(t);
}
