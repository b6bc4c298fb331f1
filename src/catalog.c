/* SPDX-License-Identifier: ISC */
/*
 * catalog.c - finding menus and recipes by name or path, and loading a
 * menu with everything it names.
 *
 * parse.c reads one file; this file follows a menu's "recipe" and
 * "include" lines to other files.  Names are looked up next to the menu
 * that uses them (for a menu found by name that is the data directory),
 * paths are taken relative to that menu's directory.  An include chain is
 * followed with the real paths of the menus on it, so a menu that
 * includes itself, directly or through others, is caught.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "esc.h"
#include "jar.h"
#include "parse.h"

#ifndef KT_PKGDATADIR
#define KT_PKGDATADIR "/usr/local/share/kitchen-tui"
#endif
#ifndef KT_SRCDATADIR
#define KT_SRCDATADIR "data"
#endif
#ifndef KT_BUILDDIR
#define KT_BUILDDIR "."
#endif

#define CATALOG_MAX_DEPTH       8       /* menus nested by include */
#define CATALOG_SHOW            64

const char *
catalog_data_dir(const char *opt)
{
	char exe[PATH_MAX], *slash, *builddir;
	const char *env;
	ssize_t n;
	bool in_tree = false;

	if (opt != NULL && *opt != '\0')
		return opt;
	env = getenv("KITCHEN_TUI_DATA");
	if (env != NULL && *env != '\0')
		return env;
	/* An uninstalled binary in the build tree reads the source data, so
	 * `./src/kitchen-tui` works before `make install`. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		builddir = realpath(KT_BUILDDIR "/src", NULL);
		in_tree = builddir != NULL && strcmp(builddir, exe) == 0;
		free(builddir);
	}
	return in_tree ? KT_SRCDATADIR : KT_PKGDATADIR;
}

bool
catalog_is_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') != NULL ||
	    (n > 5 && strcmp(s + n - 5, ".menu") == 0) ||
	    (n > 7 && strcmp(s + n - 7, ".recipe") == 0);
}

/* dir "/" name suffix, or NULL when out of memory. */
static char *
catalog_join(const char *dir, size_t dirlen, const char *name,
	     const char *suffix)
{
	size_t nn = strlen(name), sn = strlen(suffix);
	char *p = malloc(dirlen + 1 + nn + sn + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, dirlen);
	if (dirlen > 0 && dir[dirlen - 1] != '/')
		p[dirlen++] = '/';
	memcpy(p + dirlen, name, nn);
	memcpy(p + dirlen + nn, suffix, sn + 1);
	return p;
}

/* The file a menu line names: a path relative to the menu's directory,
 * or NAME + suffix in that directory.  NULL with *err for a target that
 * is neither a name nor a path ("bad recipe name ..."; what is "recipe"
 * or "menu"), NULL alone when out of memory. */
static char *
catalog_ref_path(const char *menu_path, const struct parse_ref *ref,
		 const char *what, const char *suffix, char **err)
{
	const char *slash = strrchr(menu_path, '/'), *target = ref->target;
	size_t dirlen = slash == NULL ? 0 : (size_t)(slash - menu_path);
	char show[CATALOG_SHOW + 4];

	if (!catalog_is_path(target) && !parse_is_name(target)) {
		esc_text(show, sizeof show, target, false);
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "bad %s name '%s' (letters, digits, '-' and '_'; or a "
		    "path with a '/')", what, show);
		return NULL;
	}
	if (slash == menu_path)
		dirlen = 1;     /* a menu in "/" */
	if (catalog_is_path(target))
		suffix = "";
	if (target[0] == '/')
		dirlen = 0;
	return catalog_join(menu_path, dirlen, target, suffix);
}

/* Prefix an inner message (itself complete) with where it was named. */
static char *
catalog_wrap(const char *menu_path, const struct parse_ref *ref,
	     const char *what, char *inner)
{
	char show[CATALOG_SHOW + 4], *s;

	esc_text(show, sizeof show, ref->target, false);
	s = parse_errorf(menu_path, ref->line, ref->col, "cannot read %s '%s': %s",
	    what, show, inner != NULL ? inner : "out of memory");
	free(inner);
	return s;
}

