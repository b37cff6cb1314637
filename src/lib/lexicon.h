/* lexicon.h - lexicon files: wording -> facts, as compiled PCRE2 patterns.
 *
 * A lexicon maps patterns to a fact and the value they set; the text
 * modules run them over service text or clinical notes. Patterns are
 * compiled once, at load time, and reported at their file:line:column with
 * PCRE2's message when they do not compile. (internal) */
#ifndef IMR_LEXICON_H
#define IMR_LEXICON_H

#include "model.h"
#include "yamltree.h"

struct imr_wordfreq;

typedef struct imr_lexsrc {
	const char *file;
	const imr_ynode *root;
} imr_lexsrc;

/* Load and compile every lexicon document into @p rules. @p words (may be
 * NULL, borrowed for the call) tells how often words occur in the text
 * searched, for the choice of each pattern's atoms (wordfreq.h). Returns
 * IMR_OK, IMR_EINVALID (problems in @p diags), IMR_ENOMEM. */
int imr__lexicon_load_all(imr_rules *rules, const imr_lexsrc *srcs, size_t count,
			  const struct imr_wordfreq *words, const imr_limits *limits, imr_diags *diags);

/* Load the context file (at most one; each trigger its own pattern), its
 * atoms chosen with @p words as above. */
int imr__context_load(imr_rules *rules, const imr_lexsrc *srcs, size_t count,
		      const struct imr_wordfreq *words, const imr_limits *limits, imr_diags *diags);

/* Build the prefilter over every lexicon and trigger pattern (after both
 * loads succeeded). Returns IMR_OK, IMR_ENOMEM or IMR_ELIMIT. */
int imr__lexicon_index(imr_rules *rules);

/* Free lexicons, context triggers and the prefilter. */
void imr__lexicon_free_all(imr_rules *rules);

#endif
