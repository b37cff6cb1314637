/* imrcheck/letter.h - IMR final determination letters: layout, sections, items.
 *
 * imr_letter_parse() reads each piece of a MAXIMUS letter wherever it
 * stands - section headings, header fields, the reviewer's credentials,
 * the disputed items with their decisions, guideline citations and
 * rationales - with the words (headings, labels, decision phrasings) of
 * the letter-layout files of the rule set (rules/letter/letter-layout.yaml),
 * so the layouts of the known years and new combinations of their pieces
 * read alike (docs/letters.md). It returns every disputed item, in letter
 * order, with its service text, the decision as written and normalised,
 * the guideline citations of the claims administrator and of the
 * reviewer, and the rationale. Spans point into the normalised text
 * (text.h).
 *
 * A text with no heading of a letter, a letter cut off before its
 * decisions, or a letter whose decisions are stated in words the layout
 * files do not know is an error with a location, never a guess.
 *
 * Diagnostic codes (stable; tests and SARIF use them): "empty" (nothing but
 * whitespace), "unknown-layout" (no heading of a letter), "missing-section"
 * (the case summary is absent while the items are there, or item headings
 * are missing or have no numbered summary), "section-order", "truncated"
 * (the letter ends before a required section, before its first item,
 * inside an item, or in mid-sentence), "missing-decision" (item fields
 * with no decision before them, or a numbered statement whose opener
 * promises a decision it never states), "unknown-decision" (an item stated
 * in a form or with a word the layout files do not know), "missing-rationale"
 * (an item that is not the last has no rationale), "inconsistent-decision"
 * (a decision stated twice differently, or an opener its phrase
 * contradicts), "no-letter-layout" (the rule set has no letter-layout
 * file) and "limit".
 *
 * Refinements of the first contract (all additions, documented where they
 * are declared): imr_letter_item.partial and .service_sentence for partial
 * overturns, imr_letter_item.number, .decision_span; imr_letter.pages;
 * IMR_LAYOUT_COUNT and imr_letter_layout_name(); the rules parameter of
 * imr_letter_parse(). */
#ifndef IMRCHECK_LETTER_H
#define IMRCHECK_LETTER_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "diag.h"
#include "eval.h"
#include "limits.h"
#include "rules.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The layout a letter's headings mark (the `layout` of its headings in the
 * letter-layout files): the notice's title marks notice-2013, DOCUMENTS
 * REVIEWED or IMR DECISION(S) AND RATIONALE(S) mark decisions, anything
 * else is standard. The pieces are read the same way whatever it is. */
typedef enum imr_letter_layout {
	IMR_LAYOUT_STANDARD = 0,   /* HOW THE IMR FINAL DETERMINATION WAS MADE / CLINICAL CASE
				    * SUMMARY / IMR ISSUES, DECISIONS AND RATIONALES (2014 on;
				    * with or without the header block and credentials block) */
	IMR_LAYOUT_DECISIONS,      /* ... DOCUMENTS REVIEWED ... IMR DECISION(S) AND RATIONALE(S) */
	IMR_LAYOUT_NOTICE_2013,    /* "Notice of Independent Medical Review Determination" form */
	IMR_LAYOUT_COUNT           /* number of layouts (added) */
} imr_letter_layout;

/** "standard", "decisions", "notice-2013" (added); "unknown" out of range. */
IMR_API const char *imr_letter_layout_name(imr_letter_layout layout);

/** A region of the normalised text. */
typedef struct imr_span {
	size_t start, end;   /* byte offsets, end exclusive */
	unsigned line;       /* 1-based line of start in the original input */
} imr_span;

/** One guideline citation in a "Claims Administrator guideline" or
 *  "MAXIMUS guideline" line. A line may hold several ("Decision based on
 *  MTUS ... Decision based on Non-MTUS Citation ODG ..."), and one "Decision
 *  based on MTUS" may name several MTUS parts joined by ", and" ("Low Back
 *  Complaints 2004, Section(s): Physical Methods, and Chronic Pain Medical
 *  Treatment 2016, Section(s): ..."): each part is its own citation.
 *  text is the citation without the lead-in "Decision based on " and
 *  without the final period ("MTUS Chronic Pain Treatment Guidelines
 *  Epidural Steroid Injections (ESIs) Page(s): 45"). */
