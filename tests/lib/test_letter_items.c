/* test_letter_items.c - decision statements and item fields, one shape at
 * a time: word forms on one line and over two, decision lines, numbered
 * items, decision sentences (bare, numbered, opened by "Yes,"/"No," or by
 * the 2013 opener), a summary list before the items, item headings, what
 * is not a statement (a rationale's closing sentence), and the errors for
 * what the words do not know. */
#include "test.h"

#include <string.h>

#define SUMMARY "CLINICAL CASE SUMMARY\nThe patient has low back pain after a fall.\n"
#define ISSUES                                                                                    \
	"IMR ISSUES, DECISIONS AND RATIONALES\n"                                                  \
	"The Final Determination was based on decisions for the disputed items/services set forth " \
	"below:\n"
#define FIELDS(rationale)                                                                         \
	"Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.\n"      \
	"MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Special " \
	"Studies.\n"                                                                              \
	"Decision rationale: " rationale "\n"

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
			const char *words)
{
	imr_diags diags = IMR_DIAGS_INIT;
	int err;
	imr_letter *l = imr_test_parse_letter(text, &diags, &err);
	assert_int_not_equal(err, IMR_OK);
	assert_null(l);
	assert_diag(&diags, code, line, col);
	if (words && !strstr(diags.items[0].message, words)) {
		imr_test_print_diags(&diags);
		fail_msg("the message does not say '%s'", words);
	}
	imr_diags_dispose(&diags);
}

static void assert_item(const imr_letter *l, size_t k, imr_outcome decision, const char *service,
			const char *decision_text)
{
	assert_true(k < l->item_count);
	assert_int_equal(l->items[k].number, k + 1);
	assert_int_equal(l->items[k].decision, decision);
	assert_string_equal(l->items[k].service, service);
	assert_string_equal(l->items[k].decision_text, decision_text);
	assert_non_null(l->items[k].rationale);
}

/* ---- word forms ---- */

static void word_forms(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok(SUMMARY ISSUES "Lumbar MRI without contrast: Upheld\n" FIELDS("Not supported.")
			     "Electromyography of both\nlegs:\nOverturned\n" FIELDS("Supported."));
	assert_int_equal(l->item_count, 2);
	assert_item(l, 0, IMR_OUTCOME_UPHELD, "Lumbar MRI without contrast", "Upheld");
	assert_item(l, 1, IMR_OUTCOME_OVERTURNED, "Electromyography of both legs", "Overturned");
	assert_int_equal(l->items[1].decision_span.line, 11);
	assert_int_equal(l->items[1].service_span.line, 9);
	assert_string_equal(l->items[0].rationale, "Not supported.");
	imr_letter_free(l);

	/* a decision line, and numbered items, under any decisions heading */
	l = parse_ok(SUMMARY ISSUES "1. Lumbar MRI without\ncontrast\nDecision: Upheld\n" FIELDS("No.")
			     "2) Physical therapy, 6 sessions: upheld.\n" FIELDS("No."));
	assert_item(l, 0, IMR_OUTCOME_UPHELD, "Lumbar MRI without contrast", "Upheld");
	assert_item(l, 1, IMR_OUTCOME_UPHELD, "Physical therapy, 6 sessions", "upheld."); /* as written */
	imr_letter_free(l);
}

/* ---- decision sentences ---- */

static void bare_sentences_followed_by_fields(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok(SUMMARY ISSUES "Lumbar MRI without contrast is not medically necessary and appropriate.\n"
			     FIELDS("The request is not medically necessary.")
			     "Six sessions of physical therapy are medically necessary.\n"
			     FIELDS("The request is medically necessary."));
	assert_int_equal(l->item_count, 2);
	assert_item(l, 0, IMR_OUTCOME_UPHELD, "Lumbar MRI without contrast",
		    "is not medically necessary and appropriate");
	assert_item(l, 1, IMR_OUTCOME_OVERTURNED, "Six sessions of physical therapy",
		    "are medically necessary");
	/* the rationale ends where the next statement starts */
	assert_string_equal(l->items[0].rationale, "The request is not medically necessary.");
	imr_letter_free(l);

	/* wrapped, the phrase going on over the line end */
	l = parse_ok(SUMMARY ISSUES "Lumbar MRI without contrast is medically necessary\nand appropriate.\n"
			     FIELDS("Yes."));
	assert_item(l, 0, IMR_OUTCOME_OVERTURNED, "Lumbar MRI without contrast",
		    "is medically necessary and appropriate");
	imr_letter_free(l);
}

