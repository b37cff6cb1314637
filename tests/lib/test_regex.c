/* test_regex.c - the PCRE2 wrapper: compiling with limits, capture spans,
 * caseless and UTF matching, match limits reported as IMR_ELIMIT. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "regex.h"

#define UNSET ((size_t)-1)

/* ---- helpers ---- */

static imr_regex *compile_flags(const char *pattern, unsigned flags)
{
	imr_regex *re = NULL;
	char err[256] = "";
	size_t off = 0;
	int rc = imr__regex_compile(&re, pattern, strlen(pattern), flags, NULL, err, sizeof(err), &off);
	if (rc != IMR_OK)
		fail_msg("'%s' should compile: %s at %zu", pattern, err, off);
	assert_non_null(re);
	return re;
}

static imr_regex *compile(const char *pattern)
{
	return compile_flags(pattern, 0);
}

/* Find @p re in @p subject from @p start with default limits. */
static int find_from(const imr_regex *re, const char *subject, size_t start, size_t *ovec,
		     size_t count)
{
	imr_matcher *m = NULL;
	int rc;
	assert_int_equal(imr__matcher_new(&m, NULL), IMR_OK);
	rc = imr__regex_find(m, re, subject, strlen(subject), start, ovec, count);
	imr__matcher_free(m);
	return rc;
}

static int find(const imr_regex *re, const char *subject, size_t *ovec, size_t count)
{
	return find_from(re, subject, 0, ovec, count);
}

/* ---- compiling ---- */

static void valid_pattern_compiles_and_counts_groups(void **state)
{
	imr_regex *re;
	(void)state;
	re = compile("(\\d+)\\s*(%|percent)");
	assert_int_equal(imr__regex_groups(re), 2);
	imr__regex_free(re);
	re = compile("no groups (?:here)");
	assert_int_equal(imr__regex_groups(re), 0);
	imr__regex_free(re);
}

static void invalid_pattern_reports_message_and_offset(void **state)
{
	imr_regex *re = (imr_regex *)1;
	char err[256] = "";
	size_t off = 99;
	(void)state;
	assert_int_equal(imr__regex_compile(&re, "ab)cd", 5, 0, NULL, err, sizeof(err), &off),
			 IMR_EINVALID);
	assert_null(re);
	assert_int_equal(off, 2);
	assert_string_equal(err, "unmatched closing parenthesis");
}

static void missing_parenthesis_is_reported_at_the_end(void **state)
{
	imr_regex *re = NULL;
	char err[256] = "";
	size_t off = 0;
	(void)state;
	assert_int_equal(imr__regex_compile(&re, "(abc", 4, 0, NULL, err, sizeof(err), &off), IMR_EINVALID);
	assert_int_equal(off, 4);
	assert_non_null(strstr(err, "missing closing parenthesis"));
}

static void backslash_c_is_refused(void **state)
{
	imr_regex *re = NULL;
	char err[256] = "";
	size_t off = 0;
	(void)state;
	assert_int_equal(imr__regex_compile(&re, "a\\Cb", 4, 0, NULL, err, sizeof(err), &off), IMR_EINVALID);
	assert_null(re);
}

static void invalid_utf8_pattern_is_refused(void **state)
{
	imr_regex *re = NULL;
	char err[256] = "";
	size_t off = 0;
	(void)state;
	assert_int_equal(imr__regex_compile(&re, "a\xff", 2, 0, NULL, err, sizeof(err), &off), IMR_EINVALID);
	assert_null(re);
	assert_non_null(strstr(err, "UTF-8"));
}

static void pattern_longer_than_the_limit_is_elimit(void **state)
{
	imr_regex *re = (imr_regex *)1;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256] = "";
	size_t off = 0;
	(void)state;
	lim.pattern_bytes = 8;
	assert_int_equal(imr__regex_compile(&re, "abcdefghi", 9, 0, &lim, err, sizeof(err), &off), IMR_ELIMIT);
	assert_null(re);
	assert_int_equal(off, 8);
	assert_string_equal(err, "pattern is longer than the limit of 8 bytes");
}

static void pattern_at_the_limit_compiles(void **state)
{
	imr_regex *re = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char err[256] = "";
	size_t off = 0;
	(void)state;
	lim.pattern_bytes = 8;
	assert_int_equal(imr__regex_compile(&re, "abcdefgh", 8, 0, &lim, err, sizeof(err), &off), IMR_OK);
	imr__regex_free(re);
}

