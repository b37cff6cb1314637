/* drugs_load.c - drug files -> the drug table and the generated enums.
 *
 * The first step of loading the drug data (drugs.h): read every file of
 * kind `drugs`, check it against the file format and the vocabulary enums
 * (drug_class, dose_form, route, strength_unit), reject shared names, and
 * add the enums 'ingredient' and 'drug'. Every problem of every file is
 * reported at its file:line:column; a table with errors is kept only to be
 * freed. Strings and arrays live in the table's arena. */
#include "drugs.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "strutil.h"

/* ---- diagnostics and small readers ---- */

typedef struct dload {
	imr_rules *rules;
	imr_drugs *d;
	imr_diags *diags;
	const char *file;
	int errors;
	int nomem;
} dload;

static void derr(dload *dl, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void derr(dload *dl, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(dl->diags, IMR_SEVERITY_ERROR, code, dl->file, at ? at->line : 0, at ? at->col : 0,
			   fmt, ap) < 0)
		dl->nomem = 1;
	va_end(ap);
	dl->errors++;
}

static void check_keys(dload *dl, const imr_ynode *map, const char *what, const char *const *keys, size_t n)
{
	size_t i, j;
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		int known = 0;
		for (j = 0; j < n; j++)
			known |= strcmp(k->str, keys[j]) == 0;
		if (!known) {
			const char *best = imr__suggest(k->str, keys, n);
			if (best)
				derr(dl, "unknown-key", k, "unknown key '%s' in %s (did you mean '%s'?)", k->str, what,
				     best);
			else
				derr(dl, "unknown-key", k, "unknown key '%s' in %s", k->str, what);
		}
	}
}

static void *zalloc(dload *dl, size_t n, size_t size)
{
	void *p = imr__arena_alloc(&dl->d->arena, (n ? n : 1) * size);
	if (!p)
		dl->nomem = 1;
	return p;
}

static const char *copy_str(dload *dl, const char *s, size_t len)
{
	const char *c = imr__arena_strndup(&dl->d->arena, s, len);
	if (!c)
		dl->nomem = 1;
	return c;
}

/* Optional text value of @p key; NULL when absent or malformed. */
static const char *text_of(dload *dl, const imr_ynode *map, const char *key)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (!v)
		return NULL;
	if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v) || !v->len) {
		derr(dl, "wrong-type", v, "'%s' must be text, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	return copy_str(dl, v->str, v->len);
}

static int bool_of(dload *dl, const imr_ynode *map, const char *key)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	int flag = 0;
	if (v && imr__ynode_as_bool(v, &flag) < 0)
		derr(dl, "wrong-type", v, "'%s' must be true or false, found %s", key, imr__ynode_describe(v));
	return flag;
}

