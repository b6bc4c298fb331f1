/* SPDX-License-Identifier: ISC */
/*
 * main.c - options and dispatch.  Only main() exits.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchreal.h"
#include "catalog.h"
#include "export.h"
#include "opts.h"
#include "parse.h"
#include "real.h"
#include "quiz.h"

static const char usage_text[] =
"Usage: kitchen-tui [OPTION]... [MENU]\n"
"Cook a dinner under a concurrency model and watch it on live timelines.\n"
"\n"
"Modes (the default is the interactive screen):\n"
"      --batch            run the dinner to the end and print a report\n"
"      --compare          with --batch: run every model and compare them\n"
"      --list             list the menus, recipes, levels and lessons\n"
"                         (--format=json for scripts: name, title, path,\n"
"                         directory)\n"
"      --check FILE...    validate recipe, menu, level and lesson files\n"
"                         (exit 0 or 2)\n"
"      --bench            measure what each model really costs here\n"
"      --solve            the proven shortest dinner under cooperative\n"
"                         scheduling, beside what the FIFO loop does\n"
"      --explore          every schedule a preemptive scheduler could produce\n"
"                         (default --model=threads), grouped by outcome\n"
"      --schedule=FILE    replay a schedule that --solve or --explore printed\n"
"                         (with --batch: print the run's report)\n"
"      --real             cook the dinner for real too (threads, fork, libev)\n"
"                         and print both timelines (JSON with --batch\n"
"                         --format=json)\n"
"      --play[=LEVEL]     be the scheduler: play a level (--list shows them;\n"
"                         without LEVEL, the first without three stars)\n"
"      --quiz             predict, then reveal: questions answered by the\n"
"                         engine (with --batch: printed as a handout)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"The dinner:\n"
"  -m, --model=MODEL      sequential, callbacks, coroutines (default),\n"
"                         threads or processes\n"
"  -c, --cooks=N          cooks (CPU cores) in the kitchen (default: the menu's)\n"
"      --gil, --no-gil    threads: one thread works at a time (default --gil)\n"
"      --locks, --no-locks\n"
"                         guard shared appliances with semaphores (default off)\n"
"      --seed=N           where preemptive switches fall (default 42)\n"
"      --tables=N         serve the menu to N tables at once (default 1)\n"
"      --data-dir=DIR     look for menus and recipes in DIR first (may be\n"
"                         given more than once; see FILES in the man page)\n"
"\n"
"Batch output:\n"
"      --format=FORMAT    text (default), csv or json\n"
"      --spans=all        with --tables: keep every span in JSON\n"
"\n"
"Exports (with --batch or the screen; each KIND at most once):\n"
"      --export=svg:FILE  the timeline, or with --compare every model, as SVG\n"
"      --export=trace:FILE  Chrome Trace Event JSON (Perfetto, chrome://tracing)\n"
"      --export=cast:FILE the screen session as an asciicast v2 recording\n"
"\n"
"The screen:\n"
"      --speed=X          virtual seconds per real second (default 60)\n"
"      --paused           start paused\n"
"      --ascii            draw with ASCII only\n"
"      --no-color         draw without colour\n"
"      --exit-after=TIME  quit after TIME of virtual time (90s, 18m, 1h30m)\n"
"      --lesson[=NAME]    play a lesson (default cooking-with-concurrency);\n"
"                         Page Down/Right/space/Enter on, Page Up/Left back,\n"
"                         Home first scene, . back to the script\n"
"      --projector        the layout for a room: tall lanes, a caption box\n"
"                         (key p switches it, o shows the code and log)\n"
"\n"
"Real runs:\n"
"      --scale=MS         wall milliseconds per virtual minute (1 to 1000,\n"
"                         default 20)\n"
"      --real-limit=S     stop a real run after S seconds (default 60)\n"
"\n"
"Search:\n"
"      --solve-limit=SECONDS\n"
"                         stop a search after this long (default 10)\n"
"      --preemptions=K    --explore: at most K preemptions (default 2)\n"
"\n"
"Play:\n"
"      --moves=LIST       with --batch --play: the choice at each decision,\n"
"                         1-based (1,2,1), or optimal; prints the end report\n"
"                         (--format=text or json)\n"
"  keys: 1-9 choose, u undo, h hint, space pause, q quit\n"
"\n"
"Quiz:\n"
"      --seed=N           which quiz (the same seed, the same quiz)\n"
"      --count=K          questions in it (default 5, at most 50)\n"
"      --answers          with --batch: print the answer key too\n"
"\n"
"Bench:\n"
"      --tasks=N          recipes run at once (default 1000)\n"
"      --waits=W          waits per recipe (default 10)\n"
"\n"
"MENU is a menu name (salmon-dinner, chicken-dinner, dressing-race,\n"
"stir-fry, knife-and-board, knife-and-board-ordered), a path, or - for\n"
"standard input; FILE may be - too.\n"
"Only one mode at a time.\n"
"Keys, models and file formats: man kitchen-tui, man 5 kitchen-recipe,\n"
"man 5 kitchen-level.\n";

/* --version as GNU programs print it: name and version, then the
 * copyright, the licence (COPYING) and the absence of a warranty. */
