/* test_letter_layout.c - the letter-layout words: loading the shipped
 * file, every loader error at its place, phrase matching, and a rule set
 * extended by a second letter-layout file reading a letter the shipped
 * words alone do not. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter_layout.h"
#include "model.h"

static const imr_layout *shipped_layout(void)
{
	const imr_rules *r = imr_test_shipped_rules();
	assert_non_null(r->layout);
	return r->layout;
}

static const imr_lphrase *find_phrase(const imr_layout *lay, imr_llist list, const char *text)
{
	const imr_lphrases *l = imr__layout_list(lay, list);
	size_t i;
	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].text, text) == 0)
			return &l->items[i];
	return NULL;
}

/* ---- the shipped file ---- */

static void shipped_words_load(void **state)
{
	const imr_layout *lay = shipped_layout();
	const imr_lphrase *h;
	(void)state;
	assert_int_equal(lay->files, 1);
	h = find_phrase(lay, IMR_LL_HEADINGS, "CLINICAL CASE SUMMARY");
	assert_non_null(h);
	assert_int_equal(h->value, IMR_LROLE_SUMMARY);
	assert_int_equal(h->is_inline, 0);
	assert_int_equal(h->layout, -1);
	h = find_phrase(lay, IMR_LL_HEADINGS, "Case Summary");
	assert_non_null(h);
	assert_int_equal(h->is_inline, 1);
	h = find_phrase(lay, IMR_LL_HEADINGS, "IMR DECISION(S) AND RATIONALE(S)");
	assert_int_equal(h->value, IMR_LROLE_DECISIONS);
	assert_int_equal(h->layout, IMR_LAYOUT_DECISIONS);
	h = find_phrase(lay, IMR_LL_HEADINGS, "Notice of Independent Medical Review Determination");
	assert_int_equal(h->layout, IMR_LAYOUT_NOTICE_2013);
	assert_int_equal(find_phrase(lay, IMR_LL_HEADER_LABELS, "Date of UR Decision")->value, IMR_HF_UR);
	assert_int_equal(find_phrase(lay, IMR_LL_HEADER_LABELS, "Dated")->value, IMR_HF_DECIDED);
	assert_int_equal(find_phrase(lay, IMR_LL_FIELD_LABELS, "Rationale for the Decision")->value,
			 IMR_IF_RAT);
	assert_int_equal(find_phrase(lay, IMR_LL_DECISION_WORDS, "Upheld")->value, IMR_LOUT_UPHELD);
	assert_int_equal(find_phrase(lay, IMR_LL_DECISION_PHRASES,
				     "is not medically necessary and appropriate")->value,
			 IMR_LOUT_UPHELD);
	assert_int_equal(find_phrase(lay, IMR_LL_OPENERS, "No,")->value, IMR_LOUT_UPHELD);
	assert_int_equal(find_phrase(lay, IMR_LL_OPENERS, "Yes,")->value, IMR_LOUT_OVERTURNED);
	assert_int_equal(find_phrase(lay, IMR_LL_OPENERS, "MAXIMUS Federal Services, Inc. has determined")->value,
			 IMR_LOUT_NONE);
	assert_int_equal(find_phrase(lay, IMR_LL_CITE_GUIDELINES, "ODG")->value, IMR_GL_ODG);
	/* where each phrase is written, for messages */
	h = find_phrase(lay, IMR_LL_HEADINGS, "CLINICAL CASE SUMMARY");
	assert_non_null(strstr(h->file, "letter-layout.yaml"));
	assert_true(h->line > 1 && h->col > 1);
	/* the first phrase a parser may try at a byte */
	assert_true(imr__layout_list(lay, IMR_LL_HEADINGS)->first['c']);
	assert_false(imr__layout_list(lay, IMR_LL_HEADINGS)->first['z']);
}

/* ---- matching ---- */