/* A list value: a sequence, or NULL with an error when it is something else. */
static const imr_ynode *list_of(dload *dl, const imr_ynode *map, const char *key, int required)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (!v) {
		if (required)
			derr(dl, "missing-key", map, "missing required key '%s'", key);
		return NULL;
	}
	if (v->kind != IMR_Y_SEQ) {
		derr(dl, "wrong-type", v, "'%s' must be a list, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	return v;
}

/* Member of vocabulary enum @p e named by scalar @p v, or -1 with an error. */
static int member_of(dload *dl, int e, const char *enum_name, const char *what, const imr_ynode *v)
{
	const imr_enum *en;
	const char *best;
	int m;
	if (v->kind != IMR_Y_SCALAR) {
		derr(dl, "wrong-type", v, "each %s must be a name, found %s", what, imr__ynode_describe(v));
		return -1;
	}
	if (e < 0) {
		derr(dl, "unknown-enum", v, "the vocabulary declares no enum '%s' for %ss", enum_name, what);
		return -1;
	}
	en = &dl->rules->enums[e];
	if ((m = imr__vocab_member(en, v->str, v->len)) >= 0)
		return m;
	best = imr__suggest(v->str, (const char *const *)en->members, en->count);
	if (best)
		derr(dl, "unknown-value", v, "'%s' is not a value of '%s' (did you mean '%s'?)", v->str, enum_name,
		     best);
	else
		derr(dl, "unknown-value", v, "'%s' is not a value of '%s'", v->str, enum_name);
	return -1;
}

/* A list of members of enum @p e; duplicates are dropped. */
static uint16_t *members_of(dload *dl, const imr_ynode *list, int e, const char *enum_name, const char *what,
			    size_t *n)
{
	uint16_t *out;
	size_t i, j;
	*n = 0;
	if (!list)
		return NULL;
	out = zalloc(dl, list->count, sizeof(uint16_t));
	for (i = 0; out && i < list->count; i++) {
		int m = member_of(dl, e, enum_name, what, list->kids[i]);
		if (m < 0)
			continue;
		for (j = 0; j < *n && out[j] != m; j++)
			;
		if (j == *n)
			out[(*n)++] = (uint16_t)m;
	}
	return out;
}

/* The 'names' list of @p owner into @p g (names and their positions). */
static void names_of(dload *dl, const imr_ynode *owner, imr_drugdef *g)
{
	const imr_ynode *list = list_of(dl, owner, "names", 1);
	size_t i;
	g->nnames = 0;
	if (!list)
		return;
	g->names_line = list->line;
	g->names_col = list->col;
	if (!list->count) {
		derr(dl, "wrong-type", list, "'names' must list at least one name");
		return;
	}
	g->names = zalloc(dl, list->count, sizeof(char *));
	g->name_lines = zalloc(dl, list->count, sizeof(unsigned));
	g->name_cols = zalloc(dl, list->count, sizeof(unsigned));
	for (i = 0; g->names && g->name_lines && g->name_cols && i < list->count; i++) {
		const imr_ynode *v = list->kids[i];
		size_t k, alnum = 0;
		if (v->kind != IMR_Y_SCALAR || !v->len || imr__ynode_is_null(v)) {
			derr(dl, "wrong-type", v, "each name must be text, found %s", imr__ynode_describe(v));
			continue;
		}
		for (k = 0; k < v->len; k++)
			alnum += isalnum((unsigned char)v->str[k]) != 0;
		if (alnum < 2) {
			derr(dl, "bad-value", v, "drug name '%s' needs at least two letters or digits", v->str);
			continue;
		}
		g->name_lines[g->nnames] = v->line;
		g->name_cols[g->nnames] = v->col;
		g->names[g->nnames++] = copy_str(dl, v->str, v->len);
	}
}

void imr__drugs_sort_members(uint16_t *m, size_t n)
{
	size_t a, b;
	for (a = 1; a < n; a++)
		for (b = a; b > 0 && m[b - 1] > m[b]; b--) {
			uint16_t t = m[b];
			m[b] = m[b - 1];
			m[b - 1] = t;
		}
}

/* ---- loading: citations, ingredients, products ---- */

static const char *const file_keys[] = { "kind", "description", "citations", "notes_exclude", "ingredients",
					  "products" };
static const char *const cit_keys[] = { "document", "chapter", "section", "pages", "confidence", "note" };
static const char *const ingr_keys[] = { "names", "classes", "mme", "no_mme", "description", "note" };
static const char *const mme_keys[] = { "factor", "tiers", "per", "continuous", "citation" };
static const char *const tier_keys[] = { "up_to", "factor" };
static const char *const product_keys[] = { "names",	"ingredients",	    "classes", "forms", "routes",
					     "compounded", "extended_release", "description", "note" };

static int find_cit(const imr_drugs *d, const char *id, size_t len)
{
	size_t i;
	for (i = 0; i < d->ncits; i++)
		if (strlen(d->cits[i].id) == len && memcmp(d->cits[i].id, id, len) == 0)
			return (int)i;
	return -1;
}

static int find_ingr(const imr_drugs *d, const char *id, size_t len)
{
	size_t i;
	for (i = 0; i < d->ningr; i++)
		if (strlen(d->ingr[i].id) == len && memcmp(d->ingr[i].id, id, len) == 0)
			return (int)i;
	return -1;
}

static int find_drug_id(const imr_drugs *d, const char *id, size_t len)
{
	size_t i;
	for (i = 0; i < d->ndrugs; i++)
		if (strlen(d->drugs[i].id) == len && memcmp(d->drugs[i].id, id, len) == 0)
			return (int)i;
	return -1;
}

/* An id key: an identifier not used before by any ingredient or product. */
static int check_id(dload *dl, const imr_ynode *k)
{
	int prev;
	if (!imr__is_identifier(k->str, k->len)) {
		derr(dl, "bad-id", k, "'%s' is not a valid identifier (letters, digits, _ - . starting with a letter)",
		     k->str);
		return -1;
	}
	if ((prev = find_drug_id(dl->d, k->str, k->len)) >= 0) {
		derr(dl, "duplicate-id", k, "drug '%s' is already defined at %s:%u:%u", k->str,
		     dl->d->drugs[prev].file, dl->d->drugs[prev].line, dl->d->drugs[prev].col);
		return -1;
	}
	return 0;
}

static void load_citations(dload *dl, const imr_ynode *map)
{
	size_t i, j;
	if (!map)
		return;
	if (map->kind != IMR_Y_MAP) {
		derr(dl, "wrong-type", map, "'citations' must be a mapping of citation ids, found %s",
		     imr__ynode_describe(map));
		return;
	}
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
		imr_drugcit *c;
		if (!imr__is_identifier(k->str, k->len)) {
			derr(dl, "bad-id", k, "'%s' is not a valid citation id", k->str);
			continue;
		}
		if (find_cit(dl->d, k->str, k->len) >= 0) {
			derr(dl, "duplicate-id", k, "citation '%s' is already defined", k->str);
			continue;
		}
		if (v->kind != IMR_Y_MAP) {
			derr(dl, "wrong-type", v, "citation '%s' must be a mapping, found %s", k->str,
			     imr__ynode_describe(v));
			continue;
		}
		check_keys(dl, v, "a citation", cit_keys, 6);
		c = &dl->d->cits[dl->d->ncits++];
		c->id = copy_str(dl, k->str, k->len);
		c->document = text_of(dl, v, "document");
		c->chapter = text_of(dl, v, "chapter");
		c->section = text_of(dl, v, "section");
		c->pages = text_of(dl, v, "pages");
		c->note = text_of(dl, v, "note");
		c->confidence = text_of(dl, v, "confidence");
		if (!imr__ymap_get(v, "document", NULL))
			derr(dl, "missing-key", v, "missing required key 'document'");
		if (c->confidence) {
			static const char *const conf[] = { "high", "medium", "low" };
			for (j = 0; j < 3 && strcmp(conf[j], c->confidence) != 0; j++)
				;
			if (j == 3)
				derr(dl, "bad-value", imr__ymap_get(v, "confidence", NULL),
				     "'%s' is not a confidence (high, medium or low)", c->confidence);
		}
	}
}

