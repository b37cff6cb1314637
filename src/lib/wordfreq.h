/* wordfreq.h - how often short strings occur in the text the program reads
 * (internal).
 *
 * The prefilter (prefilter.h) calls PCRE2 once per candidate occurrence of
 * a pattern's atoms, so atoms.c chooses, among the sets of literals every
 * match must contain, the set expected to occur least often. Without
 * figures it can only multiply letter frequencies, which rates a word such
 * as "medically" as rare as a random string of nine letters, while an IMR
 * letter holds it a few times per kilobyte. A file of kind
 * `word-frequency` (rules/word-frequency.yaml) counts the words of a corpus
 * of such text; this module turns the counts into the expected occurrences
 * per byte of any string of at most IMR_WORDFREQ_MAXSUB bytes, as a whole
 * word, at a word's start, at its end or anywhere inside words: the sum
 * over the counted words that contain it that way. A string no counted
 * word contains gets 0, and the caller keeps its own estimate.
 *
 * Only the speed of a search depends on these figures, never what it
 * finds. The table is needed while patterns are compiled: the rules
 * loader builds it first and frees it once the lexicons are loaded. */
#ifndef IMR_WORDFREQ_H
#define IMR_WORDFREQ_H

#include <stddef.h>

#include "imrcheck/diag.h"
#include "yamltree.h"

/* The longest string looked up (atoms are cut to this many bytes). */
#define IMR_WORDFREQ_MAXSUB 16

/* Where a string must lie in a word to count: at its first byte, at its
 * last, both (the whole word) or neither (anywhere). */
enum { IMR_WORDFREQ_START = 1, IMR_WORDFREQ_END = 2 };

typedef struct imr_wordfreq imr_wordfreq;

typedef struct imr_wordfreq_src {
	const char *file;
	const imr_ynode *root;
} imr_wordfreq_src;

/* The table of the @p n word-frequency files @p srcs (their trees must
 * outlive the call only; at most one file is expected, and a second is an
 * error). Every problem is a diagnostic with its location: unknown or
 * missing keys, a size that is not a positive integer, a word that is not
 * lower-case ASCII letters and digits, a count that is not a positive
 * integer or exceeds what the text's size allows. *out is NULL when @p n
 * is 0 or on error; the caller owns it (imr__wordfreq_free()).
 * @return IMR_OK, IMR_EINVALID or IMR_ENOMEM. */
int imr__wordfreq_load(imr_wordfreq **out, const imr_wordfreq_src *srcs, size_t n, imr_diags *diags);

void imr__wordfreq_free(imr_wordfreq *wf);

/* Expected occurrences per byte of text of @p s (@p len bytes, lower
 * case) inside the counted words, where @p where (IMR_WORDFREQ_* bits)
 * asks; 0 when no counted word holds it that way, when @p len is 0 or
 * above IMR_WORDFREQ_MAXSUB, or when @p wf is NULL. */
double imr__wordfreq_of(const imr_wordfreq *wf, const char *s, size_t len, unsigned where);

/* Words the table counts. */
size_t imr__wordfreq_words(const imr_wordfreq *wf);

#endif
