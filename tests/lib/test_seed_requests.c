/* test_seed_requests.c - the seed letters' items, encoded as request files,
 * come out as the reviewers decided them, for the reviewers' reasons.
 *
 * These assertions are independent of the golden files: regenerating the
 * goldens cannot hide a change of outcome or of the deciding criteria. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

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

static imr_result *evaluate(const char *fixture, imr_request **req)
{
	imr_diags diags;
	imr_result *result = NULL;
	imr_diags_init(&diags);
	if (imr_request_load_file(req, rules, imr_test_fixture(fixture), IMR_DATE_NONE, NULL,
				  &diags) < 0) {
		imr_test_print_diags(&diags);
		fail_msg("cannot load %s", fixture);
	}
	imr_diags_dispose(&diags);
	assert_int_equal(imr_eval_request(&result, rules, *req, NULL), IMR_OK);
	return result;
}

/* The criterion is not met, or not documented: either way a reason. */
static void assert_unmet(const imr_result *result, size_t item, const char *id)
{
	const imr_criterion_result *cr = imr_test_criterion(result, item, id);
	if (!cr)
		fail_msg("no criterion %s in item %zu", id, item);
	if (cr->status != IMR_STATUS_NOT_MET && cr->status != IMR_STATUS_NOT_DOCUMENTED)
		fail_msg("%s should be a reason for denial, but is %s", id, imr_status_name(cr->status));
}

static void assert_upheld(const imr_result *result, size_t item)
{
	const imr_item_result *ir = imr_result_item(result, item);
	assert_non_null(ir);
	assert_int_equal(ir->outcome, IMR_OUTCOME_UPHELD);
	assert_int_equal(ir->medically_necessary, 0);
}

static void seed_000_sacral_ala(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/000-sacral-ala-syndesmosis.yaml", &req);
	const imr_item_result *ir = imr_result_item(r, 0);
	(void)state;
	assert_upheld(r, 0);
	/* injections are reserved for failed conservative care (ACOEM ch. 3 p. 48) */
	assert_unmet(r, 0, "mtus.acoem.ch3-injections/conservative-care-failed");
	/* the sacral-injection exam criteria (three signs, ODG) */
	assert_unmet(r, 0, "odg.hip.sacroiliac-joint-blocks/three-provocation-tests");
	/* cauda equina signs make an elective injection inappropriate */
	assert_criterion(r, 0, "mtus.acoem.ch12-red-flags/no-cauda-equina", IMR_STATUS_NOT_MET);
	assert_int_equal(ir->can_change, 0);
	assert_non_null(ir->no_change_reason);
	imr_result_free(r);
	imr_request_free(req);
}

static void seed_001_si_joint(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/001-bilateral-si-joint.yaml", &req);
	(void)state;
	assert_upheld(r, 0);
	assert_string_equal(imr_result_item(r, 0)->rule->id, "mtus.acoem.ch12-sacroiliac-joint-injections");
	assert_criterion(r, 0, "mtus.acoem.ch12-sacroiliac-joint-injections/pain-focal-to-joint",
			 IMR_STATUS_NOT_MET);
	imr_result_free(r);
	imr_request_free(req);
}

static void seed_002_caudal_esi(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/002-caudal-esi.yaml", &req);
	(void)state;
	assert_upheld(r, 0);
	assert_string_equal(imr_result_item(r, 0)->rule->id, "mtus.cpmtg.esi");
	assert_unmet(r, 0, "mtus.cpmtg.esi/radiculopathy-corroborated");
	assert_criterion(r, 0, "mtus.cpmtg.esi/approach-unambiguous", IMR_STATUS_NOT_MET);
	assert_criterion(r, 0, "mtus.cpmtg.esi/radiculopathy-on-exam", IMR_STATUS_MET);
	imr_result_free(r);
	imr_request_free(req);
}

static void seed_003_facet_and_associated(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/003-facet-injections.yaml", &req);
	size_t i, facet = 5;
	(void)state;
	assert_int_equal(imr_result_item_count(r), 6);
	assert_string_equal(imr_result_item(r, facet)->procedure, "facet_joint_injection");
	assert_upheld(r, facet);
	assert_string_equal(imr_result_item(r, facet)->rule->id, "mtus.acoem.ch12-facet-injections");
	assert_unmet(r, facet, "mtus.acoem.ch12-facet-injections/diagnostic-purpose");
	assert_unmet(r, facet, "mtus.acoem.ch12-facet-injections/neurotomy-workup");
	/* the five associated services follow the primary */
	for (i = 0; i < facet; i++) {
		const imr_item_result *ir = imr_result_item(r, i);
		assert_upheld(r, i);
		assert_string_equal(ir->primary, imr_result_item(r, facet)->id);
		assert_int_equal(ir->criteria_count >= 1, 1);
		assert_string_equal(ir->criteria[0].local_id, "primary-medically-necessary");
		assert_int_equal(ir->criteria[0].status, IMR_STATUS_NOT_MET);
	}
	imr_result_free(r);
	imr_request_free(req);
}

static void seed_004_facet_block(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/004-facet-block.yaml", &req);
	(void)state;
	assert_upheld(r, 0);
	/* not recommended except as a diagnostic tool */
	assert_criterion(r, 0, "mtus.acoem.ch12-facet-injections/diagnostic-purpose", IMR_STATUS_NOT_MET);
	/* not with radicular symptoms (leg pain) */
	assert_criterion(r, 0, "odg.low-back.facet-therapeutic-injections/no-radicular-pain",
			 IMR_STATUS_NOT_MET);
	imr_result_free(r);
	imr_request_free(req);
}

static void seed_004_soft_tissue_hip(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/004-soft-tissue-hip.yaml", &req);
	(void)state;
	assert_upheld(r, 0);
	assert_unmet(r, 0, "odg.hip.trochanteric-bursitis-injections/target-named");
	assert_unmet(r, 0, "odg.hip.trochanteric-bursitis-injections/bursitis-diagnosed");
	imr_result_free(r);
	imr_request_free(req);
}

static void corroborated_esi_is_necessary(void **state)
{
	imr_request *req;
	imr_result *r = evaluate("requests/lumbar-esi-corroborated.yaml", &req);
	size_t i;
	(void)state;
	for (i = 0; i < imr_result_item_count(r); i++) {
		assert_int_equal(imr_result_item(r, i)->outcome, IMR_OUTCOME_OVERTURNED);
		assert_int_equal(imr_result_item(r, i)->medically_necessary, 1);
	}
	imr_result_free(r);
	imr_request_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_000_sacral_ala),
		cmocka_unit_test(seed_001_si_joint),
		cmocka_unit_test(seed_002_caudal_esi),
		cmocka_unit_test(seed_003_facet_and_associated),
		cmocka_unit_test(seed_004_facet_block),
		cmocka_unit_test(seed_004_soft_tissue_hip),
		cmocka_unit_test(corroborated_esi_is_necessary),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
