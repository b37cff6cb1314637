/* letter_layout.c - letter-layout YAML -> phrase lists; matching (letter_layout.h).
 *
 * The file's keys map onto flat lists (imr_llist), each phrase carrying the
 * value its place in the file gives it: "header: labels: date_of_injury:
 * [Date of Injury]" puts "Date of Injury" in IMR_LL_HEADER_LABELS with
 * value IMR_HF_INJURY. The table `spec` below is that map; the loader walks
 * it, so a key of the file that is not in the table is an unknown key.
 *
 * Invariants: a loaded layout is immutable; its phrases live in its arena;
 * no phrase is empty, padded with spaces or longer than
 * limits->pattern_bytes, and no list holds one phrase twice. */
#include "letter_layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"
#include "strutil.h"

/* ---- the file's shape ---- */

typedef struct spec {
	const char *key;
	int list;                /* IMR_LL_* for a list of phrases, -1 for a mapping */
	int value;               /* the value its phrases take */
	const struct spec *kids; /* a mapping: its keys */
	size_t nkids;
} spec;

#define LIST(k, l, v) { k, l, v, NULL, 0 }
#define MAP(k, kids) { k, -1, 0, kids, sizeof(kids) / sizeof(kids[0]) }

static const spec header_labels[] = {
	LIST("case_number", IMR_LL_HEADER_LABELS, IMR_HF_CASE),
	LIST("date_assigned", IMR_LL_HEADER_LABELS, IMR_HF_ASSIGNED),
	LIST("date_of_injury", IMR_LL_HEADER_LABELS, IMR_HF_INJURY),
	LIST("decision_date", IMR_LL_HEADER_LABELS, IMR_HF_DECIDED),
	LIST("ur_denial_date", IMR_LL_HEADER_LABELS, IMR_HF_UR),
	LIST("application_received", IMR_LL_HEADER_LABELS, IMR_HF_RECEIVED),
	LIST("priority", IMR_LL_HEADER_LABELS, IMR_HF_PRIORITY),
};
static const spec header_keys[] = {
	MAP("labels", header_labels),
	LIST("priorities", IMR_LL_PRIORITIES, 0),
};
static const spec cred_labels[] = {
	LIST("licensure", IMR_LL_CRED_LABELS, IMR_CRED_LICENSURE),
	LIST("specialty", IMR_LL_CRED_LABELS, IMR_CRED_SPECIALTY),
};
static const spec cred_prose[] = {
	LIST("licensure", IMR_LL_CRED_PROSE, IMR_CRED_LICENSURE),
	LIST("specialty", IMR_LL_CRED_PROSE, IMR_CRED_SPECIALTY),
};
static const spec cred_keys[] = {
	MAP("labels", cred_labels),
	MAP("prose", cred_prose),
};
static const spec summary_keys[] = {
	LIST("openers", IMR_LL_SUMMARY_OPENERS, 0),
};
static const spec field_keys[] = {
	LIST("claims_administrator", IMR_LL_FIELD_LABELS, IMR_IF_CA),
	LIST("reviewer", IMR_LL_FIELD_LABELS, IMR_IF_REV),
	LIST("rationale", IMR_LL_FIELD_LABELS, IMR_IF_RAT),
};
static const spec item_keys[] = {
	MAP("fields", field_keys),
	LIST("headings", IMR_LL_ITEM_HEADINGS, 0),
	LIST("partial", IMR_LL_PARTIAL, 0),
	LIST("sentence_ends", IMR_LL_SENTENCE_ENDS, 0),
};
static const spec upheld_keys[] = {
	LIST("words", IMR_LL_DECISION_WORDS, IMR_LOUT_UPHELD),
	LIST("phrases", IMR_LL_DECISION_PHRASES, IMR_LOUT_UPHELD),
};
static const spec overturned_keys[] = {
	LIST("words", IMR_LL_DECISION_WORDS, IMR_LOUT_OVERTURNED),
	LIST("phrases", IMR_LL_DECISION_PHRASES, IMR_LOUT_OVERTURNED),
};
static const spec decision_keys[] = {
	MAP("upheld", upheld_keys),
	MAP("overturned", overturned_keys),
	LIST("labels", IMR_LL_DECISION_LABELS, 0),
	LIST("openers", IMR_LL_OPENERS, IMR_LOUT_NONE),
	LIST("requests", IMR_LL_REQUESTS, 0),
	LIST("references", IMR_LL_REFERENCES, 0),
};
static const spec guideline_keys[] = {
	LIST("ODG", IMR_LL_CITE_GUIDELINES, IMR_GL_ODG),
	LIST("ACOEM", IMR_LL_CITE_GUIDELINES, IMR_GL_ACOEM),
};
static const spec cite_keys[] = {
	LIST("lead_ins", IMR_LL_CITE_LEADINS, 0),
	LIST("sentence_lead_ins", IMR_LL_CITE_SENTENCE_LEADINS, 0),
	LIST("not_citations", IMR_LL_CITE_NOT_CITATIONS, 0),
	LIST("mtus", IMR_LL_CITE_MTUS, 0),
	LIST("non_mtus", IMR_LL_CITE_NON_MTUS, 0),
	LIST("no_evidence", IMR_LL_CITE_NO_EVIDENCE, 0),
	LIST("outside_mtus", IMR_LL_CITE_OUTSIDE_MTUS, 0),
	LIST("part_of_mtus", IMR_LL_CITE_PART_OF_MTUS, 0),
	LIST("not_part_of_mtus", IMR_LL_CITE_NOT_PART_OF_MTUS, 0),
	LIST("mtus_marks", IMR_LL_CITE_MTUS_MARKS, 0),
	LIST("same_as_claims_administrator", IMR_LL_CITE_SAME, 0),
	LIST("mtus_clauses", IMR_LL_CITE_MTUS_CLAUSES, 0),
	LIST("name_ends", IMR_LL_CITE_NAME_ENDS, 0),
	LIST("sections", IMR_LL_CITE_SECTIONS, 0),
	LIST("pages", IMR_LL_CITE_PAGES, 0),
	LIST("document_ends", IMR_LL_CITE_DOCUMENT_ENDS, 0),
	MAP("guidelines", guideline_keys),
};
static const spec top_keys[] = {
	LIST("kind", -2, 0),
	LIST("name", -2, 0),
	LIST("description", -2, 0),
	LIST("headings", IMR_LL_HEADINGS, 0),
	MAP("header", header_keys),
	MAP("credentials", cred_keys),
	MAP("summary", summary_keys),
	MAP("items", item_keys),
	MAP("decisions", decision_keys),
	MAP("citations", cite_keys),
};

