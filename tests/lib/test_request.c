/* test_request.c - request files (YAML and JSON) and requests built in
 * code: keys, attributes, fact values in short and long form, dates,
 * items and primaries, JSON syntax errors, limits. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "model.h"

static imr_rules *rules;

static int setup(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	const char *path = imr_test_fixture("rules-min");
	int err = imr_rules_load_paths(&rules, &path, 1, NULL, &diags);
	imr_diags_dispose(&diags);
	*state = NULL;
	return err == IMR_OK ? 0 : -1;
}

static imr_rules *shipped;

static int teardown(void **state)
{
	(void)state;
	imr_rules_free(rules);
	imr_rules_free(shipped);
	return 0;
}

/* ---- helpers ---- */

typedef struct loaded {
	imr_request *req;
	imr_diags diags;
	int status;
} loaded;

static int32_t day(const char *s)
{
	int32_t d;
	assert_int_equal(imr_date_parse(&d, s, strlen(s)), IMR_OK);
	return d;
}

static void load_with(loaded *l, const char *text, int32_t default_date, const imr_limits *limits)
{
	imr_diags_init(&l->diags);
	l->req = (imr_request *)1;
	l->status = imr_request_load_buffer(&l->req, rules, "req.yaml", text, strlen(text), default_date,
					    limits, &l->diags);
}

static void load(loaded *l, const char *text)
{
	load_with(l, text, IMR_DATE_NONE, NULL);
}

static void dispose(loaded *l)
{
	imr_request_free(l->req);
	imr_diags_dispose(&l->diags);
}

static void assert_loaded(loaded *l)
{
	if (l->status != IMR_OK) {
		imr_test_print_diags(&l->diags);
		fail_msg("expected the request to load, got %d", l->status);
	}
	assert_non_null(l->req);
}

static const imr_diag *find_diag(const imr_diags *diags, const char *code, unsigned line,
				 unsigned col)
{
	size_t i;
	for (i = 0; i < diags->count; i++) {
		const imr_diag *d = &diags->items[i];
		if (strcmp(d->code, code) == 0 && d->line == line && d->col == col)
			return d;
	}
	imr_test_print_diags(diags);
	fail_msg("no %s at %u:%u", code, line, col);
	return NULL;
}

/* The request must be rejected (IMR_EINVALID, no request) with @p code at
 * line:col, the message containing @p msg when not NULL. */
static void expect(const char *text, const char *code, unsigned line, unsigned col, const char *msg)
{
	loaded l;
	const imr_diag *d;
	load(&l, text);
	if (l.status != IMR_EINVALID) {
		imr_test_print_diags(&l.diags);
		fail_msg("expected IMR_EINVALID, got %d", l.status);
	}
	assert_null(l.req);
	d = find_diag(&l.diags, code, line, col);
	if (msg && !strstr(d->message, msg))
		fail_msg("message \"%s\" lacks \"%s\"", d->message, msg);
	dispose(&l);
}

static imr_req_item *item(loaded *l, size_t i)
{
	assert_true(i < l->req->nitems);
	return &l->req->items[i];
}

static const char *text_of(imr_facts *f, const char *name)
{
	static char buf[256];
	imr_facts_value_text(f, name, buf, sizeof(buf));
	return buf;
}

static const imr_value *value_of(imr_facts *f, const char *name)
{
	int idx = imr__vocab_fact(rules, name, strlen(name));
	assert_true(idx >= 0);
	return imr__facts_value(f, idx);
}

/* ---- a good request ---- */

static const char good[] = "date: 2015-03-02\n"
			   "facts:\n"
			   "  exam.sign_a: true\n"
			   "  red_flag.alarm: false\n"
			   "  prior.relief_percent: 60\n"
			   "  prior.date: 2015-01-15\n"
			   "  pain.sites: [lumbar, cervical]\n"
			   "  imaging.positive:\n"
			   "    value: true\n"
			   "    evidence: \"MRI 01/12/2015: L5-S1 protrusion\"\n"
			   "    source: MRI report\n"
			   "    line: 12\n"
			   "items:\n"
			   "  - id: inj\n"
			   "    service: Right L5-S1 injection\n"
			   "    procedure: injection\n"
			   "    region: lumbar\n"
			   "    levels: [L5-S1, L4-L5]\n"
			   "  - id: guide\n"
			   "    service: Fluoroscopic guidance\n"
			   "    procedure: guidance\n"
			   "    primary: inj\n"
			   "    date: 2015-03-09\n";