static void matching_ignores_case_and_runs_of_spaces(void **state)
{
	static const char text[] = "Decision   based\non MTUS Page(s): 46";
	const char *e = text + sizeof(text) - 1, *m;
	(void)state;
	m = imr__layout_match_at(text, e, "decision based on");
	assert_non_null(m);
	assert_string_equal(m, " MTUS Page(s): 46");
	assert_null(imr__layout_match_at(text, e, "decisionbased"));
	assert_null(imr__layout_match_at(text, text + 5, "decision"));
	assert_ptr_equal(imr__layout_find_lit(text, e, "MTUS"), strstr(text, "MTUS"));
	assert_null(imr__layout_find_lit(text, e, "ODG"));
}

static void phrase_lists_match_longest_earliest_and_last(void **state)
{
	const imr_layout *lay = shipped_layout();
	const imr_lphrases *phrases = imr__layout_list(lay, IMR_LL_DECISION_PHRASES);
	const imr_lphrases *labels = imr__layout_list(lay, IMR_LL_HEADER_LABELS);
	const imr_lphrase *w;
	static const char stmt[] = "Lumbar MRI is not medically necessary and appropriate";
	static const char two[] = "X is medically necessary; Y is not medically necessary";
	const char *start, *end;
	(void)state;
	/* the longest phrase that ends the text */
	assert_true(imr__layout_suffix(phrases, stmt, stmt + sizeof(stmt) - 1, &start, &w));
	assert_string_equal(w->text, "is not medically necessary and appropriate");
	assert_ptr_equal(start, strstr(stmt, "is not"));
	assert_false(imr__layout_suffix(phrases, stmt, stmt + 20, &start, &w));
	/* the longest label at a place */
	end = imr__layout_prefix(labels, "IMR Application Received: 1/2/2014", "IMR Application Received: 1/2/2014" + 34, &w);
	assert_non_null(end);
	assert_string_equal(w->text, "IMR Application Received");
	/* the earliest and the last occurrence */
	start = imr__layout_find(phrases, two, two + sizeof(two) - 1, &end, &w);
	assert_ptr_equal(start, two + 2);
	assert_string_equal(w->text, "is medically necessary");
	start = imr__layout_find_last(phrases, two, two + sizeof(two) - 1, &end, &w);
	assert_ptr_equal(start, strstr(two, "is not"));
	assert_string_equal(w->text, "is not medically necessary");
	assert_true(imr__layout_any(phrases, two, two + sizeof(two) - 1));
	assert_false(imr__layout_any(phrases, two, two + 10));
	/* the name messages use */
	assert_string_equal(imr__layout_first(imr__layout_list(lay, IMR_LL_DECISION_WORDS), IMR_LOUT_OVERTURNED)->text,
			    "Overturned");
	assert_null(imr__layout_first(imr__layout_list(lay, IMR_LL_DECISION_WORDS), 7));
}

/* ---- loader errors ---- */

/* Load rules-min with one letter-layout file: expect status @p status and
 * a diagnostic @p code at @p line:@p col whose message holds @p words. */
static void expect_layout(const char *yaml, int status, const char *code, unsigned line, unsigned col,
			  const char *words)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	int err = imr_test_load_min(&rules, &diags, "words.yaml", yaml, NULL);
	size_t i;
	int found = 0;
	if (err != status) {
		imr_test_print_diags(&diags);
		fail_msg("expected status %d, got %d", status, err);
	}
	if (code) {
		assert_diag(&diags, code, line, col);
		for (i = 0; i < diags.count; i++)
			found |= strcmp(diags.items[i].code, code) == 0 && strstr(diags.items[i].message, words);
		if (!found) {
			imr_test_print_diags(&diags);
			fail_msg("no %s diagnostic says '%s'", code, words);
		}
	}
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

