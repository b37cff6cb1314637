/* report_json.c - JSON documents built with jansson (docs/output-json.md).
 *
 * Keys are emitted in a fixed order (JSON_PRESERVE_ORDER) so that output
 * is byte-for-byte reproducible and diffable in golden tests. */
#include "jsonb.h"
#include "imrcheck/report.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strutil.h"

#include "imrcheck/date.h"
#include "imrcheck/extract.h"
#include "imrcheck/review.h"
#include "model.h"





static json_t *evidence_json(jb *b, const imr_fact_use *u)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;
	jset(b, o, "fact", jstr(b, u->fact));
	jset(b, o, "value", jstr(b, u->value));
	jset(b, o, "atom", jstr(b, u->atom));
	jset(b, o, "derived", json_boolean(u->derived));
	for (i = 0; i < u->evidence_count; i++) {
		const imr_evidence *ev = &u->evidence[i];
		json_t *e = json_object();
		jset(b, e, "text", jstr(b, ev->text));
		jset(b, e, "source", jstr(b, ev->source));
		if (ev->line)
			jset(b, e, "line", json_integer(ev->line));
		if (ev->end > ev->start) {
			jset(b, e, "start", json_integer((json_int_t)ev->start));
			jset(b, e, "end", json_integer((json_int_t)ev->end));
		}
		jpush(b, arr, e);
	}
	jset(b, o, "sources", arr);
	if (u->evidence_more)
		jset(b, o, "more_sources", json_integer((json_int_t)u->evidence_more));
	return o;
}

static json_t *criterion_json(jb *b, const imr_criterion_result *cr)
{
	json_t *o = json_object(), *ev = json_array(), *missing = json_array();
	size_t i;
	jset(b, o, "id", jstr(b, cr->id));
	jset(b, o, "rule", jstr(b, cr->rule_id));
	jset(b, o, "status", jstr(b, imr_status_name(cr->status)));
	jset(b, o, "text", jstr(b, cr->text));
	jset(b, o, "advice", jstr(b, cr->advice));
	jset(b, o, "citation", jstr(b, cr->citation));
	jset(b, o, "contraindication", json_boolean(cr->contraindication));
	jset(b, o, "role", jstr(b, cr->advisory ? "advisory" : "decisive"));
	jset(b, o, "assumed", json_boolean(cr->assumed));
	for (i = 0; i < cr->evidence_count; i++)
		jpush(b, ev, evidence_json(b, &cr->evidence[i]));
	for (i = 0; i < cr->missing_count; i++)
		jpush(b, missing, jstr(b, cr->missing[i]));
	jset(b, o, "evidence", ev);
	jset(b, o, "missing", missing);
	return o;
}

static json_t *rule_use_json(jb *b, const imr_rule_use *u)
{
	json_t *o = json_object();
	static const char *const roles[] = { "governing", "consulted", "superseded" };
	jset(b, o, "id", jstr(b, u->id));
	jset(b, o, "title", jstr(b, u->title));
	jset(b, o, "guideline", jstr(b, u->guideline));
	jset(b, o, "citation", jstr(b, u->citation));
	jset(b, o, "recommendation", jstr(b, u->recommendation));
	jset(b, o, "role", jstr(b, roles[u->role]));
	jset(b, o, "satisfied", json_boolean(u->satisfied));
	jset(b, o, "effective_from", jstr(b, u->effective_from));
	jset(b, o, "effective_to", jstr(b, u->effective_to));
	return o;
}

static json_t *id_list_json(jb *b, const char *const *ids, size_t count)
{
	json_t *arr = json_array();
	size_t i;
	for (i = 0; i < count; i++)
		jpush(b, arr, jstr(b, ids[i]));
	return arr;
}

