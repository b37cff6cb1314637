/* review.c - a determination letter as a request: facts, items, date, decision.
 *
 * The request date is the date the disputed service was requested and
 * denied, which decides the rules in effect: the UR denial date from the
 * header, else the application date, else the date assigned, else the
 * latest date the clinical case summary mentions that is not later than
 * the decision. */
#include "imrcheck/review.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "demand.h"
#include "model.h"
#include "review.h"
#include "scan.h"

struct imr_review_box {
	imr_review pub;
	imr_request *request;
	imr_result *result;
	imr_extraction *summary;
	imr_extraction **services;
	imr_review_item *items;
	char *file;
};

static int32_t summary_latest_date(const imr_text *text, const imr_letter *letter, int32_t ceiling)
{
	size_t len, pos, s, e;
	const char *data = imr_text_data(text, &len);
	size_t end = letter->summary_span.end <= len ? letter->summary_span.end : len;
	int32_t best = IMR_DATE_NONE, d;
	pos = letter->summary_span.start;
	while (pos < end && imr__scan_find_date(data, end, pos, &s, &e, &d)) {
		if ((ceiling == IMR_DATE_NONE || d <= ceiling) && (best == IMR_DATE_NONE || d > best))
			best = d;
		pos = e;
	}
	return best;
}

static void choose_date(imr_review *r, const imr_text *text)
{
	const imr_letter_header *h = &r->letter->header;
	struct {
		int32_t date;
		const char *what;
	} order[] = {
		{ h->ur_denied, "UR denial date" },
		{ h->received, "application received date" },
		{ h->assigned, "date assigned" },
	};
	size_t i;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i].date != IMR_DATE_NONE) {
			r->request_date = order[i].date;
			r->date_source = order[i].what;
			return;
		}
	}
	r->request_date = summary_latest_date(text, r->letter, h->decided);
	r->date_source = r->request_date != IMR_DATE_NONE ? "latest date in the clinical case summary" : NULL;
}

int imr_review_letter(imr_review **out, imr_worker *worker, const imr_text *text,
		      const imr_letter *letter, imr_diags *diags)
{
	return imr_review_letter_opts(out, worker, text, letter, NULL, diags);
}

/* The facts an audit reads of the summary: those the rules that can
 * decide each item read (imr__demand_items), what they are made from,
 * and the facts marked in @p also (NULL: none). *want is NULL when the
 * rule set has no index of them: then all. */
static int wanted_facts(unsigned char **want, const imr_rules *rules, const imr_request *req,
			const unsigned char *also)
{
	unsigned char *w = imr__calloc(rules->nfacts + 1, 1);
	const imr_facts **attrs = imr__malloc((req->nitems + 1) * sizeof(*attrs));
	size_t i;
	*want = NULL;
	if (!w || !attrs) {
		imr__free(w);
		imr__free(attrs);
		return IMR_ENOMEM;
	}
	for (i = 0; i < req->nitems; i++)
		attrs[i] = req->items[i].attrs;
	if (imr__demand_items(rules, attrs, req->nitems, w) < 0) {
		imr__free(w);
		imr__free(attrs);
		return IMR_OK;
	}
	imr__free(attrs);
	for (i = 0; also && i < rules->nfacts; i++)
		if (also[i])
			imr__demand_fact(rules, (int)i, w);
	*want = w;
	return IMR_OK;
}

/* The facts of the case summary into the request: every fact, or (with
 * @p demand) those wanted_facts() names. */
static int read_summary(struct imr_review_box *box, imr_worker *worker, const imr_text *text,
			const imr_letter *letter, int demand, const unsigned char *also, imr_diags *diags)
{
	unsigned char *want = NULL;
	int err = demand ? wanted_facts(&want, imr__worker_rules(worker), box->request, also) : IMR_OK;
	if (!err)
		err = imr__extract_notes_of(&box->summary, worker, text, letter->summary_span.start,
					    letter->summary_span.end, "clinical case summary",
					    imr_request_facts(box->request), want, diags);
	imr__free(want);
	return err;
}

