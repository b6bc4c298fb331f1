/* SPDX-License-Identifier: ISC */
/*
 * check_pt_switch.c - the pt tests again, with switch-based continuations.
 *
 * check_pt.c is written once; including it here with PT_USE_SWITCH defined
 * compiles every protothread in it with the standard-C flavour too, so
 * both flavours are tested by one program whatever configure found.
 */
#define PT_USE_SWITCH 1
#include "check_pt.c"
