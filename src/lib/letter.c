/* letter.c - IMR final determination letters: layout, sections, items (letter.h).
 *
 * Reads normalised text (text.h) line by line, in passes that each look at
 * every line a bounded number of times, so a letter costs time linear in
 * its length:
 *   1. lines: content bounds with the spaces trimmed;
 *   2. debris: page numbers and running headers/footers repeated across
 *      form-feed pages become blank lines;
 *   3. headings: the first line of each known section heading;
 *   4. layout: which heading set is present, in which order;
 *   5. header block, credentials, summary;
 *   6. items: decision lines are found first; each service is then read
 *      backwards from its decision line to the end of the previous
 *      sentence (at most MAX_SERVICE_LINES lines), and each item's fields
 *      are the labelled runs of lines up to the next item.
 * Lines are joined with one space; a hyphen at a line end is kept
 * ("right-sided") unless the letter itself spells the word whole elsewhere
 * ("treat-" + "ment"), checked against a set of the letter's words built
 * on the first such hyphen. docs/letters.md describes the layouts and the
 * reading rules.
 *
 * Invariants: every string handed out is copied into the letter's arena,
 * never into or out of the imr_text; a letter is returned whole or not at
 * all; plain C scanning, nothing is compiled per letter. */
#include "imrcheck/letter.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "imrcheck/date.h"

/* A wrapped service name or a partial-overturn sentence spans at most a
 * few lines (four in the 2016-17 corpus); the cap keeps a letter without
 * sentence ends from making the backward walk long. */
#define MAX_SERVICE_LINES 8u
/* A numbered 2013 summary statement wraps over at most a few lines. */
#define MAX_STATEMENT_LINES 8u
/* Running headers and footers: how many lines deep to look at each page
 * edge (a header of a letterhead and a case number line is two). */
#define MAX_EDGE_ROUNDS 3
/* Services quoted in messages are cut to this many bytes. */
#define QUOTE_BYTES 60

#define NONE ((size_t)-1)

/* ---- lines ---- */

enum { K_TEXT = 0, K_BLANK, K_DEBRIS };

/* What a line is, for the boundary tests of the backward walk. */
enum {
	F_HEADING = 1,
	F_LABEL = 2,
	F_ITEM = 4 /* part of an item's service or decision */
};

typedef struct lline {
	size_t raw;         /* first byte of the line */
	size_t start, end;  /* content without leading and trailing spaces */
	unsigned char kind;
	unsigned char flags;
	signed char heading; /* H_* or -1 */
	signed char label;   /* L_* or -1 */
} lline;

/* ---- headings and labels ---- */

enum {
	H_HOW,
	H_CRED,
	H_DOCS,
	H_SUMMARY,
	H_ISSUES,
	H_DECISIONS,
	H_NOTICE,
	H_NOTICE_DR,
	H_QUALS,
	H_CASE_SUMMARY,
	H_COUNT
};

static const struct {
	const char *text;
	int id;
	int whole; /* the line is the heading (an optional ':' may follow) */
} headings[] = {
	{ "HOW THE IMR FINAL DETERMINATION WAS MADE", H_HOW, 1 },
	{ "The Expert Reviewer has the following credentials:", H_CRED, 1 },
	{ "DOCUMENTS REVIEWED", H_DOCS, 1 },
	{ "CLINICAL CASE SUMMARY", H_SUMMARY, 1 },
	{ "IMR ISSUES, DECISIONS AND RATIONALES", H_ISSUES, 1 },
	{ "IMR DECISION(S) AND RATIONALE(S)", H_DECISIONS, 1 },
	{ "Notice of Independent Medical Review Determination", H_NOTICE, 1 },
	{ "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", H_NOTICE_DR, 1 },
	{ "Medical Qualifications of the Expert Reviewer:", H_QUALS, 0 },
	{ "Case Summary:", H_CASE_SUMMARY, 0 },
	{ "Expert Reviewer Case Summary:", H_CASE_SUMMARY, 0 },
};

static const char *const heading_names[H_COUNT] = {
	"HOW THE IMR FINAL DETERMINATION WAS MADE",
	"The Expert Reviewer has the following credentials:",
	"DOCUMENTS REVIEWED",
	"CLINICAL CASE SUMMARY",
	"IMR ISSUES, DECISIONS AND RATIONALES",
	"IMR DECISION(S) AND RATIONALE(S)",
	"Notice of Independent Medical Review Determination",
	"INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
	"Medical Qualifications of the Expert Reviewer:",
	"Case Summary:",
};

enum {
	L_CA,        /* claims administrator's guideline basis */
	L_REV,       /* reviewer's guideline basis */
	L_RAT,       /* rationale */
	L_LICENSURE,
	L_SPECIALTY,
	L_COUNT
};

static const struct {
	const char *text;
	int id;
} labels[] = {
	{ "Claims Administrator guideline:", L_CA },
	{ "MAXIMUS guideline:", L_REV },
	{ "Decision rationale:", L_RAT },
	{ "Medical Treatment Guideline(s) Used by the Claims Administrator", L_CA },
	{ "Medical Treatment Guideline(s) Used by the Expert Reviewer", L_REV },
	{ "Rationale for the Decision", L_RAT },
	{ "State(s) of Licensure:", L_LICENSURE },
	{ "Certification(s)/Specialty:", L_SPECIALTY },
};

static const char *const label_names[L_COUNT] = {
	"Claims Administrator guideline:", "MAXIMUS guideline:", "Decision rationale:",
	"State(s) of Licensure:", "Certification(s)/Specialty:",
};

/* ---- parser state ---- */

typedef struct letter_box {
	imr_letter pub; /* first: imr_letter_free() casts back */
	imr_arena arena;
} letter_box;

/* One item as found in the text, before its strings are built. */
typedef struct found {
	size_t first, last;         /* lines of the service wording */
	size_t svc_start, svc_end;  /* its bytes */
	size_t dline;               /* line of the decision */
	size_t dstart, dend;        /* the decision words */
	int upheld;
} found;

/* One distinct word of the letter (case folded), for rejoining words
 * hyphenated across lines. */
typedef struct wslot {
	size_t off;
	uint32_t len, hash; /* len 0: empty slot */
} wslot;

typedef struct parser {
	const imr_text *text;
	const char *s;
	size_t len;
	const char *name;
	imr_limits lim;
	imr_diags *diags;
	imr_letter_layout layout;
	lline *lines;
	size_t nlines;
	size_t first[H_COUNT];
	found *items;
	size_t nitems, icap;
	char *sb; /* scratch for joining lines */
	size_t sblen, sbcap;
	wslot *words; /* built on the first line-end hyphen only */
	size_t wcap;
	int words_built;
	letter_box *box;
	imr_arena *arena;
	int err;
} parser;

/* ---- characters and matching ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_space(int c)
{
	return c == ' ' || c == '\n';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

/* Match @p lit at @p s (bounded by @p e) ignoring case; a space in @p lit
 * matches any run of spaces and line ends, since PDF text wraps and pads
 * anywhere. Returns the end of the match, or NULL. */
static const char *match_at(const char *s, const char *e, const char *lit)
{
	while (*lit) {
		if (*lit == ' ') {
			if (s >= e || !is_space((unsigned char)*s))
				return NULL;
			while (s < e && is_space((unsigned char)*s))
				s++;
			lit++;
			continue;
		}
		if (s >= e || lower((unsigned char)*s) != lower((unsigned char)*lit))
			return NULL;
		s++;
		lit++;
	}
	return s;
}

/* First match of @p lit in [s, e), or NULL. Only used on short texts
 * (one field, one paragraph), where the simple scan is cheapest. */
static const char *find_ci(const char *s, const char *e, const char *lit)
{
	int c0 = lower((unsigned char)lit[0]);
	for (; s < e; s++) {
		const char *m;
		if (lower((unsigned char)*s) != c0)
			continue;
		if ((m = match_at(s, e, lit)) != NULL)
			return s;
	}
	return NULL;
}

static const char *find_last_ci(const char *s, const char *e, const char *lit)
{
	const char *last = NULL, *m;
	while ((m = find_ci(s, e, lit)) != NULL) {
		last = m;
		s = m + 1;
	}
	return last;
}

static const char *skip_spaces(const char *s, const char *e)
{
	while (s < e && is_space((unsigned char)*s))
		s++;
	return s;
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	return e;
}

/* Whether [s, e) ends with @p lit, ignoring case. */
static int ends_with_ci(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - s) >= n && match_at(e - n, e, lit) == e;
}

/* ---- diagnostics ---- */

