/*
 * parse.h - the recipe and menu file reader.  See kitchen-recipe(5).
 * Placeholder interface; the parse module owns it.
 */
#ifndef KT_PARSE_H
#define KT_PARSE_H

#include <stddef.h>
#include "recipe.h"

/* "90s", "18m", "1h30m" -> milliseconds.  0, or -1 with *err malloc'd. */
int parse_duration(const char *s, sched_ms *out, char **err);

#endif
