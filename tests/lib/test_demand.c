/* test_demand.c - the case facts an audit searches a summary for: every
 * fact the rules of an item's procedure name, closed over what facts are
 * made from (derivations, computations, inferences, the drugs named), and
 * a review that searches for those alone deciding every bundled letter
 * exactly as a review that searches for everything. */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "drugs.h"
#include "eval_internal.h"
#include "expr.h"
#include "imrcheck/pdf.h"
#include "imrcheck/report.h"
#include "review.h"

static const imr_rules *rules;
static size_t narrowed; /* letters whose items' attributes ruled rules out */

static int setup(void **state)
{
	(void)state;
	rules = imr_test_shipped_rules();
	return rules && rules->demand ? 0 : -1;
}

static unsigned char *fresh(void)
{
	unsigned char *w = calloc(rules->nfacts + 1, 1);
	assert_non_null(w);
	return w;
}

static size_t procedures(void)
{
	size_t n = imr__eval_procedures(rules);
	assert_true(n > 20);
	return n;
}

/* Whether @p want holds every fact @p e names. */
static void assert_names_wanted(const imr_expr *e, const unsigned char *want, const char *where)
{
	size_t f;
	for (f = 0; e && f < rules->nfacts; f++)
		if (imr__expr_uses_fact(e, (int)f) && !want[f])
			fail_msg("%s names %s, which is not searched for", where, rules->facts[f].name);
}

static void every_fact_a_procedures_rules_name_is_wanted(void **state)
{
	size_t m, i, c, n;
	(void)state;
	for (m = 0; m < procedures(); m++) {
		unsigned char *want = fresh();
		const uint32_t *cand = imr__eval_candidates(rules, m, &n);
		assert_int_equal(imr__demand_procedure(rules, (int)m, want), 0);
		for (i = 0; i < n; i++) {
			const imr_rule *rule = &rules->rules[cand[i]];
			assert_names_wanted(rule->applies, want, rule->id);
			for (c = 0; c < rule->ncrits; c++) {
				assert_names_wanted(rule->crits[c].when, want, rule->crits[c].full_id);
				assert_names_wanted(rule->crits[c].require, want, rule->crits[c].full_id);
			}
		}
		for (i = 0; i < rules->nunencoded; i++)
			assert_names_wanted(rules->unencoded[i].applies, want, rules->unencoded[i].title);
		free(want);
	}
}

/* What fact @p f is made from, each way, is wanted with it. */
static void assert_sources_wanted(int f, const unsigned char *want)
{
	const imr_factdef *def = &rules->facts[f];
	const imr_drugs *d = rules->drugs;
	size_t i, k;
	assert_names_wanted(def->derive, want, def->name);
	for (i = 0; i < def->ncompute; i++)
		for (k = 0; k < def->compute[i].ninputs; k++)
			if (def->compute[i].inputs[k] >= 0 && !want[def->compute[i].inputs[k]])
				fail_msg("%s is computed from %s, which is not searched for", def->name,
					 rules->facts[def->compute[i].inputs[k]].name);
	for (i = 0; i < rules->ninfer_order[IMR_LEX_NOTES]; i++)
		if (rules->infer_order[IMR_LEX_NOTES][i]->fact == f)
			assert_names_wanted(rules->infer_order[IMR_LEX_NOTES][i]->when, want, def->name);
	if (d && (f == d->f.med_ingredients || f == d->f.med_classes) && !want[d->f.med_drugs])
		fail_msg("%s comes from the drugs named, which are not searched for", def->name);
}