static int positive_number(dload *dl, const imr_ynode *map, const char *key, double *out)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (!v) {
		derr(dl, "missing-key", map, "missing required key '%s'", key);
		return -1;
	}
	if (imr__ynode_as_number(v, out) < 0 || *out <= 0) {
		derr(dl, "wrong-type", v, "'%s' must be a positive number, found %s", key, imr__ynode_describe(v));
		return -1;
	}
	return 0;
}

static void load_tiers(dload *dl, imr_drugingr *in, const imr_ynode *list)
{
	size_t i;
	if (!list->count) {
		derr(dl, "wrong-type", list, "'tiers' must list at least one tier");
		return;
	}
	in->tiers = zalloc(dl, list->count, sizeof(imr_mme_tier));
	for (i = 0; in->tiers && i < list->count; i++) {
		const imr_ynode *t = list->kids[i], *up;
		imr_mme_tier *tier = &in->tiers[in->ntiers];
		memset(tier, 0, sizeof(*tier)); /* a rejected tier may have left values */
		if (t->kind != IMR_Y_MAP) {
			derr(dl, "wrong-type", t, "each tier must be a mapping with up_to and factor, found %s",
			     imr__ynode_describe(t));
			continue;
		}
		check_keys(dl, t, "an MME tier", tier_keys, 2);
		if (positive_number(dl, t, "factor", &tier->factor) < 0)
			continue;
		if ((up = imr__ymap_get(t, "up_to", NULL))) {
			if (imr__ynode_as_number(up, &tier->up_to) < 0 || tier->up_to <= 0) {
				derr(dl, "wrong-type", up, "'up_to' must be a positive number, found %s",
				     imr__ynode_describe(up));
				continue;
			}
			tier->has_up_to = 1;
			if (in->ntiers && (!in->tiers[in->ntiers - 1].has_up_to ||
					   in->tiers[in->ntiers - 1].up_to >= tier->up_to)) {
				derr(dl, "bad-value", up, "tiers must be listed by increasing 'up_to'");
				continue;
			}
		} else if (i + 1 < list->count) {
			derr(dl, "missing-key", t, "only the last tier may omit 'up_to'");
			continue;
		}
		in->ntiers++;
	}
	if (in->ntiers && in->tiers[in->ntiers - 1].has_up_to)
		derr(dl, "missing-key", list->kids[list->count - 1],
		     "the last tier must omit 'up_to' so that every daily dose has a factor");
}

