/* test_rationale.c - reading decision rationales: claims, reasons, conclusion.
 *
 * fixtures/rationale/<case>.txt is a short rationale written for the test
 * and <case>.expect.yaml says what the reader must make of it with the
 * shipped rules:
 *
 *   conclusion:   necessary, not_necessary or none
 *   reasons:      exactly these reasons (denial.* / approval.* facts)
 *   claims:       {fact: kind}: an unqualified claim of that kind about the case
 *   qualified:    {fact: kind}: a qualified claim of that kind about the case
 *   not_denied:   facts with no unqualified denied or not_in_record claim
 *   not_asserted: facts with no unqualified asserted claim
 *
 * (kinds: asserted, denied, not_in_record). Besides the fixtures, the
 * conclusion read alone must be the full reading's, and the
 * fingerprints are checked: the same case sentences give the same hash
 * whatever the numbers in them, and a near copy a small SimHash distance. */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rationale.h"
#include "yamltree.h"

static imr_rules *rules;
static imr_worker *worker;

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
	return imr_worker_new(&worker, rules, NULL);
}

static int teardown(void **state)
{
	(void)state;
	imr_worker_free(worker);
	imr_rules_free(rules);
	return 0;
}

static imr_rationale *read_text(const char *s, imr_text **text)
{
	imr_rationale *r = NULL;
	imr_diags diags;
	imr_diags_init(&diags);
	assert_int_equal(imr_text_new(text, "rationale", s, strlen(s), NULL, &diags), IMR_OK);
	assert_int_equal(imr__rationale_read(&r, worker, *text, 0, strlen(s), &diags), IMR_OK);
	imr_diags_dispose(&diags);
	return r;
}

static const char *kind_name(imr_claim_kind k)
{
	return k == IMR_CLAIM_ASSERTED ? "asserted" : k == IMR_CLAIM_DENIED ? "denied" : "not_in_record";
}

static const char *conclusion_name(imr_outcome o)
{
	return o == IMR_OUTCOME_OVERTURNED ? "necessary" : o == IMR_OUTCOME_UPHELD ? "not_necessary" : "none";
}

/* Whether @p r has an about-case claim of @p fact with @p qualified and a
 * kind named @p kind (NULL: any kind). */
static int has_claim(const imr_rationale *r, const char *fact, const char *kind, int qualified)
{
	size_t i;
	for (i = 0; i < r->claim_count; i++) {
		const imr_claim *c = &r->claims[i];
		if (!c->about_case || c->qualified != qualified || strcmp(rules->facts[c->fact].name, fact) != 0)
			continue;
		if (!kind || strcmp(kind_name(c->kind), kind) == 0)
			return 1;
	}
	return 0;
}

static void dump(const imr_rationale *r, const char *label)
{
	size_t i;
	print_message("%s: conclusion %s\n", label, conclusion_name(r->conclusion));
	for (i = 0; i < r->reason_count; i++)
		print_message("  reason %s (line %u)\n", r->reasons[i].name, r->reasons[i].line);
	for (i = 0; i < r->claim_count; i++)
		print_message("  claim %s %s%s%s: %s\n", rules->facts[r->claims[i].fact].name,
			      kind_name(r->claims[i].kind), r->claims[i].qualified ? " qualified" : "",
			      r->claims[i].about_case ? "" : " (not about the case)", r->claims[i].matched);
}

static int check_claim_map(const imr_rationale *r, const imr_ynode *root, const char *key, int qualified,
			   const char *label)
{
	const imr_ynode *map = imr__ymap_get(root, key, NULL);
	size_t i;
	int failures = 0;
	for (i = 0; map && i < map->count; i++) {
		const char *fact = map->kids[2 * i]->str, *kind = map->kids[2 * i + 1]->str;
		if (imr__vocab_fact(rules, fact, strlen(fact)) < 0) {
			print_message("%s: unknown fact %s\n", label, fact);
			failures++;
		} else if (!has_claim(r, fact, kind, qualified)) {
			print_message("%s: expected a%s %s claim of %s\n", label, qualified ? " qualified" : "n unqualified",
				      kind, fact);
			failures++;
		}
	}
	return failures;
}

static int check_absent_claims(const imr_rationale *r, const imr_ynode *root, const char *key,
			       const char *const *kinds, const char *label)
{
	const imr_ynode *list = imr__ymap_get(root, key, NULL);
	size_t i, k;
	int failures = 0;
	for (i = 0; list && i < list->count; i++) {
		const char *fact = list->kids[i]->str;
		if (imr__vocab_fact(rules, fact, strlen(fact)) < 0) {
			print_message("%s: unknown fact %s\n", label, fact);
			failures++;
			continue;
		}
		for (k = 0; kinds[k]; k++)
			if (has_claim(r, fact, kinds[k], 0)) {
				print_message("%s: unexpected %s claim of %s\n", label, kinds[k], fact);
				failures++;
			}
	}
	return failures;
}