static json_t *item_json(jb *b, const imr_item_result *ir)
{
	json_t *o = json_object(), *crits = json_array(), *rules = json_array(), *change;
	size_t i;
	jset(b, o, "id", jstr(b, ir->id));
	jset(b, o, "service", jstr(b, ir->service));
	jset(b, o, "procedure", jstr(b, ir->procedure));
	jset(b, o, "region", jstr(b, ir->region));
	jset(b, o, "requested", jstr(b, ir->requested));
	jset(b, o, "date", jstr(b, ir->date));
	jset(b, o, "primary", jstr(b, ir->primary));
	jset(b, o, "followers", id_list_json(b, ir->followers, ir->follower_count));
	jset(b, o, "medically_necessary",
	     ir->medically_necessary < 0 ? json_null() : json_boolean(ir->medically_necessary));
	jset(b, o, "predicted_outcome", jstr(b, imr_outcome_name(ir->outcome)));
	jset(b, o, "reason", jstr(b, ir->reason));
	jset(b, o, "undecided", ir->outcome == IMR_OUTCOME_INDETERMINATE ? jstr(b, imr_undecided_name(ir->undecided))
									  : json_null());
	jset(b, o, "strength", ir->outcome == IMR_OUTCOME_INDETERMINATE ? json_null()
			       : jstr(b, imr_strength_name(ir->strength)));
	jset(b, o, "decided_by", id_list_json(b, ir->decided_by, ir->decided_by_count));
	jset(b, o, "era_note", jstr(b, ir->era_note));
	jset(b, o, "rules_as_of", jstr(b, ir->rules_as_of));
	jset(b, o, "advice", id_list_json(b, ir->advice, ir->advice_count));
	if (ir->rule) {
		json_t *r = json_object();
		jset(b, r, "id", jstr(b, ir->rule->id));
		jset(b, r, "title", jstr(b, ir->rule->title));
		jset(b, r, "guideline", jstr(b, ir->rule->guideline));
		jset(b, r, "citation", jstr(b, ir->rule->citation));
		jset(b, o, "rule", r);
	} else {
		jset(b, o, "rule", json_null());
	}
	for (i = 0; i < ir->criteria_count; i++)
		jpush(b, crits, criterion_json(b, &ir->criteria[i]));
	jset(b, o, "criteria", crits);
	for (i = 0; i < ir->rule_count; i++)
		jpush(b, rules, rule_use_json(b, &ir->rules[i]));
	jset(b, o, "rules", rules);
	if (ir->outcome == IMR_OUTCOME_UPHELD) {
		json_t *ids = json_array();
		change = json_object();
		jset(b, change, "possible", json_boolean(ir->can_change));
		for (i = 0; i < ir->change_count; i++)
			jpush(b, ids, jstr(b, ir->change[i]));
		jset(b, change, "criteria", ids);
		jset(b, change, "reason", jstr(b, ir->no_change_reason));
	} else {
		change = json_null();
	}
	jset(b, o, "would_change", change);
	return o;
}

static json_t *stamp_json(jb *b, const imr_rules *rules, const imr_result *result)
{
	json_t *o = json_object(), *applied = json_array();
	size_t i, j, k;
	jset(b, o, "program", jstr(b, "imrcheck"));
	jset(b, o, "version", jstr(b, imr_version()));
	jset(b, o, "rules_digest", jstr(b, imr_rules_digest(rules)));
	/* each consulted rule once, in order of first use */
	for (i = 0; i < imr_result_item_count(result); i++) {
		const imr_item_result *ir = imr_result_item(result, i);
		for (j = 0; j < ir->rule_count; j++) {
			const imr_rule_use *u = &ir->rules[j];
			int seen = 0;
			if (u->role == IMR_RULE_SUPERSEDED)
				continue;
			for (k = 0; k < json_array_size(applied) && !seen; k++) {
				/* no "id" when memory ran out while building this list */
				const char *id = json_string_value(json_object_get(json_array_get(applied, k), "id"));
				seen = id && strcmp(id, u->id) == 0;
			}
			if (!seen) {
				json_t *r = json_object();
				jset(b, r, "id", jstr(b, u->id));
				jset(b, r, "effective_from", jstr(b, u->effective_from));
				jset(b, r, "effective_to", jstr(b, u->effective_to));
				jpush(b, applied, r);
			}
		}
	}
	jset(b, o, "rules_applied", applied);
	return o;
}


