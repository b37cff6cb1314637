/* test_audit.c - corpus audits: findings, determinism, bad inputs.
 *
 * The letters under fixtures/letters/audit were written to show one
 * finding of each type; the whole of fixtures/letters is audited with one
 * and with two threads and every output format must come out identical;
 * a corpus of bad files (empty, binary, not a letter, unreadable) must
 * record each as failed with its reason while the good letters go on. */
#include "test.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imrcheck/report_audit.h"

static imr_rules *rules;

static int setup(void **state)
{
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	if (imr_rules_load_dir(&rules, imr_test_rules_dir(), NULL, &diags) < 0) {
		imr_test_print_diags(&diags);
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

typedef struct jsonl_sink {
	imr_buf buf;
} jsonl_sink;

static int collect_jsonl(const imr_audit_letter *letter, void *ctx)
{
	jsonl_sink *sink = ctx;
	return imr_report_audit_jsonl_letter(&sink->buf, letter);
}

static imr_audit *run_audit_with(const char *path, unsigned jobs, imr_buf *jsonl, int all_findings)
{
	imr_audit_inputs *inputs = NULL;
	imr_audit *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	jsonl_sink sink;
	const char *paths[1] = { path };

	assert_int_equal(imr_audit_collect(&inputs, paths, 1, NULL), IMR_OK);
	imr_buf_init(&sink.buf);
	opts.jobs = jobs;
	opts.all_findings = all_findings;
	if (jsonl) {
		opts.on_letter = collect_jsonl;
		opts.letter_ctx = &sink;
	}
	assert_int_equal(imr_audit_run(&audit, rules, inputs, &opts), IMR_OK);
	imr_audit_inputs_free(inputs);
	if (jsonl) {
		assert_int_equal(imr_report_audit_jsonl_tail(&sink.buf, rules, audit), IMR_OK);
		*jsonl = sink.buf;
	}
	return audit;
}

/* Every finding, the experimental codes too, as the golden outputs have them. */
static imr_audit *run_audit(const char *path, unsigned jobs, imr_buf *jsonl)
{
	return run_audit_with(path, jobs, jsonl, 1);
}

/* Whether the audit has a finding with @p code for a file ending in @p file:
 * 0 no, 1 yes, 2 yes and marked experimental. */
static int has_finding(const imr_audit *audit, const char *code, const char *file)
{
	size_t i, n = strlen(file);
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		const char *path = imr_audit_letter_get(audit, f->letter)->file;
		size_t len = strlen(path);
		if (strcmp(f->code, code) == 0 && len >= n && strcmp(path + len - n, file) == 0)
			return f->experimental ? 2 : 1;
	}
	return 0;
}

static void one_finding_of_each_type(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters/audit"), 1, NULL);
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	(void)state;
	assert_int_equal(st->letters, 19);
	assert_int_equal(st->failed, 0);
	assert_int_equal(st->duplicates, 2);
	assert_int_equal(has_finding(audit, "citation-topic", "esi-decided-on-facet-guideline.txt"), 1);
	assert_int_equal(has_finding(audit, "rationale-contradicted", "rationale-denies-documented-mri.txt"), 1);
	assert_int_equal(has_finding(audit, "decision-discordance", "rationale-denies-documented-mri.txt"), 2);
	assert_int_equal(has_finding(audit, "cross-letter-inconsistency", "si-joint-upheld.txt"), 2);
	assert_int_equal(has_finding(audit, "citation-guidelines-differ", "si-joint-upheld.txt"), 2);
	assert_int_equal(has_finding(audit, "citation-mtus-set-aside", "mtus-set-aside-without-reason.txt"), 1);
	/* the rationale says why it leaves the MTUS */
	assert_int_equal(has_finding(audit, "citation-mtus-set-aside", "mtus-set-aside-with-reason.txt"), 0);
	/* "no documentation of physical therapy notes" is said of the notes */
	assert_int_equal(has_finding(audit, "rationale-contradicted", "mtus-set-aside-with-reason.txt"), 0);
	assert_true(st->findings_by_type[IMR_FINDING_DISCORDANCE] >= 1);
	assert_true(st->findings_by_type[IMR_FINDING_RATIONALE] >= 1);
	assert_true(st->findings_by_type[IMR_FINDING_CITATION] >= 1);
	assert_true(st->findings_by_type[IMR_FINDING_INCONSISTENCY] >= 1);
	imr_audit_free(audit);
}

/* The severity of the first finding with @p code for a file ending in
 * @p file, or -1 when there is none. */
static int severity_of(const imr_audit *audit, const char *code, const char *file)
{
	size_t i, n = strlen(file);
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		const char *path = imr_audit_letter_get(audit, f->letter)->file;
		size_t len = strlen(path);
		if (strcmp(f->code, code) == 0 && len >= n && strcmp(path + len - n, file) == 0)
			return (int)f->severity;
	}
	return -1;
}

/* A finding the decision rests on ranks above a side remark, and its
 * evidence says where in the letter each side is. */
static void findings_have_severity_and_place(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters/audit"), 1, NULL);
	size_t i;
	(void)state;
	/* an upheld denial whose rationale the summary contradicts */
	assert_int_equal(severity_of(audit, "rationale-contradicted", "rationale-denies-documented-mri.txt"),
			 IMR_FINDING_SEVERITY_HIGH);
	/* decided on guidance about another procedure */
	assert_int_equal(severity_of(audit, "citation-topic", "esi-decided-on-facet-guideline.txt"),
			 IMR_FINDING_SEVERITY_HIGH);
	assert_int_equal(severity_of(audit, "citation-mtus-set-aside", "mtus-set-aside-without-reason.txt"),
			 IMR_FINDING_SEVERITY_MEDIUM);
	/* the normal order of evidence is a side remark */
	assert_int_equal(severity_of(audit, "citation-guidelines-differ", "si-joint-upheld.txt"), IMR_FINDING_SEVERITY_LOW);
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		if (strcmp(f->code, "rationale-contradicted") == 0) {
			assert_non_null(strstr(f->evidence, "rationale of item 1, line "));
			assert_non_null(strstr(f->evidence, "; case summary, line "));
		}
	}
	assert_string_equal(imr_finding_severity_name(IMR_FINDING_SEVERITY_MEDIUM), "medium");
	assert_int_equal(imr_finding_severity_from_name("high"), IMR_FINDING_SEVERITY_HIGH);
	assert_int_equal(imr_finding_severity_from_name("severe"), -1);
	imr_audit_free(audit);
}