static const char version_text[] =
PACKAGE_NAME " " PACKAGE_VERSION "\n"
"Copyright (c) 2026 The kitchen-tui authors\n"
"License ISC: <https://spdx.org/licenses/ISC.html>\n"
"This is free software: you are free to change and redistribute it.\n"
"There is NO WARRANTY, to the extent permitted by law.\n";

enum {
	OPT_BATCH = 256, OPT_COMPARE, OPT_LIST, OPT_CHECK, OPT_BENCH,
	OPT_GIL, OPT_NO_GIL, OPT_LOCKS, OPT_NO_LOCKS, OPT_SEED, OPT_TABLES,
	OPT_DATA_DIR, OPT_FORMAT, OPT_SPANS, OPT_SPEED, OPT_PAUSED, OPT_ASCII,
	OPT_NO_COLOR, OPT_EXIT_AFTER, OPT_TASKS, OPT_WAITS, OPT_EXPORT,
	OPT_PROJECTOR, OPT_LESSON, OPT_REAL, OPT_SCALE, OPT_REAL_LIMIT,
	OPT_SOLVE, OPT_EXPLORE, OPT_SCHEDULE, OPT_SOLVE_LIMIT, OPT_PREEMPTIONS,
	OPT_QUIZ, OPT_COUNT, OPT_ANSWERS, OPT_PLAY, OPT_MOVES
};

static const struct option long_opts[] = {
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "bench", no_argument, NULL, OPT_BENCH },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "model", required_argument, NULL, 'm' },
	{ "cooks", required_argument, NULL, 'c' },
	{ "gil", no_argument, NULL, OPT_GIL },
	{ "no-gil", no_argument, NULL, OPT_NO_GIL },
	{ "locks", no_argument, NULL, OPT_LOCKS },
	{ "no-locks", no_argument, NULL, OPT_NO_LOCKS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "tables", required_argument, NULL, OPT_TABLES },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "spans", required_argument, NULL, OPT_SPANS },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "paused", no_argument, NULL, OPT_PAUSED },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "exit-after", required_argument, NULL, OPT_EXIT_AFTER },
	{ "tasks", required_argument, NULL, OPT_TASKS },
	{ "waits", required_argument, NULL, OPT_WAITS },
	{ "solve", no_argument, NULL, OPT_SOLVE },
	{ "explore", no_argument, NULL, OPT_EXPLORE },
	{ "schedule", required_argument, NULL, OPT_SCHEDULE },
	{ "solve-limit", required_argument, NULL, OPT_SOLVE_LIMIT },
	{ "preemptions", required_argument, NULL, OPT_PREEMPTIONS },
	{ "real", no_argument, NULL, OPT_REAL },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "real-limit", required_argument, NULL, OPT_REAL_LIMIT },
	{ "export", required_argument, NULL, OPT_EXPORT },
	{ "projector", no_argument, NULL, OPT_PROJECTOR },
	{ "lesson", optional_argument, NULL, OPT_LESSON },
	{ "quiz", no_argument, NULL, OPT_QUIZ },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "answers", no_argument, NULL, OPT_ANSWERS },
	{ "play", optional_argument, NULL, OPT_PLAY },
	{ "moves", required_argument, NULL, OPT_MOVES },
	{ NULL, 0, NULL, 0 }
};

