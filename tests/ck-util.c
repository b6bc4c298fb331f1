/* SPDX-License-Identifier: ISC */
/* ck-util.c - see ck-util.h. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- a strict JSON validator (RFC 8259 grammar, no extensions) ---------- */

static const char *jv_value(const char *p, int depth);

static const char *
jv_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *
jv_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if (*p == '\0' || (unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (p[i] == '\0' ||
					    !strchr("0123456789abcdefABCDEF", p[i]))
						return NULL;
				p += 4;
			} else if (*p == '\0' || !strchr("\"\\/bfnrt", *p))
				return NULL;
		}
		p++;
	}
	return p + 1;
}

static const char *
jv_digits(const char *p)
{
	const char *s = p;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

static const char *
jv_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if ((p = jv_digits(p)) == NULL)
		return NULL;
	if (*p == '.' && (p = jv_digits(p + 1)) == NULL)
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if ((p = jv_digits(p)) == NULL)
			return NULL;
	}
	return p;
}

static const char *
jv_value(const char *p, int depth)
{
	char close;

	p = jv_ws(p);
	if (depth > 64)
		return NULL;
	if (*p == '{' || *p == '[') {
		close = *p == '{' ? '}' : ']';
		p = jv_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (close == '}') {
				if ((p = jv_string(jv_ws(p))) == NULL)
					return NULL;
				p = jv_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			if ((p = jv_value(p, depth + 1)) == NULL)
				return NULL;
			p = jv_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return jv_string(p);
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (*p == '-' || (*p >= '0' && *p <= '9'))
		return jv_number(p);
	return NULL;
}

bool
ck_json_valid(const char *s)
{
	const char *end = jv_value(s, 0);

	return end != NULL && *jv_ws(end) == '\0';
}
