/* test_acmatch.c - the Aho-Corasick automaton: every occurrence of every
 * literal, overlapping ones and equal literals included, ASCII case folded,
 * word-boundary conditions, and agreement with a naive search over random
 * literal sets, in one pass's order for texts long enough to be read as
 * several streams, and in windows of a text. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acmatch.h"
#include "alloc.h"

#define CAP 4096

static imr_ac *build(const char *const *lits, size_t n, const unsigned char *edges)
{
	size_t lens[64], i;
	imr_ac *ac = NULL;
	for (i = 0; i < n; i++)
		lens[i] = strlen(lits[i]);
	assert_int_equal(imr__ac_build(&ac, lits, lens, edges, n), IMR_OK);
	return ac;
}

/* The hits of @p text as "id@start id@start ...". */
static const char *hits_of(const imr_ac *ac, const char *text)
{
	static char out[1024];
	imr_ac_hit hits[64];
	size_t n = imr__ac_scan(ac, text, strlen(text), hits, 64), i, o = 0;
	assert_true(n <= 64);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%u@%u", i ? " " : "", hits[i].id, hits[i].start);
	return out;
}

static void finds_overlapping_occurrences_in_end_order(void **state)
{
	static const char *const lits[] = { "he", "she", "his", "hers" };
	imr_ac *ac = build(lits, 4, NULL);
	(void)state;
	/* "ushers": she ends at 4 (before he, its suffix), hers at 6 */
	assert_string_equal(hits_of(ac, "ushers"), "1@1 0@2 3@2");
	assert_string_equal(hits_of(ac, "his hers"), "2@0 0@4 3@4");
	assert_string_equal(hits_of(ac, "nothing"), "");
	assert_string_equal(hits_of(ac, ""), "");
	imr__ac_free(ac);
}

static void ignores_ascii_case_only(void **state)
{
	static const char *const lits[] = { "esi", "caf\xc3\xa9" };
	imr_ac *ac = build(lits, 2, NULL);
	(void)state;
	assert_string_equal(hits_of(ac, "ESI, Esi, eSI"), "0@0 0@5 0@10");
	/* a non-ASCII byte is only itself: "CAFÉ" is not "café" */
	assert_string_equal(hits_of(ac, "CAF\xc3\xa9 caf\xc3\x89"), "1@0");
	imr__ac_free(ac);
}

static void reports_equal_literals_under_each_id(void **state)
{
	static const char *const lits[] = { "pain", "PAIN", "ain" };
	imr_ac *ac = build(lits, 3, NULL);
	(void)state;
	assert_string_equal(hits_of(ac, "pain"), "0@0 1@0 2@1");
	imr__ac_free(ac);
}

static void checks_word_boundaries(void **state)
{
	static const char *const lits[] = { "he", "he", "no" };
	static const unsigned char edges[] = { IMR_AC_WORD_BEFORE | IMR_AC_WORD_AFTER, 0, IMR_AC_WORD_BEFORE };
	imr_ac *ac = build(lits, 3, edges);
	(void)state;
	/* id 0 only as a word, id 1 anywhere, id 2 at a word start */
	assert_string_equal(hits_of(ac, "the he"), "1@1 0@4 1@4");
	assert_string_equal(hits_of(ac, "he_"), "1@0");
	assert_string_equal(hits_of(ac, "none, snow"), "2@0");
	/* next to a non-ASCII byte a boundary may hold (a UCP letter or not) */
	assert_string_equal(hits_of(ac, "\xc3\xa9he"), "0@2 1@2");
	/* every byte from 0x80 to 0xFF, on either side; digits and '_' are
	 * word bytes, other ASCII is not */
	assert_string_equal(hits_of(ac, "\x80he\xff"), "0@1 1@1");
	assert_string_equal(hits_of(ac, "\xffhe\x80"), "0@1 1@1");
	assert_string_equal(hits_of(ac, "9he he9 _no -no~"), "1@1 1@4 2@13");
	imr__ac_free(ac);
}

static void reports_how_many_when_the_array_is_small(void **state)
{
	static const char *const lits[] = { "a" };
	imr_ac *ac = build(lits, 1, NULL);
	imr_ac_hit hits[2];
	(void)state;
	assert_int_equal(imr__ac_scan(ac, "aaaaa", 5, hits, 2), 5);
	assert_int_equal(hits[1].start, 1);
	imr__ac_free(ac);
}

static void builds_with_no_literals(void **state)
{
	imr_ac *ac = NULL;
	imr_ac_hit hits[1];
	(void)state;
	assert_int_equal(imr__ac_build(&ac, NULL, NULL, NULL, 0), IMR_OK);
	assert_int_equal(imr__ac_scan(ac, "text", 4, hits, 1), 0);
	imr__ac_free(ac);
}

/* A literal too long for the length a report carries is refused before
 * any of its bytes is read (the buffer here is one byte). */
static void refuses_literals_too_long_to_report(void **state)
{
	static const char *const lits[] = { "ab", "c" };
	size_t lens[2] = { 2, (size_t)1 << 30 };
	imr_ac *ac = NULL;
	(void)state;
	assert_int_equal(imr__ac_build(&ac, lits, lens, NULL, 2), IMR_ELIMIT);
	assert_null(ac);
}

