/* letter_items.h - disputed items: decision statements and fields (internal).
 *
 * An item is a decision statement (a service and an outcome, stated in
 * one of the shapes of docs/letters.md with the letter-layout words) and
 * its labelled fields: the claims administrator's and the reviewer's
 * guideline bases and the rationale. */
#ifndef IMR_LETTER_ITEMS_H
#define IMR_LETTER_ITEMS_H

#include "letter_lines.h"

/* The decision word ending [s, e) ("Upheld", "Overturned", any case, a
 * final period allowed, a whole word): sets *ws to where it starts and
 * *upheld. */
int imr__items_decision_word(const imr_lparser *p, const char *s, const char *e, const char **ws,
			     int *upheld);

/* Items of the section starting at heading line @p sec (standard and
 * decisions layouts). */
void imr__items_read(imr_lparser *p, size_t sec);

/* A 2013 notice: header, numbered summary, credentials, case summary and
 * the items' sections. */
void imr__items_read_notice(imr_lparser *p);

#endif
