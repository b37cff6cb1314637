/* test_eval.c - deciding items: criteria statuses, medical necessity,
 * precedence, effective dates, unencoded guidelines, associated services,
 * what would change a denial, evidence and missing facts.
 *
 * Rule set: fixtures/rules-min (t1.injection: MTUS, complete, 2010-01-01
 * to 2029-12-31, criteria exam, imaging, repeat (when prior.count >= 1),
 * no-alarm (contraindication, if_undocumented: met); t2.other: ODG,
 * not_recommended, for other_injection; t2.guidance: ODG, follows the
 * primary; an unencoded MTUS entry for injections from 2030-01-01), plus
 * extra rules where a case needs them. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "model.h"

/* ---- helpers ---- */

typedef struct run {
	imr_rules *rules;
	imr_request *req;
	imr_result *res;
	imr_diags diags;
} run;

/* Load rules-min plus an optional extra rule file, then read and decide
 * the request given as YAML with @p opts (NULL: defaults). */
static void decide_opts(run *r, const char *extra, const char *request, const imr_eval_options *opts)
{
	int err;
	memset(r, 0, sizeof(*r));
	imr_diags_init(&r->diags);
	if (extra)
		err = imr_test_load_min(&r->rules, &r->diags, "extra.yaml", extra, NULL);
	else
		err = imr_test_load_min(&r->rules, &r->diags, NULL);
	if (err != IMR_OK || r->diags.errors) {
		imr_test_print_diags(&r->diags);
		fail_msg("rules should load: %d", err);
	}
	err = imr_request_load_buffer(&r->req, r->rules, "req.yaml", request, strlen(request),
				      IMR_DATE_NONE, NULL, &r->diags);
	if (err != IMR_OK) {
		imr_test_print_diags(&r->diags);
		fail_msg("request should load: %d", err);
	}
	assert_int_equal(imr_eval_request(&r->res, r->rules, r->req, opts), IMR_OK);
	assert_non_null(r->res);
	assert_int_equal(imr_result_item_count(r->res), imr_request_item_count(r->req));
}

static void decide_with(run *r, const char *extra, const char *request)
{
	decide_opts(r, extra, request, NULL);
}

static void decide(run *r, const char *request)
{
	decide_with(r, NULL, request);
}

/* Dates taken strictly: an unencoded guideline leaves the item indeterminate. */
static void decide_strict(run *r, const char *request)
{
	imr_eval_options opts = IMR_EVAL_OPTIONS_INIT;
	opts.strict_dates = 1;
	decide_opts(r, NULL, request, &opts);
}

static void done(run *r)
{
	imr_result_free(r->res);
	imr_request_free(r->req);
	imr_rules_free(r->rules);
	imr_diags_dispose(&r->diags);
}

static const imr_item_result *item(const run *r, size_t i)
{
	const imr_item_result *ir = imr_result_item(r->res, i);
	assert_non_null(ir);
	return ir;
}

static void assert_outcome(const imr_item_result *ir, imr_outcome outcome, int necessary)
{
	if (ir->outcome != outcome || ir->medically_necessary != necessary)
		fail_msg("item %s: expected %s (%d), got %s (%d); reason: %s", ir->id,
			 imr_outcome_name(outcome), necessary, imr_outcome_name(ir->outcome),
			 ir->medically_necessary, ir->reason ? ir->reason : "-");
}

static const imr_criterion_result *crit(const run *r, size_t i, const char *id)
{
	const imr_criterion_result *cr = imr_test_criterion(r->res, i, id);
	if (!cr)
		fail_msg("no criterion %s in item %zu", id, i);
	return cr;
}

static int has_use(const imr_criterion_result *cr, const char *fact)
{
	size_t i;
	for (i = 0; i < cr->evidence_count; i++)
		if (strcmp(cr->evidence[i].fact, fact) == 0)
			return 1;
	return 0;
}

static const imr_fact_use *use_of(const imr_criterion_result *cr, const char *fact)
{
	size_t i;
	for (i = 0; i < cr->evidence_count; i++)
		if (strcmp(cr->evidence[i].fact, fact) == 0)
			return &cr->evidence[i];
	fail_msg("no evidence for %s in %s", fact, cr->id);
	return NULL;
}

static int has_missing(const imr_criterion_result *cr, const char *fact)
{
	size_t i;
	for (i = 0; i < cr->missing_count; i++)
		if (strcmp(cr->missing[i], fact) == 0)
			return 1;
	return 0;
}

static const imr_rule_use *rule_use(const imr_item_result *ir, const char *id)
{
	size_t i;
	for (i = 0; i < ir->rule_count; i++)
		if (strcmp(ir->rules[i].id, id) == 0)
			return &ir->rules[i];
	fail_msg("rule %s not used for item %s", id, ir->id);
	return NULL;
}

/* An injection on 2015-06-01 with the given extra facts (YAML flow). */
static const char *injection(const char *facts)
{
	static char text[2048];
	snprintf(text, sizeof(text),
		 "date: 2015-06-01\n"
		 "facts: {%s}\n"
		 "items:\n"
		 "  - {id: inj, service: Lumbar injection, procedure: injection, region: lumbar}\n",
		 facts);
	return text;
}

/* ---- deciding one item ---- */

static void all_criteria_met_is_medically_necessary(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, injection("exam.sign_a: true, imaging.positive: true"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_OVERTURNED, 1);
	assert_non_null(ir->rule);
	assert_string_equal(ir->rule->id, "t1.injection");
	assert_int_equal(ir->rule->role, IMR_RULE_GOVERNING);
	assert_null(ir->reason);
	assert_int_equal(ir->criteria_count, 4);
	assert_criterion(r.res, 0, "t1.injection/exam", IMR_STATUS_MET);
	assert_criterion(r.res, 0, "t1.injection/imaging", IMR_STATUS_MET);
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_NOT_APPLICABLE);
	assert_criterion(r.res, 0, "t1.injection/no-alarm", IMR_STATUS_MET);
	assert_int_equal(ir->change_count, 0);
	assert_null(ir->no_change_reason);
	done(&r);
}

