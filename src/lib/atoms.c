/* atoms.c - required literals of a PCRE2 pattern, read from its syntax.
 *
 * A recursive-descent reader over the PCRE2 syntax the lexicons use
 * (atoms_read.c) gives each part of the pattern an `info`, which this file
 * combines (concatenation, alternation, repetition) and from which it
 * chooses the atoms:
 *   exact   the finite set of texts the part matches, when small and known;
 *   prefix  every match of the part starts with one of these;
 *   suffix  every match of the part ends with one of these;
 *   cover   every match of the part contains one of these (the atoms);
 * plus whether it can match the empty string, the most bytes it can match
 * (maxlen), the most bytes matching it reads from its start (reach), and
 * for the cover, the most bytes between the start of a match and the atom
 * (pre). Sets hold at most SETMAX strings of at most LITMAX bytes; a set
 * holding the empty string says nothing. A part the reader does not know
 * stops the reading: the pattern then has no atoms.
 *
 * Lengths are bounds in bytes of UTF-8 (imr_atoms_bound): a constant plus
 * multiples of the longest runs, in the text, of the character classes that
 * unbounded repeats of one character use ("\\s+", "\\w*"). Additions and
 * products saturate to "unbounded". An ASCII character counts one byte: the
 * prefilter is not used on texts where a caseless ASCII letter could match
 * a longer character (imr__atoms_text_safe). */
#include "atoms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "atoms_impl.h"
#include "imrcheck/common.h"

/* ---- lengths ---- */

static len_t len_const(size_t n)
{
	len_t l;
	memset(&l, 0, sizeof(l));
	l.c = n;
	return l;
}

static int len_unbounded(len_t a)
{
	return a.c == UNB;
}

static int len_zero(len_t a)
{
	int i;
	if (a.c)
		return 0;
	for (i = 0; i < NRUN; i++)
		if (a.coef[i])
			return 0;
	return 1;
}

static size_t add_sat(size_t a, size_t b)
{
	return a == UNB || b == UNB || a > UNB - b ? UNB : a + b;
}

static len_t len_add(len_t a, len_t b)
{
	int i;
	if (len_unbounded(a) || len_unbounded(b))
		return len_const(UNB);
	a.c = add_sat(a.c, b.c);
	for (i = 0; i < NRUN && a.c != UNB; i++) {
		if (a.coef[i] > UINT32_MAX - b.coef[i])
			return len_const(UNB);
		a.coef[i] += b.coef[i];
	}
	return a;
}

static len_t len_mul(len_t a, size_t n)
{
	int i;
	if (len_zero(a) || !n)
		return len_const(0);
	if (len_unbounded(a) || n == UNB || (a.c && a.c > (UNB - 1) / n))
		return len_const(UNB);
	a.c *= n;
	for (i = 0; i < NRUN; i++) {
		if (a.coef[i] && a.coef[i] > UINT32_MAX / n)
			return len_const(UNB);
		a.coef[i] = (uint32_t)(a.coef[i] * n);
	}
	return a;
}

/* Component-wise maximum: at least either, whatever the runs are. */
static len_t len_max(len_t a, len_t b)
{
	int i;
	if (len_unbounded(a) || len_unbounded(b))
		return len_const(UNB);
	if (b.c > a.c)
		a.c = b.c;
	for (i = 0; i < NRUN; i++)
		if (b.coef[i] > a.coef[i])
			a.coef[i] = b.coef[i];
	return a;
}

/* a - n, not below the run terms (still an upper bound). */
static len_t len_sub(len_t a, size_t n)
{
	if (!len_unbounded(a))
		a.c -= n < a.c ? n : a.c;
	return a;
}

/* ---- choosing atoms ---- */

/* Which atoms to scan for is a guess at how often they occur in clinical
 * English: the prefilter calls PCRE2 once per candidate occurrence, so the
 * best cover is the one with the fewest expected occurrences. A string's
 * chance at a given position is the product of its letters' frequencies
 * (English text), except for the commonest words, which occur far more
 * often than their letters predict. None of this changes what matches,
 * only how fast. */
static const char *const common_words[] = {
	"the", "of", "and", "to", "in", "is", "was", "he", "she", "his", "her", "it", "for", "on", "with",
	"as", "at", "by", "be", "this", "that", "from", "or", "an", "a", "are", "had", "has", "have", "not",
	"no", "but", "were", "been", "which", "who", "will", "would", "there", "their", "they", "him",
	"all", "one", "two", "also", "into", "than", "then", "out", "up", "per", "any", "may", "can",
	"if", "so", "do", "did", "does", "its", "our", "we", "you", "what", "when", "more", "other",
};

