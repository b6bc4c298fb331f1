/* SPDX-License-Identifier: ISC */
/*
 * tui-term.c - the terminal: can we draw at all, start curses, and the one
 * function that puts the terminal back, called from every way out.
 *
 * Like htop's CRT_done and tmux's tty_stop_tty: restore first, whatever
 * happens next.  The settings the shell had (tcgetattr before newterm) are
 * written back after endwin, so `stty -a` reads the same before and after.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "esc.h"
#include "tui.h"
/* After tui.h: term.h defines macros (lines, columns) that would
 * rewrite the field names of code.h. */
#include <term.h>

static SCREEN *term_screen;
static volatile sig_atomic_t term_active;
static struct termios term_saved;
static bool term_have_saved;

/* Crashes, and every other signal whose default action ends the program
 * that the loop does not take (loop.c has INT, TERM, HUP, QUIT, PIPE):
 * the terminal is put back before the program dies of it. */
static const int term_fatal[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS,
	SIGALRM, SIGUSR1, SIGUSR2, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
#ifdef SIGPOLL
	SIGPOLL,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};
static pid_t term_pid;          /* a forked child never restores ours */

/*
 * Before anything is written: standard input and output must be a
 * terminal, and TERM must name one that can move the cursor.  setupterm
 * with an error pointer reports instead of exiting (initscr would exit).
 */
int tui_term_check(char *msg, size_t msgsz)
{
	const char *env = getenv("TERM");
	char *cup, term[64];
	int err = 0;

	if (!isatty(STDOUT_FILENO)) {
		snprintf(msg, msgsz, "standard output is not a terminal; "
			 "for a text report use --batch");
		return -1;
	}
	if (!isatty(STDIN_FILENO)) {
		snprintf(msg, msgsz, "standard input is not a terminal; "
			 "for a text report use --batch");
		return -1;
	}
	if (env == NULL || *env == '\0') {
		snprintf(msg, msgsz, "TERM is not set, so the screen cannot "
			 "be drawn; for a text report use --batch");
		return -1;
	}
	/* TERM is the user's, but it still must not reach the terminal raw. */
	esc_text(term, sizeof term, env, false);
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(msg, msgsz, "the terminal type '%.40s' is unknown; "
			 "set TERM or use --batch for a text report", term);
		return -1;
	}
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		del_curterm(cur_term);
		snprintf(msg, msgsz, "the terminal type '%.40s' cannot move "
			 "the cursor; use --batch for a text report", term);
		return -1;
	}
	del_curterm(cur_term);
	return 0;
}

void tui_term_restore(void)
{
	if (!term_active)
		return;
	term_active = 0;
	endwin();
	if (term_have_saved)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &term_saved);
}

/* A crash: put the terminal back, then die of the same signal so the
 * shell and a core dump see what happened. */
static void term_crash(int sig)
{
	if (getpid() == term_pid)
		tui_term_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

void tui_term_end(void)
{
	tui_term_restore();
	if (term_screen != NULL) {
		delscreen(term_screen);
		term_screen = NULL;
	}
}

static void term_colors(struct tui *t)
{
	/* Red and green first: they read on dark and light backgrounds. */
	static const short rc[TUI_RECIPE_COLORS] = {
		COLOR_RED, COLOR_GREEN, COLOR_MAGENTA, COLOR_CYAN,
		COLOR_YELLOW, COLOR_BLUE
	};
	const char *nc = getenv("NO_COLOR");
	int i;

	t->color = !t->o->no_color && !(nc != NULL && *nc != '\0') &&
		has_colors();
	if (!t->color)
		return;
	if (start_color() != OK) {
		t->color = false;
		return;
	}
	use_default_colors();
	init_pair(TUI_PAIR_HEAD, COLOR_BLACK, COLOR_CYAN);
	/* The terminal's own foreground: readable on dark and light
	 * themes alike (projectors often show black on white). */
	init_pair(TUI_PAIR_NOW, -1, -1);
	init_pair(TUI_PAIR_NOTE, COLOR_CYAN, -1);
	init_pair(TUI_PAIR_OK, COLOR_GREEN, -1);
	init_pair(TUI_PAIR_BAD, COLOR_RED, -1);
	for (i = 0; i < TUI_RECIPE_COLORS; i++)
		init_pair((short)(TUI_PAIR_RECIPE + i), rc[i], -1);
}

int tui_term_start(struct tui *t, char *msg, size_t msgsz)
{
	struct sigaction sa;
	size_t i;

	term_have_saved = tcgetattr(STDIN_FILENO, &term_saved) == 0;
	term_screen = newterm(NULL, stdout, stdin);
	if (term_screen == NULL) {
		snprintf(msg, msgsz, "cannot start the screen on this "
			 "terminal; use --batch for a text report");
		return -1;
	}
	term_active = 1;
	term_pid = getpid();
	atexit(tui_term_end);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_crash;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
	for (i = 0; i < sizeof term_fatal / sizeof term_fatal[0]; i++)
		sigaction(term_fatal[i], &sa, NULL);

	cbreak();               /* keys at once; Ctrl-C and Ctrl-Z still signal */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	leaveok(stdscr, TRUE);
	/* No typeahead check inside doupdate: it costs poll() calls and
	 * splits a frame into several write()s; our frames are small. */
	typeahead(-1);
	term_colors(t);
	/*
	 * ncurses 6 flushes its output after every cursor move while a
	 * screen has never been through endwin (the "initial" state, meant
	 * for low-level terminfo callers), which splits one frame into a
	 * write(2) per move, each of which wakes the terminal.  One round
	 * trip through endwin now, before anything is on the screen, leaves
	 * that state for good: the doupdate after it resumes the screen, and
	 * from then on a frame is one buffered write.  It costs a mode
	 * switch once, at start.
	 */
	def_prog_mode();
	endwin();
	doupdate();
	curs_set(0);
	return 0;
}

void tui_term_suspend(void)
{
	tui_term_restore();
}

/* Back from a stop: curses mode again (the next doupdate re-enters it),
 * and everything repainted, since the shell wrote over the screen.  After
 * a SIGSTOP someone else sent we never left curses mode, but the shell may
 * have changed the tty modes and printed its prompt: same cure. */
void tui_term_resume(void)
{
	if (term_screen == NULL)
		return;
	if (!term_active) {
		term_have_saved = tcgetattr(STDIN_FILENO, &term_saved) == 0;
		term_active = 1;
	}
	reset_prog_mode();
	tui_term_resize();
	clearok(curscr, TRUE);
}

/* The real size from the terminal; resizeterm copes with 1x1. */
void tui_term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}
