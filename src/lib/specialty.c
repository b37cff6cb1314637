/* specialty.c - specialties YAML -> folded keys; canonical names (specialty.h).
 *
 * Invariants: a loaded table is immutable; its keys are folded (fold())
 * and unique, sorted for bsearch(); a specialty's own name is one of its
 * keys. The C side knows no specialty: only how to fold text. */
#include "specialty.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"

typedef struct entry {
	char *key;                /* folded */
	const char *name;         /* what it stands for: one name, or "A, B" */
	const imr_ynode *at;      /* where it was given, while loading */
	const char *file;
} entry;

struct imr_specialties {
	entry *entries;
	size_t count, cap;
	char **minor;             /* folded words kept lower case */
	size_t nminor;
	char **names;             /* the canonical names, owned */
	size_t nnames, capnames;
};

/* ---- folding ---- */

static int is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* @p s[0..len) folded into @p out (cleared first): lower case, "&" as
 * "and", other ASCII punctuation and white space as single spaces, no
 * space at either end. Bytes beyond ASCII are kept as they are. */
static int fold(imr_buf *out, const char *s, size_t len)
{
	size_t i;
	int space = 0, err = 0;
	imr_buf_clear(out);
	err = imr_buf_puts(out, ""); /* a string even when empty */
	for (i = 0; i < len && !err; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '&') {
			err = imr_buf_puts(out, out->size ? " and" : "and");
			space = 1;
		} else if (!is_alnum(c)) {
			space = 1;
		} else {
			char lower = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			if (space && out->size)
				err = imr_buf_put(out, " ", 1);
			if (!err)
				err = imr_buf_put(out, &lower, 1);
			space = 0;
		}
	}
	return err;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static const entry *find(const imr_specialties *sp, const char *key)
{
	entry probe;
	if (!sp || !sp->count)
		return NULL;
	probe.key = (char *)(uintptr_t)key;
	return bsearch(&probe, sp->entries, sp->count, sizeof(entry), by_key);
}

static int is_minor(const imr_specialties *sp, const char *word, size_t len)
{
	size_t i;
	for (i = 0; sp && i < sp->nminor; i++)
		if (strlen(sp->minor[i]) == len && memcmp(sp->minor[i], word, len) == 0)
			return 1;
	return 0;
}

/* A folded part no entry knows, with each word capitalised but the minor
 * ones after the first. */
static int title_case(imr_buf *out, const imr_specialties *sp, const char *key)
{
	const char *p = key;
	int err = 0;
	while (*p && !err) {
		size_t n = strcspn(p, " ");
		char first = p[0];
		if (p != key && is_minor(sp, p, n))
			first = p[0];
		else if (first >= 'a' && first <= 'z')
			first = (char)(first - 'a' + 'A');
		err = imr_buf_put(out, &first, 1);
		if (!err)
			err = imr_buf_put(out, p + 1, n - 1);
		p += n;
		if (*p == ' ') {
			err = err ? err : imr_buf_put(out, " ", 1);
			p++;
		}
	}
	return err;
}

/* Whether ", " + @p name already stands in @p out (as a whole part). */
static int has_part(const imr_buf *out, const char *name)
{
	const char *s = out->size ? out->ptr : "";
	size_t n = strlen(name);
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == n && memcmp(s, name, n) == 0)
			return 1;
		s += len;
		while (*s == ',' || *s == ' ')
			s++;
	}
	return 0;
}

/* Append @p name (one name, or names joined by ", ") to @p out, each part
 * once. */
static int add_names(imr_buf *out, const char *name)
{
	int err = 0;
	while (*name && !err) {
		size_t len = strcspn(name, ",");
		char *part = imr__strndup(name, len);
		if (!part)
			return IMR_ENOMEM;
		if (!has_part(out, part)) {
			if (out->size)
				err = imr_buf_puts(out, ", ");
			if (!err)
				err = imr_buf_puts(out, part);
		}
		imr__free(part);
		name += len;
		while (*name == ',' || *name == ' ')
			name++;
	}
	return err;
}

