/* audit_citation.c - the findings an audit draws from an item's guideline
 * citations.
 *
 * The claims administrator's and the reviewer's citations (imr_basis, read
 * by the letter parser) are held against the service, against each other
 * and against the order of evidence of 8 CCR 9792.21.1 and 9792.25.1: the
 * MTUS first; where it does not address the condition, other recognised
 * evidence-based guidelines; then peer-reviewed studies; then expert
 * opinion. What a citation speaks to (its topics) and what kind of source
 * it is come from the `citation` lexicons (rules/lexicon/citation-topics.yaml,
 * citation-sources.yaml); only the naming of facts is known here. */
#include <stdint.h>
#include <string.h>

#include "audit_impl.h"
#include "imrcheck/letter.h"
#include "model.h"

/* "MTUS", "ODG", "MTUS+ODG", "none": the guidelines a party cited. */
const char *imr__audit_guidelines_of(imr_arena *arena, const imr_basis *b)
{
	imr_buf buf = IMR_BUF_INIT;
	size_t i, j;
	const char *out;
	if (!b->cited || !b->cite_count)
		return b->outside_mtus ? "outside MTUS" : "none";
	for (i = 0; i < b->cite_count; i++) {
		const char *g = b->cites[i].guideline ? b->cites[i].guideline : "other";
		int seen = 0;
		for (j = 0; j < i; j++)
			seen |= strcmp(b->cites[j].guideline ? b->cites[j].guideline : "other", g) == 0;
		if (!seen)
			imr_buf_printf(&buf, "%s%s", buf.size ? "+" : "", g);
	}
	out = imr__arena_strdup(arena, imr_buf_cstr(&buf));
	imr_buf_dispose(&buf);
	return out;
}

/* The guidelines of imr__audit_guidelines_of() as a message says them:
 * "other" alone is no guideline. */
static const char *guidelines_in_words(const char *g)
{
	return strcmp(g, "other") == 0 ? "sources that are no guideline" : g;
}

/* Whether a party cited any part of the MTUS. */
static int cites_mtus(const imr_basis *b)
{
	size_t i;
	for (i = 0; i < b->cite_count; i++)
		if (b->cites[i].mtus)
			return 1;
	return 0;
}

static int guidelines_overlap(const imr_basis *a, const imr_basis *b)
{
	size_t i, j;
	for (i = 0; i < a->cite_count; i++)
		for (j = 0; j < b->cite_count; j++)
			if (a->cites[i].guideline && b->cites[j].guideline &&
			    strcmp(a->cites[i].guideline, b->cites[j].guideline) == 0)
				return 1;
	return 0;
}

/* The reviewer's guideline line, which a finding on it rests on (a line
 * pasted under several items or letters is one stock phrase), in the
 * letter's arena. */
static const char *reviewer_phrase(imr__audit_slot *s, const imr_basis *rev)
{
	return rev->text ? imr__arena_strdup(&s->arena, rev->text) : NULL;
}

/* The reviewer's citation addresses other procedures than the item's. */
static int topic_finding(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_basis *rev,
			 const imr_audit_item *ai, size_t k)
{
	const imr_rules *rules = au->rules;
	uint16_t topics[32];
	const imr_enum *en;
	int n, i, fits = 0, proc;
	imr_finding *f;
	imr_buf names = IMR_BUF_INIT;

	if (!rev->cited || !rev->text || !ai->procedure || au->f_procedure < 0)
		return 0;
	n = imr__extract_topics(w, rev->text, au->f_procedure, topics, 32);
	if (n < 0)
		return n;
	en = &rules->enums[rules->facts[au->f_procedure].enum_index];
	proc = imr__vocab_member(en, ai->procedure, strlen(ai->procedure));
	for (i = 0; i < n; i++)
		fits |= topics[i] == proc;
	/* associated services are decided on their primary's citation; a
	 * procedure no citation topic names cannot be judged (a broad section
	 * such as "Physical Methods" covers far more than the injections the
	 * topics list) */
	if (n == 0 || fits || proc < 0 || en->associated[proc] || !imr__citation_topic_known(rules, au->f_procedure, proc))
		return 0;
	for (i = 0; i < n; i++)
		imr_buf_printf(&names, "%s%s", i ? ", " : "", en->members[topics[i]]);
	f = imr__audit_new_finding(s, IMR_FINDING_CITATION, "citation-topic", k);
	if (f) {
		f->severity = IMR_FINDING_SEVERITY_HIGH; /* decided on another procedure's criteria */
		f->message = imr__arena_printf(&s->arena, "the reviewer decided a %s request on guidance about %s",
					       ai->procedure, imr_buf_cstr(&names));
		f->evidence = imr__arena_printf(&s->arena, "reviewer: \"%s\"", rev->text);
		f->phrase = reviewer_phrase(s, rev);
	}
	imr_buf_dispose(&names);
	return 0;
}