/* What each list is called in messages. */
static const char *const list_names[IMR_LL_COUNT] = {
	"headings", "header labels", "priorities", "credential labels", "credential prose",
	"summary openers", "item field labels", "item headings", "partial-overturn markers",
	"sentence ends", "decision words", "decision phrases", "decision labels",
	"decision openers", "request words", "references", "citation lead-ins", "citation sentence lead-ins",
	"non-citations", "MTUS markers", "non-MTUS markers", "no-evidence phrases",
	"outside-MTUS phrases", "part-of-MTUS phrases", "not-part-of-MTUS phrases", "MTUS marks",
	"shared-citation phrases", "MTUS clauses", "citation name ends", "section keywords", "page keywords",
	"document ends", "guideline names",
};

static const char *const role_names[IMR_LROLE_COUNT] = {
	"title", "other", "how", "credentials", "documents", "summary", "decisions",
};

static const char *const layout_names[] = { "standard", "decisions", "notice-2013" };
static const char *const outcome_names[] = { "upheld", "overturned" };

/* ---- loader state ---- */

typedef struct pvec {
	imr_lphrase *items;
	size_t count, cap;
} pvec;

typedef struct lload {
	imr_layout *lay;
	imr_diags *diags;
	size_t max_len;
	const char *file;
	pvec lists[IMR_LL_COUNT];
	int errors, nomem;
} lload;

static void err_at(lload *ld, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void err_at(lload *ld, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(ld->diags, IMR_SEVERITY_ERROR, code, ld->file, at ? at->line : 0,
			   at ? at->col : 0, fmt, ap) < 0)
		ld->nomem = 1;
	va_end(ap);
	ld->errors++;
}