static void load_mme(dload *dl, imr_drugingr *in, const imr_ynode *mme)
{
	const imr_ynode *tiers, *per, *cit;
	if (mme->kind != IMR_Y_MAP) {
		derr(dl, "wrong-type", mme, "'mme' must be a mapping with factor (or tiers), per and citation, found %s",
		     imr__ynode_describe(mme));
		return;
	}
	check_keys(dl, mme, "an mme mapping", mme_keys, 5);
	tiers = imr__ymap_get(mme, "tiers", NULL);
	if (tiers && imr__ymap_get(mme, "factor", NULL))
		derr(dl, "bad-value", tiers, "give either 'factor' or 'tiers', not both");
	else if (tiers && tiers->kind != IMR_Y_SEQ)
		derr(dl, "wrong-type", tiers, "'tiers' must be a list, found %s", imr__ynode_describe(tiers));
	else if (tiers)
		load_tiers(dl, in, tiers);
	else if (positive_number(dl, mme, "factor", &in->factor) < 0)
		return;
	in->per = -1;
	if (!(per = imr__ymap_get(mme, "per", NULL)))
		derr(dl, "missing-key", mme, "missing required key 'per' (the strength unit the factor applies to)");
	else
		in->per = member_of(dl, dl->d->e_unit, "strength_unit", "strength unit", per);
	in->continuous = bool_of(dl, mme, "continuous");
	in->cit = -1;
	if (!(cit = imr__ymap_get(mme, "citation", NULL))) {
		derr(dl, "missing-key", mme, "missing required key 'citation' (the source of the factor)");
	} else if (cit->kind != IMR_Y_SCALAR || (in->cit = find_cit(dl->d, cit->str, cit->len)) < 0) {
		derr(dl, "unknown-value", cit, "'%s' is not a citation of the drug files",
		     cit->kind == IMR_Y_SCALAR ? cit->str : "?");
	}
	in->has_mme = in->ntiers || in->factor > 0;
}

static void load_ingredient(dload *dl, const imr_ynode *k, const imr_ynode *v)
{
	imr_drugs *d = dl->d;
	imr_drugingr *in;
	imr_drugdef *g;
	const imr_ynode *mme;
	if (check_id(dl, k) < 0)
		return;
	if (v->kind != IMR_Y_MAP) {
		derr(dl, "wrong-type", v, "ingredient '%s' must be a mapping, found %s", k->str, imr__ynode_describe(v));
		return;
	}
	check_keys(dl, v, "an ingredient", ingr_keys, 6);
	in = &d->ingr[d->ningr];
	g = &d->drugs[d->ndrugs];
	in->id = g->id = copy_str(dl, k->str, k->len);
	in->file = g->file = dl->file;
	in->line = g->line = k->line;
	in->col = g->col = k->col;
	in->cit = -1;
	in->per = -1;
	names_of(dl, v, g);
	in->names = g->names;
	in->nnames = g->nnames;
	in->classes = members_of(dl, list_of(dl, v, "classes", 1), d->e_class, "drug_class", "drug class",
				 &in->nclasses);
	in->description = text_of(dl, v, "description");
	in->note = text_of(dl, v, "note");
	in->no_mme = text_of(dl, v, "no_mme");
	if ((mme = imr__ymap_get(v, "mme", NULL))) {
		if (in->no_mme)
			derr(dl, "bad-value", mme, "give either 'mme' or 'no_mme', not both");
		else
			load_mme(dl, in, mme);
	}
	g->description = in->description;
	g->note = in->note;
	d->ningr++;
	d->ndrugs++;
}