static double letter_frequency(unsigned char c)
{
	/* percent of letters in English text, a-z */
	static const double freq[26] = { 8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.8, 4.0, 2.4,
					 6.7,  7.5, 1.9, 0.1, 6.0,  6.3, 9.1, 2.8, 1.0, 2.4, 0.15, 2.0, 0.07 };
	if (c >= 'a' && c <= 'z')
		return freq[c - 'a'] / 100 * 0.8; /* letters are 80% of text */
	if (c == ' ')
		return 0.15;
	if (c >= '0' && c <= '9')
		return 0.005;
	/* punctuation: commas and stops are about as common as a mid-range
	 * letter; brackets, slashes, colons and quotes less so; symbols such
	 * as '&', '%' or '#' are rare in prose */
	if (c == ',' || c == '.')
		return 0.012;
	if (c && strchr("-()/:;'\"", c))
		return 0.004;
	return 0.0005;
}

/* Whether @p text (@p n bytes) is one of the common words. */
static int common_word(const char *text, size_t n)
{
	size_t i;
	if (n > 5)
		return 0;
	for (i = 0; i < sizeof(common_words) / sizeof(common_words[0]); i++)
		if (common_words[i][0] == text[0] && strlen(common_words[i]) == n &&
		    memcmp(common_words[i], text, n) == 0)
			return 1;
	return 0;
}

/* Expected occurrences per byte of text of one atom (marks excluded): the
 * letter model's figure, or the word table's (wordfreq.h) where the
 * table's words hold the atom more often than that. The table counts the
 * atom inside the counted words only, at a word's edges where the atom
 * has marks; the model covers the rest. */
static double atom_frequency(const imr_wordfreq *wf, const lit *l)
{
	char text[LITMAX];
	size_t i, n = 0;
	double f = 1, counted;
	int edges;
	unsigned where;
	if (!l->len)
		return 1;
	edges = (l->s[0] == MARK) + (l->s[l->len - 1] == MARK);
	where = (l->s[0] == MARK ? IMR_WORDFREQ_START : 0u) | (l->s[l->len - 1] == MARK ? IMR_WORDFREQ_END : 0u);
	for (i = 0; i < l->len; i++)
		if (l->s[i] != MARK) {
			text[n++] = l->s[i];
			f *= letter_frequency((unsigned char)l->s[i]);
		}
	if (f < 0.02 && n && common_word(text, n))
		f = 0.02;
	/* a word boundary to check rules out the occurrences inside words */
	while (edges--)
		f *= 0.5;
	counted = imr__wordfreq_of(wf, text, n, where);
	return counted > f ? counted : f;
}

/* ---- string sets ---- */

/* Bytes of text a string stands for: word-boundary marks take none. */
static size_t count_bytes(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		n += s[i] != MARK;
	return n;
}

static size_t lit_bytes(const lit *l)
{
	return l->bytes;
}

static int set_useless(const set *s)
{
	int i;
	if (s->n == 0)
		return 1;
	for (i = 0; i < s->n; i++)
		if (lit_bytes(&s->v[i]) == 0)
			return 1;
	return 0;
}

static void set_one(const imr_wordfreq *wf, set *s, const char *str, size_t len)
{
	s->n = 1;
	s->v[0].len = (unsigned char)len;
	s->v[0].bytes = (unsigned char)count_bytes(str, len);
	memcpy(s->v[0].s, str, len);
	s->v[0].freq = (float)atom_frequency(wf, &s->v[0]);
}

static void set_empty_string(set *s)
{
	s->n = 1;
	s->v[0].len = 0;
	s->v[0].bytes = 0;
	s->v[0].freq = 1;
}

/* *dst = *src, copying only the strings in use (sets are large). */
void imr__atoms_set_copy(set *dst, const set *src)
{
	dst->n = src->n;
	memcpy(dst->v, src->v, (size_t)src->n * sizeof(lit));
}

/* Add a string, cut to LITMAX bytes as the mode allows; @p freq is its
 * atom_frequency() when the caller knows it (a string taken whole from
 * another set), or negative. -1 when the set is full or an exact string is
 * too long. */
static int set_add_freq(const imr_wordfreq *wf, set *s, const char *str, size_t len, mode m, double freq)
{
	int i;
	if (len > LITMAX) {
		if (m == EXACT)
			return -1;
		if (m == SUFFIX)
			str += len - LITMAX;
		len = LITMAX;
		freq = -1;
	}
	for (i = 0; i < s->n; i++)
		if (s->v[i].len == len && memcmp(s->v[i].s, str, len) == 0)
			return 0;
	if (s->n == SETMAX)
		return -1;
	s->v[s->n].len = (unsigned char)len;
	s->v[s->n].bytes = (unsigned char)count_bytes(str, len);
	memcpy(s->v[s->n].s, str, len);
	s->v[s->n].freq = freq >= 0 ? (float)freq : (float)atom_frequency(wf, &s->v[s->n]);
	s->n++;
	return 0;
}

static int set_add(const imr_wordfreq *wf, set *s, const char *str, size_t len, mode m)
{
	return set_add_freq(wf, s, str, len, m, -1);
}

/* Whether every text holding @p big holds @p small at the same start
 * (PREFIX, COVER) or end (SUFFIX). Covers drop only strings another one
 * begins: a shorter atom further inside would move the occurrence away from
 * the start of the match, past the distance the cover promises. */
