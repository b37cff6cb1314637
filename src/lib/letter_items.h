/* letter_items.h - disputed items: decision statements and fields (internal).
 *
 * An item is a decision statement - a service and an outcome - and its
 * labelled fields: the claims administrator's and the reviewer's guideline
 * bases and the rationale. Statements are read wherever they stand, in any
 * of the shapes of docs/letters.md ("Reading the items"), with the
 * letter-layout words:
 *   - "<service>: Upheld", or "<service>:" with the word on the next line;
 *   - service lines, then "Decision: Upheld";
 *   - a sentence "[N) ][opener ][request ]<service> <phrase>." such as
 *     "1) MAXIMUS Federal Services, Inc. has determined the request for X
 *     is not medically necessary and appropriate.", "X is medically
 *     necessary." or "No, the request for X is not medically necessary.";
 * and an item's fields follow its statement, or, when the decisions were
 * stated in a numbered summary, an item heading ("N) Regarding the request
 * for X:") opens them. Finding (imr__items_find) and building
 * (imr__items_build) are separate so that the sections between can be
 * bounded by where the items start. */
#ifndef IMR_LETTER_ITEMS_H
#define IMR_LETTER_ITEMS_H

#include "letter_lines.h"

/* A decision statement. */
typedef struct imr_lstmt {
	size_t first, last;          /* its lines */
	size_t dline;                /* the line of the decision */
	size_t from, to;             /* bytes of the wording: the service (a word form)
				      * or the whole sentence after its number */
	size_t dstart, dend;         /* a word form: the decision word */
	size_t section;              /* the heading line of its section, IMR_LNONE above all */
	unsigned number;             /* "N)" or "N.", 0 when not numbered */
	int upheld;
	int sentence;                /* stated as a sentence */
	int has_fields;              /* an item field label follows it */
} imr_lstmt;

/* An item heading "N) Regarding the request for X:". */
typedef struct imr_lhead {
	size_t line, last;           /* its lines (it may wrap up to its colon) */
	unsigned number;
} imr_lhead;

typedef struct imr_lpieces {
	imr_lstmt *st;
	size_t nst, capst;
	imr_lhead *hd;
	size_t nhd, caphd;
} imr_lpieces;

#define IMR_LPIECES_INIT { NULL, 0, 0, NULL, 0, 0 }

/* The decision word ending [s, e) ("Upheld", "Overturned", any case, a
 * final period allowed, a whole word): sets *ws to where it starts and
 * *upheld. */
int imr__items_decision_word(const imr_lparser *p, const char *s, const char *e, const char **ws,
			     int *upheld);

/* Find every statement and item heading of the letter, in letter order.
 * Sections that hold no items (how, credentials, documents) are not
 * looked at; sentences are read only where decisions are stated (not in
 * the summary, not in an item's fields unless an item field label follows
 * them). Errors (a field label with no statement before it, a numbered
 * statement without a decision, more items than the limit) set p->err. */
void imr__items_find(imr_lparser *p, imr_lpieces *pc);

/* The first line after @p line where a statement or an item heading
 * starts, or IMR_LNONE. */
size_t imr__items_first_after(const imr_lpieces *pc, size_t line);

/* Pair statements with their fields and build p->box->pub.items:
 * statements followed by their fields; or, with item headings, the first
 * numbered summary's statements with the fields under the headings of
 * their numbers, any repetition of the summary agreeing with it. */
void imr__items_build(imr_lparser *p, imr_lpieces *pc);

/* The error for item headings without any decision statement: "no
 * numbered decision summary" at the title (or the first heading). */
void imr__items_no_statements(imr_lparser *p, const imr_lpieces *pc);

void imr__items_dispose(imr_lpieces *pc);

#endif
