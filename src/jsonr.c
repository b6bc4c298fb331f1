/* SPDX-License-Identifier: ISC */
/*
 * jsonr.c - the JSON reader of jsonr.h: recursive descent over the text,
 * one function per kind of value, the position kept as line and column.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"

#define JSONR_DEPTH 64
#define JSONR_STR_MAX 4096

struct jp {
	const char *s, *end;
	int line, col;
	char *err;
};

static void
jp_fail(struct jp *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	int n;

	if (p->err != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = snprintf(NULL, 0, "%d:%d: %s", p->line, p->col, msg);
	if ((p->err = malloc((size_t)n + 1)) != NULL)
		snprintf(p->err, (size_t)n + 1, "%d:%d: %s", p->line, p->col, msg);
}

static int
jp_peek(const struct jp *p)
{
	return p->s < p->end ? (unsigned char)*p->s : -1;
}

static void
jp_adv(struct jp *p)
{
	if (p->s >= p->end)
		return;
	if (*p->s == '\n') {
		p->line++;
		p->col = 1;
	} else if (((unsigned char)*p->s & 0xc0) != 0x80) {
		p->col++;
	}
	p->s++;
}

static void
jp_ws(struct jp *p)
{
	int c;

	while ((c = jp_peek(p)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		jp_adv(p);
}

static struct jsonr *
jv_new(struct jp *p, enum jsonr_type t)
{
	struct jsonr *v = calloc(1, sizeof *v);

	if (v == NULL) {
		jp_fail(p, "out of memory");
		return NULL;
	}
	v->type = t;
	v->line = p->line;
	v->col = p->col;
	return v;
}

static struct jsonr *jp_value(struct jp *p, int depth);

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
jp_hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval(jp_peek(p))) < 0) {
			jp_fail(p, "bad \\u escape: four hex digits expected");
			return false;
		}
		v = v * 16 + (unsigned)h;
		jp_adv(p);
	}
	*out = v;
	return true;
}

static size_t
utf8_put(char *buf, unsigned cp)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xc0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | cp >> 12);
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | cp >> 18);
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A string, the opening quote next.  Returns a malloc'd copy. */
static char *
jp_string(struct jp *p)
{
	char buf[JSONR_STR_MAX + 8];
	size_t n = 0;
	unsigned cp, lo;
	int c;
	char *out;

	jp_adv(p);      /* the quote */
	for (;;) {
		if (n > JSONR_STR_MAX) {
			jp_fail(p, "string longer than %d bytes", JSONR_STR_MAX);
			return NULL;
		}
		c = jp_peek(p);
		if (c < 0) {
			jp_fail(p, "unterminated string (the file ends inside it)");
			return NULL;
		}
		if (c == '"') {
			jp_adv(p);
			break;
		}
		if (c < 0x20) {
			jp_fail(p, "control character in a string");
			return NULL;
		}
		if (c != '\\') {
			buf[n++] = (char)c;
			jp_adv(p);
			continue;
		}
		jp_adv(p);
		c = jp_peek(p);
		jp_adv(p);
		switch (c) {
		case '"': buf[n++] = '"'; break;
		case '\\': buf[n++] = '\\'; break;
		case '/': buf[n++] = '/'; break;
		case 'b': buf[n++] = '\b'; break;
		case 'f': buf[n++] = '\f'; break;
		case 'n': buf[n++] = '\n'; break;
		case 'r': buf[n++] = '\r'; break;
		case 't': buf[n++] = '\t'; break;
		case 'u':
			if (!jp_hex4(p, &cp))
				return NULL;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (jp_peek(p) != '\\') {
					jp_fail(p, "lone surrogate in \\u escape");
					return NULL;
				}
				jp_adv(p);
				if (jp_peek(p) != 'u') {
					jp_fail(p, "lone surrogate in \\u escape");
					return NULL;
				}
				jp_adv(p);
				if (!jp_hex4(p, &lo))
					return NULL;
				if (lo < 0xdc00 || lo >= 0xe000) {
					jp_fail(p, "bad surrogate pair");
					return NULL;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				jp_fail(p, "lone surrogate in \\u escape");
				return NULL;
			}
			if (cp == 0) {
				jp_fail(p, "\\u0000 in a string");
				return NULL;
			}
			n += utf8_put(buf + n, cp);
			break;
		default:
			jp_fail(p, "bad escape in a string");
			return NULL;
		}
	}
	if ((out = malloc(n + 1)) == NULL) {
		jp_fail(p, "out of memory");
		return NULL;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
	return out;
}

static struct jsonr *
jp_number(struct jp *p)
{
	struct jsonr *v = jv_new(p, JSONR_NUMBER);
	char buf[64];
	size_t n = 0;
	int c;
	char *end;

	if (v == NULL)
		return NULL;
	while ((c = jp_peek(p)) == '-' || c == '+' || c == '.' || c == 'e' ||
	       c == 'E' || (c >= '0' && c <= '9')) {
		if (n + 1 >= sizeof buf) {
			jp_fail(p, "number too long");
			free(v);
			return NULL;
		}
		buf[n++] = (char)c;
		jp_adv(p);
	}
	buf[n] = '\0';
	errno = 0;
	v->num = strtod(buf, &end);
	/* JSON's grammar is stricter than strtod's: no leading '+', no
	 * leading zeros, digits on both sides of the point. */
	if (n == 0 || *end != '\0' || errno == ERANGE || !isfinite(v->num) ||
	    buf[0] == '+' || buf[0] == '.' ||
	    (buf[0] == '-' && (buf[1] < '0' || buf[1] > '9')) ||
	    (buf[buf[0] == '-'] == '0' && buf[1 + (buf[0] == '-')] >= '0' &&
	     buf[1 + (buf[0] == '-')] <= '9') || buf[n - 1] == '.' ||
	    strstr(buf, ".e") != NULL || strstr(buf, ".E") != NULL) {
		jp_fail(p, "bad number '%s'", buf);
		free(v);
		return NULL;
	}
	return v;
}

static bool
jp_word(struct jp *p, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, w, n) != 0)
		return false;
	while (n-- > 0)
		jp_adv(p);
	return true;
}