static void each_fact_comes_with_what_it_is_made_from(void **state)
{
	size_t f, g, kinds[4] = { 0, 0, 0, 0 };
	(void)state;
	for (f = 0; f < rules->nfacts; f++) {
		unsigned char *want = fresh();
		const imr_factdef *def = &rules->facts[f];
		size_t i;
		assert_int_equal(imr__demand_fact(rules, (int)f, want), 0);
		assert_true(want[f]);
		/* closed: each fact marked brings its own sources, all marked */
		for (g = 0; g < rules->nfacts; g++)
			if (want[g])
				assert_sources_wanted((int)g, want);
		kinds[0] += def->derive != NULL;
		kinds[1] += def->ncompute > 0;
		for (i = 0; i < rules->ninfer_order[IMR_LEX_NOTES]; i++)
			kinds[2] += rules->infer_order[IMR_LEX_NOTES][i]->fact == (int)f;
		kinds[3] += rules->drugs && (int)f == rules->drugs->f.med_classes;
		free(want);
	}
	/* the shipped rules make facts each of the four ways */
	assert_true(kinds[0] > 0 && kinds[1] > 0 && kinds[2] > 0 && kinds[3] > 0);
}

static void procedure_lists_are_closed_and_narrow(void **state)
{
	size_t m, f, g, total = 0;
	(void)state;
	assert_int_equal(imr__demand_procedure(rules, -1, NULL), 0); /* no procedure: nothing read */
	assert_int_equal(imr__demand_count(rules, -1), 0);
	for (m = 0; m < procedures(); m++) {
		unsigned char *want = fresh();
		size_t n = 0;
		imr__demand_procedure(rules, (int)m, want);
		for (f = 0; f < rules->nfacts; f++) {
			unsigned char *one;
			if (!want[f])
				continue;
			n++;
			one = fresh();
			imr__demand_fact(rules, (int)f, one);
			for (g = 0; g < rules->nfacts; g++)
				if (one[g] && !want[g])
					fail_msg("%s is made from %s, missing from the list of %s", rules->facts[f].name,
						 rules->facts[g].name, rules->enums[rules->facts[rules->f_procedure].enum_index].members[m]);
			free(one);
		}
		assert_int_equal(n, imr__demand_count(rules, (int)m));
		total += n;
		free(want);
	}
	/* what makes the search cheaper: a procedure's rules read a fraction
	 * of the vocabulary */
	assert_true(total < procedures() * rules->nfacts / 3);
}

/* An item's attributes as a service text would leave them. */
static imr_facts *item(const char *procedure, const char *region)
{
	imr_facts *f = NULL;
	assert_int_equal(imr_facts_new(&f, rules), 0);
	assert_int_equal(imr_facts_set_enum(f, "request.procedure", procedure), 0);
	if (region)
		assert_int_equal(imr_facts_set_enum(f, "request.region", region), 0);
	return f;
}

static size_t count_marked(const unsigned char *want)
{
	size_t f, n = 0;
	for (f = 0; f < rules->nfacts; f++)
		n += want[f];
	return n;
}

/* A knee MRI reads less than the rules of every MRI; with no region
 * documented, the rules whose applies needs one are not ruled out. */
static void an_items_attributes_rule_out_rules(void **state)
{
	imr_facts *knee = item("mri", "knee"), *none = item("mri", NULL);
	const imr_facts *one[1];
	unsigned char *slot = fresh(), *by_knee = fresh(), *by_none = fresh();
	int mri = imr__vocab_member(&rules->enums[rules->facts[rules->f_procedure].enum_index], "mri", 3);
	size_t f;
	(void)state;
	assert_true(mri >= 0);
	imr__demand_procedure(rules, mri, slot);
	one[0] = knee;
	assert_int_equal(imr__demand_items(rules, one, 1, by_knee), 0);
	one[0] = none;
	assert_int_equal(imr__demand_items(rules, one, 1, by_none), 0);
	for (f = 0; f < rules->nfacts; f++)
		assert_true((!by_knee[f] || by_none[f]) && (!by_none[f] || slot[f]));
	assert_true(count_marked(by_knee) < count_marked(by_none));
	assert_true(count_marked(by_knee) > 0);
	free(slot);
	free(by_knee);
	free(by_none);
	imr_facts_free(knee);
	imr_facts_free(none);
}

