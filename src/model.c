/* model.c - placeholder until its owner writes it. */
#include "config.h"
#include "model.h"
#include <string.h>
void run_opts_default(struct run_opts *o) { memset(o, 0, sizeof *o); o->model = MODEL_COROUTINES; o->gil = true; o->seed = RUN_DEFAULT_SEED; o->tables = 1; o->keep_spans = true; }
int model_by_name(const char *n) { (void)n; return -1; }
const char *model_names(void) { return "sequential, callbacks, coroutines, threads, processes"; }
