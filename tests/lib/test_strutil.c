/* test_strutil.c - edit distance, "did you mean" suggestions, identifiers. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "strutil.h"

#define NOCAP ((size_t)1000)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void distance_of_equal_strings_is_zero(void **state)
{
	(void)state;
	assert_int_equal(imr__edit_distance("", "", NOCAP), 0);
	assert_int_equal(imr__edit_distance("require", "require", NOCAP), 0);
}

static void distance_to_empty_is_length(void **state)
{
	(void)state;
	assert_int_equal(imr__edit_distance("", "abc", NOCAP), 3);
	assert_int_equal(imr__edit_distance("abcd", "", NOCAP), 4);
}

static void distance_counts_insertions_deletions_substitutions(void **state)
{
	(void)state;
	assert_int_equal(imr__edit_distance("requre", "require", NOCAP), 1);  /* insertion */
	assert_int_equal(imr__edit_distance("requiire", "require", NOCAP), 1); /* deletion */
	assert_int_equal(imr__edit_distance("requise", "require", NOCAP), 1);  /* substitution */
	assert_int_equal(imr__edit_distance("kitten", "sitting", NOCAP), 3);
	assert_int_equal(imr__edit_distance("flaw", "lawn", NOCAP), 2);
}

static void distance_counts_a_transposition_as_one(void **state)
{
	(void)state;
	assert_int_equal(imr__edit_distance("ab", "ba", NOCAP), 1);
	assert_int_equal(imr__edit_distance("requrie", "require", NOCAP), 1);
	assert_int_equal(imr__edit_distance("knid", "kind", NOCAP), 1);
	/* two separate transpositions */
	assert_int_equal(imr__edit_distance("baab", "abba", NOCAP), 2);
}

static void distance_is_optimal_string_alignment(void **state)
{
	(void)state;
	/* OSA never edits a transposed pair again: "ca" -> "abc" is 3, where
	 * unrestricted Damerau-Levenshtein would give 2. */
	assert_int_equal(imr__edit_distance("ca", "abc", NOCAP), 3);
}

static void distance_is_symmetric(void **state)
{
	static const char *const words[] = { "kind", "knid", "require", "requre", "", "a", "tests",
					     "test" };
	size_t i, j;
	(void)state;
	for (i = 0; i < COUNT(words); i++)
		for (j = 0; j < COUNT(words); j++)
			assert_int_equal(imr__edit_distance(words[i], words[j], NOCAP),
					 imr__edit_distance(words[j], words[i], NOCAP));
}

static void distance_is_capped(void **state)
{
	(void)state;
	assert_int_equal(imr__edit_distance("kitten", "sitting", 2), 2);
	assert_int_equal(imr__edit_distance("kitten", "sitting", 3), 3);
	assert_int_equal(imr__edit_distance("kitten", "sitting", 4), 3);
	assert_int_equal(imr__edit_distance("abc", "xyz", 1), 1);
	assert_int_equal(imr__edit_distance("abc", "abc", 1), 0);
}

static void distance_of_names_over_63_bytes_is_the_cap(void **state)
{
	char a[80], b[80];
	(void)state;
	memset(a, 'a', 64);
	a[64] = '\0';
	memcpy(b, a, sizeof(a));
	assert_int_equal(imr__edit_distance(a, b, 7), 7);
	/* 63 bytes is still measured */
	a[63] = '\0';
	b[63] = '\0';
	assert_int_equal(imr__edit_distance(a, b, 7), 0);
	b[62] = 'b';
	assert_int_equal(imr__edit_distance(a, b, 7), 1);
}

static void suggest_finds_a_one_letter_typo(void **state)
{
	static const char *const keys[] = { "id", "text", "require", "when", "advice" };
	(void)state;
	assert_string_equal(imr__suggest("requre", keys, COUNT(keys)), "require");
	assert_string_equal(imr__suggest("advise", keys, COUNT(keys)), "advice");
	assert_string_equal(imr__suggest("wehn", keys, COUNT(keys)), "when");
}

