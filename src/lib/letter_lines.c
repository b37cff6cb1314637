/* letter_lines.c - lines, headings, labels, page debris, joined strings (letter_lines.h).
 *
 * Passes over the normalised text, each looking at every line a bounded
 * number of times:
 *   1. lines: content bounds with the spaces trimmed;
 *   2. classification: section headings and item field and credentials
 *      labels, from the letter-layout words;
 *   3. debris: page numbers and running headers/footers repeated across
 *      form-feed pages become blank lines.
 * Strings are built by joining lines with one space; a hyphen at a line
 * end is kept ("right-sided") unless the letter itself spells the word
 * whole elsewhere ("treat-" + "ment"), checked against a set of the
 * letter's words built on the first such hyphen. */
#include "letter_lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "letter_items.h"

/* Running headers and footers: how many lines deep to look at each page
 * edge (a header of a letterhead and a case number line is two). */
#define MAX_EDGE_ROUNDS 3

static const char *skip_spaces(const char *s, const char *e)
{
	while (s < e && imr__is_space((unsigned char)*s))
		s++;
	return s;
}

/* ---- lines ---- */

int imr__lines_build(imr_lparser *p)
{
	size_t off = 0, cap = 0;
	void *items = NULL;
	while (off <= p->len) {
		const char *nl = memchr(p->s + off, '\n', p->len - off);
		size_t end = nl ? (size_t)(nl - p->s) : p->len;
		imr_lline *l;
		/* on failure p->lines still holds the lines so far; the caller frees it */
		if (imr__grow(&items, &cap, p->nlines + 1, sizeof(imr_lline)) < 0)
			return IMR_ENOMEM;
		p->lines = items;
		l = &p->lines[p->nlines++];
		memset(l, 0, sizeof(*l));
		l->raw = off;
		l->start = off;
		l->end = end;
		while (l->start < l->end && p->s[l->start] == ' ')
			l->start++;
		while (l->end > l->start && p->s[l->end - 1] == ' ')
			l->end--;
		l->kind = l->start == l->end ? IMR_LK_BLANK : IMR_LK_TEXT;
		l->field = -1;
		l->cred = -1;
		if (!nl)
			break;
		off = end + 1;
	}
	p->lines = items;
	return IMR_OK;
}

size_t imr__lines_prev_text(const imr_lparser *p, size_t i, size_t floor)
{
	while (i > 0 && (floor == IMR_LNONE || i - 1 > floor)) {
		i--;
		if (imr__ltext(p, i))
			return i;
	}
	return IMR_LNONE;
}

size_t imr__lines_next_text(const imr_lparser *p, size_t i, size_t limit)
{
	for (i++; i < limit; i++)
		if (imr__ltext(p, i))
			return i;
	return IMR_LNONE;
}

size_t imr__lines_last_text(const imr_lparser *p)
{
	size_t i = p->nlines;
	while (i > 0) {
		i--;
		if (imr__ltext(p, i))
			return i;
	}
	return IMR_LNONE;
}

