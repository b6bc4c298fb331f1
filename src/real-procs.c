/* SPDX-License-Identifier: ISC */
/*
 * real-procs.c - processes for real: one fork per recipe.  Each child
 * gets a kitchen of its own (so it can never race another recipe for
 * the oven), cooks its recipe with real_cook_recipe (real-threads.c) and
 * writes its records and outcome to a pipe of its own; the parent reads
 * them all without blocking, then reaps the children with wait4, whose
 * rusage is each child's CPU time, switches and peak memory.  A child
 * dies with its parent (PR_SET_PDEATHSIG); on a stop the parent kills
 * and reaps every child.
 */
#include "config.h"

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

#include "real-impl.h"

/* What a child sends back, before its records. */
struct proc_msg {
	struct real_dish dish;
	int64_t done_ns;
	uint64_t private_bytes;
	uint64_t nrecs;
};

static _Noreturn void
proc_child(struct real_ctx *parent, int rec, int fd, int64_t fork_ns)
{
	struct real_ctx c;
	struct proc_msg msg;
	int64_t s;

	/* Should the parent die, so do we. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1 || real_ctx_init(&c, parent->menu, &parent->o, rec) != 0)
		_exit(1);
	c.t0 = parent->t0;
	c.deadline = parent->deadline;
	c.ncpus = parent->ncpus;
	memcpy(c.cpus, parent->cpus, sizeof c.cpus);
	s = real_elapsed(&c);
	real_rec(&c, false, RL_COOK, -1, real_cook_now(&c), rec, -1,
	    TRACE_START, fork_ns, s);
	real_cook_recipe(&c, rec, false);
	memset(&msg, 0, sizeof msg);
	msg.dish = c.dishes[rec];
	msg.done_ns = real_elapsed(&c);
	bench_mem_private(0, &msg.private_bytes);
	msg.nrecs = c.nrecs;
	if (!real_write_all(fd, &msg, sizeof msg) ||
	    !real_write_all(fd, c.recs, c.nrecs * sizeof *c.recs))
		_exit(1);
	_exit(0);
}

struct proc {
	pid_t pid;
	int fd;
	struct proc_msg msg;
	size_t got;             /* bytes of msg + records */
	struct real_rec *recs;
	bool done;
};

/* Read what is there from p; true when it is complete or gone. */
static bool
proc_read(struct proc *p)
{
	size_t want;
	char *dst;
	ssize_t n;

	for (;;) {
		if (p->got < sizeof p->msg) {
			dst = (char *)&p->msg + p->got;
			want = sizeof p->msg - p->got;
		} else {
			size_t off = p->got - sizeof p->msg;
			size_t total = (size_t)p->msg.nrecs * sizeof *p->recs;

			if (p->recs == NULL && p->msg.nrecs > 0 &&
			    p->msg.nrecs < 1000000 &&
			    (p->recs = calloc((size_t)p->msg.nrecs, sizeof *p->recs)) == NULL)
				return true;
			if (off >= total)
				return true;
			dst = (char *)p->recs + off;
			want = total - off;
		}
		n = read(p->fd, dst, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return false;
		if (n <= 0)
			return true;
		p->got += (size_t)n;
	}
}

int
real_exec_processes(struct real_ctx *c)
{
	size_t n = c->menu->nrecipes, i, made, left, k;
	struct pollfd *pf;
	struct proc *ps;
	struct rusage ru;
	uint64_t priv = 0;
	int fds[2], st, rc = 0;
	int64_t fork_ns, end;

	real_limit_cpus(c);
	ps = calloc(n ? n : 1, sizeof *ps);
	pf = calloc(n ? n : 1, sizeof *pf);
	if (ps == NULL || pf == NULL) {
		free(ps);
		free(pf);
		return -1;
	}
	fflush(NULL);
	for (made = 0; made < n; made++) {
		if (pipe(fds) != 0) {
			rc = -1;
			break;
		}
		fork_ns = real_elapsed(c);
		if ((ps[made].pid = fork()) < 0) {
			close(fds[0]);
			close(fds[1]);
			rc = -1;
			break;
		}
		if (ps[made].pid == 0) {
			close(fds[0]);
			for (k = 0; k < made; k++)
				close(ps[k].fd);
			proc_child(c, (int)made, fds[1], fork_ns);
		}
		close(fds[1]);
		ps[made].fd = fds[0];
		fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	}
	for (left = made; left > 0; ) {
		if (real_stopping(c) || rc != 0) {
			for (i = 0; i < made; i++)
				if (!ps[i].done)
					kill(ps[i].pid, SIGKILL);
			break;
		}
		for (i = 0, k = 0; i < made; i++) {
			if (ps[i].done)
				continue;
			pf[k].fd = ps[i].fd;
			pf[k].events = POLLIN;
			pf[k].revents = 0;
			k++;
		}
		if (poll(pf, k, 5) <= 0)
			continue;
		for (i = 0; i < made; i++) {
			if (ps[i].done || !proc_read(&ps[i]))
				continue;
			ps[i].done = true;
			left--;
			/* Handing the results back took until now. */
			end = real_elapsed(c);
			real_rec(c, false, RL_COOK, -1, real_cook_now(c), (int)i,
			    -1, TRACE_START, ps[i].msg.done_ns, end);
		}
	}
	for (i = 0; i < made; i++) {
		while (wait4(ps[i].pid, &st, 0, &ru) < 0 && errno == EINTR)
			;
		close(ps[i].fd);
		if (ps[i].got < sizeof ps[i].msg + ps[i].msg.nrecs * sizeof *ps[i].recs) {
			free(ps[i].recs);
			continue;       /* stopped before it reported */
		}
		c->dishes[i] = ps[i].msg.dish;
		real_rusage_into(&ru, &c->dishes[i]);
		c->children_rss += (uint64_t)ru.ru_maxrss * 1024;
		priv += ps[i].msg.private_bytes;
		for (k = 0; k < ps[i].msg.nrecs; k++) {
			long j = real_rec(c, false, 0, 0, 0, 0, 0, 0, 0, 0);

			if (j >= 0)
				c->recs[j] = ps[i].recs[k];
		}
		free(ps[i].recs);
	}
	c->mem_per_recipe = n ? (double)priv / (double)n : 0;
	free(ps);
	free(pf);
	return rc;
}