static void suggest_allows_a_third_of_the_word(void **state)
{
	static const char *const six[] = { "abXYef" };
	static const char *const six_far[] = { "abcXYZ" };
	static const char *const nine[] = { "abcdeXYZi" };
	static const char *const nine_far[] = { "abcdWXYZi" };
	(void)state;
	assert_string_equal(imr__suggest("abcdef", six, 1), "abXYef");      /* 2 <= 6/3 */
	assert_null(imr__suggest("abcdef", six_far, 1));                    /* 3 > 6/3 */
	assert_string_equal(imr__suggest("abcdefghi", nine, 1), "abcdeXYZi"); /* 3 <= 9/3 */
	assert_null(imr__suggest("abcdefghi", nine_far, 1));                /* 4 > 9/3 */
}

static void suggest_allows_one_edit_for_short_words(void **state)
{
	static const char *const cands[] = { "ac" };
	static const char *const far[] = { "xy" };
	(void)state;
	assert_string_equal(imr__suggest("ab", cands, 1), "ac");
	assert_string_equal(imr__suggest("a", cands, 1), "ac");
	assert_null(imr__suggest("ab", far, 1));
}

static void suggest_never_offers_the_word_itself(void **state)
{
	static const char *const same[] = { "kind" };
	static const char *const both[] = { "kind", "kinds" };
	(void)state;
	assert_null(imr__suggest("kind", same, 1));
	assert_string_equal(imr__suggest("kind", both, 2), "kinds");
}

static void suggest_ties_go_to_the_earliest_candidate(void **state)
{
	static const char *const forward[] = { "bat", "cab" };
	static const char *const backward[] = { "cab", "bat" };
	(void)state;
	assert_string_equal(imr__suggest("cat", forward, 2), "bat");
	assert_string_equal(imr__suggest("cat", backward, 2), "cab");
}

static void suggest_prefers_the_closest_candidate(void **state)
{
	static const char *const cands[] = { "abcdeXYZi", "abcdefghX" };
	(void)state;
	assert_string_equal(imr__suggest("abcdefghi", cands, 2), "abcdefghX");
}

static void suggest_with_no_candidates_is_null(void **state)
{
	(void)state;
	assert_null(imr__suggest("anything", NULL, 0));
}

static void identifiers_accept_letters_digits_and_separators(void **state)
{
	static const char *const good[] = { "a", "Z", "mtus.cpmtg.esi", "L5-S1", "A_b-c.d9",
					    "epidural_steroid_injection", "t1.injection" };
	size_t i;
	(void)state;
	for (i = 0; i < COUNT(good); i++)
		if (!imr__is_identifier(good[i], strlen(good[i])))
			fail_msg("'%s' should be an identifier", good[i]);
}

static void identifiers_reject_bad_starts_and_characters(void **state)
{
	static const char *const bad[] = { "",    "1abc", "_a",  "-a",  ".a",  "a b", "a/b",
					   "a:b", "a$",   "é",   "aé",  "a\tb", "a+b" };
	size_t i;
	(void)state;
	for (i = 0; i < COUNT(bad); i++)
		if (imr__is_identifier(bad[i], strlen(bad[i])))
			fail_msg("'%s' should not be an identifier", bad[i]);
}

static void identifier_check_reads_only_len_bytes(void **state)
{
	(void)state;
	assert_true(imr__is_identifier("abc def", 3));
	assert_false(imr__is_identifier("abc def", 4));
	assert_false(imr__is_identifier("abc", 0));
}

static void starts_with_compares_prefixes(void **state)
{
	(void)state;
	assert_true(imr__starts_with("request.levels", "request."));
	assert_false(imr__starts_with("request", "request."));
	assert_false(imr__starts_with("primary.levels", "request."));
	assert_true(imr__starts_with("anything", ""));
}