size_t imr__lines_at(const imr_lparser *p, size_t off)
{
	size_t lo = 0, hi = p->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->lines[mid].raw <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t imr__lines_raw(const imr_lparser *p, size_t line)
{
	return line < p->nlines ? p->lines[line].raw : p->len;
}

size_t imr__lines_section_end(const imr_lparser *p, size_t head)
{
	size_t i;
	for (i = head + 1; i < p->nlines; i++)
		if (p->lines[i].heading)
			return i;
	return p->nlines;
}

/* ---- classification ---- */

/* The heading line @p i is, if any: the longest heading that matches at
 * the start of the line and, unless it is inline, fills it (a final colon
 * allowed). An inline heading needs its colon. */
static const imr_lphrase *heading_at(const imr_lparser *p, size_t i, const char **after)
{
	const imr_lphrases *hs = imr__lwords(p, IMR_LL_HEADINGS);
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *best_end = NULL;
	const imr_lphrase *best = NULL;
	size_t k;
	if (!hs->first[imr__lower((unsigned char)*s)])
		return NULL;
	for (k = 0; k < hs->count; k++) {
		const char *m = imr__layout_match_at(s, e, hs->items[k].text);
		if (!m || (best && m <= best_end))
			continue;
		if (hs->items[k].is_inline) {
			const char *c = skip_spaces(m, e);
			if (c >= e || *c != ':')
				continue;
			m = c + 1;
		} else if (m < e && !(*m == ':' && m + 1 == e)) {
			continue;
		} else if (m < e) {
			m++;
		}
		best = &hs->items[k];
		best_end = m;
	}
	*after = best_end;
	return best;
}

/* A label of @p list at the start of [s, e): its words, then a colon (or
 * the end of the line for an item field label, which may stand alone). */
static const imr_lphrase *label_at(const imr_lphrases *list, const char *s, const char *e,
				   int colon_needed, const char **after)
{
	const imr_lphrase *which;
	const char *m = imr__layout_prefix(list, s, e, &which), *c;
	if (!m)
		return NULL;
	c = skip_spaces(m, e);
	if (c < e && *c == ':')
		m = c + 1;
	else if (colon_needed || c < e)
		return NULL;
	*after = m;
	return which;
}

void imr__lines_classify(imr_lparser *p)
{
	size_t i, r;
	for (r = 0; r < IMR_LROLE_COUNT; r++)
		p->first[r] = IMR_LNONE;
	for (i = 0; i < p->nlines; i++) {
		imr_lline *l = &p->lines[i];
		const char *s = imr__lstart(p, i), *e = imr__lend(p, i), *after = NULL;
		const imr_lphrase *h;
		if (l->kind == IMR_LK_BLANK)
			continue;
		if ((h = heading_at(p, i, &after)) != NULL) {
			l->heading = h;
			l->after = after;
			l->flags |= IMR_LF_HEADING;
			l->kind = IMR_LK_TEXT; /* a heading is never debris */
			if (p->first[h->value] == IMR_LNONE)
				p->first[h->value] = i;
			continue;
		}
		if ((h = label_at(imr__lwords(p, IMR_LL_FIELD_LABELS), s, e, 0, &after)) != NULL) {
			l->field = (signed char)h->value;
		} else if ((h = label_at(imr__lwords(p, IMR_LL_CRED_LABELS), s, e, 1, &after)) != NULL) {
			l->cred = (signed char)h->value;
		} else {
			continue;
		}
		l->after = after;
		l->flags |= IMR_LF_LABEL;
	}
}

/* ---- page debris ---- */

/* "12", "- 12 -", "Page 12", "Page 12 of 30", "12 of 30": the forms page
 * numbers take whatever the letter (typography, not wording). */
static int page_number_form(const char *s, const char *e, int *bare)
{
	const char *m;
	int digits = 0, page = 0, of = 0;
	if ((m = imr__layout_match_at(s, e, "page ")) != NULL) {
		s = m;
		page = 1;
	}
	if (s < e && *s == '-')
		s = skip_spaces(s + 1, e);
	while (s < e && imr__is_digit((unsigned char)*s) && digits < 5) {
		s++;
		digits++;
	}
	if (!digits || digits > 4)
		return 0;
	if ((m = imr__layout_match_at(s, e, " of ")) != NULL) {
		int d2 = 0;
		s = m;
		while (s < e && imr__is_digit((unsigned char)*s)) {
			s++;
			d2++;
		}
		if (!d2)
			return 0;
		of = 1;
	}
	s = skip_spaces(s, e);
	if (s < e && *s == '-')
		s = skip_spaces(s + 1, e);
	*bare = !page && !of;
	return s == e;
}

/* A label, a heading or a decision line is content, wherever it sits. */
static int protected_line(const imr_lparser *p, size_t i)
{
	const char *ws;
	int upheld;
	return p->lines[i].heading || p->lines[i].flags & IMR_LF_LABEL ||
	       imr__items_decision_word(p, imr__lstart(p, i), imr__lend(p, i), &ws, &upheld);
}

typedef struct edge {
	size_t line;
	unsigned long hash;
} edge;

static int cmp_edge(const void *a, const void *b)
{
	const edge *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A line's text with digit runs folded, so "Page 2 of 5" and "Page 3 of 5"
 * count as the same running header. */
static unsigned long edge_hash(const imr_lparser *p, size_t i)
{
	unsigned long h = 5381;
	const char *s = imr__lstart(p, i), *e = imr__lend(p, i);
	int in_digits = 0;
	for (; s < e; s++) {
		int c = imr__lower((unsigned char)*s);
		if (imr__is_digit(c)) {
			if (in_digits)
				continue;
			in_digits = 1;
			c = '#';
		} else {
			in_digits = 0;
		}
		h = h * 33 + (unsigned long)c;
	}
	return h;
}

static int same_folded(const imr_lparser *p, size_t a, size_t b)
{
	const char *x = imr__lstart(p, a), *xe = imr__lend(p, a);
	const char *y = imr__lstart(p, b), *ye = imr__lend(p, b);
	while (x < xe && y < ye) {
		if (imr__is_digit((unsigned char)*x) && imr__is_digit((unsigned char)*y)) {
			while (x < xe && imr__is_digit((unsigned char)*x))
				x++;
			while (y < ye && imr__is_digit((unsigned char)*y))
				y++;
			continue;
		}
		if (imr__lower((unsigned char)*x) != imr__lower((unsigned char)*y))
			return 0;
		x++;
		y++;
	}
	return x == xe && y == ye;
}

/* Whether a page-edge line may be a running header or footer: those are
 * labels ("CM16-0213037", "Page 2 of 5", a letterhead), not the end of a
 * sentence, which many pages of one letter can share ("such, the request
 * is not medically necessary."). */
static int header_like(const imr_lparser *p, size_t i)
{
	char c = imr__lend(p, i)[-1];
	return !protected_line(p, i) && c != '.' && c != ',' && c != ';' && c != ':' && c != '?';
}

/* Running headers (@p top) or footers: the first (last) content line of a
 * page that repeats, digits aside, on at least two pages and on two
 * thirds of the pages that could carry it (pages with content, the first
 * page aside for headers, the last for footers). Lines become debris;
 * returns how many. */
static size_t strip_edges(imr_lparser *p, const size_t *page_first, size_t npages, int top,
			  edge *scratch)
{
	size_t k, n = 0, marked = 0, breaks = 0;
	for (k = 0; k < npages; k++) {
		size_t i;
		if (top ? k == 0 : k == npages - 1)
			continue; /* headers repeat from page 2, footers up to the last-but-one */
		if (top) {
			i = page_first[k];
			while (i < page_first[k + 1] && !imr__ltext(p, i))
				i++;
			if (i >= page_first[k + 1])
				continue;
		} else {
			i = page_first[k + 1];
			while (i > page_first[k] && !imr__ltext(p, i - 1))
				i--;
			if (i == page_first[k])
				continue;
			i--;
		}
		breaks++;
		if (!header_like(p, i))
			continue;
		scratch[n].line = i;
		scratch[n].hash = edge_hash(p, i);
		n++;
	}
	qsort(scratch, n, sizeof(edge), cmp_edge);
	for (k = 0; k < n;) {
		size_t j = k + 1, m, same = 1;
		while (j < n && scratch[j].hash == scratch[k].hash)
			j++;
		for (m = k + 1; m < j; m++)
			same += same_folded(p, scratch[k].line, scratch[m].line);
		if (same >= 2 && same * 3 >= breaks * 2) {
			for (m = k; m < j; m++)
				if (same_folded(p, scratch[k].line, scratch[m].line)) {
					p->lines[scratch[m].line].kind = IMR_LK_DEBRIS;
					marked++;
				}
		}
		k = j;
	}
	return marked;
}

int imr__lines_mark_debris(imr_lparser *p)
{
	size_t i, npages = imr_text_page_count(p->text);
	size_t *page_first = NULL;
	edge *scratch = NULL;
	int round, err = IMR_OK;
	size_t j = IMR_LNONE; /* the last non-blank line before i, debris or not */
	const imr_lphrases *pages = imr__lwords(p, IMR_LL_CITE_PAGES);

	for (i = 0; i < p->nlines; i++) {
		int bare, page;
		const char *ks;
		const imr_lphrase *kw;
		if (p->lines[i].kind == IMR_LK_BLANK)
			continue;
		page = page_number_form(imr__lstart(p, i), imr__lend(p, i), &bare);
		/* a citation's page keyword wrapped before its number: the number is
		 * the citation's, not a page number */
		if (page && bare && j != IMR_LNONE &&
		    imr__layout_suffix(pages, imr__lstart(p, j), imr__lend(p, j), &ks, &kw))
			page = 0;
		j = i;
		if (page)
			p->lines[i].kind = IMR_LK_DEBRIS;
	}
	if (npages < 3)
		return IMR_OK; /* one break cannot show a repetition */
	page_first = imr__calloc(npages + 1, sizeof(size_t));
	scratch = imr__calloc(npages, sizeof(edge));
	if (!page_first || !scratch) {
		err = IMR_ENOMEM;
		goto done;
	}
	{
		size_t k = 1;
		page_first[0] = 0;
		for (i = 0; i < p->nlines && k < npages; i++)
			while (k < npages && imr_text_page(p->text, p->lines[i].raw) > k)
				page_first[k++] = i;
		while (k <= npages)
			page_first[k++] = p->nlines;
	}
	for (round = 0; round < MAX_EDGE_ROUNDS; round++)
		if (!strip_edges(p, page_first, npages, 1, scratch))
			break;
	for (round = 0; round < MAX_EDGE_ROUNDS; round++)
		if (!strip_edges(p, page_first, npages, 0, scratch))
			break;
done:
	imr__free(page_first);
	imr__free(scratch);
	return err;
}

/* ---- joining lines into strings ---- */

static int sb_put(imr_lparser *p, const char *s, size_t n)
{
	if (p->sblen + n + 1 > p->sbcap) {
		void *b = p->sb;
		if (imr__grow(&b, &p->sbcap, p->sblen + n + 1, 1) < 0) {
			p->err = IMR_ENOMEM;
			return -1;
		}
		p->sb = b;
	}
	memcpy(p->sb + p->sblen, s, n);
	p->sblen += n;
	return 0;
}

/* ---- words hyphenated across lines ---- */

static uint32_t word_hash(uint32_t h, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (uint32_t)imr__lower((unsigned char)s[i])) * 16777619u; /* FNV-1a */
	return h;
}

#define WORD_HASH_SEED 2166136261u

static void word_insert(imr_lparser *p, size_t off, size_t n)
{
	uint32_t h = word_hash(WORD_HASH_SEED, p->s + off, n);
	size_t i = h & (p->dcap - 1);
	while (p->dict[i].len) {
		if (p->dict[i].hash == h && p->dict[i].len == n) {
			size_t k;
			for (k = 0; k < n; k++)
				if (imr__lower((unsigned char)p->s[off + k]) !=
				    imr__lower((unsigned char)p->s[p->dict[i].off + k]))
					break;
			if (k == n)
				return;
		}
		i = (i + 1) & (p->dcap - 1);
	}
	p->dict[i].off = off;
	p->dict[i].len = (uint32_t)n;
	p->dict[i].hash = h;
}

/* Every run of two or more ASCII letters of the letter, once. */
static int build_words(imr_lparser *p)
{
	size_t i = 0, count = 0, cap = 64;
	p->dict_built = 1;
	while (i < p->len) {
		size_t j = i;
		while (j < p->len && imr__is_alpha((unsigned char)p->s[j]))
			j++;
		count += j - i >= 2;
		i = j + 1;
	}
	while (cap < 2 * count)
		cap *= 2;
	p->dict = imr__calloc(cap, sizeof(imr_lword));
	if (!p->dict) {
		p->err = IMR_ENOMEM;
		return -1;
	}
	p->dcap = cap;
	for (i = 0; i < p->len;) {
		size_t j = i;
		while (j < p->len && imr__is_alpha((unsigned char)p->s[j]))
			j++;
		if (j - i >= 2 && j - i < 0xFFFFFFFFu)
			word_insert(p, i, j - i);
		i = j + 1;
	}
	return 0;
}

/* Whether @p a followed by @p b (case folded) is a word of the letter. */
static int is_word(imr_lparser *p, const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t h;
	size_t i;
	if (!p->dict_built && build_words(p) < 0)
		return 0;
	if (!p->dcap)
		return 0;
	h = word_hash(word_hash(WORD_HASH_SEED, a, an), b, bn);
	for (i = h & (p->dcap - 1); p->dict[i].len; i = (i + 1) & (p->dcap - 1)) {
		const char *w = p->s + p->dict[i].off;
		size_t k;
		if (p->dict[i].hash != h || p->dict[i].len != an + bn)
			continue;
		for (k = 0; k < an; k++)
			if (imr__lower((unsigned char)w[k]) != imr__lower((unsigned char)a[k]))
				break;
		if (k < an)
			continue;
		for (k = 0; k < bn; k++)
			if (imr__lower((unsigned char)w[an + k]) != imr__lower((unsigned char)b[k]))
				break;
		if (k == bn)
			return 1;
	}
	return 0;
}

/* At a line break after "...treat-": whether the hyphen only broke a word
 * ("treat-" + "ment" where the letter writes "treatment" elsewhere) rather
 * than joining a compound ("right-" + "sided", "x-" + "rays"). The letter's
 * own words are the dictionary, so no word list ships with the library. */
static int broken_word(imr_lparser *p, const char *next, const char *end)
{
	const char *x = p->sb + p->sblen - 1, *y = next;
	while (x > p->sb && imr__is_alpha((unsigned char)x[-1]))
		x--;
	while (y < end && imr__is_alpha((unsigned char)*y))
		y++;
	if (x == p->sb + p->sblen - 1 || y == next || !(*next >= 'a' && *next <= 'z'))
		return 0;
	return is_word(p, x, (size_t)(p->sb + p->sblen - 1 - x), next, (size_t)(y - next));
}

/* The first byte of [from, to) of @p s that is a space after a space, or
 * @p to; s[from - 1] must be readable. Most lines have no such pair, so
 * sixteen bytes are compared at a time where the processor can. */
static size_t second_space(const char *s, size_t from, size_t to)
{
#if defined(__SSE2__)
	const __m128i space = _mm_set1_epi8(' ');
	for (; from + 16 <= to; from += 16) {
		__m128i here = _mm_loadu_si128((const __m128i *)(const void *)(s + from));
		__m128i before = _mm_loadu_si128((const __m128i *)(const void *)(s + from - 1));
		int pair = _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(here, space), _mm_cmpeq_epi8(before, space)));
		if (pair)
			return from + (size_t)__builtin_ctz((unsigned)pair);
	}
