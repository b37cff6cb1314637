/* context.h - negation, uncertainty and the other contexts of a match (internal).
 *
 * The trigger phrases of the context file (docs/lexicon.md) are matched
 * once over a whole text into sorted span lists; the context of each
 * lexicon match is then decided from the triggers in its clause: the part
 * of its sentence between terminators ("but", "however", ";"). */
#ifndef IMR_CONTEXT_H
#define IMR_CONTEXT_H

#include <stddef.h>

#include "model.h"
#include "prefilter.h"
#include "regex.h"

typedef struct imr_span_list {
	size_t *start, *end;
	size_t count, cap;
} imr_span_list;

typedef struct imr_ctx_index {
	imr_span_list lists[IMR_TRIG_COUNT];
} imr_ctx_index;

/* Find every trigger in [start, end) of @p text, searching only where
 * their atoms occur (@p hits, as scanned for @p text; NULL to search
 * everywhere). Returns 0, IMR_ELIMIT (a trigger pattern hit a match limit;
 * *at receives the offset) or IMR_ENOMEM. */
int imr__context_index(imr_ctx_index *idx, const imr_context_rules *cr, imr_matcher *m, imr_hits *hits,
		       const char *text, size_t start, size_t end, size_t *at);

/* A part of a text to index: [start, end). */
typedef struct imr_ctx_range {
	size_t start, end;
} imr_ctx_range;

/* As imr__context_index(), but over the @p nranges ranges of @p text (in
 * order and apart; each search sees the text as @p end bytes long): the
 * triggers are looked for from each range's start on and kept where they
 * start inside it, none between ranges. For the sentences that hold a
 * match to judge: a trigger that would begin in the sentence before and
 * reach into the match's is not found (its context is read within its own
 * sentence). */
int imr__context_index_ranges(imr_ctx_index *idx, const imr_context_rules *cr, imr_matcher *m, imr_hits *hits,
			      const char *text, size_t end, const imr_ctx_range *ranges, size_t nranges, size_t *at);

/* IMR_CTX_* flags of the match [m_start, m_end) in the sentence
 * [s_start, s_end). */
unsigned imr__context_flags(const imr_ctx_index *idx, const imr_context_rules *cr, const char *text,
			    size_t s_start, size_t s_end, size_t m_start, size_t m_end);

void imr__context_index_clear(imr_ctx_index *idx);
void imr__context_index_dispose(imr_ctx_index *idx);

#endif
