/* test_report.c - the JSON and text renderings of results and rules. The
 * JSON is parsed back with jansson and checked field by field. */
#include "test.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static const char request_text[] =
	"date: 2015-06-01\n"
	"facts:\n"
	"  exam.sign_a: true\n"
	"  imaging.positive: {value: true, evidence: MRI shows compression, source: MRI report}\n"
	"items:\n"
	"  - {id: inj, service: \"Right L5-S1 \xC3\xA9pidurale\", procedure: injection, region: lumbar}\n"
	"  - {id: fl, service: Fluoroscopy, procedure: guidance, primary: inj}\n"
	"  - {id: oth, procedure: other_injection}\n"
	"  - {id: late, procedure: injection, date: 2030-02-01}\n"
	"  - {id: inj2, procedure: injection}\n";

typedef struct fixture {
	imr_rules *rules;
	imr_request *req;
	imr_result *res;
	imr_diags diags;
} fixture;

static void decide(fixture *f, const char *extra, const char *request)
{
	memset(f, 0, sizeof(*f));
	imr_diags_init(&f->diags);
	if (extra)
		assert_int_equal(imr_test_load_min(&f->rules, &f->diags, "extra.yaml", extra, NULL), IMR_OK);
	else
		assert_int_equal(imr_test_load_min(&f->rules, &f->diags, NULL), IMR_OK);
	if (imr_request_load_buffer(&f->req, f->rules, "req.yaml", request, strlen(request), IMR_DATE_NONE,
				    NULL, &f->diags) != IMR_OK) {
		imr_test_print_diags(&f->diags);
		fail_msg("request should load");
	}
	{
		/* the 2030 item stays indeterminate: its guideline is not encoded */
		imr_eval_options opts = IMR_EVAL_OPTIONS_INIT;
		opts.strict_dates = 1;
		assert_int_equal(imr_eval_request(&f->res, f->rules, f->req, &opts), IMR_OK);
	}
}

static void release(fixture *f)
{
	imr_result_free(f->res);
	imr_request_free(f->req);
	imr_rules_free(f->rules);
	imr_diags_dispose(&f->diags);
}

/* Render the check as JSON and parse it back. */
static json_t *check_json(fixture *f, const imr_report_options *opts, char **text_out)
{
	imr_buf out = IMR_BUF_INIT;
	json_error_t jerr;
	json_t *doc;
	assert_int_equal(imr_report_check_json(&out, f->rules, f->res, opts), IMR_OK);
	doc = json_loads(imr_buf_cstr(&out), 0, &jerr);
	if (!doc)
		fail_msg("output is not JSON: %s at %d:%d", jerr.text, jerr.line, jerr.column);
	if (text_out)
		*text_out = imr_buf_detach(&out);
	imr_buf_dispose(&out);
	return doc;
}

static json_t *get(json_t *obj, const char *key)
{
	json_t *v;
	if (!json_is_object(obj))
		fail_msg("looking up '%s' in a non-object", key);
	v = json_object_get(obj, key);
	if (!v)
		fail_msg("missing key '%s'", key);
	return v;
}

static const char *str(json_t *obj, const char *key)
{
	json_t *v = get(obj, key);
	if (!json_is_string(v))
		fail_msg("'%s' is not a string", key);
	return json_string_value(v);
}

static json_t *item_json(json_t *doc, size_t i)
{
	json_t *items = get(doc, "items");
	assert_true(json_is_array(items));
	assert_true(i < json_array_size(items));
	return json_array_get(items, i);
}

static json_t *criterion_json(json_t *item, const char *id)
{
	json_t *crits = get(item, "criteria");
	size_t i;
	for (i = 0; i < json_array_size(crits); i++)
		if (strcmp(str(json_array_get(crits, i), "id"), id) == 0)
			return json_array_get(crits, i);
	fail_msg("no criterion %s", id);
	return NULL;
}

/* ---- check, JSON ---- */