static int implies(const lit *big, const lit *small, mode m)
{
	if (small->len > big->len)
		return 0;
	if (m == SUFFIX)
		return memcmp(big->s + big->len - small->len, small->s, small->len) == 0;
	return memcmp(big->s, small->s, small->len) == 0;
}

static int compare_heads(const void *a, const void *b)
{
	const lit *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int compare_tails(const void *a, const void *b)
{
	const lit *x = a, *y = b;
	size_t i;
	for (i = 1; i <= x->len && i <= y->len; i++) {
		unsigned char p = (unsigned char)x->s[x->len - i], q = (unsigned char)y->s[y->len - i];
		if (p != q)
			return p < q ? -1 : 1;
	}
	return (x->len > y->len) - (x->len < y->len);
}

/* Drop strings another member already implies. Sorted by their heads (or
 * tails, for suffixes), the strings a member implies follow it at once. */
static void set_simplify(set *s, mode m)
{
	int i, k = 0;
	if (m == EXACT || s->n < 2)
		return;
	qsort(s->v, (size_t)s->n, sizeof(lit), m == SUFFIX ? compare_tails : compare_heads);
	for (i = 0; i < s->n; i++)
		if (!k || !implies(&s->v[i], &s->v[k - 1], m))
			s->v[k++] = s->v[i];
	s->n = k;
}

/* Shorten the strings of a set too large to keep (prefixes keep their
 * heads, suffixes their tails, covers their heads) until it fits. Returns
 * -1 when even single bytes do not fit. */
static int set_shrink(const imr_wordfreq *wf, set *dst, const lit *items, int n, mode m)
{
	size_t cut = LITMAX;
	int i;
	for (;;) {
		dst->n = 0;
		for (i = 0; i < n; i++) {
			size_t len = items[i].len < cut ? items[i].len : cut;
			const char *str = m == SUFFIX ? items[i].s + items[i].len - len : items[i].s;
			if (set_add_freq(wf, dst, str, len, m, len == items[i].len ? items[i].freq : -1) < 0)
				break;
		}
		if (i == n) {
			set_simplify(dst, m);
			return 0;
		}
		if (cut <= MINCUT)
			return -1;
		cut--;
	}
}

/* dst = a | b. For EXACT, -1 when it does not fit; other sets too large
 * are shortened, or say nothing. */
static int set_union(const imr_wordfreq *wf, set *dst, const set *a, const set *b, mode m)
{
	lit all[2 * SETMAX];
	int i, n = 0, rc = 0;
	if (m != EXACT && (set_useless(a) || set_useless(b))) {
		set_empty_string(dst);
		return 0;
	}
	for (i = 0; i < a->n; i++)
		all[n++] = a->v[i];
	for (i = 0; i < b->n; i++)
		all[n++] = b->v[i];
	dst->n = 0;
	for (i = 0; i < n && rc == 0; i++)
		rc = set_add_freq(wf, dst, all[i].s, all[i].len, m, all[i].freq);
	if (rc < 0 && m != EXACT) {
		if (set_shrink(wf, dst, all, n, m) < 0)
			set_empty_string(dst);
		rc = 0;
	} else if (rc == 0) {
		set_simplify(dst, m);
	}
	return rc;
}

/* dst = a x b (every string of a followed by every string of b). -1 when
 * it does not fit. */
static int set_cross(const imr_wordfreq *wf, set *dst, const set *a, const set *b, mode m)
{
	int i, j;
	set tmp;
	tmp.n = 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++) {
			char buf[2 * LITMAX];
			memcpy(buf, a->v[i].s, a->v[i].len);
			memcpy(buf + a->v[i].len, b->v[j].s, b->v[j].len);
			if (set_add(wf, &tmp, buf, (size_t)a->v[i].len + b->v[j].len, m) < 0)
				return -1;
		}
	set_simplify(&tmp, m);
	imr__atoms_set_copy(dst, &tmp);
	return 0;
}

static size_t set_minlen(const set *s)
{
	size_t m = UNB;
	int i;
	for (i = 0; i < s->n; i++)
		if (lit_bytes(&s->v[i]) < m)
			m = lit_bytes(&s->v[i]);
	return m == UNB ? 0 : m;
}

/* Expected cost of a cover at @p pre bytes from the start of the match,
 * lower better: its expected occurrences, times what each one costs: a
 * PCRE2 call, which costs about as much as trying 30 starts (on letters,
 * some 760 cycles a call over windows of under 20 bytes, some 12 more for
 * each byte of window), and the starts it makes PCRE2 try. An unbounded
 * distance means searching from the start of the text, which costs far
 * more. */
static double cover_cost(const set *s, len_t pre)
{
	double f = 0, window;
	int i;
	if (set_useless(s))
		return HUGE_VAL;
	for (i = 0; i < s->n; i++)
		f += s->v[i].freq;
	if (len_unbounded(pre)) {
		window = 4096;
	} else {
		/* runs of a class are a few bytes in most texts */
		window = (double)pre.c;
		for (i = 0; i < NRUN; i++)
			window += 4.0 * pre.coef[i];
	}
	return f * (32 + window);
}

