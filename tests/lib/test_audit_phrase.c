/* test_audit_phrase.c - findings made by one stock phrase: compared
 * without regard to case and white space, collapsed into one finding
 * within a letter, and counted once across letters. The letters under
 * fixtures/letters/audit-phrases were written for this test: a reviewer
 * pastes one citation of a health information web page under two items
 * of one letter and one item of another. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "audit_impl.h"
#include "imrcheck/report.h"

static imr_rules *rules;

static int setup(void **state)
{
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	if (imr_rules_load_dir(&rules, imr_test_rules_dir(), NULL, &diags) < 0) {
		imr_test_print_diags(&diags);
		imr_diags_dispose(&diags);
		return -1;
	}
	imr_diags_dispose(&diags);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	imr_rules_free(rules);
	return 0;
}

static void phrases_compare_without_case_or_spacing(void **state)
{
	(void)state;
	assert_true(imr__phrase_same("No RFA  was\n submitted.", "no rfa was submitted."));
	assert_true(imr__phrase_same("  no rfa was submitted. ", "no rfa was submitted."));
	assert_false(imr__phrase_same("no rfa was submitted", "no rfa was submitted."));
	assert_false(imr__phrase_same("no rfa was submitted.", "no rfa wassubmitted."));
	assert_false(imr__phrase_same(NULL, "x"));
	assert_false(imr__phrase_same("x", NULL));
}

static imr_finding finding(const char *code, const char *message, const char *phrase, size_t item,
			   imr_finding_severity severity)
{
	imr_finding f;
	memset(&f, 0, sizeof(f));
	f.type = IMR_FINDING_RATIONALE;
	f.code = code;
	f.message = message;
	f.phrase = phrase;
	f.item = item;
	f.severity = severity;
	return f;
}

static void keys_follow_code_message_and_phrase(void **state)
{
	imr_finding a = finding("rationale-contradicted", "m", "No RFA  was submitted.", 0, IMR_FINDING_SEVERITY_LOW);
	imr_finding b = finding("rationale-contradicted", "m", "no rfa was submitted.", 3, IMR_FINDING_SEVERITY_HIGH);
	imr_finding c = finding("rationale-unsupported", "m", "no rfa was submitted.", 0, IMR_FINDING_SEVERITY_LOW);
	imr_finding d = finding("rationale-contradicted", "n", "no rfa was submitted.", 0, IMR_FINDING_SEVERITY_LOW);
	(void)state;
	assert_true(imr__phrase_key(&a) == imr__phrase_key(&b));
	assert_true(imr__phrase_key(&a) != imr__phrase_key(&c));
	assert_true(imr__phrase_key(&a) != imr__phrase_key(&d));
	assert_true(imr__phrase_key(&a) != 0);
}

static void a_letter_collapses_copies_into_one(void **state)
{
	imr__audit_slot s;
	const char *p = "There is no documentation of a home exercise program.";
	imr_finding in[] = {
		finding("rationale-contradicted", "m", p, 0, IMR_FINDING_SEVERITY_MEDIUM),
		finding("rationale-contradicted", "m", "THERE is no documentation of a home  exercise program.", 2,
			IMR_FINDING_SEVERITY_HIGH),
		finding("rationale-contradicted", "another fact", p, 1, IMR_FINDING_SEVERITY_LOW),
		finding("decision-discordance", "m", NULL, 3, IMR_FINDING_SEVERITY_LOW),
		finding("decision-discordance", "m", NULL, 4, IMR_FINDING_SEVERITY_LOW),
		finding("rationale-contradicted", "m", p, 1, IMR_FINDING_SEVERITY_MEDIUM),
		finding("rationale-contradicted", "m", p, 0, IMR_FINDING_SEVERITY_MEDIUM), /* the same item again */
	};
	size_t n = sizeof(in) / sizeof(in[0]);
	(void)state;
	memset(&s, 0, sizeof(s));
	s.findings = malloc(sizeof(in));
	assert_non_null(s.findings);
	memcpy(s.findings, in, sizeof(in));
	s.nfindings = s.capfindings = n;
	assert_int_equal(imr__audit_collapse(&s), 0);
	assert_int_equal(s.nfindings, 4);
	/* the first copy stands for the others, in item order, as the
	 * heaviest of them weighs */
	assert_int_equal(s.findings[0].item, 0);
	assert_int_equal(s.findings[0].also_count, 2);
	assert_int_equal(s.findings[0].also[0], 1);
	assert_int_equal(s.findings[0].also[1], 2);
	assert_int_equal(s.findings[0].severity, IMR_FINDING_SEVERITY_HIGH);
	assert_true(imr_finding_on_item(&s.findings[0], 2));
	assert_false(imr_finding_on_item(&s.findings[0], 3));
	/* another message is another finding; findings without a phrase are
	 * about their item and stay apart */
	assert_string_equal(s.findings[1].message, "another fact");
	assert_int_equal(s.findings[1].also_count, 0);
	assert_int_equal(s.findings[2].item, 3);
	assert_int_equal(s.findings[3].item, 4);
	free(s.findings);
	imr__arena_dispose(&s.arena);
}