/* A state where several literals end, its own and its suffixes' (with
 * equal literals among them), reports them all, longest first. */
static void reports_every_suffix_at_a_state(void **state)
{
	static const char *const lits[] = { "ment", "treatment", "nt", "eatment", "NT", "t" };
	imr_ac *ac = build(lits, 6, NULL);
	(void)state;
	assert_string_equal(hits_of(ac, "treatments"), "5@0 5@4 1@0 3@2 0@5 2@7 4@7 5@8");
	imr__ac_free(ac);
}

/* ---- against a naive search ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int equal_folded(const char *a, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

static int compare_hits(const void *a, const void *b)
{
	const imr_ac_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static void agrees_with_a_naive_search(void **state)
{
	static const char alphabet[] = "abAB ";
	char text[512], lits_buf[40][6];
	const char *lits[40];
	size_t lens[40], round;
	unsigned seed = 12345;
	(void)state;
	for (round = 0; round < 200; round++) {
		imr_ac *ac = NULL;
		imr_ac_hit *got = malloc(CAP * sizeof(imr_ac_hit)), *want = malloc(CAP * sizeof(imr_ac_hit));
		size_t nlits = 1 + round % 40, i, j, ngot, nwant = 0, tlen = 1 + (round * 7) % sizeof(text);
		for (i = 0; i < nlits; i++) {
			size_t len = 1 + (seed = seed * 1103515245u + 12345u) % 5;
			for (j = 0; j < len; j++)
				lits_buf[i][j] = alphabet[(seed = seed * 1103515245u + 12345u) >> 16 & 3];
			lits_buf[i][len] = '\0';
			lits[i] = lits_buf[i];
			lens[i] = len;
		}
		for (i = 0; i < tlen; i++)
			text[i] = alphabet[((seed = seed * 1103515245u + 12345u) >> 16) % 5];
		assert_int_equal(imr__ac_build(&ac, lits, lens, NULL, nlits), IMR_OK);
		ngot = imr__ac_scan(ac, text, tlen, got, CAP);
		assert_true(ngot <= CAP);
		for (i = 0; i < tlen; i++)
			for (j = 0; j < nlits; j++)
				if (i + lens[j] <= tlen && equal_folded(text + i, lits[j], lens[j])) {
					want[nwant].id = (uint32_t)j;
					want[nwant].start = (uint32_t)i;
					nwant++;
				}
		assert_int_equal(ngot, nwant);
		qsort(got, ngot, sizeof(imr_ac_hit), compare_hits);
		qsort(want, nwant, sizeof(imr_ac_hit), compare_hits);
		assert_memory_equal(got, want, ngot * sizeof(imr_ac_hit));
		imr__ac_free(ac);
		free(got);
		free(want);
	}
}

/* ---- long texts, read as several streams ---- */