static void json_has_the_top_level_fields(void **state)
{
	fixture f;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	json_t *doc, *summary;
	char *text = NULL;
	(void)state;
	decide(&f, NULL, request_text);
	opts.input = "requests/case.yaml";
	doc = check_json(&f, &opts, &text);
	assert_string_equal(str(doc, "input"), "requests/case.yaml");
	assert_true(json_is_false(get(doc, "date_assumed")));
	assert_int_equal(json_array_size(get(doc, "items")), 5);
	summary = get(doc, "summary");
	assert_int_equal(json_integer_value(get(summary, "items")), 5);
	assert_int_equal(json_integer_value(get(summary, "overturned")), 3);
	assert_int_equal(json_integer_value(get(summary, "upheld")), 1);
	assert_int_equal(json_integer_value(get(summary, "indeterminate")), 1);
	/* one object, keys in the documented order, a trailing newline */
	assert_memory_equal(text, "{\n  \"input\"", 11);
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	json_decref(doc);
	release(&f);
}

static void json_item_fields_of_a_necessary_item(void **state)
{
	fixture f;
	json_t *doc, *it, *rule, *crit;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, NULL);
	it = item_json(doc, 0);
	assert_string_equal(str(it, "id"), "inj");
	assert_string_equal(str(it, "service"), "Right L5-S1 \xC3\xA9pidurale");
	assert_string_equal(str(it, "procedure"), "injection");
	assert_string_equal(str(it, "region"), "lumbar");
	assert_string_equal(str(it, "date"), "2015-06-01");
	assert_true(json_is_null(get(it, "primary")));
	assert_true(json_is_true(get(it, "medically_necessary")));
	assert_string_equal(str(it, "predicted_outcome"), "overturned");
	assert_true(json_is_null(get(it, "reason")));
	rule = get(it, "rule");
	assert_string_equal(str(rule, "id"), "t1.injection");
	assert_string_equal(str(rule, "citation"), "Tier one document, p. 10");
	assert_string_equal(str(rule, "guideline"), "MTUS");
	assert_int_equal(json_array_size(get(it, "criteria")), 4);
	crit = criterion_json(it, "t1.injection/exam");
	assert_string_equal(str(crit, "status"), "met");
	assert_string_equal(str(crit, "text"), "An exam sign is documented.");
	assert_string_equal(str(crit, "advice"), "Document sign A or sign B.");
	assert_string_equal(str(crit, "rule"), "t1.injection");
	assert_true(json_is_false(get(crit, "contraindication")));
	assert_string_equal(str(criterion_json(it, "t1.injection/repeat"), "status"), "not_applicable");
	assert_true(json_is_null(get(it, "would_change")));
	json_decref(doc);
	release(&f);
}

static void json_criterion_evidence_and_missing(void **state)
{
	fixture f;
	json_t *doc, *crit, *ev, *sources;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, NULL);
	crit = criterion_json(item_json(doc, 0), "t1.injection/imaging");
	ev = get(crit, "evidence");
	assert_int_equal(json_array_size(ev), 1);
	assert_string_equal(str(json_array_get(ev, 0), "fact"), "imaging.positive");
	assert_string_equal(str(json_array_get(ev, 0), "value"), "true");
	assert_string_equal(str(json_array_get(ev, 0), "atom"), "imaging.positive");
	assert_true(json_is_false(get(json_array_get(ev, 0), "derived")));
	sources = get(json_array_get(ev, 0), "sources");
	assert_int_equal(json_array_size(sources), 1);
	assert_string_equal(str(json_array_get(sources, 0), "text"), "MRI shows compression");
	assert_string_equal(str(json_array_get(sources, 0), "source"), "MRI report");
	assert_int_equal(json_array_size(get(crit, "missing")), 0);
	crit = criterion_json(item_json(doc, 0), "t1.injection/no-alarm");
	assert_int_equal(json_array_size(get(crit, "missing")), 1);
	assert_string_equal(json_string_value(json_array_get(get(crit, "missing"), 0)), "red_flag.alarm");
	json_decref(doc);
	release(&f);
}

static void json_associated_item_names_its_primary(void **state)
{
	fixture f;
	json_t *doc, *it;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, NULL);
	it = item_json(doc, 1);
	assert_string_equal(str(it, "primary"), "inj");
	assert_string_equal(str(it, "predicted_outcome"), "overturned");
	assert_string_equal(str(get(it, "rule"), "id"), "t2.guidance");
	json_decref(doc);
	release(&f);
}

