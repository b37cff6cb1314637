/* letter_cite.h - guideline bases and their citations (internal).
 *
 * An item's "Claims Administrator guideline:" and "MAXIMUS guideline:"
 * fields (or the 2013 "Medical Treatment Guideline(s) Used by ..." ones)
 * are bases: whether the party cited anything, whether it said it went
 * outside the MTUS, and each citation with its guideline, document,
 * section and pages. The lead-ins and marker phrases are letter-layout
 * words (citations: in rules/letter/letter-layout.yaml). */
#ifndef IMR_LETTER_CITE_H
#define IMR_LETTER_CITE_H

#include "letter_lines.h"

/* Read the basis @p text (owned by the letter's arena; may be NULL) into
 * @p b; citations are allocated in the arena. */
void imr__cite_basis(imr_lparser *p, imr_basis *b, char *text);

/* A reviewer who "found the guideline used by the Claims Administrator
 * relevant and appropriate" and cites nothing else shares the claims
 * administrator's citations. */
void imr__cite_share(imr_lparser *p, imr_letter_item *it);

#endif