static void load_product(dload *dl, const imr_ynode *k, const imr_ynode *v)
{
	imr_drugs *d = dl->d;
	imr_drugdef *p;
	const imr_ynode *list;
	size_t i;
	if (check_id(dl, k) < 0)
		return;
	if (v->kind != IMR_Y_MAP) {
		derr(dl, "wrong-type", v, "product '%s' must be a mapping, found %s", k->str, imr__ynode_describe(v));
		return;
	}
	check_keys(dl, v, "a product", product_keys, 9);
	p = &d->drugs[d->ndrugs];
	p->id = copy_str(dl, k->str, k->len);
	p->product = 1;
	p->file = dl->file;
	p->line = k->line;
	p->col = k->col;
	names_of(dl, v, p);
	list = list_of(dl, v, "ingredients", 1);
	p->ingr = list ? zalloc(dl, list->count, sizeof(uint16_t)) : NULL;
	for (i = 0; p->ingr && i < list->count; i++) {
		const imr_ynode *n = list->kids[i];
		int idx = n->kind == IMR_Y_SCALAR ? find_ingr(d, n->str, n->len) : -1;
		if (idx < 0) {
			const char *best = NULL;
			size_t bd = 3, j;
			for (j = 0; n->kind == IMR_Y_SCALAR && j < d->ningr; j++) {
				size_t dist = imr__edit_distance(n->str, d->ingr[j].id, bd);
				if (dist < bd) {
					bd = dist;
					best = d->ingr[j].id;
				}
			}
			if (best)
				derr(dl, "unknown-value", n, "'%s' is not an ingredient of the drug files (did you mean '%s'?)",
				     n->kind == IMR_Y_SCALAR ? n->str : "?", best);
			else
				derr(dl, "unknown-value", n, "'%s' is not an ingredient of the drug files",
				     n->kind == IMR_Y_SCALAR ? n->str : "?");
			continue;
		}
		p->ingr[p->ningr++] = (uint16_t)idx;
	}
	p->classes = members_of(dl, list_of(dl, v, "classes", 0), d->e_class, "drug_class", "drug class",
				&p->nclasses);
	if (list && !list->count && !p->nclasses)
		derr(dl, "missing-key", list, "a product without ingredients needs 'classes' (for example medical_food)");
	p->forms = members_of(dl, list_of(dl, v, "forms", 0), d->e_form, "dose_form", "dose form", &p->nforms);
	p->routes = members_of(dl, list_of(dl, v, "routes", 0), d->e_route, "route", "route", &p->nroutes);
	p->compounded = bool_of(dl, v, "compounded");
	p->extended_release = bool_of(dl, v, "extended_release");
	p->description = text_of(dl, v, "description");
	p->note = text_of(dl, v, "note");
	d->ndrugs++;
}

/* A drug's classes: those of its ingredients and its own, sorted. */
static void union_classes(dload *dl, imr_drugdef *g)
{
	const imr_drugs *d = dl->d;
	size_t total = g->nclasses, i, j, k, n = 0;
	uint16_t *all;
	for (i = 0; i < g->ningr; i++)
		total += d->ingr[g->ingr[i]].nclasses;
	all = zalloc(dl, total, sizeof(uint16_t));
	if (!all)
		return;
	for (i = 0; i <= g->ningr; i++) {
		const uint16_t *src = i < g->ningr ? d->ingr[g->ingr[i]].classes : g->classes;
		size_t ns = i < g->ningr ? d->ingr[g->ingr[i]].nclasses : g->nclasses;
		for (j = 0; j < ns; j++) {
			for (k = 0; k < n && all[k] != src[j]; k++)
				;
			if (k == n)
				all[n++] = src[j];
		}
	}
	imr__drugs_sort_members(all, n);
	g->classes = all;
	g->nclasses = n;
}