/* The number of findings with @p code for item @p item (1-based) of the
 * file ending in @p file. */
static int findings_at(const imr_audit *audit, const char *code, const char *file, size_t item)
{
	size_t i, n = strlen(file);
	int count = 0;
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		const char *path = imr_audit_letter_get(audit, f->letter)->file;
		size_t len = strlen(path);
		count += strcmp(f->code, code) == 0 && f->item + 1 == item && len >= n &&
			 strcmp(path + len - n, file) == 0;
	}
	return count;
}

/* A rationale against itself and against the letter's others: a
 * conclusion that is not the decision; a rationale written for an MRI
 * standing under a therapy request, but not one written for two services
 * together (it reasons about both). */
static void rationale_consistency(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters/audit"), 1, NULL);
	(void)state;
	assert_int_equal(findings_at(audit, "rationale-self-contradiction", "rationale-concludes-otherwise.txt", 1), 1);
	assert_int_equal(severity_of(audit, "rationale-self-contradiction", "rationale-concludes-otherwise.txt"),
			 IMR_FINDING_SEVERITY_HIGH);
	assert_int_equal(findings_at(audit, "rationale-pasted", "rationale-pasted-other-service.txt", 1), 0);
	assert_int_equal(findings_at(audit, "rationale-pasted", "rationale-pasted-other-service.txt", 2), 1);
	assert_int_equal(findings_at(audit, "rationale-pasted", "rationale-pasted-other-service.txt", 3), 0);
	assert_int_equal(findings_at(audit, "rationale-pasted", "rationale-pasted-other-service.txt", 4), 0);
	/* "there is no RFA", "no physical examination was documented" against a
	 * summary that cites a dated RFA and reports an examination */
	assert_int_equal(findings_at(audit, "rationale-contradicted", "rationale-denies-rfa-and-exam.txt", 1), 2);
	/* a letter whose rationales conclude as decided has none */
	assert_int_equal(has_finding(audit, "rationale-self-contradiction", "rationale-pasted-other-service.txt"), 0);
	assert_int_equal(has_finding(audit, "rationale-self-contradiction", "mtus-set-aside-without-reason.txt"), 0);
	imr_audit_free(audit);
}

/* The finding with @p code of item @p item (1-based) of the letter whose
 * file ends in @p file, or NULL. */
static const imr_finding *finding_of(const imr_audit *audit, const char *code, const char *file, size_t item)
{
	size_t i, n = strlen(file);
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		const char *path = imr_audit_letter_get(audit, f->letter)->file;
		size_t len = strlen(path);
		if (strcmp(f->code, code) == 0 && f->item + 1 == item && len >= n && strcmp(path + len - n, file) == 0)
			return f;
	}
	return NULL;
}

/* 8 CCR 9792.25.1's order of evidence: a decision that rests only on a
 * slide deck and a hospital's web page is a finding, raised by default;
 * with a citation of no known kind beside a drug label, a lesser one; a
 * peer-reviewed article or ODG alone is evidence and no finding. */
static void sources_outside_the_order_of_evidence(void **state)
{
	imr_audit *audit = run_audit_with(imr_test_fixture("letters/audit"), 1, NULL, 0);
	const imr_finding *f;
	(void)state;
	f = finding_of(audit, "citation-non-guideline", "citation-overturn-on-slides.txt", 1);
	assert_non_null(f);
	assert_int_equal(f->severity, IMR_FINDING_SEVERITY_HIGH);
	assert_int_equal(f->experimental, 0);
	assert_non_null(strstr(f->message, "overturned"));
	assert_non_null(strstr(f->message, "presentation"));
	assert_non_null(strstr(f->message, "web page"));
	assert_non_null(strstr(f->evidence, "reviewer's guideline line: \"The Expert Reviewer based"));
	assert_non_null(strstr(f->evidence, "citation 1: presentation; citation 2: web page, patient education"));
	/* a manufacturer's label beside "Pain (Chronic), Tramadol", an ODG
	 * chapter cited without the guideline's name */
	f = finding_of(audit, "citation-non-guideline", "citation-overturn-on-slides.txt", 2);
	assert_non_null(f);
	assert_int_equal(f->severity, IMR_FINDING_SEVERITY_MEDIUM);
	assert_non_null(strstr(f->evidence, "citation 1: drug label; citation 2: of no known kind"));
	assert_int_equal(has_finding(audit, "citation-non-guideline", "citation-peer-reviewed-denial.txt"), 0);
	assert_int_equal(has_finding(audit, "citation-non-guideline", "citation-odg-only.txt"), 0);
	/* the letters that cite the MTUS, ODG or ACOEM */
	assert_int_equal(has_finding(audit, "citation-non-guideline", "esi-decided-on-facet-guideline.txt"), 0);
	assert_int_equal(has_finding(audit, "citation-non-guideline", "si-joint-upheld.txt"), 0);
	imr_audit_free(audit);
}

/* A rationale that judges another region or imaging modality of the same
 * family, in the sentences that say what is requested, and never names
 * the item's own: a thoracic x-ray judged as a cervical MRI, an elbow MRI
 * as a shoulder MRI. A prior MRI of another region in the history, and
 * guideline text about other regions, are not the request. */