static int review(imr_review **out, imr_worker *worker, const imr_text *text, const imr_letter *letter,
		  const imr_eval_options *opts, int demand, const unsigned char *also, imr_diags *diags)
{
	const imr_rules *rules = imr__worker_rules(worker);
	struct imr_review_box *box;
	imr_review *r;
	size_t i;
	int err, partial_fact;

	*out = NULL;
	box = imr__calloc(1, sizeof(*box));
	if (!box)
		return IMR_ENOMEM;
	r = &box->pub;
	r->letter = letter;
	box->file = imr__strdup(imr_text_name(text) ? imr_text_name(text) : "");
	r->file = box->file;
	choose_date(r, text);
	err = box->file ? imr_request_new(&box->request, rules, r->request_date) : IMR_ENOMEM;
	/* the summary first, unless what it is searched for depends on the
	 * items (the service texts are read without the case facts) */
	if (!err && !demand)
		err = read_summary(box, worker, text, letter, 0, NULL, diags);
	partial_fact = imr__vocab_fact(rules, "request.partially_certified",
				       strlen("request.partially_certified"));
	box->services = imr__calloc(letter->item_count + 1, sizeof(imr_extraction *));
	box->items = imr__calloc(letter->item_count + 1, sizeof(imr_review_item));
	if (!err && (!box->services || !box->items))
		err = IMR_ENOMEM;
	for (i = 0; !err && i < letter->item_count; i++) {
		imr_facts *attrs;
		char id[32];
		snprintf(id, sizeof(id), "item-%zu", i + 1);
		err = imr_request_add_item(box->request, id, letter->items[i].service, &attrs);
		/* the letter says UR certified part of the request: only the
		 * remainder is disputed */
		if (!err && letter->items[i].partial && partial_fact >= 0)
			err = imr_facts_set_bool(attrs, "request.partially_certified", 1);
		if (!err)
			err = imr_extract_service(&box->services[i], worker, letter->items[i].service, attrs, diags);
	}
	if (!err && demand)
		err = read_summary(box, worker, text, letter, 1, also, diags);
	if (!err)
		err = imr_eval_request(&box->result, rules, box->request, opts);
	if (err) {
		imr_review_free(r);
		return err;
	}
	for (i = 0; i < letter->item_count; i++) {
		imr_review_item *it = &box->items[i];
		it->letter = &letter->items[i];
		it->result = imr_result_item(box->result, i);
		it->service = box->services[i];
		it->attrs = box->request->items[i].attrs;
		it->agrees = it->result->outcome == IMR_OUTCOME_INDETERMINATE ? -1
			     : it->result->outcome == it->letter->decision;
	}
	r->facts = imr_request_facts(box->request);
	r->summary = box->summary;
	r->result = box->result;
	r->items = box->items;
	r->item_count = letter->item_count;
	*out = r;
	return IMR_OK;
}

int imr_review_letter_opts(imr_review **out, imr_worker *worker, const imr_text *text,
			   const imr_letter *letter, const imr_eval_options *opts, imr_diags *diags)
{
	return review(out, worker, text, letter, opts, 0, NULL, diags);
}

int imr__review_letter_for_audit(imr_review **out, imr_worker *worker, const imr_text *text,
				 const imr_letter *letter, const imr_eval_options *opts,
				 const unsigned char *also, imr_diags *diags)
{
	return review(out, worker, text, letter, opts, 1, also, diags);
}

void imr_review_free(imr_review *review)
{
	struct imr_review_box *box = (struct imr_review_box *)review;
	size_t i;
	if (!box)
		return;
	for (i = 0; box->services && i < box->pub.letter->item_count; i++)
		imr_extraction_free(box->services[i]);
	imr__free(box->services);
	imr__free(box->items);
	imr_extraction_free(box->summary);
	imr_result_free(box->result);
	imr_request_free(box->request);
	imr__free(box->file);
	imr__free(box);
}