/* A separate fluoroscopy line lends "guidance: fluoroscopy" to its
 * injection when the evaluator runs: the injection's own attributes do
 * not rule out anything then, and both procedures' lists are read whole. */
static void an_item_that_lends_attributes_keeps_every_rule(void **state)
{
	const imr_enum *procs = &rules->enums[rules->facts[rules->f_procedure].enum_index];
	imr_facts *esi = item("epidural_steroid_injection", "lumbar"), *fluoro = item("fluoroscopic_guidance", NULL);
	const imr_facts *both[2];
	unsigned char *whole = fresh(), *got = fresh();
	size_t f;
	(void)state;
	imr__demand_procedure(rules, imr__vocab_member(procs, "epidural_steroid_injection", 26), whole);
	imr__demand_procedure(rules, imr__vocab_member(procs, "fluoroscopic_guidance", 21), whole);
	both[0] = esi;
	both[1] = fluoro;
	assert_int_equal(imr__demand_items(rules, both, 2, got), 0);
	for (f = 0; f < rules->nfacts; f++)
		assert_int_equal(got[f], whole[f]);
	free(whole);
	free(got);
	imr_facts_free(esi);
	imr_facts_free(fluoro);
}

/* ---- the audit's review against the full one ---- */

static void assert_same_value(const imr_value *a, const imr_value *b, const char *fact, const char *file)
{
	size_t i;
	if (a->status != b->status || a->num != b->num || a->nmembers != b->nmembers || a->nev != b->nev ||
	    a->ev_more != b->ev_more)
		fail_msg("%s: %s differs (status %d/%d, value %g/%g, %zu/%zu members, %zu/%zu evidence)", file, fact,
			 a->status, b->status, a->num, b->num, a->nmembers, b->nmembers, a->nev, b->nev);
	if (a->nmembers && memcmp(a->members, b->members, a->nmembers * sizeof(uint16_t)) != 0)
		fail_msg("%s: %s has other members", file, fact);
	for (i = 0; i < a->nev; i++)
		if (strcmp(a->ev[i].text, b->ev[i].text) != 0 || a->ev[i].start != b->ev[i].start ||
		    a->ev[i].flags != b->ev[i].flags)
			fail_msg("%s: %s has other evidence: \"%s\"", file, fact, b->ev[i].text);
}

static char *result_json(const imr_result *result)
{
	imr_buf out = IMR_BUF_INIT;
	imr_report_options opts = IMR_REPORT_OPTIONS_INIT;
	char *s;
	opts.verbose = 1;
	assert_int_equal(imr_report_check_json(&out, rules, result, &opts), 0);
	s = strdup(imr_buf_cstr(&out));
	imr_buf_dispose(&out);
	return s;
}

/* Review @p path both ways (with @p also marked for the audit's); returns
 * the number of facts the audit's review searched for, or (size_t)-1 for a
 * letter that does not parse. */
