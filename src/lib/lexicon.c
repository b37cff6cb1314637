/* lexicon.c - lexicon YAML -> compiled pattern tables. */
#include "lexicon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "expr.h"
#include "imrcheck/date.h"
#include "prefilter.h"
#include "regex.h"
#include "strutil.h"

typedef struct lexload {
	imr_rules *rules;
	imr_diags *diags;
	const imr_limits *limits;
	const char *file;
	int errors;
	int nomem;
	imr_atoms_reader atoms; /* reused for every pattern */
} lexload;

static void err_at(lexload *ll, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void err_at(lexload *ll, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(ll->diags, IMR_SEVERITY_ERROR, code, ll->file, at->line, at->col, fmt, ap) < 0)
		ll->nomem = 1;
	va_end(ap);
	ll->errors++;
}

static const char *const lex_keys[] = { "kind", "name", "description", "target", "entries", "infer" };
static const char *const entry_keys[] = { "id",	     "fact",	 "value",  "patterns",
					  "case_sensitive", "negation", "accept", "combine", "scale",
					  "also" };
static const char *const context_names[] = { "negated", "uncertain", "historical", "hypothetical",
					     "planned", "other_person", "affirmed", "record" };
static const char *const combine_names[] = { "any", "first", "last", "max", "min" };
static const char *const infer_keys[] = { "fact", "value", "when" };
static const char *const targets[IMR_LEX_TARGETS] = { "service", "notes", "citation", "rationale" };

static void check_map_keys(lexload *ll, const imr_ynode *map, const char *what,
			   const char *const *keys, size_t n)
{
	size_t i, j;
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		int known = 0;
		for (j = 0; j < n; j++)
			known |= strcmp(k->str, keys[j]) == 0;
		if (!known) {
			const char *best = imr__suggest(k->str, keys, n);
			imr_diags_add(ll->diags, IMR_SEVERITY_ERROR, "unknown-key", ll->file, k->line, k->col,
				      best ? "unknown key '%s' in %s (did you mean '%s'?)"
					   : "unknown key '%s' in %s%s",
				      k->str, what, best ? best : "");
			ll->errors++;
		}
	}
}

