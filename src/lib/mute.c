/* mute.c - mute files: which findings an audit leaves out.
 *
 * A mute file is read through the YAML tree (yamltree.h) and checked the
 * way the rule loader checks rule files: every problem is reported with
 * its file:line:column, and a file with an error adds nothing. An entry
 * keeps its phrase lower-cased with white space runs made one space, and
 * its regular expression compiled caseless, so that finding one is a few
 * substring searches or matches per finding. Matching copies nothing into
 * the set: it is read-only once filled and threads may share it. */
#include "imrcheck/mute.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "imrcheck/audit.h"
#include "imrcheck/buf.h"
#include "mute_internal.h"
#include "regex.h"
#include "strutil.h"
#include "yamltree.h"

typedef struct entry {
	imr_mute_entry pub;
	const char *folded;     /* the phrase lower-cased, or NULL */
	imr_regex *re;          /* the regex compiled, or NULL */
} entry;

struct imr_mute {
	imr_arena arena;
	entry *items;
	size_t count, cap;
};

/* ---- reading a file ---- */

typedef struct reader {
	imr_mute *m;
	const char *file;
	const imr_limits *lim;
	imr_diags *diags;
	entry *items;             /* this file's entries, added when it has no error */
	size_t count, cap;
	const imr_ynode **ids;    /* every id of this file, good entry or not */
	size_t nids, capids;
	int errors, nomem;
} reader;

#ifdef __GNUC__
__attribute__((format(printf, 4, 5)))
#endif
static void err_at(reader *rd, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(rd->diags, IMR_SEVERITY_ERROR, code, rd->file, at ? at->line : 0, at ? at->col : 0,
			   fmt, ap) < 0)
		rd->nomem = 1;
	va_end(ap);
	rd->errors++;
}

/* Keys of @p map outside @p known are errors (a misspelt key is never
 * ignored), and those of @p required must be there. */
static void check_keys(reader *rd, const imr_ynode *map, const char *what, const char *const *known, size_t n,
		       const char *const *required, size_t nreq)
{
	size_t i;
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		size_t j;
		for (j = 0; j < n && strcmp(k->str, known[j]) != 0; j++)
			;
		if (j < n)
			continue;
		{
			const char *best = imr__suggest(k->str, known, n);
			if (best)
				err_at(rd, "unknown-key", k, "unknown key '%s' in %s (did you mean '%s'?)", k->str, what, best);
			else
				err_at(rd, "unknown-key", k, "unknown key '%s' in %s", k->str, what);
		}
	}
	for (i = 0; i < nreq; i++)
		if (!imr__ymap_get(map, required[i], NULL))
			err_at(rd, "missing-key", map, "%s is missing required key '%s'", what, required[i]);
}

/* A non-empty text value of @p key, or NULL (with an error when it is
 * there but not text). */
