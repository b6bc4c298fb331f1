/* SPDX-License-Identifier: ISC */
/*
 * batch.c - kitchen-tui --batch: cook the dinner to the end without a
 * screen and print a report (text, CSV or JSON), or with --compare one
 * table of every model under the same options.
 */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "model.h"
#include "opts.h"
#include "report.h"

/* An unknown menu name gets one line naming it and the valid menus;
 * anything else (a bad file) the catalog's own message. */
void
batch_load_error(const char *datadir, const char *name, const char *err)
{
	char **names = NULL, *e, *nerr = NULL, *q;
	size_t n = 0, i;
	bool known = false;

	if (!catalog_is_path(name) &&
	    catalog_menu_names(datadir, &names, &n, &nerr) == 0) {
		for (i = 0; i < n; i++)
			if (strcmp(names[i], name) == 0)
				known = true;
		if (!known) {
			e = esc_dup(name, false);
			fprintf(stderr, "kitchen-tui: unknown menu '%s' (valid menus:",
				e ? e : "?");
			for (i = 0; i < n; i++) {
				q = esc_dup(names[i], false);
				fprintf(stderr, "%s %s", i ? "," : "", q ? q : "?");
				free(q);
			}
			fputs(n ? ")\n" : " none)\n", stderr);
			free(e);
			catalog_names_free(names, n);
			return;
		}
		catalog_names_free(names, n);
	}
	free(nerr);
	fprintf(stderr, "%s\n", err ? err : "kitchen-tui: cannot load the menu");
}

static int
batch_print(const struct kt_opts *o, struct run *const *runs, size_t n,
	    const struct report_opts *ro)
{
	if (o->compare)
		return o->format == FORMAT_JSON ?
		    report_compare_json(stdout, runs, n, ro) :
		    o->format == FORMAT_CSV ?
		    report_compare_csv(stdout, runs, n, ro) :
		    report_compare_text(stdout, runs, n, ro);
	switch (o->format) {
	case FORMAT_CSV:
		return report_csv(stdout, runs[0], ro);
	case FORMAT_JSON:
		return report_json(stdout, runs[0], ro);
	case FORMAT_TEXT:
	default:
		return report_text(stdout, runs[0], ro);
	}
}

int
batch_main(const struct kt_opts *o)
{
	const char *datadir = catalog_data_dir(o->data_dir);
	const char *name = o->menu ? o->menu : KT_DEFAULT_MENU;
	const char *codeset, *rerr = NULL;
	struct run *runs[MODEL_COUNT] = { NULL };
	struct report_opts ro;
	struct run_opts opts;
	struct menu *menu = NULL;
	char *err = NULL;
	size_t n = 0, i;
	int status = 0, m;

	if (catalog_load_menu(datadir, name, &menu, &err) != 0) {
		batch_load_error(datadir, name, err);
		free(err);
		return 2;
	}
	opts = o->run;
	if (!o->cooks_set)
		opts.cooks = 0;         /* the menu's kitchen decides */
	opts.keep_spans = opts.tables <= 1 || o->spans_all;

	memset(&ro, 0, sizeof ro);
	codeset = nl_langinfo(CODESET);
	ro.ascii = o->ascii || codeset == NULL || strcmp(codeset, "UTF-8") != 0;
	ro.spans_all = o->spans_all;

	for (m = 0; m < MODEL_COUNT; m++) {
		if (!o->compare && m != (int)o->run.model)
			continue;
		opts.model = (enum model_id)m;
		if ((runs[n] = run_new(menu, &opts, &rerr)) == NULL) {
			fprintf(stderr, "kitchen-tui: %s\n", rerr);
			status = rerr && strcmp(rerr, "out of memory") ? 2 : 1;
			goto out;
		}
		if (run_finish(runs[n++]) != 0) {
			fputs("kitchen-tui: out of memory while cooking\n", stderr);
			status = 1;
			goto out;
		}
	}
	if (batch_print(o, runs, n, &ro) != 0 || fflush(stdout) != 0) {
		perror("kitchen-tui: writing the report");
		status = 1;
	}
out:
	for (i = 0; i < n; i++)
		run_free(runs[i]);
	menu_free(menu);
	return status;
}
