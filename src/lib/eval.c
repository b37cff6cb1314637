/* eval.c - deciding requested items: rule selection, precedence, criteria.
 *
 * Per item: classify (request.procedure), find the applicable rules
 * (applies is true and the request date is in effect), walk the guideline
 * tiers in precedence order until a complete rule is reached (8 CCR
 * 9792.21.1: the MTUS first, other guidelines only where it does not
 * address the service), evaluate the consulted rules' criteria in
 * three-valued logic, and decide. Associated items are decided after their
 * primaries and see the primary's decision as primary.* attributes.
 *
 * Everything in a result lives in the result's arena; the result does not
 * point into the request or its facts. */
#include "imrcheck/eval.h"

#include <stdio.h>
#include <string.h>

#include <math.h>

#include "alloc.h"
#include "arena.h"
#include "eval_internal.h"
#include "imrcheck/date.h"
#include "overlay.h"

/* The first chunk of a result's arena: an item decided under four rules
 * (26 criteria with their evidence) takes about 9 KB, a request of six
 * items about 15 KB. */
#define EVAL_FIRST_CHUNK (16 * 1024)

/* Trace entries made room for at the start of an evaluation: a criterion
 * reads a few dozen atoms (with the derivations they read). */
#define EVAL_TRACE_CAP 64

struct imr_result {
	imr_arena arena;  /* holds the result itself too */
	imr_item_result *items;
	size_t count;
};

/* ---- names ---- */

const char *imr_status_name(imr_status status)
{
	switch (status) {
	case IMR_STATUS_MET: return "met";
	case IMR_STATUS_NOT_MET: return "not_met";
	case IMR_STATUS_NOT_DOCUMENTED: return "not_documented";
	case IMR_STATUS_NOT_APPLICABLE: return "not_applicable";
	}
	return "not_documented";
}

const char *imr_undecided_name(imr_undecided why)
{
	switch (why) {
	case IMR_UNDECIDED_NONE: return "none";
	case IMR_UNDECIDED_UNREAD: return "unread";
	case IMR_UNDECIDED_NO_RULE: return "no_rule";
	case IMR_UNDECIDED_NOT_IN_EFFECT: return "not_in_effect";
	case IMR_UNDECIDED_UNENCODED: return "unencoded";
	case IMR_UNDECIDED_NO_DATE: return "no_date";
	case IMR_UNDECIDED_PRIMARY: return "primary";
	}
	return "none";
}

const char *imr_strength_name(imr_strength strength)
{
	switch (strength) {
	case IMR_STRENGTH_DOCUMENTED: return "documented";
	case IMR_STRENGTH_UNDOCUMENTED: return "undocumented";
	case IMR_STRENGTH_EARLIER_GUIDELINE: return "earlier_guideline";
	case IMR_STRENGTH_NONE: return "none";
	}
	return "none";
}

const char *imr_outcome_name(imr_outcome outcome)
{
	switch (outcome) {
	case IMR_OUTCOME_OVERTURNED: return "overturned";
	case IMR_OUTCOME_UPHELD: return "upheld";
	case IMR_OUTCOME_INDETERMINATE: return "indeterminate";
	}
	return "indeterminate";
}

/* ---- the index made at load ---- */

typedef struct imr_eval_index {
	/* The rules an item can be governed by, by its procedure: those of
	 * member m are rule_nums[start[m] .. start[m + 1]), ascending; the
	 * last list (m = nprocs) is for an item with no procedure documented.
	 * A rule whose applies names no procedure is in every list. */
	size_t nprocs;
	uint32_t *start;
	uint32_t *rule_nums;
	int *computed;          /* facts with a 'compute', in vocabulary order */
	size_t ncomputed;
	int *mirror_dst, *mirror_src; /* primary.X and the request.X it mirrors */
	size_t nmirror;
	char **name_words;      /* per fact: the last part of its name in words,
				 * for a described fact, else NULL */
	char ***member_words;   /* per enum: its members in words, for the enums
				 * of described facts, else NULL */
	size_t nfacts, nenums;  /* entries of name_words and member_words */
} imr_eval_index;