static const char *text_of(reader *rd, const imr_ynode *map, const char *key, const imr_ynode **node)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	*node = v;
	if (!v)
		return NULL;
	if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v) || !v->len || strlen(v->str) != v->len) {
		err_at(rd, "wrong-type", v, "'%s' must be non-empty text, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	return v->str;
}

/* @p s lower-cased (ASCII), white space runs made one space, trimmed. */
static char *fold(imr_arena *arena, const char *s, size_t len)
{
	char *out = imr__arena_alloc(arena, len + 1);
	size_t i, n = 0;
	int space = 0;
	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = 0;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	return out;
}

/* Where @p id was given before (an earlier file's entry, or this file's,
 * good or not): 1 with *file, *line, *col set, or 0. */
static int id_taken(const reader *rd, const char *id, const char **file, unsigned *line, unsigned *col)
{
	size_t i;
	for (i = 0; i < rd->m->count; i++)
		if (rd->m->items[i].pub.id && strcmp(rd->m->items[i].pub.id, id) == 0) {
			*file = rd->m->items[i].pub.file;
			*line = rd->m->items[i].pub.line;
			*col = rd->m->items[i].pub.col;
			return 1;
		}
	for (i = 0; i < rd->nids; i++)
		if (strcmp(rd->ids[i]->str, id) == 0) {
			*file = rd->file;
			*line = rd->ids[i]->line;
			*col = rd->ids[i]->col;
			return 1;
		}
	return 0;
}

static void read_entry(reader *rd, const imr_ynode *node)
{
	static const char *const keys[] = { "id", "code", "phrase", "regex", "why" };
	static const char *const required[] = { "why" };
	imr_arena *arena = &rd->m->arena;
	const imr_ynode *n_id, *n_code, *n_phrase, *n_regex, *n_why;
	const char *id, *code, *phrase, *regex, *why;
	const char *first_file;
	unsigned first_line, first_col;
	int errors = rd->errors;
	entry e;

	if (node->kind != IMR_Y_MAP) {
		err_at(rd, "wrong-type", node, "a mute entry must be a mapping, found %s", imr__ynode_describe(node));
		return;
	}
	check_keys(rd, node, "a mute entry", keys, 5, required, 1);
	id = text_of(rd, node, "id", &n_id);
	code = text_of(rd, node, "code", &n_code);
	phrase = text_of(rd, node, "phrase", &n_phrase);
	regex = text_of(rd, node, "regex", &n_regex);
	why = text_of(rd, node, "why", &n_why);
	if (id && !imr__is_identifier(id, strlen(id)))
		err_at(rd, "bad-id", n_id, "mute id '%s' is not an identifier (ASCII letters, digits, '_', '-', '.')",
		       id);
	else if (id && id_taken(rd, id, &first_file, &first_line, &first_col)) {
		if (strcmp(first_file, rd->file) == 0) {
			err_at(rd, "duplicate-id", n_id, "mute id '%s' is defined twice (first at %u:%u)", id, first_line,
			       first_col);
			imr_diags_relate(rd->diags, first_line, first_col);
		} else {
			err_at(rd, "duplicate-id", n_id, "mute id '%s' is defined twice (first at %s:%u:%u)", id,
			       first_file, first_line, first_col);
		}
	}
	if (id) {
		void *grown = (void *)rd->ids;
		if (imr__grow(&grown, &rd->capids, rd->nids + 1, sizeof(*rd->ids)) < 0) {
			rd->nomem = 1;
			return;
		}
		rd->ids = grown;
		rd->ids[rd->nids++] = n_id;
	}
	if (code && !imr_finding_code_known(code)) {
		const char *codes[64];
		size_t i, n = imr_finding_code_count();
		const char *best;
		for (i = 0; i < n && i < 64; i++)
			codes[i] = imr_finding_code_at(i);
		best = imr__suggest(code, codes, i);
		if (best)
			err_at(rd, "unknown-finding-code", n_code, "unknown finding code '%s' (did you mean '%s'?)", code,
			       best);
		else
			err_at(rd, "unknown-finding-code", n_code, "unknown finding code '%s' (docs/audit.md lists them)",
			       code);
	}
	if (phrase && regex)
		err_at(rd, "bad-value", n_regex, "a mute entry has either 'phrase' (literal text) or 'regex', not both");
	if (!code && !phrase && !regex && !n_code && !n_phrase && !n_regex)
		err_at(rd, "mute-matches-everything", node,
		       "a mute entry needs a 'code', a 'phrase' or a 'regex': as it stands it would mute every finding");
	if (rd->errors != errors || rd->nomem)
		return;

	memset(&e, 0, sizeof(e));
	e.pub.id = imr__arena_strdup(arena, id);
	e.pub.file = imr__arena_strdup(arena, rd->file);
	e.pub.line = node->line;
	e.pub.col = node->col;
	e.pub.code = imr__arena_strdup(arena, code);
	e.pub.why = imr__arena_strdup(arena, why);
	if (phrase) {
		e.folded = fold(arena, phrase, strlen(phrase));
		e.pub.phrase = imr__arena_strdup(arena, phrase);
		if (e.folded && !*e.folded) {
			err_at(rd, "wrong-type", n_phrase, "'phrase' must hold more than white space");
			return;
		}
	}
	if (regex) {
		char msg[256];
		size_t off = 0;
		int err = imr__regex_compile(&e.re, regex, strlen(regex), IMR_REGEX_CASELESS, rd->lim, msg, sizeof(msg),
					     &off);
		if (err == IMR_ENOMEM) {
			rd->nomem = 1;
			return;
		}
		if (err < 0) {
			imr_diags_add(rd->diags, IMR_SEVERITY_ERROR, err == IMR_ELIMIT ? "limit" : "bad-regex", rd->file,
				      n_regex->line, imr__ynode_column(n_regex, off), "invalid pattern: %s at offset %zu",
				      msg, off);
			rd->errors++;
			return;
		}
		if (imr__regex_matches_empty(e.re)) {
			err_at(rd, "mute-matches-everything", n_regex,
			       "the regex matches the empty string, so it would mute every finding");
			imr__regex_free(e.re);
			return;
		}
		e.pub.regex = imr__arena_strdup(arena, regex);
	}
	if (arena->failed) {
		imr__regex_free(e.re);
		rd->nomem = 1;
		return;
	}
	{
		void *grown = rd->items;
		if (imr__grow(&grown, &rd->cap, rd->count + 1, sizeof(entry)) < 0) {
			imr__regex_free(e.re);
			rd->nomem = 1;
			return;
		}
		rd->items = grown;
		rd->items[rd->count++] = e;
	}
}

int imr__mute_add_tree(imr_mute *m, const imr_ynode *root, const char *file, const imr_limits *limits,
		       imr_diags *diags)
{
	static const char *const keys[] = { "kind", "description", "mute" };
	static const char *const required[] = { "kind", "mute" };
	imr_limits lim = imr_limits_resolve(limits);
	const imr_ynode *list, *kind;
	reader rd;
	size_t i;

	memset(&rd, 0, sizeof(rd));
	rd.m = m;
	rd.file = file;
	rd.lim = &lim;
	rd.diags = diags;
	if (!root) {
		err_at(&rd, "empty-file", NULL, "file is empty; expected a mapping with 'kind: audit-mute'");
	} else if (root->kind != IMR_Y_MAP) {
		err_at(&rd, "wrong-type", root, "expected a mapping with 'kind: audit-mute' at the top, found %s",
		       imr__ynode_describe(root));
	} else {
		check_keys(&rd, root, "a mute file", keys, 3, required, 2);
		kind = imr__ymap_get(root, "kind", NULL);
		if (kind && (kind->kind != IMR_Y_SCALAR || strcmp(kind->str, "audit-mute") != 0))
			err_at(&rd, "unknown-kind", kind, "a mute file has 'kind: audit-mute', found %s%s%s",
			       kind->kind == IMR_Y_SCALAR ? "'" : "",
			       kind->kind == IMR_Y_SCALAR ? kind->str : imr__ynode_describe(kind),
			       kind->kind == IMR_Y_SCALAR ? "'" : "");
		list = imr__ymap_get(root, "mute", NULL);
		if (list && list->kind != IMR_Y_SEQ && !imr__ynode_is_null(list))
			err_at(&rd, "wrong-type", list, "'mute' must be a list of entries, found %s",
			       imr__ynode_describe(list));
		else if (list && list->kind == IMR_Y_SEQ)
			for (i = 0; i < list->count && !rd.nomem; i++)
				read_entry(&rd, list->kids[i]);
	}
	if (!rd.nomem && !rd.errors && rd.count) {
		void *grown = m->items;
		if (imr__grow(&grown, &m->cap, m->count + rd.count, sizeof(entry)) < 0) {
			rd.nomem = 1;
		} else {
			m->items = grown;
			memcpy(m->items + m->count, rd.items, rd.count * sizeof(entry));
			m->count += rd.count;
			rd.count = 0;
		}
	}
	for (i = 0; i < rd.count; i++)
		imr__regex_free(rd.items[i].re);
	imr__free(rd.items);
	imr__free((void *)rd.ids);
	if (rd.nomem) {
		diags->oom = 1;
		return IMR_ENOMEM;
	}
	return rd.errors ? IMR_EINVALID : IMR_OK;
}

/* ---- public ---- */

int imr_mute_new(imr_mute **out)
{
	*out = imr__calloc(1, sizeof(imr_mute));
	return *out ? IMR_OK : IMR_ENOMEM;
}

int imr_mute_add_buffer(imr_mute *mute, const char *name, const char *data, size_t len, const imr_limits *limits,
			imr_diags *diags)
{
	imr_ydoc *doc = NULL;
	int err = imr__yaml_parse(&doc, name, data, len, limits, diags);
	if (err < 0)
		return err;
	err = imr__mute_add_tree(mute, imr__ydoc_root(doc), name, limits, diags);
	imr__ydoc_free(doc);
	return err;
}

int imr_mute_add_file(imr_mute *mute, const char *path, const imr_limits *limits, imr_diags *diags)
{
	imr_ydoc *doc = NULL;
	int err = imr__yaml_parse_file(&doc, path, limits, diags);
	if (err < 0)
		return err;
	err = imr__mute_add_tree(mute, imr__ydoc_root(doc), path, limits, diags);
	imr__ydoc_free(doc);
	return err;
}

size_t imr_mute_count(const imr_mute *mute)
{
	return mute ? mute->count : 0;
}

const imr_mute_entry *imr_mute_get(const imr_mute *mute, size_t index)
{
	return mute && index < mute->count ? &mute->items[index].pub : NULL;
}

/* ---- matching ---- */

/* Whether folded @p needle occurs in @p hay, compared lower-cased with
 * white space runs as one space. */
static int contains_folded(const char *hay, const char *needle)
{
	const char *h;
	if (!hay)
		return 0;
	for (h = hay; *h; h++) {
		const char *a = h, *b = needle;
		while (*b) {
			if (isspace((unsigned char)*a) && *b == ' ') {
				while (isspace((unsigned char)*a))
					a++;
				b++;
				continue;
			}
			if (!*a || tolower((unsigned char)*a) != *b)
				break;
			a++;
			b++;
		}
		if (!*b)
			return 1;
	}
	return 0;
}

static int regex_in(imr_matcher *mt, const imr_regex *re, const char *s)
{
	size_t ovec[2];
	if (!s)
		return 0;
	return imr__regex_find(mt, re, s, strlen(s), 0, ovec, 2) == 1;
}

long imr__mute_find(const imr_mute *mute, imr_matcher *mt, const char *code, const char *message,
		    const char *evidence)
{
	size_t i;
	for (i = 0; mute && i < mute->count; i++) {
		const entry *e = &mute->items[i];
		if (e->pub.code && (!code || strcmp(e->pub.code, code) != 0))
			continue;
		if (e->folded && !contains_folded(message, e->folded) && !contains_folded(evidence, e->folded))
			continue;
		if (e->re && !regex_in(mt, e->re, message) && !regex_in(mt, e->re, evidence))
			continue;
		return (long)i;
	}
	return -1;
}

long imr_mute_find(const imr_mute *mute, const char *code, const char *message, const char *evidence)
{
	imr_matcher *mt = NULL;
	long found;
	if (!mute || !mute->count)
		return -1;
	if (imr__matcher_new(&mt, NULL) < 0)
		return -1;
	found = imr__mute_find(mute, mt, code, message, evidence);
	imr__matcher_free(mt);
	return found;
}

void imr_mute_free(imr_mute *mute)
{
	size_t i;
	if (!mute)
		return;
	for (i = 0; i < mute->count; i++)
		imr__regex_free(mute->items[i].re);
	imr__free(mute->items);
	imr__arena_dispose(&mute->arena);
	imr__free(mute);
}