/* ---- names ---- */

/* A name as compared: lower case, runs of spaces, dashes, slashes and
 * underscores as one space, no space at either end. */
char *imr__drugs_name_key(imr_arena *a, const char *s)
{
	size_t n = strlen(s), i, o = 0;
	char *k = imr__arena_alloc(a, n + 1);
	int sep = 0;
	if (!k)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c) || c == '-' || c == '/' || c == '_') {
			sep = o > 0;
			continue;
		}
		if (sep)
			k[o++] = ' ';
		sep = 0;
		k[o++] = (char)tolower(c);
	}
	k[o] = '\0';
	return k;
}

/* Two drugs must not share a name: a text naming it would name both. */
static void check_names(dload *dl)
{
	imr_drugs *d = dl->d;
	imr_arena scratch = IMR_ARENA_INIT;
	size_t i, j, a, b;
	for (i = 0; i < d->ndrugs; i++)
		for (a = 0; a < d->drugs[i].nnames; a++) {
			char *ka = imr__drugs_name_key(&scratch, d->drugs[i].names[a]);
			for (j = i; ka && j < d->ndrugs; j++)
				for (b = j == i ? a + 1 : 0; b < d->drugs[j].nnames; b++) {
					char *kb = imr__drugs_name_key(&scratch, d->drugs[j].names[b]);
					if (!kb || strcmp(ka, kb) != 0)
						continue;
					if (imr_diags_add(dl->diags, IMR_SEVERITY_ERROR, "duplicate-name", d->drugs[j].file,
							  d->drugs[j].name_lines[b], d->drugs[j].name_cols[b],
							  "name '%s' of '%s' is already a name of '%s' (%s:%u:%u)",
							  d->drugs[j].names[b], d->drugs[j].id, d->drugs[i].id,
							  d->drugs[i].file, d->drugs[i].line, d->drugs[i].col) < 0)
						dl->nomem = 1;
					dl->errors++;
				}
		}
	if (scratch.failed)
		dl->nomem = 1;
	imr__arena_dispose(&scratch);
}

/* ---- loading: the generated enums ---- */

static int add_enum(dload *dl, const char *name, const char *description, size_t n,
		    const char *(*member)(const imr_drugs *, size_t), char *(*describe)(imr_drugs *, size_t))
{
	imr_rules *r = dl->rules;
	imr_enum *en, *grown;
	size_t i;
	if (imr__vocab_enum(r, name, strlen(name)) >= 0) {
		const imr_enum *prev = &r->enums[imr__vocab_enum(r, name, strlen(name))];
		if (imr_diags_add(dl->diags, IMR_SEVERITY_ERROR, "duplicate-id", prev->file, prev->line, prev->col,
				  "enum '%s' is made from the drug files; do not declare it in a vocabulary", name) < 0)
			dl->nomem = 1;
		dl->errors++;
		return -1;
	}
	if (n > 65535) {
		imr_diags_add(dl->diags, IMR_SEVERITY_ERROR, "limit", dl->d->first_file, 0, 0,
			      "the drug files define more than 65535 %ss", name);
		dl->errors++;
		return -1;
	}
	grown = imr__realloc(r->enums, (r->nenums + 2) * sizeof(imr_enum));
	if (!grown) {
		dl->nomem = 1;
		return -1;
	}
	r->enums = grown;
	en = &r->enums[r->nenums];
	memset(en, 0, sizeof(*en));
	en->name = imr__strdup(name);
	en->description = imr__strdup(description);
	en->members = imr__calloc(n + 1, sizeof(char *));
	en->member_descriptions = imr__calloc(n + 1, sizeof(char *));
	en->associated = imr__calloc(n + 1, 1);
	en->file = dl->d->first_file;
	en->line = en->col = 1;
	r->nenums++;
	if (!en->name || !en->description || !en->members || !en->member_descriptions || !en->associated) {
		dl->nomem = 1;
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *desc = describe(dl->d, i);
		en->members[i] = imr__strdup(member(dl->d, i));
		en->member_descriptions[i] = desc ? imr__strdup(desc) : NULL;
		if (!en->members[i] || !en->member_descriptions[i]) {
			imr__free(en->members[i]);
			imr__free(en->member_descriptions[i]);
			dl->nomem = 1;
			return -1;
		}
		en->count++;
	}
	return (int)(r->nenums - 1);
}

