/* context.c - NegEx-style context of lexicon matches.
 *
 * Rules (docs/lexicon.md, "Context"): negation reaches at most `window`
 * words from its trigger and never past a clause terminator; a pseudo
 * trigger ("no increase", "not only") hides the negation inside it;
 * uncertainty counts on either side of the match within the clause; the
 * historical, hypothetical, planned and other-person triggers count before
 * the match within its clause; a statement about the record counts before
 * the match anywhere in its clause and after it within the window;
 * qualifiers count like negation, within the window before or after. */
#include "context.h"

#include <ctype.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"

static int push_span(imr_span_list *l, size_t s, size_t e)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		size_t *ns = imr__realloc(l->start, cap * sizeof(size_t));
		size_t *ne;
		if (!ns)
			return IMR_ENOMEM;
		l->start = ns;
		ne = imr__realloc(l->end, cap * sizeof(size_t));
		if (!ne)
			return IMR_ENOMEM;
		l->end = ne;
		l->cap = cap;
	}
	l->start[l->count] = s;
	l->end[l->count] = e;
	l->count++;
	return 0;
}

void imr__context_index_clear(imr_ctx_index *idx)
{
	size_t i;
	for (i = 0; i < IMR_TRIG_COUNT; i++)
		idx->lists[i].count = 0;
}

void imr__context_index_dispose(imr_ctx_index *idx)
{
	size_t i;
	for (i = 0; i < IMR_TRIG_COUNT; i++) {
		imr__free(idx->lists[i].start);
		imr__free(idx->lists[i].end);
	}
	memset(idx, 0, sizeof(*idx));
}

/* The matches of one trigger list starting in the @p nranges ranges (in
 * order, apart) of @p text (searched as @p end bytes long), left to right
 * and not overlapping, as one alternation of its patterns would find
 * them: at the leftmost position where any pattern matches, the first
 * pattern of the list that matches there. Each pattern's next match is
 * kept until the search passes it, so each pattern is searched about once
 * per match, and not at all in the text between ranges. */
static int index_list(imr_span_list *out, imr_regex *const *pats, size_t n, uint32_t base, imr_matcher *m,
		      imr_hits *hits, const char *text, size_t end, const imr_ctx_range *ranges, size_t nranges,
		      size_t *at)
{
	size_t small_s[64], small_e[64], *next_s = small_s, *next_e = small_e, ovec[2], pos = 0, r = 0, i;
	unsigned char small_state[64], *state = small_state; /* 0 not searched, 1 found, 2 no more */
	int err = 0;

	if (n > 64) {
		next_s = imr__malloc(n * sizeof(size_t));
		next_e = imr__malloc(n * sizeof(size_t));
		state = imr__malloc(n);
		if (!next_s || !next_e || !state) {
			err = IMR_ENOMEM;
			goto done;
		}
	}
	imr__hits_may_match_each(hits, pats, base, n, state);
	for (i = 0; i < n; i++)
		state[i] = state[i] ? 0 : 2;
	while (r < nranges && !err) {
		size_t best = n;
		if (pos < ranges[r].start)
			pos = ranges[r].start;
		if (pos >= ranges[r].end) {
			r++;
			continue;
		}
		for (i = 0; i < n; i++) {
			if (state[i] == 2)
				continue;
			if (state[i] == 0 || next_s[i] < pos) {
				int rc = imr__prefilter_find_nth(m, pats[i], base + (uint32_t)i, hits, text, end, pos, ovec, 2);
				if (rc < 0) {
					*at = pos;
					err = rc;
					goto done;
				}
				if (rc == 0) {
					state[i] = 2;
					continue;
				}
				state[i] = 1;
				next_s[i] = ovec[0];
				next_e[i] = ovec[1];
			}
			if (best == n || next_s[i] < next_s[best])
				best = i;
		}
		if (best == n)
			break;
		if (next_s[best] >= ranges[r].end) {
			/* past this range: on from the next one's start (the
			 * matches found beyond it are kept where they start
			 * inside it) */
			r++;
			continue;
		}
		if (push_span(out, next_s[best], next_e[best]) < 0)
			err = IMR_ENOMEM;
		pos = next_e[best] > next_s[best] ? next_e[best] : next_s[best] + 1;
	}
done:
	if (n > 64) {
		imr__free(next_s);
		imr__free(next_e);
		imr__free(state);
	}
	return err;
}

