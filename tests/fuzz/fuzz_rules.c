/* fuzz_rules.c - libFuzzer target: one more rule file beside fixtures/rules-min.
 *
 * The input is loaded as a rule, lexicon, context, vocabulary or
 * precedence file (whatever its `kind` says) together with the minimal
 * rule set, through the internal in-memory entry of the loader, so the
 * whole schema walk, the expression parser, the PCRE2 compile of lexicon
 * patterns and the cross-file checks all see it. A rule set that loads
 * goes on through what `imrcheck lint` and `imrcheck test` run on it. */
#include "fuzz.h"

#include "model.h"

static const char *rules_min;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules_min = fuzz_path("IMR_FIXTURES", "fixtures", "rules-min");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imr_rules *rules = NULL;
	imr_diags diags;
	int err;

	if (!rules_min)
		LLVMFuzzerInitialize(NULL, NULL);
	imr_diags_init(&diags);
	err = imr__rules_load_buffer(&rules, &rules_min, 1, "fuzz.yaml", (const char *)data, size,
				     NULL, &diags);
	FUZZ_CHECK((err == IMR_OK) == (rules != NULL));
	FUZZ_CHECK(err == IMR_OK || diags.errors > 0 || err == IMR_ENOMEM);
	if (rules) {
		imr_ruletest_report report;
		imr_buf out = IMR_BUF_INIT;
		size_t i;
		FUZZ_CHECK(strlen(imr_rules_digest(rules)) == 64);
		(void)imr_lint_rules(&diags, rules, NULL);
		if (imr_ruletest_run(&report, rules, NULL, &diags) == IMR_OK) {
			FUZZ_CHECK(report.passed + report.failed == report.count);
			(void)imr_ruletest_render_junit(&out, &report);
			(void)imr_ruletest_render_json(&out, &report, 1);
			(void)imr_ruletest_render_coverage_text(&out, &report);
		}
		imr_ruletest_report_dispose(&report);
		/* what `imrcheck explain` shows of the rules */
		(void)imr_report_rule_list_text(&out, rules);
		(void)imr_report_rule_list_json(&out, rules);
		for (i = 0; i < imr_rules_count(rules); i++) {
			(void)imr_report_rule_text(&out, rules, i);
			(void)imr_report_rule_json(&out, rules, i);
		}
		imr_buf_dispose(&out);
	}
	fuzz_format_diags(&diags);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
	return 0;
}
