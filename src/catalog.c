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
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "esc.h"
#include "jar.h"
#include "parse.h"

#ifndef KT_PKGDATADIR
#define KT_PKGDATADIR "/usr/local/share/kitchen-tui"
#endif

#define CATALOG_MAX_DEPTH       8       /* menus nested by include */
#define CATALOG_SHOW            64

/* --data-dir options, in the order given. */
static const char *catalog_opt_dirs[CATALOG_MAX_DIRS];
static size_t catalog_nopt;

/*
 * An uninstalled binary finds the source data from where it is, never from
 * a path compiled in (an installed binary must hold no path of the tree it
 * was built in): it is src/kitchen-tui of a configured build tree when its
 * directory is named src and the parent holds config.status and
 * data/salmon-dinner.menu.  A build directory apart from the source gets a
 * data link to the source's (Makefile.am, all-local).  Looked up once.
 */
const char *
catalog_tree_data_dir(void)
{
	static char dir[PATH_MAX + 8];
	static bool done;
	char exe[PATH_MAX], probe[PATH_MAX + 32], *slash;
	ssize_t n;

	if (done)
		return dir[0] != '\0' ? dir : NULL;
	done = true;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	if ((slash = strrchr(exe, '/')) == NULL || strcmp(slash + 1, "src") != 0)
		return NULL;
	*slash = '\0';
	snprintf(probe, sizeof probe, "%s/config.status", exe);
	if (access(probe, F_OK) != 0)
		return NULL;
	snprintf(probe, sizeof probe, "%s/data/salmon-dinner.menu", exe);
	if (access(probe, R_OK) != 0)
		return NULL;
	snprintf(dir, sizeof dir, "%s/data", exe);
	return dir;
}

const char *
catalog_shipped_dir(void)
{
	const char *tree;

	/* `./src/kitchen-tui` works before `make install`. */
	tree = catalog_tree_data_dir();
	return tree != NULL ? tree : KT_PKGDATADIR;
}

int
catalog_path_add(const char *dir)
{
	/* Room for the environment's, the user's and the shipped one. */
	if (catalog_nopt + 3 >= CATALOG_MAX_DIRS)
		return -1;
	catalog_opt_dirs[catalog_nopt++] = dir;
	return 0;
}

static void
catalog_path_push(struct catalog_path *p, const char *dir,
		  enum catalog_origin origin)
{
	size_t i;

	if (dir == NULL || *dir == '\0' || p->n == CATALOG_MAX_DIRS)
		return;
	for (i = 0; i < p->n; i++)
		if (strcmp(p->dir[i], dir) == 0)
			return;         /* the same directory twice: once */
	p->dir[p->n] = dir;
	p->origin[p->n++] = origin;
}

void
catalog_path_get(struct catalog_path *p)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	size_t i;
	int n = -1;

	p->n = 0;
	for (i = 0; i < catalog_nopt; i++)
		catalog_path_push(p, catalog_opt_dirs[i], CATALOG_OPTION);
	catalog_path_push(p, getenv("KITCHEN_TUI_DATA"), CATALOG_ENV);
	/* The XDG base directory rules: a relative $XDG_DATA_HOME is
	 * ignored, and the default is ~/.local/share. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(p->xdg, sizeof p->xdg, "%s/kitchen-tui", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(p->xdg, sizeof p->xdg, "%s/.local/share/kitchen-tui",
		    home);
	if (n > 0 && (size_t)n < sizeof p->xdg)
		catalog_path_push(p, p->xdg, CATALOG_XDG);
	catalog_path_push(p, catalog_shipped_dir(), CATALOG_SHIPPED);
}

const char *
catalog_origin_name(enum catalog_origin o)
{
	switch (o) {
	case CATALOG_OPTION: return "--data-dir";
	case CATALOG_ENV: return "$KITCHEN_TUI_DATA";
	case CATALOG_XDG: return "your own";
	case CATALOG_SHIPPED: default: return "shipped";
	}
}

const char *
catalog_data_dir(const char *opt)
{
	static struct catalog_path p;

	if (opt != NULL && *opt != '\0')
		return opt;
	catalog_path_get(&p);
	return p.n > 0 ? p.dir[0] : catalog_shipped_dir();
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

/* True when something is at path (a file, or a device that will then
 * be refused as one). */
static bool
catalog_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

char *
catalog_find(const char *first, const char *name, const char *suffix)
{
	struct catalog_path p;
	char *path;
	size_t i;

	if (first != NULL && *first != '\0') {
		if ((path = catalog_join(first, strlen(first), name, suffix)) == NULL)
			return NULL;
		if (catalog_exists(path))
			return path;
		free(path);
	}
	catalog_path_get(&p);
	for (i = 0; i < p.n; i++) {
		if ((path = catalog_join(p.dir[i], strlen(p.dir[i]), name,
		    suffix)) == NULL)
			return NULL;
		if (catalog_exists(path))
			return path;
		free(path);
	}
	return NULL;
}