/* Add a second line to an error found in a file a menu names, pointing
 * at the menu line that named it. */
static void
catalog_note(char **err, const char *menu_path, const struct parse_ref *ref,
	     const char *what)
{
	char show[CATALOG_SHOW + 4], *note, *both;

	if (*err == NULL)
		return;
	esc_text(show, sizeof show, ref->target, false);
	note = parse_errorf(menu_path, ref->line, ref->col,
	    "note: %s '%s' is named here", what, show);
	both = note == NULL ? NULL : parse_format("%s\n%s", *err, note);
	free(note);
	if (both != NULL) {
		free(*err);
		*err = both;
	}
}

/* Read and parse the file at path, which ref names: 0 with *pr, or -1
 * with *err saying also where the file was named. */
static int
catalog_ref_parse(const char *menu_path, const struct parse_ref *ref,
		  const char *what, const char *path, struct parse_result *pr,
		  char **err)
{
	char *buf, *inner;
	size_t len;
	int rc;

	if (parse_read_file(path, &buf, &len, &inner) != 0) {
		*err = catalog_wrap(menu_path, ref, what, inner);
		return -1;
	}
	rc = parse_buffer(path, buf, len, pr, err);
	free(buf);
	if (rc != 0)
		catalog_note(err, menu_path, ref, what);
	return rc;
}

struct catalog_load {
	char *stack[CATALOG_MAX_DEPTH + 1];     /* real paths of open menus */
	int depth;
	struct recipe **recipes;                /* the menu being built */
	size_t nrecipes;
};

static int catalog_resolve(struct catalog_load *ld, const char *path,
			   struct parse_result *pr, char **err);

/* Add a recipe to the menu being built, refusing a second of one name. */
static int
catalog_add(struct catalog_load *ld, const char *menu_path,
	    const struct parse_ref *ref, struct recipe *r, const char *via,
	    char **err)
{
	char show[CATALOG_SHOW + 4], vshow[CATALOG_SHOW + 4];
	size_t i;

	esc_text(show, sizeof show, r->name, false);
	for (i = 0; i < ld->nrecipes; i++)
		if (strcmp(ld->recipes[i]->name, r->name) == 0) {
			if (via != NULL)
				esc_text(vshow, sizeof vshow, via, false);
			*err = via == NULL ?
			    parse_errorf(menu_path, ref->line, ref->col,
			    "duplicate recipe '%s' (it is already on the menu)",
			    show) :
			    parse_errorf(menu_path, ref->line, ref->col,
			    "duplicate recipe '%s' (menu '%s' brings it again)",
			    show, vshow);
			recipe_free(r);
			return -1;
		}
	if (ld->nrecipes == PARSE_MAX_RECIPES) {
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "too many recipes on the menu (at most %d)", PARSE_MAX_RECIPES);
		recipe_free(r);
		return -1;
	}
	ld->recipes[ld->nrecipes++] = r;
	return 0;
}

static int
catalog_ref_recipe(struct catalog_load *ld, const char *menu_path,
		   const struct parse_ref *ref, char **err)
{
	struct parse_result pr;
	char show[CATALOG_SHOW + 4], nshow[CATALOG_SHOW + 4], *path;
	struct recipe *r;
	int rc;

	path = catalog_ref_path(menu_path, ref, "recipe", ".recipe", err);
	if (path == NULL)
		return -1;
	rc = catalog_ref_parse(menu_path, ref, "recipe", path, &pr, err);
	free(path);
	if (rc != 0)
		return -1;
	esc_text(show, sizeof show, ref->target, false);
	if (pr.recipe == NULL) {
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "'%s' is a menu, not a recipe (a menu is added with "
		    "'include')", show);
		parse_result_free(&pr);
		return -1;
	}
	if (!catalog_is_path(ref->target) &&
	    strcmp(pr.recipe->name, ref->target) != 0) {
		esc_text(nshow, sizeof nshow, pr.recipe->name, false);
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "the file for recipe '%s' holds recipe '%s'", show, nshow);
		parse_result_free(&pr);
		return -1;
	}
	r = pr.recipe;
	pr.recipe = NULL;
	parse_result_free(&pr);
	return catalog_add(ld, menu_path, ref, r, NULL, err);
}

