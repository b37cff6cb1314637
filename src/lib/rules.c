/* rules.c - the imr_rules object: ownership, lookup, inspection. */
#include "imrcheck/rules.h"

#include <string.h>

#include "alloc.h"
#include "imrcheck/mute.h"
#include "expr.h"
#include "letter_layout.h"
#include "specialty.h"
#include "drugs.h"
#include "lexicon.h"
#include "demand.h"
#include "eval_internal.h"
#include "model.h"

/* ---- freeing ---- */

static void cit_dispose(imr_cit *cit)
{
	imr__free(cit->document);
	imr__free(cit->chapter);
	imr__free(cit->section);
	imr__free(cit->pages);
	imr__free(cit->confidence);
	imr__free(cit->note);
	imr__free(cit->text);
}

static void rule_dispose(imr_rule *rule)
{
	size_t i;
	imr__free(rule->id);
	imr__free(rule->title);
	imr__free(rule->guideline);
	imr__free(rule->summary);
	cit_dispose(&rule->cit);
	imr__expr_free(rule->applies);
	for (i = 0; i < rule->ncrits; i++) {
		imr_crit *c = &rule->crits[i];
		imr__free(c->id);
		imr__free(c->full_id);
		imr__free(c->text);
		imr__free(c->advice);
		imr__expr_free(c->when);
		imr__expr_free(c->require);
		cit_dispose(&c->cit);
	}
	imr__free(rule->crits);
	for (i = 0; i < rule->ntests; i++) {
		imr_rtest *t = &rule->tests[i];
		imr__free(t->name);
		imr__fact_pack_dispose(&t->request);
		imr__fact_pack_dispose(&t->primary);
		imr__fact_pack_dispose(&t->facts);
		imr__free(t->expect);
	}
	imr__free(rule->tests);
}

void imr_rules_free(imr_rules *r)
{
	size_t i, j;
	if (!r)
		return;
	for (i = 0; i < r->nrules; i++)
		rule_dispose(&r->rules[i]);
	imr__free(r->rules);
	imr__lexicon_free_all(r);
	imr_mute_free(r->mute);
	imr__layout_free(r->layout);
	imr__specialty_free(r->specialties);
	imr__drugs_free(r->drugs);
	imr__eval_index_free(r->eval_index);
	imr__demand_free(r->demand);
	for (i = 0; i < r->ntiers; i++) {
		imr__free(r->tiers[i].guideline);
		imr__free(r->tiers[i].title);
		imr__free(r->tiers[i].basis);
	}
	imr__free(r->tiers);
	for (i = 0; i < r->nunencoded; i++) {
		imr__free(r->unencoded[i].guideline);
		imr__free(r->unencoded[i].title);
		imr__expr_free(r->unencoded[i].applies);
	}
	imr__free(r->unencoded);
	for (i = 0; i < r->nfacts; i++) {
		imr_factdef *f = &r->facts[i];
		imr__free(f->name);
		imr__free(f->description);
		imr__free(f->unit);
		imr__free(f->of);
		imr__expr_free(f->derive);
		for (j = 0; j < f->ncompute; j++)
		{
			imr__free(f->compute[j].inputs);
			imr__free(f->compute[j].consts);
		}
		imr__free(f->compute);
	}
	imr__free(r->facts);
	imr__free(r->describe_order);
	for (i = 0; i < r->nenums; i++) {
		imr_enum *en = &r->enums[i];
		for (j = 0; j < en->count; j++) {
			imr__free(en->members[j]);
			imr__free(en->member_descriptions[j]);
			if (en->family)
				imr__free(en->family[j]);
		}
		/* members beyond count may hold a description (and family) of a
		 * rejected value */
		if (en->member_descriptions)
			imr__free(en->member_descriptions[en->count]);
		if (en->family)
			imr__free(en->family[en->count]);
		imr__free(en->family);
		imr__free(en->members);
		imr__free(en->member_descriptions);
		imr__free(en->associated);
		for (j = 0; en->gives && j < en->count; j++)
			imr_facts_free(en->gives[j]);
		imr__free(en->gives);
		imr__free(en->name);
		imr__free(en->description);
	}
	imr__free(r->enums);
	for (i = 0; i < r->nfiles; i++)
		imr__free(r->files[i]);
	imr__free(r->files);
	imr__free(r);
}

/* ---- inspection ---- */

const imr_mute *imr_rules_mute(const imr_rules *rules)
{
	return rules->mute;
}

const char *imr_rules_digest(const imr_rules *rules)
{
	return rules->digest;
}

size_t imr_rules_file_count(const imr_rules *rules)
{
	return rules->nfiles;
}

size_t imr_rules_count(const imr_rules *rules)
{
	return rules->nrules;
}

static void cit_view(imr_citation *out, const imr_cit *cit)
{
	out->document = cit->document;
	out->chapter = cit->chapter;
	out->section = cit->section;
	out->pages = cit->pages;
	out->confidence = cit->confidence;
	out->note = cit->note;
}

