/* audit_consistency.c - a rationale against itself and against its letter's others.
 *
 * Findings that need no clinical judgement, only the rationale's own words
 * (rationale.h reads them once per item): a rationale whose conclusion is
 * not the decision it explains; and one rationale standing under services
 * of different kinds, word for word or nearly (a pasted rationale judges
 * one service by what was written for another).
 *
 * A fact of the case stated in one sentence and denied in another is not
 * raised: on the development letters every such pair was a misreading (a
 * statement about the notes, a qualifier the lexicons do not know). */
#include <string.h>

#include "audit_impl.h"
#include "model.h"

/* Near copies: SimHashes of word trigrams at most this many bits apart.
 * On the development letters, rationales of one letter written for each
 * item differ in 13 bits or more (most in 20 to 35); one pasted and
 * edited by a sentence or a name, in 3 to 8. */
#define PASTED_MAX_DISTANCE 8

static const char *decided(imr_outcome o)
{
	return o == IMR_OUTCOME_UPHELD ? "upheld (not medically necessary)" : "overturned (medically necessary)";
}

/* The conclusion the rationale comes to is not the decision of its item. */
static int conclusion_finding(imr__audit_slot *s, const imr_review_item *ri, const imr_rationale *ra, size_t k)
{
	const imr_letter_item *li = ri->letter;
	imr_finding *f;
	if (ra->conclusion == IMR_OUTCOME_INDETERMINATE || ra->conclusion == li->decision)
		return 0;
	/* a partial overturn concludes on the part it denies or allows:
	 * either answer is consistent with the item */
	if (li->partial)
		return 0;
	if (!(f = imr__audit_new_finding(s, IMR_FINDING_RATIONALE, "rationale-self-contradiction", k)))
		return IMR_ENOMEM;
	f->severity = IMR_FINDING_SEVERITY_HIGH; /* the letter does not say what was decided */
	f->message = imr__arena_printf(&s->arena, "the item is %s, but its rationale concludes it is %s",
				       decided(li->decision), decided(ra->conclusion));
	f->evidence = imr__arena_printf(&s->arena, "rationale of item %zu, line %u: \"%s\"; decision: \"%s\"", k + 1,
					ra->conclusion_line, ra->conclusion_sentence ? ra->conclusion_sentence : "",
					li->decision_text ? li->decision_text : "");
	f->phrase = ra->conclusion_sentence ? imr__arena_strdup(&s->arena, ra->conclusion_sentence) : NULL;
	return s->arena.failed ? IMR_ENOMEM : 0;
}

/* Whether items @p a and @p b are services of different kinds. The same
 * procedure of two regions (x-rays of the neck and of the back) is often
 * judged by one text on purpose: a rationale that names the wrong region
 * is another finding (rationale-other-service). */
static int different_services(const imr_audit_item *a, const imr_audit_item *b)
{
	if (!a->procedure || !b->procedure)
		return 0; /* a service no lexicon read cannot be compared */
	return strcmp(a->procedure, b->procedure) != 0;
}

/* Whether the rationale names procedure @p procedure other than in its
 * conclusion: a rationale written for two services together ("no home
 * trial of TENS/E-stim") names both in its reasoning, a pasted one names
 * its own service only where the request is restated. */
static int reasons_about(const imr_rationale *ra, const char *procedure)
{
	size_t i;
	for (i = 0; procedure && i < ra->service_count; i++)
		if (ra->services[i].elsewhere && ra->services[i].procedure &&
		    strcmp(ra->services[i].procedure, procedure) == 0)
			return 1;
	return 0;
}

/* Item @p k's rationale is, word for word or nearly, the rationale of an
 * earlier item of the letter for a service of another kind, and reasons
 * only about that other service. */
static int pasted_finding(imr__audit_slot *s, imr_worker *w, const imr_text *text, const imr_review *r,
			  imr_rationale *const *ras, const imr_audit_item *items, size_t k, imr_diags *diags)
{
	imr_rationale *ra = ras[k];
	const imr_span *span = &r->items[k].letter->rationale_span;
	size_t j;
	imr_finding *f;
	int err;
	if (!ra->whole_hash)
		return 0; /* too short to tell a copy */
	for (j = 0; j < k; j++) {
		if (!ras[j] || !ras[j]->whole_hash || !different_services(&items[j], &items[k]))
			continue;
		if (ras[j]->whole_hash == ra->whole_hash ||
		    imr__rationale_distance(ras[j]->whole_simhash, ra->whole_simhash) <= PASTED_MAX_DISTANCE)
			break;
	}
	if (j == k)
		return 0;
	/* the services are read from the extraction's listing, which the
	 * audit's lean worker leaves out */
	imr__worker_lean(w, 0);
	err = imr__rationale_services(ra, w, text, span->start, span->end, diags);
	imr__worker_lean(w, 1);
	if (err < 0)
		return err;
	if (reasons_about(ra, items[k].procedure))
		return 0; /* written for this service too */
	if (!(f = imr__audit_new_finding(s, IMR_FINDING_RATIONALE, "rationale-pasted", k)))
		return IMR_ENOMEM;
	f->severity = IMR_FINDING_SEVERITY_MEDIUM;
	f->message = imr__arena_printf(&s->arena,
				       "the rationale is %s that of item %zu (%s, procedure %s) and reasons only about that "
				       "service, not about this %s request",
				       ras[j]->whole_hash == ra->whole_hash ? "word for word" : "nearly word for word", j + 1,
				       items[j].service ? items[j].service : "", items[j].procedure, items[k].procedure);
	f->evidence = imr__arena_printf(&s->arena, "rationale of item %zu, line %u: %.200s%s; rationale of item %zu: %.200s%s",
					k + 1, r->items[k].letter->rationale_span.line, items[k].rationale ? items[k].rationale : "",
					items[k].rationale && strlen(items[k].rationale) > 200 ? "..." : "", j + 1,
					items[j].rationale ? items[j].rationale : "",
					items[j].rationale && strlen(items[j].rationale) > 200 ? "..." : "");
	return s->arena.failed ? IMR_ENOMEM : 0;
}

int imr__audit_consistency(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_text *text,
			   const imr_review *r, imr_rationale *const *ras, const imr_audit_item *items, size_t k,
			   imr_diags *diags)
{
	int err;
	if (!ras[k])
		return 0;
	(void)au;
	err = conclusion_finding(s, &r->items[k], ras[k], k);
	if (!err)
		err = pasted_finding(s, w, text, r, ras, items, k, diags);
	return err;
}