/* "physical medicine" for "physical_medicine". The caller owns the copy. */
static char *words_copy(const char *name)
{
	char *w = imr__strdup(name);
	char *p;
	for (p = w; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return w;
}

void imr__eval_index_free(imr_eval_index *ix)
{
	size_t i, j;
	if (!ix)
		return;
	imr__free(ix->start);
	imr__free(ix->rule_nums);
	imr__free(ix->computed);
	imr__free(ix->mirror_dst);
	imr__free(ix->mirror_src);
	for (i = 0; ix->name_words && i < ix->nfacts; i++)
		imr__free(ix->name_words[i]);
	imr__free(ix->name_words);
	for (i = 0; ix->member_words && i < ix->nenums; i++) {
		for (j = 0; ix->member_words[i] && ix->member_words[i][j]; j++)
			imr__free(ix->member_words[i][j]);
		imr__free(ix->member_words[i]);
	}
	imr__free(ix->member_words);
	imr__free(ix);
}

/* The rules each procedure can be governed by: imr__expr_gate() of every
 * rule's applies over request.procedure. */
static int index_rules(imr_eval_index *ix, const imr_rules *rules)
{
	size_t n = ix->nprocs, r, m, total = 0;
	unsigned char *gates = imr__calloc((rules->nrules ? rules->nrules : 1) * (n + 1), 1);
	int err = 0;
	if (!gates || !(ix->start = imr__calloc(n + 2, sizeof(uint32_t)))) {
		imr__free(gates);
		return IMR_ENOMEM;
	}
	for (r = 0; r < rules->nrules && !err; r++) {
		unsigned char *g = gates + r * (n + 1);
		const imr_rule *rule = &rules->rules[r];
		int limited = 0;
		if (rule->applies && rules->f_procedure >= 0)
			limited = imr__expr_gate(rule->applies, rules->f_procedure, n, g);
		if (limited < 0)
			err = limited;
		else if (!limited)
			memset(g, 1, n + 1);  /* "no procedure" too */
	}
	for (m = 0; m <= n && !err; m++) {
		ix->start[m] = (uint32_t)total;
		for (r = 0; r < rules->nrules; r++)
			total += gates[r * (n + 1) + m];
	}
	ix->start[n + 1] = (uint32_t)total;
	if (!err && !(ix->rule_nums = imr__calloc(total ? total : 1, sizeof(uint32_t))))
		err = IMR_ENOMEM;
	for (m = 0, total = 0; m <= n && !err; m++)
		for (r = 0; r < rules->nrules; r++)
			if (gates[r * (n + 1) + m])
				ix->rule_nums[total++] = (uint32_t)r;
	imr__free(gates);
	return err;
}

/* Every primary.X (but primary.medically_necessary) with a request.X of
 * the same type and enum. */
static int index_mirrors(imr_eval_index *ix, const imr_rules *rules)
{
	size_t i;
	char name[256];
	ix->mirror_dst = imr__calloc(rules->nfacts + 1, sizeof(int));
	ix->mirror_src = imr__calloc(rules->nfacts + 1, sizeof(int));
	if (!ix->mirror_dst || !ix->mirror_src)
		return IMR_ENOMEM;
	for (i = 0; i < rules->nfacts; i++) {
		const imr_factdef *dst = &rules->facts[i];
		int src;
		if (dst->scope != IMR_SCOPE_PRIMARY || (int)i == rules->f_primary_necessary)
			continue;
		if (snprintf(name, sizeof(name), "request.%s", dst->name + strlen("primary.")) >= (int)sizeof(name))
			continue;
		src = imr__vocab_fact(rules, name, strlen(name));
		if (src < 0 || rules->facts[src].type != dst->type ||
		    rules->facts[src].enum_index != dst->enum_index)
			continue;
		ix->mirror_dst[ix->nmirror] = (int)i;
		ix->mirror_src[ix->nmirror++] = src;
	}
	return IMR_OK;
}

/* The words an item's description uses; a list of member words ends
 * with NULL. */
static int index_words(imr_eval_index *ix, const imr_rules *rules)
{
	size_t i, j;
	if ((ix->name_words = imr__calloc(rules->nfacts + 1, sizeof(char *))))
		ix->nfacts = rules->nfacts;
	if ((ix->member_words = imr__calloc(rules->nenums + 1, sizeof(char **))))
		ix->nenums = rules->nenums;
	if (!ix->name_words || !ix->member_words)
		return IMR_ENOMEM;
	for (j = 0; j < rules->ndescribe; j++) {
		int f = rules->describe_order[j];
		const imr_factdef *def = &rules->facts[f];
		const char *last = strrchr(def->name, '.');
		int e = def->enum_index;
		if (!(ix->name_words[f] = words_copy(last ? last + 1 : def->name)))
			return IMR_ENOMEM;
		if (e < 0 || ix->member_words[e])
			continue;
		if (!(ix->member_words[e] = imr__calloc(rules->enums[e].count + 1, sizeof(char *))))
			return IMR_ENOMEM;
		for (i = 0; i < rules->enums[e].count; i++)
			if (!(ix->member_words[e][i] = words_copy(rules->enums[e].members[i])))
				return IMR_ENOMEM;
	}
	return IMR_OK;
}

int imr__eval_prepare(imr_rules *rules)
{
	imr_eval_index *ix = imr__calloc(1, sizeof(*ix));
	size_t i;
	int err;
	if (!ix)
		return IMR_ENOMEM;
	if (rules->f_procedure >= 0 && rules->facts[rules->f_procedure].enum_index >= 0)
		ix->nprocs = rules->enums[rules->facts[rules->f_procedure].enum_index].count;
	err = index_rules(ix, rules);
	if (!err && !(ix->computed = imr__calloc(rules->nfacts + 1, sizeof(int))))
		err = IMR_ENOMEM;
	for (i = 0; !err && i < rules->nfacts; i++)
		if (rules->facts[i].ncompute)
			ix->computed[ix->ncomputed++] = (int)i;
	if (!err)
		err = index_mirrors(ix, rules);
	if (!err)
		err = index_words(ix, rules);
	if (err) {
		imr__eval_index_free(ix);
		return err;
	}
	imr__eval_index_free(rules->eval_index);
	rules->eval_index = ix;
	return IMR_OK;
}

/* The rules that can apply to the item of @p env, by its procedure: *n
 * rule numbers, ascending. */
static const uint32_t *candidates(const imr_rules *rules, const imr_env *env, size_t *n)
{
	const imr_eval_index *ix = rules->eval_index;
	size_t m = ix->nprocs;
	if (ix->nprocs) {
		int derived;
		const imr_value *v = imr__env_value(env, rules->f_procedure, &derived);
		if (v->status == IMR_FACT_PRESENT && v->num >= 0 && v->num < (double)ix->nprocs)
			m = (size_t)v->num;
	}
	*n = ix->start[m + 1] - ix->start[m];
	return ix->rule_nums + ix->start[m];
}

size_t imr__eval_procedures(const imr_rules *rules)
{
	return rules->eval_index ? rules->eval_index->nprocs : 0;
}

const uint32_t *imr__eval_candidates(const imr_rules *rules, size_t member, size_t *n)
{
	const imr_eval_index *ix = rules->eval_index;
	size_t m = member < ix->nprocs ? member : ix->nprocs;
	*n = ix->start[m + 1] - ix->start[m];
	return ix->rule_nums + ix->start[m];
}

/* ---- criteria ---- */

/* The evidence of @p v for @p use, as copies in @p arena (the result does
 * not point into the request), made once per list when @p copies keeps
 * them. */
static int copy_evidence(imr_arena *arena, imr_ev_copies *copies, imr_fact_use *use,
			 const imr_value *v)
{
	imr_evidence *ev;
	size_t i;
	if (!v->nev)
		return 0;
	use->evidence_count = v->nev;
	use->evidence_more = v->ev_more;
	for (i = 0; copies && i < copies->count; i++)
		if (copies->src[i] == v->ev && copies->nev[i] == v->nev) {
			use->evidence = copies->copy[i];
			return 0;
		}
	ev = imr__arena_take(arena, v->nev * sizeof(*ev));
	if (!ev)
		return IMR_ENOMEM;
	for (i = 0; i < v->nev; i++) {
		ev[i] = v->ev[i];
		ev[i].text = imr__arena_strdup(arena, v->ev[i].text);
		ev[i].source = imr__arena_strdup(arena, v->ev[i].source);
	}
	use->evidence = ev;
	if (copies && copies->count < IMR_EV_COPIES && !arena->failed) {
		copies->src[copies->count] = v->ev;
		copies->nev[copies->count] = v->nev;
		copies->copy[copies->count++] = ev;
	}
	return 0;
}

/* What an applicable criterion without evidence (or without missing
 * facts) points at: an empty list. */
static const imr_fact_use no_uses[1];
static const char *const no_missing[1];

/* Trace entries a criterion's evidence can be picked from without the
 * heap: a criterion reads a few dozen atoms at most. */
#define EVAL_PICKS 64

/* Collect the facts that decided a criterion whose require evaluated to
 * @p outcome: atoms whose effective value (after any enclosing not)
 * equals the outcome; for an unknown outcome, the undocumented facts.
 * Each fact once, in the order the trace first names it. */
static int fill_evidence(imr_arena *arena, imr_ev_copies *copies, const imr_env *env,
			 const imr_trace *trace, imr_tri outcome, imr_criterion_result *cr)
{
	const imr_rules *rules = env->rules;
	const imr_trace_entry *room[EVAL_PICKS], **pick = room;
	imr_fact_use *uses;
	const char **missing;
	size_t i, j, n = 0;

	cr->evidence = no_uses;
	cr->missing = no_missing;
	if (trace->count > EVAL_PICKS && !(pick = imr__arena_alloc(arena, trace->count * sizeof(*pick))))
		return IMR_ENOMEM;
	for (i = 0; i < trace->count; i++) {
		const imr_trace_entry *te = &trace->items[i];
		imr_tri eff = te->raw;
		if (te->negated && eff != IMR_TRI_UNKNOWN)
			eff = eff == IMR_TRI_TRUE ? IMR_TRI_FALSE : IMR_TRI_TRUE;
		if (eff != outcome || (outcome == IMR_TRI_UNKNOWN && rules->facts[te->fact].derive))
			continue;
		for (j = 0; j < n && pick[j]->fact != te->fact; j++)
			;
		if (j == n)
			pick[n++] = te;
	}
	if (!n)
		return 0;
	if (outcome == IMR_TRI_UNKNOWN) {
		if (!(missing = imr__arena_take(arena, n * sizeof(*missing))))
			return IMR_ENOMEM;
		for (i = 0; i < n; i++)
			missing[i] = rules->facts[pick[i]->fact].name;
		cr->missing = missing;
		cr->missing_count = n;
		return 0;
	}
	if (!(uses = imr__arena_alloc(arena, n * sizeof(*uses))))
		return IMR_ENOMEM;
	for (i = 0; i < n; i++) {
		/* the value the atom read: the facts do not change during an
		 * evaluation */
		int derived = pick[i]->derived;
		const imr_value *v = pick[i]->value;
		imr_fact_use *use = &uses[i];
		use->fact = rules->facts[pick[i]->fact].name;
		use->value = imr__value_string(arena, rules, pick[i]->fact, v);
		use->atom = pick[i]->atom->text;
		use->derived = derived;
		if (!derived && copy_evidence(arena, copies, use, v) < 0)
			return IMR_ENOMEM;
	}
	cr->evidence = uses;
	cr->evidence_count = n;
	return arena->failed ? IMR_ENOMEM : 0;
}

static imr_status status_for(imr_tri t, imr_undoc if_undocumented)
{
	if (t == IMR_TRI_TRUE)
		return IMR_STATUS_MET;
	if (t == IMR_TRI_FALSE)
		return IMR_STATUS_NOT_MET;
	switch (if_undocumented) {
	case IMR_UNDOC_MET: return IMR_STATUS_MET;
	case IMR_UNDOC_NOT_MET: return IMR_STATUS_NOT_MET;
	case IMR_UNDOC_NOT_DOCUMENTED: break;
	}
	return IMR_STATUS_NOT_DOCUMENTED;
}

int imr__eval_rule(imr_arena *arena, const imr_rule *rule,
		   const imr_env *env, imr_criterion_result *out)
{
	imr_trace trace;
	int err;
	memset(&trace, 0, sizeof(trace));
	err = imr__eval_rule_traced(arena, rule, env, out, &trace, NULL);
	imr__trace_dispose(&trace);
	return err;
}

int imr__eval_rule_traced(imr_arena *arena, const imr_rule *rule, const imr_env *env,
			  imr_criterion_result *out, imr_trace *scratch, imr_ev_copies *copies)
{
	size_t i;
	int satisfied = rule->rec != IMR_NOT_RECOMMENDED;
	imr_env traced = *env;
	imr_trace *trace = scratch;

	for (i = 0; i < rule->ncrits; i++) {
		const imr_crit *c = &rule->crits[i];
		imr_criterion_result *cr = &out[i];
		imr_tri t;

		/* every field set here or below (no memset of the whole) */
		cr->id = c->full_id;
		cr->rule_id = rule->id;
		cr->local_id = c->id;
		cr->text = c->text;
		cr->advice = c->advice;
		cr->contraindication = c->contraindication;
		cr->advisory = c->advisory;
		cr->citation = c->cit.text;
		cr->assumed = 0;
		cr->evidence = NULL;  /* fill_evidence() sets both when applicable */
		cr->evidence_count = 0;
		cr->missing = NULL;
		cr->missing_count = 0;
		traced.trace = NULL;
		if (c->when && imr__expr_eval(c->when, &traced) != IMR_TRI_TRUE) {
			cr->status = IMR_STATUS_NOT_APPLICABLE;
			continue;
		}
		trace->count = 0;
		traced.trace = trace;
		t = imr__expr_eval(c->require, &traced);
		cr->status = status_for(t, c->if_undocumented);
		cr->assumed = t == IMR_TRI_UNKNOWN && cr->status != IMR_STATUS_NOT_DOCUMENTED;
		if (trace->oom || fill_evidence(arena, copies, env, trace, t, cr) < 0)
			return IMR_ENOMEM;
		if (cr->status != IMR_STATUS_MET && !c->advisory)
			satisfied = 0;
	}
	return arena->failed ? IMR_ENOMEM : satisfied;
}

int imr__eval_in_effect(const imr_rule *rule, int32_t date)
{
	return (!rule->has_from || date >= rule->from) && (!rule->has_to || date <= rule->to);
}

/* ---- items ---- */

typedef struct item_state {
	int associated;
	int primary;      /* index of the primary item, or -1 */
	int rides_on;     /* request.associated_with member, or -1 */
	int done;         /* 0 not yet, 1 in progress, 2 decided */
	imr_overlay attrs; /* request attributes incl. request.date, computed
			    * ones and what associated items lend, over the
			    * request's own */
	int32_t date;
} item_state;

typedef struct evaluator {
	int strict_dates;
	const imr_rules *rules;
	const imr_request *req;
	imr_result *res;
	item_state *st;
	imr_trace trace;  /* one trace for every criterion evaluated */
	imr_ev_copies copies; /* evidence already copied into the result */
	unsigned char *memo; /* derived values of the item evaluated (imr_env.memo) */
} evaluator;

static const char *member_of(const imr_rules *rules, int fact, const imr_value *v)
{
	if (fact < 0 || v->status != IMR_FACT_PRESENT)
		return NULL;
	return rules->enums[rules->facts[fact].enum_index].members[(int)v->num];
}

static const char *member_name(const imr_rules *rules, const imr_facts *facts, int fact)
{
	return member_of(rules, fact, imr__facts_value(facts, fact));
}

static const char *attr_member(const imr_rules *rules, const imr_overlay *attrs, int fact)
{
	return member_of(rules, fact, imr__overlay_value(attrs, fact));
}

static int procedure_member(const imr_rules *rules, const imr_facts *attrs)
{
	const imr_value *v = imr__facts_value(attrs, rules->f_procedure);
	return v->status == IMR_FACT_PRESENT ? (int)v->num : -1;
}

static int procedure_is_associated(const imr_rules *rules, const imr_facts *attrs)
{
	int m = procedure_member(rules, attrs);
	return m >= 0 && rules->enums[rules->facts[rules->f_procedure].enum_index].associated[m];
}

/* The procedure an item rides on (request.associated_with), or -1. */
static int rides_on(const imr_rules *rules, const imr_facts *attrs)
{
	const imr_value *v;
	if (rules->f_associated_with < 0)
		return -1;
	v = imr__facts_value(attrs, rules->f_associated_with);
	return v->status == IMR_FACT_PRESENT ? (int)v->num : -1;
}

/* The nearest item before @p i, else after it, that is not itself
 * associated and (when @p want >= 0) whose procedure is @p want. */
static int nearest_primary(const evaluator *ev, size_t i, int want)
{
	const imr_request *req = ev->req;
	size_t k;
	for (k = i; k-- > 0;)
		if (!ev->st[k].associated &&
		    (want < 0 || procedure_member(ev->rules, req->items[k].attrs) == want))
			return (int)k;
	for (k = i + 1; k < req->nitems; k++)
		if (!ev->st[k].associated &&
		    (want < 0 || procedure_member(ev->rules, req->items[k].attrs) == want))
			return (int)k;
	return -1;
}

static void find_primaries(evaluator *ev)
{
	const imr_request *req = ev->req;
	size_t i, j;
	for (i = 0; i < req->nitems; i++) {
		item_state *s = &ev->st[i];
		s->primary = -1;
		s->rides_on = -1;
		if (req->items[i].primary_id) {
			s->associated = 1;
			for (j = 0; j < req->nitems; j++)
				if (j != i && strcmp(req->items[j].id, req->items[i].primary_id) == 0)
					s->primary = (int)j;
		} else if ((s->rides_on = rides_on(ev->rules, req->items[i].attrs)) >= 0) {
			s->associated = 1;
		} else {
			s->associated = procedure_is_associated(ev->rules, req->items[i].attrs);
		}
	}
	for (i = 0; i < req->nitems; i++) {
		item_state *s = &ev->st[i];
		if (!s->associated || s->primary >= 0 || req->items[i].primary_id)
			continue;
		s->primary = nearest_primary(ev, i, s->rides_on);
		/* A service that rides on a kind of procedure the request does not
		 * hold (pre-operative clearance for a surgery certified earlier)
		 * is judged on its own criteria. */
		if (s->primary < 0 && s->rides_on >= 0)
			s->associated = 0;
	}
}

/* Every primary.X the vocabulary declares mirrors request.X of the primary
 * (same type and enum); primary.medically_necessary is its decision. */
static int set_primary_attrs(evaluator *ev, imr_overlay *primary, size_t item)
{
	const imr_rules *rules = ev->rules;
	const imr_eval_index *ix = rules->eval_index;
	const item_state *ps = &ev->st[ev->st[item].primary];
	const imr_item_result *pr = &ev->res->items[ev->st[item].primary];
	size_t i;
	int err = 0;

	if (rules->f_primary_necessary >= 0)
		err = imr__overlay_set(primary, rules->f_primary_necessary,
				       pr->medically_necessary ? IMR_FACT_PRESENT : IMR_FACT_ABSENT,
				       pr->medically_necessary ? 1 : 0, NULL, 0);
	for (i = 0; i < ix->nmirror && !err; i++) {
		const imr_value *v = imr__overlay_value(&ps->attrs, ix->mirror_src[i]);
		if (v->status != IMR_FACT_NOT_DOCUMENTED)
			err = imr__overlay_set(primary, ix->mirror_dst[i], v->status, v->num, v->members,
					       v->nmembers);
	}
	return err;
}

/* An associated item of a procedure that "gives_primary" attributes lends
 * them to its primary where the primary's own text is silent: a separate
 * "FLUOROSCOPIC GUIDANCE" line means the injection is under fluoroscopy. */
static int lend_to_primary(evaluator *ev, size_t item)
{
	const imr_rules *rules = ev->rules;
	const imr_enum *procs = &rules->enums[rules->facts[rules->f_procedure].enum_index];
	const imr_req_item *it = &ev->req->items[item];
	int m = procedure_member(rules, it->attrs);
	const imr_facts *gives;
	imr_overlay *to;
	size_t f;
	char text[600];
	if (m < 0 || !procs->gives || !procs->gives[m] || ev->st[item].primary < 0)
		return 0;
	gives = procs->gives[m];
	to = &ev->st[ev->st[item].primary].attrs;
	snprintf(text, sizeof(text), "%s: %s", it->id, it->service ? it->service : procs->members[m]);
	for (f = 0; f < rules->nfacts; f++) {
		const imr_value *v = imr__facts_value(gives, (int)f);
		imr_evidence evd;
		int err;
		if (v->status == IMR_FACT_NOT_DOCUMENTED ||
		    imr__overlay_value(to, (int)f)->status != IMR_FACT_NOT_DOCUMENTED)
			continue;
		memset(&evd, 0, sizeof(evd));
		evd.text = text;
		evd.source = "associated item";
		if ((err = imr__overlay_set(to, (int)f, v->status, v->num, v->members, v->nmembers)) < 0 ||
		    (err = imr__overlay_add_ev(to, (int)f, &evd)) < 0)
			return err;
	}
	return 0;
}

/* The ids of the associated items that follow item @p idx. */
static int list_followers(evaluator *ev, size_t idx)
{
	imr_item_result *ir = &ev->res->items[idx];
	const char **ids;
	size_t i, n = 0;
	for (i = 0; i < ev->req->nitems; i++)
		if (ev->st[i].associated && ev->st[i].primary == (int)idx)
			n++;
	if (!n)
		return 0;
	ids = imr__arena_alloc(&ev->res->arena, n * sizeof(char *));
	if (!ids)
		return IMR_ENOMEM;
	for (i = 0, n = 0; i < ev->req->nitems; i++)
		if (ev->st[i].associated && ev->st[i].primary == (int)idx)
			ids[n++] = imr__arena_strdup(&ev->res->arena, ev->req->items[i].id);
	ir->followers = ids;
	ir->follower_count = n;
	return ev->res->arena.failed ? IMR_ENOMEM : 0;
}

static const char *date_text(imr_arena *arena, int has, int32_t date)
{
	char buf[11];
	if (!has)
		return NULL;
	imr_date_format(buf, date);
	return imr__arena_strdup(arena, buf);
}

static imr_rule_use make_rule_use(const imr_rule *rule, imr_rule_role role, int satisfied)
{
	imr_rule_use u;
	memset(&u, 0, sizeof(u));
	u.id = rule->id;
	u.title = rule->title;
	u.guideline = rule->guideline;
	u.citation = rule->cit.text;
	u.recommendation = imr_recommendation_name(rule->rec);
	u.complete = rule->complete;
	u.satisfied = satisfied;
	u.role = role;
	u.effective_from = rule->has_from ? rule->from_text : NULL;
	u.effective_to = rule->has_to ? rule->to_text : NULL;
	return u;
}

static void indeterminate(imr_item_result *ir, const char *reason)
{
	ir->strength = IMR_STRENGTH_NONE;
	ir->outcome = IMR_OUTCOME_INDETERMINATE;
	ir->medically_necessary = -1;
	ir->reason = reason;
}

/* Why no rule applies: none for the service at all, or none in effect. */
/* "physical medicine" for a category member: its name in words. */
static const char *words(imr_arena *arena, const char *name)
{
	char *w = imr__arena_strdup(arena, name);
	char *p;
	for (p = w; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return w;
}

/* describe_item() by formatting: what it falls back on where the words
 * made at load do not cover a value (a fraction, a very long set). */
static const char *describe_formatted(imr_arena *arena, const imr_rules *rules, const imr_overlay *attrs)
{
	imr_buf out = IMR_BUF_INIT;
	size_t j;
	const char *result;
	int err = 0;
	for (j = 0; j < rules->ndescribe && !err; j++) {
		int pick = rules->describe_order[j];
		char text[256];
		if (imr__overlay_value(attrs, pick)->status != IMR_FACT_PRESENT)
			continue;
		imr__value_text(rules, pick, imr__overlay_value(attrs, pick), text, sizeof(text));
		if (rules->facts[pick].type == IMR_TYPE_NUMBER) {
			const char *name = strrchr(rules->facts[pick].name, '.');
			err = imr_buf_printf(&out, "%s%s %s", out.size ? "; " : "", text, words(arena, name + 1));
		} else if (rules->facts[pick].type == IMR_TYPE_BOOLEAN) {
			const char *name = strrchr(rules->facts[pick].name, '.');
			err = imr_buf_printf(&out, "%s%s", out.size ? "; " : "", words(arena, name + 1));
		} else {
			if (text[0] == '[') { /* a set: "[a, b]" reads as "a, b" */
				memmove(text, text + 1, strlen(text));
				text[strlen(text) - 1] = '\0';
			}
			err = imr_buf_printf(&out, "%s%s", out.size ? "; " : "", words(arena, text));
		}
	}
	result = err ? NULL : imr__arena_strdup(arena, imr_buf_cstr(&out));
	imr_buf_dispose(&out);
	if (err)
		arena->failed = 1;
	return result;
}

/* Append @p len bytes of @p s to the @p size bytes of @p out at *k; 0 when
 * they do not fit. */
static int put(char *out, size_t size, size_t *k, const char *s, size_t len)
{
	if (len >= size - *k)
		return 0;
	memcpy(out + *k, s, len);
	*k += len;
	return 1;
}

/* One described value in words, as describe_formatted() writes it, from
 * the words made at load; 0 when it needs formatting. */
static int describe_value(const imr_rules *rules, int fact, const imr_value *v, char *out, size_t size,
			  size_t *k)
{
	const imr_eval_index *ix = rules->eval_index;
	const imr_factdef *def = &rules->facts[fact];
	const char *const *words =
		def->enum_index >= 0 ? (const char *const *)ix->member_words[def->enum_index] : NULL;
	char num[32];
	size_t i, len, set_len;

	switch (def->type) {
	case IMR_TYPE_NUMBER:
		if (v->num != floor(v->num) || fabs(v->num) >= 1e15)
			return 0;
		len = imr__integer_text(num, v->num);
		return put(out, size, k, num, len) && put(out, size, k, " ", 1) &&
		       put(out, size, k, ix->name_words[fact], strlen(ix->name_words[fact]));
	case IMR_TYPE_BOOLEAN:
		return put(out, size, k, ix->name_words[fact], strlen(ix->name_words[fact]));
	case IMR_TYPE_DATE:
		imr_date_format(num, (int32_t)v->num);
		return put(out, size, k, num, 10);
	case IMR_TYPE_ENUM:
		len = words ? strlen(words[(int)v->num]) : 1;
		return len < 256 && put(out, size, k, words ? words[(int)v->num] : "?", len);
	case IMR_TYPE_SET:
		/* "[a, b]" had to fit 256 bytes to be read whole */
		for (i = 0, set_len = 2; i < v->nmembers; i++)
			set_len += (i ? 2 : 0) + (words ? strlen(words[v->members[i]]) : 1);
		if (set_len >= 256)
			return 0;
		for (i = 0; i < v->nmembers; i++)
			if ((i && !put(out, size, k, ", ", 2)) ||
			    !put(out, size, k, words ? words[v->members[i]] : "?",
				 words ? strlen(words[v->members[i]]) : 1))
				return 0;
		return 1;
	}
	return 0;
}

/* What was read of an item, from the facts the vocabulary marks
 * `describe` in vocabulary order: "mri; lumbar; without contrast". The
 * names and members are put in words once, at load. */
static const char *describe_item(imr_arena *arena, const imr_rules *rules, const imr_overlay *attrs)
{
	char out[1024];
	size_t j, k = 0;
	for (j = 0; j < rules->ndescribe; j++) {
		int pick = rules->describe_order[j];
		const imr_value *v = imr__overlay_value(attrs, pick);
		if (v->status != IMR_FACT_PRESENT)
			continue;
		if ((k && !put(out, sizeof(out), &k, "; ", 2)) ||
		    !describe_value(rules, pick, v, out, sizeof(out), &k))
			return describe_formatted(arena, rules, attrs);
	}
	return imr__arena_strndup(arena, out, k);
}

/* Why no rule decides an item whose service was read: none for the
 * service at all, or none in effect on its date. */
static const char *no_rule_reason(evaluator *ev, const imr_env *env, imr_item_result *ir,
				  const imr_overlay *attrs)
{
	imr_arena *arena = &ev->res->arena;
	const imr_rules *rules = ev->rules;
	const char *category = attr_member(rules, attrs, rules->f_category);
	size_t i, n;
	const uint32_t *cand = candidates(rules, env, &n);
	for (i = 0; i < n; i++) {
		const imr_rule *rule = &rules->rules[cand[i]];
		if (!rule->applies || imr__expr_eval(rule->applies, env) != IMR_TRI_TRUE)
			continue;
		ir->undecided = IMR_UNDECIDED_NOT_IN_EFFECT;
		return imr__arena_printf(arena,
						 "no rule for %s is in effect on %s (rule %s is in effect %s to %s)",
						 ir->procedure, ir->date, rule->id,
						 rule->has_from ? date_text(arena, 1, rule->from) : "the start",
						 rule->has_to ? date_text(arena, 1, rule->to) : "today");
	}
	ir->undecided = IMR_UNDECIDED_NO_RULE;
	return imr__arena_printf(arena, "no rule is encoded for %s: %s (%s)",
				 category ? words(arena, category) : "this service",
				 ir->service ? ir->service : ir->procedure,
				 describe_item(arena, rules, attrs));
}

/* Why an item has no procedure: the text names a kind of service but not
 * one the lexicons know, or nothing readable at all. */
static const char *unread_reason(evaluator *ev, const imr_item_result *ir, const imr_overlay *attrs)
{
	imr_arena *arena = &ev->res->arena;
	const char *category = attr_member(ev->rules, attrs, ev->rules->f_category);
	if (category)
		return imr__arena_printf(arena,
			"no rule is encoded for %s: the service itself is not recognised in \"%s\"",
			words(arena, category), ir->service ? ir->service : "");
	if (ir->service)
		return imr__arena_printf(arena,
			"the service text could not be read: \"%s\" names no kind of service the lexicons know",
			ir->service);
	return "the request could not be classified: it names no procedure";
}

static const imr_unencoded *unencoded_for(const imr_rules *rules, const imr_env *env, int tier,
					  int32_t date)
{
	size_t i;
	for (i = 0; i < rules->nunencoded; i++) {
		const imr_unencoded *u = &rules->unencoded[i];
		if (u->tier != tier || (u->has_from && date < u->from) || (u->has_to && date > u->to))
			continue;
		if (u->applies && imr__expr_eval(u->applies, env) == IMR_TRI_TRUE)
			return u;
	}
	return NULL;
}

/* What a decided item rests on: a decisive criterion decided by documented
 * facts (or the guideline's own position) is firmer than one decided only
 * because documentation is missing or assumed. */
static imr_strength strength_of(const imr_item_result *ir, int blocked)
{
	size_t i;
	imr_status want = ir->medically_necessary ? IMR_STATUS_MET : IMR_STATUS_NOT_MET;
	if (blocked)
		return IMR_STRENGTH_DOCUMENTED;
	for (i = 0; i < ir->criteria_count; i++) {
		const imr_criterion_result *cr = &ir->criteria[i];
		if (!cr->advisory && cr->status == want && !cr->assumed)
			return IMR_STRENGTH_DOCUMENTED;
	}
	return IMR_STRENGTH_UNDOCUMENTED;
}

/* Sort the criteria of a decided item into the decisive ones behind the
 * decision, the decisive ones whose being met would change a denial, and
 * the advisory ones that are advice. */
static int sort_criteria(imr_arena *arena, imr_item_result *ir, int *blocked,
			 const char **block_reason)
{
	size_t i, nchange = 0, ndecided = 0, nadvice = 0, total = ir->criteria_count;
	const char **change = imr__arena_alloc(arena, (total + 1) * sizeof(char *));
	const char **decided = imr__arena_alloc(arena, (total + 1) * sizeof(char *));
	const char **advice = imr__arena_alloc(arena, (total + 1) * sizeof(char *));
	if (!change || !decided || !advice)
		return IMR_ENOMEM;
	for (i = 0; i < total; i++) {
		const imr_criterion_result *cr = &ir->criteria[i];
		int met = cr->status == IMR_STATUS_MET;
		if (cr->status == IMR_STATUS_NOT_APPLICABLE)
			continue;
		if (cr->advisory) {
			if (!met)
				advice[nadvice++] = cr->id;
			continue;
		}
		if (met) {
			/* a status assumed from silence (no red flag documented) did
			 * not decide an approval */
			if (ir->medically_necessary && !cr->assumed)
				decided[ndecided++] = cr->id;
			continue;
		}
		if (cr->contraindication && cr->status == IMR_STATUS_NOT_MET && !*blocked) {
			*blocked = 1;
			*block_reason = imr__arena_printf(arena, "%s is not met: %s", cr->id, cr->text);
		}
		decided[ndecided++] = cr->id;
		change[nchange++] = cr->id;
	}
	ir->decided_by = decided;
	ir->decided_by_count = ndecided;
	ir->advice = advice;
	ir->advice_count = nadvice;
	if (!ir->medically_necessary) {
		ir->can_change = !*blocked;
		if (*blocked) {
			ir->no_change_reason = *block_reason;
		} else {
			ir->change = change;
			ir->change_count = nchange;
		}
	}
	return arena->failed ? IMR_ENOMEM : IMR_OK;
}

static int decide(evaluator *ev, imr_item_result *ir, const imr_rule **consulted, size_t nconsulted,
		  const imr_rule **superseded, size_t nsuperseded, const imr_env *env)
{
	imr_arena *arena = &ev->res->arena;
	size_t i, total = 0, k = 0;
	imr_rule_use *uses;
	imr_criterion_result *crits;
	int necessary = 1, governing = -1, blocked = 0, err;
	const char *block_reason = NULL;

	for (i = 0; i < nconsulted; i++)
		total += consulted[i]->ncrits;
	/* both filled whole below */
	crits = imr__arena_take(arena, (total + 1) * sizeof(*crits));
	uses = imr__arena_take(arena, (nconsulted + nsuperseded + 1) * sizeof(*uses));
	if (!crits || !uses)
		return IMR_ENOMEM;
	for (i = 0; i < nconsulted; i++) {
		const imr_rule *rule = consulted[i];
		int sat = imr__eval_rule_traced(arena, rule, env, crits + k, &ev->trace, &ev->copies);
		if (sat < 0)
			return sat;
		uses[i] = make_rule_use(rule, IMR_RULE_CONSULTED, sat);
		if (!sat) {
			necessary = 0;
			if (governing < 0)
				governing = (int)i;
		}
		if (rule->rec == IMR_NOT_RECOMMENDED && !blocked) {
			blocked = 1;
			block_reason = imr__arena_printf(arena, "%s does not recommend this service (%s)",
							 rule->id, uses[i].citation ? uses[i].citation : "");
		}
		k += rule->ncrits;
	}
	for (i = 0; i < nsuperseded; i++)
		uses[nconsulted + i] = make_rule_use(superseded[i], IMR_RULE_SUPERSEDED, 0);
	if (necessary) {
		for (i = 0; i < nconsulted && governing < 0; i++)
			if (consulted[i]->complete)
				governing = (int)i;
		if (governing < 0)
			governing = 0;
	}
	uses[governing].role = IMR_RULE_GOVERNING;
	ir->rule = &uses[governing];
	ir->rules = uses;
	ir->rule_count = nconsulted + nsuperseded;
	ir->criteria = crits;
	ir->criteria_count = total;
	ir->medically_necessary = necessary;
	ir->outcome = necessary ? IMR_OUTCOME_OVERTURNED : IMR_OUTCOME_UPHELD;
	if ((err = sort_criteria(arena, ir, &blocked, &block_reason)) < 0)
		return err;
	ir->strength = strength_of(ir, blocked);
	return arena->failed ? IMR_ENOMEM : IMR_OK;
}

/* The rules that speak to an item on one date: applicable ones split into
 * consulted (tier by tier until a complete rule) and superseded, or the
 * unencoded entry that blocks the answer. */
typedef struct selection {
	const imr_rule **applicable, **consulted, **superseded;
	const imr_rule **spare;  /* room for as many rules, for the caller */
	size_t napplicable, nconsulted, nsuperseded;
	const imr_unencoded *blocked;
} selection;

static void select_rules(const imr_rules *rules, const imr_env *env, int32_t date, selection *sel)
{
	size_t i, t, n;
	const uint32_t *cand = candidates(rules, env, &n);
	int complete = 0;
	sel->napplicable = sel->nconsulted = sel->nsuperseded = 0;
	sel->blocked = NULL;
	for (i = 0; i < n; i++) {
		const imr_rule *rule = &rules->rules[cand[i]];
		if (rule->applies && imr__eval_in_effect(rule, date) &&
		    imr__expr_eval(rule->applies, env) == IMR_TRI_TRUE)
			sel->applicable[sel->napplicable++] = rule;
	}
	for (t = 0; t < rules->ntiers; t++) {
		int tier_complete = 0, pass;
		/* Within a tier, the rules that fully address the service come
		 * first: they are the specific positions, the others general. */
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < sel->napplicable; i++) {
				const imr_rule *rule = sel->applicable[i];
				if (rule->tier != (int)t || rule->complete != !pass)
					continue;
				if (complete) {
					sel->superseded[sel->nsuperseded++] = rule;
					continue;
				}
				sel->consulted[sel->nconsulted++] = rule;
				tier_complete |= rule->complete;
			}
		}
		if (!complete && !tier_complete && !sel->blocked) {
			const imr_unencoded *u = unencoded_for(rules, env, (int)t, date);
			if (u) {
				sel->blocked = u;
				return;
			}
		}
		complete |= tier_complete;
	}
}

