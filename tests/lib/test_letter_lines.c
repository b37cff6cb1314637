/* test_letter_lines.c - the line model of a letter: which lines are
 * headings (a line of its own, or inline with its colon), which are
 * labels, the sections they open and their order, page debris, and the
 * text of a section. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#define ITEM "Knee MRI: Upheld\nDecision rationale: Not supported.\n"

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

static void parse_fails(const char *text, const char *code, unsigned line, unsigned col,
			const char *message)
{
	imr_diags diags = IMR_DIAGS_INIT;
	int err;
	imr_letter *l = imr_test_parse_letter(text, &diags, &err);
	assert_int_equal(err, IMR_EINVALID);
	assert_null(l);
	assert_diag(&diags, code, line, col);
	if (message)
		assert_string_equal(diags.items[0].message, message);
	imr_diags_dispose(&diags);
}

static void headings_fill_their_line(void **state)
{
	imr_letter *l;
	(void)state;
	/* case, indentation, spaces inside and a final colon do not matter */
	l = parse_ok("   Clinical   Case Summary:  \nThe patient has knee pain.\n"
		     "imr issues, decisions and rationales\n" ITEM);
	assert_string_equal(l->summary, "The patient has knee pain.");
	assert_int_equal(l->item_count, 1);
	imr_letter_free(l);
	/* a heading's words followed by more words are text, not a heading */
	l = parse_ok("CLINICAL CASE SUMMARY\nCLINICAL CASE SUMMARY of the treating physician follows.\n"
		     "IMR ISSUES, DECISIONS AND RATIONALES\n" ITEM);
	assert_string_equal(l->summary, "CLINICAL CASE SUMMARY of the treating physician follows.");
	imr_letter_free(l);
}

static void inline_headings_need_their_colon(void **state)
{
	imr_letter *l;
	(void)state;
	/* the section's text starts on the heading's own line */
	l = parse_ok("HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n"
		     "Case Summary: The patient has knee pain.\nIt began in 2015.\n"
		     "IMR ISSUES, DECISIONS AND RATIONALES\n" ITEM);
	assert_string_equal(l->summary, "The patient has knee pain. It began in 2015.");
	assert_int_equal(l->summary_span.line, 3);
	imr_letter_free(l);
	/* without its colon it is text */
	parse_fails("HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n"
		    "Case Summary of the patient, knee pain.\n"
		    "IMR ISSUES, DECISIONS AND RATIONALES\n" ITEM,
		    "missing-section", 4, 1,
		    "missing section 'CLINICAL CASE SUMMARY' before 'IMR ISSUES, DECISIONS AND RATIONALES'");
}

static void sections_in_order(void **state)
{
	(void)state;
	parse_fails("HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n"
		    "IMR ISSUES, DECISIONS AND RATIONALES\n" ITEM
		    "CLINICAL CASE SUMMARY\nThe patient has knee pain.\n",
		    "section-order", 6, 1,
		    "section 'CLINICAL CASE SUMMARY' is out of order: it must come before 'IMR ISSUES, "
		    "DECISIONS AND RATIONALES'");
	parse_fails("CLINICAL CASE SUMMARY\nThe patient has knee pain.\n"
		    "DOCUMENTS REVIEWED\nUtilization review dated 1/2/2016.\n"
		    "IMR DECISION(S) AND RATIONALE(S)\n" ITEM,
		    "section-order", 3, 1,
		    "section 'DOCUMENTS REVIEWED' is out of order: it must come before 'CLINICAL CASE "
		    "SUMMARY'");
	/* the how section, the documents and the credentials are optional */
	{
		imr_letter *l = parse_ok("CLINICAL CASE SUMMARY\nThe patient has knee pain.\n"
					 "IMR DECISION(S) AND RATIONALE(S)\n" ITEM);
		assert_int_equal(l->layout, IMR_LAYOUT_DECISIONS);
		assert_null(l->documents_reviewed);
		assert_null(l->specialty);
		imr_letter_free(l);
	}
	/* the summary is not */
	parse_fails("Notice of Independent Medical Review Determination\n" ITEM, "missing-section", 2, 1,
		    "missing section 'CLINICAL CASE SUMMARY' before the first disputed item");
	parse_fails("HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer decided.\n", "truncated", 2, 20,
		    "letter ends before section 'CLINICAL CASE SUMMARY'");
}

static void page_debris(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok("CLINICAL CASE SUMMARY\nThe patient has knee\n- 2 -\npain and swelling.\nPage 3 of 4\n"
		     "IMR ISSUES, DECISIONS AND RATIONALES\n"
		     "Knee MRI: Upheld\n"
		     "MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004, Page(s):\n343\n"
		     "Decision rationale: Not supported.\n");
	assert_string_equal(l->summary, "The patient has knee pain and swelling.");
	/* a number after a wrapped "Page(s):" is the citation's */
	assert_string_equal(l->items[0].reviewer.cites[0].pages, "343");
	imr_letter_free(l);
}

static void documents_and_summary_text(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok("DOCUMENTS REVIEWED\nUtilization review dated 1/2/2016\nMRI of the knee\n"
		     "CLINICAL CASE SUMMARY\n"
		     "The expert reviewer developed the following clinical case summary based on a review of\n"
		     "the case file, including all medical records:\nThe patient has knee pain.\n"
		     "IMR DECISION(S) AND RATIONALE(S)\n" ITEM);
	assert_string_equal(l->documents_reviewed, "Utilization review dated 1/2/2016 MRI of the knee");
	assert_string_equal(l->summary, "The patient has knee pain.");
	assert_int_equal(l->summary_span.line, 7);
	imr_letter_free(l);
}

/* A section's text joins its lines with one space, and every run of
 * spaces inside a line is one space too. */
static void section_text_spaces_collapsed(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok("DOCUMENTS REVIEWED\n   Utilization    review  dated 1/2/2016   \n  MRI of   the  knee \nX\n"
		     "CLINICAL CASE SUMMARY\nThe patient  has   knee pain.\n"
		     "IMR DECISION(S) AND RATIONALE(S)\n" ITEM);
	assert_string_equal(l->documents_reviewed, "Utilization review dated 1/2/2016 MRI of the knee X");
	assert_string_equal(l->summary, "The patient has knee pain.");
	imr_letter_free(l);
}

/* Runs of spaces are found sixteen bytes at a time: a run of three at
 * each space of a long summary line, first and last included, is one
 * space. */
static void runs_of_spaces_anywhere_in_a_long_line(void **state)
{
	static const char line[] = "The patient reports pain in the lower back since the fall at work in May.";
	char text[512], wide[160];
	size_t k;
	(void)state;
	for (k = 1; k + 1 < sizeof(line) - 1; k++) {
		imr_letter *l;
		if (line[k] != ' ')
			continue;
		snprintf(wide, sizeof(wide), "%.*s   %s", (int)k, line, line + k + 1);
		snprintf(text, sizeof(text), "CLINICAL CASE SUMMARY\n%s\nIMR DECISION(S) AND RATIONALE(S)\n" ITEM, wide);
		l = parse_ok(text);
		assert_string_equal(l->summary, line);
		imr_letter_free(l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headings_fill_their_line),
		cmocka_unit_test(inline_headings_need_their_colon),
		cmocka_unit_test(sections_in_order),
		cmocka_unit_test(page_debris),
		cmocka_unit_test(documents_and_summary_text),
		cmocka_unit_test(section_text_spaces_collapsed),
		cmocka_unit_test(runs_of_spaces_anywhere_in_a_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