static const char *ingr_member(const imr_drugs *d, size_t i)
{
	return d->ingr[i].id;
}

static const char *drug_member(const imr_drugs *d, size_t i)
{
	return d->drugs[i].id;
}

static char *ingr_describe(imr_drugs *d, size_t i)
{
	return imr__arena_printf(&d->arena, "%s", d->ingr[i].names ? d->ingr[i].names[0] : d->ingr[i].id);
}

static char *drug_describe(imr_drugs *d, size_t i)
{
	const imr_drugdef *g = &d->drugs[i];
	char *out;
	size_t k;
	if (!g->product)
		return imr__arena_printf(&d->arena, "%s (generic)", g->names ? g->names[0] : g->id);
	out = imr__arena_printf(&d->arena, "%s:%s", g->names ? g->names[0] : g->id,
				g->ningr ? "" : " no ingredient listed");
	for (k = 0; out && k < g->ningr; k++)
		out = imr__arena_printf(&d->arena, "%s%s %s", out, k ? "," : "", d->ingr[g->ingr[k]].id);
	return out;
}

/* String views of a drug's members, for the public API. */
static const char **member_views(dload *dl, int e, const uint16_t *m, size_t n)
{
	const char **v = zalloc(dl, n, sizeof(char *));
	size_t i;
	for (i = 0; v && i < n; i++)
		v[i] = dl->rules->enums[e].members[m[i]];
	return v;
}

static void make_views(dload *dl)
{
	imr_drugs *d = dl->d;
	size_t i, k;
	for (i = 0; i < d->ndrugs; i++) {
		imr_drugdef *g = &d->drugs[i];
		g->ingr_ids = zalloc(dl, g->ningr, sizeof(char *));
		for (k = 0; g->ingr_ids && k < g->ningr; k++)
			g->ingr_ids[k] = d->ingr[g->ingr[k]].id;
		if (d->e_class >= 0)
			g->class_ids = member_views(dl, d->e_class, g->classes, g->nclasses);
		if (d->e_form >= 0)
			g->form_ids = member_views(dl, d->e_form, g->forms, g->nforms);
		if (d->e_route >= 0)
			g->route_ids = member_views(dl, d->e_route, g->routes, g->nroutes);
	}
}

