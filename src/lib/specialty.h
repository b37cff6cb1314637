/* specialty.h - reviewers' specialties under one name each (internal).
 *
 * Letters state the reviewer's board certification in many spellings
 * ("Physical Medicine & Rehabilitation", "Physical Medicine and
 * Rehabilitation", "Orthopaedic Surgery", "Family Practice"), often
 * several at once ("Anesthesiology, Pain Management"). Files of kind
 * `specialties` (rules/letter/specialties.yaml) name each specialty once
 * with the other names letters give it; the rules loader hands them to
 * imr__specialty_load() and the rule set holds the result, read-only.
 *
 * Matching folds both sides the same way: letters to lower case, "&" read
 * as "and", every other ASCII character that is not a letter or digit a
 * space, runs of spaces one. A stated specialty is cut at commas and
 * semicolons; each part is its canonical name when the file knows it,
 * and otherwise the folded part with each word capitalised (the file's
 * minor words, such as "and", stay lower case), so that case, white
 * space, "&" and punctuation never make two specialties of one. */
#ifndef IMR_SPECIALTY_H
#define IMR_SPECIALTY_H

#include <stddef.h>

#include "imrcheck/buf.h"
#include "imrcheck/diag.h"
#include "imrcheck/limits.h"
#include "yamltree.h"

typedef struct imr_specialties imr_specialties;

typedef struct imr_specialty_src {
	const char *file;
	const imr_ynode *root;
} imr_specialty_src;

/* The specialties of the @p n files @p srcs (their trees must outlive the
 * call only). Every problem is a diagnostic with its location: unknown or
 * missing keys, values of the wrong type, empty names, a name or variant
 * that folds to nothing or to what another specialty already claims.
 * *out is NULL when @p n is 0 or on error; the caller owns it
 * (imr__specialty_free()).
 * @return IMR_OK, IMR_EINVALID or IMR_ENOMEM. */
int imr__specialty_load(imr_specialties **out, const imr_specialty_src *srcs, size_t n, const imr_limits *lim,
			imr_diags *diags);

void imr__specialty_free(imr_specialties *sp);

/* @p stated under its canonical names, parts joined by ", " in the order
 * stated, a part named twice kept once, into @p out (cleared first).
 * @p sp may be NULL: the generic folding alone. NULL or a text with no
 * letters or digits gives "". @return IMR_OK or IMR_ENOMEM. */
int imr__specialty_canonical(imr_buf *out, const imr_specialties *sp, const char *stated);

#endif
