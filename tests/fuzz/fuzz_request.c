/* fuzz_request.c - libFuzzer target: a request file against the shipped rules.
 *
 * The input is read by imr_request_load_buffer() (YAML, or JSON when it
 * starts with '{'), as `imrcheck check REQUEST` reads it; a request that
 * loads is decided and rendered as text and JSON. The rules are loaded
 * once (LLVMFuzzerInitialize) and shared by every run. */
#include "fuzz.h"

static imr_rules *rules;
static int32_t run_date;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = fuzz_shipped_rules();
	/* a fixed "day of the run", so that runs are reproducible */
	imr_date_from_ymd(&run_date, 2020, 1, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imr_request *req = NULL;
	imr_result *result = NULL;
	imr_diags diags;
	int err;

	if (!rules)
		LLVMFuzzerInitialize(NULL, NULL);
	imr_diags_init(&diags);
	err = imr_request_load_buffer(&req, rules, "fuzz.yaml", (const char *)data, size, run_date,
				      NULL, &diags);
	FUZZ_CHECK((err == IMR_OK) == (req != NULL));
	FUZZ_CHECK(err == IMR_OK || diags.errors > 0 || err == IMR_ENOMEM);
	if (req && imr_eval_request(&result, rules, req, NULL) == IMR_OK) {
		imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
		imr_buf out = IMR_BUF_INIT;
		FUZZ_CHECK(imr_result_item_count(result) == imr_request_item_count(req));
		opts.input = "fuzz.yaml";
		opts.date_assumed = !imr_request_date_given(req);
		opts.verbose = 1;
		(void)imr_report_check_text(&out, rules, result, &opts);
		imr_buf_clear(&out);
		(void)imr_report_check_json(&out, rules, result, &opts);
		imr_buf_dispose(&out);
	}
	fuzz_format_diags(&diags);
	imr_result_free(result);
	imr_request_free(req);
	imr_diags_dispose(&diags);
	return 0;
}