int imr__drugs_load(imr_rules *rules, const imr_lexsrc *srcs, size_t count, imr_diags *diags)
{
	dload dl;
	imr_drugs *d;
	size_t i, j, ncit = 0, ningr = 0, nprod = 0, nexcl = 0;

	if (!count)
		return IMR_OK;
	memset(&dl, 0, sizeof(dl));
	if (!(d = imr__calloc(1, sizeof(*d))))
		return IMR_ENOMEM;
	rules->drugs = d;
	dl.rules = rules;
	dl.d = d;
	dl.diags = diags;
	d->first_file = srcs[0].file;
	d->e_class = imr__vocab_enum(rules, "drug_class", 10);
	d->e_form = imr__vocab_enum(rules, "dose_form", 9);
	d->e_route = imr__vocab_enum(rules, "route", 5);
	d->e_unit = imr__vocab_enum(rules, "strength_unit", 13);
	d->e_ingr = d->e_drug = -1;
	for (i = 0; i < count; i++) {
		const imr_ynode *root = srcs[i].root, *v;
		if ((v = imr__ymap_get(root, "citations", NULL)) && v->kind == IMR_Y_MAP)
			ncit += v->count;
		if ((v = imr__ymap_get(root, "ingredients", NULL)) && v->kind == IMR_Y_MAP)
			ningr += v->count;
		if ((v = imr__ymap_get(root, "products", NULL)) && v->kind == IMR_Y_MAP)
			nprod += v->count;
		if ((v = imr__ymap_get(root, "notes_exclude", NULL)) && v->kind == IMR_Y_SEQ)
			nexcl += v->count;
	}
	d->cits = zalloc(&dl, ncit, sizeof(imr_drugcit));
	d->ingr = zalloc(&dl, ningr, sizeof(imr_drugingr));
	d->drugs = zalloc(&dl, ningr + nprod, sizeof(imr_drugdef));
	d->exclude = zalloc(&dl, nexcl, sizeof(char *));
	/* citations first: ingredients refer to them from any file */
	for (i = 0; i < count && !dl.nomem; i++) {
		const imr_ynode *root = srcs[i].root, *v;
		dl.file = srcs[i].file;
		check_keys(&dl, root, "a drug file", file_keys, 6);
		if (!imr__ymap_get(root, "description", NULL))
			derr(&dl, "missing-key", root, "missing required key 'description'");
		else
			(void)text_of(&dl, root, "description");
		load_citations(&dl, imr__ymap_get(root, "citations", NULL));
		if ((v = list_of(&dl, root, "notes_exclude", 0)))
			for (j = 0; j < v->count; j++) {
				if (v->kids[j]->kind != IMR_Y_SCALAR || !v->kids[j]->len)
					derr(&dl, "wrong-type", v->kids[j], "each notes_exclude entry must be a pattern, found %s",
					     imr__ynode_describe(v->kids[j]));
				else
					d->exclude[d->nexclude++] = copy_str(&dl, v->kids[j]->str, v->kids[j]->len);
			}
	}
	for (i = 0; i < count && !dl.nomem; i++) {
		const imr_ynode *map = imr__ymap_get(srcs[i].root, "ingredients", NULL);
		dl.file = srcs[i].file;
		if (map && map->kind != IMR_Y_MAP) {
			derr(&dl, "wrong-type", map, "'ingredients' must be a mapping of ingredient ids, found %s",
			     imr__ynode_describe(map));
			continue;
		}
		for (j = 0; map && j < map->count && !dl.nomem; j++)
			load_ingredient(&dl, map->kids[2 * j], map->kids[2 * j + 1]);
	}
	for (i = 0; i < d->ningr; i++) {
		/* a generic drug is its ingredient */
		d->drugs[i].ingr = zalloc(&dl, 1, sizeof(uint16_t));
		if (d->drugs[i].ingr) {
			d->drugs[i].ingr[0] = (uint16_t)i;
			d->drugs[i].ningr = 1;
		}
	}
	for (i = 0; i < count && !dl.nomem; i++) {
		const imr_ynode *map = imr__ymap_get(srcs[i].root, "products", NULL);
		dl.file = srcs[i].file;
		if (map && map->kind != IMR_Y_MAP) {
			derr(&dl, "wrong-type", map, "'products' must be a mapping of product ids, found %s",
			     imr__ynode_describe(map));
			continue;
		}
		for (j = 0; map && j < map->count && !dl.nomem; j++)
			load_product(&dl, map->kids[2 * j], map->kids[2 * j + 1]);
	}
	for (i = 0; i < d->ndrugs && !dl.nomem; i++)
		union_classes(&dl, &d->drugs[i]);
	if (!dl.nomem)
		check_names(&dl);
	/* the enums even with errors, so that the vocabulary does not repeat
	 * them as unknown enums */
	if (!dl.nomem) {
		d->e_ingr = add_enum(&dl, "ingredient", "Active ingredient of a drug, from the drug files", d->ningr,
				     ingr_member, ingr_describe);
		if (d->e_ingr >= 0)
			d->e_drug = add_enum(&dl, "drug",
					     "A drug named by a generic or brand name, from the drug files", d->ndrugs,
					     drug_member, drug_describe);
	}
	if (!dl.nomem)
		make_views(&dl);
	if (dl.nomem || d->arena.failed) {
		diags->oom = 1;
		return IMR_ENOMEM;
	}
	return dl.errors ? IMR_EINVALID : IMR_OK;
}

