/* test_ruletest.c - running the test cases carried by rule files: passing
 * cases, and failing cases with a diff that names what differed. */
#include "test.h"

#include <stdio.h>
#include <string.h>

/* ---- helpers ---- */

/* A rule x.rt with two criteria and the test cases given as YAML (each
 * line indented for the "tests:" list). */
static const char *rule_with_tests(const char *tests)
{
	static char text[8192];
	snprintf(text, sizeof(text),
		 "kind: rule\n"
		 "id: x.rt\n"
		 "title: Rule under test\n"
		 "guideline: ODG\n"
		 "citation: {document: D}\n"
		 "effective: {from: 2012-01-01, to: 2016-12-31}\n"
		 "applies: request.procedure = injection\n"
		 "recommendation: conditional\n"
		 "summary: S.\n"
		 "criteria:\n"
		 "  - {id: exam, text: Exam., require: exam.signs, advice: A.}\n"
		 "  - {id: imaging, text: Imaging., require: imaging.positive, advice: A.}\n"
		 "tests:\n"
		 "%s",
		 tests);
	return text;
}

typedef struct fixture {
	imr_rules *rules;
	imr_diags diags;
	imr_ruletest_report report;
} fixture;

static void run_cases(fixture *f, const char *tests, const char *filter)
{
	memset(f, 0, sizeof(*f));
	imr_diags_init(&f->diags);
	if (imr_test_load_min(&f->rules, &f->diags, "rt.yaml", rule_with_tests(tests), NULL) != IMR_OK) {
		imr_test_print_diags(&f->diags);
		fail_msg("rule should load");
	}
	{
		imr_ruletest_options opts = IMR_RULETEST_OPTIONS_INIT;
		opts.run = filter;
		assert_int_equal(imr_ruletest_run(&f->report, f->rules, &opts, NULL), IMR_OK);
	}
}

static void release(fixture *f)
{
	imr_ruletest_report_dispose(&f->report);
	imr_rules_free(f->rules);
	imr_diags_dispose(&f->diags);
}

/* The case of x.rt named @p name. */
static const imr_ruletest_case *case_named(const fixture *f, const char *name)
{
	size_t i;
	for (i = 0; i < f->report.count; i++) {
		const imr_ruletest_case *c = &f->report.cases[i];
		if (strcmp(c->rule_id, "x.rt") == 0 && c->name && strcmp(c->name, name) == 0)
			return c;
	}
	fail_msg("no test case '%s'", name);
	return NULL;
}

static void assert_diff(const imr_ruletest_case *c, const char *expected)
{
	if (c->passed)
		fail_msg("case '%s' should fail", c->name);
	assert_non_null(c->diff);
	if (strcmp(c->diff, expected) != 0)
		fail_msg("case '%s' diff:\n%s\nexpected:\n%s", c->name, c->diff, expected);
}

/* ---- passing ---- */

static void shipped_minimal_rules_pass_their_own_tests(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_ruletest_report report;
	size_t i;
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	assert_int_equal(imr_ruletest_run(&report, rules, NULL, NULL), IMR_OK);
	assert_int_equal(report.count, 5);
	for (i = 0; i < report.count; i++)
		if (!report.cases[i].passed)
			fail_msg("%s: %s failed:\n%s", report.cases[i].rule_id, report.cases[i].name,
				 report.cases[i].diff);
	assert_int_equal(report.passed, 5);
	assert_int_equal(report.failed, 0);
	imr_ruletest_report_dispose(&report);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void passing_case_has_no_diff(void **state)
{
	fixture f;
	const imr_ruletest_case *c;
	(void)state;
	run_cases(&f, "  - name: ok\n"
		      "    date: 2015-01-01\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true, criteria: {exam: met, imaging: met}}\n",
		  NULL);
	c = case_named(&f, "ok");
	assert_true(c->passed);
	assert_null(c->diff);
	assert_int_equal(f.report.failed, 0);
	release(&f);
}

static void case_records_its_rule_file_and_location(void **state)
{
	fixture f;
	const imr_ruletest_case *c;
	(void)state;
	run_cases(&f, "  - name: ok\n"
		      "    request: {procedure: injection}\n"
		      "    expect: {}\n",
		  NULL);
	c = case_named(&f, "ok");
	assert_string_equal(c->rule_id, "x.rt");
	assert_non_null(strstr(c->file, "rt.yaml"));
	assert_int_equal(c->line, 14);
	assert_int_equal(c->col, 5);
	release(&f);
}

/* ---- failing ---- */

static void wrong_criterion_status_names_criterion_expected_and_actual(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: bad status\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {imaging.positive: true}\n"
		      "    expect: {criteria: {exam: met, imaging: met}}\n",
		  NULL);
	assert_diff(case_named(&f, "bad status"),
		    "  exam: expected met, got not_documented (not documented: exam.sign_a exam.sign_b)\n");
	assert_int_equal(f.report.failed, 1);
	release(&f);
}