static void json_upheld_item_says_what_would_change_it(void **state)
{
	fixture f;
	json_t *doc, *it, *wc;
	(void)state;
	decide(&f, NULL, "date: 2015-06-01\nfacts: {exam.sign_a: false, exam.sign_b: false}\n"
			 "items: [{id: inj, procedure: injection}]\n");
	doc = check_json(&f, NULL, NULL);
	it = item_json(doc, 0);
	assert_true(json_is_false(get(it, "medically_necessary")));
	assert_string_equal(str(it, "predicted_outcome"), "upheld");
	wc = get(it, "would_change");
	assert_true(json_is_true(get(wc, "possible")));
	assert_int_equal(json_array_size(get(wc, "criteria")), 2);
	assert_string_equal(json_string_value(json_array_get(get(wc, "criteria"), 0)), "t1.injection/exam");
	assert_string_equal(json_string_value(json_array_get(get(wc, "criteria"), 1)), "t1.injection/imaging");
	assert_true(json_is_null(get(wc, "reason")));
	json_decref(doc);
	release(&f);
}

static void json_not_recommended_item_cannot_change(void **state)
{
	fixture f;
	json_t *doc, *wc;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, NULL);
	wc = get(item_json(doc, 2), "would_change");
	assert_true(json_is_false(get(wc, "possible")));
	assert_int_equal(json_array_size(get(wc, "criteria")), 0);
	assert_non_null(strstr(str(wc, "reason"), "t2.other does not recommend this service"));
	json_decref(doc);
	release(&f);
}

static void json_indeterminate_item(void **state)
{
	fixture f;
	json_t *doc, *it;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, NULL);
	it = item_json(doc, 3);
	assert_string_equal(str(it, "id"), "late");
	assert_true(json_is_null(get(it, "medically_necessary")));
	assert_string_equal(str(it, "predicted_outcome"), "indeterminate");
	assert_non_null(strstr(str(it, "reason"), "the governing guideline is not encoded"));
	assert_true(json_is_null(get(it, "rule")));
	assert_int_equal(json_array_size(get(it, "criteria")), 0);
	assert_true(json_is_null(get(it, "would_change")));
	json_decref(doc);
	release(&f);
}

static void json_rules_list_roles(void **state)
{
	static const char odg_injection[] =
		"kind: rule\nid: t2.injection\ntitle: Injection (tier two)\nguideline: ODG\n"
		"citation: {document: Tier two document}\napplies: request.procedure = injection\n"
		"recommendation: conditional\nsummary: S.\n"
		"criteria:\n  - {id: c, text: T., require: exam.sign_c, advice: A.}\n";
	fixture f;
	json_t *doc, *rules;
	(void)state;
	decide(&f, odg_injection, "date: 2015-06-01\nitems: [{id: inj, procedure: injection}]\n");
	doc = check_json(&f, NULL, NULL);
	rules = get(item_json(doc, 0), "rules");
	assert_int_equal(json_array_size(rules), 2);
	assert_string_equal(str(json_array_get(rules, 0), "id"), "t1.injection");
	assert_string_equal(str(json_array_get(rules, 0), "role"), "governing");
	assert_string_equal(str(json_array_get(rules, 0), "effective_from"), "2010-01-01");
	assert_string_equal(str(json_array_get(rules, 1), "id"), "t2.injection");
	assert_string_equal(str(json_array_get(rules, 1), "role"), "superseded");
	assert_true(json_is_null(get(json_array_get(rules, 1), "effective_from")));
	json_decref(doc);
	release(&f);
}

static void json_stamp_identifies_program_and_rules(void **state)
{
	fixture f;
	json_t *doc, *stamp, *applied;
	size_t i;
	int inj = 0, guide = 0, other = 0;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, NULL);
	stamp = get(doc, "stamp");
	assert_string_equal(str(stamp, "program"), "imrcheck");
	assert_string_equal(str(stamp, "version"), IMR_VERSION_STRING);
	assert_string_equal(str(stamp, "rules_digest"), imr_rules_digest(f.rules));
	applied = get(stamp, "rules_applied");
	/* each consulted rule once, though two items used t1.injection */
	assert_int_equal(json_array_size(applied), 3);
	for (i = 0; i < json_array_size(applied); i++) {
		const char *id = str(json_array_get(applied, i), "id");
		inj += strcmp(id, "t1.injection") == 0;
		guide += strcmp(id, "t2.guidance") == 0;
		other += strcmp(id, "t2.other") == 0;
	}
	assert_int_equal(inj, 1);
	assert_int_equal(guide, 1);
	assert_int_equal(other, 1);
	assert_string_equal(str(json_array_get(applied, 0), "id"), "t1.injection");
	assert_string_equal(str(json_array_get(applied, 0), "effective_to"), "2029-12-31");
	json_decref(doc);
	release(&f);
}