/* "d1, d2, d3": the search path for a message; malloc'd, or NULL. */
static char *
catalog_path_text(void)
{
	struct catalog_path p;
	char *s = NULL, *e, *t;
	size_t i;

	catalog_path_get(&p);
	for (i = 0; i < p.n; i++) {
		if ((e = esc_msg_dup(p.dir[i])) == NULL) {
			free(s);
			return NULL;
		}
		t = parse_format("%s%s%s", s != NULL ? s : "", s != NULL ? ", " :
		    "", e);
		free(e);
		free(s);
		if ((s = t) == NULL)
			return NULL;
	}
	return s != NULL ? s : strdup("none");
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
	char show[CATALOG_SHOW + 4], *near = NULL, *found, *dirs;
	bool from_stdin = strcmp(menu_path, CATALOG_STDIN) == 0;

	if (!catalog_is_path(target) && !parse_is_name(target)) {
		esc_msg(show, sizeof show, target);
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "bad %s name '%s' (letters, digits, '-' and '_'; or a "
		    "path with a '/')", what, show);
		return NULL;
	}
	if (slash == menu_path)
		dirlen = 1;     /* a menu in "/" */
	if (catalog_is_path(target)) {
		/* A path: relative to the menu's directory (to the current
		 * one for a menu on standard input). */
		if (target[0] == '/' || from_stdin)
			dirlen = 0;
		return catalog_join(menu_path, dirlen, target, "");
	}
	/* A name: next to the menu, else along the search path, so that
	 * a user's menu can name the shipped recipes. */
	if (!from_stdin) {
		if ((near = catalog_join(menu_path, dirlen, target, suffix)) == NULL)
			return NULL;
		if (catalog_exists(near))
			return near;
	}
	if ((found = catalog_find(NULL, target, suffix)) != NULL) {
		free(near);
		return found;
	}
	if (near != NULL)
		return near;    /* the message names the place next to the menu */
	esc_msg(show, sizeof show, target);
	dirs = catalog_path_text();
	*err = parse_errorf(menu_path, ref->line, ref->col, "cannot read %s "
	    "'%s': no %s%s on the search path (%s)", what, show, show, suffix,
	    dirs != NULL ? dirs : "?");
	free(dirs);
	return NULL;
}

/* Prefix an inner message (itself complete) with where it was named. */
static char *
catalog_wrap(const char *menu_path, const struct parse_ref *ref,
	     const char *what, char *inner)
{
	char show[CATALOG_SHOW + 4], *s;

	esc_msg(show, sizeof show, ref->target);
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
	esc_msg(show, sizeof show, ref->target);
	note = parse_errorf(menu_path, ref->line, ref->col,
	    "note: %s '%s' is named here", what, show);
	both = note == NULL ? NULL : parse_format("%s\n%s", *err, note);
	free(note);
	if (both != NULL) {
		free(*err);
		*err = both;
	}
}

/* True when the first line that says anything (after blank and comment
 * lines, and a UTF-8 byte order mark) starts with the word "recipe" or
 * "menu".  O(bytes up to that line). */
static bool
catalog_looks_ours(const char *buf, size_t len)
{
	size_t i = 0, k;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t' ||
		    buf[i] == '\r' || buf[i] == '\n'))
			i++;
		if (i == len)
			return true;    /* empty: the parser says so, quoting nothing */
		if (buf[i] != '#')
			break;
		while (i < len && buf[i] != '\n')
			i++;
	}
	for (k = i; k < len && buf[k] >= 'a' && buf[k] <= 'z'; k++)
		;
	if (k < len && buf[k] != ' ' && buf[k] != '\t' && buf[k] != '\r' &&
	    buf[k] != '\n')
		return false;
	return (k - i == 6 && memcmp(buf + i, "recipe", 6) == 0) ||
	    (k - i == 4 && memcmp(buf + i, "menu", 4) == 0);
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
	/* A file that does not even start like one of ours (a menu that
	 * names /etc/passwd) gets no byte of it quoted back. */
	if (!catalog_looks_ours(buf, len)) {
		free(buf);
		inner = parse_path_error(path, strcmp(what, "menu") == 0 ?
		    "not a menu file (it does not start with a 'menu' line)" :
		    "not a recipe file (it does not start with a 'recipe' line)");
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
	char *stack[CATALOG_MAX_DEPTH + 1];     /* real paths of open menus,
						 * the top one first */
	int depth;
	const struct kitchen_spec *kitchen;     /* the top menu's kitchen */
	struct recipe **recipes;                /* the menu being built */
	size_t nrecipes;
};