static void good_request_loads_every_part(void **state)
{
	loaded l;
	imr_facts *facts;
	(void)state;
	load(&l, good);
	assert_loaded(&l);
	assert_int_equal(imr_request_item_count(l.req), 2);
	assert_int_equal(imr_request_date(l.req), day("2015-03-02"));
	assert_true(imr_request_date_given(l.req));
	facts = imr_request_facts(l.req);
	assert_string_equal(text_of(facts, "exam.sign_a"), "true");
	assert_int_equal(imr_facts_status(facts, "red_flag.alarm"), IMR_FACT_ABSENT);
	assert_string_equal(text_of(facts, "prior.relief_percent"), "60");
	assert_string_equal(text_of(facts, "prior.date"), "2015-01-15");
	assert_string_equal(text_of(facts, "pain.sites"), "[lumbar, cervical]");
	assert_int_equal(imr_facts_status(facts, "exam.sign_b"), IMR_FACT_NOT_DOCUMENTED);
	assert_string_equal(item(&l, 0)->id, "inj");
	assert_string_equal(item(&l, 0)->service, "Right L5-S1 injection");
	assert_string_equal(text_of(item(&l, 0)->attrs, "request.procedure"), "injection");
	assert_string_equal(text_of(item(&l, 0)->attrs, "request.region"), "lumbar");
	assert_string_equal(text_of(item(&l, 0)->attrs, "request.levels"), "[L4-L5, L5-S1]");
	assert_null(item(&l, 0)->primary_id);
	assert_false(item(&l, 0)->has_date);
	assert_string_equal(item(&l, 1)->primary_id, "inj");
	assert_true(item(&l, 1)->has_date);
	assert_int_equal(item(&l, 1)->date, day("2015-03-09"));
	assert_int_equal(l.diags.count, 0);
	dispose(&l);
}

static void long_form_value_keeps_evidence_source_and_line(void **state)
{
	loaded l;
	const imr_value *v;
	(void)state;
	load(&l, good);
	assert_loaded(&l);
	v = value_of(imr_request_facts(l.req), "imaging.positive");
	assert_int_equal(v->status, IMR_FACT_PRESENT);
	assert_int_equal(v->nev, 1);
	assert_string_equal(v->ev[0].text, "MRI 01/12/2015: L5-S1 protrusion");
	assert_string_equal(v->ev[0].source, "MRI report");
	assert_int_equal(v->ev[0].line, 12);
	dispose(&l);
}

static void long_form_status_absent_and_not_documented(void **state)
{
	loaded l;
	imr_facts *f;
	(void)state;
	load(&l, "date: 2015-03-02\n"
		 "facts:\n"
		 "  red_flag.alarm: {status: absent, evidence: No red flags on exam.}\n"
		 "  imaging.positive: {status: not_documented}\n"
		 "  prior.count: {status: present, value: 2}\n"
		 "items: [{procedure: injection}]\n");
	assert_loaded(&l);
	f = imr_request_facts(l.req);
	assert_int_equal(imr_facts_status(f, "red_flag.alarm"), IMR_FACT_ABSENT);
	assert_int_equal(value_of(f, "red_flag.alarm")->nev, 1);
	assert_string_equal(value_of(f, "red_flag.alarm")->ev[0].text, "No red flags on exam.");
	assert_int_equal(imr_facts_status(f, "imaging.positive"), IMR_FACT_NOT_DOCUMENTED);
	assert_string_equal(text_of(f, "prior.count"), "2");
	dispose(&l);
}

static void level_count_follows_from_levels(void **state)
{
	loaded l;
	(void)state;
	load(&l, "date: 2015-03-02\n"
		 "items:\n"
		 "  - {procedure: injection, levels: [L4-L5, L5-S1]}\n"
		 "  - {procedure: injection, levels: [L4-L5, L5-S1], level_count: 3}\n"
		 "  - {procedure: injection}\n");
	assert_loaded(&l);
	assert_string_equal(text_of(item(&l, 0)->attrs, "request.level_count"), "2");
	assert_string_equal(text_of(item(&l, 1)->attrs, "request.level_count"), "3");
	assert_string_equal(text_of(item(&l, 2)->attrs, "request.level_count"), "not documented");
	dispose(&l);
}