static void rationale_judging_another_service(void **state)
{
	imr_audit *audit = run_audit_with(imr_test_fixture("letters/audit"), 1, NULL, 0);
	const imr_finding *f;
	(void)state;
	f = finding_of(audit, "rationale-other-service", "scope-thoracic-xray-as-cervical-mri.txt", 1);
	assert_non_null(f);
	assert_int_equal(f->severity, IMR_FINDING_SEVERITY_HIGH);
	assert_string_equal(f->message, "the rationale judges the request as the cervical mri; the disputed item is the "
					"thoracic xray, which no statement of the request in the rationale names");
	assert_non_null(strstr(f->evidence, "rationale of item 1, line 50: \"The criteria for an MRI of the cervical "
					    "spine have not been met.\"; disputed item 1, line 42: \"X-rays of the thoracic spine\""));
	f = finding_of(audit, "rationale-other-service", "scope-elbow-mri-as-shoulder.txt", 1);
	assert_non_null(f);
	/* the same modality: only the region is wrong */
	assert_string_equal(f->message, "the rationale judges the request as the shoulder; the disputed item is the "
					"elbow, which no statement of the request in the rationale names");
	assert_non_null(strstr(f->evidence, "\"The requested MRI of the right shoulder is not supported.\""));
	assert_int_equal(has_finding(audit, "rationale-other-service", "scope-prior-mri-other-region.txt"), 0);
	assert_int_equal(has_finding(audit, "rationale-other-service", "scope-guideline-quote-other-service.txt"), 0);
	/* the other fixtures judge their own service */
	assert_int_equal(has_finding(audit, "rationale-other-service", "citation-overturn-on-slides.txt"), 0);
	assert_int_equal(has_finding(audit, "rationale-other-service", "rationale-denies-documented-mri.txt"), 0);
	imr_audit_free(audit);
}

/* The letter whose file ends in @p name, or fail. */
static const imr_audit_letter *letter_named(const imr_audit *audit, const char *name)
{
	size_t i, n = strlen(name);
	for (i = 0; i < imr_audit_letter_count(audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(audit, i);
		size_t len = strlen(l->file);
		if (len >= n && strcmp(l->file + len - n, name) == 0)
			return l;
	}
	fail_msg("no letter %s in the audit", name);
	return NULL;
}

/* An audit of the given fixture paths, in that order. */
static imr_audit *run_paths(const char *const *relative, size_t count, unsigned jobs)
{
	imr_audit_inputs *inputs = NULL;
	imr_audit *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	size_t i;
	assert_int_equal(imr_audit_inputs_new(&inputs, NULL), IMR_OK);
	for (i = 0; i < count; i++)
		assert_int_equal(imr_audit_inputs_add(inputs, imr_test_fixture(relative[i])), IMR_OK);
	opts.jobs = jobs;
	opts.all_findings = 1;
	assert_int_equal(imr_audit_run(&audit, rules, inputs, &opts), IMR_OK);
	imr_audit_inputs_free(inputs);
	return audit;
}

/* A case given twice (the same case number; or, with none, the same text
 * however it is wrapped) is counted once, under its first letter in input
 * order: the copy keeps no items or findings, names the first, and leaves
 * the statistics and the comparison across letters as they are without
 * it (counted twice, the upheld SI-joint injection would be the majority
 * and the overturned one the finding). */
static void a_case_given_twice_is_counted_once(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters/audit"), 2, NULL);
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	const imr_audit_letter *copy = letter_named(audit, "si-joint-upheld_2.txt");
	const imr_audit_letter *first = letter_named(audit, "si-joint-upheld.txt");
	const imr_audit_letter *unnumbered = letter_named(audit, "unnumbered-lumbar-brace_2.txt");
	size_t i, letters_items = 0;
	(void)state;
	assert_int_equal(st->letters, st->parsed + st->failed + st->duplicates);
	assert_int_equal(st->duplicates, 2);
	assert_non_null(copy->duplicate_of);
	assert_string_equal(copy->duplicate_of, first->file);
	assert_string_equal(copy->case_number, "CM17-9000003");
	assert_int_equal(copy->item_count, 0);
	assert_int_equal(copy->finding_count, 0);
	assert_false(copy->failed);
	assert_null(first->duplicate_of);
	assert_int_equal(first->item_count, 1);
	/* no case number: told by the text, wrapped and spaced otherwise */
	assert_null(unnumbered->case_number);
	assert_non_null(unnumbered->text_digest);
	assert_string_equal(unnumbered->text_digest, letter_named(audit, "unnumbered-lumbar-brace.txt")->text_digest);
	assert_true(strstr(unnumbered->duplicate_of, "unnumbered-lumbar-brace.txt") != NULL);
	for (i = 0; i < imr_audit_letter_count(audit); i++)
		letters_items += imr_audit_letter_get(audit, i)->item_count;
	assert_int_equal(st->items, letters_items);
	assert_int_equal(st->items, 21);
	assert_int_equal(has_finding(audit, "cross-letter-inconsistency", "si-joint-upheld.txt"), 2);
	assert_int_equal(has_finding(audit, "cross-letter-inconsistency", "si-joint-overturned.txt"), 0);
	for (i = 0; i < imr_audit_finding_count(audit); i++)
		assert_ptr_not_equal(imr_audit_letter_get(audit, imr_audit_finding_get(audit, i)->letter), copy);
	imr_audit_free(audit);
}

/* Which copy counts is the first in input order, whatever the names. */
static void the_first_copy_in_input_order_counts(void **state)
{
	static const char *const order[] = { "letters/audit/si-joint-upheld_2.txt", "letters/audit/si-joint-upheld.txt",
					     "letters/audit/si-joint-overturned.txt" };
	imr_audit *audit = run_paths(order, 3, 2);
	const imr_audit_letter *copy = letter_named(audit, "si-joint-upheld.txt");
	(void)state;
	assert_int_equal(imr_audit_get_stats(audit)->duplicates, 1);
	assert_non_null(copy->duplicate_of);
	assert_true(strstr(copy->duplicate_of, "si-joint-upheld_2.txt") != NULL);
	assert_null(letter_named(audit, "si-joint-upheld_2.txt")->duplicate_of);
	assert_int_equal(has_finding(audit, "cross-letter-inconsistency", "si-joint-upheld_2.txt"), 2);
	imr_audit_free(audit);
}

/* Every format records the duplicate, naming both files. */
static void every_format_records_a_duplicate(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters/audit"), 1, NULL);
	imr_buf out = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_report_audit_text(&out, audit, NULL), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "audit: 19 letters (17 parsed, 0 failed, 2 duplicates), 21 items"));
	assert_non_null(strstr(imr_buf_cstr(&out), "si-joint-upheld_2.txt: the same case as "));
	assert_non_null(strstr(imr_buf_cstr(&out), "unnumbered-lumbar-brace_2.txt: the same text as "));
	imr_buf_clear(&out);
	assert_int_equal(imr_report_audit_json(&out, rules, audit, NULL), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "\"duplicates\": 2"));
	assert_non_null(strstr(imr_buf_cstr(&out), "si-joint-upheld_2.txt\",\n      \"duplicate_of\": "));
	imr_buf_clear(&out);
	assert_int_equal(imr_report_audit_csv(&out, audit), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), ",error,duplicate_of\r\n"));
	assert_non_null(strstr(imr_buf_cstr(&out), "si-joint-upheld_2.txt,CM17-9000003,"));
	imr_buf_clear(&out);
	assert_int_equal(imr_report_audit_html(&out, rules, audit, NULL), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "<table id=\"duplicate-letters\">"));
	assert_non_null(strstr(imr_buf_cstr(&out), "si-joint-upheld_2.txt</td><td class=\"file\">"));
	imr_buf_dispose(&out);
	imr_audit_free(audit);
}

