/* SPDX-License-Identifier: ISC */
/*
 * export.h - views of a trace written to files: an SVG timeline for
 * slides (export-svg.c), Chrome Trace Event JSON for Perfetto and
 * chrome://tracing (export-trace.c), and an asciicast v2 recording of the
 * screen (export-cast.c, which needs curses and lives in the program).
 *
 * A target is opened before anything runs: a temporary file in the
 * target's own directory proves the path can be written (else a message
 * and exit 2 before the dinner starts), and the finished file is renamed
 * over the name given.  A failure part-way unlinks the temporary file, so
 * the name given never holds half a file.
 *
 * The writers stream: each span is formatted straight to the stdio
 * stream as it is read from the trace, so writing costs a stdio buffer,
 * not a second copy of the trace.
 */
#ifndef KT_EXPORT_H
#define KT_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"

enum export_kind { EXPORT_SVG, EXPORT_TRACE, EXPORT_CAST, EXPORT_KIND_COUNT };

struct export_file {
	enum export_kind kind;
	const char *path;       /* the name given (from argv) */
	char *tmp;              /* the temporary file beside it */
	FILE *f;                /* open on tmp until commit or abort */
};

/* At most one target of each kind. */
struct export_set {
	struct export_file file[EXPORT_KIND_COUNT];
	bool want[EXPORT_KIND_COUNT];
};

/* "svg:FILE", "trace:FILE" or "cast:FILE" into the set; 0, or -1 with a
 * static message in *err ("unknown export kind", "empty file name",
 * "given twice"). */
int export_parse(struct export_set *s, const char *arg, const char **err);
/* Open a temporary file for every wanted target: 0, or -1 with
 * "path: reason" (malloc'd) in *err, nothing left behind. */
int export_open(struct export_set *s, char **err);
/* Finish one target: flush, close, rename over its name.  0, or -1 with
 * "path: reason" in *err and the temporary file removed. */
int export_commit(struct export_file *ef, char **err);
/* Drop every target still open (unlink its temporary file). */
void export_abort_all(struct export_set *s);
static inline FILE *export_stream(struct export_set *s, enum export_kind k)
{
	return s->want[k] ? s->file[k].f : NULL;
}

/*
 * Write finished (or running) runs of one menu.  With n > 1 the SVG is
 * the compare view (one block per run) and the trace has one process
 * group per run.  `end` is the time axis end for the SVG (0: the latest
 * span end).  Each returns 0, or -1 when the stream reports an error.
 */
int export_svg(FILE *f, struct run *const *runs, size_t n, sched_ms end);
int export_trace(FILE *f, struct run *const *runs, size_t n);

/* Shared writers: a JSON string, or XML character data.  `data` is true
 * for text straight from a data file, which is made terminal-safe first
 * (esc.h); lane names and log lines are safe already. */
void export_json_str(FILE *f, const char *s, bool data);
void export_xml_text(FILE *f, const char *s, bool data);

#endif