static void set_values_in_every_form(void **state)
{
	loaded l;
	(void)state;
	load(&l, "date: 2015-03-02\n"
		 "items:\n"
		 "  - {procedure: injection, levels: L5-S1}\n"
		 "  - {procedure: injection, levels: [L5-S1, L5-S1, L4-L5]}\n"
		 "  - {procedure: injection, levels: []}\n");
	assert_loaded(&l);
	assert_string_equal(text_of(item(&l, 0)->attrs, "request.levels"), "[L5-S1]");
	assert_string_equal(text_of(item(&l, 1)->attrs, "request.levels"), "[L4-L5, L5-S1]");
	assert_int_equal(value_of(item(&l, 1)->attrs, "request.levels")->nmembers, 2);
	assert_int_equal(imr_facts_status(item(&l, 2)->attrs, "request.levels"), IMR_FACT_ABSENT);
	dispose(&l);
}

static void items_without_ids_are_numbered(void **state)
{
	loaded l;
	(void)state;
	load(&l, "date: 2015-03-02\nitems: [{procedure: injection}, {procedure: guidance}]\n");
	assert_loaded(&l);
	assert_string_equal(item(&l, 0)->id, "item-1");
	assert_string_equal(item(&l, 1)->id, "item-2");
	assert_null(item(&l, 0)->service);
	dispose(&l);
}

static void item_without_procedure_is_accepted(void **state)
{
	loaded l;
	(void)state;
	load(&l, "date: 2015-03-02\nitems: [{service: Something unclassified}]\n");
	assert_loaded(&l);
	assert_int_equal(imr_facts_status(item(&l, 0)->attrs, "request.procedure"), IMR_FACT_NOT_DOCUMENTED);
	dispose(&l);
}

/* ---- dates ---- */

static void default_date_is_used_when_the_file_has_none(void **state)
{
	loaded l;
	(void)state;
	load_with(&l, "items: [{procedure: injection}]\n", day("2020-05-05"), NULL);
	assert_loaded(&l);
	assert_int_equal(imr_request_date(l.req), day("2020-05-05"));
	assert_false(imr_request_date_given(l.req));
	dispose(&l);
}

static void missing_date_without_default_is_an_error(void **state)
{
	(void)state;
	expect("items: [{procedure: injection}]\n", "missing-key", 1, 1, "the request needs a 'date'");
}

static void impossible_dates_are_located(void **state)
{
	(void)state;
	expect("date: 2015-02-29\nitems: [{procedure: injection}]\n", "bad-date", 1, 7,
	       "invalid date '2015-02-29'");
	expect("date: 2015-03-02\nitems:\n  - {procedure: injection, date: 2016-02-30}\n", "bad-date", 3,
	       34, "invalid date '2016-02-30'");
	expect("date: 2015-03-02\nfacts:\n  prior.date: 2015-13-01\nitems: [{procedure: injection}]\n",
	       "bad-date", 3, 15, "invalid date '2015-13-01' for 'prior.date'");
	expect("date: [2015]\nitems: [{procedure: injection}]\n", "bad-date", 1, 7, "a sequence");
}

/* ---- keys ---- */

static void unknown_top_level_key_suggests(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems: [{procedure: injection}]\nfacs: {}\n", "unknown-key", 3, 1,
	       "unknown key 'facs' in a request (did you mean 'facts'?)");
	expect("date: 2015-03-02\nitems: [{procedure: injection}]\npatient: x\n", "unknown-key", 3, 1,
	       "(expected date, facts, items)");
}

static void unknown_item_key_suggests_an_attribute(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems:\n  - procedur: injection\n", "unknown-key", 3, 5,
	       "unknown item key 'procedur' (did you mean 'procedure'?)");
	expect("date: 2015-03-02\nitems:\n  - {procedure: injection, servce: x}\n", "unknown-key", 3, 28,
	       "did you mean 'service'?");
}