int imr_report_check_json(imr_buf *out, const imr_rules *rules, const imr_result *result,
			  const imr_report_options *opts)
{
	jb b = { 0 };
	json_t *doc = json_object(), *items = json_array();
	size_t i, counts[3] = { 0, 0, 0 };
	json_t *summary = json_object();

	if (!doc || !items || !summary) {
		json_decref(doc);
		json_decref(items);
		json_decref(summary);
		return IMR_ENOMEM;
	}
	jset(&b, doc, "input", jstr(&b, opts ? opts->input : NULL));
	jset(&b, doc, "date_assumed", json_boolean(opts && opts->date_assumed));
	for (i = 0; i < imr_result_item_count(result); i++) {
		const imr_item_result *ir = imr_result_item(result, i);
		counts[ir->outcome]++;
		jpush(&b, items, item_json(&b, ir));
	}
	jset(&b, doc, "items", items);
	jset(&b, summary, "items", json_integer((json_int_t)imr_result_item_count(result)));
	jset(&b, summary, "overturned", json_integer((json_int_t)counts[IMR_OUTCOME_OVERTURNED]));
	jset(&b, summary, "upheld", json_integer((json_int_t)counts[IMR_OUTCOME_UPHELD]));
	jset(&b, summary, "indeterminate", json_integer((json_int_t)counts[IMR_OUTCOME_INDETERMINATE]));
	jset(&b, doc, "summary", summary);
	jset(&b, doc, "stamp", stamp_json(&b, rules, result));
	return imr__jb_dump(out, doc, &b, JSON_INDENT(2));
}

/* ---- rules ---- */

static json_t *citation_json(jb *b, const imr_citation *c)
{
	json_t *o = json_object();
	char *text = NULL;
	jset(b, o, "document", jstr(b, c->document));
	jset(b, o, "chapter", jstr(b, c->chapter));
	jset(b, o, "section", jstr(b, c->section));
	jset(b, o, "pages", jstr(b, c->pages));
	jset(b, o, "confidence", jstr(b, c->confidence));
	jset(b, o, "note", jstr(b, c->note));
	if (imr_citation_format(&text, c) < 0)
		b->failed = 1;
	jset(b, o, "text", jstr(b, text));
	imr__free(text);
	return o;
}

static json_t *rule_json(jb *b, const imr_rules *rules, size_t index, int with_criteria)
{
	imr_rule_info info;
	json_t *o = json_object();
	char from[11], to[11];
	size_t i;

	imr_rules_get(&info, rules, index);
	if (info.has_from)
		imr_date_format(from, info.from);
	if (info.has_to)
		imr_date_format(to, info.to);
	jset(b, o, "id", jstr(b, info.id));
	jset(b, o, "title", jstr(b, info.title));
	jset(b, o, "guideline", jstr(b, info.guideline));
	jset(b, o, "recommendation", jstr(b, imr_recommendation_name(info.recommendation)));
	jset(b, o, "complete", json_boolean(info.complete));
	jset(b, o, "citation", citation_json(b, &info.citation));
	jset(b, o, "effective_from", jstr(b, info.has_from ? from : NULL));
	jset(b, o, "effective_to", jstr(b, info.has_to ? to : NULL));
	jset(b, o, "file", jstr(b, info.file));
	if (!with_criteria)
		return o;
	jset(b, o, "applies", jstr(b, info.applies));
	jset(b, o, "summary", jstr(b, info.summary));
	{
		json_t *crits = json_array();
		for (i = 0; i < info.criteria; i++) {
			imr_criterion_info ci;
			json_t *c = json_object();
			imr_rules_criterion(&ci, rules, index, i);
			jset(b, c, "id", jstr(b, ci.id));
			jset(b, c, "text", jstr(b, ci.text));
			jset(b, c, "when", jstr(b, ci.when));
			jset(b, c, "require", jstr(b, ci.require));
			jset(b, c, "advice", jstr(b, ci.advice));
			jset(b, c, "contraindication", json_boolean(ci.contraindication));
			jset(b, c, "role", jstr(b, ci.advisory ? "advisory" : "decisive"));
			jpush(b, crits, c);
		}
		jset(b, o, "criteria", crits);
	}
	return o;
}