/* One of @p names, or -1 with a "did you mean" diagnostic. */
static int pick(lload *ld, const imr_ynode *v, const char *key, const char *const *names, size_t n)
{
	char list[256];
	size_t i, used = 0;
	const char *best;
	if (v->kind == IMR_Y_SCALAR)
		for (i = 0; i < n; i++)
			if (strcmp(v->str, names[i]) == 0)
				return (int)i;
	if (v->kind != IMR_Y_SCALAR) {
		err_at(ld, "wrong-type", v, "'%s' must be text, found %s", key, imr__ynode_describe(v));
		return -1;
	}
	best = imr__suggest(v->str, names, n);
	if (best) {
		err_at(ld, "bad-value", v, "'%s' is not a valid %s (did you mean '%s'?)", v->str, key, best);
		return -1;
	}
	list[0] = '\0';
	for (i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", names[i]);
	err_at(ld, "bad-value", v, "'%s' is not a valid %s (expected %s)", v->str, key, list);
	return -1;
}

static void unknown_keys(lload *ld, const imr_ynode *map, const char *what, const char *const *keys,
			 size_t n)
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
				err_at(ld, "unknown-key", k, "unknown key '%s' in %s (did you mean '%s'?)", k->str,
				       what, best);
			else
				err_at(ld, "unknown-key", k, "unknown key '%s' in %s", k->str, what);
		}
	}
}

/* Two phrases that match the same text: equal ignoring case, spaces as runs. */
static int same_phrase(const char *a, const char *b)
{
	for (;;) {
		if (*a == ' ' && *b == ' ') {
			while (*a == ' ')
				a++;
			while (*b == ' ')
				b++;
			continue;
		}
		if (imr__lower((unsigned char)*a) != imr__lower((unsigned char)*b))
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

/* Add the scalar @p v to list @p list with @p value. */
static imr_lphrase *add_phrase(lload *ld, int list, int value, const imr_ynode *v)
{
	pvec *pv = &ld->lists[list];
	imr_lphrase *p;
	void *items;
	size_t i;
	char *text;
	if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v)) {
		err_at(ld, "wrong-type", v, "a phrase of the %s must be text, found %s", list_names[list],
		       imr__ynode_describe(v));
		return NULL;
	}
	if (!v->len || memchr(v->str, '\0', v->len)) {
		err_at(ld, "bad-value", v, "a phrase of the %s must not be empty", list_names[list]);
		return NULL;
	}
	if (v->len > ld->max_len) {
		err_at(ld, "limit", v, "phrase is longer than the limit of %zu bytes", ld->max_len);
		return NULL;
	}
	if (imr__is_space((unsigned char)v->str[0]) || imr__is_space((unsigned char)v->str[v->len - 1]) ||
	    v->str[0] == '\t' || v->str[v->len - 1] == '\t') {
		err_at(ld, "bad-value", v,
		       "phrase '%s' starts or ends with a space (a space inside a phrase matches any run "
		       "of spaces and line breaks; the parser requires the space after a phrase itself)",
		       v->str);
		return NULL;
	}
	for (i = 0; i < pv->count; i++) {
		if (same_phrase(pv->items[i].text, v->str)) {
			if (imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "duplicate-phrase", ld->file, v->line,
					  v->col, "'%s' is listed twice in the %s (first at %s:%u:%u)", v->str,
					  list_names[list], pv->items[i].file, pv->items[i].line,
					  pv->items[i].col) < 0)
				ld->nomem = 1;
			else
				imr_diags_relate(ld->diags, pv->items[i].line, pv->items[i].col);
			ld->errors++;
			return NULL;
		}
	}
	items = pv->items;
	if (imr__grow(&items, &pv->cap, pv->count + 1, sizeof(imr_lphrase)) < 0) {
		ld->nomem = 1;
		return NULL;
	}
	pv->items = items;
	text = imr__arena_strndup(&ld->lay->arena, v->str, v->len);
	if (!text) {
		ld->nomem = 1;
		return NULL;
	}
	/* tabs in a phrase are spaces too */
	for (i = 0; i < v->len; i++)
		if (text[i] == '\t')
			text[i] = ' ';
	p = &pv->items[pv->count++];
	memset(p, 0, sizeof(*p));
	p->text = text;
	p->len = v->len;
	p->value = value;
	p->layout = -1;
	p->file = ld->file;
	p->line = v->line;
	p->col = v->col;
	return p;
}