/* ---- infos ---- */

/* A new info that knows nothing yet. Only the fields are cleared, not the
 * strings of the sets, which are many. An info is large (four sets of
 * SETMAX strings) and a pattern makes and drops one per part: infos are
 * kept for reuse until the reading ends, rather than handed back to the
 * allocator each time, which would trim and regrow its heap over and over. */
static info *info_new(parser *ps)
{
	info *in = ps->spares;
	if (in)
		ps->spares = in->next_spare;
	else
		in = imr__malloc(sizeof(*in));
	if (!in) {
		ps->nomem = 1;
		ps->failed = 1;
		return NULL;
	}
	in->can_empty = in->exact_known = in->one_char = 0;
	in->exact.n = in->prefix.n = in->suffix.n = in->cover.n = 0;
	in->pre = in->maxlen = in->reach = len_const(0);
	set_empty_string(&in->cover2);
	in->pre2 = len_const(UNB);
	in->members[0] = in->members[1] = 0;
	return in;
}

/* Done with @p in (NULL is fine): kept for the next info_new(). */
void imr__atoms_info_free(parser *ps, info *in)
{
	if (!in)
		return;
	in->next_spare = ps->spares;
	ps->spares = in;
}

static void spares_release(info **spares)
{
	while (*spares) {
		info *in = *spares;
		*spares = in->next_spare;
		imr__free(in);
	}
}

static void no_sets(info *in)
{
	set_empty_string(&in->prefix);
	set_empty_string(&in->suffix);
	set_empty_string(&in->cover);
}

/* The empty string, or a zero-width assertion reading @p reach bytes. */
info *imr__atoms_info_zero(parser *ps, size_t reach)
{
	info *in = info_new(ps);
	if (!in)
		return NULL;
	in->can_empty = 1;
	in->exact_known = 1;
	set_empty_string(&in->exact);
	no_sets(in);
	in->reach = len_const(reach);
	return in;
}

/* \b: matches no text, but where it stands next to an atom the prefilter
 * can check the boundary before it runs anything (the MARK byte). */
info *imr__atoms_info_mark(parser *ps)
{
	info *in = imr__atoms_info_zero(ps, 4);
	char m = MARK;
	if (!in)
		return NULL;
	set_one(ps->words, &in->exact, &m, 1);
	imr__atoms_set_copy(&in->prefix, &in->exact);
	imr__atoms_set_copy(&in->suffix, &in->exact);
	imr__atoms_set_copy(&in->cover, &in->exact);
	return in;
}

/* Text about which nothing literal is known, of at most @p bytes. */
info *imr__atoms_info_any(parser *ps, size_t bytes, int can_empty)
{
	info *in = info_new(ps);
	if (!in)
		return NULL;
	in->can_empty = can_empty;
	no_sets(in);
	in->maxlen = in->reach = len_const(bytes);
	return in;
}

/* One character of a class with these ASCII @p members (any non-ASCII
 * character possibly too), of at most @p bytes. */
info *imr__atoms_info_class(parser *ps, const uint64_t members[2], size_t bytes)
{
	info *in = imr__atoms_info_any(ps, bytes, 0);
	if (!in)
		return NULL;
	in->one_char = 1;
	in->members[0] = members[0];
	in->members[1] = members[1];
	return in;
}

/* One of @p n single-byte characters (already folded), members as above. */
info *imr__atoms_info_chars(parser *ps, const unsigned char *chars, int n, const uint64_t members[2])
{
	info *in = imr__atoms_info_class(ps, members, 1);
	int i;
	if (!in)
		return NULL;
	in->exact_known = 1;
	for (i = 0; i < n; i++) {
		char c = (char)chars[i];
		set_add(ps->words, &in->exact, &c, 1, EXACT);
	}
	imr__atoms_set_copy(&in->prefix, &in->exact);
	imr__atoms_set_copy(&in->suffix, &in->exact);
	imr__atoms_set_copy(&in->cover, &in->exact);
	return in;
}

/* Literal bytes (folded); a run longer than a set keeps is known by its
 * head and its tail. */
info *imr__atoms_info_bytes(parser *ps, const char *s, size_t len)
{
	info *in = info_new(ps);
	if (!in)
		return NULL;
	in->maxlen = in->reach = len_const(len);
	if (len > LITMAX) {
		set_one(ps->words, &in->prefix, s, LITMAX);
		set_one(ps->words, &in->suffix, s + len - LITMAX, LITMAX);
		set_one(ps->words, &in->cover, s, LITMAX);
		return in;
	}
	in->exact_known = 1;
	set_one(ps->words, &in->exact, s, len);
	imr__atoms_set_copy(&in->prefix, &in->exact);
	imr__atoms_set_copy(&in->suffix, &in->exact);
	imr__atoms_set_copy(&in->cover, &in->exact);
	return in;
}

