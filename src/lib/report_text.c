/* report_text.c - the readable checklist of `imrcheck check` and `explain`.
 *
 * Layout: one block per item with the decision, the governing rule and its
 * citation, then each consulted rule's criteria with their status, the
 * evidence that decided them and, for the unmet ones, what to document;
 * finally what would change a denial. Plain ASCII, 80 columns where the
 * text allows, stable for golden tests. */
#include "imrcheck/report.h"

#include <stdlib.h>
#include <string.h>

#include "imrcheck/date.h"

#include "alloc.h"
#include "imrcheck/extract.h"
#include "imrcheck/review.h"
#include "model.h"

static const char *status_label(imr_status status)
{
	switch (status) {
	case IMR_STATUS_MET: return "[met]           ";
	case IMR_STATUS_NOT_MET: return "[NOT MET]       ";
	case IMR_STATUS_NOT_DOCUMENTED: return "[NOT DOCUMENTED]";
	case IMR_STATUS_NOT_APPLICABLE: return "[n/a]           ";
	}
	return "[?]";
}

/* Append @p text wrapped at @p width columns, every line after the first
 * indented by @p indent spaces. */
static int put_wrapped(imr_buf *out, const char *text, size_t indent, size_t first_col,
		       size_t width)
{
	size_t col = first_col;
	const char *p = text;
	int err = 0, first = 1;
	while (*p == ' ' || *p == '\n')
		p++;
	while (*p && !err) {
		const char *word = p;
		size_t len;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		len = (size_t)(p - word);
		if (!first && col + 1 + len > width) {
			err = imr_buf_printf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			err = imr_buf_puts(out, " ");
			col++;
		}
		if (!err)
			err = imr_buf_put(out, word, len);
		col += len;
		first = 0;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return err;
}

static int put_line(imr_buf *out, size_t indent, const char *label, const char *text)
{
	int err = imr_buf_printf(out, "%*s%s", (int)indent, "", label);
	if (!err)
		err = put_wrapped(out, text, indent + strlen(label), indent + strlen(label), 78);
	return err ? err : imr_buf_puts(out, "\n");
}

static int put_evidence(imr_buf *out, const imr_criterion_result *cr, int verbose)
{
	size_t i, j;
	int err = 0;
	for (i = 0; i < cr->evidence_count && !err; i++) {
		const imr_fact_use *u = &cr->evidence[i];
		imr_buf line = IMR_BUF_INIT;
		err = imr_buf_printf(&line, "%s = %s%s", u->fact, u->value, u->derived ? " (derived)" : "");
		if (!err)
			err = put_line(out, 23, "evidence: ", imr_buf_cstr(&line));
		imr_buf_dispose(&line);
		for (j = 0; verbose && j < u->evidence_count && !err; j++) {
			const imr_evidence *ev = &u->evidence[j];
			if (ev->text)
				err = put_line(out, 33, "\"", ev->text);
			if (!err && ev->source)
				err = put_line(out, 33, "source: ", ev->source);
		}
		if (verbose && u->evidence_more && !err)
			err = imr_buf_printf(out, "%33sand %zu more matching passage%s, not listed\n", "",
					     u->evidence_more, u->evidence_more == 1 ? "" : "s");
	}
	if (cr->missing_count && !err) {
		imr_buf line = IMR_BUF_INIT;
		/* a status decided by if_undocumented rests on silence, not facts */
		const char *label = cr->status == IMR_STATUS_MET ? "assumed absent, not documented: "
				    : cr->status == IMR_STATUS_NOT_MET ? "counted as not met, not documented: "
								       : "not documented: ";
		/* Red flags assumed absent are the common case; name them only
		 * when asked, so the checklist shows what needs attention. */
		if (cr->status == IMR_STATUS_MET && !verbose) {
			err = put_line(out, 23, "", "assumed absent: none documented");
			imr_buf_dispose(&line);
			return err;
		}
		for (i = 0; i < cr->missing_count && !err; i++)
			err = imr_buf_printf(&line, "%s%s", i ? ", " : "", cr->missing[i]);
		if (!err)
			err = put_line(out, 23, label, imr_buf_cstr(&line));
		imr_buf_dispose(&line);
	}
	return err;
}

static int put_criteria(imr_buf *out, const imr_item_result *ir, int verbose)
{
	size_t i;
	const char *rule = NULL;
	int err = 0;
	for (i = 0; i < ir->criteria_count && !err; i++) {
		const imr_criterion_result *cr = &ir->criteria[i];
		if (!rule || strcmp(rule, cr->rule_id) != 0) {
			size_t r;
			rule = cr->rule_id;
			for (r = 0; r < ir->rule_count; r++)
				if (strcmp(ir->rules[r].id, rule) == 0)
					err = imr_buf_printf(out, "  %s (%s):\n", rule, ir->rules[r].guideline);
		}
		if (!err)
			err = imr_buf_printf(out, "    %s %s%s: ", status_label(cr->status), cr->local_id,
					     cr->advisory ? " (advice)" : "");
		if (!err)
			err = put_wrapped(out, cr->text, 23,
					  23 + strlen(cr->local_id) + 2 + (cr->advisory ? 9 : 0), 78);
		if (!err)
			err = imr_buf_puts(out, "\n");
		if (!err && cr->status != IMR_STATUS_NOT_APPLICABLE)
			err = put_evidence(out, cr, verbose);
		if (!err && (cr->status == IMR_STATUS_NOT_MET || cr->status == IMR_STATUS_NOT_DOCUMENTED))
			err = put_line(out, 23, cr->advisory ? "advice: " : "to document: ", cr->advice);
	}
	return err;
}

static int put_rules(imr_buf *out, const imr_item_result *ir)
{
	size_t i;
	int err = 0;
	for (i = 0; i < ir->rule_count && !err; i++) {
		const imr_rule_use *u = &ir->rules[i];
		const char *role = u->role == IMR_RULE_SUPERSEDED ? "superseded" : "consulted";
		imr_buf line = IMR_BUF_INIT;
		if (u->role == IMR_RULE_GOVERNING)
			continue;
		err = imr_buf_printf(&line, "%s (%s, %s) %s", u->id, u->guideline, u->recommendation,
				     u->role == IMR_RULE_SUPERSEDED ? "- a higher guideline governs"
				     : u->satisfied ? "- satisfied" : "- not satisfied");
		if (!err)
			err = put_line(out, 2, role[0] == 's' ? "Superseded: " : "Also consulted: ",
				       imr_buf_cstr(&line));
		imr_buf_dispose(&line);
	}
	return err;
}

static int put_change(imr_buf *out, const imr_item_result *ir)
{
	size_t i, j;
	int err = 0;
	if (ir->outcome != IMR_OUTCOME_UPHELD)
		return 0;
	if (!ir->can_change)
		return put_line(out, 2, "What would change it: nothing; ", ir->no_change_reason);
	err = imr_buf_puts(out, "  What would change it: meeting these criteria:\n");
	for (i = 0; i < ir->change_count && !err; i++) {
		for (j = 0; j < ir->criteria_count; j++)
			if (strcmp(ir->criteria[j].id, ir->change[i]) == 0)
				break;
		err = imr_buf_printf(out, "    - %s\n", ir->change[i]);
		if (!err && j < ir->criteria_count)
			err = put_line(out, 6, "", ir->criteria[j].advice);
	}
	return err;
}

static const char *strength_text(imr_strength strength)
{
	switch (strength) {
	case IMR_STRENGTH_DOCUMENTED: return "rests on documented facts";
	case IMR_STRENGTH_UNDOCUMENTED: return "rests only on missing documentation";
	case IMR_STRENGTH_EARLIER_GUIDELINE:
		return "evaluated under an earlier guideline than the one in force";
	case IMR_STRENGTH_NONE: break;
	}
	return NULL;
}

/* "Basis:" line: what the prediction rests on and the decisive criteria
 * behind it. */
static int put_item_basis(imr_buf *out, const imr_item_result *ir)
{
	imr_buf line = IMR_BUF_INIT;
	size_t i;
	int err;
	const char *what = strength_text(ir->strength);
	if (!what)
		return 0;
	err = imr_buf_puts(&line, what);
	for (i = 0; i < ir->decided_by_count && !err; i++)
		err = imr_buf_printf(&line, "%s%s", i ? ", " : "; decided by ", ir->decided_by[i]);
	if (!err)
		err = put_line(out, 2, "Basis:     ", imr_buf_cstr(&line));
	imr_buf_dispose(&line);
	return err;
}

/* Advisory criteria not met: what a reviewer would advise without denying. */
static int put_advice(imr_buf *out, const imr_item_result *ir)
{
	size_t i, j;
	int err = 0;
	if (!ir->advice_count)
		return 0;
	err = imr_buf_puts(out, "  Advice (does not decide the service):\n");
	for (i = 0; i < ir->advice_count && !err; i++) {
		for (j = 0; j < ir->criteria_count; j++)
			if (strcmp(ir->criteria[j].id, ir->advice[i]) == 0)
				break;
		err = imr_buf_printf(out, "    - %s\n", ir->advice[i]);
		if (!err && j < ir->criteria_count)
			err = put_line(out, 6, "", ir->criteria[j].advice);
	}
	return err;
}

/* One item's checklist; @p heading prints the "Item ID: SERVICE" line. */
static int put_item(imr_buf *out, const imr_item_result *ir, int verbose, int heading)
{
	int err = 0;
	if (heading) {
		err = imr_buf_printf(out, "Item %s", ir->id);
		if (!err && ir->service)
			err = imr_buf_printf(out, ": %s", ir->service);
		if (!err)
			err = imr_buf_puts(out, "\n");
	}
	if (!err && ir->procedure)
		err = imr_buf_printf(out, "  Procedure: %s%s%s%s\n", ir->procedure, ir->region ? " (" : "",
				     ir->region ? ir->region : "", ir->region ? ")" : "");
	if (!err && ir->requested && *ir->requested)
		err = put_line(out, 2, "Requested: ", ir->requested);
	if (!err && ir->primary)
		err = imr_buf_printf(out, "  Follows:   %s (its primary procedure)\n", ir->primary);
	if (!err && ir->follower_count) {
		size_t f;
		err = imr_buf_puts(out, "  Followed by:");
		for (f = 0; f < ir->follower_count && !err; f++)
			err = imr_buf_printf(out, "%s%s", f ? ", " : " ", ir->followers[f]);
		if (!err)
			err = imr_buf_puts(out, " (its associated items)\n");
	}
	if (!err) {
		switch (ir->outcome) {
		case IMR_OUTCOME_OVERTURNED:
			err = imr_buf_puts(out, "  Decision:  medically necessary; predicted IMR outcome: overturned\n");
			break;
		case IMR_OUTCOME_UPHELD:
			err = imr_buf_puts(out, "  Decision:  NOT medically necessary; predicted IMR outcome: upheld\n");
			break;
		case IMR_OUTCOME_INDETERMINATE:
			err = imr_buf_puts(out, "  Decision:  indeterminate\n");
			if (!err)
				err = put_line(out, 2, "Reason:    ", ir->reason);
			break;
		}
	}
	if (!err)
		err = put_item_basis(out, ir);
	if (!err && ir->era_note)
		err = put_line(out, 2, "Guideline: ", ir->era_note);
	if (!err && ir->rule) {
		err = imr_buf_printf(out, "  Rule:      %s: %s (%s, %s)\n", ir->rule->id, ir->rule->title,
				     ir->rule->guideline, ir->rule->recommendation);
		if (!err && ir->rule->citation)
			err = put_line(out, 2, "Citation:  ", ir->rule->citation);
	}
	if (!err && ir->criteria_count)
		err = imr_buf_puts(out, "  Criteria:\n");
	if (!err)
		err = put_criteria(out, ir, verbose);
	if (!err)
		err = put_rules(out, ir);
	if (!err)
		err = put_change(out, ir);
	if (!err)
		err = put_advice(out, ir);
	return err;
}

int imr_report_check_text(imr_buf *out, const imr_rules *rules, const imr_result *result,
			  const imr_report_options *opts)
{
	/* The rule-set digest is in the JSON stamp; the checklist is for
	 * people and stays the same when an unrelated rule changes. */
	size_t i, n = imr_result_item_count(result);
	size_t counts[3] = { 0, 0, 0 };
	int err;

	(void)rules;
	err = imr_buf_printf(out, "imrcheck %s: %s\n", imr_version(),
			     opts && opts->input ? opts->input : "request");
	if (!err && n && opts && opts->date_assumed)
		err = imr_buf_printf(out, "The request gives no date; evaluated as of %s.\n",
				     imr_result_item(result, 0)->date);
	for (i = 0; i < n && !err; i++) {
		const imr_item_result *ir = imr_result_item(result, i);
		counts[ir->outcome]++;
		err = imr_buf_puts(out, "\n");
		if (!err)
			err = put_item(out, ir, opts ? opts->verbose : 0, 1);
	}
	if (!err)
		err = imr_buf_printf(out, "\nSummary: %zu item%s: %zu medically necessary, %zu not, %zu indeterminate\n",
				     n, n == 1 ? "" : "s", counts[IMR_OUTCOME_OVERTURNED],
				     counts[IMR_OUTCOME_UPHELD], counts[IMR_OUTCOME_INDETERMINATE]);
	return err;
}

/* ---- explain ---- */

static int put_date_range(imr_buf *out, const imr_rule_info *info)
{
	char from[11], to[11];
	if (!info->has_from && !info->has_to)
		return imr_buf_puts(out, "  Effective: always\n");
	if (info->has_from)
		imr_date_format(from, info->from);
	if (info->has_to)
		imr_date_format(to, info->to);
	return imr_buf_printf(out, "  Effective: %s to %s\n", info->has_from ? from : "the start",
			      info->has_to ? to : "today");
}

int imr_report_rule_text(imr_buf *out, const imr_rules *rules, size_t rule)
{
	imr_rule_info info;
	char *cit = NULL;
	size_t i;
	int err;

	if ((err = imr_rules_get(&info, rules, rule)) < 0)
		return err;
	if ((err = imr_citation_format(&cit, &info.citation)) < 0)
		return err;
	err = imr_buf_printf(out, "%s: %s\n", info.id, info.title);
	if (!err)
		err = imr_buf_printf(out, "  Guideline: %s (%s%s)\n", info.guideline,
				     imr_recommendation_name(info.recommendation),
				     info.complete ? "" : "; other guidelines are consulted too");
	if (!err)
		err = put_line(out, 2, "Citation:  ", cit);
	if (!err && info.citation.confidence)
		err = imr_buf_printf(out, "  Confidence: %s\n", info.citation.confidence);
	if (!err && info.citation.note)
		err = put_line(out, 2, "Note:      ", info.citation.note);
	if (!err)
		err = put_date_range(out, &info);
	if (!err)
		err = put_line(out, 2, "Applies:   ", info.applies ? info.applies : "-");
	if (!err)
		err = put_line(out, 2, "Summary:   ", info.summary);
	if (!err && info.criteria)
		err = imr_buf_puts(out, "  Checklist:\n");
	for (i = 0; i < info.criteria && !err; i++) {
		imr_criterion_info ci;
		char *ccit = NULL;
		imr_rules_criterion(&ci, rules, rule, i);
		err = imr_buf_printf(out, "  [ ] %s%s: ", ci.id, ci.contraindication ? " (red flag)" : "");
		if (!err)
			err = put_wrapped(out, ci.text, 6, 6 + strlen(ci.id) + 2, 78);
		if (!err)
			err = imr_buf_puts(out, "\n");
		if (!err && ci.when)
			err = put_line(out, 6, "only when: ", ci.when);
		if (!err)
			err = put_line(out, 6, "requires:  ", ci.require);
		if (!err)
			err = put_line(out, 6, "document:  ", ci.advice);
		if (!err && (ci.citation.document || ci.citation.pages || ci.citation.section)) {
			if (imr_citation_format(&ccit, &ci.citation) == 0) {
				err = put_line(out, 6, "source:    ", ccit);
				imr__free(ccit);
			}
		}
	}
	imr__free(cit);
	return err;
}

int imr_report_rule_list_text(imr_buf *out, const imr_rules *rules)
{
	size_t i, n = imr_rules_count(rules);
	int err = 0;
	for (i = 0; i < n && !err; i++) {
		imr_rule_info info;
		char *cit = NULL;
		imr_rules_get(&info, rules, i);
		if (imr_citation_format(&cit, &info.citation) < 0)
			return IMR_ENOMEM;
		err = imr_buf_printf(out, "%-40s %-6s %s\n", info.id, info.guideline, info.title);
		if (!err)
			err = put_line(out, 48, "", cit);
		imr__free(cit);
	}
	return err;
}

/* ---- extraction ---- */

static int put_flags(imr_buf *out, unsigned flags)
{
	unsigned bit;
	int err = 0, first = 1;
	for (bit = 1; bit <= IMR_CONTEXT_QUALIFIED && !err; bit <<= 1) {
		if (!(flags & bit))
			continue;
		err = imr_buf_printf(out, "%s%s", first ? " [" : ", ", imr_context_name(bit));
		first = 0;
	}
	if (!err && !first)
		err = imr_buf_puts(out, "]");
	return err;
}

int imr_report_extraction_text(imr_buf *out, const imr_rules *rules, const imr_facts *facts,
			       const imr_extraction *ex, const char *input)
{
	size_t i, j, n = 0;
	int err;

	for (i = 0; i < facts->count; i++)
		n += imr__facts_value(facts, (int)i)->status != IMR_FACT_NOT_DOCUMENTED;
	err = imr_buf_printf(out, "imrcheck %s: %s\n\nFacts (%zu):\n", imr_version(),
			     input ? input : "text", n);
	for (i = 0; i < facts->count && !err; i++) {
		const imr_value *v = imr__facts_value(facts, (int)i);
		char value[512];
		if (v->status == IMR_FACT_NOT_DOCUMENTED)
			continue;
		imr__value_text(rules, (int)i, v, value, sizeof(value));
		err = imr_buf_printf(out, "  %s = %s\n", rules->facts[i].name, value);
		for (j = 0; j < v->nev && !err; j++) {
			const imr_evidence *e = &v->ev[j];
			imr_buf head = IMR_BUF_INIT;
			if (e->line)
				err = imr_buf_printf(&head, "line %u", e->line);
			else
				err = imr_buf_puts(&head, e->source ? e->source : "given");
			if (!err)
				err = put_flags(&head, e->flags);
			if (!err)
				err = imr_buf_puts(&head, ": ");
			if (!err)
				err = put_line(out, 4, imr_buf_cstr(&head), e->text ? e->text : "");
			imr_buf_dispose(&head);
		}
		if (v->ev_more && !err)
			err = imr_buf_printf(out, "    and %zu more matching passage%s, not listed\n", v->ev_more,
					     v->ev_more == 1 ? "" : "s");
	}
	n = imr_extraction_count(ex);
	if (!err)
		err = imr_buf_printf(out, "\nMatches (%zu):\n", n);
	for (i = 0; i < n && !err; i++) {
		const imr_match *m = imr_extraction_match(ex, i);
		err = imr_buf_printf(out, "  line %u, bytes %zu-%zu: %s -> %s = %s", m->line, m->orig_start,
				     m->orig_end, m->entry, m->fact, m->value);
		if (!err)
			err = put_flags(out, m->flags);
		if (!err)
			err = imr_buf_printf(out, " %s\n", m->counted ? "counted" : "not counted");
		if (!err)
			err = put_line(out, 6, "matched: ", m->matched);
		if (!err)
			err = put_line(out, 6, "in: ", m->sentence);
	}
	return err;
}

/* ---- letters ---- */

static int put_attrs(imr_buf *out, const imr_rules *rules, const imr_facts *attrs)
{
	imr_buf line = IMR_BUF_INIT;
	size_t i;
	int err = 0;
	for (i = 0; i < attrs->count && !err; i++) {
		const imr_value *v = imr__facts_value(attrs, (int)i);
		char value[256];
		if (v->status == IMR_FACT_NOT_DOCUMENTED || rules->facts[i].scope != IMR_SCOPE_REQUEST ||
		    (int)i == rules->f_date)
			continue;
		imr__value_text(rules, (int)i, v, value, sizeof(value));
		err = imr_buf_printf(&line, "%s%s %s", line.size ? ", " : "",
				     rules->facts[i].name + strlen("request."), value);
	}
	if (!err)
		err = put_line(out, 2, "Read as:   ", line.size ? imr_buf_cstr(&line) : "nothing recognised");
	imr_buf_dispose(&line);
	return err;
}

static int put_basis(imr_buf *out, const char *label, const imr_basis *b)
{
	if (!b->text)
		return put_line(out, 2, label, "not stated");
	return put_line(out, 2, label, b->text);
}

static int put_review(imr_buf *out, const imr_rules *rules, const imr_review *r, int verbose,
		      size_t counts[4])
{
	const imr_letter *l = r->letter;
	char date[11];
	size_t i;
	int err;

	err = imr_buf_printf(out, "Letter:    %s layout", l->layout_name);
	if (!err && l->header.case_number)
		err = imr_buf_printf(out, ", case %s", l->header.case_number);
	if (!err && l->header.decision_date)
		err = imr_buf_printf(out, ", decided %s", l->header.decision_date);
	if (!err)
		err = imr_buf_puts(out, "\n");
	if (!err && (l->specialty || l->licensure)) {
		imr_buf who = IMR_BUF_INIT;
		err = imr_buf_printf(&who, "%s%s%s", l->specialty ? l->specialty : "specialty not stated",
				     l->licensure ? "; licensed in " : "", l->licensure ? l->licensure : "");
		if (!err)
			err = put_line(out, 0, "Reviewer:  ", imr_buf_cstr(&who));
		imr_buf_dispose(&who);
	}
	if (!err) {
		if (r->request_date != IMR_DATE_NONE) {
			imr_date_format(date, r->request_date);
			err = imr_buf_printf(out, "Request date: %s (%s)\n", date, r->date_source);
		} else {
			err = imr_buf_puts(out, "Request date: none found in the letter\n");
		}
	}
	for (i = 0; i < r->item_count && !err; i++) {
		const imr_review_item *it = &r->items[i];
		const char *agree = it->agrees < 0 ? "no prediction" : it->agrees ? "agrees with the reviewer"
									   : "DISAGREES with the reviewer";
		counts[it->agrees < 0 ? 2 : it->agrees ? 0 : 1]++;
		err = imr_buf_printf(out, "\nItem %zu: %s\n", i + 1, it->letter->service);
		if (!err)
			err = imr_buf_printf(out, "  Reviewer:  %s (\"%s\")\n", imr_outcome_name(it->letter->decision),
					     it->letter->decision_text);
		if (!err)
			err = imr_buf_printf(out, "  Predicted: %s: %s\n", imr_outcome_name(it->result->outcome), agree);
		if (!err)
			err = put_attrs(out, rules, it->attrs);
		if (!err)
			err = put_basis(out, "Reviewer cited: ", &it->letter->reviewer);
		if (!err)
			err = put_basis(out, "Claims administrator cited: ", &it->letter->claims_administrator);
		if (!err)
			err = put_item(out, it->result, verbose, 0);
		if (!err && it->letter->rationale)
			err = put_line(out, 2, "Rationale: ", it->letter->rationale);
	}
	return err;
}

int imr_report_letters_text(imr_buf *out, const imr_rules *rules, const imr_letter_outcome *letters,
			    size_t count, const imr_report_options *opts)
{
	size_t i, counts[4] = { 0, 0, 0, 0 }, failed = 0;
	int err = 0;
	for (i = 0; i < count && !err; i++) {
		const imr_letter_outcome *lo = &letters[i];
		err = imr_buf_printf(out, "%simrcheck %s: %s\n", i ? "\n" : "", imr_version(), lo->file);
		if (!err && !lo->review) {
			failed++;
			err = put_line(out, 0, "Error:     ", lo->error ? lo->error : "cannot read the letter");
			continue;
		}
		if (!err)
			err = put_review(out, rules, lo->review, opts ? opts->verbose : 0, counts);
	}
	if (!err)
		err = imr_buf_printf(out,
				     "\nSummary: %zu letter%s (%zu unreadable), %zu item%s: %zu agree, %zu disagree, "
				     "%zu indeterminate\n",
				     count, count == 1 ? "" : "s", failed, counts[0] + counts[1] + counts[2],
				     counts[0] + counts[1] + counts[2] == 1 ? "" : "s", counts[0], counts[1], counts[2]);
	return err;
}