/* BUG (src/lib/request.c, read_item): an unknown item key is reported
 * twice at the same place: once by read_item() as "unknown item key
 * 'procedur' ... [unknown-key]" and again by imr__facts_read_map() as
 * "unknown attribute 'procedur' ... [unknown-fact]". Expected one
 * diagnostic per problem. Excluded until fixed. */
static void unknown_item_key_is_reported_once(void **state)
{
	loaded l;
	(void)state;
	load(&l, "date: 2015-03-02\nitems:\n  - procedur: injection\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_int_equal(l.diags.count, 1);
	dispose(&l);
}

static void unknown_case_fact_suggests(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nfacts:\n  exam.sign_q: true\nitems: [{procedure: injection}]\n",
	       "unknown-fact", 3, 3, "unknown fact 'exam.sign_q' (did you mean 'exam.sign_a'?)");
}

static void request_attribute_among_case_facts_is_wrong_scope(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nfacts:\n  request.region: lumbar\nitems: [{procedure: injection}]\n",
	       "wrong-scope", 3, 3, "give it on the item, without the prefix");
}

static void primary_attribute_on_an_item_is_unknown(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems: [{procedure: guidance, medically_necessary: true}]\n",
	       "unknown-key", 2, 31, NULL);
}

/* ---- value types ---- */

static void values_of_the_wrong_type_are_located(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: yes\nitems: [{procedure: injection}]\n",
	       "wrong-type", 3, 16, "'exam.sign_a' is a boolean; expected true or false, found a string");
	expect("date: 2015-03-02\nfacts:\n  prior.count: two\nitems: [{procedure: injection}]\n",
	       "wrong-type", 3, 16, "'prior.count' is a number; found a string");
	expect("date: 2015-03-02\nfacts:\n  prior.count: \"2\"\nitems: [{procedure: injection}]\n",
	       "wrong-type", 3, 16, NULL);
	expect("date: 2015-03-02\nfacts:\n  pain.sites: {a: 1}\nitems: [{procedure: injection}]\n",
	       "missing-key", 3, 15, NULL);
	expect("date: 2015-03-02\nitems: [{procedure: injection, region: [lumbar]}]\n", "wrong-type", 2, 40,
	       "expected a value of 'region', found a sequence");
}

static void number_out_of_range_is_located(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nfacts:\n  prior.relief_percent: 150\nitems: [{procedure: injection}]\n",
	       "out-of-range", 3, 25, "150 is outside the range of 'prior.relief_percent'");
}

static void unknown_enum_value_suggests(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems: [{procedure: injektion}]\n", "unknown-value", 2, 21,
	       "'injektion' is not a value of 'procedure' (did you mean 'injection'? valid values: injection, other_injection, guidance)");
	expect("date: 2015-03-02\nitems: [{procedure: injection, levels: [L4-L5, L9-S9]}]\n",
	       "unknown-value", 2, 48, "'L9-S9' is not a value of 'level'");
}

static void empty_value_is_refused(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nfacts:\n  prior.count:\nitems: [{procedure: injection}]\n", "bad-value", 3,
	       15, "empty value for 'prior.count'; leave a fact out when it is not documented");
}

static void long_form_problems_are_located(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: {valeu: true}\nitems: [{procedure: injection}]\n",
	       "unknown-key", 3, 17, "unknown key 'valeu' in a fact value (did you mean 'value'?)");
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: {status: absent, value: true}\n"
	       "items: [{procedure: injection}]\n",
	       "bad-value", 3, 40, "a fact with status 'absent' takes no value");
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: {status: present}\nitems: [{procedure: injection}]\n",
	       "missing-key", 3, 16, "status 'present' needs a 'value'");
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: {status: gone}\nitems: [{procedure: injection}]\n",
	       "wrong-type", 3, 25, "status must be present, absent or not_documented, found 'gone'");
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: {value: true, evidence: [a]}\n"
	       "items: [{procedure: injection}]\n",
	       "wrong-type", 3, 40, "evidence and source must be strings");
	expect("date: 2015-03-02\nfacts:\n  exam.sign_a: {value: true, evidence: x, line: 0}\n"
	       "items: [{procedure: injection}]\n",
	       "wrong-type", 3, 49, "line must be a positive whole number");
}

/* ---- items ---- */