int imr__specialty_canonical(imr_buf *out, const imr_specialties *sp, const char *stated)
{
	imr_buf key = IMR_BUF_INIT, name = IMR_BUF_INIT;
	const char *p = stated ? stated : "";
	int err = 0;

	imr_buf_clear(out);
	err = imr_buf_puts(out, "");
	while (*p && !err) {
		size_t len = strcspn(p, ",;");
		err = fold(&key, p, len);
		if (!err && key.size) {
			const entry *e = find(sp, key.ptr);
			imr_buf_clear(&name);
			err = e ? imr_buf_puts(&name, e->name) : title_case(&name, sp, key.ptr);
			if (!err)
				err = add_names(out, imr_buf_cstr(&name));
		}
		p += len;
		if (*p)
			p++;
	}
	imr_buf_dispose(&key);
	imr_buf_dispose(&name);
	return err;
}

/* ---- loading ---- */

typedef struct sload {
	imr_specialties *sp;
	imr_ycheck ck;
	size_t max_len;
	imr_buf key;
} sload;

/* A non-empty text of one line no longer than the limit, or NULL. */
static const char *text_of(sload *ld, const imr_ynode *v, const char *what)
{
	if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v)) {
		imr__ycheck_error(&ld->ck, "wrong-type", v, "%s must be text, found %s", what, imr__ynode_describe(v));
		return NULL;
	}
	if (strlen(v->str) != v->len || memchr(v->str, '\n', v->len) || v->len > ld->max_len) {
		imr__ycheck_error(&ld->ck, "bad-value", v, "%s must be one line of at most %zu bytes", what, ld->max_len);
		return NULL;
	}
	return v->str;
}

static const imr_ynode *seq_of(sload *ld, const imr_ynode *v, const char *what)
{
	if (v && v->kind != IMR_Y_SEQ) {
		imr__ycheck_error(&ld->ck, "wrong-type", v, "%s must be a list, found %s", what, imr__ynode_describe(v));
		return NULL;
	}
	return v;
}

/* A name the table keeps (canonical names and joins are owned by it). */
static const char *keep_name(sload *ld, const char *name)
{
	imr_specialties *sp = ld->sp;
	void *grown = sp->names;
	if (imr__grow(&grown, &sp->capnames, sp->nnames + 1, sizeof(char *)) < 0) {
		ld->ck.nomem = 1;
		return NULL;
	}
	sp->names = grown;
	if (!(sp->names[sp->nnames] = imr__strdup(name))) {
		ld->ck.nomem = 1;
		return NULL;
	}
	return sp->names[sp->nnames++];
}

/* Key @p text (at @p at) for @p name; a clash is reported after sorting. */
static void add_key(sload *ld, const imr_ynode *at, const char *text, const char *name)
{
	imr_specialties *sp = ld->sp;
	void *grown = sp->entries;
	if (fold(&ld->key, text, strlen(text)) < 0) {
		ld->ck.nomem = 1;
		return;
	}
	if (!ld->key.size) {
		imr__ycheck_error(&ld->ck, "bad-value", at, "'%s' has no letter or digit to match", text);
		return;
	}
	if (imr__grow(&grown, &sp->cap, sp->count + 1, sizeof(entry)) < 0) {
		ld->ck.nomem = 1;
		return;
	}
	sp->entries = grown;
	sp->entries[sp->count].key = imr__strdup(ld->key.ptr);
	if (!sp->entries[sp->count].key) {
		ld->ck.nomem = 1;
		return;
	}
	sp->entries[sp->count].name = name;
	sp->entries[sp->count].at = at;
	sp->entries[sp->count].file = ld->ck.file;
	sp->count++;
}

static void load_specialty(sload *ld, const imr_ynode *m)
{
	static const char *const keys[] = { "name", "variants" };
	const imr_ynode *v, *vars;
	const char *name;
	size_t i;

	if (m->kind != IMR_Y_MAP) {
		imr__ycheck_error(&ld->ck, "wrong-type", m, "a specialty must be a mapping with 'name', found %s",
		       imr__ynode_describe(m));
		return;
	}
	imr__ycheck_keys(&ld->ck, m, "a specialty", keys, 2);
	if (!(v = imr__ymap_get(m, "name", NULL))) {
		imr__ycheck_error(&ld->ck, "missing-key", m, "a specialty is missing required key 'name'");
		return;
	}
	if (!(name = text_of(ld, v, "'name'")))
		return;
	if (strchr(name, ',') || strchr(name, ';')) {
		imr__ycheck_error(&ld->ck, "bad-value", v, "a specialty's name cannot hold ',' or ';' (they separate specialties)");
		return;
	}
	if (!(name = keep_name(ld, name)))
		return;
	add_key(ld, v, name, name);
	vars = seq_of(ld, imr__ymap_get(m, "variants", NULL), "'variants'");
	for (i = 0; vars && i < vars->count; i++) {
		const char *t = text_of(ld, vars->kids[i], "a variant");
		if (!t)
			continue;
		if (strchr(t, ',') || strchr(t, ';'))
			imr__ycheck_error(&ld->ck, "bad-value", vars->kids[i],
			       "a variant cannot hold ',' or ';' (letters separate specialties with them)");
		else
			add_key(ld, vars->kids[i], t, name);
	}
}

