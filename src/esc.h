/* SPDX-License-Identifier: ISC */
/*
 * esc.h - make text from data files safe for a terminal.
 *
 * Recipe names and step texts are accepted as any valid UTF-8, but a
 * control character (an ESC starting a cursor movement, a bell, a
 * carriage return) must never reach a terminal raw.  These functions
 * copy text with C0 and C1 controls and DEL shown as \xNN, backslash as
 * "\\", and any invalid UTF-8 byte as \xNN.  Characters that draw
 * nothing or reorder the text (a byte order mark, zero-width spaces, bidi
 * embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069) become
 * their code point, "U+202E", set off by spaces.  Printable UTF-8 passes
 * through unchanged (ascii=false) or as '?' (ascii=true).
 */
#ifndef KT_ESC_H
#define KT_ESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Escape `in` into out[outsz] (always NUL-terminated when outsz > 0,
 * truncated at a character boundary).  Returns the length the full
 * escaped text would need, like snprintf. */
size_t esc_text(char *out, size_t outsz, const char *in, bool ascii);
/* The same into a new malloc'd string; NULL when out of memory. */
char *esc_dup(const char *in, bool ascii);
/* For file text quoted in an error message: as esc_text, and spaces that
 * only look like one (no-break, em, ideographic ...) are named too, since
 * they decide how a line is read: 'U+00A0 step'. */
size_t esc_msg(char *out, size_t outsz, const char *in);
char *esc_msg_dup(const char *in);

/* The length (1-4) of the valid UTF-8 character at s[0..n), with its code
 * point in *cp; 0 when it is invalid (a stray continuation byte, an
 * overlong form, a surrogate, above U+10FFFF, or cut short by n). */
size_t esc_utf8_char(const char *s, size_t n, uint32_t *cp);

#endif