/* One line on stderr: what is wrong, with what, the valid choices and a
 * hint; exit status 2. */
static int usage_error(const char *what, const char *arg, const char *valid)
{
	fprintf(stderr, "kitchen-tui: %s '%s'", what, arg);
	if (valid)
		fprintf(stderr, " (valid: %s)", valid);
	fputs("; try 'kitchen-tui --help'\n", stderr);
	return 2;
}

/* An abbreviation getopt_long found ambiguous ("--co"): one line naming
 * every option it could mean. */
static int ambiguous_option(const char *arg)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "="), i;
	int n = 0;

	fprintf(stderr, "kitchen-tui: ambiguous option '%.*s' (could be", (int)len + 2,
		arg);
	for (i = 0; long_opts[i].name != NULL; i++)
		if (strncmp(long_opts[i].name, name, len) == 0)
			fprintf(stderr, "%s --%s", n++ ? "," : "", long_opts[i].name);
	fputs("); try 'kitchen-tui --help'\n", stderr);
	return 2;
}

/* Whether arg is a long option that abbreviates more than one option. */
static bool is_ambiguous(const char *arg)
{
	size_t len, i;
	int n = 0;

	if (arg == NULL || strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return false;
	len = strcspn(arg + 2, "=");
	for (i = 0; long_opts[i].name != NULL; i++) {
		if (strncmp(long_opts[i].name, arg + 2, len) != 0)
			continue;
		if (strlen(long_opts[i].name) == len)
			return false;   /* an exact match is never ambiguous */
		n++;
	}
	return n > 1;
}

static const char *const mode_option[] = {
	[MODE_TUI] = "the screen", [MODE_BATCH] = "--batch",
	[MODE_LIST] = "--list", [MODE_CHECK] = "--check",
	[MODE_BENCH] = "--bench", [MODE_SOLVE] = "--solve",
	[MODE_EXPLORE] = "--explore", [MODE_QUIZ] = "--quiz",
	[MODE_QUIZ_BATCH] = "--batch --quiz", [MODE_PLAY] = "--play",
	[MODE_PLAY_BATCH] = "--batch --play"
};

/* The option that chose mode m; a mode added to enum kt_mode without a
 * name here still reads sensibly. */
static const char *mode_name(enum kt_mode m)
{
	if ((size_t)m < sizeof mode_option / sizeof mode_option[0] &&
	    mode_option[m] != NULL)
		return mode_option[m];
	return "another mode";
}

/* A second mode: an error, not "the last one wins".  Every mode option
 * comes through here. */
static int set_mode(struct kt_opts *o, bool *set, enum kt_mode m)
{
	if (*set && o->mode != m) {
		fprintf(stderr, "kitchen-tui: %s and %s are two modes; give one "
			"of them; try 'kitchen-tui --help'\n",
			mode_name(o->mode), mode_name(m));
		return 2;
	}
	*set = true;
	o->mode = m;
	return 0;
}

/* A whole decimal number in [min, max], nothing else. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (*s == '\0' || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_seed(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/* Seconds for --solve-limit: a number, optionally with an s. */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end != s && *end == 's')
		end++;
	if (errno || end == s || *end != '\0' || *s == ' ' ||
	    !(v >= 0.001 && v <= 86400.0))
		return -1;
	*out = v;
	return 0;
}