static void missing_or_empty_items(void **state)
{
	(void)state;
	expect("date: 2015-03-02\n", "missing-key", 1, 1, "a request needs 'items'");
	expect("date: 2015-03-02\nitems: []\n", "wrong-type", 2, 8, "'items' must be a non-empty list, found an empty list");
	expect("date: 2015-03-02\nitems: {procedure: injection}\n", "wrong-type", 2, 8, "found a mapping");
	expect("date: 2015-03-02\nitems: [injection]\n", "wrong-type", 2, 9,
	       "each item must be a mapping, found a string");
}

static void empty_or_non_mapping_file(void **state)
{
	loaded l;
	(void)state;
	load(&l, "# nothing\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.req);
	find_diag(&l.diags, "empty-file", 0, 0);
	dispose(&l);
	expect("- item\n", "wrong-type", 1, 1, "a request must be a mapping");
}

static void unknown_primary_is_located(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems:\n  - {id: a, procedure: injection}\n  - {procedure: guidance, primary: b}\n",
	       "unknown-item", 4, 36, "primary 'b' is not the id of another item");
}

/* BUG (src/lib/request.c, check_primaries): the location of an unknown
 * primary is looked up as items->kids[i] with i the index among the items
 * that were read, not among the YAML items; when an earlier entry of
 * 'items' is not a mapping (and was skipped), the lookup hits the wrong
 * node and the diagnostic loses its position ("req.yaml: error: primary
 * 'zz' ..."). Expected unknown-item at 4:44. Excluded until fixed. */
static void unknown_primary_after_a_bad_item_is_located(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems:\n  - x\n  - {id: a, procedure: injection, primary: zz}\n",
	       "unknown-item", 4, 44, NULL);
}

static void item_cannot_be_its_own_primary(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems:\n  - {id: a, procedure: guidance, primary: a}\n", "unknown-item", 3,
	       43, NULL);
}

static void duplicate_and_bad_item_ids(void **state)
{
	(void)state;
	expect("date: 2015-03-02\nitems:\n  - {id: a, procedure: injection}\n  - {id: a, procedure: guidance}\n",
	       "duplicate-id", 4, 10, "item id 'a' is used twice");
	expect("date: 2015-03-02\nitems:\n  - {id: 9x, procedure: injection}\n", "bad-id", 3, 10,
	       "item id '9x' is not a valid identifier");
}

static void every_problem_of_a_request_is_reported(void **state)
{
	loaded l;
	(void)state;
	load(&l, "date: 2015-02-29\n"                              /* 1 */
		 "facts:\n"                                        /* 2 */
		 "  exam.sign_q: true\n"                           /* 3 */
		 "  prior.count: -1\n"                             /* 4 */
		 "items:\n"                                        /* 5 */
		 "  - {procedure: injektion, region: lumbar}\n"    /* 6 */
		 "  - {procedure: guidance, primary: zz}\n");      /* 7 */
	assert_int_equal(l.status, IMR_EINVALID);
	find_diag(&l.diags, "bad-date", 1, 7);
	find_diag(&l.diags, "unknown-fact", 3, 3);
	find_diag(&l.diags, "out-of-range", 4, 16);
	find_diag(&l.diags, "unknown-value", 6, 17);
	find_diag(&l.diags, "unknown-item", 7, 36);
	dispose(&l);
}

static void too_many_items_hit_the_limit(void **state)
{
	loaded l;
	imr_limits lim = IMR_LIMITS_INIT;
	(void)state;
	lim.items = 2;
	load_with(&l, "date: 2015-03-02\nitems: [{procedure: injection}, {procedure: injection}, {procedure: injection}]\n",
		  IMR_DATE_NONE, &lim);
	assert_int_equal(l.status, IMR_EINVALID);
	find_diag(&l.diags, "limit", 2, 8);
	dispose(&l);
	load_with(&l, "date: 2015-03-02\nitems: [{procedure: injection}, {procedure: injection}]\n",
		  IMR_DATE_NONE, &lim);
	assert_loaded(&l);
	dispose(&l);
}

/* ---- JSON ---- */

