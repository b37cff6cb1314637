/* drugs.c - the drug table in use: binding to the vocabulary's facts, the
 * lexicons made from the drug names, the attributes a drug name implies,
 * and the public inspection API. drugs_load.c builds the table (drugs.h
 * describes its layout). */
#include "drugs.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/buf.h"
#include "imrcheck/drugs.h"
#include "strutil.h"

/* ---- text building ---- */

/* An imr_buf that remembers a failed append, so that a string can be built
 * with many appends and checked once. */
typedef struct sbuf {
	imr_buf b;
	int failed;
} sbuf;

#define SBUF_INIT { IMR_BUF_INIT, 0 }

static void sb_puts(sbuf *s, const char *str)
{
	if (imr_buf_puts(&s->b, str) < 0)
		s->failed = 1;
}

static void sb_put(sbuf *s, const char *p, size_t n)
{
	if (imr_buf_put(&s->b, p, n) < 0)
		s->failed = 1;
}

static void sb_printf(sbuf *s, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void sb_printf(sbuf *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_buf_vprintf(&s->b, fmt, ap) < 0)
		s->failed = 1;
	va_end(ap);
}

static const char *sb_str(const sbuf *s)
{
	return imr_buf_cstr(&s->b);
}

static void sb_reset(sbuf *s)
{
	imr_buf_clear(&s->b);
}

static void sb_dispose(sbuf *s)
{
	imr_buf_dispose(&s->b);
}

/* ---- binding to the vocabulary ---- */

typedef struct bind_spec {
	const char *name;
	imr_fact_type type;
	int *enum_index;   /* the enum an enum or set fact must be of, or NULL */
	size_t offset;     /* of the slot in struct imr_drugfacts */
} bind_spec;

int imr__drugs_bind(imr_rules *rules, imr_diags *diags)
{
	imr_drugs *d = rules->drugs;
	size_t i;
	int errors = 0;
	if (!d)
		return IMR_OK;
	{
		const bind_spec specs[] = {
			{ "request.drug", IMR_TYPE_ENUM, &d->e_drug, offsetof(imr_drugfacts, drug) },
			{ "request.drugs", IMR_TYPE_SET, &d->e_drug, offsetof(imr_drugfacts, drugs) },
			{ "request.ingredients", IMR_TYPE_SET, &d->e_ingr, offsetof(imr_drugfacts, ingredients) },
			{ "request.drug_classes", IMR_TYPE_SET, &d->e_class, offsetof(imr_drugfacts, classes) },
			{ "request.dose_form", IMR_TYPE_ENUM, &d->e_form, offsetof(imr_drugfacts, form) },
			{ "request.route", IMR_TYPE_ENUM, &d->e_route, offsetof(imr_drugfacts, route) },
			{ "request.compounded", IMR_TYPE_BOOLEAN, NULL, offsetof(imr_drugfacts, compounded) },
			{ "request.extended_release", IMR_TYPE_BOOLEAN, NULL, offsetof(imr_drugfacts, extended_release) },
			{ "request.strength", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, strength) },
			{ "request.strength_2", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, strength) + sizeof(int) },
			{ "request.strength_3", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, strength) + 2 * sizeof(int) },
			{ "request.strength_unit", IMR_TYPE_ENUM, &d->e_unit, offsetof(imr_drugfacts, unit) },
			{ "request.units_per_dose", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, units_per_dose) },
			{ "request.doses_per_day", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, doses_per_day) },
			{ "request.opioid_strength", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, opioid_strength) },
			{ "request.opioid_rate", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, opioid_rate) },
			{ "request.mme_factor", IMR_TYPE_NUMBER, NULL, offsetof(imr_drugfacts, mme_factor) },
			{ "medication.drugs", IMR_TYPE_SET, &d->e_drug, offsetof(imr_drugfacts, med_drugs) },
			{ "medication.ingredients", IMR_TYPE_SET, &d->e_ingr, offsetof(imr_drugfacts, med_ingredients) },
			{ "medication.classes", IMR_TYPE_SET, &d->e_class, offsetof(imr_drugfacts, med_classes) },
		};
		for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
			int idx = imr__vocab_fact(rules, specs[i].name, strlen(specs[i].name));
			int *slot = (int *)(void *)((char *)&d->f + specs[i].offset);
			const imr_factdef *def;
			*slot = -1;
			if (idx < 0)
				continue;
			def = &rules->facts[idx];
			if (def->type != specs[i].type ||
			    (specs[i].enum_index && (*specs[i].enum_index < 0 || def->enum_index != *specs[i].enum_index))) {
				const char *of = specs[i].enum_index && *specs[i].enum_index >= 0
							 ? rules->enums[*specs[i].enum_index].name
							 : NULL;
				if (imr_diags_add(diags, IMR_SEVERITY_ERROR, "wrong-type", def->file, def->line, def->col,
						  "'%s' is filled from the drug data and must be %s%s%s", def->name,
						  imr__fact_type_phrase(specs[i].type), of ? " of " : "", of ? of : "") < 0)
					return IMR_ENOMEM;
				errors++;
				continue;
			}
			*slot = idx;
		}
	}
	return errors ? IMR_EINVALID : IMR_OK;
}