/* A heading: {text, role, layout, inline}. */
static void load_heading(lload *ld, const imr_ynode *h)
{
	static const char *const keys[] = { "text", "role", "layout", "inline" };
	const imr_ynode *text, *role, *layout, *inl;
	int r = -1, lay = -1, is_inline = 0;
	imr_lphrase *p;
	if (h->kind != IMR_Y_MAP) {
		err_at(ld, "wrong-type", h, "a heading must be a mapping with 'text' and 'role', found %s",
		       imr__ynode_describe(h));
		return;
	}
	unknown_keys(ld, h, "a heading", keys, 4);
	text = imr__ymap_get(h, "text", NULL);
	role = imr__ymap_get(h, "role", NULL);
	if (!text)
		err_at(ld, "missing-key", h, "a heading is missing required key 'text'");
	if (!role)
		err_at(ld, "missing-key", h, "a heading is missing required key 'role'");
	else
		r = pick(ld, role, "role", role_names, IMR_LROLE_COUNT);
	if ((layout = imr__ymap_get(h, "layout", NULL)) != NULL)
		lay = pick(ld, layout, "layout", layout_names, 3);
	if ((inl = imr__ymap_get(h, "inline", NULL)) != NULL && imr__ynode_as_bool(inl, &is_inline) < 0)
		err_at(ld, "wrong-type", inl, "'inline' must be true or false, found %s", imr__ynode_describe(inl));
	if (!text || r < 0 || (layout && lay < 0))
		return;
	p = add_phrase(ld, IMR_LL_HEADINGS, r, text);
	if (p) {
		p->layout = lay;
		p->is_inline = is_inline;
	}
}

/* An opener: text, or {text, outcome}. */
static void load_opener(lload *ld, const imr_ynode *o)
{
	static const char *const keys[] = { "text", "outcome" };
	const imr_ynode *text, *outcome;
	int out = IMR_LOUT_NONE;
	if (o->kind != IMR_Y_MAP) {
		add_phrase(ld, IMR_LL_OPENERS, IMR_LOUT_NONE, o);
		return;
	}
	unknown_keys(ld, o, "an opener", keys, 2);
	text = imr__ymap_get(o, "text", NULL);
	if (!text) {
		err_at(ld, "missing-key", o, "an opener is missing required key 'text'");
		return;
	}
	if ((outcome = imr__ymap_get(o, "outcome", NULL)) != NULL &&
	    (out = pick(ld, outcome, "outcome", outcome_names, 2)) < 0)
		return;
	add_phrase(ld, IMR_LL_OPENERS, out, text);
}

static void load_list(lload *ld, const spec *sp, const imr_ynode *v)
{
	size_t i;
	if (v->kind != IMR_Y_SEQ) {
		err_at(ld, "wrong-type", v, "'%s' must be a list, found %s", sp->key, imr__ynode_describe(v));
		return;
	}
	for (i = 0; i < v->count && !ld->nomem; i++) {
		if (sp->list == IMR_LL_HEADINGS)
			load_heading(ld, v->kids[i]);
		else if (sp->list == IMR_LL_OPENERS)
			load_opener(ld, v->kids[i]);
		else
			add_phrase(ld, sp->list, sp->value, v->kids[i]);
	}
}

/* The keys of @p map in the order the file writes them, so that "first
 * at" in a message is the earlier place. */
static void load_map(lload *ld, const spec *keys, size_t n, const imr_ynode *map, const char *what)
{
	const char *names[32] = { NULL };
	size_t i, j;
	if (map->kind != IMR_Y_MAP) {
		err_at(ld, "wrong-type", map, "'%s' must be a mapping, found %s", what,
		       imr__ynode_describe(map));
		return;
	}
	for (j = 0; j < n && j < 32; j++)
		names[j] = keys[j].key;
	unknown_keys(ld, map, what[0] == '<' ? "a letter-layout file" : what, names, n);
	for (i = 0; i < map->count && !ld->nomem; i++) {
		const imr_ynode *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
		for (j = 0; j < n; j++) {
			if (strcmp(k->str, keys[j].key) != 0 || keys[j].list == -2)
				continue;
			if (keys[j].list >= 0)
				load_list(ld, &keys[j], v);
			else
				load_map(ld, keys[j].kids, keys[j].nkids, v, keys[j].key);
		}
	}
}

static void check_text_key(lload *ld, const imr_ynode *root, const char *key)
{
	const imr_ynode *v = imr__ymap_get(root, key, NULL);
	if (v && (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v) || !v->len))
		err_at(ld, "wrong-type", v, "'%s' must be text, found %s", key, imr__ynode_describe(v));
}