static void item_result_describes_the_item(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, injection("exam.sign_a: true"));
	ir = item(&r, 0);
	assert_string_equal(ir->id, "inj");
	assert_string_equal(ir->service, "Lumbar injection");
	assert_string_equal(ir->procedure, "injection");
	assert_string_equal(ir->region, "lumbar");
	assert_string_equal(ir->date, "2015-06-01");
	assert_null(ir->primary);
	assert_string_equal(ir->rule->guideline, "MTUS");
	assert_string_equal(ir->rule->citation, "Tier one document, p. 10");
	assert_string_equal(ir->rule->effective_from, "2010-01-01");
	assert_string_equal(ir->rule->effective_to, "2029-12-31");
	assert_string_equal(ir->rule->recommendation, "conditional");
	done(&r);
}

static void criterion_result_carries_text_advice_and_citation(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide(&r, injection(""));
	cr = crit(&r, 0, "t1.injection/imaging");
	assert_string_equal(cr->rule_id, "t1.injection");
	assert_string_equal(cr->local_id, "imaging");
	assert_string_equal(cr->text, "Imaging corroborates.");
	assert_string_equal(cr->advice, "Attach the imaging report.");
	assert_string_equal(cr->citation, "Tier one document, p. 10");
	assert_false(cr->contraindication);
	assert_true(crit(&r, 0, "t1.injection/no-alarm")->contraindication);
	done(&r);
}

static void undocumented_criterion_is_upheld_and_changeable(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, injection("exam.sign_a: true"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_UPHELD, 0);
	assert_criterion(r.res, 0, "t1.injection/imaging", IMR_STATUS_NOT_DOCUMENTED);
	assert_true(ir->can_change);
	assert_int_equal(ir->change_count, 1);
	assert_string_equal(ir->change[0], "t1.injection/imaging");
	assert_string_equal(ir->rule->id, "t1.injection");
	done(&r);
}

static void change_list_names_unmet_and_undocumented_criteria_in_order(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, injection("exam.sign_a: false, exam.sign_b: false, prior.count: 2, prior.relief_percent: 30"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_UPHELD, 0);
	assert_criterion(r.res, 0, "t1.injection/exam", IMR_STATUS_NOT_MET);
	assert_criterion(r.res, 0, "t1.injection/imaging", IMR_STATUS_NOT_DOCUMENTED);
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_NOT_MET);
	assert_true(ir->can_change);
	assert_int_equal(ir->change_count, 3);
	assert_string_equal(ir->change[0], "t1.injection/exam");
	assert_string_equal(ir->change[1], "t1.injection/imaging");
	assert_string_equal(ir->change[2], "t1.injection/repeat");
	assert_null(ir->no_change_reason);
	done(&r);
}

static void unmet_contraindication_cannot_be_changed(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, injection("exam.sign_a: true, imaging.positive: true, red_flag.alarm: true"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_UPHELD, 0);
	assert_criterion(r.res, 0, "t1.injection/no-alarm", IMR_STATUS_NOT_MET);
	assert_false(ir->can_change);
	assert_int_equal(ir->change_count, 0);
	assert_non_null(ir->no_change_reason);
	assert_string_equal(ir->no_change_reason, "t1.injection/no-alarm is not met: No red flag.");
	done(&r);
}

static void contraindication_blocks_change_even_with_other_unmet_criteria(void **state)
{
	run r;
	(void)state;
	decide(&r, injection("red_flag.alarm: true"));
	assert_outcome(item(&r, 0), IMR_OUTCOME_UPHELD, 0);
	assert_false(item(&r, 0)->can_change);
	assert_non_null(strstr(item(&r, 0)->no_change_reason, "no-alarm"));
	done(&r);
}

static void if_undocumented_met_assumes_the_red_flag_absent(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide(&r, injection("exam.sign_a: true, imaging.positive: true"));
	cr = crit(&r, 0, "t1.injection/no-alarm");
	assert_int_equal(cr->status, IMR_STATUS_MET);
	/* the status rests on silence: the assumed fact is listed */
	assert_int_equal(cr->missing_count, 1);
	assert_true(has_missing(cr, "red_flag.alarm"));
	assert_int_equal(cr->evidence_count, 0);
	done(&r);
}

static void documented_absent_red_flag_is_evidence(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide(&r, injection("red_flag.alarm: false"));
	cr = crit(&r, 0, "t1.injection/no-alarm");
	assert_int_equal(cr->status, IMR_STATUS_MET);
	assert_int_equal(cr->missing_count, 0);
	assert_string_equal(use_of(cr, "red_flag.alarm")->value, "false");
	done(&r);
}

static void when_false_or_unknown_is_not_applicable(void **state)
{
	run r;
	(void)state;
	decide(&r, injection("prior.count: 0, prior.relief_percent: 10"));
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_NOT_APPLICABLE);
	done(&r);
	decide(&r, injection("prior.relief_percent: 10"));
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_NOT_APPLICABLE);
	done(&r);
}

static void when_true_applies_the_requirement(void **state)
{
	run r;
	(void)state;
	decide(&r, injection("prior.count: 1, prior.relief_percent: 49"));
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_NOT_MET);
	done(&r);
	decide(&r, injection("prior.count: 1, prior.relief_percent: 50"));
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_MET);
	done(&r);
	decide(&r, injection("prior.count: 1"));
	assert_criterion(r.res, 0, "t1.injection/repeat", IMR_STATUS_NOT_DOCUMENTED);
	done(&r);
}

/* ---- evidence ---- */

static void met_criterion_lists_the_deciding_facts_with_sources(void **state)
{
	run r;
	const imr_criterion_result *cr;
	const imr_fact_use *u;
	(void)state;
	decide(&r, "date: 2015-06-01\n"
		   "facts:\n"
		   "  imaging.positive:\n"
		   "    value: true\n"
		   "    evidence: MRI shows root compression\n"
		   "    source: MRI report\n"
		   "items: [{procedure: injection}]\n");
	cr = crit(&r, 0, "t1.injection/imaging");
	assert_int_equal(cr->status, IMR_STATUS_MET);
	assert_int_equal(cr->evidence_count, 1);
	u = use_of(cr, "imaging.positive");
	assert_string_equal(u->value, "true");
	assert_string_equal(u->atom, "imaging.positive");
	assert_false(u->derived);
	assert_int_equal(u->evidence_count, 1);
	assert_string_equal(u->evidence[0].text, "MRI shows root compression");
	assert_string_equal(u->evidence[0].source, "MRI report");
	assert_int_equal(cr->missing_count, 0);
	done(&r);
}