static int check_reasons(const imr_rationale *r, const imr_ynode *root, const char *label)
{
	const imr_ynode *list = imr__ymap_get(root, "reasons", NULL);
	size_t i, j, n = list ? list->count : 0;
	int failures = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < r->reason_count && strcmp(r->reasons[j].name, list->kids[i]->str) != 0; j++)
			;
		if (j == r->reason_count) {
			print_message("%s: reason %s not found\n", label, list->kids[i]->str);
			failures++;
		}
	}
	for (j = 0; j < r->reason_count; j++) {
		for (i = 0; i < n && strcmp(r->reasons[j].name, list->kids[i]->str) != 0; i++)
			;
		if (i == n) {
			print_message("%s: unexpected reason %s (\"%s\")\n", label, r->reasons[j].name,
				      r->reasons[j].sentence);
			failures++;
		}
	}
	return failures;
}

/* imr__extract_rationale_facts(), the one search of the rationale
 * lexicons an audit makes per item, finds exactly the reasons the full
 * reading of the rationale finds. */
static int check_one_search(const imr_rationale *r, const imr_text *text, const char *label)
{
	unsigned char *found = calloc(rules->nfacts + 1, 1);
	size_t len, f, j;
	imr_diags diags;
	int failures = 0, marked;
	assert_non_null(found);
	imr_text_data(text, &len);
	imr_diags_init(&diags);
	marked = imr__extract_rationale_facts(worker, text, 0, len, found, &diags);
	assert_true(marked >= 0);
	assert_int_equal(imr__extract_rationale_facts(worker, text, 0, len, found, &diags), 0); /* kept */
	imr_diags_dispose(&diags);
	for (f = 0; f < rules->nfacts; f++) {
		const char *name = rules->facts[f].name;
		int reason = strncmp(name, "denial.", 7) == 0 || strncmp(name, "approval.", 9) == 0;
		for (j = 0; j < r->reason_count && r->reasons[j].fact != (int)f; j++)
			;
		if (reason && found[f] != (j < r->reason_count)) {
			print_message("%s: one search %s %s, the full reading %s\n", label,
				      found[f] ? "finds" : "misses", name, found[f] ? "misses it" : "finds it");
			failures++;
		}
	}
	free(found);
	return failures;
}

/* A reading of the conclusion alone (what an audit makes) comes to the
 * conclusion of the full reading @p r, stated in the same sentence. */
static int check_conclusion_only(const imr_rationale *r, const imr_text *text, const char *label)
{
	imr_rationale *c = NULL;
	imr_diags diags;
	size_t len;
	int failures = 0;
	imr_text_data(text, &len);
	imr_diags_init(&diags);
	assert_int_equal(imr__rationale_read_opts(&c, worker, text, 0, len,
						  IMR__RATIONALE_SERVICES_LATER | IMR__RATIONALE_CONCLUSION_ONLY, &diags),
			 IMR_OK);
	imr_diags_dispose(&diags);
	if (c->conclusion != r->conclusion || c->conclusion_line != r->conclusion_line ||
	    c->conclusion_start != r->conclusion_start || c->sentences != r->sentences ||
	    (r->conclusion_sentence && (!c->conclusion_sentence ||
					strcmp(c->conclusion_sentence, r->conclusion_sentence) != 0))) {
		print_message("%s: the conclusion alone is %s at line %u, the full reading %s at line %u\n", label,
			      conclusion_name(c->conclusion), c->conclusion_line, conclusion_name(r->conclusion),
			      r->conclusion_line);
		failures++;
	}
	/* nothing else is read */
	assert_int_equal(c->claim_count, 0);
	assert_int_equal(c->reason_count, 0);
	assert_int_equal(c->service_count, 0);
	imr__rationale_free(c);
	return failures;
}

static int check_case(const char *dir, const char *base)
{
	static const char *const denials[] = { "denied", "not_in_record", NULL };
	static const char *const assertions[] = { "asserted", NULL };
	char path[2048];
	char *data;
	size_t len;
	imr_text *text = NULL;
	imr_rationale *r;
	imr_ydoc *doc = NULL;
	const imr_ynode *root, *v;
	imr_diags diags;
	int failures = 0;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, base);
	data = imr_test_read_file(path, &len);
	r = read_text(data, &text);
	snprintf(path, sizeof(path), "%s/%s.expect.yaml", dir, base);
	imr_diags_init(&diags);
	if (imr__yaml_parse_file(&doc, path, NULL, &diags) < 0) {
		imr_test_print_diags(&diags);
		fail_msg("cannot read %s", path);
	}
	imr_diags_dispose(&diags);
	root = imr__ydoc_root(doc);
	if ((v = imr__ymap_get(root, "conclusion", NULL)) && strcmp(v->str, conclusion_name(r->conclusion)) != 0) {
		print_message("%s: conclusion %s, expected %s\n", base, conclusion_name(r->conclusion), v->str);
		failures++;
	}
	if (imr__ymap_get(root, "reasons", NULL))
		failures += check_reasons(r, root, base);
	failures += check_claim_map(r, root, "claims", 0, base);
	failures += check_claim_map(r, root, "qualified", 1, base);
	failures += check_absent_claims(r, root, "not_denied", denials, base);
	failures += check_absent_claims(r, root, "not_asserted", assertions, base);
	failures += check_one_search(r, text, base);
	failures += check_conclusion_only(r, text, base);
	if (failures)
		dump(r, base);
	imr__ydoc_free(doc);
	imr__rationale_free(r);
	imr_text_free(text);
	free(data);
	return failures;
}