static void numbered_sentences(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok(SUMMARY "IMR DECISION(S) AND RATIONALE(S)\n"
			     "1. Lumbar MRI is medically necessary.\n" FIELDS("Red flags are documented.")
			     "2. Twelve chiropractic visits are not medically\nnecessary.\n" FIELDS("Six is the trial."));
	assert_int_equal(l->item_count, 2);
	assert_int_equal(l->layout, IMR_LAYOUT_DECISIONS);
	assert_item(l, 0, IMR_OUTCOME_OVERTURNED, "Lumbar MRI", "is medically necessary");
	assert_item(l, 1, IMR_OUTCOME_UPHELD, "Twelve chiropractic visits", "are not medically necessary");
	imr_letter_free(l);
}

static void yes_and_no_openers(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok(SUMMARY ISSUES "No, the request for a lumbar MRI is not medically necessary.\n" FIELDS("No.")
			     "Yes, the request for six sessions of physical therapy is medically\nnecessary.\n"
			     FIELDS("Yes."));
	assert_int_equal(l->item_count, 2);
	assert_item(l, 0, IMR_OUTCOME_UPHELD, "a lumbar MRI", "is not medically necessary");
	assert_item(l, 1, IMR_OUTCOME_OVERTURNED, "six sessions of physical therapy", "is medically necessary");
	imr_letter_free(l);
	/* an opener its phrase contradicts */
	parse_fails(SUMMARY ISSUES "Yes, the request for a lumbar MRI is not medically necessary.\n" FIELDS("No."),
		    "inconsistent-decision", 5, 1, "the request is not medically necessary");
}

/* A numbered summary under the title, then the items with their fields
 * under the decisions heading: the items are the second list, which the
 * first must agree with. */
static void summary_list_before_the_items(void **state)
{
	imr_letter *l;
	(void)state;
	l = parse_ok("Notice of Independent Medical Review Determination\n"
		     "1) MAXIMUS Federal Services, Inc. has determined the request for lumbar MRI is not\n"
		     "medically necessary and appropriate.\n"
		     "2) MAXIMUS Federal Services, Inc. has determined the request for physical therapy is\n"
		     "medically necessary and appropriate.\n" SUMMARY ISSUES
		     "Lumbar MRI without contrast: Upheld\n" FIELDS("No.") "Physical therapy: Overturned\n" FIELDS("Yes."));
	assert_int_equal(l->layout, IMR_LAYOUT_NOTICE_2013);
	assert_int_equal(l->item_count, 2);
	assert_item(l, 0, IMR_OUTCOME_UPHELD, "Lumbar MRI without contrast", "Upheld");
	assert_item(l, 1, IMR_OUTCOME_OVERTURNED, "Physical therapy", "Overturned");
	imr_letter_free(l);
	parse_fails("Notice of Independent Medical Review Determination\n"
		    "1) MAXIMUS Federal Services, Inc. has determined the request for lumbar MRI is\n"
		    "medically necessary and appropriate.\n" SUMMARY ISSUES
		    "Lumbar MRI without contrast: Upheld\n" FIELDS("No."),
		    "inconsistent-decision", 2, 4, "decision statement 1 says the request is medically necessary");
}

/* A 2013 notice: statements, their repetition, the fields under item
 * headings; the limit counts items, not statements. */
