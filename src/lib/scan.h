/* scan.h - reading numbers, dates and spinal levels out of free text (internal).
 *
 * These are the value parsers behind lexicon captures ($N) and behind the
 * request-date search in letters. They accept the spellings that clinical
 * notes and PDF-extracted letters use, and refuse anything ambiguous or
 * impossible rather than guess. */
#ifndef IMR_SCAN_H
#define IMR_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* A number: digits with an optional decimal part ("60", "2.5", "1,200"),
 * or a number word ("two", "twenty four", "a half" is not). Leading and
 * trailing spaces are ignored. Returns 0 and *out, or -1. */
int imr__scan_number(const char *s, size_t len, double *out);

/* A date in one of the documented formats (docs/lexicon.md), the whole of
 * [s, s+len) apart from surrounding spaces and punctuation. */
int imr__scan_date(const char *s, size_t len, int32_t *out);

/* Find the first date in [s, s+len) at or after @p from: returns 1 with
 * its span and value, or 0 when there is none. */
int imr__scan_find_date(const char *s, size_t len, size_t from, size_t *start, size_t *end,
			int32_t *out);

/* Motion segments named in [s, s+len): "L4-5", "L4-L5-S1", "L4 through S1",
 * "C5-6 and C6-7", "L5/S1" ... Each segment is written as "L4-L5" into
 * out[i] (8 bytes each). Returns the number found (at most @p max). */
size_t imr__scan_levels(const char *s, size_t len, char (*out)[8], size_t max);

#endif