static void unmet_criterion_diff_shows_the_deciding_facts(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: not met\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {imaging.positive: false}\n"
		      "    expect: {criteria: {imaging: met}}\n",
		  NULL);
	assert_diff(case_named(&f, "not met"), "  imaging: expected met, got not_met (imaging.positive = false)\n");
	release(&f);
}

static void wrong_decision_is_reported(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: decision\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true}\n"
		      "    expect: {medically_necessary: true}\n",
		  NULL);
	assert_diff(case_named(&f, "decision"), "  medically_necessary: expected true, got false\n");
	release(&f);
}

static void every_difference_is_listed(void **state)
{
	fixture f;
	const imr_ruletest_case *c;
	(void)state;
	run_cases(&f, "  - name: several\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: false, criteria: {exam: not_met, imaging: not_documented}}\n",
		  NULL);
	c = case_named(&f, "several");
	assert_diff(c, "  medically_necessary: expected false, got true\n"
		       "  exam: expected not_met, got met (exam.signs = true, exam.sign_a = true)\n"
		       "  imaging: expected not_documented, got met (imaging.positive = true)\n");
	release(&f);
}

static void case_dated_outside_the_rule_says_so(void **state)
{
	fixture f;
	const imr_ruletest_case *c;
	(void)state;
	run_cases(&f, "  - name: too early\n"
		      "    date: 2011-12-31\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n",
		  NULL);
	c = case_named(&f, "too early");
	assert_diff(c, "  the rule is not in effect on the test date 2011-12-31\n");
	release(&f);
}

static void case_the_rule_does_not_apply_to_says_so(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: other service\n"
		      "    request: {procedure: other_injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n",
		  NULL);
	assert_diff(case_named(&f, "other service"),
		    "  the rule does not apply to this request (applies: request.procedure = injection)\n");
	release(&f);
}

static void case_without_date_uses_the_rule_start(void **state)
{
	fixture f;
	(void)state;
	/* effective from 2012-01-01: a case without a date is in effect */
	run_cases(&f, "  - name: undated\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n",
		  NULL);
	assert_true(case_named(&f, "undated")->passed);
	release(&f);
}

static void counts_add_up(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: ok\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n"
		      "  - name: bad\n"
		      "    request: {procedure: injection}\n"
		      "    expect: {medically_necessary: true}\n",
		  NULL);
	assert_int_equal(f.report.count, 7);
	assert_int_equal(f.report.passed, 6);
	assert_int_equal(f.report.failed, 1);
	assert_false(case_named(&f, "bad")->passed);
	release(&f);
}

/* ---- filtering ---- */

static void filter_keeps_matching_cases(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: alpha case\n"
		      "    request: {procedure: injection}\n"
		      "    expect: {}\n"
		      "  - name: beta case\n"
		      "    request: {procedure: injection}\n"
		      "    expect: {}\n",
		  "x.rt: beta");
	assert_int_equal(f.report.count, 1);
	assert_string_equal(f.report.cases[0].name, "beta case");
	release(&f);
	run_cases(&f, "  - name: alpha case\n    request: {procedure: injection}\n    expect: {}\n", "t1.injection");
	assert_int_equal(f.report.count, 2);
	assert_string_equal(f.report.cases[0].rule_id, "t1.injection");
	release(&f);
	run_cases(&f, "  - name: alpha case\n    request: {procedure: injection}\n    expect: {}\n", "no such");
	assert_int_equal(f.report.count, 0);
	release(&f);
}


/* ---- --run as a regular expression ---- */

