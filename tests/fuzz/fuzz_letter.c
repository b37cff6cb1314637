/* fuzz_letter.c - libFuzzer target: bytes -> text -> determination letter.
 *
 * imr_text_new() then imr_letter_parse() with the shipped letter-layout
 * words, as `imrcheck letter` reads a text letter. A letter that parses
 * must keep letter.h's promises: a known layout, items numbered from 1
 * with a decision, and spans inside the normalised text. */
#include "fuzz.h"

static void check_span(const imr_span *span, size_t len)
{
	FUZZ_CHECK(span->start <= span->end && span->end <= len);
}

static void check_basis(const imr_basis *b)
{
	size_t i;
	FUZZ_CHECK(b->cite_count == 0 || b->cites);
	for (i = 0; i < b->cite_count; i++)
		FUZZ_CHECK(b->cites[i].text && b->cites[i].guideline);
}

static imr_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = fuzz_shipped_rules();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_diags diags;
	int err;

	if (!rules)
		LLVMFuzzerInitialize(NULL, NULL);
	imr_diags_init(&diags);
	err = imr_text_new(&text, "fuzz.txt", (const char *)data, size, NULL, &diags);
	if (err == IMR_OK) {
		size_t len, i;
		imr_text_data(text, &len);
		err = imr_letter_parse(&letter, rules, text, NULL, &diags);
		FUZZ_CHECK((err == IMR_OK) == (letter != NULL));
		FUZZ_CHECK(err == IMR_OK || diags.errors > 0 || err == IMR_ENOMEM);
		if (letter) {
			FUZZ_CHECK(letter->layout < IMR_LAYOUT_COUNT);
			FUZZ_CHECK(strcmp(letter->layout_name, imr_letter_layout_name(letter->layout)) == 0);
			FUZZ_CHECK(letter->pages == imr_text_page_count(text));
			check_span(&letter->summary_span, len);
			FUZZ_CHECK(letter->item_count >= 1 && letter->items);
			for (i = 0; i < letter->item_count; i++) {
				const imr_letter_item *it = &letter->items[i];
				FUZZ_CHECK(it->number == i + 1);
				FUZZ_CHECK(it->decision == IMR_OUTCOME_UPHELD ||
					   it->decision == IMR_OUTCOME_OVERTURNED);
				FUZZ_CHECK(!it->partial || it->service_sentence);
				check_span(&it->service_span, len);
				check_span(&it->rationale_span, len);
				check_span(&it->decision_span, len);
				check_basis(&it->claims_administrator);
				check_basis(&it->reviewer);
			}
		}
	}
	fuzz_format_diags(&diags);
	imr_letter_free(letter);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return 0;
}