static void default_pattern_limit_applies(void **state)
{
	imr_regex *re = NULL;
	char err[256] = "";
	size_t off = 0;
	char *big = malloc(IMR_LIMIT_PATTERN_BYTES + 2);
	(void)state;
	assert_non_null(big);
	memset(big, 'a', IMR_LIMIT_PATTERN_BYTES + 1);
	big[IMR_LIMIT_PATTERN_BYTES + 1] = '\0';
	assert_int_equal(imr__regex_compile(&re, big, IMR_LIMIT_PATTERN_BYTES + 1, 0, NULL, err, sizeof(err),
					    &off),
			 IMR_ELIMIT);
	free(big);
}

static void deep_parenthesis_nesting_is_refused(void **state)
{
	imr_regex *re = NULL;
	char err[256] = "";
	size_t off = 0;
	char pattern[400];
	size_t i;
	(void)state;
	for (i = 0; i < 100; i++)
		pattern[i] = '(';
	pattern[100] = 'a';
	for (i = 0; i < 100; i++)
		pattern[101 + i] = ')';
	pattern[201] = '\0';
	assert_int_equal(imr__regex_compile(&re, pattern, 201, 0, NULL, err, sizeof(err), &off), IMR_ELIMIT);
	assert_null(re);
	assert_string_equal(err, "parentheses are nested deeper than the limit of 64");
}

static void matches_empty(void **state)
{
	imr_regex *re;
	(void)state;
	re = compile("a*");
	assert_true(imr__regex_matches_empty(re));
	imr__regex_free(re);
	re = compile("(x|)");
	assert_true(imr__regex_matches_empty(re));
	imr__regex_free(re);
	re = compile("a+");
	assert_false(imr__regex_matches_empty(re));
	imr__regex_free(re);
	re = compile("\\bL\\d");
	assert_false(imr__regex_matches_empty(re));
	imr__regex_free(re);
}

/* ---- matching ---- */

static void match_reports_spans_of_match_and_groups(void **state)
{
	imr_regex *re = compile("(\\d+)\\s*(%|percent)");
	size_t ovec[6];
	(void)state;
	assert_int_equal(find(re, "about 60 percent relief", ovec, 6), 1);
	assert_int_equal(ovec[0], 6);
	assert_int_equal(ovec[1], 16);
	assert_int_equal(ovec[2], 6);
	assert_int_equal(ovec[3], 8);
	assert_int_equal(ovec[4], 9);
	assert_int_equal(ovec[5], 16);
	imr__regex_free(re);
}

static void unmatched_group_is_unset(void **state)
{
	imr_regex *re = compile("(a)|(b)");
	size_t ovec[6];
	(void)state;
	assert_int_equal(find(re, "xb", ovec, 6), 1);
	assert_int_equal(ovec[0], 1);
	assert_int_equal(ovec[2], UNSET);
	assert_int_equal(ovec[3], UNSET);
	assert_int_equal(ovec[4], 1);
	assert_int_equal(ovec[5], 2);
	imr__regex_free(re);
}

static void no_match_returns_zero(void **state)
{
	imr_regex *re = compile("L\\d-S\\d");
	size_t ovec[2] = { 7, 7 };
	(void)state;
	assert_int_equal(find(re, "cervical C5-C6", ovec, 2), 0);
	imr__regex_free(re);
}

/* (*NO_JIT) leaves no JIT code although the JIT compiler reports no
 * error: the pattern must still run, through the interpreter, and its
 * ASCII twin too. */
static void a_pattern_that_refuses_the_jit_still_matches(void **state)
{
	imr_regex *re = compile_flags("(*NO_JIT)\\bappro\\b|\\binterested\\s+in\\b", IMR_REGEX_CASELESS);
	size_t ovec[2];
	(void)state;
	assert_int_equal(find(re, "she is Interested  in a trial", ovec, 2), 1);
	assert_int_equal(ovec[0], 7);
	assert_int_equal(ovec[1], 21);
	assert_int_equal(find(re, "caf\xc3\xa9 appro", ovec, 2), 1);
	assert_int_equal(ovec[0], 6);
	assert_int_equal(find(re, "approval", ovec, 2), 0);
	imr__regex_free(re);
}

static void search_starts_at_the_given_offset(void **state)
{
	imr_regex *re = compile("L\\d");
	size_t ovec[2];
	(void)state;
	assert_int_equal(find_from(re, "L4 and L5", 0, ovec, 2), 1);
	assert_int_equal(ovec[0], 0);
	assert_int_equal(find_from(re, "L4 and L5", 1, ovec, 2), 1);
	assert_int_equal(ovec[0], 7);
	assert_int_equal(find_from(re, "L4 and L5", 8, ovec, 2), 0);
	imr__regex_free(re);
}