#define MINIMAL                                                                                   \
	"kind: letter-layout\n"                                                                   \
	"headings:\n"                                                                             \
	"  - {text: CLINICAL CASE SUMMARY, role: summary}\n"                                      \
	"items:\n"                                                                                \
	"  fields:\n"                                                                             \
	"    rationale: [Decision rationale]\n"                                                   \
	"decisions:\n"                                                                            \
	"  upheld: {words: [Upheld], phrases: [is not medically necessary]}\n"                    \
	"  overturned: {words: [Overturned], phrases: [is medically necessary]}\n"

static void loader_errors_are_located(void **state)
{
	(void)state;
	expect_layout(MINIMAL, IMR_OK, NULL, 0, 0, NULL);
	expect_layout(MINIMAL "citations: {lead_in: [Decision based on]}\n", IMR_EINVALID, "unknown-key", 10,
		      13, "did you mean 'lead_ins'");
	expect_layout(MINIMAL "citations: {lead_ins: Decision based on}\n", IMR_EINVALID, "wrong-type", 10,
		      23, "must be a list");
	expect_layout(MINIMAL "citations: {lead_ins: [[Decision]]}\n", IMR_EINVALID, "wrong-type", 10, 24,
		      "must be text");
	expect_layout(MINIMAL "citations: {lead_ins: ['Decision based on ']}\n", IMR_EINVALID, "bad-value",
		      10, 24, "starts or ends with a space");
	expect_layout(MINIMAL "citations: {lead_ins: ['']}\n", IMR_EINVALID, "bad-value", 10, 24,
		      "must not be empty");
	expect_layout(MINIMAL "  openers: [{text: 'No,', outcome: denied}]\n", IMR_EINVALID, "bad-value", 10,
		      36, "'denied' is not a valid outcome");
	expect_layout(MINIMAL "  openers: [{outcome: upheld}]\n", IMR_EINVALID, "missing-key", 10, 13,
		      "missing required key 'text'");
	expect_layout(MINIMAL "header: {labels: {case_number: [Case Number], date_assigned: [case  number]}}\n",
		      IMR_EINVALID, "duplicate-phrase", 10, 63, "listed twice in the header labels");
	expect_layout("kind: letter-layout\nheadings:\n  - {text: X, role: summary, inline: yes}\n",
		      IMR_EINVALID, "wrong-type", 3, 38, "'inline' must be true or false");
	expect_layout("kind: letter-layout\nheadings:\n  - {text: X, role: summary, layout: notice}\n",
		      IMR_EINVALID, "bad-value", 3, 38, "'notice' is not a valid layout");
	expect_layout("kind: letter-layout\nheadings:\n  - CLINICAL CASE SUMMARY\n", IMR_EINVALID, "wrong-type",
		      3, 5, "a heading must be a mapping");
	expect_layout("kind: letter-layout\nheadings:\n  - {role: summary}\n", IMR_EINVALID, "missing-key", 3,
		      5, "missing required key 'text'");
	/* what the parser cannot do without, at the top of the first file */
	expect_layout("kind: letter-layout\nname: empty\n", IMR_EINVALID, "missing-key", 1, 1,
		      "lacks a heading of role 'summary'");
}

/* Two files: one phrase in both is reported at the second, with the first. */
static void duplicates_across_files(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	int err;
	(void)state;
	err = imr_test_load_min(&rules, &diags, "a.yaml", MINIMAL, "b.yaml",
				"kind: letter-layout\nheadings:\n  - {text: Clinical Case Summary, role: summary}\n",
				NULL);
	assert_int_equal(err, IMR_EINVALID);
	assert_null(rules);
	assert_diag(&diags, "duplicate-phrase", 3, 12);
	assert_non_null(strstr(diags.items[0].message, "a.yaml:3:12"));
	assert_int_equal(diags.items[0].rel_line, 3);
	imr_diags_dispose(&diags);
}

/* A rule set without a letter-layout file loads (for `check`), and says
 * so when asked to read a letter. */
