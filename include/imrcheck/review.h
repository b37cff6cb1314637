/* imrcheck/review.h - evaluating the items of a determination letter.
 *
 * A review turns a parsed letter into a request and decides it: the
 * clinical case summary gives the case facts (extract.h), each disputed
 * item's service text gives its request attributes, and the letter's dates
 * give the request date. Each item's prediction is compared with the
 * reviewer's decision. Everything in a review lives as long as it does,
 * except the letter, which it borrows. */
#ifndef IMRCHECK_REVIEW_H
#define IMRCHECK_REVIEW_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "diag.h"
#include "eval.h"
#include "extract.h"
#include "letter.h"
#include "request.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_review_item {
	const imr_letter_item *letter;   /* borrowed from the letter */
	const imr_item_result *result;   /* the prediction */
	int agrees;                      /* 1 agree, 0 disagree, -1 prediction indeterminate */
	const imr_extraction *service;   /* how the service text was read */
	const imr_facts *attrs;          /* the request attributes read from it */
} imr_review_item;

typedef struct imr_review {
	const imr_letter *letter;
	const char *file;
	int32_t request_date;            /* IMR_DATE_NONE when the letter has no usable date */
	const char *date_source;         /* "UR denial date", "latest date in the case summary", ... */
	const imr_facts *facts;          /* facts of the case summary */
	const imr_extraction *summary;   /* every match in the case summary */
	const imr_result *result;
	const imr_review_item *items;
	size_t item_count;
} imr_review;

/** Review @p letter, parsed from @p text. The caller owns *out and releases
 *  it with imr_review_free(); @p letter must outlive it. @return IMR_OK,
 *  IMR_ELIMIT (a pattern limit, with a diagnostic), IMR_ENOMEM. */
IMR_API int imr_review_letter(imr_review **out, imr_worker *worker, const imr_text *text,
			      const imr_letter *letter, imr_diags *diags);

/** As imr_review_letter(), with evaluation options (NULL: defaults). */
IMR_API int imr_review_letter_opts(imr_review **out, imr_worker *worker, const imr_text *text,
				   const imr_letter *letter, const imr_eval_options *opts,
				   imr_diags *diags);

IMR_API void imr_review_free(imr_review *review);

/** One input of `imrcheck letter`: a review, or why there is none. */
typedef struct imr_letter_outcome {
	const char *file;
	const imr_review *review;   /* NULL when the letter could not be read */
	const char *error;          /* the first diagnostic, when review is NULL */
} imr_letter_outcome;

#ifdef __cplusplus
}
#endif
#endif