static void run_filter_is_a_regular_expression(void **state)
{
	fixture f;
	(void)state;
	run_cases(&f, "  - name: alpha case\n    request: {procedure: injection}\n    expect: {}\n"
		      "  - name: beta case\n    request: {procedure: injection}\n    expect: {}\n",
		  "^x\\.rt: (alpha|beta) case$");
	assert_int_equal(f.report.count, 2);
	release(&f);
	run_cases(&f, "  - name: alpha case\n    request: {procedure: injection}\n    expect: {}\n", "^t[12]\\.");
	assert_int_equal(f.report.count, 5);
	release(&f);
	/* case-sensitive, unanchored */
	run_cases(&f, "  - name: alpha case\n    request: {procedure: injection}\n    expect: {}\n", "ALPHA");
	assert_int_equal(f.report.count, 0);
	release(&f);
}

static void invalid_run_pattern_is_reported_with_its_offset(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_ruletest_report report;
	imr_ruletest_options opts = IMR_RULETEST_OPTIONS_INIT;
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	opts.run = "t1.(injection";
	assert_int_equal(imr_ruletest_run(&report, rules, &opts, &diags), IMR_EINVALID);
	assert_int_equal(report.count, 0);
	assert_int_equal(diags.count, 1);
	assert_string_equal(diags.items[0].code, "bad-regex");
	assert_int_equal(diags.items[0].col, 14);
	assert_non_null(strstr(diags.items[0].message, "invalid pattern 't1.(injection': missing closing parenthesis at offset 13"));
	imr_ruletest_report_dispose(&report);
	imr_diags_dispose(&diags);
	/* no diags list: the status alone */
	assert_int_equal(imr_ruletest_run(&report, rules, &opts, NULL), IMR_EINVALID);
	imr_ruletest_report_dispose(&report);
	imr_rules_free(rules);
}

/* ---- coverage ---- */

static const imr_ruletest_rule_coverage *rule_cov(const imr_ruletest_report *r, const char *id)
{
	size_t i;
	for (i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].rule_id, id) == 0)
			return &r->rules[i];
	fail_msg("no coverage for %s", id);
	return NULL;
}

static void coverage_counts_statuses_and_expectations(void **state)
{
	fixture f;
	const imr_ruletest_rule_coverage *rc;
	(void)state;
	run_cases(&f, "  - name: both met\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n"
		      "  - name: imaging not met, unchecked\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: false}\n"
		      "    expect: {criteria: {exam: met}}\n"
		      "  - name: nothing documented\n"
		      "    request: {procedure: injection}\n"
		      "    expect: {criteria: {exam: not_documented}}\n"
		      "  - name: does not apply\n"
		      "    request: {procedure: other_injection}\n"
		      "    facts: {exam.sign_a: false}\n"
		      "    expect: {medically_necessary: false}\n",
		  NULL);
	rc = rule_cov(&f.report, "x.rt");
	assert_int_equal(rc->cases, 4);
	assert_int_equal(rc->counted, 3); /* the case the rule does not apply to is left out */
	assert_int_equal(rc->count, 2);
	assert_string_equal(rc->criteria[0].id, "exam");
	assert_int_equal(rc->criteria[0].met, 2);
	assert_int_equal(rc->criteria[0].met_checked, 2);
	assert_int_equal(rc->criteria[0].not_met, 0);
	assert_int_equal(rc->criteria[0].not_documented, 1);
	assert_int_equal(rc->criteria[1].met, 1);
	assert_int_equal(rc->criteria[1].met_checked, 1);
	assert_int_equal(rc->criteria[1].not_met, 1);
	assert_int_equal(rc->criteria[1].not_met_checked, 0);
	assert_int_equal(imr_ruletest_seen(&rc->criteria[0]),
			 IMR_RULETEST_SEEN_MET | IMR_RULETEST_SEEN_NOT_DOCUMENTED);
	assert_int_equal(rc->criteria[1].line, 12);
	/* rules-min's rules are covered too */
	rc = rule_cov(&f.report, "t1.injection");
	assert_int_equal(rc->cases, 2);
	assert_int_equal(rc->count, 4);
	assert_int_equal(rc->criteria[2].not_applicable, 1); /* repeat */
	release(&f);
}