static int
catalog_ref_include(struct catalog_load *ld, const char *menu_path,
		    const struct parse_ref *ref, char **err)
{
	struct parse_result pr;
	struct catalog_load sub;
	struct recipe *subrecipes[PARSE_MAX_RECIPES];
	char show[CATALOG_SHOW + 4], *path, *real = NULL;
	size_t i;
	int rc = -1, d;

	memset(&pr, 0, sizeof pr);
	if ((path = catalog_ref_path(menu_path, ref, "menu", ".menu", err)) == NULL)
		return -1;
	esc_text(show, sizeof show, ref->target, false);
	if ((real = realpath(path, NULL)) == NULL) {
		/* Say why the way a read would: "path: reason". */
		*err = catalog_wrap(menu_path, ref, "menu",
		    parse_path_error(path, strerror(errno)));
		goto out;
	}
	for (d = 0; d < ld->depth; d++)
		if (strcmp(ld->stack[d], real) == 0) {
			*err = parse_errorf(menu_path, ref->line, ref->col,
			    "include loop: menu '%s' includes itself", show);
			goto out;
		}
	if (ld->depth == CATALOG_MAX_DEPTH) {
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "includes nested too deep (at most %d)", CATALOG_MAX_DEPTH);
		goto out;
	}
	if (catalog_ref_parse(menu_path, ref, "menu", path, &pr, err) != 0)
		goto out;
	if (pr.menu == NULL) {
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "'%s' is a recipe, not a menu (a recipe is added with "
		    "'recipe')", show);
		goto out;
	}
	/* The included menu's recipes, loaded with it on the stack. */
	sub = *ld;
	sub.stack[sub.depth++] = real;
	sub.recipes = subrecipes;
	sub.nrecipes = 0;
	if (catalog_resolve(&sub, path, &pr, err) != 0) {
		catalog_note(err, menu_path, ref, "menu");
		goto out;
	}
	for (i = 0; i < sub.nrecipes; i++) {
		if (catalog_add(ld, menu_path, ref, subrecipes[i], ref->target,
		    err) != 0) {
			for (i++; i < sub.nrecipes; i++)
				recipe_free(subrecipes[i]);
			goto out;
		}
	}
	rc = 0;
out:
	parse_result_free(&pr);
	free(real);
	free(path);
	return rc;
}

/* Load what a parsed menu names into ld->recipes. */
static int
catalog_resolve(struct catalog_load *ld, const char *path,
		struct parse_result *pr, char **err)
{
	size_t i;
	int rc;

	for (i = 0; i < pr->nrefs; i++) {
		*err = NULL;
		rc = pr->refs[i].include ?
		    catalog_ref_include(ld, path, &pr->refs[i], err) :
		    catalog_ref_recipe(ld, path, &pr->refs[i], err);
		if (rc != 0) {
			while (ld->nrecipes > 0)
				recipe_free(ld->recipes[--ld->nrecipes]);
			return -1;
		}
	}
	return 0;
}

/* Load the file at path as a menu: a menu file with all it names, or a
 * recipe file as a menu of that one recipe. */
