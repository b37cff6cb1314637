/* demand.c - the case facts an evaluation can read, and what they are made
 * from (see demand.h). */
#include "demand.h"

#include <string.h>

#include "alloc.h"
#include "drugs.h"
#include "eval_internal.h"
#include "expr.h"
#include "imrcheck/common.h"

/* Lists of facts by number, one after the other: list i is
 * items[start[i] .. start[i + 1]). */
typedef struct fact_lists {
	uint32_t *start;
	uint32_t *items;
} fact_lists;

struct imr_demand {
	size_t nfacts, nslots;
	fact_lists sources;   /* per fact: the facts its value is made from */
	fact_lists reads;     /* per procedure member (the last: none): every
			       * fact its rules read, with their sources */
	fact_lists rule_reads; /* per rule: every fact its applies and criteria
				* read, with their sources */
	fact_lists common;    /* (one list) what the governing-guideline
			       * entries read, with their sources */
	unsigned char *by_attrs; /* per rule: its applies reads only an item's
				  * own request.* attributes (imr__demand_items) */
};

static void lists_free(fact_lists *l)
{
	imr__free(l->start);
	imr__free(l->items);
}

void imr__demand_free(imr_demand *d)
{
	if (!d)
		return;
	lists_free(&d->sources);
	lists_free(&d->reads);
	lists_free(&d->rule_reads);
	lists_free(&d->common);
	imr__free(d->by_attrs);
	imr__free(d);
}

/* ---- building ---- */

/* A growing list of fact numbers. */
typedef struct fact_vec {
	uint32_t *v;
	size_t n, cap;
	int oom;
} fact_vec;

static void vec_push(fact_vec *vec, int fact)
{
	if (fact < 0 || vec->oom)
		return;
	if (vec->n == vec->cap) {
		void *grown = vec->v;
		if (imr__grow(&grown, &vec->cap, vec->n + 1, sizeof(uint32_t)) < 0) {
			vec->oom = 1;
			return;
		}
		vec->v = grown;
	}
	vec->v[vec->n++] = (uint32_t)fact;
}

/* Every fact an atom of @p e names, whatever its scope. */
static void push_atoms(fact_vec *vec, const imr_expr *e)
{
	size_t i;
	if (!e)
		return;
	if (e->kind == IMR_EX_ATOM) {
		vec_push(vec, e->fact);
		return;
	}
	for (i = 0; i < e->nkids; i++)
		push_atoms(vec, e->kids[i]);
}

/* The facts fact @p f is made from (see demand.h), into @p vec. */
static void push_sources(fact_vec *vec, const imr_rules *rules, int f)
{
	const imr_factdef *def = &rules->facts[f];
	const imr_drugs *d = rules->drugs;
	size_t i, k;
	push_atoms(vec, def->derive);
	for (i = 0; i < def->ncompute; i++)
		for (k = 0; k < def->compute[i].ninputs; k++)
			vec_push(vec, def->compute[i].inputs[k]);
	for (i = 0; i < rules->ninfer_order[IMR_LEX_NOTES]; i++) {
		const imr_infer *inf = rules->infer_order[IMR_LEX_NOTES][i];
		if (inf->fact == f)
			push_atoms(vec, inf->when);
	}
	if (d && d->f.med_drugs >= 0 && (f == d->f.med_ingredients || f == d->f.med_classes))
		vec_push(vec, d->f.med_drugs);
}

/* Lists from one vector per list: @p ends[i] is where list i ends in
 * @p all. */
static int lists_from(fact_lists *l, const fact_vec *all, const size_t *ends, size_t n)
{
	size_t i;
	l->start = imr__malloc((n + 1) * sizeof(uint32_t));
	l->items = imr__malloc((all->n ? all->n : 1) * sizeof(uint32_t));
	if (!l->start || !l->items)
		return IMR_ENOMEM;
	l->start[0] = 0;
	for (i = 0; i < n; i++)
		l->start[i + 1] = (uint32_t)ends[i];
	if (all->n)
		memcpy(l->items, all->v, all->n * sizeof(uint32_t));
	return IMR_OK;
}

static int build_sources(imr_demand *d, const imr_rules *rules)
{
	fact_vec all = { NULL, 0, 0, 0 };
	size_t *ends = imr__malloc((rules->nfacts + 1) * sizeof(size_t)), f;
	int err;
	if (!ends)
		return IMR_ENOMEM;
	for (f = 0; f < rules->nfacts; f++) {
		push_sources(&all, rules, (int)f);
		ends[f] = all.n;
	}
	err = all.oom ? IMR_ENOMEM : lists_from(&d->sources, &all, ends, rules->nfacts);
	imr__free(all.v);
	imr__free(ends);
	return err;
}