static void json_request_loads(void **state)
{
	loaded l;
	(void)state;
	load(&l, "{\"date\": \"2015-03-02\",\n"
		 " \"facts\": {\"exam.sign_a\": true, \"prior.relief_percent\": 60,\n"
		 "           \"imaging.positive\": {\"value\": true, \"evidence\": \"MRI\"}},\n"
		 " \"items\": [{\"procedure\": \"injection\", \"levels\": [\"L4-L5\"]}]}\n");
	assert_loaded(&l);
	assert_string_equal(text_of(imr_request_facts(l.req), "prior.relief_percent"), "60");
	assert_string_equal(text_of(item(&l, 0)->attrs, "request.level_count"), "1");
	assert_int_equal(value_of(imr_request_facts(l.req), "imaging.positive")->nev, 1);
	dispose(&l);
}

static void compact_json_loads(void **state)
{
	loaded l;
	(void)state;
	load(&l, "{\"date\":\"2015-03-02\",\"items\":[{\"procedure\":\"injection\"}]}");
	assert_loaded(&l);
	assert_int_equal(imr_request_item_count(l.req), 1);
	dispose(&l);
}

/* BUG (src/lib/request.c, is_json/check_json): is_json() skips a UTF-8
 * byte order mark to recognise JSON, but check_json() hands the whole
 * buffer, BOM included, to json_loadb(), which rejects it: "invalid token
 * near '\xef\xbb\xbf'" [json-syntax] at 1:1. Expected the request to
 * load. Excluded until fixed. */
static void json_with_a_byte_order_mark_loads(void **state)
{
	loaded l;
	(void)state;
	load(&l, "\xEF\xBB\xBF{\"date\":\"2015-03-02\",\"items\":[{\"procedure\":\"injection\"}]}");
	assert_loaded(&l);
	dispose(&l);
}

static void json_syntax_error_is_located_by_jansson(void **state)
{
	loaded l;
	const imr_diag *d;
	(void)state;
	load(&l, "{\"date\": \"2015-03-02\",\n \"items\": [}");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_null(l.req);
	assert_int_equal(l.diags.count, 1);
	d = find_diag(&l.diags, "json-syntax", 2, 12);
	assert_string_equal(d->message, "unexpected token near '}'");
	assert_string_equal(d->file, "req.yaml");
	dispose(&l);
}

static void json_trailing_comma_is_a_json_error(void **state)
{
	loaded l;
	(void)state;
	/* YAML's flow style would accept this; JSON does not */
	load(&l, "{\"date\": \"2015-03-02\", \"items\": [{\"procedure\": \"injection\"},]}");
	assert_int_equal(l.status, IMR_EINVALID);
	find_diag(&l.diags, "json-syntax", 1, 61);
	dispose(&l);
}

static void json_duplicate_key_is_a_json_error(void **state)
{
	loaded l;
	const imr_diag *d;
	(void)state;
	load(&l, "{\"date\": \"2015-03-02\", \"date\": \"2015-03-03\", \"items\": [{\"procedure\": \"injection\"}]}");
	assert_int_equal(l.status, IMR_EINVALID);
	d = find_diag(&l.diags, "json-syntax", 1, 29);
	assert_non_null(strstr(d->message, "duplicate object key"));
	dispose(&l);
}

static void json_schema_errors_are_located(void **state)
{
	(void)state;
	expect("{\"date\": \"2015-03-02\",\n \"facts\": {\"exam.sign_q\": true},\n \"items\": [{\"procedure\": \"injection\"}]}",
	       "unknown-fact", 2, 12, "did you mean 'exam.sign_a'?");
	expect("{\"date\": \"2015-03-02\", \"items\": [{\"procedure\": 5}]}", "unknown-value", 1, 48, NULL);
	expect("{\"date\": \"2015-03-02\", \"facts\": {\"exam.sign_a\": \"true\"}, \"items\": [{\"procedure\": \"injection\"}]}",
	       "wrong-type", 1, 49, "found a string");
}

/* ---- files ---- */

static void request_file_is_read_and_named(void **state)
{
	imr_request *req = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	const char *path = imr_test_write_temp("req.json", "{\"date\": \"2015-03-02\", \"items\": [{\"procedure\": \"nope\"}]}");
	char copy[4096];
	(void)state;
	snprintf(copy, sizeof(copy), "%s", path);
	assert_int_equal(imr_request_load_file(&req, rules, copy, IMR_DATE_NONE, NULL, &diags), IMR_EINVALID);
	assert_null(req);
	assert_string_equal(diags.items[0].file, copy);
	imr_diags_dispose(&diags);
}

