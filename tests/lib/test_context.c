/* test_context.c - each context rule on its own, with a small trigger list.
 *
 * The shipped lexicons are tested on realistic text by extract_fixtures;
 * here every rule of docs/lexicon.md ("Context") is pinned with triggers
 * written for the test, so a change in the engine shows up as a change in
 * exactly one case. */
#include "test.h"

#include <string.h>

static imr_rules *rules;
static imr_worker *worker;

static const char context_yaml[] =
	"kind: context\n"
	"name: test-context\n"
	"description: Triggers for the context tests.\n"
	"negation_before: ['\\bno\\b', '\\bdenies\\b']\n"
	"negation_after: ['\\bwas negative\\b']\n"
	"pseudo: ['\\bno increase\\b']\n"
	"terminators: ['\\bbut\\b', ';']\n"
	"uncertain: ['\\bpossible\\b', '\\bto rule out\\b']\n"
	"historical: ['\\bhistory of\\b']\n"
	"hypothetical: ['\\bif\\b']\n"
	"planned: ['\\brequested\\b']\n"
	"other_person: ['\\bmother\\b']\n"
	"record: ['\\bnot documented\\b', '\\bchart does not\\b']\n"
	"qualifier_before: ['\\bresult of\\b']\n"
	"qualifier_after: ['\\bnotes\\b']\n"
	"window: 4\n";

static const char lexicon_yaml[] =
	"kind: lexicon\n"
	"name: test-signs\n"
	"description: Signs for the context tests.\n"
	"target: notes\n"
	"entries:\n"
	"  - id: a\n"
	"    fact: exam.sign_a\n"
	"    patterns: ['\\bsign a\\b']\n"
	"  - id: b\n"
	"    fact: exam.sign_b\n"
	"    accept: [planned]\n"
	"    patterns: ['\\bsign b\\b']\n"
	"  - id: c\n"
	"    fact: exam.sign_c\n"
	"    negation: ignore\n"
	"    patterns: ['\\bsign c\\b']\n"
	"  - id: r\n"
	"    fact: exam.sign_r\n"
	"    accept: [affirmed, record]\n"
	"    patterns: ['\\bsign r\\b']\n"
	"  - id: e\n"
	"    fact: exam.sign_a\n"
	"    patterns: ['\\bresult of sign e\\b']\n";