static void utf8_sanitize_replaces_only_invalid_bytes(void **state)
{
	int failed = 0;
	char *out;
	(void)state;
	assert_null(imr__utf8_sanitize("plain ascii", &failed));
	assert_null(imr__utf8_sanitize("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", &failed));
	out = imr__utf8_sanitize("a\xff" "b", &failed);
	assert_non_null(out);
	assert_string_equal(out, "a\xef\xbf\xbd" "b");
	imr__free(out);
	/* overlong, surrogate and truncated sequences */
	out = imr__utf8_sanitize("\xc0\xaf|\xed\xa0\x80|\xe2\x82", &failed);
	assert_non_null(out);
	assert_string_equal(out, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd");
	imr__free(out);
	assert_int_equal(failed, 0);
}

/* Undo imr__path_escape(): "\\\\" is a backslash, "\\xHH" a byte. */
static size_t unescape(char *out, const char *s)
{
	size_t n = 0;
	unsigned v;
	for (; *s; s++) {
		if (*s == '\\' && s[1] == '\\') {
			out[n++] = '\\';
			s++;
		} else if (*s == '\\' && s[1] == 'x') {
			assert_int_equal(sscanf(s + 2, "%2X", &v), 1);
			out[n++] = (char)v;
			s += 3;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	return n;
}

static void path_escape_is_reversible_and_shows_only_utf8(void **state)
{
	static const char *const names[] = {
		"plain/letter.txt", "caf\xc3\xa9.txt", "caf\xe9.txt", "back\\slash\\x41.txt",
		"tab\there\nnewline\x7f", "\xff\xfe\xc3", "\xed\xa0\x80surrogate", "\\x5C",
		"c1\xc2\x85nonchar\xef\xbf\xbe",
	};
	static const char *const shown[] = {
		"plain/letter.txt", "caf\xc3\xa9.txt", "caf\\xE9.txt", "back\\\\slash\\\\x41.txt",
		"tab\\x09here\\x0Anewline\\x7F", "\\xFF\\xFE\\xC3", "\\xED\\xA0\\x80surrogate", "\\\\x5C",
		"c1\\xC2\\x85nonchar\\xEF\\xBF\\xBE",
	};
	size_t i;
	char back[256];
	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		imr_buf b = IMR_BUF_INIT;
		assert_int_equal(imr__path_escape(&b, names[i]), 0);
		assert_string_equal(imr_buf_cstr(&b), shown[i]);
		unescape(back, imr_buf_cstr(&b));
		assert_string_equal(back, names[i]);
		imr_buf_dispose(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_sanitize_replaces_only_invalid_bytes),
		cmocka_unit_test(path_escape_is_reversible_and_shows_only_utf8),
		cmocka_unit_test(distance_of_equal_strings_is_zero),
		cmocka_unit_test(distance_to_empty_is_length),
		cmocka_unit_test(distance_counts_insertions_deletions_substitutions),
		cmocka_unit_test(distance_counts_a_transposition_as_one),
		cmocka_unit_test(distance_is_optimal_string_alignment),
		cmocka_unit_test(distance_is_symmetric),
		cmocka_unit_test(distance_is_capped),
		cmocka_unit_test(distance_of_names_over_63_bytes_is_the_cap),
		cmocka_unit_test(suggest_finds_a_one_letter_typo),
		cmocka_unit_test(suggest_allows_a_third_of_the_word),
		cmocka_unit_test(suggest_allows_one_edit_for_short_words),
		cmocka_unit_test(suggest_never_offers_the_word_itself),
		cmocka_unit_test(suggest_ties_go_to_the_earliest_candidate),
		cmocka_unit_test(suggest_prefers_the_closest_candidate),
		cmocka_unit_test(suggest_with_no_candidates_is_null),
		cmocka_unit_test(identifiers_accept_letters_digits_and_separators),
		cmocka_unit_test(identifiers_reject_bad_starts_and_characters),
		cmocka_unit_test(identifier_check_reads_only_len_bytes),
		cmocka_unit_test(starts_with_compares_prefixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