/* A second, partial MTUS rule for injections that reads imaging.positive
 * too: the fact decides a criterion of each rule. */
static const char imaging_again[] =
	"kind: rule\n"
	"id: x.imaging\n"
	"title: Imaging read again\n"
	"guideline: MTUS\n"
	"citation: {document: Test}\n"
	"applies: request.procedure = injection\n"
	"complete: false\n"
	"recommendation: conditional\n"
	"summary: One criterion.\n"
	"criteria:\n"
	"  - id: imaging\n"
	"    text: Imaging is positive.\n"
	"    advice: Document the imaging.\n"
	"    require: imaging.positive\n";

static void evidence_read_twice_is_the_same_copy(void **state)
{
	run r;
	const imr_criterion_result *a, *b;
	const imr_fact_use *ua, *ub;
	const imr_value *v;
	(void)state;
	decide_with(&r, imaging_again,
		    "date: 2015-06-01\n"
		    "facts:\n"
		    "  imaging.positive:\n"
		    "    value: true\n"
		    "    evidence: MRI shows root compression\n"
		    "    source: MRI report\n"
		    "items: [{procedure: injection}]\n");
	a = crit(&r, 0, "t1.injection/imaging");
	b = crit(&r, 0, "x.imaging/imaging");
	ua = use_of(a, "imaging.positive");
	ub = use_of(b, "imaging.positive");
	assert_int_equal(ua->evidence_count, 1);
	assert_int_equal(ub->evidence_count, 1);
	assert_string_equal(ub->evidence[0].text, "MRI shows root compression");
	assert_string_equal(ub->evidence[0].source, "MRI report");
	/* one copy in the result serves both criteria ... */
	assert_ptr_equal(ua->evidence, ub->evidence);
	/* ... and it is the result's own: the request can go first */
	v = imr__facts_value(imr_request_facts(r.req), imr__vocab_fact(r.rules, "imaging.positive", 16));
	assert_int_equal(v->nev, 1);
	assert_ptr_not_equal(ua->evidence, v->ev);
	assert_ptr_not_equal(ua->evidence[0].text, v->ev[0].text);
	imr_request_free(r.req);
	r.req = NULL;
	assert_string_equal(ua->evidence[0].text, "MRI shows root compression");
	done(&r);
}

static void unmet_criterion_lists_the_facts_that_failed_it(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide(&r, injection("prior.count: 3, prior.relief_percent: 20"));
	cr = crit(&r, 0, "t1.injection/repeat");
	assert_int_equal(cr->status, IMR_STATUS_NOT_MET);
	assert_string_equal(use_of(cr, "prior.relief_percent")->value, "20");
	assert_string_equal(use_of(cr, "prior.relief_percent")->atom, "prior.relief_percent >= 50");
	assert_false(has_use(cr, "prior.count")); /* the when clause is not evidence */
	done(&r);
}

static void undocumented_criterion_lists_what_is_missing(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide(&r, injection(""));
	cr = crit(&r, 0, "t1.injection/exam");
	assert_int_equal(cr->status, IMR_STATUS_NOT_DOCUMENTED);
	assert_int_equal(cr->evidence_count, 0);
	assert_int_equal(cr->missing_count, 2);
	assert_true(has_missing(cr, "exam.sign_a"));
	assert_true(has_missing(cr, "exam.sign_b"));
	assert_false(has_missing(cr, "exam.signs")); /* derived: its inputs are what to document */
	done(&r);
}

static void derived_fact_evidence_is_marked_derived(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide(&r, injection("exam.sign_b: true"));
	cr = crit(&r, 0, "t1.injection/exam");
	assert_int_equal(cr->status, IMR_STATUS_MET);
	assert_true(use_of(cr, "exam.signs")->derived);
	assert_false(use_of(cr, "exam.sign_b")->derived);
	assert_false(has_use(cr, "exam.sign_a"));
	done(&r);
}

/* ---- not recommended ---- */

static void not_recommended_rule_is_never_necessary_and_cannot_change(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, "date: 2015-06-01\nitems: [{id: o, procedure: other_injection}]\n");
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_UPHELD, 0);
	assert_string_equal(ir->rule->id, "t2.other");
	assert_string_equal(ir->rule->recommendation, "not_recommended");
	assert_false(ir->rule->satisfied);
	assert_int_equal(ir->criteria_count, 0);
	assert_false(ir->can_change);
	assert_non_null(ir->no_change_reason);
	assert_non_null(strstr(ir->no_change_reason, "t2.other does not recommend this service"));
	done(&r);
}

static const char not_recommended_with_criteria[] =
	"kind: rule\nid: t1.never\ntitle: Never\nguideline: MTUS\ncitation: {document: D}\n"
	"applies: request.procedure = other_injection\nrecommendation: not_recommended\nsummary: S.\n"
	"criteria:\n  - {id: c, text: T., require: exam.sign_a, advice: A.}\n";

static void not_recommended_wins_over_met_criteria(void **state)
{
	run r;
	(void)state;
	decide_with(&r, not_recommended_with_criteria,
		    "date: 2015-06-01\nfacts: {exam.sign_a: true}\nitems: [{procedure: other_injection}]\n");
	assert_criterion(r.res, 0, "t1.never/c", IMR_STATUS_MET);
	assert_outcome(item(&r, 0), IMR_OUTCOME_UPHELD, 0);
	assert_false(item(&r, 0)->can_change);
	assert_string_equal(item(&r, 0)->rule->id, "t1.never");
	done(&r);
}

/* ---- precedence ---- */

static const char odg_injection[] =
	"kind: rule\nid: t2.injection\ntitle: Injection (tier two)\nguideline: ODG\n"
	"citation: {document: Tier two document}\napplies: request.procedure = injection\n"
	"recommendation: conditional\nsummary: S.\n"
	"criteria:\n  - {id: c, text: Sign C., require: exam.sign_c, advice: Document sign C.}\n";