static unsigned next_random(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* 1 a word byte, 2 a non-ASCII byte, 0 any other (as the automaton reads them). */
static int kind(const char *t, size_t len, size_t at)
{
	unsigned char c;
	if (at >= len)
		return 0;
	c = (unsigned char)t[at];
	if (c >= 0x80)
		return 2;
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int boundary_at(const char *t, size_t len, size_t at)
{
	int a = at ? kind(t, len, at - 1) : 0, b = kind(t, len, at);
	return a == 2 || b == 2 || a != b;
}

/* Every occurrence in the order a scan reports them: by end, the longest
 * first, equal literals by id. */
static size_t naive_in_order(const char *text, size_t tlen, const char *const *lits, const size_t *lens,
			     const unsigned char *edges, size_t nlits, imr_ac_hit *want)
{
	size_t end, n = 0, len, j, longest = 0;
	for (j = 0; j < nlits; j++)
		if (lens[j] > longest)
			longest = lens[j];
	for (end = 1; end <= tlen; end++)
		for (len = end < longest ? end : longest; len > 0; len--)
			for (j = 0; j < nlits; j++) {
				size_t start = end - len;
				if (lens[j] != len || !equal_folded(text + start, lits[j], len))
					continue;
				if ((edges[j] & IMR_AC_WORD_BEFORE) && !boundary_at(text, tlen, start))
					continue;
				if ((edges[j] & IMR_AC_WORD_AFTER) && !boundary_at(text, tlen, end))
					continue;
				want[n].id = (uint32_t)j;
				want[n].start = (uint32_t)start;
				n++;
			}
	return n;
}

/* A window of the text, [from, to), long enough for streams or not (by
 * @p round), lists the whole text's occurrences @p want that lie wholly
 * inside it, word boundaries judged in the whole text, in the same order. */
static void in_windows(const imr_ac *ac, const char *text, size_t tlen, const size_t *lens, const imr_ac_hit *want,
		       size_t nwant, imr_ac_hit *got, size_t round)
{
	size_t w;
	for (w = 0; w < 3; w++) {
		size_t from = (tlen / 7) * (w + 1) + round % 5, to = w == 2 ? tlen : from + (round % 2 ? 1500 : 40), i, k = 0,
		       ngot;
		if (to > tlen)
			to = tlen;
		ngot = imr__ac_scan_window(ac, text, tlen, from, to, got, 60000);
		for (i = 0; i < nwant; i++) {
			if (want[i].start < from || want[i].start + lens[want[i].id] > to)
				continue;
			assert_true(k < ngot);
			assert_int_equal(got[k].id, want[i].id);
			assert_int_equal(got[k].start, want[i].start);
			k++;
		}
		assert_int_equal(k, ngot);
	}
}

/* Texts long enough to be read as several streams, with literals up to 12
 * bytes crossing where one stream's bytes end and the next one's begin,
 * give every occurrence in the order of one left-to-right pass, also when
 * the hits crowd into one part of the text (one stream's share of the
 * array overflows) and when the array is too small for all of them. */
static void long_texts_report_in_one_pass_order(void **state)
{
	static const char alphabet[] = "abAB _.\xe9";
	enum { MAXTEXT = 6000, MAXHITS = 60000 };
	char *text = malloc(MAXTEXT), lits_buf[30][13];
	const char *lits[30];
	size_t lens[30], round;
	unsigned char edges[30];
	imr_ac_hit *got = malloc(MAXHITS * sizeof(imr_ac_hit)), *want = malloc(MAXHITS * sizeof(imr_ac_hit));
	unsigned seed = 777;
	(void)state;
	assert_non_null(text);
	assert_non_null(got);
	assert_non_null(want);
	for (round = 0; round < 60; round++) {
		imr_ac *ac = NULL;
		size_t nlits = 1 + round % 30, tlen = 1000 + (round * 997) % (MAXTEXT - 1000), i, j, nwant, caps[3], c;
		for (i = 0; i < nlits; i++) {
			size_t len = 1 + next_random(&seed) % 12;
			for (j = 0; j < len; j++)
				lits_buf[i][j] = alphabet[next_random(&seed) % 4];
			lits_buf[i][len] = '\0';
			lits[i] = lits_buf[i];
			lens[i] = len;
			edges[i] = (unsigned char)(next_random(&seed) % 4);
		}
		for (i = 0; i < tlen; i++) {
			/* every third round, literals' bytes only in the first tenth */
			int sparse = round % 3 == 2 && i > tlen / 10;
			text[i] = sparse ? ' ' : alphabet[next_random(&seed) % (sizeof(alphabet) - 1)];
		}
		if (round % 3 != 2) {
			/* the longest literal ending just before, at or just after
			 * the first byte of each quarter (and of each third) */
			size_t longest = 0, q, d = (round / 3) % 3;
			for (i = 1; i < nlits; i++)
				if (lens[i] > lens[longest])
					longest = i;
			for (q = 0; q < 5; q++) {
				size_t b = q < 3 ? (q + 1) * (tlen / 4) : (q - 2) * (tlen / 3);
				if (b + d >= lens[longest] && b + d <= tlen)
					memcpy(text + b + d - lens[longest], lits[longest], lens[longest]);
			}
		}
		assert_int_equal(imr__ac_build(&ac, lits, lens, edges, nlits), IMR_OK);
		nwant = naive_in_order(text, tlen, lits, lens, edges, nlits, want);
		assert_true(nwant < MAXHITS);
		caps[0] = MAXHITS;
		caps[1] = nwant;
		caps[2] = nwant / 2;
		for (c = 0; c < 3; c++) {
			size_t ngot = imr__ac_scan(ac, text, tlen, got, caps[c]);
			assert_int_equal(ngot, nwant);
			assert_memory_equal(got, want, (nwant < caps[c] ? nwant : caps[c]) * sizeof(imr_ac_hit));
		}
		in_windows(ac, text, tlen, lens, want, nwant, got, round);
		imr__ac_free(ac);
	}
	free(text);
	free(got);
	free(want);
}

static void build_failures_are_enomem(void **state)
{
	static const char *const lits[] = { "alpha", "beta", "gamma" };
	size_t lens[] = { 5, 4, 5 };
	long n;
	(void)state;
	for (n = 1;; n++) {
		imr_ac *ac = NULL;
		int err;
		imr__alloc_fail_after(n);
		err = imr__ac_build(&ac, lits, lens, NULL, 3);
		imr__alloc_fail_after(0);
		if (err == IMR_OK) {
			imr__ac_free(ac);
			break;
		}
		assert_int_equal(err, IMR_ENOMEM);
		assert_null(ac);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_overlapping_occurrences_in_end_order),
		cmocka_unit_test(ignores_ascii_case_only),
		cmocka_unit_test(reports_equal_literals_under_each_id),
		cmocka_unit_test(checks_word_boundaries),
		cmocka_unit_test(reports_how_many_when_the_array_is_small),
		cmocka_unit_test(builds_with_no_literals),
		cmocka_unit_test(refuses_literals_too_long_to_report),
		cmocka_unit_test(reports_every_suffix_at_a_state),
		cmocka_unit_test(agrees_with_a_naive_search),
		cmocka_unit_test(long_texts_report_in_one_pass_order),
		cmocka_unit_test(build_failures_are_enomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