static void consider(set *cover, len_t *pre, double *cost, const set *cand, len_t cpre)
{
	double c = cover_cost(cand, cpre);
	if (c < *cost || (c == *cost && c < HUGE_VAL && cpre.c < pre->c)) {
		imr__atoms_set_copy(cover, cand);
		*pre = cpre;
		*cost = c;
	}
}

/* The best cover a part offers (its exact set, prefixes, suffixes or
 * cover), with its distance from the part's start, into @p out. */
void imr__atoms_best_cover(const info *in, set *out, len_t *pre)
{
	double cost = HUGE_VAL;
	set_empty_string(out);
	*pre = len_const(UNB);
	consider(out, pre, &cost, &in->cover, in->pre);
	if (in->exact_known)
		consider(out, pre, &cost, &in->exact, len_const(0));
	consider(out, pre, &cost, &in->prefix, len_const(0));
	consider(out, pre, &cost, &in->suffix, len_sub(in->maxlen, set_minlen(&in->suffix)));
}

/* The text of @p l without its marks, into @p out; its length. */
static size_t lit_text(const lit *l, char out[LITMAX])
{
	size_t i, n = 0;
	for (i = 0; i < l->len; i++)
		if (l->s[i] != MARK)
			out[n++] = l->s[i];
	return n;
}

static int contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
	size_t i;
	for (i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return 1;
	return 0;
}

/* Whether two covers may be one piece of the pattern read twice: a string
 * of one holds a string of the other (marks aside). A second cover is
 * only worth its occurrences where it is not: "gabapentin" says nothing
 * more than "<gabapentin>". Large sets are taken as related, unchecked. */
static int related(const set *a, const set *b)
{
	int i, j;
	if (a->n * b->n > 1024)
		return 1;
	for (i = 0; i < a->n; i++) {
		char x[LITMAX];
		size_t xn = lit_text(&a->v[i], x);
		for (j = 0; j < b->n; j++) {
			char y[LITMAX];
			size_t yn = lit_text(&b->v[j], y);
			if (contains(x, xn, y, yn) || contains(y, yn, x, xn))
				return 1;
		}
	}
	return 0;
}

/* consider() for the best cover of @p r and a runner-up (cover2) at once:
 * the best is chosen exactly as consider() chooses it; the runner-up is
 * the cheapest candidate unrelated to the best (related()), so that it
 * confirms a window from another part of the pattern. */
static void consider2(info *r, double *cost, double *cost2, const set *cand, len_t cpre)
{
	double c = cover_cost(cand, cpre);
	if (c == HUGE_VAL)
		return;
	if (c < *cost || (c == *cost && cpre.c < r->pre.c)) {
		if (*cost2 < HUGE_VAL && related(&r->cover2, cand)) {
			set_empty_string(&r->cover2);
			*cost2 = HUGE_VAL;
		}
		if (*cost < HUGE_VAL && *cost < *cost2 && !related(&r->cover, cand)) {
			imr__atoms_set_copy(&r->cover2, &r->cover);
			r->pre2 = r->pre;
			*cost2 = *cost;
		}
		imr__atoms_set_copy(&r->cover, cand);
		r->pre = cpre;
		*cost = c;
	} else if (c < *cost2 && !related(&r->cover, cand)) {
		imr__atoms_set_copy(&r->cover2, cand);
		r->pre2 = cpre;
		*cost2 = c;
	}
}

/* x followed by y, into a new info (both freed). */
info *imr__atoms_concat(parser *ps, info *x, info *y)
{
	info *r;
	len_t xpre, ypre;
	set c;
	double sc = HUGE_VAL, sc2 = HUGE_VAL;

	if (!x || !y) {
		imr__atoms_info_free(ps, x);
		imr__atoms_info_free(ps, y);
		return NULL;
	}
	r = info_new(ps);
	if (!r) {
		imr__atoms_info_free(ps, x);
		imr__atoms_info_free(ps, y);
		return NULL;
	}
	r->can_empty = x->can_empty && y->can_empty;
	r->maxlen = len_add(x->maxlen, y->maxlen);
	r->reach = len_max(x->reach, len_add(x->maxlen, y->reach));
	r->exact_known = x->exact_known && y->exact_known && set_cross(ps->words, &r->exact, &x->exact, &y->exact, EXACT) == 0;
	if (x->exact_known) {
		if (set_cross(ps->words, &r->prefix, &x->exact, &y->prefix, PREFIX) < 0) {
			imr__atoms_set_copy(&r->prefix, &x->exact);
			set_simplify(&r->prefix, PREFIX);
		}
	} else if (x->can_empty) {
		set_union(ps->words, &r->prefix, &x->prefix, &y->prefix, PREFIX);
	} else {
		imr__atoms_set_copy(&r->prefix, &x->prefix);
	}
	if (y->exact_known) {
		if (set_cross(ps->words, &r->suffix, &x->suffix, &y->exact, SUFFIX) < 0) {
			imr__atoms_set_copy(&r->suffix, &y->exact);
			set_simplify(&r->suffix, SUFFIX);
		}
	} else if (y->can_empty) {
		set_union(ps->words, &r->suffix, &y->suffix, &x->suffix, SUFFIX);
	} else {
		imr__atoms_set_copy(&r->suffix, &y->suffix);
	}
	/* the cover: the best of either part's, and of what spans the join;
	 * the runner-up among them and the parts' own runners-up is kept too.
	 * A part's runner-up competes for the best as well: the distance added
	 * to both of y's can reverse their order */
	set_empty_string(&r->cover);
	r->pre = len_const(UNB);
	imr__atoms_best_cover(x, &c, &xpre);
	consider2(r, &sc, &sc2, &c, xpre);
	imr__atoms_best_cover(y, &c, &ypre);
	consider2(r, &sc, &sc2, &c, len_add(x->maxlen, ypre));
	if (!set_useless(&x->suffix) && !set_useless(&y->prefix)) {
		size_t xsuf_min = set_minlen(&x->suffix);
		if (set_cross(ps->words, &c, &x->suffix, &y->prefix, COVER) == 0)
			consider2(r, &sc, &sc2, &c, len_sub(x->maxlen, xsuf_min));
	}
	consider2(r, &sc, &sc2, &x->cover2, x->pre2);
	consider2(r, &sc, &sc2, &y->cover2, len_add(x->maxlen, y->pre2));
	imr__atoms_info_free(ps, x);
	imr__atoms_info_free(ps, y);
	return r;
}