static void complete_tier_one_rule_supersedes_tier_two(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide_with(&r, odg_injection, injection("exam.sign_a: true, imaging.positive: true"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_OVERTURNED, 1);
	assert_int_equal(ir->rule_count, 2);
	assert_int_equal(rule_use(ir, "t1.injection")->role, IMR_RULE_GOVERNING);
	assert_int_equal(rule_use(ir, "t2.injection")->role, IMR_RULE_SUPERSEDED);
	/* superseded rules' criteria are not evaluated */
	assert_int_equal(ir->criteria_count, 4);
	assert_null(imr_test_criterion(r.res, 0, "t2.injection/c"));
	done(&r);
}

static const char mtus_other_complete[] =
	"kind: rule\nid: t1.other\ntitle: Other (tier one)\nguideline: MTUS\ncitation: {document: D}\n"
	"applies: request.procedure = other_injection\ncomplete: true\nrecommendation: conditional\n"
	"summary: S.\ncriteria:\n  - {id: c, text: T., require: exam.sign_a, advice: A.}\n";

static void tier_one_position_overrides_a_tier_two_non_recommendation(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide_with(&r, mtus_other_complete,
		    "date: 2015-06-01\nfacts: {exam.sign_a: true}\nitems: [{procedure: other_injection}]\n");
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_OVERTURNED, 1);
	assert_string_equal(ir->rule->id, "t1.other");
	assert_int_equal(rule_use(ir, "t2.other")->role, IMR_RULE_SUPERSEDED);
	done(&r);
}

static const char mtus_other_partial[] =
	"kind: rule\nid: t1.other\ntitle: Other (tier one, partial)\nguideline: MTUS\ncitation: {document: D}\n"
	"applies: request.procedure = other_injection\ncomplete: false\nrecommendation: conditional\n"
	"summary: S.\ncriteria:\n  - {id: c, text: T., require: exam.sign_a, advice: A.}\n";

static void incomplete_tier_one_rule_consults_tier_two(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide_with(&r, mtus_other_partial,
		    "date: 2015-06-01\nfacts: {exam.sign_a: true}\nitems: [{procedure: other_injection}]\n");
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_UPHELD, 0);
	assert_int_equal(ir->rule_count, 2);
	assert_int_not_equal(rule_use(ir, "t1.other")->role, IMR_RULE_SUPERSEDED);
	assert_true(rule_use(ir, "t1.other")->satisfied);
	assert_int_not_equal(rule_use(ir, "t2.other")->role, IMR_RULE_SUPERSEDED);
	/* the first consulted rule that is not satisfied governs */
	assert_string_equal(ir->rule->id, "t2.other");
	assert_false(ir->can_change);
	assert_criterion(r.res, 0, "t1.other/c", IMR_STATUS_MET);
	done(&r);
}

static void first_unsatisfied_consulted_rule_governs(void **state)
{
	run r;
	(void)state;
	decide_with(&r, mtus_other_partial, "date: 2015-06-01\nitems: [{procedure: other_injection}]\n");
	assert_string_equal(item(&r, 0)->rule->id, "t1.other");
	assert_int_equal(item(&r, 0)->rule->role, IMR_RULE_GOVERNING);
	done(&r);
}

/* ---- dates and unencoded guidelines ---- */

static const char *injection_on(const char *date)
{
	static char text[512];
	snprintf(text, sizeof(text),
		 "date: %s\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		 "items: [{id: inj, procedure: injection}]\n",
		 date);
	return text;
}

static void rule_out_of_effect_is_indeterminate_with_its_dates(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, injection_on("2009-12-31"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_INDETERMINATE, -1);
	assert_null(ir->rule);
	assert_int_equal(ir->criteria_count, 0);
	assert_non_null(ir->reason);
	assert_string_equal(ir->reason, "no rule for injection is in effect on 2009-12-31 "
					"(rule t1.injection is in effect 2010-01-01 to 2029-12-31)");
	done(&r);
}

static void effective_dates_are_inclusive(void **state)
{
	run r;
	(void)state;
	decide(&r, injection_on("2010-01-01"));
	assert_outcome(item(&r, 0), IMR_OUTCOME_OVERTURNED, 1);
	done(&r);
	decide(&r, injection_on("2029-12-31"));
	assert_outcome(item(&r, 0), IMR_OUTCOME_OVERTURNED, 1);
	done(&r);
}

static void unencoded_guideline_makes_the_item_indeterminate_with_strict_dates(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide_strict(&r, injection_on("2030-01-01"));
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_INDETERMINATE, -1);
	assert_null(ir->rule);
	assert_string_equal(ir->reason, "the governing guideline is not encoded: A newer tier-one "
					"document not encoded (MTUS, in effect from 2030-01-01)");
	done(&r);
}

static void unencoded_guideline_is_evaluated_under_the_latest_encoded_version(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, "date: 2031-03-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items: [{id: inj, procedure: injection}]\n");
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_OVERTURNED, 1);
	assert_string_equal(ir->rule->id, "t1.injection");
	assert_int_equal(ir->strength, IMR_STRENGTH_EARLIER_GUIDELINE);
	assert_string_equal(ir->date, "2031-03-01");
	assert_string_equal(ir->rules_as_of, "2029-12-31");
	assert_non_null(strstr(ir->era_note, "the MTUS in force on 2031-03-01 for this service is "
					     "A newer tier-one document not encoded"));
	assert_non_null(strstr(ir->era_note, "evaluated under t1.injection"));
	assert_non_null(strstr(ir->era_note, "to 2029-12-31"));
	done(&r);
}

/* A partial tier-one rule that began after the last encoded version (a
 * newer regulation in force on the date) still speaks when the item is
 * evaluated under that earlier version, and the note names it. */
static const char mtus_newer_partial[] =
	"kind: rule\nid: t1.newer\ntitle: Newer partial rule\nguideline: MTUS\ncitation: {document: D}\n"
	"effective: {from: 2030-06-01}\napplies: request.procedure = injection\ncomplete: false\n"
	"recommendation: conditional\nsummary: S.\n"
	"criteria:\n  - {id: c, text: T., require: exam.sign_b, advice: A.}\n";

