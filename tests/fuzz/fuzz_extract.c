/* fuzz_extract.c - libFuzzer target: clinical notes -> facts with evidence.
 *
 * imr_text_new() then imr_extract_notes() with the `notes` lexicons of the
 * shipped rules, as `imrcheck extract FILE` does, and the extraction
 * rendered as text and JSON. The rules and one worker are made once and
 * reused by every run, as a worker thread of `imrcheck audit` reuses its
 * worker, so scratch space carried between runs is exercised too. */
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
	imr_facts *facts = NULL;
	imr_extraction *ex = NULL;
	imr_diags diags;
	int err;

	if (!worker)
		LLVMFuzzerInitialize(NULL, NULL);
	imr_diags_init(&diags);
	err = imr_text_new(&text, "fuzz.txt", (const char *)data, size, NULL, &diags);
	if (err == IMR_OK && imr_facts_new(&facts, rules) == IMR_OK) {
		size_t len, i;
		imr_text_data(text, &len);
		err = imr_extract_notes(&ex, worker, text, 0, 0, NULL, facts, &diags);
		FUZZ_CHECK(err == IMR_OK || err == IMR_ELIMIT || err == IMR_ENOMEM);
		FUZZ_CHECK(err != IMR_ELIMIT || diags.errors > 0);
		for (i = 0; ex && i < imr_extraction_count(ex); i++) {
			const imr_match *m = imr_extraction_match(ex, i);
			FUZZ_CHECK(m->entry && m->fact && m->matched);
			FUZZ_CHECK(m->start <= m->end && m->end <= len);
			FUZZ_CHECK(m->orig_start <= m->orig_end && m->orig_end <= size);
		}
		if (err == IMR_OK) {
			imr_buf out = IMR_BUF_INIT;
			(void)imr_report_extraction_text(&out, rules, facts, ex, "fuzz.txt");
			imr_buf_clear(&out);
			(void)imr_report_extraction_json(&out, rules, facts, ex, "fuzz.txt");
			imr_buf_dispose(&out);
		}
	}
	fuzz_format_diags(&diags);
	imr_extraction_free(ex);
	imr_facts_free(facts);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return 0;
}