/* The last day before @p date on which a rule that speaks to the item (of
 * guideline tier @p tier, or any tier when -1) was in effect: the most
 * recent encoded version of the topic. IMR_DATE_NONE when there is none. */
static int32_t latest_encoded_before(const imr_rules *rules, const imr_env *env, int32_t date,
				     int tier)
{
	int32_t best = IMR_DATE_NONE;
	size_t i, n;
	const uint32_t *cand = candidates(rules, env, &n);
	for (i = 0; i < n; i++) {
		const imr_rule *rule = &rules->rules[cand[i]];
		if (!rule->has_to || rule->to >= date || (tier >= 0 && rule->tier != tier))
			continue;
		if (best != IMR_DATE_NONE && rule->to <= best)
			continue;
		if (rule->applies && imr__expr_eval(rule->applies, env) == IMR_TRI_TRUE)
			best = rule->to;
	}
	return best;
}

/* "the MTUS in force on D for this service is T, whose text is not
 * encoded; evaluated under R (in effect F to T); confirm ..." */
static const char *era_note(imr_arena *arena, const imr_item_result *ir, const imr_unencoded *u,
			    const selection *sel, const imr_rule *const *newer, size_t nnewer)
{
	const imr_rule *r = sel->consulted[0];
	const char *note, *also = "";
	size_t i;
	for (i = 0; i < nnewer; i++)
		also = imr__arena_printf(arena, "%s%s %s (%s, in effect from %s)", also,
					 i ? "," : "; also consulted, as in effect on the date:", newer[i]->id,
					 newer[i]->title, newer[i]->from_text);
	for (i = 0; i < sel->nconsulted; i++)
		if (sel->consulted[i]->complete) {
			r = sel->consulted[i];
			break;
		}
	if (u)
		note = imr__arena_printf(arena,
			"the %s in force on %s for this service is %s, whose text is not encoded; "
			"evaluated under %s (%s, in effect %s to %s)%s; confirm against the current guideline",
			u->guideline, ir->date, u->title, r->id, r->title,
			r->has_from ? date_text(arena, 1, r->from) : "the start",
			date_text(arena, 1, r->to), also ? also : "");
	else
		note = imr__arena_printf(arena,
			"no encoded rule for this service is in effect on %s; evaluated under the most recent "
			"encoded version, %s (%s, in effect %s to %s)%s; confirm against the current guideline",
			ir->date, r->id, r->title, r->has_from ? date_text(arena, 1, r->from) : "the start",
			date_text(arena, 1, r->to), also ? also : "");
	return note;
}