static size_t compare_reviews(imr_worker *w, const char *path, const unsigned char *also)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *text = NULL;
	imr_letter *letter = NULL;
	imr_review *full = NULL, *part = NULL;
	unsigned char *want = fresh();
	char *a, *b;
	size_t i, f, n = 0;

	if (imr_pdf_load_text(&text, path, NULL, &diags) < 0 ||
	    imr_letter_parse(&letter, rules, text, NULL, &diags) < 0) {
		/* a letter that does not parse is not reviewed (layouts/ has some) */
		free(want);
		imr_text_free(text);
		imr_diags_dispose(&diags);
		return (size_t)-1;
	}
	if (imr_review_letter(&full, w, text, letter, &diags) < 0 ||
	    imr__review_letter_for_audit(&part, w, text, letter, NULL, also, &diags) < 0) {
		imr_test_print_diags(&diags);
		fail_msg("cannot review %s", path);
	}
	a = result_json(full->result);
	b = result_json(part->result);
	if (strcmp(a, b) != 0)
		fail_msg("%s: the items are decided otherwise when the summary is searched for their facts alone",
			 path);
	{
		const imr_facts *attrs[64];
		unsigned char *slots = fresh();
		size_t narrower = 0;
		assert_true(part->item_count <= 64);
		for (i = 0; i < part->item_count; i++) {
			const imr_value *v = imr__facts_value(part->items[i].attrs, rules->f_procedure);
			attrs[i] = part->items[i].attrs;
			imr__demand_procedure(rules, v->status == IMR_FACT_PRESENT ? (int)v->num : -1, slots);
		}
		assert_int_equal(imr__demand_items(rules, attrs, part->item_count, want), 0);
		/* never more than the whole lists of the items' procedures */
		for (f = 0; f < rules->nfacts; f++) {
			assert_true(!want[f] || slots[f]);
			narrower += slots[f] && !want[f];
		}
		narrowed += narrower > 0;
		free(slots);
	}
	for (f = 0; also && f < rules->nfacts; f++)
		if (also[f])
			imr__demand_fact(rules, (int)f, want);
	for (f = 0; f < rules->nfacts; f++) {
		if (!want[f])
			continue;
		n++;
		assert_same_value(imr__facts_value(full->facts, (int)f), imr__facts_value(part->facts, (int)f),
				  rules->facts[f].name, path);
	}
	free(a);
	free(b);
	free(want);
	imr_review_free(part);
	imr_review_free(full);
	imr_letter_free(letter);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return n;
}

static size_t compare_dir(imr_worker *w, const char *relative, const unsigned char *also, size_t *searched)
{
	char dir[1024], path[1400];
	DIR *d;
	struct dirent *de;
	size_t letters = 0, n;
	snprintf(dir, sizeof(dir), "%s", imr_test_fixture(relative));
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = compare_reviews(w, path, also);
		if (n == (size_t)-1)
			continue;
		*searched += n;
		letters++;
	}
	closedir(d);
	return letters;
}

static void review(const unsigned char *also, const char *what)
{
	static const char *const dirs[] = { "letters/dwc-imr-2016/txt", "letters/seeds", "letters/layouts",
					     "letters/audit", "letters/audit-phrases" };
	imr_worker *w = NULL;
	size_t i, letters = 0, searched = 0;
	narrowed = 0;
	assert_int_equal(imr_worker_new(&w, rules, NULL), 0);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		letters += compare_dir(w, dirs[i], also, &searched);
	imr_worker_free(w);
	print_message("%zu letters, %s: %.0f facts searched for a letter of %zu; %zu letters with rules "
		      "ruled out by their items' attributes\n",
		      letters, what, (double)searched / (double)letters, rules->nfacts, narrowed);
	assert_true(letters >= 100);
	assert_true(narrowed > letters / 4);
	if (!also)
		assert_true(searched < letters * rules->nfacts / 2);
}

static void letters_are_decided_as_by_a_full_search(void **state)
{
	(void)state;
	review(NULL, "the items' facts");
}

/* The facts an audit holds a rationale's statements against, asked for
 * besides: all the findings of the vocabulary at once. */
static void facts_asked_for_besides_have_their_full_values(void **state)
{
	unsigned char *also = fresh();
	size_t f;
	(void)state;
	for (f = 0; f < rules->nfacts; f++)
		also[f] = rules->facts[f].type == IMR_TYPE_BOOLEAN && rules->facts[f].finding != IMR_FINDING_KIND_NONE;
	review(also, "with every finding");
	free(also);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_fact_a_procedures_rules_name_is_wanted),
		cmocka_unit_test(each_fact_comes_with_what_it_is_made_from),
		cmocka_unit_test(procedure_lists_are_closed_and_narrow),
		cmocka_unit_test(an_items_attributes_rule_out_rules),
		cmocka_unit_test(an_item_that_lends_attributes_keeps_every_rule),
		cmocka_unit_test(letters_are_decided_as_by_a_full_search),
		cmocka_unit_test(facts_asked_for_besides_have_their_full_values),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