static imr_audit *run_paths(const char *first, const char *second, unsigned jobs)
{
	imr_audit_inputs *inputs = NULL;
	imr_audit *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	char *a = strdup(imr_test_fixture(first)); /* the helper's buffer is reused */
	assert_non_null(a);
	assert_int_equal(imr_audit_inputs_new(&inputs, NULL), IMR_OK);
	assert_int_equal(imr_audit_inputs_add(inputs, a), IMR_OK);
	assert_int_equal(imr_audit_inputs_add(inputs, imr_test_fixture(second)), IMR_OK);
	opts.jobs = jobs;
	assert_int_equal(imr_audit_run(&audit, rules, inputs, &opts), IMR_OK);
	imr_audit_inputs_free(inputs);
	free(a);
	return audit;
}

static const imr_finding *find(const imr_audit_letter *l, const char *code)
{
	size_t i;
	for (i = 0; i < l->finding_count; i++)
		if (strcmp(l->findings[i].code, code) == 0)
			return &l->findings[i];
	fail_msg("no %s finding in %s", code, l->file);
	return NULL;
}

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void check_stock_citation(unsigned jobs, int reversed)
{
	const char *two = "letters/audit-phrases/a-stock-citation-two-items.txt";
	const char *one = "letters/audit-phrases/b-stock-citation-other-letter.txt";
	imr_audit *audit = reversed ? run_paths(one, two, jobs) : run_paths(two, one, jobs);
	const imr_audit_letter *lt = imr_audit_letter_get(audit, reversed ? 1 : 0);
	const imr_audit_letter *lo = imr_audit_letter_get(audit, reversed ? 0 : 1);
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	const imr_finding *ft = find(lt, "citation-non-guideline"), *fo = find(lo, "citation-non-guideline");
	const imr_audit_letter *first = reversed ? lo : lt;
	size_t i;

	/* one finding for the two items of the letter that pasted it twice */
	assert_int_equal(ft->item, 0);
	assert_int_equal(ft->also_count, 1);
	assert_int_equal(ft->also[0], 1);
	assert_int_equal(fo->also_count, 0);
	assert_non_null(ft->phrase);
	assert_non_null(strstr(ft->phrase, "health information page"));
	/* the later letter's points back at the first */
	if (reversed) {
		assert_null(fo->phrase_file);
		assert_non_null(ft->phrase_file);
		assert_string_equal(base(ft->phrase_file), "b-stock-citation-other-letter.txt");
		assert_int_equal(ft->phrase_item, 0);
	} else {
		assert_null(ft->phrase_file);
		assert_non_null(fo->phrase_file);
		assert_string_equal(base(fo->phrase_file), "a-stock-citation-two-items.txt");
		assert_int_equal(fo->phrase_item, 0);
	}
	/* counted once: the same reviewer line gives the MTUS-set-aside
	 * finding too */
	assert_int_equal(st->by_phrase_count, 2);
	assert_int_equal(st->phrase_repeats, 2);
	for (i = 0; i < st->by_phrase_count; i++) {
		assert_int_equal(st->by_phrase[i].letters, 2);
		assert_int_equal(st->by_phrase[i].items, 3);
		assert_string_equal(st->by_phrase[i].first_file, first->file);
		assert_int_equal(st->by_phrase[i].first_item, 0);
	}
	assert_string_equal(st->by_phrase[0].code, "citation-non-guideline");
	assert_string_equal(st->by_phrase[1].code, "citation-mtus-set-aside");
	imr_audit_free(audit);
}

static void letters_count_a_stock_phrase_once(void **state)
{
	(void)state;
	check_stock_citation(1, 0);
	check_stock_citation(2, 0);
	check_stock_citation(1, 1);
}

/* The text report lists a stock phrase's finding once, under its first
 * letter, and the items it stands for. */
static void the_text_report_lists_it_once(void **state)
{
	imr_audit *audit = run_paths("letters/audit-phrases/a-stock-citation-two-items.txt",
				     "letters/audit-phrases/b-stock-citation-other-letter.txt", 1);
	imr_buf out = IMR_BUF_INIT;
	const char *text, *at;
	size_t listed = 0;
	(void)state;
	assert_int_equal(imr_report_audit_text(&out, audit, NULL), IMR_OK);
	text = imr_buf_cstr(&out);
	for (at = text; (at = strstr(at, "[citation-non-guideline, high]")) != NULL; at++)
		listed++;
	assert_int_equal(listed, 1);
	assert_non_null(strstr(text, "the same phrase makes it on item 2 too\n"));
	assert_non_null(strstr(text, "Stock phrases: the same finding from one phrase in several letters (2):\n"));
	assert_non_null(strstr(text, "  [citation-non-guideline] 2 letters, 3 items, first "));
	imr_buf_dispose(&out);
	imr_audit_free(audit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phrases_compare_without_case_or_spacing),
		cmocka_unit_test(keys_follow_code_message_and_phrase),
		cmocka_unit_test(a_letter_collapses_copies_into_one),
		cmocka_unit_test(letters_count_a_stock_phrase_once),
		cmocka_unit_test(the_text_report_lists_it_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
