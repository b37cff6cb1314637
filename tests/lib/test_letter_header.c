/* test_letter_header.c - header fields and credentials, wherever the
 * letter puts them: label and value on a line (two columns of them), a
 * column of labels then a column of values, a label split over two lines,
 * the 2013 labels under a notice's title, credentials labels in the
 * header or in their own block, credentials in prose. */
#include "test.h"

#include <string.h>

#include "letter_header.h"

#define BODY                                                                                      \
	"CLINICAL CASE SUMMARY\nThe patient has knee pain.\n"                                     \
	"IMR ISSUES, DECISIONS AND RATIONALES\n"                                                  \
	"Knee MRI: Upheld\nDecision rationale: Not supported.\n"

static imr_letter *parse_ok(const char *text)
{
	imr_diags diags = IMR_DIAGS_INIT;
	int err;
	imr_letter *l = imr_test_parse_letter(text, &diags, &err);
	if (err != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("parse failed with %d", err);
	}
	imr_diags_dispose(&diags);
	return l;
}

static int32_t day(int y, int m, int d)
{
	int32_t out;
	assert_int_equal(imr_date_from_ymd(&out, y, m, d), IMR_OK);
	return out;
}

static void dates_as_written_and_as_days(void **state)
{
	int32_t d;
	(void)state;
	assert_int_equal(imr__header_parse_mdy("11/09/2016", "11/09/2016" + 10, &d), 0);
	assert_int_equal(d, day(2016, 11, 9));
	assert_int_equal(imr__header_parse_mdy("8/9/13", "8/9/13" + 6, &d), 0);
	assert_int_equal(d, day(2013, 8, 9));
	assert_int_equal(imr__header_parse_mdy("10-13-2016", "10-13-2016" + 10, &d), 0);
	assert_int_equal(imr__header_parse_mdy("10-13/2016", "10-13/2016" + 10, &d), -1);
	assert_int_equal(imr__header_parse_mdy("02/30/2016", "02/30/2016" + 10, &d), -1);
	assert_int_equal(imr__header_parse_mdy("2016/10/13", "2016/10/13" + 10, &d), -1);
}

static void label_value_columns(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok("Case Number: CM15 - 0187342          Date Assigned: 09/21/2015\n"
		     "Date of Injury: 3/2/14               Decision Date: 10/19/2015\n"
		     "UR Denial Date: 02/31/2015           Priority: Expedited\n"
		     "IMR Application Received: 09/15/2015\n"
		     "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe reviewer is familiar with the guidelines.\n" BODY);
	assert_string_equal(l->header.case_number, "CM15-0187342");
	assert_string_equal(l->header.date_assigned, "09/21/2015");
	assert_int_equal(l->header.injury, day(2014, 3, 2));
	assert_string_equal(l->header.decision_date, "10/19/2015");
	/* an impossible date is kept as written, without a day number */
	assert_string_equal(l->header.ur_denial_date, "02/31/2015");
	assert_int_equal(l->header.ur_denied, IMR_DATE_NONE);
	assert_string_equal(l->header.priority, "Expedited");
	assert_string_equal(l->header.application_received, "09/15/2015");
	imr_letter_free(l);
}

static void label_and_value_columns(void **state)
{
	imr_letter *l;
	(void)state;
	/* two blocks of labels, each followed by its values; "Application"
	 * and "Received:" on two lines; a label without a value (Priority)
	 * does not shift the others */
	l = parse_ok("Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\n"
		     "CM16-0213037\n11/09/2016\n12/09/2016\n\n"
		     "Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n"
		     "10/13/2016\n11/03/2016\n11/04/2016\n\n"
		     "HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n" BODY);
	assert_string_equal(l->header.case_number, "CM16-0213037");
	assert_string_equal(l->header.date_assigned, "11/09/2016");
	assert_string_equal(l->header.decision_date, "12/09/2016");
	assert_null(l->header.priority);
	assert_string_equal(l->header.date_of_injury, "10/13/2016");
	assert_string_equal(l->header.ur_denial_date, "11/03/2016");
	assert_string_equal(l->header.application_received, "11/04/2016");
	imr_letter_free(l);
}

static void labels_of_other_years_and_credentials_in_the_header(void **state)
{
	imr_letter *l;
	(void)state;
	/* the 2013 labels in the 2016 column form, with the reviewer's
	 * credentials among them */
	l = parse_ok("MAXIMUS Case Number:\nDated:\nCertification(s)/Specialty:\n\n"
		     "CM16-0188520\n09/14/2016\nOccupational Medicine\n\n"
		     "Date of UR Decision:\nIMR Application\nReceived:\nState(s) of Licensure:\n\n"
		     "08/19/2016\n08/26/2016\nCalifornia, Oregon\n\n"
		     "HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n" BODY);
	assert_string_equal(l->header.case_number, "CM16-0188520");
	assert_string_equal(l->header.decision_date, "09/14/2016");
	assert_string_equal(l->header.ur_denial_date, "08/19/2016");
	assert_string_equal(l->header.application_received, "08/26/2016");
	assert_string_equal(l->specialty, "Occupational Medicine");
	assert_string_equal(l->licensure, "California, Oregon");
	imr_letter_free(l);

	/* label and value, one credentials label among the header labels */
	l = parse_ok("Case Number: CM16-0188520           State(s) of Licensure: Nevada\n"
		     "HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n" BODY);
	assert_string_equal(l->header.case_number, "CM16-0188520");
	assert_string_equal(l->licensure, "Nevada");
	imr_letter_free(l);
}

/* A label waits for its value only within its section. */
static void values_answer_labels_of_their_section(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok("Notice of Independent Medical Review Determination\n"
		     "Dated:\n"
		     "Date of UR Decision: 8/9/2013\n"
		     "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE\n"
		     "11/14/2013\n" BODY);
	assert_null(l->header.decision_date);
	assert_string_equal(l->header.ur_denial_date, "8/9/2013");
	imr_letter_free(l);
}

static void credentials_block_and_prose(void **state)
{
	imr_letter *l;
	(void)state;
	/* a value wraps to the next label */
	l = parse_ok("HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n"
		     "The Expert Reviewer has the following credentials:\n"
		     "State(s) of Licensure: California,\nArizona\n"
		     "Certification(s)/Specialty: Internal Medicine\n" BODY);
	assert_string_equal(l->licensure, "California, Arizona");
	assert_string_equal(l->specialty, "Internal Medicine");
	imr_letter_free(l);

	/* prose, in a how section of its own line or inline */
	l = parse_ok("Medical Qualifications of the Expert Reviewer: The Physician Reviewer is Board\n"
		     "Certified in Neurology, who has a subspecialty in Pain Medicine, and is licensed in\n"
		     "Texas and California.\n" BODY);
	assert_string_equal(l->specialty, "Neurology");
	assert_string_equal(l->licensure, "Texas");
	imr_letter_free(l);

	/* the labels win over the prose */
	l = parse_ok("HOW THE IMR FINAL DETERMINATION WAS MADE\nThe reviewer is Board Certified in Surgery.\n"
		     "The Expert Reviewer has the following credentials:\n"
		     "Certification(s)/Specialty: Orthopedic Surgery\n" BODY);
	assert_string_equal(l->specialty, "Orthopedic Surgery");
	assert_null(l->licensure);
	imr_letter_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_as_written_and_as_days),
		cmocka_unit_test(label_value_columns),
		cmocka_unit_test(label_and_value_columns),
		cmocka_unit_test(labels_of_other_years_and_credentials_in_the_header),
		cmocka_unit_test(values_answer_labels_of_their_section),
		cmocka_unit_test(credentials_block_and_prose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
