/* SPDX-License-Identifier: ISC */
/*
 * parse.h - the recipe and menu file reader.  See kitchen-recipe(5).
 *
 * One file holds one recipe or one menu; its first directive says which.
 * The parser only reads bytes: a menu's "recipe" and "include" lines come
 * back as references for catalog.c to load, so the parser does no I/O
 * besides parse_read_file and a fuzzer can drive parse_buffer directly.
 *
 * Errors are returned, never printed, never fatal: *err receives a
 * malloc'd message whose first line is "path:line:col: message" (or
 * "path: reason" when the file cannot be read), with every piece of file
 * text escaped for a terminal (esc.h).  Lines and columns count from 1;
 * columns count characters, a tab is one.  If even the message cannot be
 * allocated, *err is NULL: the caller says "out of memory".
 */
#ifndef KT_PARSE_H
#define KT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include "recipe.h"

#define PARSE_MAX_FILE          (1024 * 1024)   /* bytes in a file */
#define PARSE_MAX_LINE          4096            /* bytes in a line */
#define PARSE_MAX_NAME          64              /* bytes in a short name */
#define PARSE_MAX_FIELDS        16              /* fields in a line, any file */
#define PARSE_MAX_STEPS         200             /* steps in a recipe */
#define PARSE_MAX_RECIPES       32              /* recipes in a menu */
#define PARSE_MAX_DURATION      ((sched_ms)24 * 3600 * 1000)   /* 24h */
#define PARSE_MIN_TEMP_F        1
#define PARSE_MAX_TEMP_F        999

/* "90s", "18m", "1h30m" -> milliseconds.  0, or -1 with *err malloc'd
 * (a message without a position, e.g. "duration needs a unit: 18"). */
int parse_duration(const char *s, sched_ms *out, char **err);
/* "350F", "175C" -> whole degrees Fahrenheit (C converted, rounded).
 * 0, or -1 with *err malloc'd. */
int parse_temperature(const char *s, int *out_f, char **err);

/* A menu line that names another file: "recipe rice" or "include base". */
struct parse_ref {
	char *target;           /* name or path as written */
	bool include;           /* include (a menu) rather than recipe */
	int line, col;          /* where target starts, for messages */
};

/* What one file holds: exactly one of recipe and menu is non-NULL.  A
 * menu comes back with no recipes (nrecipes 0) and its references in
 * file order; its kitchen has the defaults plus what the file sets. */
struct parse_result {
	struct recipe *recipe;
	struct menu *menu;
	struct parse_ref *refs;
	size_t nrefs;
};

/* Parse len bytes of buf (need not be NUL-terminated) that came from
 * `path` (used in messages and stored in the recipe or menu).
 * 0 with *out filled, or -1 with *err and *out empty. */
int parse_buffer(const char *path, const char *buf, size_t len,
		 struct parse_result *out, char **err);
/* Read a whole file, at most PARSE_MAX_FILE bytes: 0 with a malloc'd
 * *buf (NUL-terminated) and *len, or -1 with "path: reason" in *err
 * (missing, unreadable, a directory, not a regular file, too large).  A
 * device or a FIFO is refused before any read, so naming /dev/tty never
 * waits for the keyboard. */
int parse_read_file(const char *path, char **buf, size_t *len, char **err);
/* The same from an open descriptor of any kind (standard input); `label`
 * names it in messages. */
int parse_read_fd(int fd, const char *label, char **buf, size_t *len,
		  char **err);
/* parse_read_file then parse_buffer. */
int parse_file(const char *path, struct parse_result *out, char **err);
void parse_result_free(struct parse_result *r);

/* True when s is a valid short name: 1 to PARSE_MAX_NAME of [A-Za-z0-9_-],
 * not starting with '-'. */
bool parse_is_name(const char *s);

/* A malloc'd "path:line:col: message" with path escaped; NULL when out of
 * memory.  For catalog.c's errors about menu lines and files. */
char *parse_errorf(const char *path, int line, int col, const char *fmt, ...)
	KT_PRINTF(4, 5);
/* A malloc'd "path: reason" with path escaped, for a file or directory
 * that cannot be read; NULL when out of memory. */
char *parse_path_error(const char *path, const char *why);
/* A malloc'd message formatted like printf, with no position and nothing
 * escaped (the caller escapes file text); NULL when out of memory. */
char *parse_format(const char *fmt, ...) KT_PRINTF(1, 2);

/* ---- the lexical rules every file shares (parse-line.c) ----------------- */

/* One field of a line: its text, unquoted and NUL-terminated, in the
 * caller's scratch; the column it starts at; whether it was quoted. */
struct parse_field {
	char *v;
	int col;
	bool quoted;
};
/* A lexical mistake: where (a column of the line, from 1) and what. */
struct parse_lex_err {
	int col;
	char msg[160];
};
/* The scratch a line's fields need: its bytes and a NUL for each field. */
#define PARSE_LINE_SCRATCH      (PARSE_MAX_LINE + 1)

/* The lines of a file's text, one at a time. */
struct parse_lines {
	const char *p, *end;    /* what is left */
};
/* Start on buf: after a UTF-8 byte order mark if there is one.  0, or -1
 * with *e for UTF-16 text. */
int parse_lines_start(struct parse_lines *it, const char *buf, size_t len,
		      struct parse_lex_err *e);
/* The next line, without its LF or CRLF: true with [*l, *l + *n), false
 * after the last.  A last line needs no line end. */
bool parse_lines_next(struct parse_lines *it, const char **l, size_t *n);
/* The column of byte off of line [l, l+n): characters from 1, a tab one. */
int parse_line_col(const char *l, size_t n, size_t off);
/* Line [l, l+n), its line end stripped: check it (no NUL, valid UTF-8,
 * at most PARSE_MAX_LINE bytes) and split it into at most maxf fields,
 * their text written to scratch (PARSE_LINE_SCRATCH bytes).  0 with *nf
 * fields (0 for a blank line or a comment), or -1 with *e and *nf 0. */
int parse_line_fields(const char *l, size_t n, char *scratch,
		      struct parse_field *f, int maxf, int *nf,
		      struct parse_lex_err *e);

#endif
