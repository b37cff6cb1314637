/* test_runs.c - the longest run of a class's bytes: one class alone and
 * sixteen at once give what a byte-by-byte count gives, at the text's ends,
 * across its middle, on empty and one-byte texts, on random bytes, and at
 * the longest text the lanes measure. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "runs.h"

static size_t naive(const unsigned char *in, const unsigned char *p, size_t len)
{
	size_t i, cur = 0, best = 0;
	for (i = 0; i < len; i++) {
		cur = in[p[i]] ? cur + 1 : 0;
		if (cur > best)
			best = cur;
	}
	return best;
}

static void class_of(unsigned char in[256], const char *members)
{
	memset(in, 0, 256);
	for (; *members; members++)
		in[(unsigned char)*members] = 1;
}

/* Both ways and the naive count agree on @p text for the class @p members. */
static size_t run_of(const char *members, const char *text)
{
	unsigned char in[256];
	imr_runs_lanes lanes;
	size_t out[IMR_RUNS_LANES], len = strlen(text), want;
	class_of(in, members);
	memset(&lanes, 0, sizeof(lanes));
	assert_int_equal(imr__runs_lanes_add(&lanes, in), 0);
	want = naive(in, (const unsigned char *)text, len);
	assert_int_equal(imr__runs_longest(in, (const unsigned char *)text, len), want);
	imr__runs_longest_lanes(&lanes, (const unsigned char *)text, len, out);
	assert_int_equal(out[0], want);
	return want;
}

static void runs_at_the_ends_and_across_the_middle(void **state)
{
	(void)state;
	assert_int_equal(run_of("a", ""), 0);
	assert_int_equal(run_of("a", "a"), 1);
	assert_int_equal(run_of("a", "b"), 0);
	assert_int_equal(run_of("a", "aaab"), 3);      /* at the start */
	assert_int_equal(run_of("a", "baaa"), 3);      /* at the end */
	assert_int_equal(run_of("a", "bbaaaabb"), 4);  /* across the middle */
	assert_int_equal(run_of("a", "baaaabbbb"), 4); /* an odd length */
	assert_int_equal(run_of("a", "aaaaaaa"), 7);   /* the whole text */
	assert_int_equal(run_of("ab", "abba cab"), 4);
	assert_int_equal(run_of(" \t\n", "a  \n\t b"), 5);
}

/* Sixteen classes measured together, on random bytes drawn from a small
 * alphabet (so that runs are long enough to matter), give each class's
 * own count; a seventeenth lane is refused. */
static void sixteen_lanes_on_random_bytes(void **state)
{
	static const char alphabet[] = "ab c.\n1-";
	static unsigned char text[5000];
	unsigned char in[IMR_RUNS_LANES][256], extra[256];
	imr_runs_lanes lanes;
	size_t out[IMR_RUNS_LANES], round, i, len;
	unsigned k;
	(void)state;
	srand(7);
	memset(&lanes, 0, sizeof(lanes));
	for (k = 0; k < IMR_RUNS_LANES; k++) {
		/* lane k: the alphabet's bytes whose bit of k + 1 is set */
		memset(in[k], 0, 256);
		for (i = 0; i < sizeof(alphabet) - 1; i++)
			in[k][(unsigned char)alphabet[i]] = (unsigned char)(((k + 1) >> (i % 5)) & 1);
		assert_int_equal(imr__runs_lanes_add(&lanes, in[k]), (int)k);
	}
	class_of(extra, "a");
	assert_int_equal(imr__runs_lanes_add(&lanes, extra), -1);
	for (round = 0; round < 20; round++) {
		len = (size_t)rand() % sizeof(text);
		for (i = 0; i < len; i++)
			text[i] = (unsigned char)alphabet[(size_t)rand() % (sizeof(alphabet) - 1)];
		imr__runs_longest_lanes(&lanes, text, len, out);
		for (k = 0; k < IMR_RUNS_LANES; k++) {
			assert_int_equal(out[k], naive(in[k], text, len));
			assert_int_equal(imr__runs_longest(in[k], text, len), out[k]);
		}
	}
}

/* The longest text lanes measure, all of one class: the count reaches its
 * limit without wrapping. */
static void the_longest_text_for_lanes(void **state)
{
	unsigned char in[256], *text = malloc(IMR_RUNS_LANES_MAX_LEN);
	imr_runs_lanes lanes;
	size_t out[IMR_RUNS_LANES];
	(void)state;
	assert_non_null(text);
	memset(text, 'x', IMR_RUNS_LANES_MAX_LEN);
	class_of(in, "x");
	memset(&lanes, 0, sizeof(lanes));
	assert_int_equal(imr__runs_lanes_add(&lanes, in), 0);
	imr__runs_longest_lanes(&lanes, text, IMR_RUNS_LANES_MAX_LEN, out);
	assert_int_equal(out[0], IMR_RUNS_LANES_MAX_LEN);
	assert_int_equal(imr__runs_longest(in, text, IMR_RUNS_LANES_MAX_LEN), IMR_RUNS_LANES_MAX_LEN);
	text[100] = 'y';
	imr__runs_longest_lanes(&lanes, text, IMR_RUNS_LANES_MAX_LEN, out);
	assert_int_equal(out[0], IMR_RUNS_LANES_MAX_LEN - 101);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_at_the_ends_and_across_the_middle),
		cmocka_unit_test(sixteen_lanes_on_random_bytes),
		cmocka_unit_test(the_longest_text_for_lanes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
