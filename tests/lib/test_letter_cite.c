/* test_letter_cite.c - guideline bases and their citations, read with the
 * letter-layout words: lead-ins, MTUS and non-MTUS markers, several MTUS
 * parts in one lead-in, page and section keywords, the 2013 sentence
 * form with its "which" clause, bases that cite nothing or leave the
 * MTUS, and a reviewer who shares the claims administrator's citations. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#define HEAD                                                                                      \
	"CLINICAL CASE SUMMARY\nThe patient has knee pain.\n"                                     \
	"IMR ISSUES, DECISIONS AND RATIONALES\nKnee MRI: Upheld\n"

static imr_letter *with_fields(const char *ca, const char *rev)
{
	char text[4096];
	imr_diags diags = IMR_DIAGS_INIT;
	imr_letter *l;
	int err;
	snprintf(text, sizeof(text),
		 HEAD "Claims Administrator guideline: %s\nMAXIMUS guideline: %s\nDecision rationale: No.\n", ca,
		 rev);
	l = imr_test_parse_letter(text, &diags, &err);
	if (err != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("parse failed with %d", err);
	}
	imr_diags_dispose(&diags);
	return l;
}

static void assert_cite(const imr_cite *c, const char *guideline, int mtus, const char *document,
			const char *section, const char *pages)
{
	assert_string_equal(c->guideline, guideline);
	assert_int_equal(c->mtus, mtus);
#define OPT(field, want)                                                                          \
	do {                                                                                      \
		if (want)                                                                         \
			assert_string_equal(c->field, want);                                      \
		else if (c->field)                                                                \
			fail_msg(#field " is '%s', expected NULL", c->field);                     \
	} while (0)
	OPT(document, document);
	OPT(section, section);
	OPT(pages, pages);
#undef OPT
}

static void lead_ins_and_markers(void **state)
{
	imr_letter *l;
	const imr_basis *b;
	(void)state;
	l = with_fields("Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies, and "
			"Chronic Pain Medical Treatment 2016, Section(s): Physical medicine, Page(s): 98-99. "
			"Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee & Leg, "
			"MRI's (magnetic resonance imaging).",
			"Decision based on MTUS ACOEM Chapter 13 Knee Complaints pp. 341-343.");
	b = &l->items[0].claims_administrator;
	assert_int_equal(b->cited, 1);
	assert_int_equal(b->cite_count, 3);
	assert_cite(&b->cites[0], "MTUS", 1, "Knee Complaints 2004", "Special Studies", NULL);
	assert_cite(&b->cites[1], "MTUS", 1, "Chronic Pain Medical Treatment 2016", "Physical medicine",
		    "98-99");
	assert_cite(&b->cites[2], "ODG", 0, "Official Disability Guidelines (ODG) Knee & Leg",
		    "MRI's (magnetic resonance imaging)", NULL);
	assert_string_equal(b->cites[2].text, "Non-MTUS Citation Official Disability Guidelines (ODG) Knee & "
					      "Leg, MRI's (magnetic resonance imaging)");
	b = &l->items[0].reviewer;
	assert_cite(&b->cites[0], "ACOEM", 1, "ACOEM Chapter 13 Knee Complaints", NULL, "341-343");
	imr_letter_free(l);
}

static void bases_without_citations(void **state)
{
	imr_letter *l;
	const imr_basis *b;
	(void)state;
	l = with_fields("The Claims Administrator did not cite any medical evidence for its decision.",
			"The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
			"Guidelines. Decision based on Non-MTUS Citation ODG Knee & Leg.");
	b = &l->items[0].claims_administrator;
	assert_int_equal(b->cited, 0);
	assert_int_equal(b->cite_count, 0);
	b = &l->items[0].reviewer;
	assert_int_equal(b->cited, 1);
	assert_int_equal(b->outside_mtus, 1);
	/* "based their decision on recommendation(s)" is not a citation */
	assert_int_equal(b->cite_count, 1);
	assert_cite(&b->cites[0], "ODG", 0, "ODG Knee & Leg", NULL, NULL);
	imr_letter_free(l);
	/* a lead-in with nothing after it cites nothing */
	l = with_fields("Decision based on", "Decision based on .");
	assert_int_equal(l->items[0].claims_administrator.cite_count, 0);
	assert_int_equal(l->items[0].reviewer.cite_count, 0);
	imr_letter_free(l);
}

static void the_2013_sentence_form(void **state)
{
	imr_letter *l;
	const imr_basis *b;
	(void)state;
	l = with_fields("The Claims Administrator based its decision on the Chronic Pain Medical Treatment "
			"Guidelines, page 46, which is part of the MTUS.",
			"The Expert Reviewer found the guideline used by the Claims Administrator relevant and "
			"appropriate.");
	b = &l->items[0].claims_administrator;
	assert_int_equal(b->cite_count, 1);
	assert_cite(&b->cites[0], "MTUS", 1, "Chronic Pain Medical Treatment Guidelines", NULL, "46");
	/* the reviewer shares them */
	assert_int_equal(l->items[0].reviewer.cite_count, 1);
	assert_ptr_equal(l->items[0].reviewer.cites, b->cites);
	imr_letter_free(l);

	l = with_fields("The Claims Administrator based its decision on the Official Disability Guidelines "
			"(ODG), Knee Chapter, MRI, which is not part of the MTUS.",
			"The Expert Reviewer based his/her decision on the Official Disability Guidelines (ODG), "
			"Knee Chapter, MRI, a nationally recognized professional standard.");
	assert_int_equal(l->items[0].claims_administrator.outside_mtus, 1);
	assert_cite(&l->items[0].claims_administrator.cites[0], "ODG", 0,
		    "Official Disability Guidelines (ODG)", "Knee Chapter, MRI", NULL);
	assert_cite(&l->items[0].reviewer.cites[0], "ODG", 0, "Official Disability Guidelines (ODG)",
		    "Knee Chapter, MRI", NULL);
	assert_string_equal(l->items[0].reviewer.cites[0].text,
			    "Official Disability Guidelines (ODG), Knee Chapter, MRI");
	imr_letter_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lead_ins_and_markers),
		cmocka_unit_test(bases_without_citations),
		cmocka_unit_test(the_2013_sentence_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