static void small_ovec_receives_only_what_fits(void **state)
{
	imr_regex *re = compile("(a)(b)(c)");
	size_t ovec[6] = { 0, 0, 0, 0, 123, 456 };
	(void)state;
	assert_int_equal(find(re, "xabc", ovec, 4), 1); /* room for the match and group 1 */
	assert_int_equal(ovec[0], 1);
	assert_int_equal(ovec[1], 4);
	assert_int_equal(ovec[2], 1);
	assert_int_equal(ovec[3], 2);
	assert_int_equal(ovec[4], 123);
	assert_int_equal(ovec[5], 456);
	imr__regex_free(re);
}

static void many_groups_beyond_the_default_match_data(void **state)
{
	char pattern[200] = "";
	char subject[64] = "";
	size_t ovec[2 * 41];
	size_t i;
	imr_regex *re;
	(void)state;
	for (i = 0; i < 40; i++) {
		strcat(pattern, "(.)");
		strcat(subject, (i % 2) ? "b" : "a");
	}
	re = compile(pattern);
	assert_int_equal(imr__regex_groups(re), 40);
	assert_int_equal(find(re, subject, ovec, 2 * 41), 1);
	assert_int_equal(ovec[2 * 40], 39);
	assert_int_equal(ovec[2 * 40 + 1], 40);
	imr__regex_free(re);
}

static void caseless_flag_ignores_case(void **state)
{
	imr_regex *re = compile_flags("lumbar", IMR_REGEX_CASELESS);
	imr_regex *exact = compile("lumbar");
	size_t ovec[2];
	(void)state;
	assert_int_equal(find(re, "LUMBAR spine", ovec, 2), 1);
	assert_int_equal(find(exact, "LUMBAR spine", ovec, 2), 0);
	assert_int_equal(find(exact, "lumbar spine", ovec, 2), 1);
	imr__regex_free(re);
	imr__regex_free(exact);
}

static void caseless_applies_to_non_ascii_letters(void **state)
{
	imr_regex *re = compile_flags("é", IMR_REGEX_CASELESS);
	size_t ovec[2];
	(void)state;
	assert_int_equal(find(re, "CAFÉ", ovec, 2), 1);
	assert_int_equal(ovec[0], 3);
	assert_int_equal(ovec[1], 5);
	imr__regex_free(re);
}

static void dot_matches_a_whole_utf8_character(void **state)
{
	imr_regex *re = compile("^.$");
	size_t ovec[2];
	(void)state;
	assert_int_equal(find(re, "é", ovec, 2), 1);
	assert_int_equal(ovec[1], 2);
	imr__regex_free(re);
}

static void word_boundaries_follow_unicode(void **state)
{
	imr_regex *re = compile("\\bnerf\\b");
	size_t ovec[2];
	(void)state;
	/* with UCP, é is a word character: no boundary before "nerf" */
	assert_int_equal(find(re, "énerf", ovec, 2), 0);
	assert_int_equal(find(re, "a nerf b", ovec, 2), 1);
	imr__regex_free(re);
}

/* The ASCII twin of a pattern finds, on ASCII text, what the pattern
 * finds: spans and groups, with classes, caseless letters, lookbehinds,
 * non-ASCII literals (which never match ASCII), and code points above
 * U+00FF, which only a UTF pattern can hold. */
static void ascii_twins_match_as_the_pattern_on_ascii(void **state)
{
	static const char *const patterns[] = {
		"\\b(?:MRI|magnetic\\s+resonance)\\s+(?:of\\s+the\\s+)?(\\w+)",
		"(?<![-/.\\w])(\\d{1,3})\\s*%\\s+(?:relief|improvement)",
		"caf\xc3\xa9|\\bnerve\\b",
		"patient\\x{2019}s\\s+\\w+|\\bpatient's\\s+(\\w+)",
		"[[:alpha:]]+\\s+\\d+\\s*mg\\b",
	};
	static const char *const subjects[] = {
		"An MRI of the lumbar spine was done; 70 % relief followed. The patient's knee hurt.",
		"NERVE conduction, 5-50% improvement, 300 mg daily; magnetic  resonance imaging",
		"", "x", "mri", "Gabapentin 600 mg and 12% relief",
	};
	size_t p, t, k;
	imr_matcher *m = NULL;
	(void)state;
	assert_int_equal(imr__matcher_new(&m, NULL), IMR_OK);
	for (p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
		imr_regex *re = compile_flags(patterns[p], IMR_REGEX_CASELESS);
		assert_true(imr__regex_has_ascii_twin(re));
		for (t = 0; t < sizeof(subjects) / sizeof(subjects[0]); t++) {
			size_t len = strlen(subjects[t]), start = 0;
			for (;;) {
				size_t a[4] = { 0 }, b[4] = { 0 };
				int ra = imr__regex_find_in(m, re, subjects[t], len, start, (size_t)-1, 0, a, 4);
				int rb = imr__regex_find_in(m, re, subjects[t], len, start, (size_t)-1, 1, b, 4);
				assert_int_equal(ra, rb);
				for (k = 0; ra == 1 && k < 4; k++)
					assert_int_equal(a[k], b[k]);
				if (ra != 1)
					break;
				start = a[1] > a[0] ? a[1] : a[0] + 1;
				if (start > len)
					break;
			}
		}
		imr__regex_free(re);
	}
	imr__matcher_free(m);
}

