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
	assert_int_equal(imr_ruletest_run(&f->report, f->rules, filter), IMR_OK);
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
	assert_int_equal(imr_ruletest_run(&report, rules, NULL), IMR_OK);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
