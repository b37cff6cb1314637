/* imrcheck/letter.h - IMR final determination letters: layout, sections, items.
 *
 * imr_letter_parse() recognises the layouts MAXIMUS letters took over the
 * years (see docs/letters.md), splits the sections, reads the header
 * fields and the reviewer's credentials, and returns every disputed item
 * with its service text, the decision as written and normalised, the
 * guideline citations of the claims administrator and of the reviewer, and
 * the rationale. Spans point into the normalised text (text.h).
 *
 * A text in no known layout, or a letter cut off before its decisions, is
 * an error with a location, never a guess. */
#ifndef IMRCHECK_LETTER_H
#define IMRCHECK_LETTER_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "diag.h"
#include "eval.h"
#include "limits.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum imr_letter_layout {
	IMR_LAYOUT_STANDARD = 0,   /* HOW THE IMR FINAL DETERMINATION WAS MADE / CLINICAL CASE
				    * SUMMARY / IMR ISSUES, DECISIONS AND RATIONALES (2014 on;
				    * with or without the header block and credentials block) */
	IMR_LAYOUT_DECISIONS,      /* ... DOCUMENTS REVIEWED ... IMR DECISION(S) AND RATIONALE(S) */
	IMR_LAYOUT_NOTICE_2013     /* "Notice of Independent Medical Review Determination" form */
} imr_letter_layout;

/** A region of the normalised text. */
typedef struct imr_span {
	size_t start, end;   /* byte offsets, end exclusive */
	unsigned line;       /* 1-based line of start in the original input */
} imr_span;

/** One guideline citation in a "Claims Administrator guideline" or
 *  "MAXIMUS guideline" line. A line may hold several ("Decision based on
 *  MTUS ... Decision based on Non-MTUS Citation ODG ..."). */
typedef struct imr_cite {
	const char *text;        /* this citation as written, whitespace collapsed */
	const char *guideline;   /* "MTUS", "ODG", "ACOEM", "other" */
	int mtus;                /* 1 when cited as part of the MTUS */
	const char *document;    /* e.g. "ACOEM Chapter 12 Low Back Complaints",
				  * "Chronic Pain Medical Treatment 2009", NULL if not named */
	const char *section;     /* e.g. "Epidural steroid injections (ESIs)", or NULL */
	const char *pages;       /* e.g. "308-310", "46 of 127", or NULL */
} imr_cite;

/** The guideline basis one party gave for its decision. */
typedef struct imr_basis {
	const char *text;        /* the whole line(s) as written, collapsed; NULL if absent */
	int cited;               /* 0 when the party "did not cite any medical evidence" */
	int outside_mtus;        /* the party based its decision outside the MTUS */
	const imr_cite *cites;
	size_t cite_count;
} imr_basis;

typedef struct imr_letter_item {
	const char *service;        /* the disputed item, lines joined, whitespace collapsed */
	const char *decision_text;  /* as written: "Upheld", "Overturned", "is not medically
				     * necessary and appropriate", ... */
	imr_outcome decision;       /* IMR_OUTCOME_UPHELD or IMR_OUTCOME_OVERTURNED */
	imr_basis claims_administrator;
	imr_basis reviewer;
	const char *rationale;      /* the decision rationale, paragraphs joined */
	imr_span service_span, rationale_span;
} imr_letter_item;

/** Header fields as written ("CM16-0213037", "11/09/2016") and, for
 *  dates, as day numbers (IMR_DATE_NONE when absent or unreadable). */
typedef struct imr_letter_header {
	const char *case_number;
	const char *date_assigned, *date_of_injury, *decision_date, *ur_denial_date;
	const char *application_received, *priority;
	int32_t assigned, injury, decided, ur_denied, received;
} imr_letter_header;

typedef struct imr_letter {
	imr_letter_layout layout;
	const char *layout_name;     /* "standard", "decisions", "notice-2013" */
	imr_letter_header header;
	const char *licensure;       /* "California,North Carolina", or NULL */
	const char *specialty;       /* "Family Practice", or the board certification
				      * named in the HOW paragraph, or NULL */
	const char *summary;         /* clinical case summary, paragraphs joined */
	imr_span summary_span;
	const char *documents_reviewed;  /* or NULL */
	const imr_letter_item *items;
	size_t item_count;
} imr_letter;

/** Parse a letter from normalised text. @return IMR_OK; IMR_EINVALID with
 *  a located diagnostic when the layout is unknown, a section is missing
 *  or cut off, or an item has no decision; IMR_ELIMIT beyond limits->items;
 *  IMR_ENOMEM. The caller owns *out and releases it with
 *  imr_letter_free(); it does not point into @p text. */
IMR_API int imr_letter_parse(imr_letter **out, const imr_text *text, const imr_limits *limits,
			     imr_diags *diags);

IMR_API void imr_letter_free(imr_letter *letter);

#ifdef __cplusplus
}
#endif
#endif
