/* tui.c - placeholder until its owner writes it. */
#include "config.h"
#include <stdio.h>
#include "opts.h"
int tui_main(const struct kt_opts *o) { (void)o; fputs("kitchen-tui: the screen is not built yet\n", stderr); return 1; }