/* What the parser cannot do without, checked over every file together. */
static void check_complete(lload *ld, const imr_ynode *root)
{
	static const struct {
		int list, value;
		const char *what;
	} need[] = {
		{ IMR_LL_HEADINGS, IMR_LROLE_SUMMARY, "a heading of role 'summary'" },
		{ IMR_LL_FIELD_LABELS, IMR_IF_RAT, "an item field label for the rationale (items: fields: rationale)" },
		{ IMR_LL_DECISION_WORDS, IMR_LOUT_UPHELD, "a decision word for upheld (decisions: upheld: words)" },
		{ IMR_LL_DECISION_WORDS, IMR_LOUT_OVERTURNED, "a decision word for overturned (decisions: overturned: words)" },
		{ IMR_LL_DECISION_PHRASES, IMR_LOUT_UPHELD, "a decision phrase for upheld (decisions: upheld: phrases)" },
		{ IMR_LL_DECISION_PHRASES, IMR_LOUT_OVERTURNED, "a decision phrase for overturned (decisions: overturned: phrases)" },
	};
	size_t k, i;
	for (k = 0; k < sizeof(need) / sizeof(need[0]); k++) {
		const pvec *pv = &ld->lists[need[k].list];
		int found = 0;
		for (i = 0; i < pv->count && !found; i++)
			found = pv->items[i].value == need[k].value;
		if (!found)
			err_at(ld, "missing-key", root, "the letter layout lacks %s", need[k].what);
	}
}

/* ---- public (internal) API ---- */

int imr__layout_load(imr_layout **out, const imr_layout_src *srcs, size_t count,
		     const imr_limits *limits, imr_diags *diags)
{
	lload ld;
	size_t i, k;
	int err = IMR_OK;

	*out = NULL;
	if (!count)
		return IMR_OK;
	memset(&ld, 0, sizeof(ld));
	ld.diags = diags;
	ld.max_len = limits && limits->pattern_bytes ? limits->pattern_bytes : IMR_LIMIT_PATTERN_BYTES;
	ld.lay = imr__calloc(1, sizeof(imr_layout));
	if (!ld.lay)
		return IMR_ENOMEM;
	for (i = 0; i < count && !ld.nomem; i++) {
		ld.file = srcs[i].file;
		load_map(&ld, top_keys, sizeof(top_keys) / sizeof(top_keys[0]), srcs[i].root,
			 "<a letter-layout file>");
		check_text_key(&ld, srcs[i].root, "name");
		check_text_key(&ld, srcs[i].root, "description");
	}
	if (!ld.nomem && !ld.errors) {
		ld.file = srcs[0].file;
		check_complete(&ld, srcs[0].root);
	}
	ld.lay->files = count;
	for (k = 0; k < IMR_LL_COUNT && !ld.nomem; k++) {
		imr_lphrases *l = &ld.lay->lists[k];
		imr_lphrase *arr = NULL;
		if (ld.lists[k].count) {
			arr = imr__arena_alloc(&ld.lay->arena, ld.lists[k].count * sizeof(imr_lphrase));
			if (!arr) {
				ld.nomem = 1;
				break;
			}
			memcpy(arr, ld.lists[k].items, ld.lists[k].count * sizeof(imr_lphrase));
		}
		l->items = arr;
		l->count = ld.lists[k].count;
		for (i = 0; i < l->count; i++)
			l->first[imr__lower((unsigned char)arr[i].text[0])] = 1;
	}
	for (k = 0; k < IMR_LL_COUNT; k++)
		imr__free(ld.lists[k].items);
	if (ld.nomem) {
		diags->oom = 1;
		err = IMR_ENOMEM;
	} else if (ld.errors) {
		err = IMR_EINVALID;
	}
	if (err < 0) {
		imr__layout_free(ld.lay);
		return err;
	}
	*out = ld.lay;
	return IMR_OK;
}

void imr__layout_free(imr_layout *layout)
{
	if (!layout)
		return;
	imr__arena_dispose(&layout->arena);
	imr__free(layout);
}

const imr_lphrases *imr__layout_list(const imr_layout *layout, imr_llist which)
{
	return &layout->lists[which];
}

int imr__layout_from_name(const char *name)
{
	size_t i;
	for (i = 0; i < 3; i++)
		if (strcmp(name, layout_names[i]) == 0)
			return (int)i;
	return -1;
}