/* By default the experimental codes are not raised at all. */
static void experimental_codes_only_when_asked(void **state)
{
	imr_audit *audit = run_audit_with(imr_test_fixture("letters/audit"), 1, NULL, 0);
	size_t i;
	(void)state;
	assert_true(imr_finding_code_experimental("citation-guidelines-differ"));
	assert_false(imr_finding_code_experimental("citation-mtus-set-aside"));
	assert_false(imr_finding_code_experimental("no-such-code"));
	assert_false(imr_finding_code_experimental(NULL));
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		assert_false(f->experimental);
		assert_false(imr_finding_code_experimental(f->code));
	}
	assert_int_equal(has_finding(audit, "citation-topic", "esi-decided-on-facet-guideline.txt"), 1);
	assert_int_equal(has_finding(audit, "citation-mtus-set-aside", "mtus-set-aside-without-reason.txt"), 1);
	assert_int_equal(has_finding(audit, "cross-letter-inconsistency", "si-joint-upheld.txt"), 0);
	assert_int_equal(imr_audit_get_stats(audit)->findings_by_type[IMR_FINDING_INCONSISTENCY], 0);
	imr_audit_free(audit);
}

/* Every item is counted once by what its prediction rests on or by why it
 * has none, and the strengths are listed strongest first. */
