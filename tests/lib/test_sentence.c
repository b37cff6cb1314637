/* test_sentence.c - sentence boundaries in clinical and PDF-extracted text. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "sentence.h"

static imr_sentences split(const char *text)
{
	imr_sentences s = { NULL, 0, 0 };
	assert_int_equal(imr__sentences_split(&s, text, 0, strlen(text)), 0);
	return s;
}

static void assert_sentences(const char *text, const char *const *want, size_t n)
{
	imr_sentences s = split(text);
	size_t i;
	if (s.count != n) {
		for (i = 0; i < s.count; i++)
			print_message("  [%zu] %.*s\n", i, (int)(s.items[i].end - s.items[i].start),
				      text + s.items[i].start);
		fail_msg("expected %zu sentences, got %zu", n, s.count);
	}
	for (i = 0; i < n; i++) {
		size_t len = s.items[i].end - s.items[i].start;
		if (strlen(want[i]) != len || strncmp(text + s.items[i].start, want[i], len) != 0)
			fail_msg("sentence %zu: '%.*s', expected '%s'", i, (int)len, text + s.items[i].start, want[i]);
	}
	imr__sentences_dispose(&s);
}

static void abbreviations_and_numbers(void **state)
{
	static const char *const want[] = {
		"Dr. Smith saw her on 07/17/2014 at L4-5 and cited p. 46 of the guideline.",
		"Relief was 2.5 weeks, e.g. until Sept. 3.",
		"It resolved.",
	};
	(void)state;
	assert_sentences("Dr. Smith saw her on 07/17/2014 at L4-5 and cited p. 46 of the guideline. "
			 "Relief was 2.5 weeks, e.g. until Sept. 3. It resolved.",
			 want, 3);
}

/* Abbreviations of every length, in any case, and words of their length
 * that are none. */
static void abbreviations_of_every_length(void **state)
{
	static const char *const want[] = {
		"Norco b.i.d. Then taper.",
		"Pain is APPROX. Six of ten.",
		"It was 6 Mos. Before this, Dr. Lee and Mr. Roe saw her.",
		"Appro.",
		"Mrsx.",
		"Done.",
	};
	(void)state;
	assert_sentences("Norco b.i.d. Then taper. Pain is APPROX. Six of ten. It was 6 Mos. Before this, Dr. Lee "
			 "and Mr. Roe saw her. Appro. Mrsx. Done.",
			 want, 6);
}

/* The word before a stop starts after a space, an opening bracket or a
 * quote, also right after a sentence that a closing quote ends. */
static void words_start_after_spaces_brackets_and_quotes(void **state)
{
	static const char *const want[] = {
		"Then (see p. 4) it ended.",
		"He wrote \"done.\"",
		"Dr. Lee left (\"J. Roe\" too).",
		"Fine.",
	};
	(void)state;
	assert_sentences("Then (see p. 4) it ended. He wrote \"done.\" Dr. Lee left (\"J. Roe\" too). Fine.", want, 4);
}

static void pdf_line_breaks(void **state)
{
	/* the seeds' layout: hard breaks mid-sentence, blank lines between lines */
	static const char *const want[] = {
		"This injured worker is a 54 year old female who reported an industrial injury on 9-24-2011.",
		"Her \n\ndiagnoses, and or impressions, were noted to include: cervicalgia; cervical radiculopathy; \n\nlumbago.",
	};
	(void)state;
	assert_sentences("This injured worker is a 54 year old female who reported an industrial injury on 9-24-2011. Her \n\n"
			 "diagnoses, and or impressions, were noted to include: cervicalgia; cervical radiculopathy; \n\n"
			 "lumbago.",
			 want, 2);
}

static void headings_and_lists(void **state)
{
	static const char *const want[] = {
		"CLINICAL CASE SUMMARY",
		"Diagnoses:",
		"1. Lumbar radiculopathy",
		"2. Facet arthropathy",
		"Plan: continue home exercise",
	};
	(void)state;
	assert_sentences("CLINICAL CASE SUMMARY\nDiagnoses:\n1. Lumbar radiculopathy\n2. Facet arthropathy\n"
			 "Plan: continue home exercise",
			 want, 5);
}

/* The sentences of a line, a line of @p width capitals, and a line. */
static size_t sentences_around_capitals(size_t width)
{
	char text[256], line[96];
	imr_sentences s;
	size_t n;
	memset(line, 'X', width);
	line[width] = '\0';
	snprintf(text, sizeof(text), "the patient was seen\n%s\nmore text", line);
	s = split(text);
	n = s.count;
	imr__sentences_dispose(&s);
	return n;
}

/* A line before a heading ends a sentence; a line of capitals longer than
 * 80 bytes is no heading, and a line before it runs on into it. */
static void heading_of_at_most_80_bytes(void **state)
{
	(void)state;
	assert_int_equal(sentences_around_capitals(80), 3);
	assert_int_equal(sentences_around_capitals(81), 1);
}

static void lower_case_after_period_is_not_a_boundary(void **state)
{
	static const char *const want[] = { "The pt. was seen by the physician on the same day." };
	(void)state;
	assert_sentences("The pt. was seen by the physician on the same day.", want, 1);
}

/* The bytes a sentence may end at are looked for sixteen at a time: a
 * full stop, an exclamation mark and a question mark at every place of a
 * first sentence up to 60 bytes long. */
static void sentence_ends_at_every_place(void **state)
{
	static const char ends[] = ".!?";
	char text[128], first[96];
	size_t n, e;
	(void)state;
	for (e = 0; e < 3; e++)
		for (n = 0; n < 45; n++) {
			const char *want[2];
			snprintf(first, sizeof(first), "The patient %.*s walked%c", (int)n,
				 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ends[e]);
			snprintf(text, sizeof(text), "%s She rested.", first);
			want[0] = first;
			want[1] = "She rested.";
			assert_sentences(text, want, 2);
		}
}

static void find_sentence(void **state)
{
	const char *text = "One. Two. Three.";
	imr_sentences s = split(text);
	(void)state;
	assert_int_equal(imr__sentences_find(&s, 0), 0);
	assert_int_equal(imr__sentences_find(&s, 6), 1);
	assert_int_equal(imr__sentences_find(&s, 15), 2);
	imr__sentences_dispose(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(abbreviations_and_numbers),
		cmocka_unit_test(abbreviations_of_every_length),
		cmocka_unit_test(words_start_after_spaces_brackets_and_quotes),
		cmocka_unit_test(pdf_line_breaks),
		cmocka_unit_test(headings_and_lists),
		cmocka_unit_test(heading_of_at_most_80_bytes),
		cmocka_unit_test(lower_case_after_period_is_not_a_boundary),
		cmocka_unit_test(sentence_ends_at_every_place),
		cmocka_unit_test(find_sentence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
