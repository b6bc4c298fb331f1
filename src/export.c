/* SPDX-License-Identifier: ISC */
/*
 * export.c - export targets: --export=KIND:FILE, the temporary file beside
 * FILE, the rename that makes it whole, and the string writers the
 * exports share (see export.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "esc.h"
#include "export.h"
#include "opts.h"

static const char *const export_kinds[EXPORT_KIND_COUNT] = {
	"svg", "trace", "cast"
};

int
export_parse(struct export_set *s, const char *arg, const char **err)
{
	const char *colon = strchr(arg, ':');
	size_t len;
	int k;

	if (colon == NULL) {
		*err = "an export is KIND:FILE";
		return -1;
	}
	len = (size_t)(colon - arg);
	for (k = 0; k < EXPORT_KIND_COUNT; k++)
		if (strlen(export_kinds[k]) == len &&
		    strncmp(arg, export_kinds[k], len) == 0)
			break;
	if (k == EXPORT_KIND_COUNT) {
		*err = "unknown export kind";
		return -1;
	}
	if (colon[1] == '\0') {
		*err = "empty file name in export";
		return -1;
	}
	if (s->want[k]) {
		*err = "export kind given twice";
		return -1;
	}
	s->want[k] = true;
	s->file[k].kind = (enum export_kind)k;
	s->file[k].path = colon + 1;
	return 0;
}

static char *
export_errmsg(const char *path, const char *what)
{
	size_t n = strlen(path) * 4 + strlen(what) + 40;
	char *e = malloc(n), *p;

	if (e == NULL)
		return NULL;
	p = esc_dup(path, false);
	snprintf(e, n, "kitchen-tui: %s: %s", p ? p : "?", what);
	free(p);
	return e;
}

/* The temporary file lives in the target's directory, so the rename is
 * atomic and the check proves that directory can be written. */
static int
export_open_one(struct export_file *ef, char **err)
{
	const char *slash = strrchr(ef->path, '/');
	size_t dirlen = slash ? (size_t)(slash - ef->path) + 1 : 0;
	size_t n = strlen(ef->path) + 16;
	int fd;

	if (ef->path[strlen(ef->path) - 1] == '/') {
		*err = export_errmsg(ef->path, "is a directory");
		return -1;
	}
	if ((ef->tmp = malloc(n)) == NULL) {
		*err = NULL;
		return -1;
	}
	snprintf(ef->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, ef->path,
		 ef->path + dirlen);
	fd = mkstemp(ef->tmp);
	if (fd < 0) {
		*err = export_errmsg(ef->path, strerror(errno));
		free(ef->tmp);
		ef->tmp = NULL;
		return -1;
	}
	/* mkstemp makes 0600; the finished file gets what any new file
	 * would (0666 less the umask). */
	{
		mode_t um = umask(022);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	if ((ef->f = fdopen(fd, "w")) == NULL) {
		*err = export_errmsg(ef->path, strerror(errno));
		close(fd);
		unlink(ef->tmp);
		free(ef->tmp);
		ef->tmp = NULL;
		return -1;
	}
	/* A large buffer: a trace of a million spans is hundreds of MB,
	 * and fewer write(2) calls are most of the speed. */
	setvbuf(ef->f, NULL, _IOFBF, 1 << 20);
	return 0;
}

int
export_open(struct export_set *s, char **err)
{
	struct stat st;
	int k;

	*err = NULL;
	for (k = 0; k < EXPORT_KIND_COUNT; k++) {
		if (!s->want[k])
			continue;
		/* A target that names a directory would make rename fail
		 * after all the work: say so now. */
		if (stat(s->file[k].path, &st) == 0 && S_ISDIR(st.st_mode)) {
			*err = export_errmsg(s->file[k].path, "is a directory");
			export_abort_all(s);
			return -1;
		}
		if (export_open_one(&s->file[k], err) < 0) {
			export_abort_all(s);
			return -1;
		}
	}
	return 0;
}

static void
export_drop(struct export_file *ef)
{
	if (ef->f != NULL)
		fclose(ef->f);
	if (ef->tmp != NULL) {
		unlink(ef->tmp);
		free(ef->tmp);
	}
	ef->f = NULL;
	ef->tmp = NULL;
}

int
export_commit(struct export_file *ef, char **err)
{
	int bad;

	*err = NULL;
	if (ef->f == NULL)
		return 0;
	bad = ferror(ef->f) | fflush(ef->f);
	if (bad || fsync(fileno(ef->f)) != 0) {
		*err = export_errmsg(ef->path, bad ? "write error" : strerror(errno));
		export_drop(ef);
		return -1;
	}
	if (fclose(ef->f) != 0) {
		ef->f = NULL;
		*err = export_errmsg(ef->path, strerror(errno));
		export_drop(ef);
		return -1;
	}
	ef->f = NULL;
	if (rename(ef->tmp, ef->path) != 0) {
		*err = export_errmsg(ef->path, strerror(errno));
		export_drop(ef);
		return -1;
	}
	free(ef->tmp);
	ef->tmp = NULL;
	return 0;
}

void
export_abort_all(struct export_set *s)
{
	int k;

	for (k = 0; k < EXPORT_KIND_COUNT; k++)
		export_drop(&s->file[k]);
}

void
export_json_str(FILE *f, const char *in, bool data)
{
	char *dup = data ? esc_dup(in, false) : NULL;
	const unsigned char *s = (const unsigned char *)(data ? (dup ? dup : "") : in);

	fputc('"', f);
	for (; *s != '\0'; s++) {
		/* Most text needs no escape: copy the run up to the next one
		 * in one call, which is what keeps a million spans fast. */
		size_t run = strcspn((const char *)s, "\"\\\x01\x02\x03\x04"
				     "\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10"
				     "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
				     "\x1b\x1c\x1d\x1e\x1f");

		if (run > 0) {
			fwrite(s, 1, run, f);
			s += run - 1;
			continue;
		}
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
	free(dup);
}

void
export_xml_text(FILE *f, const char *in, bool data)
{
	char *dup = data ? esc_dup(in, false) : NULL;
	const unsigned char *s = (const unsigned char *)(data ? (dup ? dup : "") : in);

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			/* XML 1.0 has no place for C0 controls. */
			if (*s < 0x20)
				fprintf(f, "\\x%02x", *s);
			else
				fputc(*s, f);
		}
	}
	free(dup);
}

int
export_prepare(const struct kt_opts *o)
{
	struct export_set *s = o->exports;
	char *err = NULL;

	if (o->mode != MODE_BATCH && o->mode != MODE_TUI) {
		fputs("kitchen-tui: --export works with --batch and the screen"
		      "; try 'kitchen-tui --help'\n", stderr);
		return 2;
	}
	if (o->mode == MODE_BATCH && s->want[EXPORT_CAST]) {
		fputs("kitchen-tui: --export=cast records the screen, not --batch"
		      "; try 'kitchen-tui --help'\n", stderr);
		return 2;
	}
	if (export_open(s, &err) < 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
		free(err);
		return 2;
	}
	return 0;
}