int
catalog_load_file(const char *path, struct menu **out, char **err)
{
	struct parse_result pr;
	struct catalog_load ld;
	struct recipe *recipes[PARSE_MAX_RECIPES];
	struct menu *m;
	char *real;

	*out = NULL;
	if (parse_file(path, &pr, err) != 0)
		return -1;
	if (pr.recipe != NULL) {
		if ((m = calloc(1, sizeof *m)) == NULL ||
		    (m->recipes = calloc(1, sizeof *m->recipes)) == NULL ||
		    (m->name = strdup(pr.recipe->name)) == NULL ||
		    (m->title = strdup(pr.recipe->title)) == NULL ||
		    (m->path = strdup(path)) == NULL) {
			menu_free(m);
			parse_result_free(&pr);
			*err = NULL;
			return -1;
		}
		kitchen_spec_default(&m->kitchen);
		m->recipes[0] = pr.recipe;
		m->nrecipes = 1;
		pr.recipe = NULL;
		parse_result_free(&pr);
		if (jar_supply(m) != 0) {
			menu_free(m);
			*err = NULL;
			return -1;
		}
		if (jar_resolve(m, err) != 0) {
			menu_free(m);
			return -1;
		}
		*out = m;
		return 0;
	}
	memset(&ld, 0, sizeof ld);
	ld.recipes = recipes;
	if ((real = realpath(path, NULL)) == NULL) {
		parse_result_free(&pr);
		*err = NULL;
		return -1;
	}
	ld.stack[ld.depth++] = real;
	if (catalog_resolve(&ld, path, &pr, err) != 0) {
		free(real);
		parse_result_free(&pr);
		return -1;
	}
	free(real);
	m = pr.menu;
	pr.menu = NULL;
	parse_result_free(&pr);
	if ((m->recipes = malloc(ld.nrecipes * sizeof *m->recipes)) == NULL) {
		while (ld.nrecipes > 0)
			recipe_free(recipes[--ld.nrecipes]);
		menu_free(m);
		*err = NULL;
		return -1;
	}
	memcpy(m->recipes, recipes, ld.nrecipes * sizeof *m->recipes);
	m->nrecipes = ld.nrecipes;
	if (jar_resolve(m, err) != 0) {
		menu_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

int
catalog_load_menu(const char *datadir, const char *name_or_path,
		  struct menu **out, char **err)
{
	char show[CATALOG_SHOW + 4], *path;
	int rc;

	*out = NULL;
	*err = NULL;
	if (catalog_is_path(name_or_path))
		return catalog_load_file(name_or_path, out, err);
	if (!parse_is_name(name_or_path)) {
		esc_text(show, sizeof show, name_or_path, false);
		*err = parse_format("%s: not a menu name (letters, digits, '-' "
		    "and '_') nor a path", show);
		return -1;
	}
	/* NAME.menu, else NAME.recipe as a menu of one. */
	if ((path = catalog_join(datadir, strlen(datadir), name_or_path,
	    ".menu")) == NULL)
		return -1;
	if (access(path, F_OK) != 0) {
		char *rpath = catalog_join(datadir, strlen(datadir),
		    name_or_path, ".recipe");
		if (rpath != NULL && access(rpath, F_OK) == 0) {
			free(path);
			path = rpath;
		} else
			free(rpath);
	}
	rc = catalog_load_file(path, out, err);
	free(path);
	return rc;
}

/* The NAME of every NAME+suffix file in datadir, sorted. */
static int
catalog_names(const char *datadir, const char *suffix, char ***namesp,
	      size_t *np, char **err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, **nn, *name;
	size_t n = 0, cap = 0, len, sl = strlen(suffix);

	*namesp = NULL;
	*np = 0;
	*err = NULL;
	if ((d = opendir(datadir)) == NULL) {
		*err = parse_path_error(datadir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= sl || strcmp(de->d_name + len - sl, suffix) != 0)
			continue;
		if ((name = strndup(de->d_name, len - sl)) == NULL)
			goto oom;
		if (!parse_is_name(name)) {
			free(name);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((nn = realloc(names, cap * sizeof *nn)) == NULL) {
				free(name);
				goto oom;
			}
			names = nn;
		}
		names[n++] = name;
	}
	closedir(d);
	for (size_t i = 1; i < n; i++)  /* insertion sort: a few dozen names */
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			name = names[j];
			names[j] = names[j - 1];
			names[j - 1] = name;
		}
	*namesp = names;
	*np = n;
	return 0;
oom:
	closedir(d);
	catalog_names_free(names, n);
	return -1;
}

int
catalog_menu_names(const char *datadir, char ***names, size_t *n, char **err)
{
	return catalog_names(datadir, ".menu", names, n, err);
}

int
catalog_recipe_names(const char *datadir, char ***names, size_t *n, char **err)
{
	return catalog_names(datadir, ".recipe", names, n, err);
}

void
catalog_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
catalog_load_recipe(const char *path, struct recipe **out, char **err)
{
	struct parse_result pr;

	*out = NULL;
	if (parse_file(path, &pr, err) != 0)
		return -1;
	if (pr.recipe == NULL) {
		parse_result_free(&pr);
		*err = parse_errorf(path, 1, 1, "a menu, not a recipe");
		return -1;
	}
	*out = pr.recipe;
	pr.recipe = NULL;
	parse_result_free(&pr);
	return 0;
}