static void missing_request_file_is_an_io_error(void **state)
{
	imr_request *req = (imr_request *)1;
	imr_diags diags = IMR_DIAGS_INIT;
	(void)state;
	assert_int_equal(imr_request_load_file(&req, rules, "/nonexistent/req.yaml", IMR_DATE_NONE, NULL, &diags),
			 IMR_EIO);
	assert_null(req);
	find_diag(&diags, "io", 0, 0);
	imr_diags_dispose(&diags);
}

/* ---- requests built in code ---- */

static void built_request_numbers_items_and_names_primaries(void **state)
{
	imr_request *req;
	imr_facts *a = NULL, *b = NULL;
	(void)state;
	assert_int_equal(imr_request_new(&req, rules, day("2015-03-02")), IMR_OK);
	assert_int_equal(imr_request_set_primary(req, "x"), IMR_ERROR); /* no item yet */
	assert_int_equal(imr_request_add_item(req, NULL, NULL, &a), IMR_OK);
	assert_int_equal(imr_request_add_item(req, "fl", "Fluoroscopy", &b), IMR_OK);
	assert_ptr_not_equal(a, b);
	assert_int_equal(imr_request_set_primary(req, "item-1"), IMR_OK);
	assert_int_equal(imr_request_item_count(req), 2);
	assert_string_equal(req->items[0].id, "item-1");
	assert_string_equal(req->items[1].id, "fl");
	assert_string_equal(req->items[1].service, "Fluoroscopy");
	assert_string_equal(req->items[1].primary_id, "item-1");
	assert_true(imr_request_date_given(req));
	assert_int_equal(imr_request_date(req), day("2015-03-02"));
	assert_int_equal(imr_facts_set_enum(a, "request.procedure", "injection"), IMR_OK);
	assert_int_equal(imr_facts_status(req->items[0].attrs, "request.procedure"), IMR_FACT_PRESENT);
	imr_request_free(req);
	imr_request_free(NULL);
}


/* ---- service text, read with the shipped lexicons ---- */

static void load_shipped(loaded *l, const char *text)
{
	if (!shipped) {
		imr_diags d = IMR_DIAGS_INIT;
		assert_int_equal(imr_rules_load_dir(&shipped, imr_test_rules_dir(), NULL, &d), IMR_OK);
		imr_diags_dispose(&d);
	}
	imr_diags_init(&l->diags);
	l->status = imr_request_load_buffer(&l->req, shipped, "req.yaml", text, strlen(text),
					    IMR_DATE_NONE, NULL, &l->diags);
}

static void attr_is(const loaded *l, size_t item, const char *name, const char *want)
{
	char got[256];
	imr_facts_value_text(l->req->items[item].attrs, name, got, sizeof(got));
	assert_string_equal(got, want);
}

static void service_line_is_read_like_the_service_option(void **state)
{
	loaded l;
	(void)state;
	load_shipped(&l, "date: 2016-01-04\nitems:\n  - service: Physical therapy 2 times a week for 6 weeks, low back\n");
	assert_int_equal(l.status, IMR_OK);
	attr_is(&l, 0, "request.procedure", "physical_therapy");
	attr_is(&l, 0, "request.region", "lumbar");
	attr_is(&l, 0, "request.sessions", "12");
	dispose(&l);
}

static void structured_attribute_overrides_the_service_text(void **state)
{
	loaded l;
	(void)state;
	load_shipped(&l, "date: 2016-01-04\nitems:\n  - service: MRI of the lumbar spine\n    region: cervical\n    contrast: with\n");
	assert_int_equal(l.status, IMR_OK);
	attr_is(&l, 0, "request.procedure", "mri");
	attr_is(&l, 0, "request.region", "cervical");
	attr_is(&l, 0, "request.contrast", "with");
	dispose(&l);
}

static void service_text_is_normalised_like_notes(void **state)
{
	loaded l;
	(void)state;
	/* an en dash, as word processors write it, and a non-breaking space */
	load_shipped(&l, "date: 2016-01-04\nitems:\n  - service: \"Right L4\\u2013L5\\u00a0transforaminal ESI\"\n");
	assert_int_equal(l.status, IMR_OK);
	attr_is(&l, 0, "request.levels", "[L4-L5]");
	attr_is(&l, 0, "request.approach", "transforaminal");
	dispose(&l);
}