static bool
jv_push(struct jp *p, struct jsonr *v, char *key, struct jsonr *item)
{
	struct jsonr **items = realloc(v->items, (v->n + 1) * sizeof *items);
	char **keys;

	if (items == NULL) {
		jp_fail(p, "out of memory");
		return false;
	}
	v->items = items;
	if (v->type == JSONR_OBJECT) {
		if ((keys = realloc(v->keys, (v->n + 1) * sizeof *keys)) == NULL) {
			jp_fail(p, "out of memory");
			return false;
		}
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return true;
}

static struct jsonr *
jp_container(struct jp *p, int depth, bool object)
{
	struct jsonr *v = jv_new(p, object ? JSONR_OBJECT : JSONR_ARRAY), *item;
	int close = object ? '}' : ']';
	char *key = NULL;

	if (v == NULL)
		return NULL;
	jp_adv(p);
	jp_ws(p);
	if (jp_peek(p) == close) {
		jp_adv(p);
		return v;
	}
	for (;;) {
		jp_ws(p);
		if (object) {
			if (jp_peek(p) != '"') {
				jp_fail(p, jp_peek(p) < 0 ?
					"the file ends inside an object (truncated?)" :
					"a member name (a string) expected");
				goto fail;
			}
			if ((key = jp_string(p)) == NULL)
				goto fail;
			jp_ws(p);
			if (jp_peek(p) != ':') {
				jp_fail(p, "':' expected after a member name");
				goto fail;
			}
			jp_adv(p);
		}
		if ((item = jp_value(p, depth + 1)) == NULL)
			goto fail;
		if (!jv_push(p, v, key, item)) {
			jsonr_free(item);
			goto fail;
		}
		key = NULL;
		jp_ws(p);
		if (jp_peek(p) == ',') {
			jp_adv(p);
			continue;
		}
		if (jp_peek(p) == close) {
			jp_adv(p);
			return v;
		}
		if (jp_peek(p) < 0)
			jp_fail(p, "the file ends inside %s (truncated?)",
				object ? "an object" : "an array");
		else
			jp_fail(p, "',' or '%c' expected", close);
		goto fail;
	}
fail:
	free(key);
	jsonr_free(v);
	return NULL;
}

static struct jsonr *
jp_value(struct jp *p, int depth)
{
	struct jsonr *v;
	int c;

	if (depth > JSONR_DEPTH) {
		jp_fail(p, "nested more than %d deep", JSONR_DEPTH);
		return NULL;
	}
	jp_ws(p);
	c = jp_peek(p);
	switch (c) {
	case '{':
		return jp_container(p, depth, true);
	case '[':
		return jp_container(p, depth, false);
	case '"':
		if ((v = jv_new(p, JSONR_STRING)) == NULL)
			return NULL;
		if ((v->str = jp_string(p)) == NULL) {
			free(v);
			return NULL;
		}
		return v;
	case -1:
		jp_fail(p, "the file ends where a value was expected");
		return NULL;
	default:
		break;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return jp_number(p);
	if ((v = jv_new(p, JSONR_BOOL)) == NULL)
		return NULL;
	if (jp_word(p, "true")) {
		v->b = true;
		return v;
	}
	if (jp_word(p, "false"))
		return v;
	if (jp_word(p, "null")) {
		v->type = JSONR_NULL;
		return v;
	}
	free(v);
	jp_fail(p, "a JSON value expected");
	return NULL;
}

struct jsonr *
jsonr_parse(const char *text, size_t len, char **err)
{
	struct jp p = { text, text + len, 1, 1, NULL };
	struct jsonr *v;

	*err = NULL;
	if (memchr(text, '\0', len) != NULL) {
		jp_fail(&p, "a NUL byte in the file (not JSON text)");
		*err = p.err;
		return NULL;
	}
	if ((v = jp_value(&p, 0)) != NULL) {
		jp_ws(&p);
		if (p.s < p.end) {
			jp_fail(&p, "more text after the JSON value");
			jsonr_free(v);
			v = NULL;
		}
	}
	if (v == NULL)
		*err = p.err ? p.err : strdup("1:1: out of memory");
	return v;
}

void
jsonr_free(struct jsonr *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		jsonr_free(v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

const struct jsonr *
jsonr_get(const struct jsonr *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != JSONR_OBJECT)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *
jsonr_type_name(enum jsonr_type t)
{
	static const char *const names[] = {
		"null", "true or false", "a number", "a string", "an array",
		"an object"
	};

	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}