/* x or y, into a new info (both freed). */
info *imr__atoms_alternate(parser *ps, info *x, info *y)
{
	info *r;
	len_t xpre, ypre;
	set xc, yc;
	if (!x || !y) {
		imr__atoms_info_free(ps, x);
		imr__atoms_info_free(ps, y);
		return NULL;
	}
	r = info_new(ps);
	if (!r) {
		imr__atoms_info_free(ps, x);
		imr__atoms_info_free(ps, y);
		return NULL;
	}
	r->can_empty = x->can_empty || y->can_empty;
	r->maxlen = len_max(x->maxlen, y->maxlen);
	r->reach = len_max(x->reach, y->reach);
	r->exact_known = x->exact_known && y->exact_known &&
			 set_union(ps->words, &r->exact, &x->exact, &y->exact, EXACT) == 0;
	set_union(ps->words, &r->prefix, &x->prefix, &y->prefix, PREFIX);
	set_union(ps->words, &r->suffix, &x->suffix, &y->suffix, SUFFIX);
	imr__atoms_best_cover(x, &xc, &xpre);
	imr__atoms_best_cover(y, &yc, &ypre);
	set_union(ps->words, &r->cover, &xc, &yc, COVER);
	r->pre = len_max(xpre, ypre);
	/* a match of either side holds that side's second cover */
	if (!set_useless(&x->cover2) && !set_useless(&y->cover2) &&
	    set_union(ps->words, &r->cover2, &x->cover2, &y->cover2, COVER) == 0)
		r->pre2 = len_max(x->pre2, y->pre2);
	else
		set_empty_string(&r->cover2);
	if (x->one_char && y->one_char) {
		/* [ab]|c is still one character */
		r->one_char = 1;
		r->members[0] = x->members[0] | y->members[0];
		r->members[1] = x->members[1] | y->members[1];
	}
	imr__atoms_info_free(ps, x);
	imr__atoms_info_free(ps, y);
	return r;
}

/* The run class with these members, as an index into ps->classes, or -1
 * when the pattern already uses as many as a bound can hold. */
static int run_class(parser *ps, const uint64_t members[2])
{
	unsigned i;
	for (i = 0; i < ps->nclasses; i++)
		if (ps->classes[i][0] == members[0] && ps->classes[i][1] == members[1])
			return (int)i;
	if (ps->nclasses == NRUN)
		return -1;
	ps->classes[ps->nclasses][0] = members[0];
	ps->classes[ps->nclasses][1] = members[1];
	return (int)ps->nclasses++;
}

/* x repeated from @p min to @p max (UNB) times, into a new info. */
info *imr__atoms_repeat(parser *ps, info *x, size_t min, size_t max)
{
	info *r;
	len_t xpre;
	if (!x)
		return NULL;
	if (min == 1 && max == 1)
		return x;
	r = info_new(ps);
	if (!r) {
		imr__atoms_info_free(ps, x);
		return NULL;
	}
	if (max != UNB) {
		r->maxlen = len_mul(x->maxlen, max);
	} else if (len_zero(x->maxlen)) {
		r->maxlen = len_const(0);
	} else if (x->one_char) {
		/* as many characters of one class as the text has in a row */
		int k = run_class(ps, x->members);
		r->maxlen = len_const(k < 0 ? UNB : 0);
		if (k >= 0)
			r->maxlen.coef[k] = 1;
	} else {
		r->maxlen = len_const(UNB);
	}
	r->reach = max ? len_add(r->maxlen, x->reach) : len_const(0);
	if (min == 0) {
		r->can_empty = 1;
		r->exact_known = max == 1 && x->exact_known;
		if (r->exact_known) {
			set e;
			set_empty_string(&e);
			r->exact_known = set_union(ps->words, &r->exact, &x->exact, &e, EXACT) == 0;
		} else if (max == 0) {
			r->exact_known = 1;
			set_empty_string(&r->exact);
		}
		no_sets(r);
		imr__atoms_info_free(ps, x);
		return r;
	}
	r->can_empty = x->can_empty;
	imr__atoms_set_copy(&r->prefix, x->exact_known ? &x->exact : &x->prefix);
	imr__atoms_set_copy(&r->suffix, x->exact_known ? &x->exact : &x->suffix);
	set_simplify(&r->prefix, PREFIX);
	set_simplify(&r->suffix, SUFFIX);
	/* every match holds the first repetition's cover, and its second */
	imr__atoms_best_cover(x, &r->cover, &xpre);
	r->pre = xpre;
	imr__atoms_set_copy(&r->cover2, &x->cover2);
	r->pre2 = x->pre2;
	imr__atoms_info_free(ps, x);
	return r;
}