static int setup(void **state)
{
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	if (imr_test_load_min(&rules, &diags, "context.yaml", context_yaml, "lexicon.yaml", lexicon_yaml,
			      NULL) < 0) {
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

/* The value of @p fact after extracting @p text: "true", "false" or
 * "not documented". */
static const char *value_of(const char *text, const char *fact)
{
	static char out[64];
	imr_text *t = NULL;
	imr_facts *facts = NULL;
	imr_diags diags;
	imr_diags_init(&diags);
	assert_int_equal(imr_text_new(&t, "test", text, strlen(text), NULL, &diags), IMR_OK);
	assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
	assert_int_equal(imr_extract_notes(NULL, worker, t, 0, 0, NULL, facts, &diags), IMR_OK);
	imr_facts_value_text(facts, fact, out, sizeof(out));
	imr_facts_free(facts);
	imr_text_free(t);
	imr_diags_dispose(&diags);
	return out;
}

#define A "exam.sign_a"

static void affirmed(void **state)
{
	(void)state;
	assert_string_equal(value_of("She has sign A today.", A), "true");
	assert_string_equal(value_of("Nothing of note.", A), "not documented");
}

static void negation_before_within_window(void **state)
{
	(void)state;
	assert_string_equal(value_of("There was no sign A.", A), "false");
	assert_string_equal(value_of("He denies any real sign A.", A), "false");
}

static void negation_before_beyond_window(void **state)
{
	(void)state;
	/* five words between trigger and match, window 4 */
	assert_string_equal(value_of("There was no fever, cough, chest pain or sign A.", A), "true");
}

static void negation_after(void **state)
{
	(void)state;
	assert_string_equal(value_of("Sign A was negative.", A), "false");
}

static void pseudo_trigger_is_not_negation(void **state)
{
	(void)state;
	assert_string_equal(value_of("There was no increase in sign A.", A), "true");
}

static void terminator_ends_negation(void **state)
{
	(void)state;
	assert_string_equal(value_of("No fever but sign A.", A), "true");
	assert_string_equal(value_of("No fever; sign A.", A), "true");
}

static void sentence_ends_negation(void **state)
{
	(void)state;
	assert_string_equal(value_of("There was no fever. Sign A.", A), "true");
}

static void uncertainty_sets_nothing(void **state)
{
	(void)state;
	assert_string_equal(value_of("Possible sign A.", A), "not documented");
	assert_string_equal(value_of("Sign A to rule out.", A), "not documented");
}

static void history_counts_by_default(void **state)
{
	(void)state;
	assert_string_equal(value_of("She has a history of sign A.", A), "true");
}

static void hypothetical_sets_nothing(void **state)
{
	(void)state;
	assert_string_equal(value_of("Return if sign A appears.", A), "not documented");
}

static void planned_counts_only_when_accepted(void **state)
{
	(void)state;
	assert_string_equal(value_of("The physician requested sign A.", A), "not documented");
	assert_string_equal(value_of("The physician requested sign B.", "exam.sign_b"), "true");
}

static void other_person_sets_nothing(void **state)
{
	(void)state;
	assert_string_equal(value_of("Her mother has sign A.", A), "not documented");
}

static void affirmed_wins_over_negated(void **state)
{
	(void)state;
	assert_string_equal(value_of("No sign A in May. Sign A in June.", A), "true");
}

/* The context flags of the first match of @p text. */
static unsigned flags_of(const char *text)
{
	imr_text *t = NULL;
	imr_facts *facts = NULL;
	imr_extraction *ex = NULL;
	imr_diags diags;
	unsigned flags;
	imr_diags_init(&diags);
	assert_int_equal(imr_text_new(&t, "test", text, strlen(text), NULL, &diags), IMR_OK);
	assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
	assert_int_equal(imr_extract_notes(&ex, worker, t, 0, 0, NULL, facts, &diags), IMR_OK);
	assert_true(imr_extraction_count(ex) >= 1);
	flags = imr_extraction_match(ex, 0)->flags;
	imr_extraction_free(ex);
	imr_facts_free(facts);
	imr_text_free(t);
	imr_diags_dispose(&diags);
	return flags;
}

static void record_statement_sets_nothing(void **state)
{
	(void)state;
	/* after the match within the window; before it anywhere in its clause */
	assert_string_equal(value_of("Sign A was not documented.", A), "not documented");
	assert_true(flags_of("Sign A was not documented.") & IMR_CONTEXT_RECORD);
	assert_string_equal(value_of("The chart does not show fever, cough, pain, rash or sign A.", A),
			    "not documented");
	assert_true(flags_of("The chart does not show fever, cough, pain, rash or sign A.") & IMR_CONTEXT_RECORD);
	/* not past a terminator */
	assert_string_equal(value_of("The chart does not list fever; sign A.", A), "true");
	/* an entry may accept it */
	assert_string_equal(value_of("Sign R was not documented.", "exam.sign_r"), "true");
}

static void qualifier_is_only_a_flag(void **state)
{
	(void)state;
	assert_true(flags_of("The result of sign A was read.") & IMR_CONTEXT_QUALIFIED);
	assert_string_equal(value_of("The result of sign A was read.", A), "true");
	assert_true(flags_of("There are sign A notes.") & IMR_CONTEXT_QUALIFIED);
	/* a qualifier before the match does not count from the after list */
	assert_false(flags_of("Notes say sign A.") & IMR_CONTEXT_QUALIFIED);
	/* a negation that reaches the match through a qualifier negates the
	 * qualifier: nothing is said of the sign itself */
	assert_string_equal(value_of("There was no result of sign A.", A), "not documented");
	assert_true(flags_of("There was no result of sign A.") & IMR_CONTEXT_UNCERTAIN);
	assert_string_equal(value_of("Sign A had no result.", A), "true");
	/* a qualifier may open the match itself, as a lexicon phrase */
	assert_true(flags_of("There was no result of sign E.") & IMR_CONTEXT_QUALIFIED);
	assert_true(flags_of("There was no result of sign E.") & IMR_CONTEXT_NEGATED);
}

static void negation_ignored_by_entry(void **state)
{
	(void)state;
	assert_string_equal(value_of("There was no sign C.", "exam.sign_c"), "not documented");
}

/* The sentence a match is shown in: every run of white space (spaces,
 * tabs, line ends, vertical tabs, form feeds) one space, none at the ends. */
static void evidence_sentence_has_its_white_space_collapsed(void **state)
{
	static const char text[] = "Exam:\t\t sign a  was\v\vseen\f on\n  the   left side   ";
	imr_text *t = NULL;
	imr_facts *facts = NULL;
	imr_extraction *ex = NULL;
	imr_diags diags;
	(void)state;
	imr_diags_init(&diags);
	assert_int_equal(imr_text_new(&t, "test", text, strlen(text), NULL, &diags), IMR_OK);
	assert_int_equal(imr_facts_new(&facts, rules), IMR_OK);
	assert_int_equal(imr_extract_notes(&ex, worker, t, 0, 0, NULL, facts, &diags), IMR_OK);
	assert_int_equal(imr_extraction_count(ex), 1);
	assert_string_equal(imr_extraction_match(ex, 0)->sentence, "Exam: sign a was seen on the left side");
	imr_extraction_free(ex);
	imr_facts_free(facts);
	imr_text_free(t);
	imr_diags_dispose(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(affirmed),
		cmocka_unit_test(negation_before_within_window),
		cmocka_unit_test(negation_before_beyond_window),
		cmocka_unit_test(negation_after),
		cmocka_unit_test(pseudo_trigger_is_not_negation),
		cmocka_unit_test(terminator_ends_negation),
		cmocka_unit_test(sentence_ends_negation),
		cmocka_unit_test(uncertainty_sets_nothing),
		cmocka_unit_test(history_counts_by_default),
		cmocka_unit_test(hypothetical_sets_nothing),
		cmocka_unit_test(planned_counts_only_when_accepted),
		cmocka_unit_test(other_person_sets_nothing),
		cmocka_unit_test(affirmed_wins_over_negated),
		cmocka_unit_test(negation_ignored_by_entry),
		cmocka_unit_test(record_statement_sets_nothing),
		cmocka_unit_test(qualifier_is_only_a_flag),
		cmocka_unit_test(evidence_sentence_has_its_white_space_collapsed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