static char *text_of(lexload *ll, const imr_ynode *map, const char *key, int required)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	char *s;
	if (!v) {
		if (required)
			err_at(ll, "missing-key", map, "missing required key '%s'%s", key, "");
		return NULL;
	}
	if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v) || !v->len) {
		err_at(ll, "wrong-type", v, "'%s' must be text, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	s = imr__strndup(v->str, v->len);
	if (!s)
		ll->nomem = 1;
	return s;
}

/* The value an entry sets: "$N" (a capture group), or a literal of the
 * fact's type; booleans default to true and accept "absent". */
static void entry_value(lexload *ll, imr_lexentry *e, const imr_ynode *entry, const imr_ynode *v)
{
	const imr_factdef *def = &ll->rules->facts[e->fact];
	int flag = 1;
	if (!v) {
		if (def->type != IMR_TYPE_BOOLEAN)
			err_at(ll, "missing-key", entry, "an entry for '%s' (a %s) needs a 'value'",
			       def->name, imr__fact_type_name(def->type));
		e->num = 1;
		return;
	}
	if (v->kind == IMR_Y_SCALAR && v->len >= 2 && v->str[0] == '$') {
		char *end;
		long g = strtol(v->str + 1, &end, 10);
		if (*end || g < 1 || g > 99) {
			err_at(ll, "bad-value", v, "'%s' is not a capture group reference ($1 to $99)%s", v->str, "");
			return;
		}
		if (def->type == IMR_TYPE_BOOLEAN) {
			err_at(ll, "wrong-type", v, "a capture group cannot set '%s' (a %s)", def->name,
			       imr__fact_type_name(def->type));
			return;
		}
		e->group = (unsigned)g;
		return;
	}
	if (v->kind == IMR_Y_SCALAR && strcmp(v->str, "absent") == 0 && !v->quoted) {
		e->absent = 1;
		return;
	}
	switch (def->type) {
	case IMR_TYPE_BOOLEAN:
		if (imr__ynode_as_bool(v, &flag) < 0)
			err_at(ll, "wrong-type", v, "'%s' is a boolean; value must be true, false or absent%s",
			       def->name, "");
		e->num = flag;
		e->absent = !flag;
		break;
	case IMR_TYPE_NUMBER:
		if (imr__ynode_as_number(v, &e->num) < 0)
			err_at(ll, "wrong-type", v, "'%s' is a number; value must be a number or $N%s", def->name, "");
		else if ((def->has_min && e->num < def->min) || (def->has_max && e->num > def->max))
			err_at(ll, "out-of-range", v, "%s is outside the range of '%s' (%s)", v->str, def->name,
			       imr__fact_range_text(def));
		break;
	case IMR_TYPE_DATE: {
		int32_t d;
		if (v->kind != IMR_Y_SCALAR || imr_date_parse(&d, v->str, v->len) < 0)
			err_at(ll, "bad-date", v, "invalid date for '%s'%s", def->name, "");
		else
			e->num = d;
		break;
	}
	case IMR_TYPE_ENUM:
	case IMR_TYPE_SET: {
		const imr_enum *en = &ll->rules->enums[def->enum_index];
		int m = v->kind == IMR_Y_SCALAR ? imr__vocab_member(en, v->str, v->len) : -1;
		if (m < 0) {
			const char *best = v->kind == IMR_Y_SCALAR
						   ? imr__suggest(v->str, (const char *const *)en->members, en->count)
						   : NULL;
			if (best)
				imr_diags_add(ll->diags, IMR_SEVERITY_ERROR, "unknown-value", ll->file, v->line, v->col,
					      "'%s' is not a value of '%s' (did you mean '%s'?)", v->str, en->name, best);
			else
				imr_diags_add(ll->diags, IMR_SEVERITY_ERROR, "unknown-value", ll->file, v->line, v->col,
					      "'%s' is not a value of '%s'", v->kind == IMR_Y_SCALAR ? v->str : "?",
					      en->name);
			ll->errors++;
		}
		e->num = m < 0 ? 0 : m;
		break;
	}
	}
}

static int pick_name(lexload *ll, const imr_ynode *v, const char *what, const char *const *names,
		     size_t n)
{
	size_t i;
	const char *best;
	if (v->kind == IMR_Y_SCALAR)
		for (i = 0; i < n; i++)
			if (strcmp(v->str, names[i]) == 0)
				return (int)i;
	best = v->kind == IMR_Y_SCALAR ? imr__suggest(v->str, names, n) : NULL;
	if (best)
		err_at(ll, "bad-value", v, "'%s' is not a valid %s (did you mean '%s'?)", v->str, what, best);
	else
		err_at(ll, "bad-value", v, "%s is not a valid %s",
		       v->kind == IMR_Y_SCALAR ? v->str : imr__ynode_describe(v), what);
	return -1;
}

static void entry_options(lexload *ll, imr_lexentry *e, const imr_ynode *node)
{
	const imr_ynode *neg = imr__ymap_get(node, "negation", NULL);
	const imr_ynode *acc = imr__ymap_get(node, "accept", NULL);
	const imr_ynode *comb = imr__ymap_get(node, "combine", NULL);
	const imr_ynode *scale = imr__ymap_get(node, "scale", NULL);
	static const char *const negation_names[] = { "absent", "ignore" };
	size_t i;

	e->accept = IMR_CTX_AFFIRMED | IMR_CTX_HISTORICAL;
	e->scale = 1;
	if (scale) {
		/* "over six months" in a fact counted in weeks: scale 4.33 */
		const imr_factdef *def = e->fact >= 0 ? &ll->rules->facts[e->fact] : NULL;
		if (imr__ynode_as_number(scale, &e->scale) < 0 || e->scale <= 0)
			err_at(ll, "wrong-type", scale, "'scale' must be a positive number, found %s",
			       imr__ynode_describe(scale));
		else if (!e->group || (def && def->type != IMR_TYPE_NUMBER))
			err_at(ll, "bad-value", scale, "'scale' applies to a number read from a capture group ($N)");
	}
	if (neg) {
		int n = pick_name(ll, neg, "negation (absent or ignore)", negation_names, 2);
		e->negation_ignore = n == 1;
	}
	if (acc) {
		if (acc->kind != IMR_Y_SEQ || !acc->count) {
			err_at(ll, "wrong-type", acc, "'accept' must be a non-empty list of contexts, found %s",
			       imr__ynode_describe(acc));
		} else {
			e->accept = 0;
			for (i = 0; i < acc->count; i++) {
				int c = pick_name(ll, acc->kids[i], "context", context_names, 8);
				if (c == 0)
					err_at(ll, "bad-value", acc->kids[i],
					       "'negated' cannot be accepted; use 'negation' to say what a negated match does");
				else if (c > 0)
					e->accept |= 1u << c;
			}
		}
	}
	if (comb) {
		int c = pick_name(ll, comb, "combine mode", combine_names, 5);
		const imr_factdef *def = e->fact >= 0 ? &ll->rules->facts[e->fact] : NULL;
		if (c >= 0)
			e->combine = (imr_combine)(c + 1);
		if (c >= 3 && def && def->type != IMR_TYPE_NUMBER && def->type != IMR_TYPE_DATE)
			err_at(ll, "wrong-type", comb, "'%s' compares values; '%s' is %s", comb->str, def->name,
			       imr__fact_type_phrase(def->type));
	}
}

static void compile_patterns(lexload *ll, imr_lexentry *e, const imr_ynode *pats, unsigned flags)
{
	size_t i;
	e->patterns = imr__calloc(pats->count + 1, sizeof(imr_regex *));
	e->sources = imr__calloc(pats->count + 1, sizeof(char *));
	if (!e->patterns || !e->sources) {
		ll->nomem = 1;
		return;
	}
	for (i = 0; i < pats->count; i++) {
		const imr_ynode *p = pats->kids[i];
		char msg[256];
		size_t off = 0;
		int err;
		if (p->kind != IMR_Y_SCALAR || !p->len) {
			err_at(ll, "wrong-type", p, "each pattern must be a non-empty string, found %s%s",
			       imr__ynode_describe(p), "");
			continue;
		}
		err = imr__regex_compile_with(&e->patterns[e->npatterns], p->str, p->len, flags, ll->limits,
					      &ll->atoms, msg, sizeof(msg), &off);
		if (err == IMR_ENOMEM) {
			ll->nomem = 1;
			return;
		}
		if (err < 0) {
			unsigned col = imr__ynode_column(p, off);
			imr_diags_add(ll->diags, IMR_SEVERITY_ERROR, err == IMR_ELIMIT ? "limit" : "bad-regex",
				      ll->file, p->line, col, "invalid pattern: %s at offset %zu", msg, off);
			ll->errors++;
			continue;
		}
		if (!(e->sources[e->npatterns] = imr__strndup(p->str, p->len))) {
			imr__regex_free(e->patterns[e->npatterns]);
			ll->nomem = 1;
			return;
		}
		e->npatterns++;
	}
}

static void load_entry(lexload *ll, imr_lexicon *lx, const imr_ynode *node)
{
	imr_lexentry *e = &lx->entries[lx->nentries];
	const imr_ynode *fact, *pats, *cs;
	int flag = 0;
	size_t i;

	if (node->kind != IMR_Y_MAP) {
		err_at(ll, "wrong-type", node, "each entry must be a mapping, found %s%s",
		       imr__ynode_describe(node), "");
		return;
	}
	check_map_keys(ll, node, "a lexicon entry", entry_keys, 10);
	memset(e, 0, sizeof(*e));
	e->line = node->line;
	e->col = node->col;
	e->fact = -1;
	e->id = text_of(ll, node, "id", 1);
	if (e->id && !imr__is_identifier(e->id, strlen(e->id)))
		err_at(ll, "bad-id", imr__ymap_get(node, "id", NULL), "'%s' is not a valid identifier%s", e->id, "");
	for (i = 0; e->id && i < lx->nentries; i++)
		if (lx->entries[i].id && strcmp(lx->entries[i].id, e->id) == 0)
			err_at(ll, "duplicate-id", imr__ymap_get(node, "id", NULL),
			       "entry '%s' is already defined in this lexicon%s", e->id, "");
	lx->nentries++;
	fact = imr__ymap_get(node, "fact", NULL);
	if (!fact) {
		err_at(ll, "missing-key", node, "missing required key '%s'%s", "fact", "");
	} else if (fact->kind != IMR_Y_SCALAR ||
		   (e->fact = imr__vocab_fact(ll->rules, fact->str, fact->len)) < 0) {
		const char *best = NULL;
		size_t bd = 4, k;
		for (k = 0; fact->kind == IMR_Y_SCALAR && k < ll->rules->nfacts; k++) {
			size_t d = imr__edit_distance(fact->str, ll->rules->facts[k].name, bd);
			if (d < bd) {
				bd = d;
				best = ll->rules->facts[k].name;
			}
		}
		imr_diags_add(ll->diags, IMR_SEVERITY_ERROR, "unknown-fact", ll->file, fact->line, fact->col,
			      best ? "unknown fact '%s' (did you mean '%s'?)" : "unknown fact '%s'%s",
			      fact->kind == IMR_Y_SCALAR ? fact->str : "?", best ? best : "");
		ll->errors++;
	}
	if (e->fact >= 0) {
		entry_value(ll, e, node, imr__ymap_get(node, "value", NULL));
		entry_options(ll, e, node);
	}
	if (e->id && lx->name) {
		size_t qlen = strlen(lx->name) + strlen(e->id) + 2;
		e->qualified = imr__malloc(qlen);
		if (!e->qualified)
			ll->nomem = 1;
		else
			snprintf(e->qualified, qlen, "%s/%s", lx->name, e->id);
	}
	if ((cs = imr__ymap_get(node, "case_sensitive", NULL)) && imr__ynode_as_bool(cs, &flag) < 0)
		err_at(ll, "wrong-type", cs, "'case_sensitive' must be true or false%s%s", "", "");
	pats = imr__ymap_get(node, "patterns", NULL);
	if (!pats) {
		err_at(ll, "missing-key", node, "missing required key '%s'%s", "patterns", "");
		return;
	}
	if (pats->kind != IMR_Y_SEQ || !pats->count) {
		err_at(ll, "wrong-type", pats, "'patterns' must be a non-empty list, found %s%s",
		       imr__ynode_describe(pats), "");
		return;
	}
	compile_patterns(ll, e, pats, flag ? 0 : IMR_REGEX_CASELESS);
	for (i = 0; e->group && i < e->npatterns; i++)
		if (imr__regex_groups(e->patterns[i]) < e->group)
			err_at(ll, "bad-value", pats->kids[i], "pattern has no capture group $%s%s",
			       imr__ymap_get(node, "value", NULL)->str + 1, "");
}

/* An entry's 'also: FACT' makes every match set FACT too: a set of the
 * same enum as the entry's enum or set fact ("the first region named" and
 * "every region named" from one list of patterns). The copy shares the
 * entry's compiled patterns. */
static void add_also(lexload *ll, imr_lexicon *lx, const imr_ynode *node, size_t *n)
{
	const imr_ynode *also = node->kind == IMR_Y_MAP ? imr__ymap_get(node, "also", NULL) : NULL;
	const imr_lexentry *e = NULL;
	const imr_factdef *src, *dst;
	imr_lexentry *copy;
	size_t i;
	int fact;
	if (!also)
		return;
	for (i = 0; i < lx->nentries; i++)
		if (lx->entries[i].line == node->line && lx->entries[i].col == node->col)
			e = &lx->entries[i];
	if (!e || e->fact < 0 || !e->npatterns)
		return; /* the entry's own errors are reported */
	if (also->kind != IMR_Y_SCALAR || (fact = imr__vocab_fact(ll->rules, also->str, also->len)) < 0) {
		err_at(ll, "unknown-fact", also, "unknown fact '%s'%s",
		       also->kind == IMR_Y_SCALAR ? also->str : "?", "");
		return;
	}
	src = &ll->rules->facts[e->fact];
	dst = &ll->rules->facts[fact];
	if (dst->type != IMR_TYPE_SET || (src->type != IMR_TYPE_ENUM && src->type != IMR_TYPE_SET) ||
	    dst->enum_index != src->enum_index || fact == e->fact) {
		err_at(ll, "wrong-type", also,
		       "'also' names a set of the entry's own enum; '%s' is not one for '%s'", also->str,
		       src->name);
		return;
	}
	copy = &lx->entries[(*n)++];
	*copy = *e;
	copy->fact = fact;
	copy->combine = IMR_COMBINE_DEFAULT;
	copy->shared = 1;
}

static void load_infers(lexload *ll, imr_lexicon *lx, const imr_ynode *list)
{
	size_t i;
	if (!list)
		return;
	if (list->kind != IMR_Y_SEQ) {
		err_at(ll, "wrong-type", list, "'infer' must be a list, found %s", imr__ynode_describe(list));
		return;
	}
	lx->infers = imr__calloc(list->count + 1, sizeof(imr_infer));
	if (!lx->infers) {
		ll->nomem = 1;
		return;
	}
	for (i = 0; i < list->count && !ll->nomem; i++) {
		const imr_ynode *node = list->kids[i], *fact, *when;
		imr_infer *inf = &lx->infers[lx->ninfers];
		imr_lexentry tmp;
		if (node->kind != IMR_Y_MAP) {
			err_at(ll, "wrong-type", node, "each inference must be a mapping, found %s",
			       imr__ynode_describe(node));
			continue;
		}
		check_map_keys(ll, node, "an inference", infer_keys, 3);
		fact = imr__ymap_get(node, "fact", NULL);
		when = imr__ymap_get(node, "when", NULL);
		if (!fact || !when) {
			err_at(ll, "missing-key", node, "an inference needs '%s'", !fact ? "fact" : "when");
			continue;
		}
		memset(&tmp, 0, sizeof(tmp));
		tmp.fact = fact->kind == IMR_Y_SCALAR ? imr__vocab_fact(ll->rules, fact->str, fact->len) : -1;
		if (tmp.fact < 0) {
			err_at(ll, "unknown-fact", fact, "unknown fact '%s'",
			       fact->kind == IMR_Y_SCALAR ? fact->str : "?");
			continue;
		}
		entry_value(ll, &tmp, node, imr__ymap_get(node, "value", NULL));
		if (tmp.group) {
			err_at(ll, "bad-value", imr__ymap_get(node, "value", NULL),
			       "an inference has no capture groups; give a literal value");
			continue;
		}
		{
			imr_expr_parser p;
			int err;
			memset(&p, 0, sizeof(p));
			p.rules = ll->rules;
			p.file = ll->file;
			p.diags = ll->diags;
			p.max_depth = imr_limits_resolve(ll->limits).expr_depth;
			p.allow = lx->target == IMR_LEX_SERVICE ? IMR_ALLOW_REQUEST : IMR_ALLOW_CASE;
			p.context = "infer";
			err = imr__expr_parse(&inf->when, when, &p);
			ll->errors += p.errors;
			if (err == IMR_ENOMEM) {
				ll->nomem = 1;
				continue;
			}
			if (err < 0)
				continue;
		}
		inf->fact = tmp.fact;
		inf->num = tmp.num;
		inf->absent = tmp.absent;
		lx->ninfers++;
	}
}

/* Order the inferences of @p target so that one whose condition reads a
 * fact runs after every inference that sets that fact: "the category of an
 * inferred procedure" then does not depend on which file sorts first. The
 * order is otherwise the load order; inferences that depend on each other
 * in a cycle keep their load order. */
static int order_infers(imr_rules *rules, imr_lex_target target)
{
	const imr_infer **all, **out;
	unsigned char *placed;
	size_t i, j, k, n = 0, m = 0;

	for (i = 0; i < rules->nlexicons; i++)
		if (rules->lexicons[i].target == target)
			n += rules->lexicons[i].ninfers;
	all = imr__calloc(n + 1, sizeof(*all));
	out = imr__calloc(n + 1, sizeof(*out));
	placed = imr__calloc(n + 1, 1);
	if (!all || !out || !placed) {
		imr__free(all);
		imr__free(out);
		imr__free(placed);
		return IMR_ENOMEM;
	}
	for (i = 0, k = 0; i < rules->nlexicons; i++)
		if (rules->lexicons[i].target == target)
			for (j = 0; j < rules->lexicons[i].ninfers; j++)
				all[k++] = &rules->lexicons[i].infers[j];
	while (m < n) {
		size_t before = m;
		for (i = 0; i < n; i++) {
			int ready = !placed[i];
			for (j = 0; j < n && ready; j++)
				if (j != i && !placed[j] && all[j]->fact != all[i]->fact &&
				    all[i]->when && imr__expr_uses_fact(all[i]->when, all[j]->fact))
					ready = 0;
			if (ready) {
				placed[i] = 1;
				out[m++] = all[i];
			}
		}
		if (m == before) /* a cycle: the rest in load order */
			for (i = 0; i < n; i++)
				if (!placed[i]) {
					placed[i] = 1;
					out[m++] = all[i];
				}
	}
	imr__free(all);
	imr__free(placed);
	rules->infer_order[target] = out;
	rules->ninfer_order[target] = n;
	return 0;
}

int imr__lexicon_load_all(imr_rules *rules, const imr_lexsrc *srcs, size_t count,
			  const struct imr_wordfreq *words, const imr_limits *limits, imr_diags *diags)
{
	lexload ll;
	size_t i, j, n;

	memset(&ll, 0, sizeof(ll));
	ll.rules = rules;
	ll.diags = diags;
	ll.limits = limits;
	ll.atoms.words = words;
	rules->lexicons = imr__calloc(count + 1, sizeof(imr_lexicon));
	if (!rules->lexicons)
		return IMR_ENOMEM;
	for (i = 0; i < count && !ll.nomem; i++) {
		const imr_ynode *root = srcs[i].root, *entries, *target;
		imr_lexicon *lx = &rules->lexicons[rules->nlexicons];
		ll.file = srcs[i].file;
		check_map_keys(&ll, root, "a lexicon", lex_keys, 6);
		memset(lx, 0, sizeof(*lx));
		lx->file = srcs[i].file;
		lx->name = text_of(&ll, root, "name", 1);
		lx->description = text_of(&ll, root, "description", 1);
		rules->nlexicons++;
		for (j = 0; lx->name && j + 1 < rules->nlexicons; j++)
			if (rules->lexicons[j].name && strcmp(rules->lexicons[j].name, lx->name) == 0)
				err_at(&ll, "duplicate-id", imr__ymap_get(root, "name", NULL),
				       "lexicon '%s' is already defined in %s", lx->name, rules->lexicons[j].file);
		target = imr__ymap_get(root, "target", NULL);
		if (!target) {
			err_at(&ll, "missing-key", root, "missing required key '%s'%s", "target", "");
		} else {
			size_t t;
			for (t = 0; t < IMR_LEX_TARGETS; t++)
				if (target->kind == IMR_Y_SCALAR && strcmp(target->str, targets[t]) == 0)
					break;
			if (t < IMR_LEX_TARGETS) {
				lx->target = (imr_lex_target)t;
			} else {
				const char *best = target->kind == IMR_Y_SCALAR ? imr__suggest(target->str, targets, IMR_LEX_TARGETS) : NULL;
				if (best)
					err_at(&ll, "bad-value", target, "'%s' is not a lexicon target (did you mean '%s'?)",
					       target->str, best);
				else
					err_at(&ll, "bad-value", target,
					       "'%s' is not a lexicon target (expected service, notes, citation or rationale)",
					       target->kind == IMR_Y_SCALAR ? target->str : "?");
			}
		}
		entries = imr__ymap_get(root, "entries", NULL);
		if (!entries) {
			err_at(&ll, "missing-key", root, "missing required key '%s'%s", "entries", "");
			continue;
		}
		if (entries->kind != IMR_Y_SEQ) {
			err_at(&ll, "wrong-type", entries, "'entries' must be a list, found %s%s",
			       imr__ynode_describe(entries), "");
			continue;
		}
		/* room for an 'also' copy of every entry */
		lx->entries = imr__calloc(2 * entries->count + 1, sizeof(imr_lexentry));
		if (!lx->entries) {
			ll.nomem = 1;
			break;
		}
		for (j = 0; j < entries->count && !ll.nomem; j++)
			load_entry(&ll, lx, entries->kids[j]);
		for (j = 0, n = lx->nentries; j < entries->count && !ll.nomem; j++)
			add_also(&ll, lx, entries->kids[j], &n);
		lx->nentries = n;
		load_infers(&ll, lx, imr__ymap_get(root, "infer", NULL));
	}
	imr__atoms_reader_dispose(&ll.atoms);
	if (!ll.nomem && !ll.errors)
		for (i = 0; i < IMR_LEX_TARGETS && !ll.nomem; i++)
			ll.nomem = order_infers(rules, (imr_lex_target)i) < 0;
	if (ll.nomem) {
		diags->oom = 1;
		return IMR_ENOMEM;
	}
	return ll.errors ? IMR_EINVALID : IMR_OK;
}

void imr__lexicon_free_all(imr_rules *rules)
{
	size_t i, j, k;
	for (i = 0; i < IMR_LEX_TARGETS; i++) {
		imr__free((void *)rules->infer_order[i]);
		rules->infer_order[i] = NULL;
		rules->ninfer_order[i] = 0;
	}
	for (i = 0; i < rules->nlexicons; i++) {
		imr_lexicon *lx = &rules->lexicons[i];
		for (j = 0; j < lx->nentries; j++) {
			imr_lexentry *e = &lx->entries[j];
			if (e->shared)
				continue;
			for (k = 0; k < e->npatterns; k++) {
				imr__regex_free(e->patterns[k]);
				imr__free(e->sources[k]);
			}
			imr__free(e->patterns);
			imr__free(e->sources);
			imr__free(e->id);
			imr__free(e->qualified);
		}
		imr__free(lx->entries);
		for (j = 0; j < lx->ninfers; j++)
			imr__expr_free(lx->infers[j].when);
		imr__free(lx->infers);
		imr__free(lx->name);
		imr__free(lx->description);
	}
	imr__free(rules->lexicons);
	rules->lexicons = NULL;
	rules->nlexicons = 0;
	for (i = 0; i < IMR_TRIG_COUNT; i++) {
		for (j = 0; j < rules->context.ntriggers[i]; j++)
			imr__regex_free(rules->context.triggers[i][j]);
		imr__free(rules->context.triggers[i]);
	}
	memset(&rules->context, 0, sizeof(rules->context));
	imr__prefilter_free(rules->prefilter);
	rules->prefilter = NULL;
	imr__free((void *)rules->entry_list);
	imr__free(rules->pattern_entry);
	imr__free(rules->atomless_entries);
	imr__free(rules->entry_fact);
	imr__free(rules->entry_target);
	imr__free(rules->pattern_fact);
	imr__free(rules->pattern_target);
	rules->entry_list = NULL;
	rules->pattern_entry = rules->atomless_entries = NULL;
	rules->entry_fact = NULL;
	rules->entry_target = NULL;
	rules->pattern_fact = NULL;
	rules->pattern_target = NULL;
	rules->nentry_list = rules->npattern_entry = rules->natomless_entries = 0;
}

/* ---- context files ---- */

static const char *const trigger_keys[IMR_TRIG_COUNT] = {
	"negation_before", "negation_after", "pseudo",	  "terminators", "uncertain",
	"historical",	   "hypothetical",   "planned",	  "other_person", "record",
	"qualifier_before", "qualifier_after", "case_reference"
};

/* Compile a list of trigger patterns, each on its own. When one of them
 * uses \K, the list is joined into one alternation "(?:p1)|(?:p2)|..."
 * after checking that each compiles on its own, so an error points at the
 * pattern that has it. */
static void compile_trigger_list(lexload *ll, const imr_ynode *list, imr_regex ***out, size_t *nout)
{
	imr_buf alt = IMR_BUF_INIT;
	imr_regex **res;
	size_t i, off, n = 0;
	char msg[256];
	int bad = 0, err, with_k = 0;

	*out = NULL;
	*nout = 0;
	if (list->kind != IMR_Y_SEQ) {
		err_at(ll, "wrong-type", list, "expected a list of patterns, found %s", imr__ynode_describe(list));
		return;
	}
	if (!(res = imr__calloc(list->count + 1, sizeof(imr_regex *)))) {
		ll->nomem = 1;
		return;
	}
	for (i = 0; i < list->count; i++) {
		const imr_ynode *p = list->kids[i];
		imr_regex *one = NULL;
		if (p->kind != IMR_Y_SCALAR || !p->len) {
			err_at(ll, "wrong-type", p, "each pattern must be a non-empty string, found %s",
			       imr__ynode_describe(p));
			bad = 1;
			continue;
		}
		err = imr__regex_compile_with(&one, p->str, p->len, IMR_REGEX_CASELESS, ll->limits, &ll->atoms, msg,
					      sizeof(msg), &off);
		if (err == IMR_ENOMEM) {
			ll->nomem = 1;
			break;
		}
		if (err < 0) {
			imr_diags_add(ll->diags, IMR_SEVERITY_ERROR, err == IMR_ELIMIT ? "limit" : "bad-regex", ll->file,
				      p->line, imr__ynode_column(p, off),
				      "invalid pattern: %s at offset %zu", msg, off);
			ll->errors++;
			bad = 1;
			continue;
		}
		with_k |= imr__regex_atoms(one)->has_k;
		res[n++] = one;
		if (imr_buf_printf(&alt, "%s(?:%s)", alt.size ? "|" : "", p->str) < 0)
			ll->nomem = 1;
	}
	if (!bad && !ll->nomem && n && with_k) {
		/* The joined pattern can exceed the length limit of one pattern;
		 * it is built from checked parts, so allow it the sum. */
		imr_limits lim = imr_limits_resolve(ll->limits);
		imr_regex *joined = NULL;
		lim.pattern_bytes = alt.size + 1;
		err = imr__regex_compile_with(&joined, alt.ptr, alt.size, IMR_REGEX_CASELESS, &lim, &ll->atoms, msg,
					      sizeof(msg), &off);
		if (err == IMR_ENOMEM) {
			ll->nomem = 1;
		} else if (err < 0) {
			err_at(ll, "bad-regex", list, "the patterns of this list do not combine: %s", msg);
		} else {
			for (i = 0; i < n; i++)
				imr__regex_free(res[i]);
			res[0] = joined;
			n = 1;
		}
	}
	imr_buf_dispose(&alt);
	if (bad || ll->nomem || !n) {
		for (i = 0; i < n; i++)
			imr__regex_free(res[i]);
		imr__free(res);
		return;
	}
	*out = res;
	*nout = n;
}

int imr__context_load(imr_rules *rules, const imr_lexsrc *srcs, size_t count,
		      const struct imr_wordfreq *words, const imr_limits *limits, imr_diags *diags)
{
	lexload ll;
	const imr_ynode *root, *window;
	size_t i;
	static const char *const keys[] = { "kind",	       "name",	       "description", "window",
					    "negation_before", "negation_after", "pseudo",      "terminators",
					    "uncertain",       "historical",	 "hypothetical", "planned",
					    "other_person",    "record",	 "qualifier_before",
					    "qualifier_after", "case_reference" };

	memset(&ll, 0, sizeof(ll));
	ll.rules = rules;
	ll.diags = diags;
	ll.limits = limits;
	ll.atoms.words = words;
	rules->context.window = 8;
	for (i = 1; i < count; i++) {
		ll.file = srcs[i].file;
		err_at(&ll, "duplicate-context", srcs[i].root, "only one context file is allowed; %s is the first",
		       srcs[0].file);
	}
	if (!count)
		return ll.errors ? IMR_EINVALID : IMR_OK;
	ll.file = srcs[0].file;
	root = srcs[0].root;
	rules->context.file = srcs[0].file;
	check_map_keys(&ll, root, "a context file", keys, sizeof(keys) / sizeof(keys[0]));
	if ((window = imr__ymap_get(root, "window", NULL))) {
		long w;
		if (imr__ynode_as_int(window, &w) < 0 || w < 1 || w > 50)
			err_at(&ll, "bad-value", window, "'window' must be a whole number of words from 1 to 50");
		else
			rules->context.window = (unsigned)w;
	}
	for (i = 0; i < IMR_TRIG_COUNT && !ll.nomem; i++) {
		const imr_ynode *list = imr__ymap_get(root, trigger_keys[i], NULL);
		if (list)
			compile_trigger_list(&ll, list, &rules->context.triggers[i], &rules->context.ntriggers[i]);
	}
	imr__atoms_reader_dispose(&ll.atoms);
	rules->context.loaded = 1;
	if (ll.nomem) {
		diags->oom = 1;
		return IMR_ENOMEM;
	}
	return ll.errors ? IMR_EINVALID : IMR_OK;
}

/* ---- the prefilter ---- */

/* The entry numbers of imr_rules (model.h): every entry in lexicon order,
 * the entry of each lexicon pattern (in the order @p all lists them for
 * the prefilter), and the entries with a pattern that has no atoms. */
static int number_entries(imr_rules *rules, size_t npatterns)
{
	size_t i, j, k, n = 0, e = 0, atomless = 0;
	for (i = 0; i < rules->nlexicons; i++)
		n += rules->lexicons[i].nentries;
	rules->entry_list = imr__calloc(n + 1, sizeof(*rules->entry_list));
	rules->pattern_entry = imr__calloc(npatterns + 1, sizeof(uint32_t));
	rules->atomless_entries = imr__calloc(n + 1, sizeof(uint32_t));
	rules->entry_fact = imr__calloc(n + 1, sizeof(int));
	rules->entry_target = imr__calloc(n + 1, 1);
	rules->pattern_fact = imr__calloc(npatterns + 1, sizeof(int));
	rules->pattern_target = imr__calloc(npatterns + 1, 1);
	if (!rules->entry_list || !rules->pattern_entry || !rules->atomless_entries || !rules->entry_fact ||
	    !rules->entry_target || !rules->pattern_fact || !rules->pattern_target)
		return IMR_ENOMEM;
	for (i = 0; i < rules->nlexicons; i++) {
		for (j = 0; j < rules->lexicons[i].nentries; j++, e++) {
			imr_lexentry *en = &rules->lexicons[i].entries[j];
			int without = 0;
			en->target = (int)rules->lexicons[i].target;
			en->pattern_base = (uint32_t)rules->npattern_entry;
			rules->entry_list[e] = en;
			rules->entry_fact[e] = en->fact;
			rules->entry_target[e] = (unsigned char)en->target;
			for (k = 0; k < en->npatterns; k++) {
				rules->pattern_fact[rules->npattern_entry] = en->fact;
				rules->pattern_target[rules->npattern_entry] = (unsigned char)en->target;
				rules->pattern_entry[rules->npattern_entry++] = (uint32_t)e;
				without |= imr__regex_atoms(en->patterns[k])->count == 0;
			}
			if (without)
				rules->atomless_entries[atomless++] = (uint32_t)e;
		}
	}
	rules->nentry_list = n;
	rules->natomless_entries = atomless;
	return IMR_OK;
}

int imr__lexicon_index(imr_rules *rules)
{
	imr_regex **all;
	size_t n = 0, i, j, k, total = 0;
	int err;
	for (i = 0; i < rules->nlexicons; i++)
		for (j = 0; j < rules->lexicons[i].nentries; j++)
			total += rules->lexicons[i].entries[j].npatterns;
	for (i = 0; i < IMR_TRIG_COUNT; i++)
		total += rules->context.ntriggers[i];
	if (!(all = imr__calloc(total + 1, sizeof(imr_regex *))))
		return IMR_ENOMEM;
	for (i = 0; i < rules->nlexicons; i++)
		for (j = 0; j < rules->lexicons[i].nentries; j++)
			for (k = 0; k < rules->lexicons[i].entries[j].npatterns; k++)
				all[n++] = rules->lexicons[i].entries[j].patterns[k];
	err = number_entries(rules, n);
	for (i = 0; i < IMR_TRIG_COUNT; i++) {
		rules->context.trigger_base[i] = (uint32_t)n;
		for (j = 0; j < rules->context.ntriggers[i]; j++)
			all[n++] = rules->context.triggers[i][j];
	}
	if (!err)
		err = imr__prefilter_build(&rules->prefilter, all, n);
	imr__free(all);
	return err;
}