static void coverage_text_marks_the_gaps(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	(void)state;
	run_cases(&f, "  - name: only met\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n",
		  "x\\.rt");
	assert_int_equal(imr_ruletest_render_coverage_text(&out, &f.report), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "x.rt  "));
	assert_non_null(strstr(imr_buf_cstr(&out), "  exam           1        0               0               0  <- never not met\n"));
	assert_null(strstr(imr_buf_cstr(&out), "t1.injection")); /* not run */
	assert_non_null(strstr(imr_buf_cstr(&out), "coverage: 1 rule, 2 criteria, 0 seen both met and not met\n"));
	imr_buf_dispose(&out);
	release(&f);
}

/* ---- JUnit XML and JSON ---- */

static void junit_is_well_formed_and_escaped(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	const char *xml;
	(void)state;
	run_cases(&f, "  - name: \"quotes \\\" & <tags> 'apostrophes' \\x01 and \\u00e9\"\n"
		      "    request: {procedure: injection}\n"
		      "    facts: {imaging.positive: false}\n"
		      "    expect: {criteria: {imaging: met}}\n",
		  NULL);
	assert_int_equal(imr_ruletest_render_junit(&out, &f.report), IMR_OK);
	xml = imr_buf_cstr(&out);
	assert_true(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"imrcheck test\" tests=\"6\" failures=\"1\" errors=\"0\">\n", 105) == 0);
	assert_non_null(strstr(xml, "  <testsuite name=\"t1.injection\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"0\" file=\""));
	assert_non_null(strstr(xml, "<testcase name=\"quotes &quot; &amp; &lt;tags&gt; &apos;apostrophes&apos; \xEF\xBF\xBD and \xC3\xA9\" classname=\"x.rt\""));
	assert_non_null(strstr(xml, "<failure type=\"mismatch\" message=\"1 difference\">at "));
	assert_non_null(strstr(xml, "  imaging: expected met, got not_met (imaging.positive = false)\n</failure>"));
	assert_non_null(strstr(xml, "</testsuites>\n"));
	/* every < opens a tag or a declaration: nothing unescaped slipped in */
	{
		const char *p;
		for (p = strchr(xml, '<'); p; p = strchr(p + 1, '<'))
			assert_true(p[1] == '?' || p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z'));
	}
	imr_buf_dispose(&out);
	release(&f);
}

static void json_report_has_cases_and_coverage(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	(void)state;
	run_cases(&f, "  - name: ok\n    request: {procedure: injection}\n"
		      "    facts: {exam.sign_a: true, imaging.positive: true}\n"
		      "    expect: {medically_necessary: true}\n",
		  NULL);
	assert_int_equal(imr_ruletest_render_json(&out, &f.report, 1), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "\"passed\": 6"));
	assert_non_null(strstr(imr_buf_cstr(&out), "\"coverage\": ["));
	assert_non_null(strstr(imr_buf_cstr(&out), "\"met_checked\": 1"));
	imr_buf_clear(&out);
	assert_int_equal(imr_ruletest_render_json(&out, &f.report, 0), IMR_OK);
	assert_null(strstr(imr_buf_cstr(&out), "\"coverage\""));
	imr_buf_dispose(&out);
	release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_minimal_rules_pass_their_own_tests),
		cmocka_unit_test(passing_case_has_no_diff),
		cmocka_unit_test(case_records_its_rule_file_and_location),
		cmocka_unit_test(wrong_criterion_status_names_criterion_expected_and_actual),
		cmocka_unit_test(unmet_criterion_diff_shows_the_deciding_facts),
		cmocka_unit_test(wrong_decision_is_reported),
		cmocka_unit_test(every_difference_is_listed),
		cmocka_unit_test(case_dated_outside_the_rule_says_so),
		cmocka_unit_test(case_the_rule_does_not_apply_to_says_so),
		cmocka_unit_test(case_without_date_uses_the_rule_start),
		cmocka_unit_test(counts_add_up),
		cmocka_unit_test(filter_keeps_matching_cases),
		cmocka_unit_test(run_filter_is_a_regular_expression),
		cmocka_unit_test(invalid_run_pattern_is_reported_with_its_offset),
		cmocka_unit_test(coverage_counts_statuses_and_expectations),
		cmocka_unit_test(coverage_text_marks_the_gaps),
		cmocka_unit_test(junit_is_well_formed_and_escaped),
		cmocka_unit_test(json_report_has_cases_and_coverage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
