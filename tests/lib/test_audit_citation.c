/* test_audit_citation.c - what kind of source a cited reference is, and
 * which statements of a rationale say what is requested, as the shipped
 * lexicons read them for the audit (rules/lexicon/citation-sources.yaml,
 * rationale-request.yaml), and the vocabulary families the audit sets
 * regions and modalities against each other by. The citation texts are
 * written for this test, in the forms letters use. */
#include "test.h"

#include <string.h>

#include "model.h"

static imr_rules *rules;
static imr_worker *worker;
static int f_kind, f_request;

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
	f_kind = imr__vocab_fact(rules, "citation.source_kind", strlen("citation.source_kind"));
	f_request = imr__vocab_fact(rules, "rationale.request_statement", strlen("rationale.request_statement"));
	if (f_kind < 0 || f_request < 0)
		return -1;
	return imr_worker_new(&worker, rules, NULL);
}

static int teardown(void **state)
{
	(void)state;
	imr_worker_free(worker);
	imr_rules_free(rules);
	return 0;
}

/* The kinds the lexicon reads in @p cite, as "guideline,web_page" in
 * enum order. */
static const char *kinds_of(const char *cite)
{
	static char out[256];
	const imr_enum *en = &rules->enums[rules->facts[f_kind].enum_index];
	uint16_t found[16];
	int n = imr__extract_topics(worker, cite, f_kind, found, 16), i;
	size_t m;
	assert_true(n >= 0);
	out[0] = '\0';
	for (m = 0; m < en->count; m++)
		for (i = 0; i < n; i++)
			if (found[i] == m) {
				if (out[0])
					strcat(out, ",");
				strcat(out, en->members[m]);
			}
	return out;
}

static void sources_by_kind(void **state)
{
	(void)state;
	/* a guideline chapter cited without its guideline's name: no kind */
	assert_string_equal(kinds_of("Non-MTUS Citation Neck and Upper Back (Cervical collar)"), "");
	/* the letters' own lead-in names no guideline */
	assert_string_equal(kinds_of("Non-MTUS Citation http://www.drugs.com/tizanidine.html"),
			    "web_page,reference_work");
	assert_string_equal(kinds_of("Non-MTUS Citation Official Disability Guidelines (ODG) Knee & Leg, Orthotics"),
			    "guideline");
	assert_string_equal(kinds_of("American Academy of Orthopaedic Surgeons. Management of carpal tunnel "
				     "syndrome evidence-based clinical practice guideline. 2016"),
			    "guideline");
	assert_string_equal(kinds_of("NICE guideline NG59, Low back pain and sciatica in over 16s, 2016"), "guideline");
	/* "nice" in lower case is a word; the academy's page for patients is no guideline */
	assert_string_equal(kinds_of("A nice slide deck on shoulder pain"), "presentation");
	assert_string_equal(kinds_of("Rotator cuff tears, OrthoInfo, https://orthoinfo.aaos.org/en/diseases--conditions"),
			    "web_page,patient_education");
	assert_string_equal(kinds_of("Garcia R, Ito K, et al. Lumbar fusion outcomes in workers' compensation "
				     "patients. Spine 2014;39(3):201-208"),
			    "peer_reviewed");
	/* a journal's address is still the journal */
	assert_string_equal(kinds_of("Patel S, et al. Knee bracing after ligament repair. Am J Sports Med. "
				     "https://doi.org/10.1177/0363546519000000"),
			    "peer_reviewed,web_page");
	assert_string_equal(kinds_of("Mayo Clin Proc. 2015;90(2):211-219"), "peer_reviewed");
	assert_string_equal(kinds_of("Back pain, Mayo Clinic, www.mayoclinic.org/back-pain"), "web_page,patient_education");
	assert_string_equal(kinds_of("Diclofenac sodium topical gel 1%, full prescribing information, revised 2018"),
			    "drug_label");
	assert_string_equal(kinds_of("Fibromyalgia, Wikipedia"), "reference_work");
	assert_string_equal(kinds_of("Epidural injections: a review, lecture, Spring Pain Update"), "presentation");
	/* the clinical sense of "presentation" */
	assert_string_equal(kinds_of("Clinical presentation of lumbar stenosis"), "");
}

static int says_request(const char *sentence)
{
	int rc = imr__extract_says(worker, IMR_LEX_RATIONALE, sentence, f_request);
	assert_true(rc >= 0);
	return rc;
}

static void statements_of_the_request(void **state)
{
	(void)state;
	assert_true(says_request("The current request is for an MRI of the left wrist."));
	assert_true(says_request("The request for 8 sessions of acupuncture is not supported."));
	assert_true(says_request("The physician requested authorization for a CT of the head."));
	assert_true(says_request("An MRI of the thoracic spine was requested on 12/01/2016."));
	assert_true(says_request("The requested x-ray of the knee would not change the treatment."));
	assert_true(says_request("Criteria for a repeat MRI of the shoulder have not been met."));
	assert_true(says_request("The injured worker does not meet the criteria for a lumbar fusion."));
	/* history and restated guideline text */
	assert_false(says_request("She had a prior MRI of the cervical spine in 2015."));
	assert_false(says_request("ACOEM states that MRI of the hip is reserved for suspected osteonecrosis."));
	assert_false(says_request("A request for authorization dated 11/30/2016 was submitted."));
	assert_false(says_request("Criteria for ordering imaging studies include the emergence of a red flag."));
}

/* The regions of the spine and of each limb, and the imaging modalities,
 * are families; the sacrum and the arm as a whole are of none. */
static void families_of_the_vocabulary(void **state)
{
	const imr_enum *region = &rules->enums[rules->facts[rules->f_region].enum_index];
	const imr_enum *proc = &rules->enums[rules->facts[rules->f_procedure].enum_index];
	(void)state;
	assert_non_null(region->family);
	assert_string_equal(region->family[imr__vocab_member(region, "cervical", 8)], "spine");
	assert_string_equal(region->family[imr__vocab_member(region, "thoracic", 8)], "spine");
	assert_string_equal(region->family[imr__vocab_member(region, "elbow", 5)], "upper_limb");
	assert_string_equal(region->family[imr__vocab_member(region, "ankle_foot", 10)], "lower_limb");
	assert_null(region->family[imr__vocab_member(region, "sacral", 6)]);
	assert_null(region->family[imr__vocab_member(region, "upper_extremity", 15)]);
	assert_string_equal(proc->family[imr__vocab_member(proc, "xray", 4)], "imaging");
	assert_null(proc->family[imr__vocab_member(proc, "physical_therapy", 16)]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sources_by_kind),
		cmocka_unit_test(statements_of_the_request),
		cmocka_unit_test(families_of_the_vocabulary),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