static void json_stamp_leaves_out_superseded_rules(void **state)
{
	static const char odg_injection[] =
		"kind: rule\nid: t2.injection\ntitle: Injection (tier two)\nguideline: ODG\n"
		"citation: {document: Tier two document}\napplies: request.procedure = injection\n"
		"recommendation: conditional\nsummary: S.\n"
		"criteria:\n  - {id: c, text: T., require: exam.sign_c, advice: A.}\n";
	fixture f;
	json_t *doc, *applied;
	(void)state;
	decide(&f, odg_injection, "date: 2015-06-01\nitems: [{id: inj, procedure: injection}]\n");
	doc = check_json(&f, NULL, NULL);
	applied = get(get(doc, "stamp"), "rules_applied");
	assert_int_equal(json_array_size(applied), 1);
	assert_string_equal(str(json_array_get(applied, 0), "id"), "t1.injection");
	json_decref(doc);
	release(&f);
}

static void json_escapes_non_ascii_text(void **state)
{
	fixture f;
	char *text = NULL;
	json_t *doc;
	(void)state;
	decide(&f, NULL, request_text);
	doc = check_json(&f, NULL, &text);
	/* \u escapes may use either case of hex digits */
	assert_true(strstr(text, "\\u00e9pidurale") || strstr(text, "\\u00E9pidurale"));
	assert_null(strstr(text, "\xC3\xA9"));
	free(text);
	json_decref(doc);
	release(&f);
}

static void json_reports_an_assumed_date(void **state)
{
	fixture f;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	json_t *doc;
	(void)state;
	decide(&f, NULL, request_text);
	opts.date_assumed = 1;
	doc = check_json(&f, &opts, NULL);
	assert_true(json_is_true(get(doc, "date_assumed")));
	assert_true(json_is_null(get(doc, "input")));
	json_decref(doc);
	release(&f);
}

static void json_output_is_reproducible(void **state)
{
	fixture f;
	imr_buf a = IMR_BUF_INIT, b = IMR_BUF_INIT;
	(void)state;
	decide(&f, NULL, request_text);
	assert_int_equal(imr_report_check_json(&a, f.rules, f.res, NULL), IMR_OK);
	assert_int_equal(imr_report_check_json(&b, f.rules, f.res, NULL), IMR_OK);
	assert_string_equal(imr_buf_cstr(&a), imr_buf_cstr(&b));
	imr_buf_dispose(&a);
	imr_buf_dispose(&b);
	release(&f);
}

/* ---- check, text ---- */

static char *check_text(fixture *f, const imr_report_options *opts)
{
	imr_buf out = IMR_BUF_INIT;
	assert_int_equal(imr_report_check_text(&out, f->rules, f->res, opts), IMR_OK);
	return imr_buf_detach(&out);
}

static void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("output lacks \"%s\":\n%s", needle, text);
}

static void text_has_a_decision_line_per_item(void **state)
{
	fixture f;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	char *text;
	(void)state;
	decide(&f, NULL, request_text);
	opts.input = "case.yaml";
	text = check_text(&f, &opts);
	assert_memory_equal(text, "imrcheck " IMR_VERSION_STRING ": case.yaml\n",
			    strlen("imrcheck " IMR_VERSION_STRING ": case.yaml\n"));
	assert_contains(text, "Item inj: Right L5-S1 \xC3\xA9pidurale\n");
	assert_contains(text, "  Procedure: injection (lumbar)\n");
	assert_contains(text, "  Decision:  medically necessary; predicted IMR outcome: overturned\n");
	assert_contains(text, "Item fl: Fluoroscopy\n");
	assert_contains(text, "  Follows:   inj (its primary procedure)\n");
	assert_contains(text, "Item oth\n");
	assert_contains(text, "  Decision:  NOT medically necessary; predicted IMR outcome: upheld\n");
	assert_contains(text, "Item late\n");
	assert_contains(text, "  Decision:  indeterminate\n");
	assert_contains(text, "  Reason:    the governing guideline is not encoded");
	assert_contains(text, "  Rule:      t1.injection: Injection (tier one) (MTUS, conditional)\n");
	assert_contains(text, "What would change it: nothing; t2.other does not recommend this service");
	assert_contains(text, "\nSummary: 5 items: 3 medically necessary, 1 not, 1 indeterminate\n");
	free(text);
	release(&f);
}