static int catalog_resolve(struct catalog_load *ld, const char *path,
			   struct parse_result *pr, char **err);

/*
 * A pot holds its burner from its boil to the end of its simmer, so a
 * recipe with more pots on the stove at once than the kitchen has burners
 * would wait for itself for ever: refuse it where the pot too many is
 * boiled.  NULL if it fits, else a malloc'd message (*oom on no memory).
 */
static char *
catalog_burners(const struct recipe *r, const struct kitchen_spec *k,
		bool *oom)
{
	char show[CATALOG_SHOW + 4], *e;
	size_t step;
	int pots = recipe_max_pots(r, &step);

	*oom = false;
	if (k == NULL || pots <= k->burners)
		return NULL;
	esc_text(show, sizeof show, r->name, false);
	e = parse_errorf(r->path, r->steps[step].line, 1, "recipe '%s' "
	    "needs %d burners at once here, but the stovetop has %d (a pot "
	    "holds its burner from its boil to the end of its simmer)", show,
	    pots, k->burners);
	*oom = e == NULL;
	return e;
}

/* Add a recipe to the menu being built, refusing a second of one name. */
static int
catalog_add(struct catalog_load *ld, const char *menu_path,
	    const struct parse_ref *ref, struct recipe *r, const char *via,
	    char **err)
{
	char show[CATALOG_SHOW + 4], vshow[CATALOG_SHOW + 4];
	size_t i;
	bool oom;

	esc_msg(show, sizeof show, r->name);
	for (i = 0; i < ld->nrecipes; i++)
		if (strcmp(ld->recipes[i]->name, r->name) == 0) {
			if (via != NULL)
				esc_msg(vshow, sizeof vshow, via);
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
	if ((*err = catalog_burners(r, ld->kitchen, &oom)) != NULL || oom) {
		catalog_note(err, menu_path, ref, via != NULL ? "menu" : "recipe");
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
	esc_msg(show, sizeof show, ref->target);
	if (pr.recipe == NULL) {
		*err = parse_errorf(menu_path, ref->line, ref->col,
		    "'%s' is a menu, not a recipe (a menu is added with "
		    "'include')", show);
		parse_result_free(&pr);
		return -1;
	}
	if (!catalog_is_path(ref->target) &&
	    strcmp(pr.recipe->name, ref->target) != 0) {
		esc_msg(nshow, sizeof nshow, pr.recipe->name);
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
	esc_msg(show, sizeof show, ref->target);
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
	/* The stack holds the top menu too: 8 includes deep is 9 menus. */
	if (ld->depth == CATALOG_MAX_DEPTH + 1) {
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

/* A parsed file as a menu: a menu with all it names (real is the real
 * path of the menu, for the include chain; taken), or a recipe as a menu
 * of that one recipe. */
static int
catalog_load_parsed(const char *path, char *real, struct parse_result *pr,
		    struct menu **out, char **err)
{
	struct catalog_load ld;
	struct recipe *recipes[PARSE_MAX_RECIPES];
	struct menu *m;
	bool oom;

	*out = NULL;
	if (pr->recipe != NULL) {
		free(real);
		if ((m = calloc(1, sizeof *m)) == NULL ||
		    (m->recipes = calloc(1, sizeof *m->recipes)) == NULL ||
		    (m->name = strdup(pr->recipe->name)) == NULL ||
		    (m->title = strdup(pr->recipe->title)) == NULL ||
		    (m->path = strdup(path)) == NULL) {
			menu_free(m);
			parse_result_free(pr);
			*err = NULL;
			return -1;
		}
		kitchen_spec_default(&m->kitchen);
		if ((*err = catalog_burners(pr->recipe, &m->kitchen, &oom)) !=
		    NULL || oom) {
			menu_free(m);
			parse_result_free(pr);
			return -1;
		}
		m->recipes[0] = pr->recipe;
		m->nrecipes = 1;
		pr->recipe = NULL;
		parse_result_free(pr);
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
	if (real == NULL) {
		parse_result_free(pr);
		*err = NULL;
		return -1;
	}
	memset(&ld, 0, sizeof ld);
	ld.recipes = recipes;
	ld.kitchen = &pr->menu->kitchen;
	ld.stack[ld.depth++] = real;
	if (catalog_resolve(&ld, path, pr, err) != 0) {
		free(real);
		parse_result_free(pr);
		return -1;
	}
	free(real);
	m = pr->menu;
	pr->menu = NULL;
	parse_result_free(pr);
	if ((m->recipes = malloc((ld.nrecipes + 1) * sizeof *m->recipes)) == NULL) {
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
catalog_load_file(const char *path, struct menu **out, char **err)
{
	struct parse_result pr;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		return catalog_load_stdin(out, err);
	if (parse_file(path, &pr, err) != 0)
		return -1;
	return catalog_load_parsed(path, realpath(path, NULL), &pr, out, err);
}

int
catalog_load_stdin(struct menu **out, char **err)
{
	struct parse_result pr;
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (parse_read_fd(STDIN_FILENO, CATALOG_STDIN, &buf, &len, err) != 0)
		return -1;
	rc = parse_buffer(CATALOG_STDIN, buf, len, &pr, err);
	free(buf);
	if (rc != 0)
		return -1;
	return catalog_load_parsed(CATALOG_STDIN, strdup(CATALOG_STDIN), &pr,
	    out, err);
}

char *
catalog_find_menu(const char *datadir, const char *name)
{
	struct catalog_path p;
	const char *dirs[CATALOG_MAX_DIRS + 1];
	char *path;
	size_t i, n = 0;

	if (datadir != NULL && *datadir != '\0')
		dirs[n++] = datadir;
	catalog_path_get(&p);
	for (i = 0; i < p.n; i++)
		dirs[n++] = p.dir[i];
	/* In each directory NAME.menu, else NAME.recipe as a menu of one:
	 * the first directory that has either wins. */
	for (i = 0; i < n; i++) {
		if ((path = catalog_join(dirs[i], strlen(dirs[i]), name,
		    ".menu")) == NULL)
			return NULL;
		if (catalog_exists(path))
			return path;
		free(path);
		if ((path = catalog_join(dirs[i], strlen(dirs[i]), name,
		    ".recipe")) == NULL)
			return NULL;
		if (catalog_exists(path))
			return path;
		free(path);
	}
	return NULL;
}

int
catalog_load_menu(const char *datadir, const char *name_or_path,
		  struct menu **out, char **err)
{
	char show[CATALOG_SHOW + 4], *path, *dirs;
	int rc;

	*out = NULL;
	*err = NULL;
	if (strcmp(name_or_path, "-") == 0)
		return catalog_load_stdin(out, err);
	if (catalog_is_path(name_or_path))
		return catalog_load_file(name_or_path, out, err);
	esc_msg(show, sizeof show, name_or_path);
	if (!parse_is_name(name_or_path)) {
		*err = parse_format("%s: not a menu name (letters, digits, '-' "
		    "and '_') nor a path", show);
		return -1;
	}
	if ((path = catalog_find_menu(datadir, name_or_path)) == NULL) {
		dirs = catalog_path_text();
		*err = parse_format("%s: no menu or recipe of that name on the "
		    "search path (%s)", show, dirs != NULL ? dirs : "?");
		free(dirs);
		return -1;
	}
	rc = catalog_load_file(path, out, err);
	free(path);
	return rc;
}

/* The NAME of every NAME+suffix file in datadir, sorted. */
int
catalog_dir_names(const char *datadir, const char *suffix, char ***namesp,
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

/* The names in datadir and along the search path, each once, sorted. */
static int
catalog_names(const char *datadir, const char *suffix, char ***namesp,
	      size_t *np, char **err)
{
	struct catalog_path p;
	const char *dirs[CATALOG_MAX_DIRS + 1];
	char **names = NULL, **one, **nn;
	size_t i, j, k, n = 0, none, cap = 0;
	bool seen;

	*namesp = NULL;
	*np = 0;
	*err = NULL;
	k = 0;
	if (datadir != NULL && *datadir != '\0')
		dirs[k++] = datadir;
	catalog_path_get(&p);
	for (i = 0; i < p.n; i++)
		dirs[k++] = p.dir[i];
	for (i = 0; i < k; i++) {
		if (catalog_dir_names(dirs[i], suffix, &one, &none, err) != 0) {
			if (*err == NULL)
				goto oom;
			free(*err);     /* a directory that is not there */
			*err = NULL;
			continue;
		}
		for (j = 0; j < none; j++) {
			seen = false;
			for (size_t q = 0; q < n && !seen; q++)
				seen = strcmp(names[q], one[j]) == 0;
			if (seen)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				if ((nn = realloc(names, cap * sizeof *nn)) == NULL) {
					catalog_names_free(one, none);
					goto oom;
				}
				names = nn;
			}
			names[n++] = one[j];
			one[j] = NULL;
		}
		catalog_names_free(one, none);
	}
	for (i = 1; i < n; i++)  /* insertion sort: a few dozen names */
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	*namesp = names;
	*np = n;
	return 0;
oom:
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