/* ---- generated lexicons ---- */

static imr_ynode *ynode(imr_arena *a, imr_ykind kind, unsigned line, unsigned col, size_t count)
{
	imr_ynode *n = imr__arena_alloc(a, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = n->end_line = line;
	n->col = col;
	n->count = count;
	if (count) {
		n->kids = imr__arena_alloc(a, (kind == IMR_Y_MAP ? 2 : 1) * count * sizeof(imr_ynode *));
		if (!n->kids)
			return NULL;
	}
	n->count = 0;
	return n;
}

static imr_ynode *yscalar(imr_arena *a, const char *s, unsigned line, unsigned col)
{
	imr_ynode *n = ynode(a, IMR_Y_SCALAR, line, col, 0);
	if (!n || !s)
		return NULL;
	n->str = imr__arena_strdup(a, s);
	n->len = strlen(s);
	n->quoted = 1;
	n->style = '\'';
	return n->str ? n : NULL;
}

/* Add key @p key with value @p value to mapping @p map. */
static int yput(imr_arena *a, imr_ynode *map, const char *key, imr_ynode *value)
{
	imr_ynode *k;
	if (!map || !value || !(k = yscalar(a, key, map->line, map->col)))
		return -1;
	map->kids[2 * map->count] = k;
	map->kids[2 * map->count + 1] = value;
	map->count++;
	return 0;
}

static int yput_text(imr_arena *a, imr_ynode *map, const char *key, const char *text)
{
	return yput(a, map, key, yscalar(a, text, map ? map->line : 0, map ? map->col : 0));
}

/* The regex of a name key (see name_key): separators match any run of
 * spaces, dashes and slashes; a period is optional; other punctuation is
 * literal. */
static void key_regex(sbuf *b, const char *key)
{
	const char *p;
	for (p = key; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ')
			sb_puts(b, "[\\s/-]+");
		else if (c == '.')
			sb_puts(b, "\\.?");
		else if (isalnum(c) || c >= 0x80)
			sb_put(b, p, 1);
		else
			sb_printf(b, "\\%c", c);
	}
}

/* One alternative of drug @p g's pattern: name @p key with word
 * boundaries, not followed by what makes it the start of a longer name of
 * another drug ("Ultram" is not "Ultram ER"), nor by a notes exclusion. */
static void name_alternative(sbuf *b, const imr_drugs *d, size_t drug, const char *key, char **keys,
			     const size_t *first)
{
	size_t len = strlen(key), j, k;
	sb_puts(b, "(?:");
	if (isalnum((unsigned char)key[0]))
		sb_puts(b, "(?<!\\w)");
	key_regex(b, key);
	if (isalnum((unsigned char)key[len - 1]))
		sb_puts(b, "(?!\\w)");
	for (j = 0; j < d->ndrugs; j++) {
		if (j == drug)
			continue;
		for (k = 0; k < d->drugs[j].nnames; k++) {
			const char *other = keys[first[j] + k];
			if (strncmp(other, key, len) != 0 || other[len] != ' ')
				continue;
			sb_puts(b, "(?!");
			key_regex(b, other + len);
			if (isalnum((unsigned char)other[strlen(other) - 1]))
				sb_puts(b, "(?!\\w)");
			sb_puts(b, ")");
		}
	}
	sb_puts(b, ")");
}

/* Drug @p drug's pattern: its names as alternatives, and in notes not
 * followed by a notes exclusion. */
static void drug_pattern(sbuf *re, const imr_drugs *d, size_t drug, char **keys, const size_t *first, int notes)
{
	size_t k;
	sb_puts(re, "(?:");
	for (k = 0; k < d->drugs[drug].nnames; k++) {
		if (k)
			sb_puts(re, "|");
		name_alternative(re, d, drug, keys[first[drug] + k], keys, first);
	}
	sb_puts(re, ")");
	if (notes && d->nexclude) {
		sb_puts(re, "(?!");
		for (k = 0; k < d->nexclude; k++)
			sb_printf(re, "%s(?:%s)", k ? "|" : "", d->exclude[k]);
		sb_puts(re, ")");
	}
}

/* The lexicon entry of drug @p drug. Entries get marks of their own (the
 * drug's position in the table), since the lexicon loader tells entries
 * apart by their marks and drugs of different files may share a line;
 * the pattern carries the position of the drug's names. */
static imr_ynode *drug_entry(imr_arena *a, const imr_rules *rules, size_t drug, const char *pattern, int notes)
{
	const imr_drugs *d = rules->drugs;
	const imr_drugdef *g = &d->drugs[drug];
	imr_ynode *e = ynode(a, IMR_Y_MAP, (unsigned)drug + 1, 1, 8), *pats, *acc;
	size_t k;
	int fact = notes ? d->f.med_drugs : d->f.drug >= 0 ? d->f.drug : d->f.drugs;
	int err = 0;
	pats = ynode(a, IMR_Y_SEQ, g->names_line, g->names_col, 1);
	if (!pats || !e)
		return NULL;
	pats->kids[pats->count++] = yscalar(a, pattern, g->names_line, g->names_col);
	err |= yput_text(a, e, "id", g->id);
	err |= yput_text(a, e, "fact", rules->facts[fact].name);
	err |= yput_text(a, e, "value", g->id);
	err |= yput(a, e, "patterns", pats->kids[0] ? pats : NULL);
	if (!notes) {
		/* a service line is a request: plans and hedges name the drug too */
		static const char *const contexts[] = { "affirmed", "historical", "planned", "hypothetical",
							"uncertain" };
		acc = ynode(a, IMR_Y_SEQ, e->line, 1, 5);
		for (k = 0; acc && k < 5; k++)
			if (!(acc->kids[acc->count++] = yscalar(a, contexts[k], e->line, 1)))
				acc = NULL;
		err |= yput(a, e, "accept", acc);
		if (fact == d->f.drug) {
			err |= yput_text(a, e, "combine", "first");
			if (d->f.drugs >= 0)
				err |= yput_text(a, e, "also", rules->facts[d->f.drugs].name);
		}
	}
	err |= yput_text(a, e, "negation", "ignore");
	return err ? NULL : e;
}

static int lexicon_doc(imr_ynode **out, imr_arena *a, const imr_rules *rules, int notes, char **keys,
		       const size_t *first, size_t max_bytes, imr_diags *diags)
{
	const imr_drugs *d = rules->drugs;
	imr_ynode *root = ynode(a, IMR_Y_MAP, 1, 1, 5), *entries = ynode(a, IMR_Y_SEQ, 1, 1, d->ndrugs);
	size_t i;
	int err = 0, errors = 0;
	*out = NULL;
	if (!root || !entries)
		return IMR_ENOMEM;
	for (i = 0; i < d->ndrugs; i++) {
		const imr_drugdef *g = &d->drugs[i];
		sbuf re = SBUF_INIT;
		if (!g->nnames)
			continue;
		drug_pattern(&re, d, i, keys, first, notes);
		if (re.failed) {
			sb_dispose(&re);
			return IMR_ENOMEM;
		}
		if (re.b.size > max_bytes) {
			/* said here, at the drug, rather than at the generated lexicon */
			if (imr_diags_add(diags, IMR_SEVERITY_ERROR, "limit", g->file, g->names_line, g->names_col,
					  "the names of '%s' make a %s pattern of %zu bytes, over the limit of %zu; give fewer names",
					  g->id, notes ? "notes" : "service", re.b.size, max_bytes) < 0) {
				sb_dispose(&re);
				return IMR_ENOMEM;
			}
			errors++;
			sb_dispose(&re);
			continue;
		}
		entries->kids[entries->count] = drug_entry(a, rules, i, sb_str(&re), notes);
		sb_dispose(&re);
		if (!entries->kids[entries->count++])
			return IMR_ENOMEM;
	}
	if (errors)
		return IMR_EINVALID;
	err |= yput_text(a, root, "kind", "lexicon");
	err |= yput_text(a, root, "name", notes ? "drugs-notes" : "drugs");
	err |= yput_text(a, root, "description",
			 notes ? "Drug names in clinical notes, made from the drug files"
			       : "Drug names in service text, made from the drug files");
	err |= yput_text(a, root, "target", notes ? "notes" : "service");
	err |= yput(a, root, "entries", entries);
	if (err)
		return IMR_ENOMEM;
	*out = root;
	return IMR_OK;
}

int imr__drugs_lexicons(imr_rules *rules, const imr_limits *limits, imr_diags *diags, imr_lexsrc *out,
			size_t *count)
{
	imr_drugs *d = rules->drugs;
	imr_limits lim = imr_limits_resolve(limits);
	char **keys;
	size_t *first, i, k, n = 0;
	int err = IMR_OK, t;
	*count = 0;
	if (!d || d->e_drug < 0)
		return IMR_OK;
	first = imr__arena_alloc(&d->gen, (d->ndrugs + 1) * sizeof(size_t));
	for (i = 0; first && i < d->ndrugs; i++) {
		first[i] = n;
		n += d->drugs[i].nnames;
	}
	keys = imr__arena_alloc(&d->gen, (n + 1) * sizeof(char *));
	for (i = 0; keys && i < d->ndrugs; i++)
		for (k = 0; k < d->drugs[i].nnames; k++)
			keys[first[i] + k] = imr__drugs_name_key(&d->gen, d->drugs[i].names[k]);
	if (!first || !keys || d->gen.failed)
		return IMR_ENOMEM;
	for (t = 0; t < 2 && err != IMR_ENOMEM; t++) {
		imr_ynode *root;
		int e;
		if (t == 0 ? d->f.drug < 0 && d->f.drugs < 0 : d->f.med_drugs < 0)
			continue;
		e = lexicon_doc(&root, &d->gen, rules, t, keys, first, lim.pattern_bytes, diags);
		if (e == IMR_OK) {
			out[*count].file = d->first_file;
			out[(*count)++].root = root;
		}
		else
			err = e;
	}
	return err;
}

void imr__drugs_lexicons_done(imr_rules *rules)
{
	if (rules->drugs)
		imr__arena_dispose(&rules->drugs->gen);
}

/* ---- resolving attributes ---- */

static const imr_value *val(const imr_facts *f, int fact)
{
	return imr__facts_value(f, fact);
}

static int undocumented(const imr_facts *f, int fact)
{
	return fact >= 0 && val(f, fact)->status == IMR_FACT_NOT_DOCUMENTED;
}

static int present_num(const imr_facts *f, int fact, double *out)
{
	const imr_value *v;
	if (fact < 0 || (v = val(f, fact))->status != IMR_FACT_PRESENT)
		return 0;
	*out = v->num;
	return 1;
}

static int set_with_ev(imr_facts *f, int fact, double num, const uint16_t *m, size_t n, const char *why)
{
	imr_evidence ev;
	int err = imr__facts_set_value(f, fact, IMR_FACT_PRESENT, num, m, n);
	if (err)
		return err;
	memset(&ev, 0, sizeof(ev));
	ev.text = why;
	ev.source = "drug data";
	return imr__facts_add_ev(f, fact, &ev);
}

/* Add members @p m to set fact @p fact (present or not), keeping it sorted. */
static int merge_set(imr_facts *f, int fact, const uint16_t *m, size_t n, const char *why)
{
	const imr_value *v = val(f, fact);
	size_t have = v->status == IMR_FACT_PRESENT ? v->nmembers : 0, i, j, total = have;
	uint16_t *all;
	int err;
	if (!n)
		return 0;
	if (!(all = imr__malloc((have + n) * sizeof(uint16_t))))
		return IMR_ENOMEM;
	if (have)
		memcpy(all, v->members, have * sizeof(uint16_t));
	for (i = 0; i < n; i++) {
		for (j = 0; j < total && all[j] != m[i]; j++)
			;
		if (j == total)
			all[total++] = m[i];
	}
	if (total == have && v->status == IMR_FACT_PRESENT) {
		imr__free(all);
		return 0;
	}
	imr__drugs_sort_members(all, total);
	if (have) {
		/* keep the evidence already there: copy the value, then add */
		imr_evidence ev;
		err = imr__facts_set_value(f, fact, IMR_FACT_PRESENT, 0, all, total);
		memset(&ev, 0, sizeof(ev));
		ev.text = why;
		ev.source = "drug data";
		if (!err)
			err = imr__facts_add_ev(f, fact, &ev);
	} else {
		err = set_with_ev(f, fact, 0, all, total, why);
	}
	imr__free(all);
	return err;
}

/* Union of @p src members into @p dst (capacity is the enum size). */
static void add_all(uint16_t *dst, size_t *n, const uint16_t *src, size_t ns)
{
	size_t i, j;
	for (i = 0; i < ns; i++) {
		for (j = 0; j < *n && dst[j] != src[i]; j++)
			;
		if (j == *n)
			dst[(*n)++] = src[i];
	}
}

/* "Norco = hydrocodone + acetaminophen; Percocet = ..." for @p named. */
static void describe_named(sbuf *b, const imr_drugs *d, const uint16_t *named, size_t n)
{
	size_t i, k;
	for (i = 0; i < n; i++) {
		const imr_drugdef *g = &d->drugs[named[i]];
		sb_printf(b, "%s%s = ", i ? "; " : "", g->names ? g->names[0] : g->id);
		if (!g->ningr)
			sb_puts(b, "(composition not listed)");
		for (k = 0; k < g->ningr; k++)
			sb_printf(b, "%s%s", k ? " + " : "", d->ingr[g->ingr[k]].id);
	}
}

static void describe_classes(sbuf *b, const imr_rules *rules, const uint16_t *m, size_t n)
{
	const imr_enum *en = &rules->enums[rules->drugs->e_class];
	size_t i;
	for (i = 0; i < n; i++)
		sb_printf(b, "%s%s", i ? ", " : "", en->members[m[i]]);
}

/* Where the opioid's strength is written among the request's strengths
 * (0, 1, 2), or -1 when the text does not tell. */
static int strength_position(const imr_drugs *d, int first, const uint16_t *named, size_t n, size_t ingr)
{
	const imr_drugdef *g = &d->drugs[first];
	size_t k;
	if (g->product) {
		for (k = 0; k < g->ningr; k++)
			if (g->ingr[k] == ingr)
				return k < 3 ? (int)k : -1;
		return -1;
	}
	if (g->ingr[0] == ingr)
		return 0;
	/* "APAP/codeine 300/30": two generic names, the opioid written second */
	if (n == 2)
		for (k = 0; k < n; k++)
			if (named[k] != (uint16_t)first && !d->drugs[named[k]].product &&
			    d->drugs[named[k]].ingr[0] == ingr)
				return 1;
	return -1;
}

static double tier_factor(const imr_drugingr *in, double daily, size_t *which)
{
	size_t t;
	for (t = 0; t + 1 < in->ntiers; t++)
		if (in->tiers[t].has_up_to && daily <= in->tiers[t].up_to)
			break;
	*which = t;
	return in->tiers[t].factor;
}

static void describe_cit(sbuf *b, const imr_drugs *d, const imr_drugingr *in)
{
	const imr_drugcit *c;
	if (in->cit < 0)
		return;
	c = &d->cits[in->cit];
	sb_printf(b, " (%s%s%s)", c->document ? c->document : "", c->section ? ", " : "",
		       c->section ? c->section : "");
}

/* The opioid ingredient's strength as written and its conversion factor. */
static int resolve_mme(const imr_rules *rules, imr_facts *f, int first, const uint16_t *named, size_t n,
		       const uint16_t *ingr, size_t ningr)
{
	const imr_drugs *d = rules->drugs;
	const imr_drugingr *in = NULL;
	sbuf why = SBUF_INIT;
	double strength = 0, factor = 0, units, doses;
	size_t i, tier = 0;
	int pos, have_strength = 0, err = 0, unit_ok;
	for (i = 0; i < ningr; i++)
		if (d->ingr[ingr[i]].has_mme) {
			if (in)
				return 0; /* two opioids in one item: no single factor */
			in = &d->ingr[ingr[i]];
		}
	if (!in)
		return 0;
	pos = strength_position(d, first, named, n, (size_t)(in - d->ingr));
	unit_ok = d->f.unit >= 0 && val(f, d->f.unit)->status == IMR_FACT_PRESENT &&
		  (int)val(f, d->f.unit)->num == in->per;
	if (pos >= 0 && unit_ok && present_num(f, d->f.strength[pos], &strength))
		have_strength = 1;
	if (have_strength) {
		int target = in->continuous ? d->f.opioid_rate : d->f.opioid_strength;
		if (undocumented(f, target)) {
			sb_printf(&why, "%s strength as written: %g %s (strength %d of the request)", in->id, strength,
				       rules->enums[d->e_unit].members[in->per], pos + 1);
			err = why.failed ? IMR_ENOMEM : set_with_ev(f, target, strength, NULL, 0, sb_str(&why));
			sb_reset(&why);
		}
	}
	if (!err && undocumented(f, d->f.mme_factor)) {
		if (!in->ntiers) {
			factor = in->factor;
			sb_printf(&why, "%s: %g morphine mg per %s", in->id, factor,
				       rules->enums[d->e_unit].members[in->per]);
		} else if (have_strength && !in->continuous && d->f.units_per_dose >= 0 && d->f.doses_per_day >= 0 &&
			   present_num(f, d->f.units_per_dose, &units) && present_num(f, d->f.doses_per_day, &doses)) {
			double daily = strength * units * doses;
			factor = tier_factor(in, daily, &tier);
			sb_printf(&why, "%s: %g morphine mg per %s at %g %s a day (%g x %g x %g), the factor for ",
				       in->id, factor, rules->enums[d->e_unit].members[in->per], daily,
				       rules->enums[d->e_unit].members[in->per], strength, units, doses);
			if (in->tiers[tier].has_up_to)
				sb_printf(&why, "daily doses up to %g", in->tiers[tier].up_to);
			else
				sb_printf(&why, "daily doses above %g", tier ? in->tiers[tier - 1].up_to : 0);
		}
		if (factor > 0) {
			describe_cit(&why, d, in);
			err = why.failed ? IMR_ENOMEM : set_with_ev(f, d->f.mme_factor, factor, NULL, 0, sb_str(&why));
		}
	}
	sb_dispose(&why);
	return err;
}

static int resolve_service(const imr_rules *rules, imr_facts *f, imr_drugs_step step)
{
	const imr_drugs *d = rules->drugs;
	const imr_value *v;
	uint16_t *named = NULL, *ingr = NULL, *classes = NULL, *forms = NULL, *routes = NULL;
	size_t n = 0, ni = 0, nc = 0, nf = 0, nr = 0, i;
	int first = -1, compounded = 0, er = 0, err = 0;
	sbuf why = SBUF_INIT;

	if (d->f.drug >= 0 && (v = val(f, d->f.drug))->status == IMR_FACT_PRESENT)
		first = (int)v->num;
	named = imr__malloc((d->ndrugs + 1) * sizeof(uint16_t));
	ingr = imr__malloc((d->ningr + 1) * sizeof(uint16_t));
	classes = imr__malloc((rules->enums[d->e_class].count + 1) * sizeof(uint16_t));
	forms = imr__malloc((d->e_form >= 0 ? rules->enums[d->e_form].count + 1 : 1) * sizeof(uint16_t));
	routes = imr__malloc((d->e_route >= 0 ? rules->enums[d->e_route].count + 1 : 1) * sizeof(uint16_t));
	if (!named || !ingr || !classes || !forms || !routes) {
		err = IMR_ENOMEM;
		goto done;
	}
	if (d->f.drugs >= 0 && (v = val(f, d->f.drugs))->status == IMR_FACT_PRESENT)
		add_all(named, &n, v->members, v->nmembers);
	if (first >= 0) {
		uint16_t one = (uint16_t)first;
		add_all(named, &n, &one, 1);
	} else if (n) {
		first = named[0];
	}
	if (!n)
		goto done;
	for (i = 0; i < n; i++) {
		const imr_drugdef *g = &d->drugs[named[i]];
		add_all(ingr, &ni, g->ingr, g->ningr);
		add_all(classes, &nc, g->classes, g->nclasses);
		if (g->product) {
			add_all(forms, &nf, g->forms, g->nforms);
			add_all(routes, &nr, g->routes, g->nroutes);
			compounded |= g->compounded;
			er |= g->extended_release;
		}
	}
	imr__drugs_sort_members(ingr, ni);
	imr__drugs_sort_members(classes, nc);
	if (step == IMR_DRUGS_DOSES) {
		err = resolve_mme(rules, f, first, named, n, ingr, ni);
		goto done;
	}
	describe_named(&why, d, named, n);
	if (why.failed) {
		err = IMR_ENOMEM;
		goto done;
	}
	if (undocumented(f, d->f.ingredients) && ni)
		err = set_with_ev(f, d->f.ingredients, 0, ingr, ni, sb_str(&why));
	if (!err && undocumented(f, d->f.classes) && nc) {
		sb_puts(&why, ": ");
		describe_classes(&why, rules, classes, nc);
		err = why.failed ? IMR_ENOMEM : set_with_ev(f, d->f.classes, 0, classes, nc, sb_str(&why));
	}
	sb_reset(&why);
	describe_named(&why, d, named, n);
	/* a product's only form and route, when the text names none */
	if (!err && nf == 1 && undocumented(f, d->f.form))
		err = set_with_ev(f, d->f.form, forms[0], NULL, 0, sb_str(&why));
	if (!err && nr == 1 && undocumented(f, d->f.route))
		err = set_with_ev(f, d->f.route, routes[0], NULL, 0, sb_str(&why));
	if (!err && compounded && undocumented(f, d->f.compounded))
		err = set_with_ev(f, d->f.compounded, 1, NULL, 0, sb_str(&why));
	if (!err && er && undocumented(f, d->f.extended_release))
		err = set_with_ev(f, d->f.extended_release, 1, NULL, 0, sb_str(&why));
	if (!err && why.failed)
		err = IMR_ENOMEM;
done:
	sb_dispose(&why);
	imr__free(named);
	imr__free(ingr);
	imr__free(classes);
	imr__free(forms);
	imr__free(routes);
	return err;
}

static int resolve_notes(const imr_rules *rules, imr_facts *f)
{
	const imr_drugs *d = rules->drugs;
	const imr_value *v = val(f, d->f.med_drugs);
	uint16_t *ingr, *classes;
	size_t ni = 0, nc = 0, i;
	sbuf why = SBUF_INIT;
	int err = 0;
	if (v->status != IMR_FACT_PRESENT || !v->nmembers)
		return 0;
	ingr = imr__malloc((d->ningr + 1) * sizeof(uint16_t));
	classes = imr__malloc((rules->enums[d->e_class].count + 1) * sizeof(uint16_t));
	if (!ingr || !classes) {
		err = IMR_ENOMEM;
		goto done;
	}
	for (i = 0; i < v->nmembers; i++) {
		const imr_drugdef *g = &d->drugs[v->members[i]];
		add_all(ingr, &ni, g->ingr, g->ningr);
		add_all(classes, &nc, g->classes, g->nclasses);
	}
	describe_named(&why, d, v->members, v->nmembers);
	if (why.failed) {
		err = IMR_ENOMEM;
		goto done;
	}
	if (d->f.med_ingredients >= 0)
		err = merge_set(f, d->f.med_ingredients, ingr, ni, sb_str(&why));
	if (!err && d->f.med_classes >= 0) {
		sb_puts(&why, ": ");
		describe_classes(&why, rules, classes, nc);
		err = why.failed ? IMR_ENOMEM : merge_set(f, d->f.med_classes, classes, nc, sb_str(&why));
	}
done:
	sb_dispose(&why);
	imr__free(ingr);
	imr__free(classes);
	return err;
}

int imr__drugs_resolve(const imr_rules *rules, imr_lex_target target, imr_facts *facts, imr_drugs_step step)
{
	const imr_drugs *d = rules->drugs;
	if (!d || d->e_drug < 0 || d->e_class < 0)
		return 0;
	if (target == IMR_LEX_SERVICE)
		return resolve_service(rules, facts, step);
	if (target == IMR_LEX_NOTES && d->f.med_drugs >= 0 && step == IMR_DRUGS_NAMES)
		return resolve_notes(rules, facts);
	return 0;
}

size_t imr__drugs_routes(const imr_rules *rules, size_t drug, int *out, size_t max)
{
	const imr_drugs *d = rules->drugs;
	size_t i;
	if (!d || drug >= d->ndrugs)
		return 0;
	for (i = 0; i < d->drugs[drug].nroutes && i < max; i++)
		out[i] = d->drugs[drug].routes[i];
	return d->drugs[drug].nroutes;
}

/* ---- public API ---- */

size_t imr_drugs_count(const imr_rules *rules)
{
	return rules->drugs && rules->drugs->e_drug >= 0 ? rules->drugs->ndrugs : 0;
}

int imr_drugs_get(imr_drug_info *out, const imr_rules *rules, size_t index)
{
	const imr_drugdef *g;
	memset(out, 0, sizeof(*out));
	if (index >= imr_drugs_count(rules))
		return IMR_ENOTFOUND;
	g = &rules->drugs->drugs[index];
	out->id = g->id;
	out->product = g->product;
	out->names = g->names;
	out->nnames = g->nnames;
	out->ingredients = g->ingr_ids;
	out->ningredients = g->ningr;
	out->classes = g->class_ids;
	out->nclasses = g->class_ids ? g->nclasses : 0;
	out->forms = g->form_ids;
	out->nforms = g->form_ids ? g->nforms : 0;
	out->routes = g->route_ids;
	out->nroutes = g->route_ids ? g->nroutes : 0;
	out->compounded = g->compounded;
	out->extended_release = g->extended_release;
	out->description = g->description;
	out->note = g->note;
	out->file = g->file;
	out->line = g->line;
	return IMR_OK;
}

int imr_drugs_find(const imr_rules *rules, const char *name)
{
	imr_arena a = IMR_ARENA_INIT;
	size_t i, k;
	char *want;
	int found = IMR_ENOTFOUND;
	if (!imr_drugs_count(rules) || !name)
		return IMR_ENOTFOUND;
	if (!(want = imr__drugs_name_key(&a, name))) {
		imr__arena_dispose(&a);
		return IMR_ENOMEM;
	}
	for (i = 0; i < rules->drugs->ndrugs && found < 0; i++) {
		const imr_drugdef *g = &rules->drugs->drugs[i];
		char *id = imr__drugs_name_key(&a, g->id);
		if (id && strcmp(id, want) == 0)
			found = (int)i;
		for (k = 0; k < g->nnames && found < 0; k++) {
			char *key = imr__drugs_name_key(&a, g->names[k]);
			if (key && strcmp(key, want) == 0)
				found = (int)i;
		}
	}
	imr__arena_dispose(&a);
	return found;
}

int imr_drugs_ingredient(imr_ingredient_info *out, const imr_rules *rules, const char *id)
{
	const imr_drugs *d = rules->drugs;
	const imr_drugingr *in;
	int i;
	memset(out, 0, sizeof(*out));
	if (!imr_drugs_count(rules) || !id)
		return IMR_ENOTFOUND;
	for (i = 0; (size_t)i < d->ningr && strcmp(d->ingr[i].id, id) != 0; i++)
		;
	if ((size_t)i == d->ningr)
		return IMR_ENOTFOUND;
	in = &d->ingr[i];
	out->id = in->id;
	out->names = in->names;
	out->nnames = in->nnames;
	out->classes = d->drugs[i].class_ids;
	out->nclasses = d->drugs[i].class_ids ? d->drugs[i].nclasses : 0;
	out->has_mme = in->has_mme;
	out->mme_factor = in->factor;
	out->tiers = in->tiers;
	out->ntiers = in->ntiers;
	out->mme_per = in->per >= 0 && d->e_unit >= 0 ? rules->enums[d->e_unit].members[in->per] : NULL;
	out->mme_continuous = in->continuous;
	out->no_mme = in->no_mme;
	if (in->cit >= 0) {
		const imr_drugcit *c = &d->cits[in->cit];
		out->mme_citation.document = c->document;
		out->mme_citation.chapter = c->chapter;
		out->mme_citation.section = c->section;
		out->mme_citation.pages = c->pages;
		out->mme_citation.confidence = c->confidence;
		out->mme_citation.note = c->note;
	}
	out->description = in->description;
	out->note = in->note;
	out->file = in->file;
	out->line = in->line;
	return IMR_OK;
}

void imr__drugs_free(imr_drugs *drugs)
{
	if (!drugs)
		return;
	imr__arena_dispose(&drugs->gen);
	imr__arena_dispose(&drugs->arena);
	imr__free(drugs);
}