static void no_layout_no_letters(void **state)
{
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	imr_letter *l = (imr_letter *)1;
	static const char text[] = "CLINICAL CASE SUMMARY\nx\n";
	(void)state;
	assert_int_equal(imr_test_load_min(&rules, &diags, NULL), IMR_OK);
	assert_int_equal(imr_text_new(&t, "a.txt", text, sizeof(text) - 1, NULL, &diags), IMR_OK);
	assert_int_equal(imr_letter_parse(&l, rules, t, NULL, &diags), IMR_EINVALID);
	assert_null(l);
	assert_diag(&diags, "no-letter-layout", 0, 0);
	assert_string_equal(diags.items[0].file, "a.txt");
	imr_text_free(t);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

/* ---- new words, no recompile ---- */

#define VARIANT_LETTER                                                                            \
	"CLINICAL CASE SUMMARY\n"                                                                 \
	"The patient has neck pain radiating down the left arm.\n"                                \
	"IMR ISSUES AND DETERMINATIONS\n"                                                         \
	"Cervical MRI without contrast: Denial upheld\n"                                          \
	"Claims Administrator guideline: Decision based on MTUS Neck and Upper Back Complaints.\n" \
	"MAXIMUS guideline: Decision based on MTUS Neck and Upper Back Complaints.\n"             \
	"Determination rationale: No red flags and no new neurologic findings. The request is not\n" \
	"medically necessary.\n"

static void a_second_file_adds_words(void **state)
{
	const char *extra;
	const char *paths[2];
	imr_rules *rules = NULL;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	imr_letter *l = NULL;
	char dir[512];
	int err;
	(void)state;
	/* with the shipped words alone, the heading, the decision and the
	 * rationale label are unknown pieces: a located error */
	assert_int_equal(imr_text_new(&t, "variant.txt", VARIANT_LETTER, strlen(VARIANT_LETTER), NULL, &diags),
			 IMR_OK);
	assert_int_equal(imr_letter_parse(&l, imr_test_shipped_rules(), t, NULL, &diags), IMR_EINVALID);
	assert_diag(&diags, "unknown-decision", 4, 32);
	imr_diags_dispose(&diags);

	extra = imr_test_write_temp("local-words.yaml",
				    "kind: letter-layout\n"
				    "name: local\n"
				    "headings:\n"
				    "  - {text: IMR ISSUES AND DETERMINATIONS, role: decisions, layout: standard}\n"
				    "items:\n"
				    "  fields:\n"
				    "    rationale: [Determination rationale]\n"
				    "decisions:\n"
				    "  upheld: {words: [Denial upheld]}\n"
				    "  overturned: {words: [Denial overturned]}\n");
	snprintf(dir, sizeof(dir), "%s", extra);
	paths[0] = imr_test_rules_dir();
	paths[1] = dir;
	err = imr_rules_load_paths(&rules, paths, 2, NULL, &diags);
	if (err)
		imr_test_print_diags(&diags);
	assert_int_equal(err, IMR_OK);
	assert_int_equal(rules->layout->files, 2);
	assert_int_equal(imr_letter_parse(&l, rules, t, NULL, &diags), IMR_OK);
	assert_int_equal(l->item_count, 1);
	assert_string_equal(l->items[0].service, "Cervical MRI without contrast");
	assert_string_equal(l->items[0].decision_text, "Denial upheld");
	assert_int_equal(l->items[0].decision, IMR_OUTCOME_UPHELD);
	assert_string_equal(l->items[0].rationale,
			    "No red flags and no new neurologic findings. The request is not medically necessary.");
	assert_int_equal(l->items[0].reviewer.cite_count, 1);
	imr_letter_free(l);
	imr_text_free(t);
	imr_rules_free(rules);
	imr_diags_dispose(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_words_load),
		cmocka_unit_test(matching_ignores_case_and_runs_of_spaces),
		cmocka_unit_test(phrase_lists_match_longest_earliest_and_last),
		cmocka_unit_test(loader_errors_are_located),
		cmocka_unit_test(duplicates_across_files),
		cmocka_unit_test(no_layout_no_letters),
		cmocka_unit_test(a_second_file_adds_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