/* ---- limits ---- */

static char *catastrophic_subject(size_t n)
{
	char *s = malloc(n + 2);
	assert_non_null(s);
	memset(s, 'a', n);
	s[n] = 'b';
	s[n + 1] = '\0';
	return s;
}

static void catastrophic_backtracking_hits_a_lowered_limit(void **state)
{
	imr_regex *re = compile("(a+)+$");
	imr_matcher *m = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	char *subject = catastrophic_subject(40);
	size_t ovec[4];
	(void)state;
	lim.pcre2_match_limit = 10000;
	assert_int_equal(imr__matcher_new(&m, &lim), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, subject, strlen(subject), 0, ovec, 4), IMR_ELIMIT);
	/* the matcher stays usable after a limit hit */
	assert_int_equal(imr__regex_find(m, re, "aaaa", 4, 0, ovec, 4), 1);
	assert_int_equal(ovec[1], 4);
	imr__matcher_free(m);
	imr__regex_free(re);
	free(subject);
}

static void catastrophic_backtracking_hits_the_default_limit(void **state)
{
	imr_regex *re = compile("(a+)+$");
	char *subject = catastrophic_subject(64);
	size_t ovec[4];
	(void)state;
	assert_int_equal(find(re, subject, ovec, 4), IMR_ELIMIT);
	imr__regex_free(re);
	free(subject);
}

static void short_subject_is_decided_under_a_lowered_limit(void **state)
{
	imr_regex *re = compile("(a+)+$");
	imr_matcher *m = NULL;
	imr_limits lim = IMR_LIMITS_INIT;
	size_t ovec[4];
	(void)state;
	lim.pcre2_match_limit = 10000;
	assert_int_equal(imr__matcher_new(&m, &lim), IMR_OK);
	assert_int_equal(imr__regex_find(m, re, "aab", 3, 0, ovec, 4), 0);
	imr__matcher_free(m);
	imr__regex_free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_pattern_compiles_and_counts_groups),
		cmocka_unit_test(invalid_pattern_reports_message_and_offset),
		cmocka_unit_test(missing_parenthesis_is_reported_at_the_end),
		cmocka_unit_test(backslash_c_is_refused),
		cmocka_unit_test(invalid_utf8_pattern_is_refused),
		cmocka_unit_test(pattern_longer_than_the_limit_is_elimit),
		cmocka_unit_test(pattern_at_the_limit_compiles),
		cmocka_unit_test(default_pattern_limit_applies),
		cmocka_unit_test(deep_parenthesis_nesting_is_refused),
		cmocka_unit_test(matches_empty),
		cmocka_unit_test(match_reports_spans_of_match_and_groups),
		cmocka_unit_test(unmatched_group_is_unset),
		cmocka_unit_test(no_match_returns_zero),
		cmocka_unit_test(a_pattern_that_refuses_the_jit_still_matches),
		cmocka_unit_test(search_starts_at_the_given_offset),
		cmocka_unit_test(small_ovec_receives_only_what_fits),
		cmocka_unit_test(many_groups_beyond_the_default_match_data),
		cmocka_unit_test(caseless_flag_ignores_case),
		cmocka_unit_test(caseless_applies_to_non_ascii_letters),
		cmocka_unit_test(ascii_twins_match_as_the_pattern_on_ascii),
		cmocka_unit_test(dot_matches_a_whole_utf8_character),
		cmocka_unit_test(word_boundaries_follow_unicode),
		cmocka_unit_test(catastrophic_backtracking_hits_a_lowered_limit),
		cmocka_unit_test(catastrophic_backtracking_hits_the_default_limit),
		cmocka_unit_test(short_subject_is_decided_under_a_lowered_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