/* Into @p out, the rules of @p consulted that began after @p as_of; their
 * number. */
static size_t keep_newer(const imr_rule *const *consulted, size_t n, int32_t as_of, const imr_rule **out)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++)
		if (consulted[i]->has_from && consulted[i]->from > as_of)
			out[k++] = consulted[i];
	return k;
}

/* Add @p newer to the consulted rules of @p sel, each after the rules of
 * its tier and earlier tiers (none of them is among the consulted: they
 * were not in effect on the fallback date). */
static void merge_by_tier(selection *sel, const imr_rule *const *newer, size_t nnewer)
{
	size_t i, j, at;
	for (i = 0; i < nnewer; i++) {
		for (at = 0; at < sel->nconsulted && sel->consulted[at]->tier <= newer[i]->tier; at++)
			;
		for (j = sel->nconsulted; j > at; j--)
			sel->consulted[j] = sel->consulted[j - 1];
		sel->consulted[at] = newer[i];
		sel->nconsulted++;
	}
}

static int eval_item(evaluator *ev, size_t idx)
{
	const imr_rules *rules = ev->rules;
	const imr_req_item *it = &ev->req->items[idx];
	item_state *s = &ev->st[idx];
	imr_item_result *ir = &ev->res->items[idx];
	imr_arena *arena = &ev->res->arena;
	imr_overlay primary;
	int has_primary = 0;
	imr_env env;
	/* room for the rule lists of most items without the heap */
	const imr_rule *room[4 * 48];
	const imr_rule **applicable = room;
	const imr_rule **consulted, **superseded;
	size_t nconsulted, nsuperseded, ncand, cap;
	selection sel;
	int err = IMR_OK, fallback = 0;

	if (s->done)
		return IMR_OK;
	s->done = 1;
	ir->id = imr__arena_strdup(arena, it->id);
	ir->service = imr__arena_strdup(arena, it->service);
	ir->procedure = member_name(rules, it->attrs, rules->f_procedure);
	ir->region = member_name(rules, it->attrs, rules->f_region);
	ir->date = date_text(arena, s->date != IMR_DATE_NONE, s->date);
	ir->requested = describe_item(arena, rules, &s->attrs);
	if (s->associated && s->primary >= 0)
		ir->primary = ev->req->items[s->primary].id;
	if (!ir->procedure) {
		indeterminate(ir, unread_reason(ev, ir, &s->attrs));
		ir->undecided = IMR_UNDECIDED_UNREAD;
		s->done = 2;
		return arena->failed ? IMR_ENOMEM : IMR_OK;
	}
	if (s->date == IMR_DATE_NONE) {
		indeterminate(ir, "the request has no date, so the rules in effect cannot be chosen");
		ir->undecided = IMR_UNDECIDED_NO_DATE;
		s->done = 2;
		return arena->failed ? IMR_ENOMEM : IMR_OK;
	}
	memset(&env, 0, sizeof(env));
	env.rules = rules;
	env.case_facts = ev->req->facts;
	env.item_over = &s->attrs;
	env.date = s->date;
	env.has_date = 1;
	if (s->associated) {
		const imr_item_result *pr;
		if (s->primary < 0) {
			indeterminate(ir, "no primary procedure in the request for this associated service");
			ir->undecided = IMR_UNDECIDED_PRIMARY;
			s->done = 2;
			return arena->failed ? IMR_ENOMEM : IMR_OK;
		}
		/* a primary named explicitly may itself follow another item */
		if (ev->st[s->primary].done == 1) {
			indeterminate(ir, "its primary procedure refers back to it (a cycle of primaries)");
			ir->undecided = IMR_UNDECIDED_PRIMARY;
			s->done = 2;
			return arena->failed ? IMR_ENOMEM : IMR_OK;
		}
		if (!ev->st[s->primary].done && (err = eval_item(ev, (size_t)s->primary)) < 0)
			return err;
		pr = &ev->res->items[s->primary];
		if (pr->outcome == IMR_OUTCOME_INDETERMINATE) {
			indeterminate(ir, imr__arena_printf(arena, "its primary procedure (%s) is indeterminate",
							    pr->id));
			ir->undecided = IMR_UNDECIDED_PRIMARY;
			s->done = 2;
			return arena->failed ? IMR_ENOMEM : IMR_OK;
		}
		imr__overlay_init(&primary, rules, NULL, arena);
		if (set_primary_attrs(ev, &primary, idx) < 0)
			return IMR_ENOMEM;
		env.primary_over = &primary;
		has_primary = 1;
	}
	/* the facts are settled: derived values hold for the whole item (a
	 * primary evaluated above used the memo for its own) */
	memset(ev->memo, 0, rules->nfacts);
	env.memo = ev->memo;
	/* every list holds candidates only: a rule consulted on the fallback
	 * date is not one of the newer rules kept from the request date */
	(void)candidates(rules, &env, &ncand);
	cap = ncand + 1;
	if (4 * cap > sizeof(room) / sizeof(room[0]) &&
	    !(applicable = imr__malloc(4 * cap * sizeof(*applicable))))
		return IMR_ENOMEM;
	sel.applicable = applicable;
	sel.consulted = applicable + cap;
	sel.superseded = sel.consulted + cap;
	sel.spare = sel.superseded + cap;
	select_rules(rules, &env, s->date, &sel);
	/* The guideline in force is not encoded (or no rule is in effect on
	 * the date): evaluate under the most recent encoded version of the
	 * same topic and say so, unless dates are to be taken strictly. */
	if ((sel.blocked || !sel.nconsulted) && !ev->strict_dates) {
		const imr_unencoded *u = sel.blocked;
		int32_t as_of = latest_encoded_before(rules, &env, s->date, u ? u->tier : -1);
		if (as_of != IMR_DATE_NONE) {
			/* rules consulted on the date itself that began after the
			 * fallback date (a newer partial rule in force) still apply */
			const imr_rule **newer = sel.spare;
			size_t nnewer = keep_newer(sel.consulted, sel.nconsulted, as_of, newer);
			select_rules(rules, &env, as_of, &sel);
			if (!sel.blocked && sel.nconsulted) {
				fallback = 1;
				ir->rules_as_of = date_text(arena, 1, as_of);
				ir->era_note = era_note(arena, ir, u, &sel, newer, nnewer);
				merge_by_tier(&sel, newer, nnewer);
			}
		}
	}
	if (sel.blocked && !fallback) {
		const imr_unencoded *u = sel.blocked;
		indeterminate(ir, imr__arena_printf(arena,
			"the governing guideline is not encoded: %s (%s, in effect from %s)",
			u->title, u->guideline, date_text(arena, u->has_from, u->from)));
		ir->undecided = IMR_UNDECIDED_UNENCODED;
		goto done;
	}
	if (!sel.nconsulted) {
		indeterminate(ir, no_rule_reason(ev, &env, ir, &s->attrs));
		goto done;
	}
	consulted = sel.consulted;
	superseded = sel.superseded;
	nconsulted = sel.nconsulted;
	nsuperseded = sel.nsuperseded;
	err = decide(ev, ir, consulted, nconsulted, superseded, nsuperseded, &env);
	if (!err && fallback)
		ir->strength = IMR_STRENGTH_EARLIER_GUIDELINE;
	/* an item that follows its primary is no firmer than the primary's decision */
	if (!err && has_primary && ev->res->items[s->primary].strength > ir->strength)
		ir->strength = ev->res->items[s->primary].strength;
done:
	if (applicable != room)
		imr__free(applicable);
	if (!err && arena->failed)
		err = IMR_ENOMEM;
	s->done = 2;
	return err;
}

