/* SPDX-License-Identifier: ISC */
/*
 * play-scores.c - the scores file: read whole, changed in memory, written
 * to a temporary file and renamed.  A few dozen lines at most.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "level-catalog.h"
#include "parse.h"
#include "play-scores.h"

#define SCORES_MAX 256

struct score {
	char name[PARSE_MAX_NAME + 1];
	int score, stars;
};

char *
play_scores_path(void)
{
	const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (st != NULL && st[0] == '/')
		return parse_format("%s/kitchen-tui/scores", st);
	if (home != NULL && home[0] == '/')
		return parse_format("%s/.local/state/kitchen-tui/scores", home);
	return NULL;
}

/* Every line, or none at all when one does not read right. */
static size_t
scores_read(const char *path, struct score *s)
{
	char line[256], name[PARSE_MAX_NAME + 2];
	size_t n = 0;
	FILE *f;
	int sc, st, end;

	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		end = 0;
		if (n == SCORES_MAX ||
		    sscanf(line, "%65s %d %d%n", name, &sc, &st, &end) != 3 ||
		    (line[end] != '\n' && line[end] != '\0') ||
		    !parse_is_name(name) || sc < 0 || sc > 100 || st < 0 || st > 3) {
			n = 0;  /* corrupt: start afresh */
			break;
		}
		memcpy(s[n].name, name, strlen(name) + 1);  /* a name: short */
		s[n].score = sc;
		s[n].stars = st;
		n++;
	}
	fclose(f);
	return n;
}

int
play_scores_best(const char *level)
{
	struct score *s = calloc(SCORES_MAX, sizeof *s);
	char *path = play_scores_path();
	size_t n, i;
	int best = -1;

	if (s == NULL) {
		free(path);
		return -1;
	}
	n = scores_read(path, s);
	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, level) == 0)
			best = s[i].score;
	free(s);
	free(path);
	return best;
}

/* mkdir -p of the directory part of path. */
static int
make_dirs(const char *path)
{
	char *d = strdup(path), *p;

	if (d == NULL)
		return -1;
	for (p = d + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(d, 0700) != 0 && errno != EEXIST) {
				free(d);
				return -1;
			}
			*p = '/';
		}
	free(d);
	return 0;
}

int
play_scores_record(const char *level, int score, int stars)
{
	struct score *s = calloc(SCORES_MAX, sizeof *s);
	char *path = play_scores_path(), *tmp = NULL;
	size_t n, i;
	FILE *f;
	int rc = -1;

	if (s == NULL || path == NULL || !parse_is_name(level))
		goto out;
	n = scores_read(path, s);
	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, level) == 0)
			break;
	if (i < n && s[i].score >= score) {
		rc = 0;
		goto out;
	}
	if (i == n) {
		if (n == SCORES_MAX)
			goto out;
		snprintf(s[n].name, sizeof s[n].name, "%s", level);
		n++;
	}
	s[i].score = score;
	s[i].stars = stars;
	if (make_dirs(path) != 0 ||
	    (tmp = parse_format("%s.%ld.tmp", path, (long)getpid())) == NULL ||
	    (f = fopen(tmp, "w")) == NULL)
		goto out;
	fputs("# kitchen-tui scores: level, best score, stars\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s %d %d\n", s[i].name, s[i].score, s[i].stars);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(path);
	free(s);
	return rc;
}

char *
play_scores_next_level(const struct kt_opts *o)
{
	struct score *s = calloc(SCORES_MAX, sizeof *s);
	char *path = play_scores_path(), *pick = NULL;
	struct level_dirs d;
	struct level_entry *e = NULL;
	size_t n = 0, ns, i, j;
	bool done;

	if (s == NULL || level_dirs_init(&d, o->data_dir) != 0)
		goto out;
	if (level_list(&d, &e, &n) == 0 && n > 0) {
		ns = scores_read(path, s);
		for (i = 0; i < n && pick == NULL; i++) {
			done = false;
			for (j = 0; j < ns; j++)
				done |= strcmp(s[j].name, e[i].name) == 0 &&
				    s[j].stars == 3;
			if (!done)
				pick = strdup(e[i].name);
		}
		if (pick == NULL)
			pick = strdup(e[0].name);
	}
	level_list_free(e, n);
	level_dirs_free(&d);
out:
	free(path);
	free(s);
	return pick;
}