static void newer_partial_rule_joins_the_earlier_version(void **state)
{
	run r;
	const imr_item_result *ir;
	size_t i;
	(void)state;
	decide_with(&r, mtus_newer_partial,
		    "date: 2031-03-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		    "items: [{id: inj, procedure: injection}]\n");
	ir = item(&r, 0);
	/* the earlier version is met, the newer rule is not documented */
	assert_int_equal(ir->strength, IMR_STRENGTH_EARLIER_GUIDELINE);
	assert_string_equal(ir->rules_as_of, "2029-12-31");
	assert_non_null(rule_use(ir, "t1.injection"));
	assert_non_null(rule_use(ir, "t1.newer"));
	assert_int_not_equal(rule_use(ir, "t1.newer")->role, IMR_RULE_SUPERSEDED);
	assert_string_equal(ir->rule->id, "t1.newer");
	assert_outcome(ir, IMR_OUTCOME_UPHELD, 0);
	assert_non_null(strstr(ir->era_note, "evaluated under t1.injection"));
	assert_non_null(strstr(ir->era_note, "also consulted, as in effect on the date: t1.newer "
					     "(Newer partial rule, in effect from 2030-06-01)"));
	done(&r);
	/* before the newer rule began, the fallback is as before */
	decide_with(&r, mtus_newer_partial,
		    "date: 2030-03-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		    "items: [{id: inj, procedure: injection}]\n");
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_OVERTURNED, 1);
	for (i = 0; i < ir->rule_count; i++)
		assert_string_not_equal(ir->rules[i].id, "t1.newer");
	assert_null(strstr(ir->era_note, "also consulted"));
	done(&r);
}

static void item_in_force_has_no_era_note(void **state)
{
	run r;
	(void)state;
	decide(&r, injection_on("2015-06-01"));
	assert_null(item(&r, 0)->era_note);
	assert_null(item(&r, 0)->rules_as_of);
	assert_true(item(&r, 0)->strength != IMR_STRENGTH_EARLIER_GUIDELINE);
	done(&r);
}

static void no_earlier_version_stays_indeterminate(void **state)
{
	run r;
	(void)state;
	/* before every rule's effective date there is nothing to fall back to */
	decide(&r, injection_on("2005-01-01"));
	assert_outcome(item(&r, 0), IMR_OUTCOME_INDETERMINATE, -1);
	assert_null(item(&r, 0)->era_note);
	done(&r);
}

static void unencoded_entry_does_not_cover_other_services(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2030-06-01\nitems: [{procedure: other_injection}]\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_UPHELD, 0);
	done(&r);
}

static void item_date_overrides_the_request_date(void **state)
{
	run r;
	(void)state;
	decide_strict(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n  - {id: now, procedure: injection}\n  - {id: later, procedure: injection, date: 2031-02-01}\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_OVERTURNED, 1);
	assert_outcome(item(&r, 1), IMR_OUTCOME_INDETERMINATE, -1);
	assert_string_equal(item(&r, 1)->date, "2031-02-01");
	done(&r);
}

static void item_without_service_or_procedure_is_unclassified(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nitems: [{id: x, region: lumbar}]\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_INDETERMINATE, -1);
	assert_string_equal(item(&r, 0)->reason, "the request could not be classified: it names no procedure");
	assert_int_equal(item(&r, 0)->undecided, IMR_UNDECIDED_UNREAD);
	done(&r);
}

static void unclassified_item_is_indeterminate(void **state)
{
	run r;
	const imr_item_result *ir;
	(void)state;
	decide(&r, "date: 2015-06-01\nitems: [{id: x, service: Something else}]\n");
	ir = item(&r, 0);
	assert_outcome(ir, IMR_OUTCOME_INDETERMINATE, -1);
	assert_null(ir->procedure);
	assert_null(ir->rule);
	assert_string_equal(ir->reason, "the service text could not be read: \"Something else\" names no "
					"kind of service the lexicons know");
	assert_int_equal(ir->undecided, IMR_UNDECIDED_UNREAD);
	assert_string_equal(ir->service, "Something else");
	done(&r);
}

/* ---- associated services ---- */

static void associated_item_follows_a_necessary_primary(void **state)
{
	run r;
	const imr_item_result *g;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n  - {id: inj, procedure: injection}\n  - {id: fl, procedure: guidance, primary: inj}\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_OVERTURNED, 1);
	g = item(&r, 1);
	assert_outcome(g, IMR_OUTCOME_OVERTURNED, 1);
	assert_string_equal(g->primary, "inj");
	assert_string_equal(g->rule->id, "t2.guidance");
	assert_criterion(r.res, 1, "t2.guidance/primary", IMR_STATUS_MET);
	done(&r);
}

static void associated_item_follows_an_unnecessary_primary(void **state)
{
	run r;
	const imr_item_result *g;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true}\n"
		   "items:\n  - {id: inj, procedure: injection}\n  - {id: fl, procedure: guidance, primary: inj}\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_UPHELD, 0);
	g = item(&r, 1);
	assert_outcome(g, IMR_OUTCOME_UPHELD, 0);
	assert_criterion(r.res, 1, "t2.guidance/primary", IMR_STATUS_NOT_MET);
	assert_string_equal(use_of(crit(&r, 1, "t2.guidance/primary"), "primary.medically_necessary")->value,
			    "false");
	done(&r);
}

static void associated_item_before_its_primary_is_decided_after_it(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n  - {id: fl, procedure: guidance, primary: inj}\n  - {id: inj, procedure: injection}\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_OVERTURNED, 1);
	assert_string_equal(item(&r, 0)->primary, "inj");
	done(&r);
}

static void associated_item_with_an_indeterminate_primary_is_indeterminate(void **state)
{
	run r;
	const imr_item_result *g;
	(void)state;
	decide_strict(&r, "date: 2030-06-01\n"
		   "items:\n  - {id: inj, procedure: injection}\n  - {id: fl, procedure: guidance, primary: inj}\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_INDETERMINATE, -1);
	g = item(&r, 1);
	assert_outcome(g, IMR_OUTCOME_INDETERMINATE, -1);
	assert_string_equal(g->reason, "its primary procedure (inj) is indeterminate");
	assert_null(g->rule);
	done(&r);
}

static void associated_item_without_any_primary_is_indeterminate(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nitems: [{id: fl, procedure: guidance}]\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_INDETERMINATE, -1);
	assert_string_equal(item(&r, 0)->reason,
			    "no primary procedure in the request for this associated service");
	done(&r);
}