/* ---- the kind of each cited source ---- */

/* What one citation is, for the order of evidence. */
typedef enum source_class {
	SOURCE_UNKNOWN = 0,  /* no lexicon reads it: maybe a guideline cited without its name */
	SOURCE_EVIDENCE,     /* a recognised guideline or a peer-reviewed study */
	SOURCE_OTHER         /* only sources that are neither */
} source_class;

/* The class of citation @p c, with the kinds it was read as added to
 * *@p kinds (a bit per member of citation.source_kind). A citation the
 * letter parser knows as part of a named guideline (the MTUS, ODG, ACOEM)
 * is a guideline whatever else it names. */
static int classify_cite(imr_audit *au, imr_worker *w, const imr_cite *c, uint64_t *kinds)
{
	uint16_t found[16];
	int n, i, evidence = 0;

	if (c->mtus || (c->guideline && strcmp(c->guideline, "other") != 0))
		return SOURCE_EVIDENCE;
	if (au->f_source_kind < 0 || !c->text)
		return SOURCE_UNKNOWN;
	n = imr__extract_topics(w, c->text, au->f_source_kind, found, 16);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		evidence |= (int)found[i] == au->m_source_guideline || (int)found[i] == au->m_source_peer_reviewed;
	if (evidence)
		return SOURCE_EVIDENCE;
	for (i = 0; i < n; i++)
		if (found[i] < 64)
			*kinds |= 1ull << found[i];
	return n ? SOURCE_OTHER : SOURCE_UNKNOWN;
}

/* The kinds of @p mask in words ("web page, reference work"). */
static void kinds_in_words(imr_buf *out, const imr_enum *en, uint64_t mask)
{
	size_t m, n = 0;
	const char *p;
	for (m = 0; m < en->count && m < 64; m++) {
		if (!(mask & (1ull << m)))
			continue;
		if (n++)
			imr_buf_printf(out, ", ");
		for (p = en->members[m]; *p; p++)
			imr_buf_printf(out, "%c", *p == '_' ? ' ' : *p);
	}
}

/* The reviewer relied only on sources the order of evidence does not
 * count: no guideline and no peer-reviewed study among its citations, and
 * at least one web page, slide deck, reference work, drug label or page
 * for patients. Every citation of that kind: high (the decision has no
 * other basis); with citations of no known kind beside them: medium (one
 * may be a guideline cited without its name). The claims administrator's
 * sources are not the review's and are not judged. */