static int prepare_attrs(evaluator *ev, size_t idx)
{
	const imr_rules *rules = ev->rules;
	const imr_req_item *it = &ev->req->items[idx];
	item_state *s = &ev->st[idx];
	int err;

	s->date = it->has_date ? it->date : ev->req->date;
	imr__overlay_init(&s->attrs, rules, it->attrs, &ev->res->arena);
	/* attributes given in a request file feed computed ones too */
	if ((err = imr__overlay_compute(&s->attrs, rules->eval_index->computed,
					rules->eval_index->ncomputed)) < 0)
		return err;
	if (s->date == IMR_DATE_NONE)
		return IMR_OK;
	return imr__overlay_set(&s->attrs, rules->f_date, IMR_FACT_PRESENT, s->date, NULL, 0);
}

/* Room in @p trace for the atoms of a typical criterion at once, rather
 * than growing it step by step. */
static int trace_reserve(imr_trace *trace)
{
	void *items = trace->items;
	if (imr__grow(&items, &trace->cap, EVAL_TRACE_CAP, sizeof(imr_trace_entry)) < 0)
		return IMR_ENOMEM;
	trace->items = items;
	return 0;
}

int imr_eval_request(imr_result **out, const imr_rules *rules, const imr_request *req,
		     const imr_eval_options *opts)
{
	evaluator ev;
	imr_arena arena = IMR_ARENA_INIT;
	imr_result *res;
	size_t i;
	int err = IMR_OK;

	*out = NULL;
	/* the result lives at the start of its own arena, whose first chunk
	 * holds a typical result whole: one allocation for most requests */
	arena.first = EVAL_FIRST_CHUNK;
	res = imr__arena_alloc(&arena, sizeof(*res));
	if (!res) {
		imr__arena_dispose(&arena);
		return IMR_ENOMEM;
	}
	res->arena = arena;
	memset(&ev, 0, sizeof(ev));
	ev.rules = rules;
	ev.req = req;
	ev.res = res;
	ev.strict_dates = opts ? opts->strict_dates : 0;
	res->count = req->nitems;
	res->items = imr__arena_alloc(&res->arena, (req->nitems + 1) * sizeof(imr_item_result));
	ev.st = imr__arena_alloc(&res->arena, (req->nitems + 1) * sizeof(item_state));
	ev.memo = imr__arena_take(&res->arena, rules->nfacts + 1);
	if (!res->items || !ev.st || !ev.memo || trace_reserve(&ev.trace) < 0)
		err = IMR_ENOMEM;
	for (i = 0; !err && i < req->nitems; i++)
		err = prepare_attrs(&ev, i);
	if (!err)
		find_primaries(&ev);
	for (i = 0; !err && i < req->nitems; i++)
		if (ev.st[i].associated)
			err = lend_to_primary(&ev, i);
	/* primaries first, then the services that follow them */
	for (i = 0; !err && i < req->nitems; i++)
		if (!ev.st[i].associated)
			err = eval_item(&ev, i);
	for (i = 0; !err && i < req->nitems; i++)
		if (ev.st[i].associated)
			err = eval_item(&ev, i);
	for (i = 0; !err && i < req->nitems; i++)
		err = list_followers(&ev, i);
	imr__trace_dispose(&ev.trace);
	if (err) {
		imr_result_free(res);
		return err;
	}
	*out = res;
	return IMR_OK;
}

void imr_result_free(imr_result *result)
{
	imr_arena arena;
	if (!result)
		return;
	arena = result->arena;  /* the result is in it */
	imr__arena_dispose(&arena);
}

size_t imr_result_item_count(const imr_result *result)
{
	return result->count;
}

const imr_item_result *imr_result_item(const imr_result *result, size_t index)
{
	return index < result->count ? &result->items[index] : NULL;
}