/* One phrase that names several specialties ("Anesthesiology and Pain
 * Medicine"): every name must be a specialty of the file. */
static void load_joined(sload *ld, const imr_ynode *m, imr_buf *names)
{
	static const char *const keys[] = { "text", "names" };
	const imr_ynode *t, *list;
	const char *text, *name;
	size_t i;

	if (m->kind != IMR_Y_MAP) {
		imr__ycheck_error(&ld->ck, "wrong-type", m, "a joined entry must be a mapping with 'text' and 'names', found %s",
		       imr__ynode_describe(m));
		return;
	}
	imr__ycheck_keys(&ld->ck, m, "a joined entry", keys, 2);
	t = imr__ymap_get(m, "text", NULL);
	list = imr__ymap_get(m, "names", NULL);
	if (!t || !list) {
		imr__ycheck_error(&ld->ck, "missing-key", m, "a joined entry is missing required key '%s'", t ? "names" : "text");
		return;
	}
	if (!(text = text_of(ld, t, "'text'")) || !seq_of(ld, list, "'names'"))
		return;
	if (list->count < 2) {
		imr__ycheck_error(&ld->ck, "bad-value", list, "a joined entry names at least two specialties");
		return;
	}
	imr_buf_clear(names);
	for (i = 0; i < list->count; i++) {
		if (!(name = text_of(ld, list->kids[i], "a name")))
			return;
		if (strchr(name, ',') || strchr(name, ';')) {
			imr__ycheck_error(&ld->ck, "bad-value", list->kids[i], "a name cannot hold ',' or ';'");
			return;
		}
		if ((names->size && imr_buf_puts(names, ", ") < 0) || imr_buf_puts(names, name) < 0) {
			ld->ck.nomem = 1;
			return;
		}
	}
	if ((name = keep_name(ld, imr_buf_cstr(names))) != NULL)
		add_key(ld, t, text, name);
}