static void diag_at(parser *p, const char *code, size_t offset, int status, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void diag_at(parser *p, const char *code, size_t offset, int status, const char *fmt, ...)
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

static void relate(parser *p, size_t offset)
{
	imr_diags_relate(p->diags, imr_text_line(p->text, offset),
			 imr_text_column(p->text, offset));
}

/* A short quotable copy of [s, e) for messages. */
static void quote(char out[QUOTE_BYTES + 4], const char *s, size_t n)
{
	if (n > QUOTE_BYTES) {
		/* do not cut a UTF-8 sequence in half */
		size_t k = QUOTE_BYTES;
		while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		memcpy(out, s, k);
		memcpy(out + k, "...", 4);
		return;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* ---- line helpers ---- */

static const char *lstart(const parser *p, size_t i)
{
	return p->s + p->lines[i].start;
}

static const char *lend(const parser *p, size_t i)
{
	return p->s + p->lines[i].end;
}

static int is_text(const parser *p, size_t i)
{
	return p->lines[i].kind == K_TEXT;
}

/* Previous content line after @p floor (exclusive), or NONE. */
static size_t prev_text(const parser *p, size_t i, size_t floor)
{
	while (i > 0 && i - 1 > floor) {
		i--;
		if (is_text(p, i))
			return i;
	}
	return NONE;
}

static size_t next_text(const parser *p, size_t i, size_t limit)
{
	for (i++; i < limit; i++)
		if (is_text(p, i))
			return i;
	return NONE;
}

static size_t last_text_line(const parser *p)
{
	size_t i = p->nlines;
	while (i > 0) {
		i--;
		if (is_text(p, i))
			return i;
	}
	return NONE;
}

/* Index of the line holding byte @p off. */
static size_t line_at(const parser *p, size_t off)
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

static int build_lines(parser *p)
{
	size_t off = 0, cap = 0;
	void *items = NULL;
	while (off <= p->len) {
		const char *nl = memchr(p->s + off, '\n', p->len - off);
		size_t end = nl ? (size_t)(nl - p->s) : p->len;
		lline *l;
		/* on failure p->lines still holds the lines so far; the caller frees it */
		if (imr__grow(&items, &cap, p->nlines + 1, sizeof(lline)) < 0)
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
		l->kind = l->start == l->end ? K_BLANK : K_TEXT;
		l->heading = -1;
		l->label = -1;
		if (!nl)
			break;
		off = end + 1;
	}
	p->lines = items;
	return IMR_OK;
}

/* ---- page debris ---- */

/* "12", "- 12 -", "Page 12", "Page 12 of 30", "12 of 30". */
static int page_number_form(const char *s, const char *e, int *bare)
{
	const char *m;
	int digits = 0, page = 0, of = 0;
	if ((m = match_at(s, e, "page ")) != NULL) {
		s = m;
		page = 1;
	}
	if (s < e && *s == '-')
		s = skip_spaces(s + 1, e);
	while (s < e && is_digit((unsigned char)*s) && digits < 5) {
		s++;
		digits++;
	}
	if (!digits || digits > 4)
		return 0;
	if ((m = match_at(s, e, " of ")) != NULL) {
		int d2 = 0;
		s = m;
		while (s < e && is_digit((unsigned char)*s)) {
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

static int decision_word(const char *s, const char *e, const char **ws, int *upheld);

/* A label, a heading or a decision line is content, wherever it sits. */
static int protected_line(const parser *p, size_t i)
{
	const char *ws;
	int upheld;
	return p->lines[i].heading >= 0 || p->lines[i].label >= 0 ||
	       decision_word(lstart(p, i), lend(p, i), &ws, &upheld);
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
static unsigned long edge_hash(const parser *p, size_t i)
{
	unsigned long h = 5381;
	const char *s = lstart(p, i), *e = lend(p, i);
	int in_digits = 0;
	for (; s < e; s++) {
		int c = lower((unsigned char)*s);
		if (is_digit(c)) {
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

static int same_folded(const parser *p, size_t a, size_t b)
{
	const char *x = lstart(p, a), *xe = lend(p, a), *y = lstart(p, b), *ye = lend(p, b);
	while (x < xe && y < ye) {
		if (is_digit((unsigned char)*x) && is_digit((unsigned char)*y)) {
			while (x < xe && is_digit((unsigned char)*x))
				x++;
			while (y < ye && is_digit((unsigned char)*y))
				y++;
			continue;
		}
		if (lower((unsigned char)*x) != lower((unsigned char)*y))
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
static int header_like(const parser *p, size_t i)
{
	char c = lend(p, i)[-1];
	return !protected_line(p, i) && c != '.' && c != ',' && c != ';' && c != ':' && c != '?';
}

/* Running headers (@p top) or footers: the first (last) content line of a
 * page that repeats, digits aside, on at least two pages and on two
 * thirds of the pages that could carry it (pages with content, the first
 * page aside for headers, the last for footers). Lines become debris;
 * returns how many. */
static size_t strip_edges(parser *p, const size_t *page_first, size_t npages, int top,
			  edge *scratch)
{
	size_t k, n = 0, marked = 0, breaks = 0;
	for (k = 0; k < npages; k++) {
		size_t i;
		if (top ? k == 0 : k == npages - 1)
			continue; /* headers repeat from page 2, footers up to the last-but-one */
		if (top) {
			i = page_first[k];
			while (i < page_first[k + 1] && !is_text(p, i))
				i++;
			if (i >= page_first[k + 1])
				continue;
		} else {
			i = page_first[k + 1];
			while (i > page_first[k] && !is_text(p, i - 1))
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
					p->lines[scratch[m].line].kind = K_DEBRIS;
					marked++;
				}
		}
		k = j;
	}
	return marked;
}

static int mark_debris(parser *p)
{
	size_t i, npages = imr_text_page_count(p->text);
	size_t *page_first = NULL;
	edge *scratch = NULL;
	int round, err = IMR_OK;
	size_t j = NONE; /* the last non-blank line before i, debris or not */

	for (i = 0; i < p->nlines; i++) {
		int bare, page;
		if (p->lines[i].kind == K_BLANK)
			continue;
		page = page_number_form(lstart(p, i), lend(p, i), &bare);
		if (page && bare) {
			/* "Page(s):" wrapped before its number is a citation */
			if (j != NONE && (ends_with_ci(lstart(p, j), lend(p, j), "page(s):") ||
					  ends_with_ci(lstart(p, j), lend(p, j), "pages") ||
					  ends_with_ci(lstart(p, j), lend(p, j), "page") ||
					  ends_with_ci(lstart(p, j), lend(p, j), "pg.") ||
					  ends_with_ci(lstart(p, j), lend(p, j), "pp.")))
				page = 0;
		}
		j = i;
		if (page)
			p->lines[i].kind = K_DEBRIS;
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

/* ---- classification ---- */

static void classify(parser *p)
{
	size_t i, h;
	for (h = 0; h < H_COUNT; h++)
		p->first[h] = NONE;
	for (i = 0; i < p->nlines; i++) {
		const char *s = lstart(p, i), *e = lend(p, i), *m;
		if (p->lines[i].kind == K_BLANK)
			continue;
		for (h = 0; h < sizeof(headings) / sizeof(headings[0]); h++) {
			m = match_at(s, e, headings[h].text);
			if (!m)
				continue;
			if (headings[h].whole && m < e && !(*m == ':' && m + 1 == e))
				continue;
			p->lines[i].heading = (signed char)headings[h].id;
			p->lines[i].flags |= F_HEADING;
			p->lines[i].kind = K_TEXT; /* a heading is never debris */
			if (p->first[headings[h].id] == NONE)
				p->first[headings[h].id] = i;
			break;
		}
		if (p->lines[i].heading >= 0)
			continue;
		for (h = 0; h < sizeof(labels) / sizeof(labels[0]); h++) {
			if (match_at(s, e, labels[h].text)) {
				p->lines[i].label = (signed char)labels[h].id;
				p->lines[i].flags |= F_LABEL;
				break;
			}
		}
	}
}

/* ---- joining lines into strings ---- */

static int sb_put(parser *p, const char *s, size_t n)
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
		h = (h ^ (uint32_t)lower((unsigned char)s[i])) * 16777619u; /* FNV-1a */
	return h;
}

#define WORD_HASH_SEED 2166136261u

static void word_insert(parser *p, size_t off, size_t n)
{
	uint32_t h = word_hash(WORD_HASH_SEED, p->s + off, n);
	size_t i = h & (p->wcap - 1);
	while (p->words[i].len) {
		if (p->words[i].hash == h && p->words[i].len == n) {
			size_t k;
			for (k = 0; k < n; k++)
				if (lower((unsigned char)p->s[off + k]) !=
				    lower((unsigned char)p->s[p->words[i].off + k]))
					break;
			if (k == n)
				return;
		}
		i = (i + 1) & (p->wcap - 1);
	}
	p->words[i].off = off;
	p->words[i].len = (uint32_t)n;
	p->words[i].hash = h;
}

/* Every run of two or more ASCII letters of the letter, once. */
static int build_words(parser *p)
{
	size_t i = 0, count = 0, cap = 64;
	p->words_built = 1;
	while (i < p->len) {
		size_t j = i;
		while (j < p->len && is_alpha((unsigned char)p->s[j]))
			j++;
		count += j - i >= 2;
		i = j + 1;
	}
	while (cap < 2 * count)
		cap *= 2;
	p->words = imr__calloc(cap, sizeof(wslot));
	if (!p->words) {
		p->err = IMR_ENOMEM;
		return -1;
	}
	p->wcap = cap;
	for (i = 0; i < p->len;) {
		size_t j = i;
		while (j < p->len && is_alpha((unsigned char)p->s[j]))
			j++;
		if (j - i >= 2 && j - i < 0xFFFFFFFFu)
			word_insert(p, i, j - i);
		i = j + 1;
	}
	return 0;
}

/* Whether @p a followed by @p b (case folded) is a word of the letter. */
static int is_word(parser *p, const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t h;
	size_t i;
	if (!p->words_built && build_words(p) < 0)
		return 0;
	if (!p->wcap)
		return 0;
	h = word_hash(word_hash(WORD_HASH_SEED, a, an), b, bn);
	for (i = h & (p->wcap - 1); p->words[i].len; i = (i + 1) & (p->wcap - 1)) {
		const char *w = p->s + p->words[i].off;
		size_t k;
		if (p->words[i].hash != h || p->words[i].len != an + bn)
			continue;
		for (k = 0; k < an; k++)
			if (lower((unsigned char)w[k]) != lower((unsigned char)a[k]))
				break;
		if (k < an)
			continue;
		for (k = 0; k < bn; k++)
			if (lower((unsigned char)w[an + k]) != lower((unsigned char)b[k]))
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
static int broken_word(parser *p, const char *next, const char *end)
{
	const char *x = p->sb + p->sblen - 1, *y = next;
	while (x > p->sb && is_alpha((unsigned char)x[-1]))
		x--;
	while (y < end && is_alpha((unsigned char)*y))
		y++;
	if (x == p->sb + p->sblen - 1 || y == next || !(*next >= 'a' && *next <= 'z'))
		return 0;
	return is_word(p, x, (size_t)(p->sb + p->sblen - 1 - x), next, (size_t)(y - next));
}

/* The content of bytes [from, to) with debris lines left out, lines joined
 * by one space (none after a hyphen that ends a word, "L4-" + "L5"; the
 * hyphen goes too when it broke a word of the letter), runs of spaces
 * collapsed, in the scratch buffer; returns its length. */
static size_t join_scratch(parser *p, size_t from, size_t to)
{
	size_t i;
	p->sblen = 0;
	if (from >= to)
		return 0;
	for (i = line_at(p, from); i < p->nlines && p->lines[i].raw < to; i++) {
		const lline *l = &p->lines[i];
		size_t a = l->start > from ? l->start : from, b = l->end < to ? l->end : to;
		if (l->kind != K_TEXT)
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
				     is_alnum((unsigned char)p->sb[p->sblen - 2]);
			if (hyphen && broken_word(p, p->s + a, p->s + b))
				p->sblen--;
			else if (!hyphen && last != ' ' && sb_put(p, " ", 1) < 0)
				return 0;
		}
		while (a < b) {
			size_t run = a;
			while (run < b && p->s[run] != ' ')
				run++;
			if (sb_put(p, p->s + a, run - a) < 0)
				return 0;
			if (run < b && sb_put(p, " ", 1) < 0)
				return 0;
			while (run < b && p->s[run] == ' ')
				run++;
			a = run;
		}
	}
	while (p->sblen && p->sb[p->sblen - 1] == ' ')
		p->sblen--;
	return p->sblen;
}

static char *astrndup(parser *p, const char *s, size_t n)
{
	char *c = imr__arena_strndup(p->arena, s, n);
	if (!c)
		p->err = IMR_ENOMEM;
	return c;
}

/* join_scratch() copied into the arena; NULL when empty (or on OOM). */
static char *join(parser *p, size_t from, size_t to)
{
	size_t n = join_scratch(p, from, to);
	if (!n || p->err)
		return NULL;
	return astrndup(p, p->sb, n);
}

static imr_span span_of(const parser *p, size_t from, size_t to)
{
	imr_span sp;
	/* start at content, not at the spaces and blank lines before it */
	while (from < to && is_space((unsigned char)p->s[from]))
		from++;
	while (to > from && is_space((unsigned char)p->s[to - 1]))
		to--;
	sp.start = from;
	sp.end = to;
	sp.line = imr_text_line(p->text, from);
	return sp;
}

/* ---- header block ---- */

enum { T_CASE, T_DATE, T_PRIORITY };
enum { F_CASE, F_ASSIGNED, F_INJURY, F_DECIDED, F_UR, F_RECEIVED, F_PRIORITY, F_COUNT };

static const struct {
	const char *text;
	int field, type;
} header_labels[] = {
	{ "MAXIMUS Case Number", F_CASE, T_CASE },
	{ "IMR Case Number", F_CASE, T_CASE },
	{ "Case Number", F_CASE, T_CASE },
	{ "Date Assigned", F_ASSIGNED, T_DATE },
	{ "Date of Injury", F_INJURY, T_DATE },
	{ "Decision Date", F_DECIDED, T_DATE },
	{ "Dated", F_DECIDED, T_DATE },
	{ "UR Denial Date", F_UR, T_DATE },
	{ "Date of UR Decision", F_UR, T_DATE },
	{ "IMR Application Received", F_RECEIVED, T_DATE },
	{ "Application Received", F_RECEIVED, T_DATE },
	{ "Priority", F_PRIORITY, T_PRIORITY },
};

#define NHEADER_LABELS (sizeof(header_labels) / sizeof(header_labels[0]))

/* A header label (longest match) followed by ':' at @p s; returns the
 * table index and sets *after past the colon, or -1. "Application" at the
 * end of a line followed by "Received:" on the next is also a label:
 * pdftotext splits that one. */
static int header_label_at(const char *s, const char *e, const char **after)
{
	size_t k;
	int best = -1;
	const char *best_end = NULL;
	for (k = 0; k < NHEADER_LABELS; k++) {
		const char *m = match_at(s, e, header_labels[k].text);
		if (!m)
			continue;
		m = skip_spaces(m, e);
		if (m >= e || *m != ':')
			continue;
		if (!best_end || m > best_end) {
			best = (int)k;
			best_end = m;
		}
	}
	if (best >= 0)
		*after = best_end + 1;
	return best;
}

/* "MM/DD/YYYY", "M/D/YY", also with '-'. */
static int parse_mdy(const char *s, const char *e, int32_t *out)
{
	int v[3] = { 0, 0, 0 }, n[3] = { 0, 0, 0 }, k = 0;
	char sep = 0;
	for (; s < e && k < 3; s++) {
		if (is_digit((unsigned char)*s)) {
			v[k] = v[k] * 10 + (*s - '0');
			if (++n[k] > 4)
				return -1;
		} else if ((*s == '/' || *s == '-') && k < 2 && n[k] && (!sep || sep == *s)) {
			sep = *s;
			k++;
		} else {
			return -1;
		}
	}
	if (s != e || k != 2 || n[0] > 2 || n[1] > 2 || (n[2] != 4 && n[2] != 2))
		return -1;
	if (n[2] == 2)
		v[2] += 2000; /* IMR began in 2013: two-digit years are this century */
	return imr_date_from_ymd(out, v[2], v[0], v[1]) == IMR_OK ? 0 : -1;
}

static int value_type(const char *s, const char *e)
{
	int32_t d;
	const char *q = s;
	if (parse_mdy(s, e, &d) == 0)
		return T_DATE;
	if (match_at(s, e, "Standard") == e || match_at(s, e, "Expedited") == e ||
	    match_at(s, e, "Urgent") == e)
		return T_PRIORITY;
	/* CM16-0213037, "CM16 - 0240524": letters, digits, a hyphen, digits */
	while (q < e && is_alpha((unsigned char)*q))
		q++;
	if (q > s && q < e && is_digit((unsigned char)*q)) {
		while (q < e && is_digit((unsigned char)*q))
			q++;
		q = skip_spaces(q, e);
		if (q < e && *q == '-') {
			q = skip_spaces(q + 1, e);
			if (q < e && is_digit((unsigned char)*q)) {
				while (q < e && is_digit((unsigned char)*q))
					q++;
				if (q == e)
					return T_CASE;
			}
		}
	}
	return -1;
}

static void set_field(parser *p, int field, const char *s, const char *e)
{
	imr_letter_header *h = &p->box->pub.header;
	const char **slot = NULL;
	int32_t *day = NULL;
	char *v;
	switch (field) {
	case F_CASE: slot = &h->case_number; break;
	case F_ASSIGNED: slot = &h->date_assigned; day = &h->assigned; break;
	case F_INJURY: slot = &h->date_of_injury; day = &h->injury; break;
	case F_DECIDED: slot = &h->decision_date; day = &h->decided; break;
	case F_UR: slot = &h->ur_denial_date; day = &h->ur_denied; break;
	case F_RECEIVED: slot = &h->application_received; day = &h->received; break;
	default: slot = &h->priority; break;
	}
	if (*slot || s >= e)
		return; /* the first value given wins */
	if (field == F_CASE) {
		/* drop the spaces PDF extraction puts around the hyphen */
		size_t n = 0;
		v = imr__arena_alloc(p->arena, (size_t)(e - s) + 1);
		if (!v) {
			p->err = IMR_ENOMEM;
			return;
		}
		for (; s < e; s++)
			if (*s != ' ')
				v[n++] = *s;
	} else {
		v = astrndup(p, s, (size_t)(e - s));
		if (!v)
			return;
		if (day && parse_mdy(s, e, day) < 0)
			*day = IMR_DATE_NONE;
	}
	*slot = v;
}

/* Header fields in lines [from, to). Labels come with their value on the
 * same line ("Case Number: CM16-0213037", several per line when the PDF
 * kept columns), or as a column of labels followed by a column of values,
 * which pdftotext prints for the 2016-17 first page. A value line is given
 * to the first waiting label of its type (case number, date, priority),
 * so the order of the columns decides, as it does on the page. */
static void parse_header(parser *p, size_t from, size_t to)
{
	int pending[32];
	size_t npending = 0, i;
	for (i = from; i < to && i < p->nlines; i++) {
		const char *s = lstart(p, i), *e = lend(p, i), *after;
		int k, type;
		if (!is_text(p, i))
			continue;
		if (match_at(s, e, "Application") == e) {
			size_t j = next_text(p, i, to);
			const char *m;
			if (j != NONE && (m = match_at(lstart(p, j), lend(p, j), "Received")) != NULL) {
				m = skip_spaces(m, lend(p, j));
				if (m < lend(p, j) && *m == ':') {
					const char *v = skip_spaces(m + 1, lend(p, j));
					if (v < lend(p, j))
						set_field(p, F_RECEIVED, v, lend(p, j));
					else if (npending < 32)
						pending[npending++] = F_RECEIVED;
					i = j;
					continue;
				}
			}
		}
		k = header_label_at(s, e, &after);
		if (k >= 0) {
			/* one or more label: value pairs on this line */
			while (k >= 0) {
				const char *v = skip_spaces(after, e), *q = v, *vend = e, *next_after = NULL;
				int next = -1;
				/* the next label starts after two spaces (a column gap) */
				while (q + 2 < e) {
					if (q[0] == ' ' && q[1] == ' ') {
						const char *r = skip_spaces(q, e);
						next = header_label_at(r, e, &next_after);
						if (next >= 0) {
							vend = trim_end(v, q);
							break;
						}
						q = r; /* past the gap: each space is looked at once */
						continue;
					}
					q++;
				}
				if (v < vend)
					set_field(p, header_labels[k].field, v, vend);
				else if (npending < 32)
					pending[npending++] = header_labels[k].field;
				k = next;
				after = next_after;
			}
			continue;
		}
		type = value_type(s, e);
		if (type >= 0) {
			size_t j;
			for (j = 0; j < npending; j++) {
				int f = pending[j];
				int ft = f == F_CASE ? T_CASE : f == F_PRIORITY ? T_PRIORITY : T_DATE;
				if (ft != type)
					continue;
				set_field(p, f, s, e);
				memmove(pending + j, pending + j + 1, (npending - j - 1) * sizeof(int));
				npending--;
				break;
			}
		}
	}
}

/* ---- credentials ---- */

/* "... is Board Certified in Occupational Medicine and is licensed to
 * practice in California ..." in a HOW paragraph (2014) or in the 2013
 * qualifications paragraph. */
static void credentials_from_paragraph(parser *p, const char *text)
{
	imr_letter *l = &p->box->pub;
	const char *e, *m, *end;
	static const char *const stops[] = { ", and ", " and is ", " and has ", ", is ", ", has ",
					     ", who ", " who ", ".", ";", " in the State" };
	size_t k;
	if (!text)
		return;
	e = text + strlen(text);
	if (!l->specialty && (m = find_ci(text, e, "board certified in ")) != NULL) {
		m = match_at(m, e, "board certified in ");
		end = e;
		for (k = 0; k < sizeof(stops) / sizeof(stops[0]); k++) {
			const char *x = find_ci(m, end, stops[k]);
			if (x)
				end = x;
		}
		if (end > m)
			l->specialty = astrndup(p, m, (size_t)(end - m));
	}
	if (!l->licensure) {
		m = find_ci(text, e, "licensed to practice in ");
		if (m)
			m = match_at(m, e, "licensed to practice in ");
		else if ((m = find_ci(text, e, "licensed in ")) != NULL)
			m = match_at(m, e, "licensed in ");
		if (m) {
			static const char *const lstops[] = { ".", ",", ";", " and " };
			end = e;
			for (k = 0; k < sizeof(lstops) / sizeof(lstops[0]); k++) {
				const char *x = find_ci(m, end, lstops[k]);
				if (x)
					end = x;
			}
			if (end > m)
				l->licensure = astrndup(p, m, (size_t)(end - m));
		}
	}
}

/* The 2015+ block: "State(s) of Licensure: ..." and
 * "Certification(s)/Specialty: ...", each possibly wrapped. */
static void parse_credentials(parser *p, size_t from, size_t to)
{
	size_t i;
	for (i = from; i < to; i++) {
		int lab = p->lines[i].label;
		size_t j, stop;
		const char *after;
		if (!is_text(p, i) || (lab != L_LICENSURE && lab != L_SPECIALTY))
			continue;
		after = match_at(lstart(p, i), lend(p, i), label_names[lab]);
		for (j = i + 1, stop = to; j < to; j++)
			if (p->lines[j].label >= 0 || p->lines[j].heading >= 0) {
				stop = j;
				break;
			}
		{
			char *v = join(p, (size_t)(after - p->s),
				       stop < p->nlines ? p->lines[stop].raw : p->len);
			if (lab == L_LICENSURE && !p->box->pub.licensure)
				p->box->pub.licensure = v;
			else if (lab == L_SPECIALTY && !p->box->pub.specialty)
				p->box->pub.specialty = v;
		}
	}
}

/* ---- guideline bases and citations ---- */

static const char *const cite_markers[] = {
	"Decision based on ",
	"based its decision on ",
	"based his/her decision on ",
	"based their decision on ",
	"based his decision on ",
	"based her decision on ",
};

/* The next citation lead-in in [s, e): returns its start and sets *body
 * and *form (0: "Decision based on", 1: the 2013 sentence forms). */
static const char *next_marker(const char *s, const char *e, const char **body, int *form)
{
	for (; s < e; s++) {
		size_t k;
		int c = lower((unsigned char)*s);
		if (c != 'd' && c != 'b')
			continue;
		for (k = 0; k < sizeof(cite_markers) / sizeof(cite_markers[0]); k++) {
			const char *m = match_at(s, e, cite_markers[k]);
			if (!m)
				continue;
			/* "based their decision on recommendation(s) outside of the
			 * MTUS" says where the decision came from, not a citation */
			if (k > 0 && match_at(m, e, "recommendation"))
				continue;
			*body = m;
			*form = k == 0 ? 0 : 1;
			return s;
		}
	}
	return NULL;
}

static const char *dup_trim(parser *p, const char *s, const char *e, const char *strip)
{
	while (s < e && (is_space((unsigned char)*s) || (*s && strchr(strip, *s))))
		s++;
	while (e > s && (is_space((unsigned char)e[-1]) || (e[-1] && strchr(strip, e[-1]))))
		e--;
	return e > s ? astrndup(p, s, (size_t)(e - s)) : NULL;
}

/* Pages of a citation: after "Page(s):", "pages", "page", "pg." or "pp.",
 * the run of numbers, ranges and "of". Sets *kw to where the keyword
 * starts. */
static const char *find_pages(parser *p, const char *s, const char *e, const char **kw)
{
	static const char *const keys[] = { "page(s):", "pages:", "pages ", "page ", "pg. ", "pp. ",
					    "pg.", "pp." };
	const char *best = NULL, *best_body = NULL;
	size_t k;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *at = s, *m, *v;
		while ((m = find_ci(at, e, keys[k])) != NULL) {
			at = m + 1;
			if (m > s && is_alpha((unsigned char)m[-1]))
				continue; /* part of a word */
			v = skip_spaces(m + strlen(keys[k]), e);
			if (v < e && is_digit((unsigned char)*v)) {
				if (!best || m < best) {
					best = m;
					best_body = v;
				}
				break;
			}
		}
	}
	if (!best)
		return NULL;
	{
		const char *v = best_body, *q = v, *last = v, *r;
		while (q < e) {
			if (is_digit((unsigned char)*q)) {
				q++;
				last = q;
			} else if (*q == '-' || *q == ',' || *q == ' ') {
				q++;
			} else if (q > v && q[-1] == ' ' &&
				   ((r = match_at(q, e, "of ")) != NULL || (r = match_at(q, e, "to ")) != NULL ||
				    (r = match_at(q, e, "and ")) != NULL)) {
				/* "46 of 127", "12 to 14": only between numbers */
				if (r >= e || !is_digit((unsigned char)*r))
					break;
				q = r;
			} else {
				break;
			}
		}
		*kw = best;
		return astrndup(p, v, (size_t)(last - v));
	}
}

static void classify_cite(imr_cite *c, const char *doc_from, const char *e)
{
	const char *odg = find_ci(doc_from, e, "Official Disability");
	const char *odg2 = find_ci(doc_from, e, "ODG");
	const char *acoem = find_ci(doc_from, e, "ACOEM");
	const char *acoem2 = find_ci(doc_from, e, "American College of Occupational");
	if (!odg || (odg2 && odg2 < odg))
		odg = odg2;
	if (!acoem || (acoem2 && acoem2 < acoem))
		acoem = acoem2;
	if (c->mtus)
		c->guideline = acoem ? "ACOEM" : "MTUS";
	else if (odg && (!acoem || odg < acoem))
		c->guideline = "ODG";
	else if (acoem)
		c->guideline = "ACOEM";
	else
		c->guideline = "other";
}

/* Fill document, section and pages of @p c from its body [s, e). */
static void cite_fields(parser *p, imr_cite *c, const char *s, const char *e)
{
	const char *kw = NULL, *sec, *doc_end;
	c->pages = find_pages(p, s, e, &kw);
	doc_end = c->pages ? kw : e;
	classify_cite(c, s, doc_end);
	if ((sec = find_ci(s, doc_end, "Section(s):")) != NULL) {
		c->document = dup_trim(p, s, sec, ",.:");
		c->section = dup_trim(p, sec + strlen("Section(s):"), doc_end, ",.:");
		return;
	}
	if (c->mtus) {
		const char *g = find_ci(s, doc_end, "Guidelines");
		if (g) {
			const char *after = g + strlen("Guidelines");
			const char *rest = after;
			while (rest < doc_end && (*rest == ' ' || *rest == ','))
				rest++;
			if (rest < doc_end && is_alpha((unsigned char)*rest)) {
				c->document = dup_trim(p, s, after, ",.:");
				c->section = dup_trim(p, rest, doc_end, ",.:");
				return;
			}
		}
		c->document = dup_trim(p, s, doc_end, ",.:");
		return;
	}
	{
		const char *comma = NULL, *q;
		int depth = 0;
		for (q = s; q + 1 < doc_end; q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')' && depth)
				depth--;
			else if (!depth && (*q == ',' || *q == ':') && q[1] == ' ') {
				comma = q;
				break;
			}
		}
		if (comma && comma > s) {
			c->document = dup_trim(p, s, comma, ",.:");
			c->section = dup_trim(p, comma + 1, doc_end, ",.:");
		} else {
			c->document = dup_trim(p, s, doc_end, ",.:");
		}
	}
}

/* Where one "MTUS" citation names another MTUS part: ", and " followed by
 * words and a year ("Chronic Pain Medical Treatment 2016"), once the
 * current part already has its year. Returns the ", and " or NULL. */
static const char *next_mtus_part(const char *s, const char *e)
{
	const char *q;
	int have_year = 0;
	for (q = s; q < e; q++) {
		if (q + 4 <= e && is_digit((unsigned char)q[0]) && is_digit((unsigned char)q[1]) &&
		    is_digit((unsigned char)q[2]) && is_digit((unsigned char)q[3]) &&
		    (q == s || !is_alnum((unsigned char)q[-1])) &&
		    (q + 4 == e || !is_alnum((unsigned char)q[4])))
			have_year = 1;
		if (have_year && *q == ',' && match_at(q, e, ", and ")) {
			const char *r = match_at(q, e, ", and "), *t = r;
			/* the next part: words, then a year, then ',' '.' or the end */
			while (t < e && *t != ',' && *t != '.')
				t++;
			t = trim_end(r, t);
			if (t - r > 5 && is_digit((unsigned char)t[-1]) && is_digit((unsigned char)t[-4]) &&
			    t[-5] == ' ')
				return q;
		}
	}
	return NULL;
}

typedef struct cite_vec {
	imr_cite *items;
	size_t count, cap;
} cite_vec;

static imr_cite *push_cite(parser *p, cite_vec *v)
{
	void *items = v->items;
	if (imr__grow(&items, &v->cap, v->count + 1, sizeof(imr_cite)) < 0) {
		p->err = IMR_ENOMEM;
		return NULL;
	}
	v->items = items;
	memset(&v->items[v->count], 0, sizeof(imr_cite));
	return &v->items[v->count++];
}

/* Read a guideline basis ("Claims Administrator guideline: ..." text). */
static void parse_basis(parser *p, imr_basis *b, char *text)
{
	cite_vec v = { NULL, 0, 0 };
	const char *s, *e, *body, *mk;
	int form;

	memset(b, 0, sizeof(*b));
	b->text = text;
	b->cited = 1;
	if (!text)
		return;
	s = text;
	e = text + strlen(text);
	if (find_ci(s, e, "did not cite any"))
		b->cited = 0;
	b->outside_mtus = find_ci(s, e, "outside of the MTUS") || find_ci(s, e, "outside the MTUS") ||
			  find_ci(s, e, "not base their decision on the MTUS") ||
			  find_ci(s, e, "not base its decision on the MTUS") ||
			  find_ci(s, e, "not part of the MTUS") ||
			  find_ci(s, e, "no section of the MTUS");
	mk = next_marker(s, e, &body, &form);
	while (mk && !p->err) {
		const char *nbody = NULL, *next;
		int nform = 0, mtus = 0;
		const char *cend, *from = body;
		next = next_marker(body, e, &nbody, &nform);
		cend = next ? next : e;
		if (form == 0) {
			const char *m;
			if ((m = match_at(from, cend, "MTUS ")) != NULL) {
				mtus = 1;
			} else if ((m = match_at(from, cend, "Non-MTUS Citation ")) != NULL ||
				   (m = match_at(from, cend, "Non-MTUS ")) != NULL) {
				from = m;
			}
			if (mtus) {
				/* several MTUS parts, each its own citation */
				const char *part = body, *fields = m;
				for (;;) {
					const char *split = next_mtus_part(fields, cend);
					const char *pend = split ? split : cend;
					imr_cite *c = push_cite(p, &v);
					if (!c)
						break;
					c->mtus = 1;
					c->text = dup_trim(p, part, pend, ".");
					cite_fields(p, c, fields, trim_end(fields, pend));
					if (!split)
						break;
					part = fields = match_at(split, cend, ", and ");
				}
			} else {
				imr_cite *c = push_cite(p, &v);
				if (!c)
					break;
				c->text = dup_trim(p, body, cend, ".");
				cite_fields(p, c, from, trim_end(from, cend));
			}
		} else {
			/* "... based its decision on the Chronic Pain Medical Treatment
			 * Guidelines, page 46, which is part of the MTUS." */
			const char *which = find_ci(body, cend, ", which ");
			const char *stop = which ? which : cend, *q, *clause_end, *std;
			imr_cite *c;
			/* "..., a nationally recognized professional standard" */
			std = find_ci(body, stop, ", a nationally recognized");
			if (!std)
				std = find_ci(body, stop, ", the nationally recognized");
			if (std)
				stop = std;
			for (q = body; q + 1 < stop; q++)
				if (*q == '.' && q[1] == ' ' && q + 2 < stop &&
				    !is_digit((unsigned char)q[2]) && q - body > 3 &&
				    !(q[-2] == ' ' || q[-3] == ' ')) {
					stop = q;
					break;
				}
			clause_end = which ? which : stop;
			if (which) {
				const char *dot = find_ci(which, cend, ". ");
				clause_end = dot ? dot : cend;
			}
			c = push_cite(p, &v);
			if (!c)
				break;
			if (match_at(body, stop, "the "))
				body = match_at(body, stop, "the ");
			c->mtus = (which && find_ci(which, clause_end, "part of the MTUS") &&
				   !find_ci(which, clause_end, "not part of the MTUS")) ||
				  find_ci(body, stop, "(MTUS)") != NULL;
			c->text = dup_trim(p, body, stop, ".");
			cite_fields(p, c, body, trim_end(body, stop));
		}
		mk = next;
		body = nbody;
		form = nform;
	}
	/* a lead-in with nothing after it ("Decision based on Decision
	 * based on ...", "Decision based on .") cites nothing */
	{
		size_t i, kept = 0;
		for (i = 0; i < v.count; i++)
			if (v.items[i].text)
				v.items[kept++] = v.items[i];
		v.count = kept;
	}
	if (v.count && !p->err) {
		imr_cite *arr = imr__arena_alloc(p->arena, v.count * sizeof(imr_cite));
		if (!arr)
			p->err = IMR_ENOMEM;
		else
			memcpy(arr, v.items, v.count * sizeof(imr_cite));
		b->cites = arr;
		b->cite_count = arr ? v.count : 0;
	}
	imr__free(v.items);
}

/* ---- items ---- */

/* Whether the line is a numbered item start "1." / "2)" (DECISIONS). */
static const char *numbered(const parser *p, size_t i)
{
	const char *s = lstart(p, i), *e = lend(p, i), *q = s;
	while (q < e && is_digit((unsigned char)*q) && q - s < 3)
		q++;
	if (q == s || q >= e || (*q != '.' && *q != ')'))
		return NULL;
	q++;
	if (q >= e || *q != ' ')
		return NULL;
	return skip_spaces(q, e);
}

/* The decision word ending [s, e): "Upheld" or "Overturned", any case,
 * optionally followed by a period. Sets *ws to where it starts. */
static int decision_word(const char *s, const char *e, const char **ws, int *upheld)
{
	const char *q;
	if (e > s && e[-1] == '.')
		e--;
	q = e;
	while (q > s && is_alpha((unsigned char)q[-1]))
		q--;
	if (match_at(q, e, "Upheld") == e && e - q == 6)
		*upheld = 1;
	else if (match_at(q, e, "Overturned") == e && e - q == 10)
		*upheld = 0;
	else
		return 0;
	*ws = q;
	return 1;
}

/* The end of a sentence, or of the intro line, or of a rationale's closing
 * "... is not medically necessary" without its period: where a wrapped
 * service name cannot reach back past. */
static int boundary(const parser *p, size_t i)
{
	const char *s = lstart(p, i), *e = lend(p, i);
	if (p->lines[i].flags)
		return 1;
	while (e > s && (e[-1] == '"' || e[-1] == '\'' || e[-1] == ')'))
		e--;
	if (e > s && (e[-1] == '.' || e[-1] == '?' || e[-1] == '!'))
		return 1;
	return ends_with_ci(s, e, "below:") || ends_with_ci(s, e, "medically necessary") ||
	       ends_with_ci(s, e, "appropriate");
}

/* Whether line @p i holds a decision; fills @p f (service end, decision). */
static int decision_at(parser *p, size_t i, size_t floor, found *f)
{
	const char *s = lstart(p, i), *e = lend(p, i), *ws, *q;
	int upheld;
	if (p->lines[i].flags & (F_HEADING | F_LABEL))
		return 0;
	if (p->layout == IMR_LAYOUT_DECISIONS) {
		const char *m = match_at(s, e, "Decision:");
		if (m) {
			size_t j;
			m = skip_spaces(m, e);
			if (!decision_word(m, e, &ws, &upheld) || ws != m)
				return 0;
			j = prev_text(p, i, floor);
			if (j == NONE || (p->lines[j].flags & (F_HEADING | F_LABEL | F_ITEM)))
				return 0;
			f->last = j;
			f->svc_end = (size_t)(trim_end(lstart(p, j), lend(p, j)) - p->s);
			if (p->s[f->svc_end - 1] == ':')
				f->svc_end--;
			goto found;
		}
	}
	if (!decision_word(s, e, &ws, &upheld))
		return 0;
	if (ws == s) {
		/* the decision alone on its line, after "<service>:" */
		size_t j = prev_text(p, i, floor);
		if (j == NONE || (p->lines[j].flags & (F_HEADING | F_LABEL | F_ITEM)))
			return 0;
		q = lend(p, j);
		if (q[-1] != ':')
			return 0;
		f->last = j;
		f->svc_end = (size_t)(q - 1 - p->s);
		goto found;
	}
	q = trim_end(s, ws);
	if (q == s || q[-1] != ':' || q - 1 == s)
		return 0;
	f->last = i;
	f->svc_end = (size_t)(q - 1 - p->s);
found:
	f->dline = i;
	f->dstart = (size_t)(ws - p->s);
	f->dend = (size_t)(trim_end(ws, e) - p->s);
	f->upheld = upheld;
	return 1;
}

/* Walk back from the service's last line to its first. */
static void service_start(parser *p, found *f, size_t floor)
{
	size_t first = f->last, n;
	const char *num = p->layout == IMR_LAYOUT_DECISIONS ? numbered(p, first) : NULL;
	if (!num) {
		for (n = 1; n < MAX_SERVICE_LINES; n++) {
			size_t j = prev_text(p, first, floor);
			if (j == NONE || boundary(p, j))
				break;
			first = j;
			if (p->layout == IMR_LAYOUT_DECISIONS && (num = numbered(p, j)) != NULL)
				break;
		}
	}
	f->first = first;
	f->svc_start = num ? (size_t)(num - p->s) : p->lines[first].start;
}

static int push_found(parser *p, const found *f)
{
	void *items = p->items;
	if (imr__grow(&items, &p->icap, p->nitems + 1, sizeof(found)) < 0)
		return IMR_ENOMEM;
	p->items = items;
	p->items[p->nitems++] = *f;
	return IMR_OK;
}

static void mark_item_lines(parser *p, const found *f)
{
	size_t i;
	for (i = f->first; i <= f->dline; i++)
		p->lines[i].flags |= F_ITEM;
}

/* Build the service strings of item @p it from its wording. A partial
 * overturn names the remaining IMR-eligible portion after "original
 * request," and ends in "is"; that portion is the disputed item. */
static void build_service(parser *p, imr_letter_item *it, const found *f)
{
	size_t n = join_scratch(p, f->svc_start, f->svc_end);
	const char *s = p->sb, *e = p->sb + n, *m;
	if (p->err)
		return;
	e = trim_end(s, e);
	m = find_last_ci(s, e, "original request, ");
	if (m) {
		it->partial = 1;
		it->service_sentence = astrndup(p, s, (size_t)(e - s));
		s = match_at(m, e, "original request, ");
		if (ends_with_ci(s, e, " is"))
			e = trim_end(s, e - 3);
	}
	it->service = astrndup(p, s, (size_t)(e - s));
	it->service_span = span_of(p, f->svc_start, f->svc_end);
}

/* The labelled fields of one item in lines [from, to). */
static void build_fields(parser *p, imr_letter_item *it, size_t from, size_t to, int last_item,
			 size_t num)
{
	size_t at[L_COUNT], i;
	int k;
	char *texts[3] = { NULL, NULL, NULL };
	for (k = 0; k < L_COUNT; k++)
		at[k] = NONE;
	for (i = from; i < to && !p->err; i++) {
		int lab = p->lines[i].label;
		if (!is_text(p, i) || lab < 0 || lab > L_RAT)
			continue;
		if (at[L_RAT] != NONE || at[lab] != NONE) {
			/* the fields of an item whose decision line is missing */
			char q[QUOTE_BYTES + 4];
			const char *ls = lstart(p, i), *colon = memchr(ls, ':', (size_t)(lend(p, i) - ls));
			quote(q, ls, (size_t)((colon ? colon + 1 : lend(p, i)) - ls));
			diag_at(p, "missing-decision", p->lines[i].start, IMR_EINVALID,
				"disputed item without a decision: '%s' follows item %zu "
				"with no '<service>: Upheld' or '<service>: Overturned' line before it",
				q, num);
			return;
		}
		at[lab] = i;
	}
	for (k = 0; k <= L_RAT; k++) {
		size_t j, start, stop = to;
		const char *after;
		if (at[k] == NONE)
			continue;
		i = at[k];
		/* the field runs to the next label of this item */
		for (j = i + 1; j < to; j++)
			if (p->lines[j].label >= 0 && p->lines[j].label <= L_RAT && is_text(p, j)) {
				stop = j;
				break;
			}
		after = NULL;
		{
			size_t h;
			for (h = 0; h < sizeof(labels) / sizeof(labels[0]) && !after; h++)
				if (labels[h].id == k)
					after = match_at(lstart(p, i), lend(p, i), labels[h].text);
		}
		after = skip_spaces(after, lend(p, i));
		if (after < lend(p, i) && *after == ':')
			after++;
		start = (size_t)(after - p->s);
		{
			size_t end = stop < p->nlines ? p->lines[stop].raw : p->len;
			texts[k] = join(p, start, end);
			if (k == L_RAT)
				it->rationale_span = span_of(p, start, end);
		}
	}
	if (p->err)
		return;
	parse_basis(p, &it->claims_administrator, texts[L_CA]);
	parse_basis(p, &it->reviewer, texts[L_REV]);
	/* "The Expert Reviewer found the guideline used by the Claims
	 * Administrator relevant and appropriate" (2013): the same citations */
	if (texts[L_REV] && !it->reviewer.cite_count &&
	    find_ci(texts[L_REV], texts[L_REV] + strlen(texts[L_REV]),
		    "used by the Claims Administrator relevant and appropriate")) {
		it->reviewer.cites = it->claims_administrator.cites;
		it->reviewer.cite_count = it->claims_administrator.cite_count;
		it->reviewer.cited = it->claims_administrator.cited;
	}
	it->rationale = texts[L_RAT];
	if (!it->rationale) {
		char q[QUOTE_BYTES + 4];
		quote(q, it->service ? it->service : "", it->service ? strlen(it->service) : 0);
		if (last_item) {
			size_t ll = last_text_line(p);
			diag_at(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends in mid-item: item %zu ('%s') has no decision rationale",
				num, q);
		} else {
			diag_at(p, "missing-rationale", it->decision_span.start, IMR_EINVALID,
				"item %zu ('%s') has no decision rationale", num, q);
		}
		relate(p, it->service_span.start);
	}
}

static void check_limit(parser *p, size_t count, size_t offset)
{
	if (count > p->lim.items && !p->err)
		diag_at(p, "limit", offset, IMR_ELIMIT,
			"more than %u disputed items (the limit)", p->lim.items);
}

static imr_letter_item *alloc_items(parser *p, size_t n)
{
	imr_letter_item *items = imr__arena_alloc(p->arena, (n ? n : 1) * sizeof(*items));
	if (!items)
		p->err = IMR_ENOMEM;
	return items;
}

/* STANDARD and DECISIONS: items of the section starting at line @p sec. */
static void parse_items(parser *p, size_t sec)
{
	size_t i, k, hi = p->nlines;
	imr_letter_item *items;
	imr_letter *l = &p->box->pub;

	for (i = sec + 1; i < hi && !p->err; i++) {
		found f;
		if (!is_text(p, i))
			continue;
		memset(&f, 0, sizeof(f));
		if (!decision_at(p, i, sec, &f))
			continue;
		service_start(p, &f, sec);
		if (p->nitems >= p->lim.items) {
			check_limit(p, p->nitems + 1, p->lines[f.first].start);
			return;
		}
		if (push_found(p, &f) < 0) {
			p->err = IMR_ENOMEM;
			return;
		}
		mark_item_lines(p, &f);
	}
	if (p->err)
		return;
	if (!p->nitems) {
		size_t ll = last_text_line(p);
		diag_at(p, "truncated", p->lines[ll].end, IMR_EINVALID,
			"letter ends before its first disputed item (no '<service>: Upheld' or "
			"'<service>: Overturned' line after '%s')",
			heading_names[p->lines[sec].heading]);
		relate(p, p->lines[sec].start);
		return;
	}
	/* fields before the first item belong to an item whose decision is lost */
	for (i = sec + 1; i < p->items[0].first; i++)
		if (is_text(p, i) && p->lines[i].label >= 0 && p->lines[i].label <= L_RAT) {
			diag_at(p, "missing-decision", p->lines[i].start, IMR_EINVALID,
				"disputed item without a decision: '%s' comes before the first "
				"'<service>: Upheld' or '<service>: Overturned' line",
				label_names[p->lines[i].label]);
			return;
		}
	items = alloc_items(p, p->nitems);
	if (!items)
		return;
	for (k = 0; k < p->nitems && !p->err; k++) {
		found *f = &p->items[k];
		imr_letter_item *it = &items[k];
		size_t to = k + 1 < p->nitems ? p->items[k + 1].first : hi;
		it->number = (unsigned)(k + 1);
		it->decision = f->upheld ? IMR_OUTCOME_UPHELD : IMR_OUTCOME_OVERTURNED;
		it->decision_text = astrndup(p, p->s + f->dstart, f->dend - f->dstart);
		it->decision_span = span_of(p, f->dstart, f->dend);
		build_service(p, it, f);
		if (!p->err)
			build_fields(p, it, f->dline + 1, to, k + 1 == p->nitems, k + 1);
	}
	l->items = items;
	l->item_count = p->nitems;
}

/* ---- 2013 notices ---- */

/* "1) MAXIMUS Federal Services, Inc. has determined the request for ..." */
static const char *statement_at(const parser *p, size_t i, unsigned *number)
{
	const char *s = lstart(p, i), *e = lend(p, i), *q = s, *m;
	unsigned n = 0;
	while (q < e && is_digit((unsigned char)*q) && q - s < 3)
		n = n * 10 + (unsigned)(*q++ - '0');
	if (q == s || q >= e || *q != ')')
		return NULL;
	q = skip_spaces(q + 1, e);
	m = match_at(q, e, "MAXIMUS Federal Services, Inc. has determined");
	if (!m)
		return NULL;
	*number = n;
	return q;
}

static const char *regarding_at(const parser *p, size_t i, unsigned *number)
{
	const char *s = lstart(p, i), *e = lend(p, i), *q = s;
	unsigned n = 0;
	while (q < e && is_digit((unsigned char)*q) && q - s < 3)
		n = n * 10 + (unsigned)(*q++ - '0');
	if (q == s || q >= e || *q != ')')
		return NULL;
	q = skip_spaces(q + 1, e);
	if (!match_at(q, e, "Regarding the request for"))
		return NULL;
	*number = n;
	return q;
}

typedef struct statement {
	size_t line, last;        /* first and last line */
	size_t start, end;        /* bytes of the statement after "N) " */
	size_t svc_start, svc_end; /* in the scratch join: recomputed on build */
	unsigned number;
	int upheld, ok;
} statement;

/* Read the statement starting at line @p i; it ends at the line that
 * closes the sentence after "medically necessary". */
static void read_statement(parser *p, size_t i, const char *from, statement *st)
{
	size_t j = i, n = 0;
	const char *s, *e, *m, *dec;
	st->line = i;
	st->start = (size_t)(from - p->s);
	st->ok = 0;
	for (; j < p->nlines && n < MAX_STATEMENT_LINES; j++) {
		unsigned dummy;
		if (!is_text(p, j))
			continue;
		if (j > i && (p->lines[j].heading >= 0 || statement_at(p, j, &dummy) ||
			      regarding_at(p, j, &dummy)))
			break;
		n++;
		st->last = j;
		if (find_ci(lstart(p, j), lend(p, j), "necessary") &&
		    lend(p, j)[-1] == '.')
			break;
	}
	st->end = p->lines[st->last].end;
	n = join_scratch(p, st->start, st->end);
	s = p->sb;
	e = p->sb + n;
	m = find_ci(s, e, "the request for ");
	if (m)
		m = match_at(m, e, "the request for ");
	else if ((m = find_ci(s, e, "the requested ")) != NULL)
		m = match_at(m, e, "the requested ");
	if (!m)
		return;
	dec = find_last_ci(m, e, " is not medically necessary");
	st->upheld = dec != NULL;
	if (!dec)
		dec = find_last_ci(m, e, " is medically necessary");
	if (!dec)
		return;
	st->svc_start = (size_t)(m - s);
	st->svc_end = (size_t)(dec - s);
	st->ok = 1;
}

static void parse_notice(parser *p)
{
	imr_letter *l = &p->box->pub;
	size_t i, title = p->first[H_NOTICE], dr = p->first[H_NOTICE_DR];
	size_t quals = p->first[H_QUALS], cs = p->first[H_CASE_SUMMARY];
	statement *run = NULL, st;
	size_t nrun = 0, cap = 0, nrepeat = 0, k;
	size_t *regarding = NULL;
	imr_letter_item *items;
	int in_first = 1;

	/* the numbered summary, then its repetition */
	{
		/* header fields ("Dated:", case number, dates) sit above the summary */
		size_t stop = dr != NONE ? dr : p->nlines;
		for (i = title + 1; i < stop; i++) {
			unsigned number;
			if (is_text(p, i) && statement_at(p, i, &number)) {
				stop = i;
				break;
			}
		}
		parse_header(p, 0, stop);
	}
	for (i = title + 1; i < p->nlines && !p->err; i++) {
		unsigned number;
		const char *from;
		if (!is_text(p, i) || !(from = statement_at(p, i, &number)))
			continue;
		if (number == 1 && nrun)
			in_first = 0;
		memset(&st, 0, sizeof(st));
		read_statement(p, i, from, &st);
		st.number = number;
		if (!st.ok) {
			char q[QUOTE_BYTES + 4];
			quote(q, from, (size_t)(lend(p, i) - from));
			if (last_text_line(p) <= st.last)
				diag_at(p, "truncated", p->lines[st.last].end, IMR_EINVALID,
					"letter ends in mid-item: decision statement %u has no "
					"decision ('... is medically necessary and appropriate' or "
					"'... is not medically necessary and appropriate')",
					number);
			else
				diag_at(p, "missing-decision", st.start, IMR_EINVALID,
					"decision statement '%s' has no decision ('... is medically "
					"necessary and appropriate' or '... is not medically necessary "
					"and appropriate')",
					q);
			break;
		}
		if (in_first) {
			void *grown = run;
			if (number != nrun + 1)
				continue; /* "1)" in some other list */
			if (nrun >= p->lim.items) {
				check_limit(p, nrun + 1, st.start);
				break;
			}
			if (imr__grow(&grown, &cap, nrun + 1, sizeof(statement)) < 0) {
				p->err = IMR_ENOMEM;
				break;
			}
			run = grown;
			run[nrun++] = st;
		} else if (number == nrepeat + 1 && number <= nrun) {
			/* the repetition must say the same */
			statement *orig = &run[number - 1];
			if (orig->upheld != st.upheld) {
				diag_at(p, "inconsistent-decision", st.start, IMR_EINVALID,
					"decision statement %u says the request %s medically "
					"necessary, but the summary said it %s",
					number, st.upheld ? "is not" : "is",
					orig->upheld ? "is not" : "is");
				relate(p, orig->start);
				break;
			}
			nrepeat++;
		}
		i = st.last;
	}
	if (p->err)
		goto done;
	if (!nrun) {
		/* the sections after it are there (check_sections), so it is missing
		 * rather than cut off */
		diag_at(p, "missing-section", p->lines[title].start, IMR_EINVALID,
			"no numbered decision summary ('1) MAXIMUS Federal Services, Inc. has "
			"determined the request for ...') after the title");
		goto done;
	}
	/* per-item sections "N) Regarding the request for ...:" */
	regarding = imr__calloc(nrun, sizeof(size_t));
	if (!regarding) {
		p->err = IMR_ENOMEM;
		goto done;
	}
	{
		size_t want = 1, later = NONE;
		for (i = cs + 1; i < p->nlines && want <= nrun; i++) {
			unsigned number;
			if (!is_text(p, i) || !regarding_at(p, i, &number))
				continue;
			if (number == want)
				regarding[want++ - 1] = i;
			else if (number > want && later == NONE)
				later = i;
		}
		if (want <= nrun && later != NONE) {
			diag_at(p, "missing-section", p->lines[later].start, IMR_EINVALID,
				"no section '%zu) Regarding the request for ...:' before this one",
				want);
			goto done;
		}
		if (want <= nrun) {
			size_t ll = last_text_line(p);
			diag_at(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends before the section of item %zu ('%zu) Regarding the "
				"request for ...:')",
				want, want);
			relate(p, run[want - 1].start);
			goto done;
		}
	}
	items = alloc_items(p, nrun);
	if (!items)
		goto done;
	for (k = 0; k < nrun && !p->err; k++) {
		imr_letter_item *it = &items[k];
		statement *s = &run[k];
		size_t n, to, body;
		const char *dec;
		it->number = (unsigned)(k + 1);
		it->decision = s->upheld ? IMR_OUTCOME_UPHELD : IMR_OUTCOME_OVERTURNED;
		n = join_scratch(p, s->start, s->end);
		if (p->err)
			break;
		it->service = astrndup(p, p->sb + s->svc_start, s->svc_end - s->svc_start);
		dec = p->sb + s->svc_end + 1; /* after the space before "is" */
		{
			const char *e = p->sb + n;
			while (e > dec && (e[-1] == '.' || e[-1] == ' '))
				e--;
			it->decision_text = astrndup(p, dec, (size_t)(e - dec));
		}
		it->service_span = span_of(p, s->start, s->end);
		it->decision_span = it->service_span;
		/* the section starts after its heading, which ends with ':' and
		 * may wrap; without the colon the heading is one line */
		body = regarding[k];
		{
			size_t j;
			size_t limit = k + 1 < nrun ? regarding[k + 1] : p->nlines;
			for (j = body, n = 0; j < limit && n < 4; j++) {
				if (!is_text(p, j))
					continue;
				n++;
				if (lend(p, j)[-1] == ':') {
					body = j;
					break;
				}
			}
		}
		to = k + 1 < nrun ? regarding[k + 1] : p->nlines;
		build_fields(p, it, body + 1, to, k + 1 == nrun, k + 1);
	}
	l->items = items;
	l->item_count = nrun;
	/* the qualifications paragraph names the board certification */
	if (quals != NONE && !p->err) {
		size_t end = cs != NONE && cs > quals ? p->lines[cs].raw : p->lines[regarding[0]].raw;
		const char *after = match_at(lstart(p, quals), lend(p, quals),
					     "Medical Qualifications of the Expert Reviewer:");
		char *text = join(p, (size_t)(after - p->s), end);
		credentials_from_paragraph(p, text);
	}
	if (cs != NONE && !p->err) {
		const char *after = match_at(lstart(p, cs), lend(p, cs), "Case Summary:");
		size_t end = p->lines[regarding[0]].raw;
		if (!after)
			after = match_at(lstart(p, cs), lend(p, cs), "Expert Reviewer Case Summary:");
		l->summary = join(p, (size_t)(after - p->s), end);
		l->summary_span = span_of(p, (size_t)(after - p->s), end);
	}
done:
	imr__free(run);
	imr__free(regarding);
}

/* ---- layouts and sections ---- */

/* Check that the sections @p seq (n of them) are all present and in order.
 * Returns 0 when they are. */
static int check_sections(parser *p, const int *seq, size_t n)
{
	size_t k, ll = last_text_line(p);
	for (k = 0; k < n; k++) {
		size_t later;
		if (p->first[seq[k]] != NONE)
			continue;
		for (later = k + 1; later < n && p->first[seq[later]] == NONE; later++)
			;
		if (later < n) {
			size_t at = p->first[seq[later]];
			diag_at(p, "missing-section", p->lines[at].start, IMR_EINVALID,
				"missing section '%s' before '%s'", heading_names[seq[k]],
				heading_names[seq[later]]);
		} else {
			diag_at(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends before section '%s'", heading_names[seq[k]]);
		}
		return -1;
	}
	for (k = 1; k < n; k++) {
		if (p->first[seq[k]] < p->first[seq[k - 1]]) {
			diag_at(p, "section-order", p->lines[p->first[seq[k - 1]]].start, IMR_EINVALID,
				"section '%s' is out of order: it must come before '%s'",
				heading_names[seq[k - 1]], heading_names[seq[k]]);
			relate(p, p->lines[p->first[seq[k]]].start);
			return -1;
		}
	}
	return 0;
}

/* The line after which a section's text ends: the next heading line. */
static size_t section_end(const parser *p, size_t head)
{
	size_t i;
	for (i = head + 1; i < p->nlines; i++)
		if (p->lines[i].heading >= 0)
			return i;
	return p->nlines;
}

static size_t raw_of(const parser *p, size_t line)
{
	return line < p->nlines ? p->lines[line].raw : p->len;
}

static void parse_standard(parser *p)
{
	static const int std_seq[] = { H_HOW, H_SUMMARY, H_ISSUES };
	static const int dec_seq[] = { H_HOW, H_DOCS, H_SUMMARY, H_DECISIONS };
	imr_letter *l = &p->box->pub;
	int decisions = p->layout == IMR_LAYOUT_DECISIONS;
	size_t how, sum, sec, cred, end;
	char *text;

	if (check_sections(p, decisions ? dec_seq : std_seq, decisions ? 4 : 3) < 0)
		return;
	how = p->first[H_HOW];
	sum = p->first[H_SUMMARY];
	sec = p->first[decisions ? H_DECISIONS : H_ISSUES];
	parse_header(p, 0, how);

	/* the HOW paragraph; the credentials block when it follows */
	cred = p->first[H_CRED];
	end = section_end(p, how);
	text = join(p, raw_of(p, how + 1), raw_of(p, end));
	if (cred != NONE && cred > how && cred < sum)
		parse_credentials(p, cred + 1, section_end(p, cred));
	credentials_from_paragraph(p, text);

	if (decisions) {
		size_t docs = p->first[H_DOCS];
		l->documents_reviewed = join(p, raw_of(p, docs + 1), raw_of(p, section_end(p, docs)));
	}

	/* the summary, without its stock opening sentence */
	{
		size_t from = raw_of(p, sum + 1), to = raw_of(p, section_end(p, sum));
		const char *s = skip_spaces(p->s + from, p->s + to), *m;
		m = match_at(s, p->s + to, "The expert reviewer developed the following clinical case summary");
		if (m) {
			const char *colon = memchr(m, ':', (size_t)(p->s + to - m));
			if (colon && colon - m < 200)
				from = (size_t)(colon + 1 - p->s);
		}
		l->summary = join(p, from, to);
		l->summary_span = span_of(p, from, to);
	}
	if (!p->err)
		parse_items(p, sec);
}

/* A letter that stops in mid-sentence was cut off, whatever its layout:
 * the last line ends with a comma, colon or hyphen, or with a word that
 * cannot end an English sentence. */
static void check_ending(parser *p)
{
	static const char *const words[] = { "the", "a", "an", "of", "to", "and", "or", "for",
					     "with", "in", "on", "at", "by", "from", "is", "was",
					     "are", "be", "that", "which", "as", "than" };
	size_t ll = last_text_line(p), k;
	const char *s, *e, *w;
	if (ll == NONE)
		return;
	s = lstart(p, ll);
	e = lend(p, ll);
	if (e[-1] == ',' || e[-1] == ';' || e[-1] == ':' ||
	    (e[-1] == '-' && !(e - s >= 2 && e[-2] == '-'))) {
		diag_at(p, "truncated", p->lines[ll].end, IMR_EINVALID, "letter ends in mid-sentence");
		return;
	}
	w = e;
	while (w > s && is_alpha((unsigned char)w[-1]))
		w--;
	if (w > s && !is_space((unsigned char)w[-1]))
		return;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if ((size_t)(e - w) == strlen(words[k]) && match_at(w, e, words[k]) == e) {
			diag_at(p, "truncated", p->lines[ll].end, IMR_EINVALID,
				"letter ends in mid-sentence");
			return;
		}
	/* Any other last word may end a sentence that lost its full stop (a
	 * real letter does that), or be where the text was cut ("... does not
	 * clearly"): the letter is read, with a warning that says so. */
	if (!strchr(".!?)\"'", e[-1]))
		imr_diags_add(p->diags, IMR_SEVERITY_WARNING, "truncated", p->name,
			      imr_text_line(p->text, p->lines[ll].end), imr_text_column(p->text, p->lines[ll].end),
			      "the letter's last sentence has no full stop; the letter may be cut off");
}

/* ---- public API ---- */

const char *imr_letter_layout_name(imr_letter_layout layout)
{
	switch (layout) {
	case IMR_LAYOUT_STANDARD: return "standard";
	case IMR_LAYOUT_DECISIONS: return "decisions";
	case IMR_LAYOUT_NOTICE_2013: return "notice-2013";
	default: return "unknown";
	}
}

void imr_letter_free(imr_letter *letter)
{
	letter_box *box = (letter_box *)letter;
	if (!box)
		return;
	imr__arena_dispose(&box->arena);
	imr__free(box);
}

int imr_letter_parse(imr_letter **out, const imr_text *text, const imr_limits *limits,
		     imr_diags *diags)
{
	parser p;
	imr_letter *l;
	size_t first_text;
	int err;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.text = text;
	p.s = imr_text_data(text, &p.len);
	p.name = imr_text_name(text);
	p.lim = imr_limits_resolve(limits);
	p.diags = diags;
	p.box = imr__calloc(1, sizeof(letter_box));
	if (!p.box)
		return IMR_ENOMEM;
	p.arena = &p.box->arena;
	l = &p.box->pub;
	l->header.assigned = l->header.injury = l->header.decided = IMR_DATE_NONE;
	l->header.ur_denied = l->header.received = IMR_DATE_NONE;
	l->pages = imr_text_page_count(text);

	if ((err = build_lines(&p)) < 0)
		goto done;
	classify(&p);
	if ((err = mark_debris(&p)) < 0)
		goto done;

	first_text = NONE;
	{
		size_t i;
		for (i = 0; i < p.nlines && first_text == NONE; i++)
			if (p.lines[i].kind == K_TEXT)
				first_text = i;
	}
	if (first_text == NONE) {
		/* nothing but whitespace (page numbers alone count as nothing too) */
		diag_at(&p, "empty", 0, IMR_EINVALID, "empty letter");
		goto fail;
	}
	if (p.first[H_NOTICE] != NONE) {
		p.layout = IMR_LAYOUT_NOTICE_2013;
	} else if (p.first[H_HOW] != NONE || p.first[H_ISSUES] != NONE ||
		   p.first[H_DECISIONS] != NONE) {
		p.layout = p.first[H_DECISIONS] != NONE ||
					   (p.first[H_DOCS] != NONE && p.first[H_ISSUES] == NONE)
				   ? IMR_LAYOUT_DECISIONS
				   : IMR_LAYOUT_STANDARD;
	} else {
		diag_at(&p, "unknown-layout", p.lines[first_text].start, IMR_EINVALID,
			"not an IMR determination letter: no known layout (expected 'HOW THE IMR "
			"FINAL DETERMINATION WAS MADE' or 'Notice of Independent Medical Review "
			"Determination')");
		goto fail;
	}
	l->layout = p.layout;
	l->layout_name = imr_letter_layout_name(p.layout);

	if (p.layout == IMR_LAYOUT_NOTICE_2013) {
		static const int seq[] = { H_NOTICE, H_NOTICE_DR, H_QUALS, H_CASE_SUMMARY };
		if (check_sections(&p, seq, 4) == 0)
			parse_notice(&p);
	} else {
		parse_standard(&p);
	}
	if (!p.err)
		check_ending(&p);
	if (!p.err && p.arena->failed)
		p.err = IMR_ENOMEM; /* an arena failure not caught where it happened */
	if (p.err)
		goto fail;
	err = IMR_OK;
	*out = l;
	p.box = NULL;
	goto done;
fail:
	err = p.err;
done:
	if (p.box) {
		imr__arena_dispose(&p.box->arena);
		imr__free(p.box);
	}
	imr__free(p.lines);
	imr__free(p.items);
	imr__free(p.sb);
	imr__free(p.words);
	return err;
}
