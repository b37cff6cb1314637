/* test_seed_letters.c - the five seed letters, read end to end, come out
 * as their reviewers decided, for the reviewers' reasons.
 *
 * Unlike test_seed_requests (hand-written request files), the facts here
 * come from the letters' own clinical summaries through the lexicons, and
 * the requests from the service lines: this is the whole text-to-decision
 * path, checked without golden files. */
#include "test.h"

#include <stdio.h>
#include <string.h>

static imr_rules *rules;
static imr_worker *worker;

typedef struct seed {
	imr_text *text;
	imr_letter *letter;
	imr_review *review;
} seed;

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
	return imr_worker_new(&worker, rules, NULL);
}

static int teardown(void **state)
{
	(void)state;
	imr_worker_free(worker);
	imr_rules_free(rules);
	return 0;
}

static void open_seed(seed *s, const char *name)
{
	char rel[256];
	imr_diags diags;
	snprintf(rel, sizeof(rel), "letters/seeds/%s", name);
	imr_diags_init(&diags);
	memset(s, 0, sizeof(*s));
	if (imr_text_load_file(&s->text, imr_test_fixture(rel), NULL, &diags) < 0 ||
	    imr_letter_parse(&s->letter, rules, s->text, NULL, &diags) < 0 ||
	    imr_review_letter(&s->review, worker, s->text, s->letter, &diags) < 0) {
		imr_test_print_diags(&diags);
		fail_msg("cannot review %s", name);
	}
	imr_diags_dispose(&diags);
}

static void close_seed(seed *s)
{
	imr_review_free(s->review);
	imr_letter_free(s->letter);
	imr_text_free(s->text);
}

static const imr_criterion_result *criterion(const seed *s, size_t item, const char *id)
{
	const imr_item_result *ir = s->review->items[item].result;
	size_t i;
	for (i = 0; i < ir->criteria_count; i++)
		if (strcmp(ir->criteria[i].id, id) == 0)
			return &ir->criteria[i];
	fail_msg("item %zu has no criterion %s", item + 1, id);
	return NULL;
}

/* The criterion is a reason for the denial: not met, or not documented. */
static void assert_reason(const seed *s, size_t item, const char *id)
{
	const imr_criterion_result *cr = criterion(s, item, id);
	if (cr->status != IMR_STATUS_NOT_MET && cr->status != IMR_STATUS_NOT_DOCUMENTED)
		fail_msg("%s should be a reason for the denial, but is %s", id, imr_status_name(cr->status));
}

static void assert_agrees(const seed *s, size_t item, imr_outcome want)
{
	const imr_review_item *it = &s->review->items[item];
	assert_int_equal(it->letter->decision, want);
	assert_int_equal(it->result->outcome, want);
	assert_int_equal(it->agrees, 1);
}

static void seed_000(void **state)
{
	seed s;
	(void)state;
	open_seed(&s, "000_d94f8ca5ff25fe6f.txt");
	assert_int_equal(s.review->item_count, 1);
	assert_agrees(&s, 0, IMR_OUTCOME_UPHELD);
	assert_reason(&s, 0, "mtus.acoem.ch3-injections/conservative-care-failed");
	assert_reason(&s, 0, "odg.hip.sacroiliac-joint-blocks/three-provocation-tests");
	assert_int_equal(criterion(&s, 0, "mtus.acoem.ch12-red-flags/no-cauda-equina")->status, IMR_STATUS_NOT_MET);
	assert_int_equal(s.review->items[0].result->can_change, 0);
	close_seed(&s);
}

static void seed_001(void **state)
{
	seed s;
	(void)state;
	open_seed(&s, "001_761f33d4263bd4f6.txt");
	assert_agrees(&s, 0, IMR_OUTCOME_UPHELD);
	assert_string_equal(s.review->items[0].result->rule->id, "mtus.acoem.ch12-sacroiliac-joint-injections");
	assert_int_equal(criterion(&s, 0, "mtus.acoem.ch12-sacroiliac-joint-injections/pain-focal-to-joint")->status,
			 IMR_STATUS_NOT_MET);
	close_seed(&s);
}

static void seed_002(void **state)
{
	seed s;
	(void)state;
	open_seed(&s, "002_3655419de26a90ba.txt");
	assert_agrees(&s, 0, IMR_OUTCOME_UPHELD);
	assert_string_equal(s.review->items[0].result->rule->id, "mtus.cpmtg.esi");
	assert_reason(&s, 0, "mtus.cpmtg.esi/radiculopathy-corroborated");
	assert_int_equal(criterion(&s, 0, "mtus.cpmtg.esi/approach-unambiguous")->status, IMR_STATUS_NOT_MET);
	close_seed(&s);
}

static void seed_003(void **state)
{
	seed s;
	size_t i;
	(void)state;
	open_seed(&s, "003_f22448475d8fce90.txt");
	assert_int_equal(s.review->item_count, 6);
	assert_agrees(&s, 5, IMR_OUTCOME_UPHELD);
	assert_string_equal(s.review->items[5].result->rule->id, "mtus.acoem.ch12-facet-injections");
	assert_reason(&s, 5, "mtus.acoem.ch12-facet-injections/diagnostic-purpose");
	assert_reason(&s, 5, "mtus.acoem.ch12-facet-injections/neurotomy-workup");
	for (i = 0; i < 5; i++) {
		const imr_item_result *ir = s.review->items[i].result;
		assert_agrees(&s, i, IMR_OUTCOME_UPHELD);
		assert_non_null(ir->primary);
		assert_string_equal(ir->primary, s.review->items[5].result->id);
		assert_int_equal(ir->criteria[0].status, IMR_STATUS_NOT_MET); /* the primary is not necessary */
	}
	close_seed(&s);
}

static void seed_004(void **state)
{
	seed s;
	(void)state;
	open_seed(&s, "004_861699e923b00056.txt");
	assert_int_equal(s.review->item_count, 2);
	assert_agrees(&s, 0, IMR_OUTCOME_UPHELD);
	assert_int_equal(criterion(&s, 0, "mtus.acoem.ch12-facet-injections/diagnostic-purpose")->status,
			 IMR_STATUS_NOT_MET);
	assert_int_equal(criterion(&s, 0, "odg.low-back.facet-therapeutic-injections/no-radicular-pain")->status,
			 IMR_STATUS_NOT_MET);
	assert_agrees(&s, 1, IMR_OUTCOME_UPHELD);
	assert_reason(&s, 1, "odg.hip.trochanteric-bursitis-injections/target-named");
	assert_reason(&s, 1, "odg.hip.trochanteric-bursitis-injections/bursitis-diagnosed");
	close_seed(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_000), cmocka_unit_test(seed_001), cmocka_unit_test(seed_002),
		cmocka_unit_test(seed_003), cmocka_unit_test(seed_004),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
