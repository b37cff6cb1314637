/* review.h - the review an audit makes of a letter (internal; the public
 * review is imrcheck/review.h). */
#ifndef IMR_REVIEW_INTERNAL_H
#define IMR_REVIEW_INTERNAL_H

#include "imrcheck/review.h"

/* imr_review_letter_opts() for an audit, which reads of the case summary
 * only what decides the items and the facts marked in @p also
 * (rules->nfacts bytes, or NULL): the summary is searched for those facts
 * and the facts they are made from alone (demand.h), after the service
 * texts, so the review's facts hold those values and leave the rest
 * undocumented; its items' results are the ones imr_review_letter_opts()
 * gives. The match limit counts the matches of the entries searched. */
int imr__review_letter_for_audit(imr_review **out, imr_worker *worker, const imr_text *text,
				 const imr_letter *letter, const imr_eval_options *opts,
				 const unsigned char *also, imr_diags *diags);

#endif
