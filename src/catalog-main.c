/* catalog-main.c - placeholder until its owner writes it. */
#include "config.h"
#include <stdio.h>
#include "opts.h"
int catalog_list_main(const struct kt_opts *o) { (void)o; fputs("kitchen-tui: --list is not built yet\n", stderr); return 1; }
int catalog_check_main(const struct kt_opts *o) { (void)o; fputs("kitchen-tui: --check is not built yet\n", stderr); return 1; }