static void statistics_by_strength_and_by_reason(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters"), 1, NULL);
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	size_t i, j, strong = 0, why = 0, decided = 0, undecided = 0;
	(void)state;
	for (i = 0; i < st->by_strength_count; i++) {
		strong += st->by_strength[i].items;
		assert_int_equal(st->by_strength[i].indeterminate, 0);
		if (i)
			assert_true(strcmp(st->by_strength[i - 1].key, "documented") == 0 ||
				    strcmp(st->by_strength[i].key, "earlier_guideline") == 0);
	}
	for (i = 0; i < st->by_undecided_count; i++) {
		why += st->by_undecided[i].items;
		assert_int_equal(st->by_undecided[i].indeterminate, st->by_undecided[i].items);
		assert_string_not_equal(st->by_undecided[i].key, "none");
	}
	assert_int_equal(strong, st->governed);
	assert_int_equal(why, st->ungoverned);
	assert_true(st->governed > 0);
	for (i = 0; i < imr_audit_letter_count(audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(audit, i);
		for (j = 0; j < l->item_count; j++) {
			const imr_audit_item *it = &l->items[j];
			if (it->agrees < 0) {
				undecided++;
				assert_int_equal(it->strength, IMR_STRENGTH_NONE);
				assert_int_not_equal(it->undecided, IMR_UNDECIDED_NONE);
			} else {
				decided++;
				assert_int_not_equal(it->strength, IMR_STRENGTH_NONE);
				assert_int_equal(it->undecided, IMR_UNDECIDED_NONE);
			}
		}
	}
	assert_int_equal(decided, st->governed);
	assert_int_equal(undecided, st->ungoverned);
	imr_audit_free(audit);
}

/* Every item carries the reasons its rationale gives, governed or not, in
 * vocabulary order; the statistics count each reason's items and split
 * them by decision and prediction, and nothing else. */
static void reasons_are_given_and_counted(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters"), 1, NULL);
	const imr_audit_stats *st = imr_audit_get_stats(audit);
	size_t i, j, k, given = 0, counted = 0, with = 0, ungoverned_with = 0;
	const imr_audit_letter *esi = letter_named(audit, "esi-decided-on-facet-guideline.txt");
	(void)state;
	assert_non_null(esi);
	assert_int_equal(esi->items[0].reason_count, 2);
	assert_string_equal(esi->items[0].reasons[0], "approval.conservative_care_failed");
	assert_string_equal(esi->items[0].reasons[1], "approval.objective_findings_present");
	for (i = 0; i < imr_audit_letter_count(audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(audit, i);
		for (j = 0; l && j < l->item_count; j++) {
			const imr_audit_item *it = &l->items[j];
			given += it->reason_count;
			with += it->reason_count > 0;
			ungoverned_with += it->reason_count > 0 && it->agrees < 0;
			for (k = 0; k < it->reason_count; k++) {
				assert_true(strncmp(it->reasons[k], "denial.", 7) == 0 ||
					    strncmp(it->reasons[k], "approval.", 9) == 0);
				if (k)
					assert_true(strcmp(it->reasons[k - 1], it->reasons[k]) < 0);
			}
		}
	}
	assert_true(with > st->items / 2);
	assert_true(ungoverned_with > 0); /* ungoverned items have theirs too */
	assert_int_equal(with, st->with_reasons);
	for (i = 0; i < st->by_reason_count; i++) {
		const imr_reason_tally *t = &st->by_reason[i];
		counted += t->items;
		assert_int_equal(t->upheld + t->overturned, t->items);
		assert_int_equal(t->predicted_upheld + t->predicted_overturned + t->indeterminate, t->items);
		assert_true(t->agree <= t->items - t->indeterminate);
		if (i)
			assert_true(st->by_reason[i - 1].items >= t->items);
	}
	assert_int_equal(counted, given);
	imr_audit_free(audit);
}

/* A mute file leaves its findings out of the list and the counts, keeps
 * them in their letters' records (for JSON Lines), and counts them by
 * entry, an entry that mutes nothing at 0. */
static void muted_findings_are_counted_by_entry(void **state)
{
	imr_audit_inputs *inputs = NULL;
	imr_audit *plain = run_audit(imr_test_fixture("letters/audit"), 1, NULL), *audit = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	char *letters = strdup(imr_test_fixture("letters/audit")); /* the helper's buffer is reused */
	const char *paths[1] = { letters };
	const imr_audit_stats *st, *st0 = imr_audit_get_stats(plain);
	imr_mute *mute = NULL;
	imr_diags diags;
	size_t i, sum = 0, kept = 0, muted = 0, total0 = 0, total = 0;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_mute_new(&mute), IMR_OK);
	assert_int_equal(imr_mute_add_file(mute, imr_test_fixture("mute/audit-letters.yaml"), NULL, &diags), IMR_OK);
	imr_diags_dispose(&diags);
	assert_int_equal(imr_audit_collect(&inputs, paths, 1, NULL), IMR_OK);
	opts.all_findings = 1;
	opts.mute = mute;
	assert_int_equal(imr_audit_run(&audit, rules, inputs, &opts), IMR_OK);
	st = imr_audit_get_stats(audit);
	assert_int_equal(st->by_mute_count, 3);
	assert_string_equal(st->by_mute[0].entry->id, "guidelines-differ");
	assert_true(st->by_mute[0].count >= 1);
	assert_int_equal(st->by_mute[1].count, 1);
	assert_int_equal(st->by_mute[2].count, 0);
	for (i = 0; i < st->by_mute_count; i++)
		sum += st->by_mute[i].count;
	assert_int_equal(sum, st->muted);
	for (i = 0; i < 4; i++) {
		total0 += st0->findings_by_type[i];
		total += st->findings_by_type[i];
	}
	assert_int_equal(total + st->muted, total0);
	for (i = 0; i < imr_audit_finding_count(audit); i++)
		assert_string_not_equal(imr_audit_finding_get(audit, i)->code, "citation-guidelines-differ");
	for (i = 0; i < imr_audit_letter_count(audit); i++) {
		const imr_audit_letter *l = imr_audit_letter_get(audit, i);
		size_t k;
		kept += l->finding_count;
		muted += l->muted_count;
		for (k = 0; k < l->muted_count; k++)
			assert_true(imr_mute_find(mute, l->muted[k].code, l->muted[k].message, l->muted[k].evidence) >= 0);
	}
	assert_true(muted >= 1 && muted <= st->muted); /* the rest are across letters */
	assert_true(kept > 0);
	imr_audit_free(audit);
	imr_audit_free(plain);
	imr_audit_inputs_free(inputs);
	imr_mute_free(mute);
	free(letters);
}

/* Every code an audit raises is one it names (mute files are checked
 * against the list). */
static void every_code_raised_is_known(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters"), 1, NULL);
	size_t i;
	(void)state;
	assert_true(imr_audit_finding_count(audit) > 0);
	for (i = 0; i < imr_audit_finding_count(audit); i++)
		if (!imr_finding_code_known(imr_audit_finding_get(audit, i)->code))
			fail_msg("finding code '%s' is not in the list of codes", imr_audit_finding_get(audit, i)->code);
	assert_null(imr_finding_code_at(imr_finding_code_count()));
	assert_false(imr_finding_code_known(NULL));
	imr_audit_free(audit);
}

/* The text report lists discordances resting on documented facts before
 * those resting only on missing documentation. */
static void discordances_are_ranked_by_strength(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters"), 1, NULL);
	imr_buf out = IMR_BUF_INIT;
	const char *text, *doc, *undoc;
	(void)state;
	assert_int_equal(imr_report_audit_text(&out, audit, NULL), IMR_OK);
	text = imr_buf_cstr(&out);
	assert_non_null(strstr(text, "by strength of the prediction:"));
	doc = strstr(text, "(prediction documented)");
	undoc = strstr(text, "(prediction undocumented)");
	assert_non_null(doc);
	assert_non_null(undoc);
	assert_true(doc < undoc);
	assert_null(strstr(undoc, "(prediction documented)"));
	imr_buf_dispose(&out);
	imr_audit_free(audit);
}

static void render_all(imr_buf *out, const imr_audit *audit)
{
	assert_int_equal(imr_report_audit_text(out, audit, NULL), IMR_OK);
	assert_int_equal(imr_report_audit_json(out, rules, audit, NULL), IMR_OK);
	assert_int_equal(imr_report_audit_csv(out, audit), IMR_OK);
	assert_int_equal(imr_report_audit_html(out, rules, audit, NULL), IMR_OK);
}

static void same_output_whatever_the_jobs(void **state)
{
	imr_buf one = IMR_BUF_INIT, two = IMR_BUF_INIT, jsonl_one, jsonl_two;
	imr_audit *a1 = run_audit(imr_test_fixture("letters"), 1, &jsonl_one);
	imr_audit *a2 = run_audit(imr_test_fixture("letters"), 2, &jsonl_two);
	(void)state;
	render_all(&one, a1);
	render_all(&two, a2);
	assert_true(one.size > 1000);
	assert_int_equal(one.size, two.size);
	assert_memory_equal(one.ptr, two.ptr, one.size);
	assert_int_equal(jsonl_one.size, jsonl_two.size);
	assert_memory_equal(jsonl_one.ptr, jsonl_two.ptr, jsonl_one.size);
	assert_true(imr_audit_get_stats(a1)->letters >= 100);
	imr_buf_dispose(&one);
	imr_buf_dispose(&two);
	imr_buf_dispose(&jsonl_one);
	imr_buf_dispose(&jsonl_two);
	imr_audit_free(a1);
	imr_audit_free(a2);
}

/* ---- reports written as the letters stream by ---- */

typedef struct streamed {
	imr_audit_writer *w[5];
	imr_buf out[5];
} streamed;

static int to_buf(void *ctx, const char *data, size_t len)
{
	return imr_buf_put(ctx, data, len);
}

static int stream_letter(const imr_audit_letter *letter, void *ctx)
{
	streamed *s = ctx;
	int k, err = 0;
	for (k = 0; k < 5 && !err; k++)
		err = imr_audit_writer_letter(s->w[k], letter);
	return err;
}

/* The reports written while the letters stream by, each letter's record
 * released once written (two threads), are byte for byte those of the
 * finished audit (one thread), in every format; afterwards only the
 * letters a cross-letter finding names are kept, with what the reports
 * show of them. */
static void assert_streamed_same(const char *path)
{
	imr_buf whole[5], jsonl;
	imr_audit *kept = run_audit(path, 1, &jsonl), *flat = NULL;
	imr_audit_inputs *inputs = NULL;
	imr_audit_options opts = IMR_AUDIT_OPTIONS_INIT;
	streamed s;
	size_t i, named = 0;
	int k;

	for (k = 0; k < 5; k++)
		imr_buf_init(&whole[k]);
	assert_int_equal(imr_report_audit_text(&whole[IMR_AUDIT_FORMAT_TEXT], kept, NULL), IMR_OK);
	assert_int_equal(imr_report_audit_json(&whole[IMR_AUDIT_FORMAT_JSON], rules, kept, NULL), IMR_OK);
	whole[IMR_AUDIT_FORMAT_JSONL] = jsonl;
	assert_int_equal(imr_report_audit_csv(&whole[IMR_AUDIT_FORMAT_CSV], kept), IMR_OK);
	assert_int_equal(imr_report_audit_html(&whole[IMR_AUDIT_FORMAT_HTML], rules, kept, NULL), IMR_OK);

	for (k = 0; k < 5; k++) {
		imr_buf_init(&s.out[k]);
		assert_int_equal(imr_audit_writer_new(&s.w[k], (imr_audit_format)k, rules, NULL, to_buf, &s.out[k]),
				 IMR_OK);
	}
	assert_int_equal(imr_audit_collect(&inputs, &path, 1, NULL), IMR_OK);
	opts.jobs = 2;
	opts.all_findings = 1; /* as run_audit(): every finding code, experimental ones too */
	opts.on_letter = stream_letter;
	opts.letter_ctx = &s;
	opts.release_letters = 1;
	assert_int_equal(imr_audit_run(&flat, rules, inputs, &opts), IMR_OK);
	for (k = 0; k < 5; k++) {
		assert_int_equal(imr_audit_writer_finish(s.w[k], flat), IMR_OK);
		assert_int_equal(s.out[k].size, whole[k].size);
		assert_memory_equal(imr_buf_cstr(&s.out[k]), imr_buf_cstr(&whole[k]), whole[k].size);
		imr_audit_writer_free(s.w[k]);
		imr_buf_dispose(&s.out[k]);
		imr_buf_dispose(&whole[k]);
	}

	assert_memory_equal(imr_audit_get_stats(flat)->findings_by_type, imr_audit_get_stats(kept)->findings_by_type,
			    sizeof(imr_audit_get_stats(kept)->findings_by_type));
	for (i = 0; i < imr_audit_finding_count(flat); i++) {
		const imr_finding *f = imr_audit_finding_get(flat, i);
		assert_int_equal(f->type, IMR_FINDING_INCONSISTENCY);
		assert_string_equal(imr_audit_letter_get(flat, f->letter)->file,
				    imr_audit_letter_get(kept, f->letter)->file);
		assert_string_equal(imr_audit_letter_get(flat, f->other_letter)->items[f->other_item].service,
				    imr_audit_letter_get(kept, f->other_letter)->items[f->other_item].service);
	}
	for (i = 0; i < imr_audit_letter_count(flat); i++)
		named += imr_audit_letter_get(flat, i) != NULL;
	assert_true(named <= 2 * imr_audit_finding_count(flat));
	imr_audit_inputs_free(inputs);
	imr_audit_free(flat);
	imr_audit_free(kept);
}

static void streamed_reports_are_the_finished_audit_s(void **state)
{
	(void)state;
	assert_streamed_same(imr_test_fixture("letters"));
	assert_streamed_same(imr_test_fixture("letters/audit"));
}

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[1024];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

/* @p text with the first @p from replaced by @p to (same length), written
 * as @p name in @p dir. */
static void write_edited(const char *dir, const char *name, const char *text, size_t len, const char *from,
			 const char *to)
{
	char *copy = malloc(len + 1), *at;
	assert_non_null(copy);
	memcpy(copy, text, len);
	copy[len] = '\0';
	assert_int_equal(strlen(from), strlen(to));
	at = strstr(copy, from);
	assert_non_null(at);
	memcpy(at, to, strlen(to));
	write_file(dir, name, copy, len);
	free(copy);
}

/* Letters about different cases (other case numbers) whose rationales say
 * the same of their case: a copy word for word (but for its dates and
 * numbers) is a finding pointing at the first letter; a copy with a word
 * of its short case text changed is 9 bits of SimHash away, beyond the 3
 * a near copy may differ by, and is none; a letter of its own words is
 * none, and neither is the first. */
static void rationale_copied_across_letters(void **state)
{
	static const char *const names[] = { "a.txt", "b.txt", "c.txt", "d.txt" };
	char dir[] = "/tmp/imr-audit-XXXXXX", path[1024], *letter, *other;
	size_t len, olen, i, found = 0;
	imr_audit *audit;
	(void)state;
	assert_non_null(mkdtemp(dir));
	letter = imr_test_read_file(imr_test_fixture("letters/audit/rationale-denies-rfa-and-exam.txt"), &len);
	other = imr_test_read_file(imr_test_fixture("letters/audit/mtus-set-aside-without-reason.txt"), &olen);
	write_file(dir, names[0], letter, len);
	write_edited(dir, names[1], letter, len, "CM17-9000023\n02/20/2017", "CM17-9000091\n02/21/2017");
	write_edited(dir, names[2], letter, len, "no physical examination was documented for the recent flare",
		     "no physical examination was documented for the latest flare");
	/* c.txt keeps the first case number: make it a case of its own */
	{
		char *c = imr_test_read_file((snprintf(path, sizeof(path), "%s/c.txt", dir), path), &len);
		write_edited(dir, names[2], c, len, "CM17-9000023", "CM17-9000092");
		free(c);
	}
	write_file(dir, names[3], other, olen);
	audit = run_audit(dir, 2, NULL);
	for (i = 0; i < imr_audit_finding_count(audit); i++) {
		const imr_finding *f = imr_audit_finding_get(audit, i);
		const char *file = imr_audit_letter_get(audit, f->letter)->file;
		if (strcmp(f->code, "rationale-copied-across-letters") != 0)
			continue;
		found++;
		assert_int_equal(f->type, IMR_FINDING_INCONSISTENCY);
		assert_true(f->experimental);
		assert_non_null(strstr(file, "/b.txt"));
		assert_non_null(strstr(imr_audit_letter_get(audit, f->other_letter)->file, "/a.txt"));
		assert_non_null(strstr(f->message, "is word for word what"));
		assert_non_null(strstr(f->evidence, "rationale of item 1, line 45; for example "));
	}
	assert_int_equal(found, 1);
	imr_audit_free(audit);
	assert_streamed_same(dir);
	free(letter);
	free(other);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void bad_files_are_reported_and_the_rest_go_on(void **state)
{
	char dir[] = "/tmp/imr-audit-XXXXXX", path[1024], *seed;
	static const unsigned char binary[] = { 0x7f, 'E', 'L', 'F', 0, 1, 2, 3, 0xff, 0xfe, 0 };
	static const char not_letter[] = "Shopping list: milk, eggs, bread.\n";
	imr_audit *audit;
	const imr_audit_letter *l;
	size_t len;
	(void)state;
	assert_non_null(mkdtemp(dir));
	seed = imr_test_read_file(imr_test_fixture("letters/seeds/002_3655419de26a90ba.txt"), &len);
	write_file(dir, "a-good-letter.txt", seed, len);
	free(seed);
	write_file(dir, "b-empty.txt", "", 0);
	write_file(dir, "c-binary.txt", binary, sizeof(binary));
	write_file(dir, "d-not-a-letter.txt", not_letter, strlen(not_letter));
	/* An unreadable file: permission bits do not stop root, so root gets a
	 * dangling symbolic link instead, which cannot be read either. */
	snprintf(path, sizeof(path), "%s/e-unreadable.txt", dir);
	if (geteuid() != 0) {
		write_file(dir, "e-unreadable.txt", "x", 1);
		assert_int_equal(chmod(path, 0), 0);
	} else {
		assert_int_equal(symlink("/nonexistent/imr-missing.txt", path), 0);
	}
	snprintf(path, sizeof(path), "%s/f-loop", dir);
	assert_int_equal(symlink(".", path), 0);
	audit = run_audit(dir, 2, NULL);

	l = letter_named(audit, "a-good-letter.txt");
	assert_int_equal(l->failed, 0);
	assert_int_equal(l->item_count, 1);
	l = letter_named(audit, "b-empty.txt");
	assert_int_equal(l->failed, 1);
	assert_non_null(strstr(l->error, "empty"));
	l = letter_named(audit, "c-binary.txt");
	assert_int_equal(l->failed, 1);
	assert_non_null(strstr(l->error, "binary"));
	l = letter_named(audit, "d-not-a-letter.txt");
	assert_int_equal(l->failed, 1);
	assert_non_null(strstr(l->error, "not an IMR determination letter"));
	l = letter_named(audit, "e-unreadable.txt");
	assert_int_equal(l->failed, 1);
	assert_non_null(l->error);
	l = letter_named(audit, "f-loop");
	assert_int_equal(l->failed, 1);
	assert_non_null(strstr(l->error, "loop"));
	assert_int_equal(imr_audit_get_stats(audit)->parsed, 1);
	assert_int_equal(imr_audit_get_stats(audit)->failed, 5);
	imr_audit_free(audit);
	assert_streamed_same(dir);

	snprintf(path, sizeof(path), "%s/e-unreadable.txt", dir);
	chmod(path, 0600);
	{
		static const char *const names[] = { "a-good-letter.txt", "b-empty.txt", "c-binary.txt",
						     "d-not-a-letter.txt", "e-unreadable.txt", "f-loop" };
		size_t i;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			unlink(path);
		}
		rmdir(dir);
	}
}

/* A link to the corpus directory that sorts before the directory itself:
 * each letter once, under the link's path (the first in walk order), and
 * every report says which letters were reached through which link. */
static void letters_reached_through_a_link_are_reported_once_and_said_so(void **state)
{
	char dir[] = "/tmp/imr-audit-link-XXXXXX", path[1024], link[64], *seed;
	imr_audit *audit;
	const imr_audit_letter *l;
	imr_buf text = IMR_BUF_INIT, json = IMR_BUF_INIT, jsonl = IMR_BUF_INIT;
	size_t len;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/real", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	seed = imr_test_read_file(imr_test_fixture("letters/seeds/002_3655419de26a90ba.txt"), &len);
	write_file(path, "letter.txt", seed, len);
	free(seed);
	snprintf(link, sizeof(link), "%s/a-link", dir);
	assert_int_equal(symlink("real", link), 0);
	audit = run_audit(dir, 1, &jsonl);

	assert_int_equal(imr_audit_letter_count(audit), 1);
	l = imr_audit_letter_get(audit, 0);
	assert_int_equal(l->failed, 0);
	snprintf(path, sizeof(path), "%s/letter.txt", link);
	assert_string_equal(l->file, path);
	assert_non_null(l->link);
	assert_string_equal(l->link, link);

	assert_int_equal(imr_report_audit_text(&text, audit, NULL), IMR_OK);
	snprintf(path, sizeof(path), "\nLetters reached through symbolic links (1):\n  %s: 1 letter\n", link);
	assert_non_null(strstr(text.ptr, path));
	assert_int_equal(imr_report_audit_json(&json, rules, audit, NULL), IMR_OK);
	snprintf(path, sizeof(path), "\"link\": \"%s\"", link);
	assert_non_null(strstr(json.ptr, path));
	snprintf(path, sizeof(path), "\"link\":\"%s\"", link);
	assert_non_null(strstr(jsonl.ptr, path));
	imr_buf_dispose(&text);
	imr_buf_dispose(&json);
	imr_buf_dispose(&jsonl);
	imr_audit_free(audit);
	assert_streamed_same(dir);

	snprintf(path, sizeof(path), "%s/real/letter.txt", dir);
	unlink(path);
	unlink(link);
	snprintf(path, sizeof(path), "%s/real", dir);
	rmdir(path);
	rmdir(dir);
}

/* A file name that is not UTF-8 (Latin-1 e-acute), with a backslash and a
 * newline: every format shows it the same way, "\\xHH" for each byte that
 * is not UTF-8 or is a control character and "\\\\" for a backslash, so the
 * name can be recovered byte for byte. */
static void file_names_are_escaped_one_way_in_every_format(void **state)
{
	char dir[] = "/tmp/imr-audit-name-XXXXXX", path[256], want[256];
	const char *raw = "caf\xe9\\x\nz.txt", *shown = "caf\\xE9\\\\x\\x0Az.txt";
	imr_audit *audit;
	const imr_audit_letter *l;
	imr_buf text = IMR_BUF_INIT, json = IMR_BUF_INIT, csv = IMR_BUF_INIT, html = IMR_BUF_INIT;
	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, raw, "", 0);
	audit = run_audit(dir, 1, NULL);
	assert_int_equal(imr_audit_letter_count(audit), 1);
	l = imr_audit_letter_get(audit, 0);
	snprintf(want, sizeof(want), "%s/%s", dir, shown);
	assert_string_equal(l->file, want);
	snprintf(want, sizeof(want), "%s/%s:1:1: error: empty letter", dir, shown);
	assert_string_equal(l->error, want);

	assert_int_equal(imr_report_audit_text(&text, audit, NULL), IMR_OK);
	snprintf(want, sizeof(want), "\n  %s/%s:1:1: error: empty letter\n", dir, shown);
	assert_non_null(strstr(text.ptr, want));
	assert_int_equal(imr_report_audit_csv(&csv, audit), IMR_OK);
	snprintf(want, sizeof(want), "\r\n%s/%s,", dir, shown);
	assert_non_null(strstr(csv.ptr, want));
	assert_int_equal(imr_report_audit_json(&json, rules, audit, NULL), IMR_OK);
	snprintf(want, sizeof(want), "\"file\": \"%s/caf\\\\xE9\\\\\\\\x\\\\x0Az.txt\"", dir);
	assert_non_null(strstr(json.ptr, want));
	assert_int_equal(imr_report_audit_html(&html, rules, audit, NULL), IMR_OK);
	snprintf(want, sizeof(want), "%s/%s", dir, shown);
	assert_non_null(strstr(html.ptr, want));
	imr_buf_dispose(&text);
	imr_buf_dispose(&json);
	imr_buf_dispose(&csv);
	imr_buf_dispose(&html);
	imr_audit_free(audit);
	snprintf(path, sizeof(path), "%s/%s", dir, raw);
	unlink(path);
	rmdir(dir);
}