/* Mark @p f and, once, what it is made from; each newly marked fact is
 * appended to @p out when given. */
static void close_over(const imr_demand *d, uint32_t f, unsigned char *want, fact_vec *out)
{
	uint32_t i;
	if (f >= d->nfacts || want[f])
		return;
	want[f] = 1;
	if (out)
		vec_push(out, (int)f);
	for (i = d->sources.start[f]; i < d->sources.start[f + 1]; i++)
		close_over(d, d->sources.items[i], want, out);
}

/* What rule @p r reads, or (@p r NULL) the governing-guideline entries,
 * closed over the facts' sources, appended to @p all. */
static void push_rule_reads(imr_demand *d, const imr_rule *r, const imr_rules *rules, unsigned char *want,
			    fact_vec *all)
{
	fact_vec seeds = { NULL, 0, 0, 0 };
	size_t i, c;
	if (r) {
		push_atoms(&seeds, r->applies);
		for (c = 0; c < r->ncrits; c++) {
			push_atoms(&seeds, r->crits[c].when);
			push_atoms(&seeds, r->crits[c].require);
		}
	} else {
		for (i = 0; i < rules->nunencoded; i++)
			push_atoms(&seeds, rules->unencoded[i].applies);
	}
	memset(want, 0, d->nfacts);
	for (i = 0; i < seeds.n; i++)
		close_over(d, seeds.v[i], want, all);
	all->oom |= seeds.oom;
	imr__free(seeds.v);
}

/* Whether @p e reads only request.* attributes an item's service text
 * documents: none derived, computed, or set by the evaluator (the date),
 * none of the case or of a primary. Then the item's attributes alone
 * decide it, before the summary is read. */
static int reads_attrs_only(const imr_expr *e, const imr_rules *rules)
{
	size_t i;
	if (!e)
		return 1;
	if (e->kind == IMR_EX_ATOM) {
		const imr_factdef *def = &rules->facts[e->fact];
		return def->scope == IMR_SCOPE_REQUEST && !def->derive && !def->ncompute && e->fact != rules->f_date;
	}
	for (i = 0; i < e->nkids; i++)
		if (!reads_attrs_only(e->kids[i], rules))
			return 0;
	return 1;
}

static int build_rule_reads(imr_demand *d, const imr_rules *rules)
{
	fact_vec all = { NULL, 0, 0, 0 };
	size_t *ends = imr__malloc((rules->nrules + 1) * sizeof(size_t)), r, end;
	unsigned char *want = imr__malloc(d->nfacts + 1);
	int err;
	if (!ends || !want || !(d->by_attrs = imr__calloc(rules->nrules + 1, 1))) {
		imr__free(ends);
		imr__free(want);
		return IMR_ENOMEM;
	}
	for (r = 0; r < rules->nrules; r++) {
		push_rule_reads(d, &rules->rules[r], rules, want, &all);
		ends[r] = all.n;
		d->by_attrs[r] = rules->rules[r].applies && reads_attrs_only(rules->rules[r].applies, rules);
	}
	err = all.oom ? IMR_ENOMEM : lists_from(&d->rule_reads, &all, ends, rules->nrules);
	all.n = 0;
	if (!err) {
		push_rule_reads(d, NULL, rules, want, &all);
		end = all.n;
		err = all.oom ? IMR_ENOMEM : lists_from(&d->common, &all, &end, 1);
	}
	imr__free(all.v);
	imr__free(ends);
	imr__free(want);
	return err;
}

static void mark_list(const fact_lists *l, size_t i, unsigned char *want)
{
	uint32_t k;
	for (k = l->start[i]; k < l->start[i + 1]; k++)
		want[l->items[k]] = 1;
}

/* Per procedure member (the last list: none), the union of what its rules
 * and the governing-guideline entries read (each list closed already). */
