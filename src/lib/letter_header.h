/* letter_header.h - header fields and the reviewer's credentials (internal).
 *
 * Header labels ("Case Number", "Date of Injury", ...) and credentials
 * labels ("State(s) of Licensure") come from the letter-layout words; a
 * value is read on the label's line, or, in the column form pdftotext
 * prints, from the first value line of the label's kind that follows. */
#ifndef IMR_LETTER_HEADER_H
#define IMR_LETTER_HEADER_H

#include "letter_lines.h"

/* Header fields in lines [from, to) that are not headings. A value waits
 * for its label only within one section: pending labels are dropped at a
 * heading. The first value of a field wins. */
void imr__header_read(imr_lparser *p, size_t from, size_t to);

/* "<credentials label>: <value>" in lines [from, to); a value runs to the
 * next label or heading. The first value wins. */
void imr__header_credentials(imr_lparser *p, size_t from, size_t to);

/* Specialty and licensure from prose ("... is Board Certified in
 * Occupational Medicine and is licensed to practice in California"),
 * where the labelled block did not give them. @p text may be NULL. */
void imr__header_credentials_prose(imr_lparser *p, const char *text);

/* Day number of "MM/DD/YYYY", "M/D/YY" (also with '-') in [s, e). */
int imr__header_parse_mdy(const char *s, const char *e, int32_t *out);

#endif
