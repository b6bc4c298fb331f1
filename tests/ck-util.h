/* SPDX-License-Identifier: ISC */
/*
 * ck-util.h - what the Check suites share: a shipped menu loaded, a run
 * cooked to its end, a file read whole, a strict JSON validator.  Each aborts the test that calls
 * it with a message saying what failed, so a suite needs no checks of
 * its own around them.
 */
#ifndef KT_CK_UTIL_H
#define KT_CK_UTIL_H

#include <stdbool.h>

#include "catalog.h"
#include "model.h"

/* A menu by name (or path) from the data directory. */
struct menu *ck_load(const char *name);
/* run_new with these options, then run_finish: the run at its end. */
struct run *ck_cook(const struct menu *m, const struct run_opts *ro);
/* A whole file, NUL-terminated and malloc'd; NULL if it cannot be opened. */
char *ck_slurp(const char *path);
/* s is exactly one JSON value (RFC 8259, nothing more, nothing less). */
bool ck_json_valid(const char *s);

#endif