static int build_reads(imr_demand *d, const imr_rules *rules)
{
	fact_vec all = { NULL, 0, 0, 0 };
	size_t *ends = imr__malloc((d->nslots + 1) * sizeof(size_t)), m, n, i, f;
	unsigned char *want = imr__malloc(d->nfacts + 1);
	int err;
	if (!ends || !want) {
		imr__free(ends);
		imr__free(want);
		return IMR_ENOMEM;
	}
	for (m = 0; m < d->nslots; m++) {
		const uint32_t *cand = imr__eval_candidates(rules, m, &n);
		memset(want, 0, d->nfacts);
		for (i = 0; i < n; i++)
			mark_list(&d->rule_reads, cand[i], want);
		mark_list(&d->common, 0, want);
		for (f = 0; f < d->nfacts; f++)
			if (want[f])
				vec_push(&all, (int)f);
		ends[m] = all.n;
	}
	err = all.oom ? IMR_ENOMEM : lists_from(&d->reads, &all, ends, d->nslots);
	imr__free(all.v);
	imr__free(ends);
	imr__free(want);
	return err;
}

int imr__demand_prepare(imr_rules *rules)
{
	imr_demand *d = imr__calloc(1, sizeof(*d));
	int err;
	if (!d)
		return IMR_ENOMEM;
	d->nfacts = rules->nfacts;
	d->nslots = imr__eval_procedures(rules) + 1;
	err = build_sources(d, rules);
	if (!err)
		err = build_rule_reads(d, rules);
	if (!err)
		err = build_reads(d, rules);
	if (err) {
		imr__demand_free(d);
		return err;
	}
	imr__demand_free(rules->demand);
	rules->demand = d;
	return IMR_OK;
}

/* ---- queries ---- */

int imr__demand_procedure(const imr_rules *rules, int member, unsigned char *want)
{
	const imr_demand *d = rules->demand;
	size_t m, i;
	if (!d)
		return -1;
	if (member < 0)
		return 0;
	m = (size_t)member < d->nslots ? (size_t)member : d->nslots - 1;
	/* the list is closed already */
	for (i = d->reads.start[m]; i < d->reads.start[m + 1]; i++)
		want[d->reads.items[i]] = 1;
	return 0;
}

/* The procedure member of an item's attributes, or -1. */
static int procedure_of(const imr_rules *rules, const imr_facts *attrs)
{
	const imr_value *v = imr__facts_value(attrs, rules->f_procedure);
	return v->status == IMR_FACT_PRESENT ? (int)v->num : -1;
}

/* Whether one of @p n items lends attributes to its primary (eval.c,
 * lend_to_primary): then a primary's attributes are not all its own. */
static int lends(const imr_rules *rules, const imr_facts *const *attrs, size_t n)
{
	const imr_enum *procs = &rules->enums[rules->facts[rules->f_procedure].enum_index];
	size_t i;
	for (i = 0; procs->gives && i < n; i++) {
		int m = procedure_of(rules, attrs[i]);
		if (m >= 0 && procs->gives[m])
			return 1;
	}
	return 0;
}

int imr__demand_items(const imr_rules *rules, const imr_facts *const *attrs, size_t n, unsigned char *want)
{
	const imr_demand *d = rules->demand;
	size_t i, k, ncand;
	int lent;
	if (!d)
		return -1;
	lent = lends(rules, attrs, n);
	for (i = 0; i < n; i++) {
		int m = procedure_of(rules, attrs[i]);
		const uint32_t *cand;
		imr_env env;
		if (m < 0)
			continue; /* not evaluated */
		if (lent) {
			imr__demand_procedure(rules, m, want);
			continue;
		}
		memset(&env, 0, sizeof(env));
		env.rules = rules;
		env.item_facts = attrs[i];
		cand = imr__eval_candidates(rules, (size_t)m, &ncand);
		for (k = 0; k < ncand; k++)
			if (!d->by_attrs[cand[k]] || imr__expr_eval(rules->rules[cand[k]].applies, &env) != IMR_TRI_FALSE)
				mark_list(&d->rule_reads, cand[k], want);
		mark_list(&d->common, 0, want);
	}
	return 0;
}

int imr__demand_fact(const imr_rules *rules, int fact, unsigned char *want)
{
	const imr_demand *d = rules->demand;
	if (!d)
		return -1;
	if (fact >= 0)
		close_over(d, (uint32_t)fact, want, NULL);
	return 0;
}

size_t imr__demand_count(const imr_rules *rules, int member)
{
	const imr_demand *d = rules->demand;
	size_t m;
	if (!d || member < 0)
		return 0;
	m = (size_t)member < d->nslots ? (size_t)member : d->nslots - 1;
	return d->reads.start[m + 1] - d->reads.start[m];
}