int imr_report_rule_list_json(imr_buf *out, const imr_rules *rules)
{
	jb b = { 0 };
	json_t *doc = json_object(), *arr = json_array();
	size_t i;
	for (i = 0; i < imr_rules_count(rules); i++)
		jpush(&b, arr, rule_json(&b, rules, i, 0));
	jset(&b, doc, "rules_digest", jstr(&b, imr_rules_digest(rules)));
	jset(&b, doc, "rules", arr);
	return imr__jb_dump(out, doc, &b, JSON_INDENT(2));
}

int imr_report_rule_json(imr_buf *out, const imr_rules *rules, size_t rule)
{
	jb b = { 0 };
	if (rule >= imr_rules_count(rules))
		return IMR_ENOTFOUND;
	return imr__jb_dump(out, rule_json(&b, rules, rule, 1), &b, JSON_INDENT(2));
}

/* ---- extraction ---- */

static json_t *flags_json(jb *b, unsigned flags)
{
	json_t *arr = json_array();
	unsigned bit;
	for (bit = 1; bit <= IMR_CONTEXT_QUALIFIED; bit <<= 1)
		if (flags & bit)
			jpush(b, arr, jstr(b, imr_context_name(bit)));
	return arr;
}

int imr_report_extraction_json(imr_buf *out, const imr_rules *rules, const imr_facts *facts,
			       const imr_extraction *ex, const char *input)
{
	jb b = { 0 };
	json_t *doc = json_object(), *list = json_array(), *matches = json_array();
	size_t i, j;

	jset(&b, doc, "input", jstr(&b, input));
	for (i = 0; i < facts->count; i++) {
		const imr_value *v = imr__facts_value(facts, (int)i);
		json_t *f, *evs;
		char value[512];
		if (v->status == IMR_FACT_NOT_DOCUMENTED)
			continue;
		imr__value_text(rules, (int)i, v, value, sizeof(value));
		f = json_object();
		evs = json_array();
		jset(&b, f, "fact", jstr(&b, rules->facts[i].name));
		jset(&b, f, "status", jstr(&b, v->status == IMR_FACT_PRESENT ? "present" : "absent"));
		jset(&b, f, "value", jstr(&b, value));
		for (j = 0; j < v->nev; j++) {
			const imr_evidence *e = &v->ev[j];
			json_t *o = json_object();
			jset(&b, o, "text", jstr(&b, e->text));
			jset(&b, o, "source", jstr(&b, e->source));
			jset(&b, o, "line", json_integer(e->line));
			jset(&b, o, "start", json_integer((json_int_t)e->start));
			jset(&b, o, "end", json_integer((json_int_t)e->end));
			jset(&b, o, "context", flags_json(&b, e->flags));
			jpush(&b, evs, o);
		}
		jset(&b, f, "evidence", evs);
		if (v->ev_more)
			jset(&b, f, "evidence_more", json_integer((json_int_t)v->ev_more));
		jpush(&b, list, f);
	}
	jset(&b, doc, "facts", list);
	for (i = 0; i < imr_extraction_count(ex); i++) {
		const imr_match *m = imr_extraction_match(ex, i);
		json_t *o = json_object();
		jset(&b, o, "entry", jstr(&b, m->entry));
		jset(&b, o, "fact", jstr(&b, m->fact));
		jset(&b, o, "value", jstr(&b, m->value));
		jset(&b, o, "matched", jstr(&b, m->matched));
		jset(&b, o, "counted", json_boolean(m->counted));
		jset(&b, o, "context", flags_json(&b, m->flags));
		jset(&b, o, "line", json_integer(m->line));
		jset(&b, o, "start", json_integer((json_int_t)m->orig_start));
		jset(&b, o, "end", json_integer((json_int_t)m->orig_end));
		jset(&b, o, "sentence", jstr(&b, m->sentence));
		jpush(&b, matches, o);
	}
	jset(&b, doc, "matches", matches);
	return imr__jb_dump(out, doc, &b, JSON_INDENT(2));
}