/* A name a joined entry gives must be the canonical name of a specialty. */
static void check_joined(sload *ld, const entry *e)
{
	const char *p = e->name;
	while (*p) {
		size_t len = strcspn(p, ",");
		size_t i;
		int known = 0;
		for (i = 0; i < ld->sp->count && !known; i++) {
			const char *n = ld->sp->entries[i].name;
			known = strlen(n) == len && memcmp(n, p, len) == 0;
		}
		if (!known) {
			ld->ck.file = e->file;
			imr__ycheck_error(&ld->ck, "unknown-specialty", e->at, "'%.*s' is not the name of a specialty of the file",
			       (int)len, p);
		}
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
}

static void load_file(sload *ld, const imr_specialty_src *src, imr_buf *names)
{
	static const char *const keys[] = { "kind", "name", "description", "minor_words", "specialties", "joined" };
	const imr_ynode *root = src->root, *list;
	size_t i;

	ld->ck.file = src->file;
	imr__ycheck_keys(&ld->ck, root, "a specialties file", keys, 6);
	if (!imr__ymap_get(root, "specialties", NULL))
		imr__ycheck_error(&ld->ck, "missing-key", root, "a specialties file is missing required key 'specialties'");
	list = seq_of(ld, imr__ymap_get(root, "minor_words", NULL), "'minor_words'");
	for (i = 0; list && i < list->count; i++) {
		const char *w = text_of(ld, list->kids[i], "a minor word");
		void *grown = ld->sp->minor;
		size_t cap = ld->sp->nminor;
		if (!w)
			continue;
		if (fold(&ld->key, w, strlen(w)) < 0 ||
		    imr__grow(&grown, &cap, ld->sp->nminor + 1, sizeof(char *)) < 0) {
			ld->ck.nomem = 1;
			return;
		}
		ld->sp->minor = grown;
		if (!ld->key.size || strchr(ld->key.ptr, ' ')) {
			imr__ycheck_error(&ld->ck, "bad-value", list->kids[i], "a minor word is one word");
			continue;
		}
		if (!(ld->sp->minor[ld->sp->nminor] = imr__strdup(ld->key.ptr))) {
			ld->ck.nomem = 1;
			return;
		}
		ld->sp->nminor++;
	}
	list = seq_of(ld, imr__ymap_get(root, "specialties", NULL), "'specialties'");
	for (i = 0; list && i < list->count && !ld->ck.nomem; i++)
		load_specialty(ld, list->kids[i]);
	list = seq_of(ld, imr__ymap_get(root, "joined", NULL), "'joined'");
	for (i = 0; list && i < list->count && !ld->ck.nomem; i++)
		load_joined(ld, list->kids[i], names);
}

int imr__specialty_load(imr_specialties **out, const imr_specialty_src *srcs, size_t n, const imr_limits *lim,
			imr_diags *diags)
{
	sload ld;
	imr_buf names = IMR_BUF_INIT;
	size_t i;

	*out = NULL;
	if (!n)
		return IMR_OK;
	memset(&ld, 0, sizeof(ld));
	ld.ck.diags = diags;
	ld.max_len = lim && lim->pattern_bytes ? lim->pattern_bytes : IMR_LIMIT_PATTERN_BYTES;
	ld.sp = imr__calloc(1, sizeof(imr_specialties));
	if (!ld.sp)
		return IMR_ENOMEM;
	for (i = 0; i < n && !ld.ck.nomem; i++)
		load_file(&ld, &srcs[i], &names);
	if (!ld.ck.nomem && ld.sp->count) {
		qsort(ld.sp->entries, ld.sp->count, sizeof(entry), by_key);
		for (i = 1; i < ld.sp->count; i++) {
			const entry *a = &ld.sp->entries[i - 1], *b = &ld.sp->entries[i];
			if (strcmp(a->key, b->key) != 0)
				continue;
			/* the later one in the files is the one to fix */
			if (a->file == b->file && (a->at->line > b->at->line ||
						   (a->at->line == b->at->line && a->at->col > b->at->col))) {
				const entry *t = a;
				a = b;
				b = t;
			}
			ld.ck.file = b->file;
			if (a->name == b->name)
				imr__ycheck_error(&ld.ck, "duplicate-variant", b->at, "'%s' matches what '%s' (%u:%u) already matches",
				       b->at->str, a->at->str, a->at->line, a->at->col);
			else
				imr__ycheck_error(&ld.ck, "duplicate-variant", b->at,
				       "'%s' matches what '%s' (%u:%u) already matches, for another specialty",
				       b->at->str, a->at->str, a->at->line, a->at->col);
		}
		for (i = 0; i < ld.sp->count; i++)
			if (strchr(ld.sp->entries[i].name, ','))
				check_joined(&ld, &ld.sp->entries[i]);
	}
	imr_buf_dispose(&names);
	imr_buf_dispose(&ld.key);
	for (i = 0; i < ld.sp->count; i++) {
		ld.sp->entries[i].at = NULL;
		ld.sp->entries[i].file = NULL;
	}
	if (ld.ck.nomem || ld.ck.errors) {
		imr__specialty_free(ld.sp);
		return ld.ck.nomem ? IMR_ENOMEM : IMR_EINVALID;
	}
	*out = ld.sp;
	return IMR_OK;
}

void imr__specialty_free(imr_specialties *sp)
{
	size_t i;
	if (!sp)
		return;
	for (i = 0; i < sp->count; i++)
		imr__free(sp->entries[i].key);
	for (i = 0; i < sp->nminor; i++)
		imr__free(sp->minor[i]);
	for (i = 0; i < sp->nnames; i++)
		imr__free(sp->names[i]);
	imr__free(sp->entries);
	imr__free(sp->minor);
	imr__free(sp->names);
	imr__free(sp);
}