/* ---- matching ---- */

const char *imr__layout_match_at(const char *s, const char *e, const char *lit)
{
	while (*lit) {
		if (*lit == ' ') {
			if (s >= e || !imr__is_space((unsigned char)*s))
				return NULL;
			while (s < e && imr__is_space((unsigned char)*s))
				s++;
			while (*lit == ' ')
				lit++;
			continue;
		}
		if (s >= e || imr__lower((unsigned char)*s) != imr__lower((unsigned char)*lit))
			return NULL;
		s++;
		lit++;
	}
	return s;
}

const char *imr__layout_find_lit(const char *s, const char *e, const char *lit)
{
	int c0 = imr__lower((unsigned char)lit[0]);
	for (; s < e; s++)
		if (imr__lower((unsigned char)*s) == c0 && imr__layout_match_at(s, e, lit))
			return s;
	return NULL;
}

/* Match @p lit backwards so that it ends at @p e; returns its start. */
static const char *match_back(const char *s, const char *e, const char *lit, size_t len)
{
	const char *l = lit + len;
	while (l > lit) {
		if (l[-1] == ' ') {
			if (e <= s || !imr__is_space((unsigned char)e[-1]))
				return NULL;
			while (e > s && imr__is_space((unsigned char)e[-1]))
				e--;
			while (l > lit && l[-1] == ' ')
				l--;
			continue;
		}
		if (e <= s || imr__lower((unsigned char)e[-1]) != imr__lower((unsigned char)l[-1]))
			return NULL;
		e--;
		l--;
	}
	return e;
}

const char *imr__layout_prefix(const imr_lphrases *list, const char *s, const char *e,
			       const imr_lphrase **which)
{
	const char *best = NULL;
	size_t i;
	int c0;
	*which = NULL;
	if (s >= e || !list->first[c0 = imr__lower((unsigned char)*s)])
		return NULL;
	for (i = 0; i < list->count; i++) {
		const char *m;
		int c = imr__lower((unsigned char)list->items[i].text[0]);
		/* only a phrase that can start here (a space in a phrase is any
		 * run of white space) */
		if (c != c0 && !(c == ' ' && imr__is_space(c0)))
			continue;
		m = imr__layout_match_at(s, e, list->items[i].text);
		if (m && (!best || m > best)) {
			best = m;
			*which = &list->items[i];
		}
	}
	return best;
}

const char *imr__layout_find(const imr_lphrases *list, const char *s, const char *e,
			     const char **end, const imr_lphrase **which)
{
	for (; s < e; s++) {
		const char *m;
		if (!list->first[imr__lower((unsigned char)*s)])
			continue; /* no phrase starts with this byte */
		m = imr__layout_prefix(list, s, e, which);
		if (m) {
			*end = m;
			return s;
		}
	}
	*which = NULL;
	return NULL;
}

const char *imr__layout_find_last(const imr_lphrases *list, const char *s, const char *e,
				  const char **end, const imr_lphrase **which)
{
	const char *q;
	for (q = e; q > s;) {
		const char *m;
		q--;
		if (!list->first[imr__lower((unsigned char)*q)])
			continue; /* no phrase starts with this byte */
		if ((m = imr__layout_prefix(list, q, e, which)) != NULL) {
			*end = m;
			return q;
		}
	}
	*which = NULL;
	return NULL;
}

int imr__layout_any(const imr_lphrases *list, const char *s, const char *e)
{
	const char *end;
	const imr_lphrase *which;
	return imr__layout_find(list, s, e, &end, &which) != NULL;
}

int imr__layout_suffix(const imr_lphrases *list, const char *s, const char *e, const char **start,
		       const imr_lphrase **which)
{
	size_t i;
	const char *best = NULL;
	*which = NULL;
	for (i = 0; i < list->count; i++) {
		const char *m = match_back(s, e, list->items[i].text, list->items[i].len);
		if (m && (!best || m < best)) {
			best = m;
			*which = &list->items[i];
		}
	}
	*start = best;
	return best != NULL;
}

const imr_lphrase *imr__layout_first(const imr_lphrases *list, int value)
{
	size_t i;
	for (i = 0; i < list->count; i++)
		if (list->items[i].value == value)
			return &list->items[i];
	return NULL;
}