int imr_rules_get(imr_rule_info *out, const imr_rules *rules, size_t index)
{
	const imr_rule *r;
	if (index >= rules->nrules)
		return IMR_ENOTFOUND;
	r = &rules->rules[index];
	memset(out, 0, sizeof(*out));
	out->id = r->id;
	out->title = r->title;
	out->guideline = r->guideline;
	out->summary = r->summary;
	out->recommendation = r->rec;
	out->complete = r->complete;
	out->has_from = r->has_from;
	out->has_to = r->has_to;
	out->from = r->from;
	out->to = r->to;
	out->applies = r->applies ? r->applies->text : NULL;
	cit_view(&out->citation, &r->cit);
	out->file = r->file;
	out->line = r->line;
	out->criteria = r->ncrits;
	out->tests = r->ntests;
	return IMR_OK;
}

int imr_rules_find(const imr_rules *rules, const char *id)
{
	size_t i;
	for (i = 0; i < rules->nrules; i++)
		if (rules->rules[i].id && strcmp(rules->rules[i].id, id) == 0)
			return (int)i;
	return IMR_ENOTFOUND;
}

int imr_rules_criterion(imr_criterion_info *out, const imr_rules *rules, size_t rule,
			size_t criterion)
{
	const imr_crit *c;
	if (rule >= rules->nrules || criterion >= rules->rules[rule].ncrits)
		return IMR_ENOTFOUND;
	c = &rules->rules[rule].crits[criterion];
	memset(out, 0, sizeof(*out));
	out->id = c->id;
	out->text = c->text;
	out->advice = c->advice;
	out->when = c->when ? c->when->text : NULL;
	out->require = c->require ? c->require->text : NULL;
	out->contraindication = c->contraindication;
	out->advisory = c->advisory;
	cit_view(&out->citation, &c->cit);
	return IMR_OK;
}

const char *imr_recommendation_name(imr_recommendation rec)
{
	switch (rec) {
	case IMR_RECOMMENDED: return "recommended";
	case IMR_CONDITIONAL: return "conditional";
	case IMR_NOT_RECOMMENDED: return "not_recommended";
	}
	return "conditional";
}

const char *imr_rules_guideline(const imr_rules *rules, size_t index, const char **title,
				const char **basis)
{
	if (index >= rules->ntiers)
		return NULL;
	if (title)
		*title = rules->tiers[index].title;
	if (basis)
		*basis = rules->tiers[index].basis;
	return rules->tiers[index].guideline;
}

size_t imr_rules_enum_count(const imr_rules *rules)
{
	return rules->nenums;
}

int imr_rules_enum(imr_enum_info *out, const imr_rules *rules, size_t index)
{
	if (index >= rules->nenums)
		return IMR_ENOTFOUND;
	out->name = rules->enums[index].name;
	out->description = rules->enums[index].description;
	out->values = rules->enums[index].count;
	return IMR_OK;
}

const char *imr_rules_enum_value(const imr_rules *rules, size_t index, size_t member,
				 const char **description)
{
	if (index >= rules->nenums || member >= rules->enums[index].count)
		return NULL;
	if (description)
		*description = rules->enums[index].member_descriptions[member];
	return rules->enums[index].members[member];
}

size_t imr_rules_fact_count(const imr_rules *rules)
{
	return rules->nfacts;
}

int imr_rules_fact(imr_fact_info *out, const imr_rules *rules, size_t index)
{
	const imr_factdef *f;
	if (index >= rules->nfacts)
		return IMR_ENOTFOUND;
	f = &rules->facts[index];
	memset(out, 0, sizeof(*out));
	out->name = f->name;
	out->type = imr__fact_type_name(f->type);
	out->of = f->of;
	out->unit = f->unit;
	out->description = f->description;
	out->derived = f->derive != NULL || f->ncompute > 0;
	return IMR_OK;
}

/* ---- citations ---- */

static int looks_like_range(const char *pages)
{
	return strchr(pages, '-') || strchr(pages, ',');
}

static int format_parts(char **out, const char *document, const char *chapter,
			const char *section, const char *pages)
{
	imr_buf buf = IMR_BUF_INIT;
	int err = 0;

	*out = NULL;
	if (document)
		err = imr_buf_puts(&buf, document);
	if (!err && chapter)
		err = imr_buf_printf(&buf, "%s%s", buf.size ? ", " : "", chapter);
	if (!err && section)
		err = imr_buf_printf(&buf, "%s%s", buf.size ? ", " : "", section);
	if (!err && pages)
		err = imr_buf_printf(&buf, "%s%s %s", buf.size ? ", " : "",
				     looks_like_range(pages) ? "pp." : "p.", pages);
	if (err) {
		imr_buf_dispose(&buf);
		return IMR_ENOMEM;
	}
	*out = imr_buf_detach(&buf);
	return *out ? IMR_OK : IMR_ENOMEM;
}

/* A criterion's citation inherits from its rule's: a criterion that names
 * its own document stands alone; one that names only pages or a section
 * refines the rule's document and chapter. */
int imr__cit_format(char **out, const imr_cit *cit, const imr_cit *fallback)
{
	int own_doc = cit->document != NULL;
	const imr_cit *fb = own_doc ? NULL : fallback;
	return format_parts(out, own_doc ? cit->document : fb ? fb->document : NULL,
			    cit->chapter ? cit->chapter : fb ? fb->chapter : NULL,
			    cit->section ? cit->section : fb ? fb->section : NULL,
			    cit->pages ? cit->pages : fb && !cit->section ? fb->pages : NULL);
}

int imr_citation_format(char **out, const imr_citation *citation)
{
	return format_parts(out, citation->document, citation->chapter, citation->section,
			    citation->pages);
}
