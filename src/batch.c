/* batch.c - placeholder until its owner writes it. */
#include "config.h"
#include <stdio.h>
#include "opts.h"
int batch_main(const struct kt_opts *o) { (void)o; fputs("kitchen-tui: --batch is not built yet\n", stderr); return 1; }