typedef struct imr_cite {
	const char *text;        /* this citation as written, whitespace collapsed */
	const char *guideline;   /* "MTUS", "ODG", "ACOEM", "other" */
	int mtus;                /* 1 when cited as part of the MTUS */
	const char *document;    /* e.g. "ACOEM Chapter 12 Low Back Complaints",
				  * "Chronic Pain Medical Treatment 2009", NULL if not named */
	const char *section;     /* e.g. "Epidural steroid injections (ESIs)", or NULL */
	const char *pages;       /* e.g. "308-310", "46 of 127", or NULL */
} imr_cite;
/* How document and section are told apart: "Section(s):" when present;
 * otherwise, for an MTUS citation, the document ends at "Guidelines"
 * ("Chronic Pain Treatment Guidelines" / "Epidural Steroid Injections
 * (ESIs)"); for any other citation at the first comma or colon
 * ("Official Disability Guidelines (ODG) Low Back" / "Facet Joint
 * Diagnostic Blocks (therapeutic injections)"). Pages come from
 * "Page(s):", "pages", "page", "pg." or "pp.". */

/** The guideline basis one party gave for its decision. In a 2013 notice,
 *  a reviewer who "found the guideline used by the Claims Administrator
 *  relevant and appropriate" and names none of its own shares the claims
 *  administrator's citations. */
typedef struct imr_basis {
	const char *text;        /* the whole line(s) as written, collapsed; NULL if absent */
	int cited;               /* 0 when the party "did not cite any medical evidence" */
	int outside_mtus;        /* the party said it went outside the MTUS: "based their
				  * decision on recommendation(s) outside of the MTUS
				  * Guidelines", "did not base their decision on the
				  * MTUS", 2013 "which is not part of the MTUS" or "no
				  * section of the MTUS was applicable" */
	const imr_cite *cites;
	size_t cite_count;
} imr_basis;

typedef struct imr_letter_item {
	unsigned number;            /* 1-based position in the letter (added) */
	const char *service;        /* the disputed item, lines joined, whitespace collapsed;
				     * for a partial overturn, the remaining IMR-eligible
				     * portion named in the sentence */
	const char *decision_text;  /* as written: "Upheld", "Overturned", "is not medically
				     * necessary and appropriate", "are medically necessary", ... */
	imr_outcome decision;       /* IMR_OUTCOME_UPHELD or IMR_OUTCOME_OVERTURNED */
	imr_basis claims_administrator;
	imr_basis reviewer;
	const char *rationale;      /* the decision rationale, paragraphs joined */
	imr_span service_span;      /* the wording the service was read from: for a partial
				     * overturn the whole sentence, for a decision stated as
				     * a sentence the sentence */
	imr_span rationale_span;
	imr_span decision_span;     /* the decision word (added); for a decision stated as
				     * a sentence the sentence */
	int partial;                /* 1 when the service was taken from a "... was the
				     * original request ... The remaining IMR eligible
				     * portion of the original request, X is: Upheld"
				     * sentence (added) */
	const char *service_sentence; /* that whole wording when partial, else NULL (added) */
} imr_letter_item;

/** Header fields as written ("CM16-0213037", "11/09/2016") and, for
 *  dates, as day numbers (IMR_DATE_NONE when absent or unreadable).
 *  Fields are NULL when absent. The case number is stored without the
 *  spaces PDF extraction puts around its hyphen ("CM16 - 0240524" gives
 *  "CM16-0240524"). A 2013 notice's "Dated:" is its decision date, its
 *  "Date of UR Decision:" the UR denial date. */
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
	unsigned pages;              /* form feeds + 1 (added) */
} imr_letter;

/** Parse a letter from normalised text, with the headings, labels and
 *  phrasings of the letter-layout files of @p rules (kind letter-layout,
 *  rules/letter/letter-layout.yaml). @return IMR_OK; IMR_EINVALID with a
 *  located diagnostic when the text is empty, the layout is unknown, a
 *  section is missing, out of order or cut off, or an item has no
 *  decision, or (code "no-letter-layout", no location) when @p rules has
 *  no letter-layout file; IMR_ELIMIT beyond limits->items (diagnostic at
 *  the first item over the limit); IMR_ENOMEM. Diagnostics carry
 *  imr_text_name(@p text) and the original line and column. @p limits may
 *  be NULL (defaults). @p rules is only read, and may be shared by
 *  threads. On success the caller owns *out and releases it with
 *  imr_letter_free(); every string and array in it belongs to the letter
 *  (one arena) and none points into @p text or @p rules. On failure *out
 *  is NULL. (The rules parameter was added when the words became data.) */
IMR_API int imr_letter_parse(imr_letter **out, const imr_rules *rules, const imr_text *text,
			     const imr_limits *limits, imr_diags *diags);

/** Release a letter and everything in it; NULL is a no-op. */
IMR_API void imr_letter_free(imr_letter *letter);

#ifdef __cplusplus
}
#endif
#endif