static void text_lists_criteria_with_status_and_advice(void **state)
{
	fixture f;
	char *text;
	(void)state;
	decide(&f, NULL, "date: 2015-06-01\nfacts: {exam.sign_a: true}\nitems: [{id: inj, procedure: injection}]\n");
	text = check_text(&f, NULL);
	assert_contains(text, "  Criteria:\n");
	assert_contains(text, "  t1.injection (MTUS):\n");
	assert_contains(text, "    [met]            exam: An exam sign is documented.\n");
	assert_contains(text, "    [NOT DOCUMENTED] imaging: Imaging corroborates.\n");
	assert_contains(text, "not documented: imaging.positive\n");
	assert_contains(text, "to document: Attach the imaging report.\n");
	assert_contains(text, "    [n/a]            repeat: A repeat needs 50% relief.\n");
	assert_contains(text, "  What would change it: meeting these criteria:\n    - t1.injection/imaging\n");
	free(text);
	release(&f);
}

static void text_mentions_an_assumed_date(void **state)
{
	fixture f;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	char *text;
	(void)state;
	decide(&f, NULL, request_text);
	opts.date_assumed = 1;
	text = check_text(&f, &opts);
	assert_contains(text, "The request gives no date; evaluated as of 2015-06-01.\n");
	free(text);
	release(&f);
}

static void text_verbose_shows_evidence_sources(void **state)
{
	fixture f;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	char *plain, *verbose;
	(void)state;
	decide(&f, NULL, request_text);
	plain = check_text(&f, &opts);
	opts.verbose = 1;
	verbose = check_text(&f, &opts);
	assert_contains(verbose, "MRI shows compression");
	assert_contains(verbose, "source: MRI report");
	assert_null(strstr(plain, "MRI shows compression"));
	assert_contains(plain, "evidence: imaging.positive = true\n");
	free(plain);
	free(verbose);
	release(&f);
}

/* ---- rules ---- */

static void rule_list_json_parses_with_every_rule(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	json_error_t jerr;
	json_t *doc, *rules, *r, *cit;
	size_t i;
	int found = 0;
	(void)state;
	decide(&f, NULL, request_text);
	assert_int_equal(imr_report_rule_list_json(&out, f.rules), IMR_OK);
	doc = json_loads(imr_buf_cstr(&out), 0, &jerr);
	if (!doc)
		fail_msg("rule list is not JSON: %s", jerr.text);
	assert_string_equal(str(doc, "rules_digest"), imr_rules_digest(f.rules));
	rules = get(doc, "rules");
	assert_int_equal(json_array_size(rules), imr_rules_count(f.rules));
	for (i = 0; i < json_array_size(rules); i++) {
		r = json_array_get(rules, i);
		if (strcmp(str(r, "id"), "t1.injection") != 0)
			continue;
		found = 1;
		assert_string_equal(str(r, "title"), "Injection (tier one)");
		assert_string_equal(str(r, "guideline"), "MTUS");
		assert_string_equal(str(r, "recommendation"), "conditional");
		assert_true(json_is_true(get(r, "complete")));
		assert_string_equal(str(r, "effective_from"), "2010-01-01");
		assert_string_equal(str(r, "effective_to"), "2029-12-31");
		cit = get(r, "citation");
		assert_string_equal(str(cit, "document"), "Tier one document");
		assert_string_equal(str(cit, "pages"), "10");
		assert_string_equal(str(cit, "text"), "Tier one document, p. 10");
		assert_true(json_is_null(get(cit, "chapter")));
		assert_non_null(strstr(str(r, "file"), "injection.yaml"));
		assert_null(json_object_get(r, "criteria")); /* the list has no checklists */
	}
	assert_true(found);
	json_decref(doc);
	imr_buf_dispose(&out);
	release(&f);
}

