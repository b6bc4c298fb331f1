/* SPDX-License-Identifier: ISC */
/* ck-util.c - see ck-util.h. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "ck-util.h"

struct menu *
ck_load(const char *name)
{
	struct menu *m = NULL;
	char *err = NULL;

	if (catalog_load_menu(catalog_data_dir(NULL), name, &m, &err) != 0)
		ck_abort_msg("cannot load %s: %s", name, err ? err : "?");
	return m;
}

struct run *
ck_cook(const struct menu *m, const struct run_opts *ro)
{
	const char *err = NULL;
	struct run *r = run_new(m, ro, &err);

	ck_assert_msg(r != NULL, "run_new: %s", err ? err : "?");
	ck_assert_int_eq(run_finish(r), 0);
	return r;
}

char *
ck_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	ck_assert_int_ge(n, 0);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}