static void nearest_primary_before_is_preferred(void **state)
{
	run r;
	(void)state;
	/* inj is necessary, oth is not; the guidance follows the nearest before it */
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n"
		   "  - {id: inj, procedure: injection}\n"
		   "  - {id: oth, procedure: other_injection}\n"
		   "  - {id: fl, procedure: guidance}\n");
	assert_string_equal(item(&r, 2)->primary, "oth");
	assert_outcome(item(&r, 2), IMR_OUTCOME_UPHELD, 0);
	done(&r);
}

static void nearest_primary_after_when_none_before(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n"
		   "  - {id: fl, procedure: guidance}\n"
		   "  - {id: fl2, procedure: guidance}\n"
		   "  - {id: inj, procedure: injection}\n"
		   "  - {id: oth, procedure: other_injection}\n");
	assert_string_equal(item(&r, 0)->primary, "inj");
	assert_string_equal(item(&r, 1)->primary, "inj");
	assert_outcome(item(&r, 0), IMR_OUTCOME_OVERTURNED, 1);
	assert_outcome(item(&r, 1), IMR_OUTCOME_OVERTURNED, 1);
	done(&r);
}

static void nearest_primary_skips_other_associated_items(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n"
		   "  - {id: inj, procedure: injection}\n"
		   "  - {id: fl, procedure: guidance}\n"
		   "  - {id: fl2, procedure: guidance}\n");
	assert_string_equal(item(&r, 2)->primary, "inj");
	done(&r);
}

static void named_primary_wins_over_the_nearest(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n"
		   "  - {id: inj, procedure: injection}\n"
		   "  - {id: oth, procedure: other_injection}\n"
		   "  - {id: fl, procedure: guidance, primary: inj}\n");
	assert_string_equal(item(&r, 2)->primary, "inj");
	assert_outcome(item(&r, 2), IMR_OUTCOME_OVERTURNED, 1);
	done(&r);
}

static void primary_attributes_are_visible_to_associated_rules(void **state)
{
	run r;
	static const char rule[] =
		"kind: rule\nid: t1.guidance\ntitle: Guidance for lumbar injections\nguideline: MTUS\n"
		"citation: {document: D}\napplies: request.procedure = guidance\ncomplete: true\n"
		"recommendation: conditional\nsummary: S.\n"
		"criteria:\n"
		"  - {id: proc, text: T., require: primary.procedure = injection, advice: A.}\n"
		"  - {id: region, text: T., require: primary.region = lumbar, advice: A.}\n"
		"  - {id: purpose, text: T., require: primary.purpose = diagnostic, advice: A.}\n";
	(void)state;
	decide_with(&r, rule, "date: 2015-06-01\n"
			      "items:\n"
			      "  - {id: inj, procedure: injection, region: lumbar, purpose: diagnostic}\n"
			      "  - {id: fl, procedure: guidance, primary: inj}\n");
	assert_criterion(r.res, 1, "t1.guidance/proc", IMR_STATUS_MET);
	assert_criterion(r.res, 1, "t1.guidance/region", IMR_STATUS_MET);
	assert_criterion(r.res, 1, "t1.guidance/purpose", IMR_STATUS_MET);
	done(&r);
}


static void item_riding_on_a_procedure_follows_the_nearest_item_of_it(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n"
		   "  - {id: oth, procedure: other_injection}\n"
		   "  - {id: inj, procedure: injection}\n"
		   "  - {id: pre, procedure: injection, associated_with: other_injection}\n");
	assert_string_equal(item(&r, 2)->primary, "oth");
	assert_int_equal(item(&r, 1)->follower_count, 0);
	assert_int_equal(item(&r, 0)->follower_count, 1);
	assert_string_equal(item(&r, 0)->followers[0], "pre");
	done(&r);
}

static void item_riding_on_a_procedure_the_request_lacks_is_judged_on_its_own(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\nfacts: {exam.sign_a: true, imaging.positive: true}\n"
		   "items:\n"
		   "  - {id: inj, procedure: injection}\n"
		   "  - {id: pre, procedure: injection, associated_with: other_injection}\n");
	assert_null(item(&r, 1)->primary);
	assert_outcome(item(&r, 1), IMR_OUTCOME_OVERTURNED, 1);
	assert_string_equal(item(&r, 1)->rule->id, "t1.injection");
	done(&r);
}

static const char purpose_rule[] =
	"kind: rule\nid: t1.purpose\ntitle: Diagnostic injections\nguideline: MTUS\n"
	"citation: {document: D}\napplies: request.procedure = injection\ncomplete: false\n"
	"recommendation: conditional\nsummary: S.\n"
	"criteria:\n"
	"  - {id: diagnostic, text: T., require: request.purpose = diagnostic, advice: A.}\n";

static void associated_item_lends_its_attributes_to_the_primary(void **state)
{
	run r;
	const imr_fact_use *u;
	(void)state;
	decide_with(&r, purpose_rule, "date: 2015-06-01\n"
				      "items:\n"
				      "  - {id: inj, procedure: injection}\n"
				      "  - {id: fl, service: GUIDANCE, procedure: guidance}\n");
	assert_criterion(r.res, 0, "t1.purpose/diagnostic", IMR_STATUS_MET);
	u = use_of(crit(&r, 0, "t1.purpose/diagnostic"), "request.purpose");
	assert_int_equal(u->evidence_count, 1);
	assert_string_equal(u->evidence[0].source, "associated item");
	assert_string_equal(u->evidence[0].text, "fl: GUIDANCE");
	done(&r);
}

static void primary_lent_attribute_never_overrides_the_primary_text(void **state)
{
	run r;
	(void)state;
	decide_with(&r, purpose_rule, "date: 2015-06-01\n"
				      "items:\n"
				      "  - {id: inj, procedure: injection, purpose: therapeutic}\n"
				      "  - {id: fl, procedure: guidance}\n");
	assert_criterion(r.res, 0, "t1.purpose/diagnostic", IMR_STATUS_NOT_MET);
	done(&r);
}

static void every_declared_primary_attribute_mirrors_the_primary(void **state)
{
	run r;
	static const char rule[] =
		"kind: rule\nid: t1.guidance\ntitle: Guidance\nguideline: MTUS\n"
		"citation: {document: D}\napplies: request.procedure = guidance\ncomplete: true\n"
		"recommendation: conditional\nsummary: S.\n"
		"criteria:\n"
		"  - {id: level, text: T., require: L4-L5 in primary.levels, advice: A.}\n";
	(void)state;
	decide_with(&r, rule, "date: 2015-06-01\n"
			      "items:\n"
			      "  - {id: inj, procedure: injection, levels: [L4-L5, L5-S1]}\n"
			      "  - {id: fl, procedure: guidance}\n");
	assert_criterion(r.res, 1, "t1.guidance/level", IMR_STATUS_MET);
	done(&r);
}

