/* SPDX-License-Identifier: ISC */
/*
 * real-report.h - a real run's output beside its model (real-report.c).
 */
#ifndef KT_REAL_REPORT_H
#define KT_REAL_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"
#include "real.h"
#include "report.h"

/* "real coroutines finished within 1.8% of the model", or why not. */
void real_agreement(char *buf, size_t n, const struct run *sim,
		    const struct real_result *rr);
/* real_judge against the simulated run (none if it deadlocked). */
void real_judge_run(struct real_result *rr, const struct run *sim);
int real_report_text(FILE *f, const struct run *sim,
		     const struct real_result *rr, bool ascii);
/* The simulated run's JSON with a "real" member added.  0 or -1. */
int real_report_json(FILE *f, const struct run *sim,
		     const struct real_result *rr, const struct report_opts *ro);

#endif