/* ---- public ---- */

static void no_atoms(imr_atoms *out, const char *why, size_t at)
{
	out->count = 0;
	out->why = why;
	out->why_at = at;
}

/* The strings of @p cover as atoms: marks at the ends become edge checks,
 * inside they are dropped; a text given twice keeps only what both
 * promise. Returns IMR_OK or IMR_ENOMEM (then nothing is kept). */
static int store_set(const set *cover, char ***lits_out, size_t **lens_out, unsigned char **edges_out,
		     float **freqs_out, size_t *count_out)
{
	char **lits = imr__calloc((size_t)cover->n, sizeof(char *));
	size_t *lens = imr__calloc((size_t)cover->n, sizeof(size_t)), count = 0, k;
	unsigned char *edges = imr__calloc((size_t)cover->n, 1);
	float *freqs = freqs_out ? imr__calloc((size_t)cover->n, sizeof(float)) : NULL;
	int i;
	for (i = 0; lits && lens && edges && (freqs || !freqs_out) && i < cover->n; i++) {
		const lit *l = &cover->v[i];
		char text[LITMAX];
		size_t n = 0;
		unsigned char e = 0;
		for (k = 0; k < l->len; k++)
			if (l->s[k] != MARK)
				text[n++] = l->s[k];
		if (l->s[0] == MARK)
			e |= IMR_ATOMS_WORD_BEFORE;
		if (l->s[l->len - 1] == MARK)
			e |= IMR_ATOMS_WORD_AFTER;
		for (k = 0; k < count; k++)
			if (lens[k] == n && memcmp(lits[k], text, n) == 0)
				break;
		if (k < count) {
			edges[k] &= e;
			if (freqs)
				freqs[k] += l->freq;
			continue;
		}
		if (!(lits[count] = imr__malloc(n)))
			break;
		memcpy(lits[count], text, n);
		lens[count] = n;
		edges[count] = e;
		if (freqs)
			freqs[count] = l->freq;
		count++;
	}
	if (i < cover->n) {
		for (k = 0; lits && k < count; k++)
			imr__free(lits[k]);
		imr__free(lits);
		imr__free(lens);
		imr__free(edges);
		imr__free(freqs);
		return IMR_ENOMEM;
	}
	if (freqs_out)
		*freqs_out = freqs;
	*lits_out = lits;
	*lens_out = lens;
	*edges_out = edges;
	*count_out = count;
	return IMR_OK;
}

/* One candidate for the second cover at the top of a reading. */
static void second_candidate(const set **best, double *cost, len_t *pre2, const set *chosen, const set *cand,
			     len_t cpre)
{
	double c;
	if (set_useless(cand) || related(cand, chosen))
		return;
	c = cover_cost(cand, cpre);
	if (c < *cost) {
		*best = cand;
		*cost = c;
		*pre2 = cpre;
	}
}

/* The second cover to confirm windows with: the cheapest of the sets the
 * reading has (its runner-up, its cover, prefixes, suffixes) that is not
 * related to the chosen one. NULL when there is none. (Whether its
 * occurrences are worth listing is the prefilter's call.) */
static const set *second_cover(const info *in, const set *chosen, len_t *pre2)
{
	const set *best = NULL;
	double cost = HUGE_VAL;
	second_candidate(&best, &cost, pre2, chosen, &in->cover2, in->pre2);
	second_candidate(&best, &cost, pre2, chosen, &in->cover, in->pre);
	if (in->exact_known)
		second_candidate(&best, &cost, pre2, chosen, &in->exact, len_const(0));
	second_candidate(&best, &cost, pre2, chosen, &in->prefix, len_const(0));
	second_candidate(&best, &cost, pre2, chosen, &in->suffix, len_sub(in->maxlen, set_minlen(&in->suffix)));
	return best;
}

/* Second atoms from a lookbehind that opens the pattern (parser.behind):
 * the cover of its body, when the body is at most a fixed number of bytes
 * long (*cback), the pattern does not let the lookbehind be skipped (a
 * quantifier after it), and the cover is useful and unrelated to the
 * @p chosen one. *out is NULL when there is none, or a set for the caller
 * to free. Returns 0 or IMR_ENOMEM. */
