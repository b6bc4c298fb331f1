/* SPDX-License-Identifier: ISC */
/*
 * jsonr.h - a small JSON reader for the files kitchen-tui reads back (the
 * schedules that --solve and --explore print).
 *
 * It parses a whole document into a tree of values (RFC 8259: objects,
 * arrays, strings with every escape, numbers, true, false, null), or says
 * where it is wrong as "line:col: what".  Each value remembers the line
 * and column it started at, for messages about its meaning.  Limits: 64
 * levels of nesting, strings up to 4096 bytes (a schedule needs far less).
 */
#ifndef KT_JSONR_H
#define KT_JSONR_H

#include <stdbool.h>
#include <stddef.h>

enum jsonr_type {
	JSONR_NULL, JSONR_BOOL, JSONR_NUMBER, JSONR_STRING, JSONR_ARRAY,
	JSONR_OBJECT
};

struct jsonr {
	enum jsonr_type type;
	int line, col;
	bool b;
	double num;
	char *str;              /* STRING: UTF-8, NUL-terminated */
	struct jsonr **items;   /* ARRAY and OBJECT values */
	char **keys;            /* OBJECT keys, parallel to items */
	size_t n;
};

/* Parse text (len bytes).  NULL on error with *err = "line:col: what"
 * (malloc'd). */
struct jsonr *jsonr_parse(const char *text, size_t len, char **err);
void jsonr_free(struct jsonr *v);
/* The member `key` of an object, or NULL. */
const struct jsonr *jsonr_get(const struct jsonr *obj, const char *key);
const char *jsonr_type_name(enum jsonr_type t);

#endif