static void rule_json_has_its_checklist(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	json_t *doc, *crits, *c;
	int idx;
	(void)state;
	decide(&f, NULL, request_text);
	idx = imr_rules_find(f.rules, "t1.injection");
	assert_true(idx >= 0);
	assert_int_equal(imr_report_rule_json(&out, f.rules, (size_t)idx), IMR_OK);
	doc = json_loads(imr_buf_cstr(&out), 0, NULL);
	assert_non_null(doc);
	assert_string_equal(str(doc, "applies"), "request.procedure = injection");
	crits = get(doc, "criteria");
	assert_int_equal(json_array_size(crits), 4);
	c = json_array_get(crits, 2);
	assert_string_equal(str(c, "id"), "repeat");
	assert_string_equal(str(c, "when"), "prior.count >= 1");
	assert_string_equal(str(c, "require"), "prior.relief_percent >= 50");
	assert_true(json_is_true(get(json_array_get(crits, 3), "contraindication")));
	assert_string_equal(str(json_array_get(crits, 3), "require"), "not(red_flag.alarm)");
	json_decref(doc);
	imr_buf_dispose(&out);
	assert_int_equal(imr_report_rule_json(&out, f.rules, 999), IMR_ENOTFOUND);
	imr_buf_dispose(&out);
	release(&f);
}

static void rule_list_text_names_every_rule(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	(void)state;
	decide(&f, NULL, request_text);
	assert_int_equal(imr_report_rule_list_text(&out, f.rules), IMR_OK);
	assert_contains(imr_buf_cstr(&out), "t1.injection");
	assert_contains(imr_buf_cstr(&out), "t2.other");
	assert_contains(imr_buf_cstr(&out), "t2.guidance");
	assert_contains(imr_buf_cstr(&out), "Tier one document, p. 10");
	imr_buf_dispose(&out);
	release(&f);
}

static void rule_text_is_a_checklist(void **state)
{
	fixture f;
	imr_buf out = IMR_BUF_INIT;
	const char *text;
	(void)state;
	decide(&f, NULL, request_text);
	assert_int_equal(imr_report_rule_text(&out, f.rules, (size_t)imr_rules_find(f.rules, "t1.injection")),
			 IMR_OK);
	text = imr_buf_cstr(&out);
	assert_memory_equal(text, "t1.injection: Injection (tier one)\n", 35);
	assert_contains(text, "  Effective: 2010-01-01 to 2029-12-31\n");
	assert_contains(text, "  [ ] exam: An exam sign is documented.\n");
	assert_contains(text, "  [ ] no-alarm (red flag): No red flag.\n");
	assert_contains(text, "only when: prior.count >= 1\n");
	imr_buf_dispose(&out);
	release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_has_the_top_level_fields),
		cmocka_unit_test(json_item_fields_of_a_necessary_item),
		cmocka_unit_test(json_criterion_evidence_and_missing),
		cmocka_unit_test(json_associated_item_names_its_primary),
		cmocka_unit_test(json_upheld_item_says_what_would_change_it),
		cmocka_unit_test(json_not_recommended_item_cannot_change),
		cmocka_unit_test(json_indeterminate_item),
		cmocka_unit_test(json_rules_list_roles),
		cmocka_unit_test(json_stamp_identifies_program_and_rules),
		cmocka_unit_test(json_stamp_leaves_out_superseded_rules),
		cmocka_unit_test(json_escapes_non_ascii_text),
		cmocka_unit_test(json_reports_an_assumed_date),
		cmocka_unit_test(json_output_is_reproducible),
		cmocka_unit_test(text_has_a_decision_line_per_item),
		cmocka_unit_test(text_lists_criteria_with_status_and_advice),
		cmocka_unit_test(text_mentions_an_assumed_date),
		cmocka_unit_test(text_verbose_shows_evidence_sources),
		cmocka_unit_test(rule_list_json_parses_with_every_rule),
		cmocka_unit_test(rule_json_has_its_checklist),
		cmocka_unit_test(rule_list_text_names_every_rule),
		cmocka_unit_test(rule_text_is_a_checklist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