static int behind_cover(parser *ps, const set *chosen, set **out, size_t *cback)
{
	const info *body = ps->behind;
	len_t pre;
	size_t i;
	*out = NULL;
	if (!body || len_unbounded(body->maxlen) || !body->maxlen.c)
		return 0;
	for (i = 0; i < NRUN; i++)
		if (body->maxlen.coef[i])
			return 0;
	if (ps->behind_end < ps->len && strchr("?*+{", ps->p[ps->behind_end]))
		return 0;
	if (!(*out = imr__malloc(sizeof(**out))))
		return IMR_ENOMEM;
	imr__atoms_best_cover(body, *out, &pre);
	if (set_useless(*out) || related(*out, chosen)) {
		imr__free(*out);
		*out = NULL;
		return 0;
	}
	*cback = body->maxlen.c;
	return 0;
}

static int read_atoms(parser *ps, imr_atoms *out)
{
	info *in;
	set *cover = NULL, *behind = NULL;
	const set *confirm;
	len_t pre, cpre = len_const(UNB);
	size_t cback = 0;
	int err, alternatives = 0;

	memset(out, 0, sizeof(*out));
	out->pre = out->reach = out->cpre = len_const(UNB);
	in = imr__atoms_read_pattern(ps, &alternatives);
	if (ps->nomem) {
		imr__atoms_info_free(ps, in);
		return IMR_ENOMEM;
	}
	if (!in || ps->failed) {
		imr__atoms_info_free(ps, in);
		no_atoms(out, ps->why ? ps->why : "the pattern could not be read", ps->why_at);
		return IMR_OK;
	}
	out->has_k = ps->has_k;
	out->reach = in->reach;
	out->nclasses = ps->nclasses;
	memcpy(out->classes, ps->classes, sizeof(ps->classes));
	if (!(cover = imr__malloc(sizeof(*cover)))) {
		imr__atoms_info_free(ps, in);
		return IMR_ENOMEM;
	}
	imr__atoms_best_cover(in, cover, &pre);
	if (set_useless(cover)) {
		imr__atoms_info_free(ps, in);
		no_atoms(out, "no literal text is common to every match", 0);
		imr__free(cover);
		return IMR_OK;
	}
	err = store_set(cover, &out->lits, &out->lens, &out->edges, NULL, &out->count);
	confirm = err ? NULL : second_cover(in, cover, &cpre);
	if (!err && !confirm && !alternatives && (err = behind_cover(ps, cover, &behind, &cback)) == 0 && behind) {
		confirm = behind;
		cpre = len_const(0);
	}
	if (confirm) {
		err = store_set(confirm, &out->clits, &out->clens, &out->cedges, &out->cfreqs, &out->ccount);
		out->cpre = cpre;
		out->cback = cback;
	}
	imr__atoms_info_free(ps, in);
	imr__free(cover);
	imr__free(behind);
	if (err) {
		imr__atoms_dispose(out);
		return IMR_ENOMEM;
	}
	out->pre = pre;
	return IMR_OK;
}

int imr__atoms_extract(imr_atoms *out, const char *pattern, size_t len, int caseless,
		       imr_atoms_reader *reader)
{
	parser ps;
	int err;
	memset(&ps, 0, sizeof(ps));
	ps.p = pattern;
	ps.len = len;
	ps.caseless = caseless;
	if (reader) {
		ps.spares = reader->spares;
		ps.words = reader->words;
	}
	err = read_atoms(&ps, out);
	imr__atoms_info_free(&ps, ps.behind);
	if (reader)
		reader->spares = ps.spares;
	else
		spares_release(&ps.spares);
	return err;
}

void imr__atoms_reader_dispose(imr_atoms_reader *reader)
{
	if (reader)
		spares_release(&reader->spares);
}

void imr__atoms_dispose(imr_atoms *atoms)
{
	size_t i;
	if (!atoms)
		return;
	for (i = 0; atoms->lits && i < atoms->count; i++)
		imr__free(atoms->lits[i]);
	for (i = 0; atoms->clits && i < atoms->ccount; i++)
		imr__free(atoms->clits[i]);
	imr__free(atoms->lits);
	imr__free(atoms->lens);
	imr__free(atoms->edges);
	imr__free(atoms->clits);
	imr__free(atoms->clens);
	imr__free(atoms->cedges);
	imr__free(atoms->cfreqs);
	memset(atoms, 0, sizeof(*atoms));
}

int imr__atoms_text_safe(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	/* U+017F is C5 BF; U+212A is E2 84 AA */
	while ((p = memchr(p, 0xC5, (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == 0xBF)
			return 0;
		p++;
	}
	p = (const unsigned char *)text;
	while ((p = memchr(p, 0xE2, (size_t)(end - p))) != NULL) {
		if (p + 2 < end && p[1] == 0x84 && p[2] == 0xAA)
			return 0;
		p++;
	}
	return 1;
}