static void cycle_of_named_primaries_is_indeterminate(void **state)
{
	run r;
	(void)state;
	decide(&r, "date: 2015-06-01\n"
		   "items:\n  - {id: a, procedure: injection, primary: b}\n  - {id: b, procedure: injection, primary: a}\n");
	assert_outcome(item(&r, 0), IMR_OUTCOME_INDETERMINATE, -1);
	assert_outcome(item(&r, 1), IMR_OUTCOME_INDETERMINATE, -1);
	assert_non_null(strstr(item(&r, 1)->reason, "cycle"));
	done(&r);
}

/* ---- criterion options ---- */

static const char cited_rule[] =
	"kind: rule\nid: t1.cited\ntitle: Cited\nguideline: MTUS\n"
	"citation: {document: Doc, chapter: Ch. 3, section: Sec A, pages: \"10-12\"}\n"
	"applies: request.procedure = other_injection\nrecommendation: conditional\nsummary: S.\n"
	"criteria:\n"
	"  - {id: own-pages, text: T., require: exam.sign_a, advice: A., citation: {pages: \"11\"}}\n"
	"  - {id: own-section, text: T., require: exam.sign_a, advice: A., citation: {section: Sec B}}\n"
	"  - {id: own-document, text: T., require: exam.sign_a, advice: A., citation: {document: Other, pages: \"3\"}}\n"
	"  - {id: inherited, text: T., require: exam.sign_a, advice: A.}\n"
	"  - {id: strict, text: T., require: exam.sign_b, advice: A., if_undocumented: not_met}\n";

static void criterion_citation_refines_the_rule_citation(void **state)
{
	run r;
	(void)state;
	decide_with(&r, cited_rule, "date: 2015-06-01\nitems: [{procedure: other_injection}]\n");
	assert_string_equal(crit(&r, 0, "t1.cited/own-pages")->citation, "Doc, Ch. 3, Sec A, p. 11");
	assert_string_equal(crit(&r, 0, "t1.cited/own-section")->citation, "Doc, Ch. 3, Sec B");
	assert_string_equal(crit(&r, 0, "t1.cited/own-document")->citation, "Other, p. 3");
	assert_string_equal(crit(&r, 0, "t1.cited/inherited")->citation, "Doc, Ch. 3, Sec A, pp. 10-12");
	assert_string_equal(item(&r, 0)->rule->citation, "Doc, Ch. 3, Sec A, pp. 10-12");
	done(&r);
}

static void if_undocumented_not_met_counts_silence_as_not_met(void **state)
{
	run r;
	const imr_criterion_result *cr;
	(void)state;
	decide_with(&r, cited_rule, "date: 2015-06-01\nitems: [{procedure: other_injection}]\n");
	cr = crit(&r, 0, "t1.cited/strict");
	assert_int_equal(cr->status, IMR_STATUS_NOT_MET);
	assert_true(has_missing(cr, "exam.sign_b"));
	done(&r);
	decide_with(&r, cited_rule,
		    "date: 2015-06-01\nfacts: {exam.sign_b: true}\nitems: [{procedure: other_injection}]\n");
	assert_criterion(r.res, 0, "t1.cited/strict", IMR_STATUS_MET);
	done(&r);
}