static void plain_service_cut_by_a_comment_warns(void **state)
{
	loaded l;
	const imr_diag *d;
	(void)state;
	load_shipped(&l, "date: 2016-01-04\nitems:\n  - service: Norco 10/325 #120\n");
	assert_int_equal(l.status, IMR_OK);
	assert_int_equal(l.diags.count, 1);
	d = &l.diags.items[0];
	assert_int_equal(d->severity, IMR_SEVERITY_WARNING);
	assert_string_equal(d->code, "yaml-comment");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 14);
	assert_non_null(strstr(d->message, "read as 'Norco 10/325'"));
	dispose(&l);
	load_shipped(&l, "date: 2016-01-04\nitems:\n  - service: \"Norco 10/325 #120\"\n  - service: ESI   # as discussed\n");
	assert_int_equal(l.status, IMR_OK);
	assert_int_equal(l.diags.count, 0);
	dispose(&l);
}

static void empty_service_is_refused(void **state)
{
	loaded l;
	(void)state;
	load_shipped(&l, "date: 2016-01-04\nitems:\n  - service: \"\"\n");
	assert_int_equal(l.status, IMR_EINVALID);
	assert_string_equal(l.diags.items[0].code, "bad-value");
	dispose(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_request_loads_every_part),
		cmocka_unit_test(long_form_value_keeps_evidence_source_and_line),
		cmocka_unit_test(long_form_status_absent_and_not_documented),
		cmocka_unit_test(level_count_follows_from_levels),
		cmocka_unit_test(set_values_in_every_form),
		cmocka_unit_test(items_without_ids_are_numbered),
		cmocka_unit_test(item_without_procedure_is_accepted),
		cmocka_unit_test(default_date_is_used_when_the_file_has_none),
		cmocka_unit_test(missing_date_without_default_is_an_error),
		cmocka_unit_test(impossible_dates_are_located),
		cmocka_unit_test(unknown_top_level_key_suggests),
		cmocka_unit_test(unknown_item_key_suggests_an_attribute),
		cmocka_unit_test(unknown_item_key_is_reported_once),
		cmocka_unit_test(unknown_case_fact_suggests),
		cmocka_unit_test(request_attribute_among_case_facts_is_wrong_scope),
		cmocka_unit_test(primary_attribute_on_an_item_is_unknown),
		cmocka_unit_test(values_of_the_wrong_type_are_located),
		cmocka_unit_test(number_out_of_range_is_located),
		cmocka_unit_test(unknown_enum_value_suggests),
		cmocka_unit_test(empty_value_is_refused),
		cmocka_unit_test(long_form_problems_are_located),
		cmocka_unit_test(missing_or_empty_items),
		cmocka_unit_test(empty_or_non_mapping_file),
		cmocka_unit_test(unknown_primary_is_located),
		cmocka_unit_test(unknown_primary_after_a_bad_item_is_located),
		cmocka_unit_test(item_cannot_be_its_own_primary),
		cmocka_unit_test(duplicate_and_bad_item_ids),
		cmocka_unit_test(every_problem_of_a_request_is_reported),
		cmocka_unit_test(too_many_items_hit_the_limit),
		cmocka_unit_test(json_request_loads),
		cmocka_unit_test(compact_json_loads),
		cmocka_unit_test(json_with_a_byte_order_mark_loads),
		cmocka_unit_test(json_syntax_error_is_located_by_jansson),
		cmocka_unit_test(json_trailing_comma_is_a_json_error),
		cmocka_unit_test(json_duplicate_key_is_a_json_error),
		cmocka_unit_test(json_schema_errors_are_located),
		cmocka_unit_test(request_file_is_read_and_named),
		cmocka_unit_test(missing_request_file_is_an_io_error),
		cmocka_unit_test(built_request_numbers_items_and_names_primaries),
		cmocka_unit_test(service_line_is_read_like_the_service_option),
		cmocka_unit_test(structured_attribute_overrides_the_service_text),
		cmocka_unit_test(service_text_is_normalised_like_notes),
		cmocka_unit_test(plain_service_cut_by_a_comment_warns),
		cmocka_unit_test(empty_service_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
