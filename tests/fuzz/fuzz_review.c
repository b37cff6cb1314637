/* fuzz_review.c - libFuzzer target: a letter end to end.
 *
 * imr_text_new(), imr_letter_parse(), imr_review_letter() and the letter
 * reports in text and JSON: what `imrcheck letter LETTER.txt` does with a
 * text letter, with the shipped rules and one worker made once. */
#include "fuzz.h"

static imr_rules *rules;
static imr_worker *worker;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = fuzz_shipped_rules();
	if (imr_worker_new(&worker, rules, NULL) < 0)
		exit(2);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_review *review = NULL;
	imr_diags diags;
	int err;

	if (!worker)
		LLVMFuzzerInitialize(NULL, NULL);
	imr_diags_init(&diags);
	err = imr_text_new(&text, "fuzz.txt", (const char *)data, size, NULL, &diags);
	if (err == IMR_OK)
		err = imr_letter_parse(&letter, rules, text, NULL, &diags);
	if (err == IMR_OK) {
		err = imr_review_letter(&review, worker, text, letter, &diags);
		FUZZ_CHECK((err == IMR_OK) == (review != NULL));
		FUZZ_CHECK(err == IMR_OK || err == IMR_ELIMIT || err == IMR_ENOMEM);
	}
	if (review) {
		imr_letter_outcome outcome = { "fuzz.txt", review, NULL };
		imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
		imr_buf out = IMR_BUF_INIT;
		size_t i;
		FUZZ_CHECK(review->item_count == letter->item_count);
		for (i = 0; i < review->item_count; i++)
			FUZZ_CHECK(review->items[i].agrees >= -1 && review->items[i].agrees <= 1);
		opts.verbose = 1;
		(void)imr_report_letters_text(&out, rules, &outcome, 1, &opts);
		imr_buf_clear(&out);
		(void)imr_report_letters_json(&out, rules, &outcome, 1, &opts);
		imr_buf_dispose(&out);
	}
	fuzz_format_diags(&diags);
	imr_review_free(review);
	imr_letter_free(letter);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return 0;
}
