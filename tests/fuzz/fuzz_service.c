/* fuzz_service.c - libFuzzer target: a requested service's wording -> attributes.
 *
 * imr_extract_service() with the `service` lexicons of the shipped rules,
 * as `imrcheck check --service TEXT` reads its argument: the input up to
 * its first NUL, as it comes (a command-line argument need not be UTF-8).
 * The rules and one worker are made once and reused by every run. */
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
	imr_facts *attrs = NULL;
	imr_extraction *ex = NULL;
	imr_diags diags;
	char *service;
	int err;

	if (!worker)
		LLVMFuzzerInitialize(NULL, NULL);
	service = malloc(size + 1);
	if (!service)
		return 0;
	memcpy(service, data, size);
	service[size] = '\0';
	imr_diags_init(&diags);
	if (imr_facts_new(&attrs, rules) == IMR_OK) {
		size_t len = strlen(service), i;
		err = imr_extract_service(&ex, worker, service, attrs, &diags);
		/* binary data (control characters) is refused like any text, with a diagnostic */
		FUZZ_CHECK(err == IMR_OK || err == IMR_ELIMIT || err == IMR_EINVALID || err == IMR_ENOMEM);
		FUZZ_CHECK((err != IMR_ELIMIT && err != IMR_EINVALID) || diags.errors > 0);
		for (i = 0; ex && i < imr_extraction_count(ex); i++) {
			const imr_match *m = imr_extraction_match(ex, i);
			FUZZ_CHECK(m->entry && m->fact && m->matched);
			/* start/end are offsets in the normalised text, which may be
			 * longer (a bad byte becomes U+FFFD); orig_* in the input */
			FUZZ_CHECK(m->start <= m->end && m->orig_start <= m->orig_end && m->orig_end <= len);
		}
		if (err == IMR_OK) {
			imr_buf out = IMR_BUF_INIT;
			(void)imr_report_extraction_text(&out, rules, attrs, ex, "fuzz.txt");
			imr_buf_clear(&out);
			(void)imr_report_extraction_json(&out, rules, attrs, ex, "fuzz.txt");
			imr_buf_dispose(&out);
		}
	}
	fuzz_format_diags(&diags);
	imr_extraction_free(ex);
	imr_facts_free(attrs);
	free(service);
	imr_diags_dispose(&diags);
	return 0;
}
