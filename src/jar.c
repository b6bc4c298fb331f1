/* SPDX-License-Identifier: ISC */
/*
 * jar.c - resolve the jars a menu's steps take from (see jar.h).
 *
 * O(steps x jars): menus have a handful of each.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "jar.h"
#include "parse.h"

int
jar_resolve(struct menu *m, char **err)
{
	struct recipe *rec;
	struct step *st;
	size_t i, j, k;
	char show[PARSE_MAX_NAME * 4 + 8];

	*err = NULL;
	for (i = 0; i < m->nrecipes; i++) {
		rec = m->recipes[i];
		for (j = 0; j < rec->nsteps; j++) {
			st = &rec->steps[j];
			st->jar_index = -1;
			if (st->jar == NULL)
				continue;
			for (k = 0; k < m->njars; k++)
				if (strcmp(m->jars[k].name, st->jar) == 0)
					st->jar_index = (int)k;
			if (st->jar_index >= 0)
				continue;
			esc_text(show, sizeof show, st->jar, false);
			*err = parse_errorf(rec->path, st->line, st->jar_col,
			    "no jar '%s' on the menu (a menu puts one on the "
			    "counter with a line like: jar %s 8tbsp)", show,
			    show);
			return -1;
		}
	}
	return 0;
}

int
jar_supply(struct menu *m)
{
	struct recipe *rec;
	struct jar_spec *nj;
	size_t i, j, k;
	struct step *st;

	for (i = 0; i < m->nrecipes; i++) {
		rec = m->recipes[i];
		for (j = 0; j < rec->nsteps; j++) {
			st = &rec->steps[j];
			if (st->jar == NULL)
				continue;
			for (k = 0; k < m->njars; k++)
				if (strcmp(m->jars[k].name, st->jar) == 0)
					break;
			if (k == m->njars) {
				nj = realloc(m->jars, (k + 1) * sizeof *nj);
				if (nj == NULL)
					return -1;
				m->jars = nj;
				if ((nj[k].name = strdup(st->jar)) == NULL)
					return -1;
				nj[k].tbsp = 0;
				nj[k].line = 0;
				m->njars++;
			}
			m->jars[k].tbsp += st->take_tbsp;
		}
	}
	return 0;
}
