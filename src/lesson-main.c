/* SPDX-License-Identifier: ISC */
/*
 * lesson-main.c - lessons in the --list and --check modes.
 *
 * --list ends with every lesson along the search path (the first
 * directory that has a name wins, as for menus), so a teacher's own
 * lessons in the user data directory show beside the shipped one.
 * --check FILE.lesson validates a lesson as --lesson would load it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "esc.h"
#include "lesson.h"
#include "opts.h"

int lesson_list_print(bool ascii)
{
	struct catalog_path p;
	char **names = NULL, **seen = NULL, **grown, *err, *path, *e, *t;
	size_t i, j, k, n, len, nseen = 0;
	struct lesson *l;
	bool head = false, dup;
	int rc = 0;

	catalog_path_get(&p);
	for (i = 0; i < p.n; i++) {
		if (catalog_dir_names(p.dir[i], ".lesson", &names, &n, &err) != 0) {
			free(err);
			continue;
		}
		for (j = 0; j < n; j++) {
			for (dup = false, k = 0; k < nseen; k++)
				dup |= strcmp(seen[k], names[j]) == 0;
			if (dup)
				continue;
			if ((grown = realloc(seen, (nseen + 1) * sizeof *seen)) == NULL ||
			    (grown[nseen] = strdup(names[j])) == NULL) {
				seen = grown ? grown : seen;
				rc = 2;
				break;
			}
			seen = grown;
			nseen++;
			if (!head) {
				printf("\nLessons (kitchen-tui --lesson NAME):\n");
				head = true;
			}
			len = strlen(p.dir[i]) + strlen(names[j]) + 10;
			if ((path = malloc(len)) == NULL) {
				rc = 2;
				break;
			}
			snprintf(path, len, "%s/%s.lesson", p.dir[i], names[j]);
			e = esc_dup(names[j], ascii);
			if (lesson_load(p.dir[i], path, &l, &err) == 0) {
				t = esc_dup(l->title, ascii);
				printf("  %-26s %s (%zu scene%s; %s)\n", e ? e : "?",
				       t ? t : "?", l->nscenes,
				       l->nscenes == 1 ? "" : "s",
				       catalog_origin_name(p.origin[i]));
				free(t);
				lesson_free(l);
			} else {
				printf("  %-26s (does not load; kitchen-tui --check says why)\n",
				       e ? e : "?");
				free(err);
			}
			free(e);
			free(path);
		}
		catalog_names_free(names, n);
		names = NULL;
	}
	for (k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
	return rc;
}

int lesson_check_print(const char *path, bool ascii)
{
	struct lesson *l;
	char *err, *ep;

	if (lesson_load(NULL, path, &l, &err) != 0) {
		fprintf(stderr, "%s\n", err ? err : "kitchen-tui: out of memory");
		free(err);
		return 2;
	}
	ep = esc_dup(path, ascii);
	printf("%s: ok (a lesson of %zu scene%s)\n", ep ? ep : "?", l->nscenes,
	       l->nscenes == 1 ? "" : "s");
	fflush(stdout);
	free(ep);
	lesson_free(l);
	return 0;
}