#endif
	for (; from < to; from++)
		if (s[from] == ' ' && s[from - 1] == ' ')
			return from;
	return to;
}

size_t imr__lines_join_scratch(imr_lparser *p, size_t from, size_t to)
{
	size_t i;
	p->sblen = 0;
	if (from >= to)
		return 0;
	for (i = imr__lines_at(p, from); i < p->nlines && p->lines[i].raw < to; i++) {
		const imr_lline *l = &p->lines[i];
		size_t a = l->start > from ? l->start : from, b = l->end < to ? l->end : to;
		if (l->kind != IMR_LK_TEXT)
			continue;
		while (a < b && p->s[a] == ' ')
			a++;
		while (b > a && p->s[b - 1] == ' ')
			b--;
		if (a >= b)
			continue;
		if (p->sblen) {
			char last = p->sb[p->sblen - 1];
			int hyphen = last == '-' && p->sblen >= 2 &&
				     imr__is_alnum((unsigned char)p->sb[p->sblen - 2]);
			if (hyphen && broken_word(p, p->s + a, p->s + b))
				p->sblen--;
			else if (!hyphen && last != ' ' && sb_put(p, " ", 1) < 0)
				return 0;
		}
		{
			/* the line with each run of spaces one space (it neither
			 * starts nor ends with one): copied whole, then squeezed in
			 * place from its first pair of spaces on, where writing
			 * never overtakes reading */
			size_t at = p->sblen, r, w;
			if (sb_put(p, p->s + a, b - a) < 0)
				return 0;
			r = w = second_space(p->sb, at + 1, at + (b - a));
			for (; r < at + (b - a); r++)
				if (p->sb[r] != ' ' || p->sb[w - 1] != ' ')
					p->sb[w++] = p->sb[r];
			p->sblen = w;
		}
	}
	while (p->sblen && p->sb[p->sblen - 1] == ' ')
		p->sblen--;
	return p->sblen;
}