static void item_headings(void **state)
{
	static const char text[] =
		"Notice of Independent Medical Review Determination\n"
		"1) MAXIMUS Federal Services, Inc. has determined the request for lumbar MRI is not\n"
		"medically necessary and appropriate.\n"
		"2) MAXIMUS Federal Services, Inc. has determined that the request for acupuncture is\n"
		"medically necessary and appropriate.\n"
		"INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE\n"
		"1) MAXIMUS Federal Services, Inc. has determined the request for lumbar MRI is not\n"
		"medically necessary and appropriate.\n"
		"2) MAXIMUS Federal Services, Inc. has determined that the request for acupuncture is\n"
		"medically necessary and appropriate.\n"
		"Case Summary:\nThe patient has low back pain.\n"
		"1) Regarding the request for lumbar MRI:\n"
		"Rationale for the Decision:\nNo red flags. The request for lumbar MRI is not medically\n"
		"necessary and appropriate.\n"
		"2) Regarding the request for\nacupuncture:\n"
		"Rationale for the Decision:\nA trial is supported.\n";
	imr_diags diags = IMR_DIAGS_INIT;
	imr_limits lim = IMR_LIMITS_INIT;
	imr_text *t = NULL;
	imr_letter *l;
	(void)state;
	l = parse_ok(text);
	assert_int_equal(l->item_count, 2);
	assert_item(l, 0, IMR_OUTCOME_UPHELD, "lumbar MRI", "is not medically necessary and appropriate");
	assert_item(l, 1, IMR_OUTCOME_OVERTURNED, "acupuncture", "is medically necessary and appropriate");
	assert_string_equal(l->items[1].rationale, "A trial is supported.");
	assert_string_equal(l->summary, "The patient has low back pain.");
	imr_letter_free(l);
	lim.items = 2;
	assert_int_equal(imr_text_new(&t, "n.txt", text, sizeof(text) - 1, NULL, &diags), IMR_OK);
	assert_int_equal(imr_letter_parse(&l, imr_test_shipped_rules(), t, &lim, &diags), IMR_OK);
	assert_int_equal(l->item_count, 2);
	imr_letter_free(l);
	imr_text_free(t);
	imr_diags_dispose(&diags);
}

/* ---- what is not a statement, and what the words do not know ---- */

static void a_rationale_conclusion_is_not_a_statement(void **state)
{
	(void)state;
	/* an item whose statement is missing: the rationale before its fields
	 * ends like a decision, but names the request, not a service */
	parse_fails(SUMMARY ISSUES "Lumbar MRI: Upheld\n" FIELDS("No red flags.\nThe request is not medically necessary.")
			    FIELDS("Again."),
		    "missing-decision", 10, 1, "follows item 1");
	parse_fails(SUMMARY ISSUES "Lumbar MRI: Upheld\n"
			    FIELDS("No red flags.\nTherefore, the request for lumbar MRI is not medically necessary.")
			    FIELDS("Again."),
		    "missing-decision", 10, 1, "follows item 1");
	/* a sentence in the summary is never a statement */
	parse_fails(SUMMARY "The request for a lumbar MRI is not medically necessary.\n",
		    "truncated", 3, 57, "letter ends before section 'IMR ISSUES, DECISIONS AND RATIONALES'");
}

static void unknown_pieces_are_located(void **state)
{
	(void)state;
	/* a word the words do not know, before the item's fields */
	parse_fails(SUMMARY ISSUES "Lumbar MRI without contrast: Non-certified\n" FIELDS("No."),
		    "unknown-decision", 5, 30, "'Non-certified'");
	parse_fails(SUMMARY ISSUES "Lumbar MRI without contrast\nDecision: Denied\n" FIELDS("No."),
		    "unknown-decision", 6, 11, "'Denied'");
	/* no fields at all: the first line that is not the introduction */
	parse_fails(SUMMARY ISSUES "The lumbar MRI was found to be not indicated.\n",
		    "unknown-decision", 5, 1, "'The lumbar MRI was found to be not indicated.'");
	/* a numbered statement whose opener promises a decision it never states */
	parse_fails("Notice of Independent Medical Review Determination\n"
		    "1) MAXIMUS Federal Services, Inc. has determined the request for lumbar MRI is\n"
		    "denied.\n" SUMMARY,
		    "missing-decision", 2, 4, "has no decision");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(word_forms),
		cmocka_unit_test(bare_sentences_followed_by_fields),
		cmocka_unit_test(numbered_sentences),
		cmocka_unit_test(yes_and_no_openers),
		cmocka_unit_test(summary_list_before_the_items),
		cmocka_unit_test(item_headings),
		cmocka_unit_test(a_rationale_conclusion_is_not_a_statement),
		cmocka_unit_test(unknown_pieces_are_located),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
