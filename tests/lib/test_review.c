/* test_review.c - a letter read as one request: its items reach the
 * evaluator in letter order with their services whole, in every layout
 * and every way a decision is stated, so that an associated item (a
 * separate fluoroscopy line, sedation, a pre-operative clearance) is
 * linked to its primary and follows it, and the text report shows the
 * link ("Follows:" / "Followed by:"). */
#include "test.h"

#include <stdio.h>
#include <string.h>

static imr_worker *worker;

static int setup(void **state)
{
	(void)state;
	return imr_worker_new(&worker, imr_test_shipped_rules(), NULL);
}

static int teardown(void **state)
{
	(void)state;
	imr_worker_free(worker);
	return 0;
}

typedef struct reviewed {
	imr_text *text;
	imr_letter *letter;
	imr_review *review;
} reviewed;

static void review_fixture(reviewed *r, const char *name)
{
	char rel[256];
	imr_diags diags = IMR_DIAGS_INIT;
	snprintf(rel, sizeof(rel), "letters/layouts/%s", name);
	memset(r, 0, sizeof(*r));
	if (imr_text_load_file(&r->text, imr_test_fixture(rel), NULL, &diags) < 0 ||
	    imr_letter_parse(&r->letter, imr_test_shipped_rules(), r->text, NULL, &diags) < 0 ||
	    imr_review_letter(&r->review, worker, r->text, r->letter, &diags) < 0) {
		imr_test_print_diags(&diags);
		fail_msg("cannot review %s", name);
	}
	imr_diags_dispose(&diags);
}

static void release(reviewed *r)
{
	imr_review_free(r->review);
	imr_letter_free(r->letter);
	imr_text_free(r->text);
}

/* Item @p follower (1-based) follows item @p primary, which lists it; both
 * decided as @p outcome, as the reviewer did. */
static void assert_follows(const reviewed *r, size_t follower, size_t primary, imr_outcome outcome)
{
	const imr_item_result *f = r->review->items[follower - 1].result;
	const imr_item_result *p = r->review->items[primary - 1].result;
	char id[32];
	size_t k;
	int listed = 0;
	snprintf(id, sizeof(id), "item-%zu", primary);
	assert_non_null(f->primary);
	assert_string_equal(f->primary, id);
	snprintf(id, sizeof(id), "item-%zu", follower);
	for (k = 0; k < p->follower_count; k++)
		listed |= strcmp(p->followers[k], id) == 0;
	assert_true(listed);
	assert_int_equal(p->outcome, outcome);
	assert_int_equal(f->outcome, outcome);
	assert_int_equal(r->review->items[follower - 1].agrees, 1);
	assert_int_equal(r->review->items[primary - 1].agrees, 1);
}

/* The text report shows the link both ways. */
static void assert_report_links(const reviewed *r, const char *file)
{
	imr_letter_outcome outcome;
	imr_buf out = IMR_BUF_INIT;
	memset(&outcome, 0, sizeof(outcome));
	outcome.file = file;
	outcome.review = r->review;
	assert_int_equal(imr_report_letters_text(&out, imr_test_shipped_rules(), &outcome, 1, NULL), IMR_OK);
	assert_non_null(strstr(imr_buf_cstr(&out), "Follows:   item-1 (its primary procedure)"));
	assert_non_null(strstr(imr_buf_cstr(&out), "Followed by: item-2"));
	imr_buf_dispose(&out);
}

/* The items keep the letter's order and their services whole. */
static void assert_services(const reviewed *r, const char *const *services, size_t n)
{
	size_t k;
	assert_int_equal(r->review->item_count, n);
	for (k = 0; k < n; k++) {
		assert_int_equal(r->letter->items[k].number, k + 1);
		assert_string_equal(r->letter->items[k].service, services[k]);
		assert_string_equal(r->review->items[k].result->service, services[k]);
	}
}

/* An ESI with its fluoroscopy as a separate item, in each layout: the
 * guidance follows the injection, overturned with it when the injection's
 * criteria are documented, upheld with it when they are not. */
static void esi_and_separate_fluoroscopy_in_every_layout(void **state)
{
	static const char *const decisions[] = { "Left L5-S1 transforaminal epidural steroid injection",
						 "Fluoroscopic guidance" };
	static const char *const notice[] = { "right L5-S1 transforaminal epidural steroid injection",
					      "fluoroscopic guidance" };
	static const char *const standard[] = { "Right L4-L5 interlaminar epidural steroid injection",
						"Fluoroscopic guidance for the epidural steroid injection" };
	reviewed r;
	(void)state;

	/* decisions layout, 2016 header, word forms */
	review_fixture(&r, "decisions-2016-header.txt");
	assert_int_equal(r.letter->layout, IMR_LAYOUT_DECISIONS);
	assert_services(&r, decisions, 2);
	assert_follows(&r, 2, 1, IMR_OUTCOME_OVERTURNED);
	assert_report_links(&r, "decisions-2016-header.txt");
	release(&r);

	/* 2013 notice, numbered statements and item headings */
	review_fixture(&r, "notice-2013-esi-fluoroscopy.txt");
	assert_int_equal(r.letter->layout, IMR_LAYOUT_NOTICE_2013);
	assert_services(&r, notice, 2);
	assert_follows(&r, 2, 1, IMR_OUTCOME_OVERTURNED);
	assert_report_links(&r, "notice-2013-esi-fluoroscopy.txt");
	release(&r);

	/* standard layout, decisions as sentences */
	review_fixture(&r, "standard-sentence-decisions.txt");
	assert_int_equal(r.letter->layout, IMR_LAYOUT_STANDARD);
	assert_services(&r, standard, 2);
	assert_follows(&r, 2, 1, IMR_OUTCOME_UPHELD);
	assert_report_links(&r, "standard-sentence-decisions.txt");
	release(&r);
}

/* Other associated services, stated other ways: sedation after a facet
 * injection ("No, the request for ..."), a pre-operative clearance and
 * post-operative therapy after a surgery (numbered sentences). */
static void other_associated_items(void **state)
{
	reviewed r;
	const imr_item_result *surgery;
	(void)state;
	review_fixture(&r, "standard-yes-no-openers.txt");
	assert_follows(&r, 2, 1, IMR_OUTCOME_UPHELD);
	assert_null(r.review->items[2].result->primary); /* the MRI stands alone */
	release(&r);

	review_fixture(&r, "decisions-numbered-statements.txt");
	surgery = r.review->items[0].result;
	assert_int_equal(surgery->follower_count, 2);
	assert_string_equal(surgery->followers[0], "item-2");
	assert_string_equal(surgery->followers[1], "item-3");
	assert_string_equal(r.review->items[1].result->primary, "item-1");
	assert_string_equal(r.review->items[2].result->primary, "item-1");
	release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(esi_and_separate_fluoroscopy_in_every_layout),
		cmocka_unit_test(other_associated_items),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