/* ---- letters ---- */

static json_t *basis_json(jb *b, const imr_basis *basis)
{
	json_t *o = json_object(), *cites = json_array();
	size_t i;
	jset(b, o, "text", jstr(b, basis->text));
	jset(b, o, "cited", json_boolean(basis->cited));
	jset(b, o, "outside_mtus", json_boolean(basis->outside_mtus));
	for (i = 0; i < basis->cite_count; i++) {
		const imr_cite *c = &basis->cites[i];
		json_t *co = json_object();
		jset(b, co, "guideline", jstr(b, c->guideline));
		jset(b, co, "mtus", json_boolean(c->mtus));
		jset(b, co, "document", jstr(b, c->document));
		jset(b, co, "section", jstr(b, c->section));
		jset(b, co, "pages", jstr(b, c->pages));
		jset(b, co, "text", jstr(b, c->text));
		jpush(b, cites, co);
	}
	jset(b, o, "citations", cites);
	return o;
}

static json_t *attrs_json(jb *b, const imr_rules *rules, const imr_facts *attrs)
{
	json_t *o = json_object();
	size_t i;
	for (i = 0; i < attrs->count; i++) {
		const imr_value *v = imr__facts_value(attrs, (int)i);
		char value[256];
		if (v->status == IMR_FACT_NOT_DOCUMENTED || rules->facts[i].scope != IMR_SCOPE_REQUEST ||
		    (int)i == rules->f_date)
			continue;
		imr__value_text(rules, (int)i, v, value, sizeof(value));
		jset(b, o, rules->facts[i].name + strlen("request."), jstr(b, value));
	}
	return o;
}

static json_t *facts_json(jb *b, const imr_rules *rules, const imr_facts *facts)
{
	json_t *list = json_array();
	size_t i, j;
	for (i = 0; i < facts->count; i++) {
		const imr_value *v = imr__facts_value(facts, (int)i);
		json_t *f, *evs;
		char value[512];
		if (v->status == IMR_FACT_NOT_DOCUMENTED)
			continue;
		imr__value_text(rules, (int)i, v, value, sizeof(value));
		f = json_object();
		evs = json_array();
		jset(b, f, "fact", jstr(b, rules->facts[i].name));
		jset(b, f, "value", jstr(b, value));
		for (j = 0; j < v->nev; j++) {
			json_t *o = json_object();
			jset(b, o, "text", jstr(b, v->ev[j].text));
			jset(b, o, "line", json_integer(v->ev[j].line));
			jset(b, o, "context", flags_json(b, v->ev[j].flags));
			jpush(b, evs, o);
		}
		jset(b, f, "evidence", evs);
		if (v->ev_more)
			jset(b, f, "evidence_more", json_integer((json_int_t)v->ev_more));
		jpush(b, list, f);
	}
	return list;
}