static void complete_rules_come_first_within_a_tier(void **state)
{
	static const char general[] =
		"kind: rule\nid: t1.general\ntitle: General\nguideline: MTUS\ncitation: {document: D}\n"
		"applies: request.procedure = other_injection\ncomplete: false\nrecommendation: conditional\n"
		"summary: S.\ncriteria:\n  - {id: c, text: T., require: exam.sign_a, advice: A.}\n";
	static const char specific[] =
		"kind: rule\nid: t1.specific\ntitle: Specific\nguideline: MTUS\ncitation: {document: D}\n"
		"applies: request.procedure = other_injection\ncomplete: true\nrecommendation: conditional\n"
		"summary: S.\ncriteria:\n  - {id: c, text: T., require: exam.sign_b, advice: A.}\n";
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_request *req = NULL;
	imr_result *res = NULL;
	const imr_item_result *ir;
	const char *text = "date: 2015-06-01\nfacts: {exam.sign_a: true, exam.sign_b: true}\n"
			   "items: [{procedure: other_injection}]\n";
	(void)state;
	/* the general rule is loaded first */
	assert_int_equal(imr_test_load_min(&rules, &diags, "a.yaml", general, "b.yaml", specific, NULL), IMR_OK);
	assert_int_equal(imr_request_load_buffer(&req, rules, "req.yaml", text, strlen(text), IMR_DATE_NONE,
						 NULL, &diags),
			 IMR_OK);
	assert_int_equal(imr_eval_request(&res, rules, req, NULL), IMR_OK);
	ir = imr_result_item(res, 0);
	assert_int_equal(ir->medically_necessary, 1);
	assert_int_equal(ir->rule_count, 3);
	assert_string_equal(ir->rules[0].id, "t1.specific");
	assert_string_equal(ir->rules[1].id, "t1.general");
	assert_string_equal(ir->rules[2].id, "t2.other");
	assert_int_equal(ir->rules[2].role, IMR_RULE_SUPERSEDED);
	/* a necessary item is governed by the first complete rule */
	assert_string_equal(ir->rule->id, "t1.specific");
	/* criteria follow the consultation order */
	assert_string_equal(ir->criteria[0].id, "t1.specific/c");
	assert_string_equal(ir->criteria[1].id, "t1.general/c");
	imr_result_free(res);
	imr_request_free(req);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

/* ---- requests built in code ---- */

static void request_built_in_code_is_decided(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_request *req;
	imr_facts *attrs;
	imr_result *res;
	int32_t date;
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	assert_int_equal(imr_date_parse(&date, "2015-06-01", 10), IMR_OK);
	assert_int_equal(imr_request_new(&req, rules, date), IMR_OK);
	assert_int_equal(imr_request_add_item(req, "inj", NULL, &attrs), IMR_OK);
	assert_int_equal(imr_facts_set_enum(attrs, "request.procedure", "injection"), IMR_OK);
	assert_int_equal(imr_request_add_item(req, "fl", NULL, &attrs), IMR_OK);
	assert_int_equal(imr_facts_set_enum(attrs, "request.procedure", "guidance"), IMR_OK);
	assert_int_equal(imr_request_set_primary(req, "inj"), IMR_OK);
	assert_int_equal(imr_facts_set_bool(imr_request_facts(req), "exam.sign_a", 1), IMR_OK);
	assert_int_equal(imr_facts_set_bool(imr_request_facts(req), "imaging.positive", 1), IMR_OK);
	assert_int_equal(imr_eval_request(&res, rules, req, NULL), IMR_OK);
	assert_int_equal(imr_result_item(res, 0)->medically_necessary, 1);
	assert_int_equal(imr_result_item(res, 1)->medically_necessary, 1);
	assert_null(imr_result_item(res, 2));
	imr_result_free(res);
	imr_request_free(req);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

static void status_and_outcome_names(void **state)
{
	(void)state;
	assert_string_equal(imr_status_name(IMR_STATUS_MET), "met");
	assert_string_equal(imr_status_name(IMR_STATUS_NOT_MET), "not_met");
	assert_string_equal(imr_status_name(IMR_STATUS_NOT_DOCUMENTED), "not_documented");
	assert_string_equal(imr_status_name(IMR_STATUS_NOT_APPLICABLE), "not_applicable");
	assert_string_equal(imr_outcome_name(IMR_OUTCOME_OVERTURNED), "overturned");
	assert_string_equal(imr_outcome_name(IMR_OUTCOME_UPHELD), "upheld");
	assert_string_equal(imr_outcome_name(IMR_OUTCOME_INDETERMINATE), "indeterminate");
	assert_string_equal(imr_recommendation_name(IMR_NOT_RECOMMENDED), "not_recommended");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_criteria_met_is_medically_necessary),
		cmocka_unit_test(item_result_describes_the_item),
		cmocka_unit_test(criterion_result_carries_text_advice_and_citation),
		cmocka_unit_test(undocumented_criterion_is_upheld_and_changeable),
		cmocka_unit_test(change_list_names_unmet_and_undocumented_criteria_in_order),
		cmocka_unit_test(unmet_contraindication_cannot_be_changed),
		cmocka_unit_test(contraindication_blocks_change_even_with_other_unmet_criteria),
		cmocka_unit_test(if_undocumented_met_assumes_the_red_flag_absent),
		cmocka_unit_test(documented_absent_red_flag_is_evidence),
		cmocka_unit_test(when_false_or_unknown_is_not_applicable),
		cmocka_unit_test(when_true_applies_the_requirement),
		cmocka_unit_test(met_criterion_lists_the_deciding_facts_with_sources),
		cmocka_unit_test(evidence_read_twice_is_the_same_copy),
		cmocka_unit_test(unmet_criterion_lists_the_facts_that_failed_it),
		cmocka_unit_test(undocumented_criterion_lists_what_is_missing),
		cmocka_unit_test(derived_fact_evidence_is_marked_derived),
		cmocka_unit_test(not_recommended_rule_is_never_necessary_and_cannot_change),
		cmocka_unit_test(not_recommended_wins_over_met_criteria),
		cmocka_unit_test(complete_tier_one_rule_supersedes_tier_two),
		cmocka_unit_test(tier_one_position_overrides_a_tier_two_non_recommendation),
		cmocka_unit_test(incomplete_tier_one_rule_consults_tier_two),
		cmocka_unit_test(first_unsatisfied_consulted_rule_governs),
		cmocka_unit_test(rule_out_of_effect_is_indeterminate_with_its_dates),
		cmocka_unit_test(effective_dates_are_inclusive),
		cmocka_unit_test(unencoded_guideline_makes_the_item_indeterminate_with_strict_dates),
		cmocka_unit_test(unencoded_guideline_is_evaluated_under_the_latest_encoded_version),
		cmocka_unit_test(newer_partial_rule_joins_the_earlier_version),
		cmocka_unit_test(item_in_force_has_no_era_note),
		cmocka_unit_test(no_earlier_version_stays_indeterminate),
		cmocka_unit_test(unencoded_entry_does_not_cover_other_services),
		cmocka_unit_test(item_date_overrides_the_request_date),
		cmocka_unit_test(unclassified_item_is_indeterminate),
		cmocka_unit_test(item_without_service_or_procedure_is_unclassified),
		cmocka_unit_test(associated_item_follows_a_necessary_primary),
		cmocka_unit_test(associated_item_follows_an_unnecessary_primary),
		cmocka_unit_test(associated_item_before_its_primary_is_decided_after_it),
		cmocka_unit_test(associated_item_with_an_indeterminate_primary_is_indeterminate),
		cmocka_unit_test(associated_item_without_any_primary_is_indeterminate),
		cmocka_unit_test(nearest_primary_before_is_preferred),
		cmocka_unit_test(nearest_primary_after_when_none_before),
		cmocka_unit_test(nearest_primary_skips_other_associated_items),
		cmocka_unit_test(named_primary_wins_over_the_nearest),
		cmocka_unit_test(primary_attributes_are_visible_to_associated_rules),
		cmocka_unit_test(cycle_of_named_primaries_is_indeterminate),
		cmocka_unit_test(item_riding_on_a_procedure_follows_the_nearest_item_of_it),
		cmocka_unit_test(item_riding_on_a_procedure_the_request_lacks_is_judged_on_its_own),
		cmocka_unit_test(associated_item_lends_its_attributes_to_the_primary),
		cmocka_unit_test(primary_lent_attribute_never_overrides_the_primary_text),
		cmocka_unit_test(every_declared_primary_attribute_mirrors_the_primary),
		cmocka_unit_test(criterion_citation_refines_the_rule_citation),
		cmocka_unit_test(if_undocumented_not_met_counts_silence_as_not_met),
		cmocka_unit_test(complete_rules_come_first_within_a_tier),
		cmocka_unit_test(request_built_in_code_is_decided),
		cmocka_unit_test(status_and_outcome_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