static void rationale_fixtures(void **state)
{
	const char *dir = imr_test_fixture("rationale");
	char dirbuf[1024];
	DIR *d;
	struct dirent *de;
	size_t cases = 0;
	int failures = 0;
	(void)state;
	snprintf(dirbuf, sizeof(dirbuf), "%s", dir);
	d = opendir(dirbuf);
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char base[512];
		if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(base, sizeof(base), "%.*s", (int)(n - 4), de->d_name);
		failures += check_case(dirbuf, base);
		cases++;
	}
	closedir(d);
	print_message("%zu rationale fixtures, %d failed expectations\n", cases, failures);
	assert_true(cases >= 25);
	assert_int_equal(failures, 0);
}

static const char pasted[] =
	"In this case, the injured worker reports ongoing pain in the lower back after the fall on 03/02/2016. "
	"The records submitted do not document objective functional improvement with the 12 visits of therapy "
	"already given, and the claimant is able to continue a home exercise program. The request is not "
	"medically necessary.";
static const char pasted_other_numbers[] =
	"In this case, the injured worker reports ongoing pain in the lower back after the fall on 11/09/2015. "
	"The records submitted do not document objective functional improvement with the 24 visits of therapy "
	"already given, and the claimant is able to continue a home exercise program. The request is not "
	"medically necessary.";
static const char pasted_edited[] =
	"In this case, the injured worker reports ongoing pain in the upper back after the fall on 03/02/2016. "
	"The records submitted do not document objective functional improvement with the 12 visits of therapy "
	"already given, and the claimant is able to continue a home exercise program. The request is not "
	"medically necessary.";
static const char different[] =
	"In this case, the claimant has weakness of the left ankle and a positive straight leg raise at sixty "
	"degrees, with an MRI showing a large disc extrusion compressing the left S1 nerve root; six weeks of "
	"therapy and medication did not help. The injection is medically necessary.";
static const char guideline_only[] = "Guidelines recommend imaging when red flags are present.";

static void fingerprints(void **state)
{
	imr_text *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL;
	imr_rationale *a = read_text(pasted, &t1), *b = read_text(pasted_other_numbers, &t2);
	imr_rationale *c = read_text(pasted_edited, &t3), *d = read_text(different, &t4);
	imr_rationale *e = read_text(guideline_only, &t5);
	(void)state;
	assert_true(a->hash != 0);
	assert_true(a->hash == b->hash);          /* numbers and dates do not count */
	assert_true(a->hash != c->hash);
	assert_true(imr__rationale_distance(a->simhash, c->simhash) <= 12);
	assert_true(imr__rationale_distance(a->simhash, d->simhash) > 12);
	assert_true(e->hash == 0 && e->simhash == 0);  /* nothing about the case */
	assert_int_equal(e->case_sentences, 0);
	imr__rationale_free(a);
	imr__rationale_free(b);
	imr__rationale_free(c);
	imr__rationale_free(d);
	imr__rationale_free(e);
	imr_text_free(t1);
	imr_text_free(t2);
	imr_text_free(t3);
	imr_text_free(t4);
	imr_text_free(t5);
}

static void services_named(void **state)
{
	static const char s[] = "The guidelines support an MRI of the cervical spine after red flags. "
				"Therefore, the request for thoracic spine x-rays is not medically necessary.";
	imr_text *t = NULL;
	imr_rationale *r = read_text(s, &t);
	size_t i;
	int mri_cervical = 0, xray_in_conclusion = 0;
	(void)state;
	for (i = 0; i < r->service_count; i++) {
		const imr_named_service *ns = &r->services[i];
		if (ns->procedure && strcmp(ns->procedure, "mri") == 0 && !ns->in_conclusion)
			mri_cervical = 1;
		if (ns->procedure && strcmp(ns->procedure, "xray") == 0 && ns->in_conclusion)
			xray_in_conclusion = 1;
	}
	assert_true(mri_cervical);
	assert_true(xray_in_conclusion);
	imr__rationale_free(r);
	imr_text_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rationale_fixtures),
		cmocka_unit_test(fingerprints),
		cmocka_unit_test(services_named),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