static json_t *review_json(jb *b, const imr_rules *rules, const imr_letter_outcome *lo, size_t counts[3])
{
	json_t *o = json_object(), *items, *header, *reviewer;
	const imr_review *r = lo->review;
	const imr_letter *l;
	char date[11];
	size_t i;

	jset(b, o, "file", jstr(b, lo->file));
	if (!r) {
		jset(b, o, "error", jstr(b, lo->error ? lo->error : "cannot read the letter"));
		return o;
	}
	l = r->letter;
	jset(b, o, "layout", jstr(b, l->layout_name));
	header = json_object();
	jset(b, header, "case_number", jstr(b, l->header.case_number));
	jset(b, header, "date_assigned", jstr(b, l->header.date_assigned));
	jset(b, header, "date_of_injury", jstr(b, l->header.date_of_injury));
	jset(b, header, "decision_date", jstr(b, l->header.decision_date));
	jset(b, header, "ur_denial_date", jstr(b, l->header.ur_denial_date));
	jset(b, header, "priority", jstr(b, l->header.priority));
	jset(b, header, "application_received", jstr(b, l->header.application_received));
	jset(b, o, "header", header);
	reviewer = json_object();
	jset(b, reviewer, "licensure", jstr(b, l->licensure));
	jset(b, reviewer, "specialty", jstr(b, l->specialty));
	jset(b, o, "reviewer", reviewer);
	if (r->request_date != IMR_DATE_NONE)
		imr_date_format(date, r->request_date);
	jset(b, o, "request_date", jstr(b, r->request_date != IMR_DATE_NONE ? date : NULL));
	jset(b, o, "request_date_source", jstr(b, r->date_source));
	jset(b, o, "facts", facts_json(b, rules, r->facts));
	items = json_array();
	for (i = 0; i < r->item_count; i++) {
		const imr_review_item *it = &r->items[i];
		json_t *io = item_json(b, it->result);
		counts[it->agrees < 0 ? 2 : it->agrees ? 0 : 1]++;
		jset(b, io, "file", jstr(b, lo->file));
		jset(b, io, "service", jstr(b, it->letter->service));
		jset(b, io, "actual", jstr(b, imr_outcome_name(it->letter->decision)));
		jset(b, io, "decision_text", jstr(b, it->letter->decision_text));
		jset(b, io, "agrees", it->agrees < 0 ? json_null() : json_boolean(it->agrees));
		jset(b, io, "request", attrs_json(b, rules, it->attrs));
		jset(b, io, "reviewer_basis", basis_json(b, &it->letter->reviewer));
		jset(b, io, "claims_administrator_basis", basis_json(b, &it->letter->claims_administrator));
		jset(b, io, "rationale", jstr(b, it->letter->rationale));
		jpush(b, items, io);
	}
	jset(b, o, "items", items);
	return o;
}

int imr_report_letters_json(imr_buf *out, const imr_rules *rules, const imr_letter_outcome *letters,
			    size_t count, const imr_report_options *opts)
{
	jb b = { 0 };
	json_t *doc = json_object(), *arr = json_array(), *summary = json_object(), *stamp = json_object();
	size_t i, counts[3] = { 0, 0, 0 }, failed = 0;
	(void)opts;
	for (i = 0; i < count; i++) {
		failed += letters[i].review == NULL;
		jpush(&b, arr, review_json(&b, rules, &letters[i], counts));
	}
	jset(&b, doc, "letters", arr);
	jset(&b, summary, "letters", json_integer((json_int_t)count));
	jset(&b, summary, "unreadable", json_integer((json_int_t)failed));
	jset(&b, summary, "items", json_integer((json_int_t)(counts[0] + counts[1] + counts[2])));
	jset(&b, summary, "agree", json_integer((json_int_t)counts[0]));
	jset(&b, summary, "disagree", json_integer((json_int_t)counts[1]));
	jset(&b, summary, "indeterminate", json_integer((json_int_t)counts[2]));
	jset(&b, doc, "summary", summary);
	jset(&b, stamp, "program", jstr(&b, "imrcheck"));
	jset(&b, stamp, "version", jstr(&b, imr_version()));
	jset(&b, stamp, "rules_digest", jstr(&b, imr_rules_digest(rules)));
	jset(&b, doc, "stamp", stamp);
	return imr__jb_dump(out, doc, &b, JSON_INDENT(2));
}