static void csv_quotes_fields(void **state)
{
	imr_audit *audit = run_audit(imr_test_fixture("letters/seeds"), 1, NULL);
	imr_buf csv = IMR_BUF_INIT;
	(void)state;
	assert_int_equal(imr_report_audit_csv(&csv, audit), IMR_OK);
	/* the header, CRLF line ends, and a service with a comma quoted */
	assert_true(strncmp(csv.ptr, "file,case_number,specialty,item,service,", 40) == 0);
	assert_non_null(strstr(csv.ptr, "\r\n"));
	assert_non_null(strstr(csv.ptr, "\"BILATERAL L4-5, L5-S1 FACET JOINT INJECTION\""));
	imr_buf_dispose(&csv);
	imr_audit_free(audit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_finding_of_each_type),
		cmocka_unit_test(findings_have_severity_and_place),
		cmocka_unit_test(rationale_consistency),
		cmocka_unit_test(rationale_copied_across_letters),
		cmocka_unit_test(sources_outside_the_order_of_evidence),
		cmocka_unit_test(rationale_judging_another_service),
		cmocka_unit_test(experimental_codes_only_when_asked),
		cmocka_unit_test(a_case_given_twice_is_counted_once),
		cmocka_unit_test(the_first_copy_in_input_order_counts),
		cmocka_unit_test(every_format_records_a_duplicate),
		cmocka_unit_test(statistics_by_strength_and_by_reason),
		cmocka_unit_test(discordances_are_ranked_by_strength),
		cmocka_unit_test(reasons_are_given_and_counted),
		cmocka_unit_test(every_code_raised_is_known),
		cmocka_unit_test(muted_findings_are_counted_by_entry),
		cmocka_unit_test(same_output_whatever_the_jobs),
		cmocka_unit_test(streamed_reports_are_the_finished_audit_s),
		cmocka_unit_test(bad_files_are_reported_and_the_rest_go_on),
		cmocka_unit_test(letters_reached_through_a_link_are_reported_once_and_said_so),
		cmocka_unit_test(file_names_are_escaped_one_way_in_every_format),
		cmocka_unit_test(csv_quotes_fields),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