int imr__context_index(imr_ctx_index *idx, const imr_context_rules *cr, imr_matcher *m, imr_hits *hits,
		       const char *text, size_t start, size_t end, size_t *at)
{
	imr_ctx_range whole;
	whole.start = start;
	whole.end = end;
	return imr__context_index_ranges(idx, cr, m, hits, text, end, &whole, 1, at);
}

int imr__context_index_ranges(imr_ctx_index *idx, const imr_context_rules *cr, imr_matcher *m, imr_hits *hits,
			      const char *text, size_t end, const imr_ctx_range *ranges, size_t nranges, size_t *at)
{
	size_t t;
	imr__context_index_clear(idx);
	for (t = 0; t < IMR_TRIG_COUNT; t++) {
		int err;
		/* case references are looked up per sentence by the audit */
		if (!cr->ntriggers[t] || t == IMR_TRIG_CASE)
			continue;
		err = index_list(&idx->lists[t], cr->triggers[t], cr->ntriggers[t], cr->trigger_base[t], m, hits, text,
				 end, ranges, nranges, at);
		if (err < 0)
			return err;
	}
	return 0;
}

/* First span index with start >= @p pos. */
static size_t lower_bound(const imr_span_list *l, size_t pos)
{
	size_t lo = 0, hi = l->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->start[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Words in [a, b), counting at most @p cap + 1 of them: callers only ask
 * whether the distance is within a window. */
static size_t words_between(const char *text, size_t a, size_t b, size_t cap)
{
	size_t words = 0, i;
	int in_word = 0;
	for (i = a; i < b && words <= cap; i++) {
		int w = !isspace((unsigned char)text[i]);
		if (w && !in_word)
			words++;
		in_word = w;
	}
	return words;
}

/* Whether a trigger of list @p kind covers [s, e). Such phrases are
 * short, so only spans starting shortly before s can cover it. */
static int inside_list(const imr_ctx_index *idx, int kind, size_t s, size_t e)
{
	const imr_span_list *p = &idx->lists[kind];
	size_t i = lower_bound(p, s + 1);
	while (i-- > 0) {
		if (p->start[i] + 256 < s)
			break;
		if (p->start[i] <= s && p->end[i] >= e)
			return 1;
	}
	return 0;
}

/* Whether a negation trigger at [s, e) is no negation: it lies inside a
 * pseudo trigger ("no increase"), or inside a statement about the record
 * ("the records do not document"), whose "not" speaks of the record. */
static int inside_pseudo(const imr_ctx_index *idx, size_t s, size_t e)
{
	return inside_list(idx, IMR_TRIG_PSEUDO, s, e) || inside_list(idx, IMR_TRIG_RECORD, s, e);
}

/* The clause around the match: bounded by the nearest terminators inside
 * the sentence. */
static void clause_bounds(const imr_ctx_index *idx, size_t s_start, size_t s_end, size_t m_start,
			  size_t m_end, size_t *c_start, size_t *c_end)
{
	const imr_span_list *t = &idx->lists[IMR_TRIG_TERMINATOR];
	size_t i = lower_bound(t, m_start), j;
	*c_start = s_start;
	*c_end = s_end;
	/* terminators are short, so the one ending before the match starts
	 * within a few entries before position m_start */
	for (j = i; j-- > 0 && t->start[j] >= s_start;) {
		if (t->end[j] <= m_start) {
			*c_start = t->end[j];
			break;
		}
	}
	for (j = lower_bound(t, m_end); j < t->count && t->start[j] < s_end; j++) {
		*c_end = t->start[j];
		break;
	}
}

/* A trigger of list @p kind lies in [from, m_start), ending before the
 * match. With @p window set, it must also be within that many words of
 * the match: the search goes from the nearest trigger outwards and stops
 * at the first one that is too far. */
static int trigger_before(const imr_ctx_index *idx, int kind, const char *text, size_t from,
			  size_t m_start, unsigned window, int check_pseudo)
{
	const imr_span_list *l = &idx->lists[kind];
	size_t i = lower_bound(l, m_start);
	while (i-- > 0) {
		if (l->start[i] < from)
			break;
		if (l->end[i] > m_start)
			continue;
		if (window && words_between(text, l->end[i], m_start, window) > window)
			break;
		if (check_pseudo && inside_pseudo(idx, l->start[i], l->end[i]))
			continue;
		return 1;
	}
	return 0;
}

/* A span of list @p kind lying wholly within [from, to). */
static int span_within(const imr_ctx_index *idx, int kind, size_t from, size_t to)
{
	const imr_span_list *l = &idx->lists[kind];
	size_t i = lower_bound(l, from);
	return i < l->count && l->end[i] <= to;
}

/* A negation before the match: the nearest negation trigger of the
 * clause within the window (1), unless a qualifier stands between it and
 * the match ("no evidence of a failure of antidepressants", "no further
 * therapy"): then the negation is of the failure, or of more therapy, and
 * says nothing either way of the match itself (2). */
static int negation_before(const imr_ctx_index *idx, const char *text, size_t from, size_t m_start,
			   unsigned window)
{
	const imr_span_list *l = &idx->lists[IMR_TRIG_NEG_BEFORE];
	size_t i = lower_bound(l, m_start);
	while (i-- > 0) {
		if (l->start[i] < from)
			break;
		if (l->end[i] > m_start)
			continue;
		if (window && words_between(text, l->end[i], m_start, window) > window)
			break;
		if (inside_pseudo(idx, l->start[i], l->end[i]))
			continue;
		return span_within(idx, IMR_TRIG_QUAL_BEFORE, l->end[i], m_start) ? 2 : 1;
	}
	return 0;
}

static int trigger_after(const imr_ctx_index *idx, int kind, const char *text, size_t m_end,
			 size_t to, unsigned window, int check_pseudo)
{
	const imr_span_list *l = &idx->lists[kind];
	size_t i = lower_bound(l, m_end);
	for (; i < l->count && l->start[i] < to; i++) {
		if (l->end[i] > to)
			break;
		if (window && words_between(text, m_end, l->start[i], window) > window)
			break;
		if (check_pseudo && inside_pseudo(idx, l->start[i], l->end[i]))
			continue;
		return 1;
	}
	return 0;
}

unsigned imr__context_flags(const imr_ctx_index *idx, const imr_context_rules *cr, const char *text,
			    size_t s_start, size_t s_end, size_t m_start, size_t m_end)
{
	size_t c_start, c_end;
	unsigned flags = 0, w = cr->window;
	int neg;

	clause_bounds(idx, s_start, s_end, m_start, m_end, &c_start, &c_end);
	neg = negation_before(idx, text, c_start, m_start, w);
	if (neg == 1 || trigger_after(idx, IMR_TRIG_NEG_AFTER, text, m_end, c_end, w, 1))
		flags |= IMR_CTX_NEGATED;
	else if (neg == 2)
		flags |= IMR_CTX_UNCERTAIN;
	if (trigger_before(idx, IMR_TRIG_UNCERTAIN, text, c_start, m_start, w, 0) ||
	    trigger_after(idx, IMR_TRIG_UNCERTAIN, text, m_end, c_end, w, 0))
		flags |= IMR_CTX_UNCERTAIN;
	if (trigger_before(idx, IMR_TRIG_HISTORICAL, text, c_start, m_start, 0, 0))
		flags |= IMR_CTX_HISTORICAL;
	if (trigger_before(idx, IMR_TRIG_HYPOTHETICAL, text, c_start, m_start, 0, 0))
		flags |= IMR_CTX_HYPOTHETICAL;
	if (trigger_before(idx, IMR_TRIG_PLANNED, text, c_start, m_start, 0, 0))
		flags |= IMR_CTX_PLANNED;
	if (trigger_before(idx, IMR_TRIG_OTHER, text, c_start, m_start, 0, 0))
		flags |= IMR_CTX_OTHER_PERSON;
	/* "the records do not report X or indicate Y": a statement about the
	 * record covers the rest of its clause, however long the list */
	if (trigger_before(idx, IMR_TRIG_RECORD, text, c_start, m_start, 0, 0) ||
	    trigger_after(idx, IMR_TRIG_RECORD, text, m_end, c_end, w, 0))
		flags |= IMR_CTX_RECORD;
	/* a qualifier may also open the match itself ("additional physical
	 * therapy" as one phrase of a lexicon) */
	if (span_within(idx, IMR_TRIG_QUAL_BEFORE, m_start, m_end) ||
	    trigger_before(idx, IMR_TRIG_QUAL_BEFORE, text, c_start, m_start, w, 0) ||
	    trigger_after(idx, IMR_TRIG_QUAL_AFTER, text, m_end, c_end, w, 0))
		flags |= IMR_CTX_QUALIFIED;
	return flags;
}