static int source_finding(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_basis *rev,
			  const imr_letter_item *li, size_t k)
{
	const imr_enum *en;
	imr_buf words = IMR_BUF_INIT, shown = IMR_BUF_INIT;
	uint64_t all = 0;
	size_t i, other = 0, unknown = 0;
	int err = 0;
	imr_finding *f;

	if (!rev->cited || !rev->cite_count || au->f_source_kind < 0)
		return 0;
	en = &au->rules->enums[au->rules->facts[au->f_source_kind].enum_index];
	for (i = 0; i < rev->cite_count; i++) {
		uint64_t kinds = 0;
		int c = classify_cite(au, w, &rev->cites[i], &kinds);
		if (c < 0) {
			err = c;
			break;
		}
		if (c == SOURCE_EVIDENCE)
			break;
		if (rev->cite_count > 1)
			imr_buf_printf(&shown, "%scitation %zu: ", i ? "; " : "", i + 1);
		if (c == SOURCE_UNKNOWN) {
			unknown++;
			imr_buf_printf(&shown, "of no known kind");
			continue;
		}
		other++;
		all |= kinds;
		kinds_in_words(&shown, en, kinds);
	}
	if (!err && i == rev->cite_count && other) {
		kinds_in_words(&words, en, all);
		f = imr__audit_new_finding(s, IMR_FINDING_CITATION, "citation-non-guideline", k);
		if (f) {
			f->severity = unknown ? IMR_FINDING_SEVERITY_MEDIUM : IMR_FINDING_SEVERITY_HIGH;
			f->message = imr__arena_printf(
				&s->arena,
				"the reviewer %s the denial on no recognised guideline and no peer-reviewed study, only on "
				"sources of these kinds: %s%s",
				li->decision == IMR_OUTCOME_OVERTURNED ? "overturned" : "upheld", imr_buf_cstr(&words),
				unknown ? " (and citations of no kind the program knows)" : "");
			f->evidence = imr__arena_printf(&s->arena, "reviewer's guideline line: \"%s\"; read as: %s",
							rev->text ? rev->text : "", imr_buf_cstr(&shown));
			f->phrase = reviewer_phrase(s, rev);
		}
	}
	imr_buf_dispose(&words);
	imr_buf_dispose(&shown);
	return err;
}

int imr__audit_citation_findings(imr_audit *au, imr__audit_slot *s, imr_worker *w, const imr_review_item *ri,
				 const imr_audit_item *ai, size_t k)
{
	const imr_basis *rev = &ri->letter->reviewer, *ca = &ri->letter->claims_administrator;
	imr_finding *f;
	int said_why = 0, err;

	if ((err = topic_finding(au, s, w, rev, ai, k)) < 0)
		return err;
	if ((err = source_finding(au, s, w, rev, ri->letter, k)) < 0)
		return err;
	if (ca->cited && rev->cited && cites_mtus(ca) && rev->cite_count && !cites_mtus(rev) &&
	    !(said_why = ri->letter->rationale ? imr__extract_says(w, IMR_LEX_RATIONALE, ri->letter->rationale,
								    au->f_mtus_not_applicable) : 0)) {
		/* 8 CCR 9792.21.1: the MTUS first, other guidelines where it does
		 * not address the condition. Here the claims administrator found
		 * an MTUS section for the service and the reviewer cited none. */
		f = imr__audit_new_finding(s, IMR_FINDING_CITATION, "citation-mtus-set-aside", k);
		if (f) {
			f->severity = IMR_FINDING_SEVERITY_MEDIUM;
			f->message = imr__arena_printf(&s->arena,
						       "the claims administrator decided under the MTUS; the reviewer cited only %s for the same service",
						       guidelines_in_words(imr__audit_guidelines_of(&s->arena, rev)));
			f->evidence = imr__arena_printf(&s->arena, "claims administrator: \"%s\"; reviewer: \"%s\"",
							ca->text ? ca->text : "", rev->text ? rev->text : "");
			f->phrase = reviewer_phrase(s, rev);
		}
	}
	if (said_why < 0)
		return said_why;
	if (rev->cited && ca->cited && rev->cite_count && ca->cite_count && !guidelines_overlap(rev, ca)) {
		f = imr__audit_new_finding(s, IMR_FINDING_CITATION, "citation-guidelines-differ", k);
		if (f) {
			f->message = imr__arena_printf(&s->arena,
						       "the claims administrator relied on %s and the reviewer on %s",
						       guidelines_in_words(imr__audit_guidelines_of(&s->arena, ca)),
						       guidelines_in_words(imr__audit_guidelines_of(&s->arena, rev)));
			f->evidence = imr__arena_printf(&s->arena, "claims administrator: \"%s\"; reviewer: \"%s\"",
							ca->text ? ca->text : "", rev->text ? rev->text : "");
			f->phrase = reviewer_phrase(s, rev);
		}
	}
	return 0;
}