char *imr__lines_strndup(imr_lparser *p, const char *s, size_t n)
{
	char *c = imr__arena_strndup(p->arena, s, n);
	if (!c)
		p->err = IMR_ENOMEM;
	return c;
}

char *imr__lines_join(imr_lparser *p, size_t from, size_t to)
{
	size_t n = imr__lines_join_scratch(p, from, to);
	if (!n || p->err)
		return NULL;
	return imr__lines_strndup(p, p->sb, n);
}

imr_span imr__lines_span(const imr_lparser *p, size_t from, size_t to)
{
	imr_span sp;
	/* start at content, not at the spaces and blank lines before it */
	while (from < to && imr__is_space((unsigned char)p->s[from]))
		from++;
	while (to > from && imr__is_space((unsigned char)p->s[to - 1]))
		to--;
	sp.start = from;
	sp.end = to;
	sp.line = imr_text_line(p->text, from);
	return sp;
}

/* ---- diagnostics ---- */

void imr__lines_diag(imr_lparser *p, const char *code, size_t offset, int status, const char *fmt,
		     ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imr_diags_add(p->diags, IMR_SEVERITY_ERROR, code, p->name, imr_text_line(p->text, offset),
		      imr_text_column(p->text, offset), "%s", msg);
	if (!p->err)
		p->err = status;
}

void imr__lines_relate(imr_lparser *p, size_t offset)
{
	imr_diags_relate(p->diags, imr_text_line(p->text, offset), imr_text_column(p->text, offset));
}

void imr__lines_quote(char out[IMR_LQUOTE_BYTES + 4], const char *s, size_t n)
{
	if (n > IMR_LQUOTE_BYTES) {
		/* do not cut a UTF-8 sequence in half */
		size_t k = IMR_LQUOTE_BYTES;
		while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		memcpy(out, s, k);
		memcpy(out + k, "...", 4);
		return;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}