static int parse_speed(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !(v >= 0.01 && v <= 100000.0))
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct kt_opts o;
	struct export_set exports;
	const char *xerr;
	char *dur_err = NULL;
	long v;
	int c, m, rc;
	bool mode_set = false, lesson_set = false;

	setlocale(LC_ALL, "");
	memset(&o, 0, sizeof o);
	memset(&exports, 0, sizeof exports);
	o.exports = &exports;
	o.mode = MODE_TUI;
	run_opts_default(&o.run);
	o.format = FORMAT_TEXT;
	o.exit_after = -1;
	o.preemptions = -1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hVm:c:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		case 'V':
			fputs(version_text, stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		case OPT_BATCH:
		case OPT_LIST:
		case OPT_CHECK:
		case OPT_BENCH:
			rc = set_mode(&o, &mode_set, c == OPT_BATCH ? MODE_BATCH :
				      c == OPT_LIST ? MODE_LIST : c == OPT_CHECK ?
				      MODE_CHECK : MODE_BENCH);
			if (rc != 0)
				return rc;
			break;
		case OPT_COMPARE: o.compare = true; break;
		case 'm':
			m = model_by_name(optarg);
			if (m < 0)
				return usage_error("unknown model", optarg, model_names());
			o.run.model = (enum model_id)m;
			o.model_set = true;
			break;
		case 'c':
			if (parse_long(optarg, 1, KITCHEN_MAX_COOKS, &v))
				return usage_error("bad number of cooks", optarg,
						   KITCHEN_COOKS_RANGE);
			o.run.cooks = (int)v;
			o.cooks_set = true;
			break;
		case OPT_GIL: o.run.gil = true; o.gil_set = true; break;
		case OPT_NO_GIL: o.run.gil = false; o.gil_set = true; break;
		case OPT_LOCKS: o.run.locks = true; o.locks_set = true; break;
		case OPT_NO_LOCKS: o.run.locks = false; o.locks_set = true; break;
		case OPT_SOLVE: o.mode = MODE_SOLVE; break;
		case OPT_EXPLORE: o.mode = MODE_EXPLORE; break;
		case OPT_SCHEDULE: o.schedule = optarg; break;
		case OPT_SOLVE_LIMIT:
			if (parse_seconds(optarg, &o.solve_limit))
				return usage_error("bad --solve-limit", optarg, "0.001 to 86400 seconds");
			break;
		case OPT_PREEMPTIONS:
			/* Each preemption multiplies the schedules: past a few
			 * dozen no dinner finishes exploring anyway. */
			if (parse_long(optarg, 0, 64, &v))
				return usage_error("bad number of preemptions", optarg, "0 to 64");
			o.preemptions = (int)v;
			break;
		case OPT_SEED:
			o.seed_set = true;
			if (parse_seed(optarg, &o.run.seed))
				return usage_error("bad seed", optarg, "0 to 18446744073709551615");
			break;
		case OPT_TABLES:
			/* Ten million tables take several GiB: batch mode
			 * estimates the memory first and refuses what does
			 * not fit (batch_fits); the cap keeps a typo of a
			 * few more digits from being tried at all. */
			if (parse_long(optarg, 1, 10000000, &v))
				return usage_error("bad number of tables", optarg, "1 to 10000000");
			o.run.tables = v;
			break;
		case OPT_DATA_DIR:
			if (*optarg == '\0')
				return usage_error("empty directory for", "--data-dir", NULL);
			if (catalog_path_add(optarg) != 0)
				return usage_error("too many --data-dir options at",
						   optarg, "at most 12");
			if (o.data_dir == NULL)
				o.data_dir = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text")) o.format = FORMAT_TEXT;
			else if (!strcmp(optarg, "csv")) o.format = FORMAT_CSV;
			else if (!strcmp(optarg, "json")) o.format = FORMAT_JSON;
			else return usage_error("unknown format", optarg, "text, csv, json");
			break;
		case OPT_SPANS:
			if (strcmp(optarg, "all"))
				return usage_error("unknown --spans value", optarg, "all");
			o.spans_all = true;
			break;
		case OPT_SPEED:
			if (parse_speed(optarg, &o.speed))
				return usage_error("bad speed", optarg, "0.01 to 100000");
			break;
		case OPT_PAUSED: o.paused = true; break;
		case OPT_PROJECTOR: o.projector = true; break;
		case OPT_LESSON:
			lesson_set = true;
			o.lesson = optarg;
			break;
		case OPT_ASCII: o.ascii = true; break;
		case OPT_NO_COLOR: o.no_color = true; break;
		case OPT_EXIT_AFTER:
			if (parse_duration(optarg, &o.exit_after, &dur_err)) {
				usage_error("bad duration", optarg, "like 90s, 18m, 1h30m");
				free(dur_err);
				return 2;
			}
			break;
		case OPT_TASKS:
			if (parse_long(optarg, 1, BENCH_MAX, &v))
				return usage_error("bad number of tasks", optarg, "1 to 100000");
			o.bench_tasks = v;
			break;
		case OPT_WAITS:
			if (parse_long(optarg, 1, BENCH_MAX, &v))
				return usage_error("bad number of waits", optarg, "1 to 100000");
			o.bench_waits = v;
			break;
		case OPT_REAL: o.real = true; break;
		case OPT_SCALE:
			if (parse_long(optarg, REAL_MIN_SCALE_MS, REAL_MAX_SCALE_MS, &v))
				return usage_error("bad --scale", optarg,
				    "1 to 1000 ms per virtual minute");
			o.real_scale = (int)v;
			break;
		case OPT_REAL_LIMIT:
			if (parse_long(optarg, 1, REAL_MAX_LIMIT_S, &v))
				return usage_error("bad --real-limit", optarg,
				    "1 to 86400 seconds");
			o.real_limit = (double)v;
			break;
		case OPT_EXPORT:
			if (export_parse(&exports, optarg, &xerr) < 0)
				return usage_error(xerr, optarg, "svg:FILE, trace:FILE, cast:FILE");
			o.nexports++;
			break;
		case OPT_QUIZ: o.quiz = true; break;
		case OPT_COUNT:
			if (parse_long(optarg, 1, QUIZ_MAX_COUNT, &v))
				return usage_error("bad number of questions", optarg, "1 to 50");
			o.quiz_count = v;
			break;
		case OPT_ANSWERS: o.answers = true; break;
		case OPT_PLAY:
			o.play = true;
			if (optarg != NULL && *optarg == '\0')
				return usage_error("empty level name for", "--play=", NULL);
			o.level = optarg;
			break;
		case OPT_MOVES: o.moves = optarg; break;
		case ':':
			return usage_error("missing value for option", argv[optind - 1], NULL);
		case '?':
		default:
			if (optopt == 0 && is_ambiguous(argv[optind - 1]))
				return ambiguous_option(argv[optind - 1]);
			if (optopt && optopt < 256) {
				char s[3] = { '-', (char)optopt, '\0' };
				return usage_error("unknown option", s, NULL);
			}
			return usage_error("unknown option", argv[optind - 1], NULL);
		}
	}

	if (o.mode == MODE_CHECK) {
		if (optind >= argc)
			return usage_error("missing FILE after", "--check", NULL);
		o.files = argv + optind;
		o.nfiles = argc - optind;
	} else if (optind < argc) {
		if (argc - optind > 1)
			return usage_error("more than one MENU: extra argument", argv[optind + 1], NULL);
		o.menu = argv[optind];
	}
	if (lesson_set) {
		/* --lesson NAME as well as --lesson=NAME: the word after it
		 * is the lesson, not a menu; a lesson names its own menus. */
		if (o.mode != MODE_TUI)
			return usage_error("--lesson plays on the screen, not with",
					   mode_option[o.mode], NULL);
		if (o.lesson != NULL && o.menu != NULL)
			return usage_error("a lesson names its own menus: extra argument",
					   o.menu, NULL);
		if (o.lesson == NULL)
			o.lesson = o.menu ? o.menu : KT_DEFAULT_LESSON;
		o.menu = NULL;
	}
	if (o.compare && o.mode != MODE_TUI && o.mode != MODE_BATCH) {
		fprintf(stderr, "kitchen-tui: --compare goes with --batch, not "
			"with %s; try 'kitchen-tui --help'\n", mode_name(o.mode));
		return 2;
	}
	if (o.compare && o.mode == MODE_TUI)
		o.mode = MODE_BATCH;
	if (o.schedule != NULL && (o.compare || o.mode == MODE_SOLVE ||
				   o.mode == MODE_EXPLORE))
		return usage_error("--schedule replays one run; it does not go with",
				   o.compare ? "--compare" : o.mode == MODE_SOLVE ?
				   "--solve" : "--explore", NULL);
	if (o.real) {
		if (o.compare)
			return usage_error("--real cannot be combined with", "--compare", NULL);
		if (o.format == FORMAT_CSV)
			return usage_error("--real prints text or json, not", "--format=csv", NULL);
		if (o.nexports > 0)
			return usage_error("--real cannot be combined with", "--export", NULL);
		if (o.run.tables != 1)
			return usage_error("--real cooks one table, not --tables", "N", NULL);
		if (o.mode != MODE_TUI && o.mode != MODE_BATCH)
			return usage_error("--real is a batch mode; it cannot be combined with",
			    o.mode == MODE_LIST ? "--list" : o.mode == MODE_CHECK ?
			    "--check" : "--bench", NULL);
		return real_main(&o);
	}
	if (o.nexports > 0) {
		int st = export_prepare(&o);

		if (st != 0)
			return st;
	}

	if (o.play && o.quiz)
		return usage_error("choose one of --play and", "--quiz", NULL);
	if ((o.play || o.quiz) && o.mode != MODE_TUI && o.mode != MODE_BATCH) {
		fprintf(stderr, "kitchen-tui: %s and %s are two modes; give one "
			"of them; try 'kitchen-tui --help'\n", mode_name(o.mode),
			o.play ? "--play" : "--quiz");
		return 2;
	}
	if (o.moves != NULL && !(o.play && o.mode == MODE_BATCH))
		return usage_error("--moves needs --batch --play=LEVEL, not alone:",
		    o.moves, NULL);
	if (o.play) {
		/* "--play LEVEL" as well as "--play=LEVEL". */
		if (o.level == NULL)
			o.level = o.menu;
		else if (o.menu != NULL)
			return usage_error("--play takes one LEVEL: extra argument",
			    o.menu, NULL);
		o.menu = NULL;
		o.mode = o.mode == MODE_BATCH ? MODE_PLAY_BATCH : MODE_PLAY;
	}
	if (o.quiz) {
		if (o.menu != NULL)
			return usage_error("--quiz takes no MENU: extra argument", o.menu, NULL);
		o.mode = o.mode == MODE_BATCH ? MODE_QUIZ_BATCH : MODE_QUIZ;
	}


	switch (o.mode) {
	case MODE_BATCH: c = o.schedule ? schedule_main(&o) : batch_main(&o); break;
	case MODE_SOLVE: c = solve_main(&o); break;
	case MODE_EXPLORE: c = explore_main(&o); break;
	case MODE_LIST: c = catalog_list_main(&o); break;
	case MODE_CHECK: c = catalog_check_main(&o); break;
	case MODE_BENCH: c = bench_main(&o); break;
	case MODE_QUIZ:
	case MODE_QUIZ_BATCH: c = quiz_main(&o); break;
	case MODE_PLAY:
	case MODE_PLAY_BATCH: c = play_main(&o); break;
	case MODE_TUI: default: c = tui_main(&o); break;
	}
	/* A mode that stopped early leaves no half-written export. */
	export_abort_all(&exports);
	return c;
}
