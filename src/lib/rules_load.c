/* rules_load.c - rule files -> validated imr_rules.
 *
 * Loading runs in phases so that later phases can resolve names declared
 * by earlier ones, whatever the file order: parse every file; enums; fact
 * definitions; derived facts; precedence; rules with their test cases;
 * lexicons. Each phase reports every problem it finds and carries on with
 * the parts that are still well-formed, so one run shows every error of
 * every file. A rule set with errors is never returned (YARA's compiler
 * model): *out stays NULL and the status is IMR_EINVALID. */
#include "imrcheck/rules.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "expr.h"
#include "factsio.h"
#include "fileio.h"
#include "imrcheck/date.h"
#include "letter_layout.h"
#include "specialty.h"
#include "drugs.h"
#include "lexicon.h"
#include "mute_internal.h"
#include "demand.h"
#include "eval_internal.h"
#include "model.h"
#include "strutil.h"
#include "walk.h"
#include "wordfreq.h"

/* ---- loader state ---- */

typedef struct srcfile {
	char *path;     /* as opened; used in diagnostics */
	char *rel;      /* relative to the loaded root, for the digest */
	char *data;
	size_t len;
	imr_ydoc *doc;
	const char *kind;
} srcfile;

typedef struct loader {
	imr_rules *rules;
	imr_diags *diags;
	imr_limits lim;
	srcfile *files;
	size_t nfiles, capfiles;
	const char *file;  /* file being processed */
	int errors;
	int hard;          /* IMR_ENOMEM seen: stop */
	int io, limit;     /* a file could not be read / was over a limit */
	imr_facts *scratch; /* a test case's facts are read here, then packed */
} loader;

static void lerr(loader *ld, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void lerr(loader *ld, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(ld->diags, IMR_SEVERITY_ERROR, code, ld->file, at ? at->line : 0,
			   at ? at->col : 0, fmt, ap) < 0)
		ld->hard = IMR_ENOMEM;
	va_end(ap);
	ld->errors++;
}

static void lwarn(loader *ld, const char *code, const imr_ynode *at, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void lwarn(loader *ld, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(ld->diags, IMR_SEVERITY_WARNING, code, ld->file, at ? at->line : 0,
			   at ? at->col : 0, fmt, ap) < 0)
		ld->hard = IMR_ENOMEM;
	va_end(ap);
}

static void oom(loader *ld)
{
	ld->hard = IMR_ENOMEM;
	ld->diags->oom = 1;
}

/* ---- schema helpers ---- */

typedef struct keyspec {
	const char *name;
	int required;
} keyspec;

static void check_keys(loader *ld, const imr_ynode *map, const char *what, const keyspec *keys,
		       size_t n)
{
	const char *names[32];
	size_t i, j;

	for (j = 0; j < n && j < 32; j++)
		names[j] = keys[j].name;
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		int known = 0;
		for (j = 0; j < n; j++)
			known |= strcmp(k->str, keys[j].name) == 0;
		if (!known) {
			const char *best = imr__suggest(k->str, names, n);
			if (best)
				lerr(ld, "unknown-key", k, "unknown key '%s' in %s (did you mean '%s'?)", k->str,
				     what, best);
			else
				lerr(ld, "unknown-key", k, "unknown key '%s' in %s", k->str, what);
		}
	}
	for (j = 0; j < n; j++)
		if (keys[j].required && !imr__ymap_get(map, keys[j].name, NULL))
			lerr(ld, "missing-key", map, "%s is missing required key '%s'", what, keys[j].name);
}

/* A scalar text value; NULL (and a diagnostic) when of the wrong shape.
 * Missing keys return NULL silently: check_keys reports those. */
static char *get_text(loader *ld, const imr_ynode *map, const char *key)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	char *copy;
	if (!v)
		return NULL;
	if (v->kind != IMR_Y_SCALAR || imr__ynode_is_null(v) || !v->len) {
		lerr(ld, "wrong-type", v, "'%s' must be text, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	copy = imr__strndup(v->str, v->len);
	if (!copy)
		oom(ld);
	return copy;
}

static char *get_ident(loader *ld, const imr_ynode *map, const char *key)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	char *s = get_text(ld, map, key);
	if (s && !imr__is_identifier(s, strlen(s))) {
		lerr(ld, "bad-id", v, "'%s' is not a valid identifier (letters, digits, _ - . starting with a letter)",
		     s);
		imr__free(s);
		return NULL;
	}
	return s;
}

static int get_bool(loader *ld, const imr_ynode *map, const char *key, int dflt)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	int flag;
	if (!v)
		return dflt;
	if (imr__ynode_as_bool(v, &flag) < 0) {
		lerr(ld, "wrong-type", v, "'%s' must be true or false, found %s", key, imr__ynode_describe(v));
		return dflt;
	}
	return flag;
}

static int get_date(loader *ld, const imr_ynode *map, const char *key, int32_t *out)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (!v)
		return 0;
	if (v->kind != IMR_Y_SCALAR || imr_date_parse(out, v->str, v->len) < 0) {
		if (v->kind == IMR_Y_SCALAR)
			lerr(ld, "bad-date", v, "invalid date '%s' for '%s' (%s)", v->str, key,
			     imr_date_problem(v->str, v->len));
		else
			lerr(ld, "wrong-type", v, "'%s' must be a date YYYY-MM-DD, found %s", key,
			     imr__ynode_describe(v));
		return 0;
	}
	return 1;
}

static const imr_ynode *get_map(loader *ld, const imr_ynode *map, const char *key)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (v && v->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", v, "'%s' must be a mapping, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	return v;
}

static const imr_ynode *get_seq(loader *ld, const imr_ynode *map, const char *key)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (v && v->kind != IMR_Y_SEQ) {
		lerr(ld, "wrong-type", v, "'%s' must be a list, found %s", key, imr__ynode_describe(v));
		return NULL;
	}
	return v;
}

static int parse_expr(loader *ld, imr_expr **out, const imr_ynode *node, int allow,
		      const char *context)
{
	imr_expr_parser p;
	int err;
	memset(&p, 0, sizeof(p));
	p.rules = ld->rules;
	p.file = ld->file;
	p.diags = ld->diags;
	p.max_depth = ld->lim.expr_depth;
	p.allow = allow;
	p.context = context;
	err = imr__expr_parse(out, node, &p);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err == IMR_ELIMIT)
		ld->errors++;
	else if (err < 0 && !p.errors)
		ld->errors++;
	ld->errors += p.errors;
	if (ld->diags->oom)
		ld->hard = IMR_ENOMEM;
	return err;
}

/* ---- files ---- */

static int ends_with_yaml(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int add_file(loader *ld, const char *path, const char *rel)
{
	void *files = ld->files;
	srcfile *f;
	if (imr__grow(&files, &ld->capfiles, ld->nfiles + 1, sizeof(srcfile)) < 0)
		return IMR_ENOMEM;
	ld->files = files;
	f = &ld->files[ld->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = imr__strdup(path);
	f->rel = imr__strdup(rel);
	if (!f->path || !f->rel) {
		imr__free(f->path);
		imr__free(f->rel);
		return IMR_ENOMEM;
	}
	ld->nfiles++;
	return IMR_OK;
}

/* One item of the walk (walk.h): a rule file to read, or a problem with
 * a path (a FIFO, a broken link, a loop, the depth limit) reported at it. */
static int on_walk_item(void *ctx, const imr__walk_item *it)
{
	loader *ld = ctx;
	if (!it->error)
		return add_file(ld, it->path, it->rel);
	if (imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, it->code, it->path, 0, 0, "%s", it->error) < 0)
		return IMR_ENOMEM;
	ld->errors++;
	if (strcmp(it->code, "limit") == 0)
		ld->limit = 1;
	else
		ld->io = 1;
	return IMR_OK;
}

/* An in-memory file, size-checked as imr__file_read() checks a file. */
static int add_buffer(loader *ld, const char *name, const char *data, size_t len)
{
	srcfile *f;
	if (len > ld->lim.yaml_file_bytes) {
		imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "limit", name, 0, 0,
			      "file is larger than the limit of %zu bytes", ld->lim.yaml_file_bytes);
		ld->errors++;
		ld->limit = 1;
		return IMR_OK;
	}
	if (add_file(ld, name, name) < 0)
		return IMR_ENOMEM;
	f = &ld->files[ld->nfiles - 1];
	if (!(f->data = imr__malloc(len + 1)))
		return IMR_ENOMEM;
	if (len)
		memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	return IMR_OK;
}

/* Every *.yaml (and *.yml) file below @p paths, in walk order (walk.h):
 * directories in byte order of their names, each directory and file read
 * once however many links lead to it, links back into a directory being
 * read refused as loops. A path named directly is taken whatever its name.
 * Problems are reported and the rest collected; only IMR_ENOMEM stops. */
static int collect(loader *ld, const char *const *paths, size_t count)
{
	imr__walker w;
	size_t i;
	int err = IMR_OK;
	imr__walker_init(&w, ld->lim.dir_depth);
	for (i = 0; i < count && err == IMR_OK; i++)
		err = imr__walk(&w, paths[i], ends_with_yaml, on_walk_item, ld);
	imr__walker_dispose(&w);
	return err == IMR_ENOMEM ? err : IMR_OK;
}

static const char *const kinds[] = { "vocabulary", "precedence", "rule", "lexicon", "context",
				      "letter-layout", "drugs", "audit-mute",
				      "specialties", "word-frequency" };
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))
/* positions in kinds[]: a file's kind is the very pointer kinds[K_...] */
enum { K_VOCABULARY, K_PRECEDENCE, K_RULE, K_LEXICON, K_CONTEXT, K_LAYOUT, K_DRUGS, K_MUTE, K_SPECIALTIES,
       K_WORDFREQ };

static void parse_files(loader *ld)
{
	size_t i;
	for (i = 0; i < ld->nfiles && !ld->hard; i++) {
		srcfile *f = &ld->files[i];
		const imr_ynode *root, *kind;
		int err;
		ld->file = f->path;
		err = f->data ? IMR_OK /* in memory (add_buffer) */
			      : imr__file_read_regular(&f->data, &f->len, f->path, ld->lim.yaml_file_bytes,
						       ld->diags);
		if (err == IMR_ENOMEM) {
			oom(ld);
			return;
		}
		if (err < 0) {
			ld->errors++;
			ld->io |= err == IMR_EIO;
			ld->limit |= err == IMR_ELIMIT;
			continue;
		}
		err = imr__yaml_parse(&f->doc, f->path, f->data, f->len, &ld->lim, ld->diags);
		if (err == IMR_ENOMEM) {
			oom(ld);
			return;
		}
		if (err < 0) {
			ld->errors++;
			ld->limit |= err == IMR_ELIMIT;
			continue;
		}
		root = imr__ydoc_root(f->doc);
		if (!root) {
			lerr(ld, "empty-file", NULL, "file is empty; expected a mapping with 'kind'");
			continue;
		}
		if (root->kind != IMR_Y_MAP) {
			lerr(ld, "wrong-type", root, "expected a mapping with 'kind' at the top, found %s",
			     imr__ynode_describe(root));
			continue;
		}
		kind = imr__ymap_get(root, "kind", NULL);
		if (!kind) {
			lerr(ld, "missing-key", root,
			     "missing 'kind' (one of vocabulary, precedence, rule, lexicon, context, letter-layout, drugs, "
			     "audit-mute, specialties, word-frequency)");
			continue;
		}
		for (size_t k = 0; k < NKINDS; k++)
			if (kind->kind == IMR_Y_SCALAR && strcmp(kind->str, kinds[k]) == 0)
				f->kind = kinds[k];
		if (!f->kind) {
			const char *best = kind->kind == IMR_Y_SCALAR ? imr__suggest(kind->str, kinds, NKINDS) : NULL;
			if (best)
				lerr(ld, "unknown-kind", kind, "unknown kind '%s' (did you mean '%s'?)", kind->str, best);
			else
				lerr(ld, "unknown-kind", kind,
				     "unknown kind %s%s%s (expected vocabulary, precedence, rule, lexicon, context, "
				     "letter-layout, drugs, audit-mute, specialties or word-frequency)",
				     kind->kind == IMR_Y_SCALAR ? "'" : "",
				     kind->kind == IMR_Y_SCALAR ? kind->str : imr__ynode_describe(kind),
				     kind->kind == IMR_Y_SCALAR ? "'" : "");
		}
	}
}

/* ---- vocabulary: enums ---- */

static const keyspec vocab_keys[] = { { "kind", 1 }, { "enums", 0 }, { "facts", 0 } };
static const keyspec enum_keys[] = { { "description", 1 }, { "values", 1 } };
static const keyspec member_keys[] = { { "description", 1 }, { "associated", 0 },
				       { "gives_primary", 0 }, { "family", 0 } };

static void load_enum(loader *ld, const imr_ynode *knode, const imr_ynode *def)
{
	imr_rules *r = ld->rules;
	imr_enum *en;
	const imr_ynode *values;
	size_t i;
	int prev;

	if (!imr__is_identifier(knode->str, knode->len)) {
		lerr(ld, "bad-id", knode, "'%s' is not a valid enum name", knode->str);
		return;
	}
	prev = imr__vocab_enum(r, knode->str, knode->len);
	if (prev >= 0) {
		lerr(ld, "duplicate-id", knode, "enum '%s' is already defined at %s:%u:%u", knode->str,
		     r->enums[prev].file, r->enums[prev].line, r->enums[prev].col);
		return;
	}
	if (def->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", def, "enum '%s' must be a mapping with description and values, found %s",
		     knode->str, imr__ynode_describe(def));
		return;
	}
	check_keys(ld, def, "an enum", enum_keys, 2);
	values = get_map(ld, def, "values");
	if (!values)
		return;
	if (values->count > 65535) {
		lerr(ld, "limit", values, "enum '%s' has more than 65535 values", knode->str);
		return;
	}
	en = &r->enums[r->nenums];
	memset(en, 0, sizeof(*en));
	en->name = imr__strdup(knode->str);
	en->description = get_text(ld, def, "description");
	en->members = imr__calloc(values->count + 1, sizeof(char *));
	en->member_descriptions = imr__calloc(values->count + 1, sizeof(char *));
	en->associated = imr__calloc(values->count + 1, 1);
	en->family = imr__calloc(values->count + 1, sizeof(char *));
	en->file = ld->file;
	en->line = knode->line;
	en->col = knode->col;
	r->nenums++;
	if (!en->name || !en->members || !en->member_descriptions || !en->associated || !en->family) {
		oom(ld);
		return;
	}
	for (i = 0; i < values->count; i++) {
		const imr_ynode *mk = values->kids[2 * i], *mv = values->kids[2 * i + 1];
		if (!imr__is_identifier(mk->str, mk->len)) {
			lerr(ld, "bad-id", mk, "'%s' is not a valid enum value (letters, digits, _ - . starting with a letter)",
			     mk->str);
			continue;
		}
		if (mv->kind == IMR_Y_MAP) {
			check_keys(ld, mv, "an enum value", member_keys, 4);
			en->member_descriptions[en->count] = get_text(ld, mv, "description");
			en->family[en->count] = get_ident(ld, mv, "family");
			en->associated[en->count] = (unsigned char)get_bool(ld, mv, "associated", 0);
		} else if (mv->kind == IMR_Y_SCALAR && mv->len && !imr__ynode_is_null(mv)) {
			en->member_descriptions[en->count] = imr__strdup(mv->str);
		} else {
			lerr(ld, "wrong-type", mv, "enum value '%s' needs a description, found %s", mk->str,
			     imr__ynode_describe(mv));
			continue;
		}
		if (!(en->members[en->count] = imr__strdup(mk->str))) {
			oom(ld);
			return;
		}
		en->count++;
	}
}

static void load_enums(loader *ld)
{
	size_t i, j, total = 0;
	for (i = 0; i < ld->nfiles; i++) {
		const imr_ynode *enums;
		if (ld->files[i].kind != kinds[K_VOCABULARY])
			continue;
		enums = imr__ymap_get(imr__ydoc_root(ld->files[i].doc), "enums", NULL);
		if (enums && enums->kind == IMR_Y_MAP)
			total += enums->count;
	}
	ld->rules->enums = imr__calloc(total + 1, sizeof(imr_enum));
	if (!ld->rules->enums) {
		oom(ld);
		return;
	}
	for (i = 0; i < ld->nfiles && !ld->hard; i++) {
		const imr_ynode *root, *enums;
		if (ld->files[i].kind != kinds[K_VOCABULARY])
			continue;
		ld->file = ld->files[i].path;
		root = imr__ydoc_root(ld->files[i].doc);
		check_keys(ld, root, "a vocabulary file", vocab_keys, 3);
		enums = get_map(ld, root, "enums");
		for (j = 0; enums && j < enums->count && !ld->hard; j++)
			load_enum(ld, enums->kids[2 * j], enums->kids[2 * j + 1]);
	}
}

/* ---- drug files ---- */

/* The drug files, after the enums (they check classes, forms and routes
 * against the vocabulary's enums and add the enums 'ingredient' and
 * 'drug') and before the facts (which may be of those enums). */
static void load_drugs(loader *ld)
{
	imr_lexsrc *src = imr__calloc(ld->nfiles + 1, sizeof(imr_lexsrc));
	size_t i, n = 0;
	int err;
	if (!src) {
		oom(ld);
		return;
	}
	for (i = 0; i < ld->nfiles; i++) {
		if (ld->files[i].kind != kinds[K_DRUGS])
			continue;
		src[n].file = ld->files[i].path;
		src[n++].root = imr__ydoc_root(ld->files[i].doc);
	}
	err = imr__drugs_load(ld->rules, src, n, ld->diags);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err < 0)
		ld->errors++;
	imr__free(src);
}

/* ---- vocabulary: facts ---- */

static int pick(loader *ld, const imr_ynode *v, const char *key, const char *const *names, size_t n);

static const keyspec fact_keys[] = { { "type", 1 },  { "description", 1 }, { "of", 0 },
				     { "unit", 0 },  { "min", 0 },         { "max", 0 },
				     { "derive", 0 }, { "finding", 0 }, { "compute", 0 },
				     { "describe", 0 } };
static const char *const type_names[] = { "boolean", "number", "date", "enum", "set" };

typedef struct pending_derive {
	const char *file;
	const imr_ynode *node;
	char *name;
	int compute;            /* node is a 'compute' rather than a 'derive' */
} pending_derive;

static int get_number(loader *ld, const imr_ynode *map, const char *key, double *out)
{
	const imr_ynode *v = imr__ymap_get(map, key, NULL);
	if (!v)
		return 0;
	if (imr__ynode_as_number(v, out) < 0) {
		lerr(ld, "wrong-type", v, "'%s' must be a number, found %s", key, imr__ynode_describe(v));
		return 0;
	}
	return 1;
}

static void load_fact(loader *ld, const imr_ynode *knode, const imr_ynode *def,
		      pending_derive *pend, size_t *npend)
{
	imr_rules *r = ld->rules;
	imr_factdef *fd;
	const imr_ynode *type = imr__ymap_get(def, "type", NULL);
	const imr_ynode *of = imr__ymap_get(def, "of", NULL);
	const imr_ynode *derive = imr__ymap_get(def, "derive", NULL);
	int t = -1;
	size_t i;

	if (!imr__is_identifier(knode->str, knode->len)) {
		lerr(ld, "bad-id", knode, "'%s' is not a valid fact name", knode->str);
		return;
	}
	if (def->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", def, "fact '%s' must be a mapping with type and description, found %s",
		     knode->str, imr__ynode_describe(def));
		return;
	}
	check_keys(ld, def, "a fact definition", fact_keys, 10);
	if (type) {
		for (i = 0; i < 5; i++)
			if (type->kind == IMR_Y_SCALAR && strcmp(type->str, type_names[i]) == 0)
				t = (int)i;
		if (t < 0) {
			const char *best = type->kind == IMR_Y_SCALAR ? imr__suggest(type->str, type_names, 5) : NULL;
			if (best)
				lerr(ld, "unknown-type", type, "unknown type '%s' (did you mean '%s'?)", type->str, best);
			else
				lerr(ld, "unknown-type", type,
				     "unknown type '%s' (expected boolean, number, date, enum or set)",
				     type->kind == IMR_Y_SCALAR ? type->str : imr__ynode_describe(type));
		}
	}
	if (t < 0)
		return;
	fd = &r->facts[r->nfacts];
	memset(fd, 0, sizeof(*fd));
	fd->enum_index = -1;
	fd->type = (imr_fact_type)t;
	fd->order = r->nfacts;
	fd->file = ld->file;
	fd->line = knode->line;
	fd->col = knode->col;
	if (!(fd->name = imr__strdup(knode->str))) {
		oom(ld);
		return;
	}
	fd->scope = imr__starts_with(fd->name, "request.") ? IMR_SCOPE_REQUEST
		    : imr__starts_with(fd->name, "primary.") ? IMR_SCOPE_PRIMARY : IMR_SCOPE_CASE;
	fd->description = get_text(ld, def, "description");
	fd->unit = get_text(ld, def, "unit");
	fd->has_min = get_number(ld, def, "min", &fd->min);
	fd->has_max = get_number(ld, def, "max", &fd->max);
	fd->describe = get_bool(ld, def, "describe", 0);
	{
		const imr_ynode *fv = imr__ymap_get(def, "finding", NULL);
		static const char *const kinds_of_finding[] = { "objective", "history" };
		if (fv) {
			int k = pick(ld, fv, "finding (objective or history)", kinds_of_finding, 2);
			fd->finding = k < 0 ? IMR_FINDING_KIND_NONE : k + 1;
		}
	}
	r->nfacts++;
	if ((fd->has_min || fd->has_max) && fd->type != IMR_TYPE_NUMBER)
		lerr(ld, "wrong-type", imr__ymap_get(def, fd->has_min ? "min" : "max", NULL),
		     "min and max apply to number facts only; '%s' is %s", fd->name,
		     imr__fact_type_phrase(fd->type));
	if (fd->has_min && fd->has_max && fd->min > fd->max)
		lerr(ld, "bad-value", imr__ymap_get(def, "min", NULL), "min %g is above max %g", fd->min,
		     fd->max);
	if (fd->type == IMR_TYPE_ENUM || fd->type == IMR_TYPE_SET) {
		if (!of)
			lerr(ld, "missing-key", def, "fact '%s' of type %s needs 'of: ENUM'", fd->name,
			     type_names[t]);
		else if (of->kind != IMR_Y_SCALAR ||
			 (fd->enum_index = imr__vocab_enum(r, of->str, of->len)) < 0) {
			const char *names[256];
			const char *best = NULL;
			size_t n;
			for (n = 0; n < r->nenums && n < 256; n++)
				names[n] = r->enums[n].name;
			if (of->kind == IMR_Y_SCALAR)
				best = imr__suggest(of->str, names, n);
			if (best)
				lerr(ld, "unknown-enum", of, "unknown enum '%s' (did you mean '%s'?)", of->str, best);
			else
				lerr(ld, "unknown-enum", of, "unknown enum '%s'",
				     of->kind == IMR_Y_SCALAR ? of->str : imr__ynode_describe(of));
		} else {
			fd->of = imr__strdup(of->str);
		}
	} else if (of) {
		lerr(ld, "wrong-type", of, "'of' applies to enum and set facts only; '%s' is %s", fd->name,
		     imr__fact_type_phrase((imr_fact_type)t));
	}
	if ((derive = imr__ymap_get(def, "compute", NULL))) {
		if (fd->type != IMR_TYPE_NUMBER) {
			lerr(ld, "wrong-type", derive, "only number facts can be computed; '%s' is %s",
			     fd->name, imr__fact_type_phrase((imr_fact_type)t));
		} else {
			pend[*npend].file = ld->file;
			pend[*npend].node = derive;
			pend[*npend].name = fd->name;
			pend[*npend].compute = 1;
			(*npend)++;
		}
	}
	derive = imr__ymap_get(def, "derive", NULL);
	if (derive) {
		if (fd->type != IMR_TYPE_BOOLEAN)
			lerr(ld, "wrong-type", derive, "only boolean facts can be derived; '%s' is %s",
			     fd->name, imr__fact_type_phrase((imr_fact_type)t));
		else if (fd->scope != IMR_SCOPE_CASE)
			lerr(ld, "wrong-scope", derive, "request and primary attributes cannot be derived");
		else {
			pend[*npend].file = ld->file;
			pend[*npend].node = derive;
			pend[*npend].name = fd->name;
			(*npend)++;
		}
	}
}

static int compare_factdef(const void *a, const void *b)
{
	return strcmp(((const imr_factdef *)a)->name, ((const imr_factdef *)b)->name);
}

/* Depth-first search for a cycle through derived facts. */
static int derive_cycle(const imr_rules *r, int fact, unsigned char *state)
{
	const imr_expr *stack[256];
	size_t sp = 0;
	if (state[fact] == 2)
		return 0;
	if (state[fact] == 1)
		return 1;
	state[fact] = 1;
	if (r->facts[fact].derive)
		stack[sp++] = r->facts[fact].derive;
	while (sp) {
		const imr_expr *e = stack[--sp];
		size_t i;
		if (e->kind == IMR_EX_ATOM) {
			if (r->facts[e->fact].derive && derive_cycle(r, e->fact, state))
				return 1;
			continue;
		}
		for (i = 0; i < e->nkids && sp < 256; i++)
			stack[sp++] = e->kids[i];
	}
	state[fact] = 2;
	return 0;
}

/* Depth-first search for a cycle through computed facts. */
static int compute_cycle(const imr_rules *r, int fact, unsigned char *state)
{
	size_t a, k;
	if (state[fact] == 2)
		return 0;
	if (state[fact] == 1)
		return 1;
	state[fact] = 1;
	for (a = 0; a < r->facts[fact].ncompute; a++)
		for (k = 0; k < r->facts[fact].compute[a].ninputs; k++)
			if (r->facts[fact].compute[a].inputs[k] >= 0 &&
			    compute_cycle(r, r->facts[fact].compute[a].inputs[k], state))
				return 1;
	state[fact] = 2;
	return 0;
}

/* One alternative of a 'compute': {product: [A, B, ...]}, {sum: [...]},
 * {difference: [A, B]} (A - B) or {quotient: [A, B]} (A / B), over number
 * facts of the computed fact's own scope and number constants. */
static void load_compute_form(loader *ld, imr_factdef *fd, const imr_ynode *form, imr_compute *out)
{
	static const char *const ops[] = { "product", "sum", "difference", "quotient" };
	const imr_ynode *list;
	size_t i;
	int op, facts = 0;
	if (form->kind != IMR_Y_MAP || form->count != 1) {
		lerr(ld, "bad-expression", form,
		     "a compute is a mapping with one key, product, sum, difference or quotient, and a list of number facts");
		return;
	}
	op = pick(ld, form->kids[0], "compute operation", ops, 4);
	list = form->kids[1];
	if (op < 0)
		return;
	if (list->kind != IMR_Y_SEQ || list->count < 2) {
		lerr(ld, "bad-expression", list, "'%s' needs a list of at least two number facts", ops[op]);
		return;
	}
	if (op >= IMR_COMPUTE_DIFFERENCE && list->count != 2) {
		lerr(ld, "bad-expression", list, "'%s' takes exactly two inputs, found %zu", ops[op], list->count);
		return;
	}
	out->op = (imr_compute_op)op;
	out->inputs = imr__calloc(list->count, sizeof(int));
	out->consts = imr__calloc(list->count, sizeof(double));
	if (!out->inputs || !out->consts) {
		oom(ld);
		return;
	}
	for (i = 0; i < list->count; i++) {
		const imr_ynode *n = list->kids[i];
		double k;
		int idx;
		/* a plain number is a constant ("x 100" for a percentage) */
		if (n->kind == IMR_Y_SCALAR && !n->quoted && imr__ynode_as_number(n, &k) == 0) {
			if (op == IMR_COMPUTE_QUOTIENT && i == 1 && k == 0) {
				lerr(ld, "out-of-range", n, "'%s' divides by zero", fd->name);
				continue;
			}
			out->inputs[out->ninputs] = -1;
			out->consts[out->ninputs++] = k;
			continue;
		}
		idx = n->kind == IMR_Y_SCALAR ? imr__vocab_fact(ld->rules, n->str, n->len) : -1;
		if (idx < 0) {
			lerr(ld, "unknown-fact", n, "unknown fact '%s' in compute of '%s'",
			     n->kind == IMR_Y_SCALAR ? n->str : imr__ynode_describe(n), fd->name);
			continue;
		}
		if (ld->rules->facts[idx].type != IMR_TYPE_NUMBER)
			lerr(ld, "wrong-type", n, "'%s' is computed from number facts only; '%s' is %s",
			     fd->name, n->str, imr__fact_type_phrase(ld->rules->facts[idx].type));
		else if (ld->rules->facts[idx].scope != fd->scope)
			lerr(ld, "wrong-scope", n, "'%s' is computed from facts of its own scope; '%s' is not",
			     fd->name, n->str);
		else {
			out->inputs[out->ninputs++] = idx;
			facts++;
		}
	}
	if (!facts && out->ninputs == list->count)
		lerr(ld, "bad-expression", list, "'%s' of '%s' has only constants", ops[op], fd->name);
}

/* compute: one form, or a list of forms tried in order. */
static void load_compute(loader *ld, imr_factdef *fd, const imr_ynode *node)
{
	size_t i, n = node->kind == IMR_Y_SEQ ? node->count : 1;
	if (!n) {
		lerr(ld, "bad-expression", node, "'compute' of '%s' is an empty list", fd->name);
		return;
	}
	if (!(fd->compute = imr__calloc(n, sizeof(imr_compute)))) {
		oom(ld);
		return;
	}
	for (i = 0; i < n; i++) {
		imr_compute *c = &fd->compute[fd->ncompute];
		load_compute_form(ld, fd, node->kind == IMR_Y_SEQ ? node->kids[i] : node, c);
		if (c->ninputs) {
			fd->ncompute++;
		} else {
			imr__free(c->inputs);
			imr__free(c->consts);
			c->inputs = NULL;
			c->consts = NULL;
		}
	}
}

typedef struct described {
	size_t order;
	int fact;
} described;

static int compare_described(const void *a, const void *b)
{
	size_t x = ((const described *)a)->order, y = ((const described *)b)->order;
	return (x > y) - (x < y);
}

/* The facts an item's description names (imr_rules.describe_order), in
 * the order they were declared, found once rather than per item. */
static void list_described(loader *ld)
{
	imr_rules *r = ld->rules;
	described *tmp = imr__calloc(r->nfacts + 1, sizeof(described));
	size_t i, n = 0;
	if (!tmp || !(r->describe_order = imr__calloc(r->nfacts + 1, sizeof(int)))) {
		imr__free(tmp);
		oom(ld);
		return;
	}
	for (i = 0; i < r->nfacts; i++) {
		if (!r->facts[i].describe)
			continue;
		tmp[n].order = r->facts[i].order;
		tmp[n++].fact = (int)i;
	}
	qsort(tmp, n, sizeof(described), compare_described);
	for (i = 0; i < n; i++)
		r->describe_order[i] = tmp[i].fact;
	r->ndescribe = n;
	imr__free(tmp);
}

static void load_facts(loader *ld)
{
	imr_rules *r = ld->rules;
	size_t i, j, total = 0, npend = 0;
	pending_derive *pend;
	unsigned char *state;

	for (i = 0; i < ld->nfiles; i++) {
		const imr_ynode *facts;
		if (ld->files[i].kind != kinds[K_VOCABULARY])
			continue;
		facts = imr__ymap_get(imr__ydoc_root(ld->files[i].doc), "facts", NULL);
		if (facts && facts->kind == IMR_Y_MAP)
			total += facts->count;
	}
	r->facts = imr__calloc(total + 1, sizeof(imr_factdef));
	pend = imr__calloc(2 * total + 1, sizeof(pending_derive));
	if (!r->facts || !pend) {
		imr__free(pend);
		oom(ld);
		return;
	}
	for (i = 0; i < ld->nfiles && !ld->hard; i++) {
		const imr_ynode *facts;
		if (ld->files[i].kind != kinds[K_VOCABULARY])
			continue;
		ld->file = ld->files[i].path;
		facts = get_map(ld, imr__ydoc_root(ld->files[i].doc), "facts");
		for (j = 0; facts && j < facts->count && !ld->hard; j++)
			load_fact(ld, facts->kids[2 * j], facts->kids[2 * j + 1], pend, &npend);
	}
	qsort(r->facts, r->nfacts, sizeof(imr_factdef), compare_factdef);
	list_described(ld);
	for (i = 1; i < r->nfacts; i++) {
		if (strcmp(r->facts[i - 1].name, r->facts[i].name) == 0) {
			const imr_factdef *a = &r->facts[i - 1], *b = &r->facts[i];
			/* report the later definition */
			const imr_factdef *later = a->order > b->order ? a : b;
			const imr_factdef *first = later == a ? b : a;
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "duplicate-id", later->file, later->line,
				      later->col, "fact '%s' is already defined at %s:%u:%u", later->name,
				      first->file, first->line, first->col);
			ld->errors++;
		}
	}
	if (ld->errors || ld->hard) {
		imr__free(pend);
		return;
	}
	for (i = 0; i < npend && !ld->hard; i++) {
		int idx = imr__vocab_fact(r, pend[i].name, strlen(pend[i].name));
		ld->file = pend[i].file;
		if (pend[i].compute)
			load_compute(ld, &r->facts[idx], pend[i].node);
		else
			parse_expr(ld, &r->facts[idx].derive, pend[i].node, IMR_ALLOW_CASE, "derive");
	}
	imr__free(pend);
	state = imr__calloc(r->nfacts + 1, 1);
	if (!state) {
		oom(ld);
		return;
	}
	for (i = 0; i < r->nfacts && !ld->errors; i++) {
		if (r->facts[i].ncompute && compute_cycle(r, (int)i, state)) {
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "derive-cycle", r->facts[i].file,
				      r->facts[i].line, r->facts[i].col,
				      "fact '%s' is computed from itself (through other computed facts)",
				      r->facts[i].name);
			ld->errors++;
		}
	}
	memset(state, 0, r->nfacts + 1);
	for (i = 0; i < r->nfacts; i++) {
		if (r->facts[i].derive && derive_cycle(r, (int)i, state)) {
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "derive-cycle", r->facts[i].file,
				      r->facts[i].line, r->facts[i].col,
				      "fact '%s' is derived from itself (through other derived facts)",
				      r->facts[i].name);
			ld->errors++;
			break;
		}
	}
	imr__free(state);
}

/* Procedure values may say what an associated item of that procedure tells
 * about its primary ("gives_primary: {guidance: fluoroscopy}": a separate
 * fluoroscopy line item means the injection is done under fluoroscopy).
 * Read once the facts are known: the keys are request attributes. */
static void load_gives_of(loader *ld, imr_enum *en, const imr_ynode *values)
{
	size_t i, m;
	for (i = 0; i < values->count; i++) {
		const imr_ynode *mk = values->kids[2 * i], *mv = values->kids[2 * i + 1];
		const imr_ynode *gives = mv->kind == IMR_Y_MAP ? imr__ymap_get(mv, "gives_primary", NULL) : NULL;
		if (!gives)
			continue;
		for (m = 0; m < en->count && strcmp(en->members[m], mk->str) != 0; m++)
			;
		if (m == en->count)
			continue; /* a rejected member, reported already */
		if (!en->gives && !(en->gives = imr__calloc(en->count + 1, sizeof(imr_facts *)))) {
			oom(ld);
			return;
		}
		if (gives->kind != IMR_Y_MAP) {
			lerr(ld, "wrong-type", gives, "'gives_primary' must be a mapping of request attributes, found %s",
			     imr__ynode_describe(gives));
			continue;
		}
		if (imr_facts_new(&en->gives[m], ld->rules) < 0) {
			oom(ld);
			return;
		}
		ld->errors += imr__facts_read_map(en->gives[m], gives, "request.", NULL, 0, ld->file, ld->diags);
		if (ld->diags->oom)
			oom(ld);
	}
}

static void load_gives(loader *ld)
{
	size_t i, j;
	for (i = 0; i < ld->nfiles && !ld->hard; i++) {
		const imr_ynode *enums;
		if (ld->files[i].kind != kinds[K_VOCABULARY])
			continue;
		ld->file = ld->files[i].path;
		enums = imr__ymap_get(imr__ydoc_root(ld->files[i].doc), "enums", NULL);
		for (j = 0; enums && enums->kind == IMR_Y_MAP && j < enums->count && !ld->hard; j++) {
			const imr_ynode *k = enums->kids[2 * j], *def = enums->kids[2 * j + 1];
			const imr_ynode *values = def->kind == IMR_Y_MAP ? imr__ymap_get(def, "values", NULL) : NULL;
			int e = imr__vocab_enum(ld->rules, k->str, k->len);
			if (e >= 0 && values && values->kind == IMR_Y_MAP)
				load_gives_of(ld, &ld->rules->enums[e], values);
		}
	}
}

typedef struct wellknown {
	const char *name;
	imr_fact_type type;
	int required;
	size_t offset;
} wellknown;

static void resolve_wellknown(loader *ld)
{
	static const wellknown wk[] = {
		{ "request.procedure", IMR_TYPE_ENUM, 1, offsetof(imr_rules, f_procedure) },
		{ "request.region", IMR_TYPE_ENUM, 0, offsetof(imr_rules, f_region) },
		{ "request.date", IMR_TYPE_DATE, 1, offsetof(imr_rules, f_date) },
		{ "request.levels", IMR_TYPE_SET, 0, offsetof(imr_rules, f_levels) },
		{ "request.level_count", IMR_TYPE_NUMBER, 0, offsetof(imr_rules, f_level_count) },
		{ "request.associated_with", IMR_TYPE_ENUM, 0, offsetof(imr_rules, f_associated_with) },
		{ "request.category", IMR_TYPE_ENUM, 0, offsetof(imr_rules, f_category) },
		{ "primary.medically_necessary", IMR_TYPE_BOOLEAN, 0, offsetof(imr_rules, f_primary_necessary) },
		{ "primary.procedure", IMR_TYPE_ENUM, 0, offsetof(imr_rules, f_primary_procedure) },
		{ "primary.purpose", IMR_TYPE_ENUM, 0, offsetof(imr_rules, f_primary_purpose) },
		{ "primary.region", IMR_TYPE_ENUM, 0, offsetof(imr_rules, f_primary_region) },
	};
	imr_rules *r = ld->rules;
	const char *first_vocab = NULL;
	size_t i;

	for (i = 0; i < ld->nfiles; i++)
		if (ld->files[i].kind == kinds[K_VOCABULARY] && !first_vocab)
			first_vocab = ld->files[i].path;
	for (i = 0; i < sizeof(wk) / sizeof(wk[0]); i++) {
		int idx = imr__vocab_fact(r, wk[i].name, strlen(wk[i].name));
		int *slot = (int *)(void *)((char *)r + wk[i].offset);
		if (idx >= 0 && r->facts[idx].type != wk[i].type) {
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "wrong-type", r->facts[idx].file,
				      r->facts[idx].line, r->facts[idx].col, "'%s' must be of type %s",
				      wk[i].name, imr__fact_type_name(wk[i].type));
			ld->errors++;
			idx = -1;
		}
		*slot = idx;
		if (idx < 0 && wk[i].required && (first_vocab || !r->nrules)) {
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "missing-fact", first_vocab, 0, 0,
				      "the vocabulary must declare '%s' (%s)", wk[i].name,
				      imr__fact_type_name(wk[i].type));
			ld->errors++;
		}
	}
	if (r->f_procedure >= 0 && r->f_primary_procedure >= 0 &&
	    r->facts[r->f_procedure].enum_index != r->facts[r->f_primary_procedure].enum_index) {
		const imr_factdef *fd = &r->facts[r->f_primary_procedure];
		imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "wrong-type", fd->file, fd->line, fd->col,
			      "'primary.procedure' must use the same enum as 'request.procedure'");
		ld->errors++;
	}
}

/* ---- precedence ---- */

static const keyspec prec_keys[] = { { "kind", 1 }, { "order", 1 }, { "unencoded", 0 } };
static const keyspec tier_keys[] = { { "guideline", 1 }, { "title", 1 }, { "basis", 1 } };
static const keyspec unenc_keys[] = { { "guideline", 1 }, { "title", 1 }, { "from", 0 },
				      { "to", 0 }, { "applies", 1 } };

static int find_tier(const imr_rules *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->ntiers; i++)
		if (strcmp(r->tiers[i].guideline, name) == 0)
			return (int)i;
	return -1;
}

static void tier_error(loader *ld, const imr_ynode *at, const char *name)
{
	const char *names[64];
	const char *best;
	size_t n;
	for (n = 0; n < ld->rules->ntiers && n < 64; n++)
		names[n] = ld->rules->tiers[n].guideline;
	best = imr__suggest(name, names, n);
	if (best)
		lerr(ld, "unknown-guideline", at, "unknown guideline '%s' (did you mean '%s'?)", name, best);
	else
		lerr(ld, "unknown-guideline", at, "guideline '%s' is not in the precedence order", name);
}

static void load_precedence(loader *ld)
{
	imr_rules *r = ld->rules;
	const srcfile *pf = NULL;
	const imr_ynode *root, *order, *unenc;
	size_t i;

	for (i = 0; i < ld->nfiles; i++) {
		if (ld->files[i].kind != kinds[K_PRECEDENCE])
			continue;
		if (pf) {
			ld->file = ld->files[i].path;
			lerr(ld, "duplicate-precedence", imr__ydoc_root(ld->files[i].doc),
			     "a rule set has one precedence file; %s is the first", pf->path);
			continue;
		}
		pf = &ld->files[i];
	}
	if (!pf) {
		if (ld->nfiles) {
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "missing-precedence", NULL, 0, 0,
				      "no file of kind 'precedence' among the rule files");
			ld->errors++;
		}
		return;
	}
	ld->file = pf->path;
	root = imr__ydoc_root(pf->doc);
	check_keys(ld, root, "the precedence file", prec_keys, 3);
	order = get_seq(ld, root, "order");
	if (!order)
		return;
	if (!order->count)
		lerr(ld, "bad-value", order, "'order' needs at least one guideline");
	r->tiers = imr__calloc(order->count + 1, sizeof(imr_tier));
	if (!r->tiers) {
		oom(ld);
		return;
	}
	for (i = 0; i < order->count; i++) {
		const imr_ynode *t = order->kids[i];
		imr_tier *tier = &r->tiers[r->ntiers];
		if (t->kind != IMR_Y_MAP) {
			lerr(ld, "wrong-type", t, "each entry of 'order' must be a mapping, found %s",
			     imr__ynode_describe(t));
			continue;
		}
		check_keys(ld, t, "a precedence entry", tier_keys, 3);
		tier->guideline = get_ident(ld, t, "guideline");
		tier->title = get_text(ld, t, "title");
		tier->basis = get_text(ld, t, "basis");
		if (!tier->guideline) {
			imr__free(tier->title);
			imr__free(tier->basis);
			continue;
		}
		if (find_tier(r, tier->guideline) >= 0) {
			lerr(ld, "duplicate-id", imr__ymap_get(t, "guideline", NULL),
			     "guideline '%s' appears twice in 'order'", tier->guideline);
			imr__free(tier->guideline);
			imr__free(tier->title);
			imr__free(tier->basis);
			continue;
		}
		r->ntiers++;
	}
	unenc = get_seq(ld, root, "unencoded");
	if (!unenc)
		return;
	r->unencoded = imr__calloc(unenc->count + 1, sizeof(imr_unencoded));
	if (!r->unencoded) {
		oom(ld);
		return;
	}
	for (i = 0; i < unenc->count && !ld->hard; i++) {
		const imr_ynode *u = unenc->kids[i], *applies;
		imr_unencoded *ue = &r->unencoded[r->nunencoded];
		if (u->kind != IMR_Y_MAP) {
			lerr(ld, "wrong-type", u, "each entry of 'unencoded' must be a mapping, found %s",
			     imr__ynode_describe(u));
			continue;
		}
		check_keys(ld, u, "an unencoded entry", unenc_keys, 5);
		ue->guideline = get_ident(ld, u, "guideline");
		ue->title = get_text(ld, u, "title");
		ue->has_from = get_date(ld, u, "from", &ue->from);
		ue->has_to = get_date(ld, u, "to", &ue->to);
		ue->tier = ue->guideline ? find_tier(r, ue->guideline) : -1;
		if (ue->guideline && ue->tier < 0)
			tier_error(ld, imr__ymap_get(u, "guideline", NULL), ue->guideline);
		applies = imr__ymap_get(u, "applies", NULL);
		if (applies)
			parse_expr(ld, &ue->applies, applies, IMR_ALLOW_REQUEST, "applies");
		r->nunencoded++;
	}
}

/* ---- rules ---- */

static const keyspec rule_keys[] = {
	{ "kind", 1 },	    { "id", 1 },	   { "title", 1 },    { "guideline", 1 },
	{ "citation", 1 },  { "effective", 0 },	   { "applies", 1 },  { "complete", 0 },
	{ "recommendation", 1 }, { "summary", 1 }, { "criteria", 0 }, { "tests", 0 }
};
static const keyspec cit_keys[] = { { "document", 1 }, { "chapter", 0 },    { "section", 0 },
				    { "pages", 0 },    { "confidence", 0 }, { "note", 0 } };
static const keyspec crit_cit_keys[] = { { "document", 0 }, { "chapter", 0 },    { "section", 0 },
					 { "pages", 0 },    { "confidence", 0 }, { "note", 0 } };
static const keyspec eff_keys[] = { { "from", 0 }, { "to", 0 } };
static const keyspec crit_keys[] = { { "id", 1 },     { "text", 1 },	{ "require", 1 },
				     { "when", 0 },   { "advice", 1 },	{ "if_undocumented", 0 },
				     { "contraindication", 0 }, { "citation", 0 }, { "role", 0 } };
static const keyspec test_keys[] = { { "name", 1 },    { "date", 0 },  { "request", 0 },
				     { "primary", 0 }, { "facts", 0 }, { "expect", 1 } };
static const keyspec expect_keys[] = { { "medically_necessary", 0 }, { "criteria", 0 } };
static const char *const rec_names[] = { "recommended", "conditional", "not_recommended" };
static const char *const undoc_names[] = { "not_documented", "met", "not_met" };
static const char *const role_names[] = { "decisive", "advisory" };
static const char *const status_names[] = { "met", "not_met", "not_documented", "not_applicable" };
static const char *const confidence_names[] = { "high", "medium", "low" };

static int pick(loader *ld, const imr_ynode *v, const char *key, const char *const *names, size_t n)
{
	size_t i;
	const char *best;
	if (v->kind == IMR_Y_SCALAR)
		for (i = 0; i < n; i++)
			if (strcmp(v->str, names[i]) == 0)
				return (int)i;
	best = v->kind == IMR_Y_SCALAR ? imr__suggest(v->str, names, n) : NULL;
	if (best)
		lerr(ld, "bad-value", v, "'%s' is not a valid %s (did you mean '%s'?)", v->str, key, best);
	else {
		imr_buf list = IMR_BUF_INIT;
		for (i = 0; i < n; i++)
			imr_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
		lerr(ld, "bad-value", v, "%s%s%s is not a valid %s (expected one of %s)",
		     v->kind == IMR_Y_SCALAR ? "'" : "", v->kind == IMR_Y_SCALAR ? v->str : imr__ynode_describe(v),
		     v->kind == IMR_Y_SCALAR ? "'" : "", key, imr_buf_cstr(&list));
		imr_buf_dispose(&list);
	}
	return -1;
}

static void load_citation(loader *ld, imr_cit *cit, const imr_ynode *node, int for_criterion)
{
	const imr_ynode *conf, *pages;
	if (node->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", node, "'citation' must be a mapping with document, chapter, section, pages, found %s",
		     imr__ynode_describe(node));
		return;
	}
	check_keys(ld, node, "a citation", for_criterion ? crit_cit_keys : cit_keys, 6);
	/* marks for the lint checks on citations */
	cit->line = node->line;
	cit->col = node->col;
	if ((pages = imr__ymap_get(node, "pages", NULL))) {
		cit->pages_line = pages->line;
		cit->pages_col = pages->col;
	}
	cit->document = get_text(ld, node, "document");
	cit->chapter = get_text(ld, node, "chapter");
	cit->section = get_text(ld, node, "section");
	cit->pages = get_text(ld, node, "pages");
	cit->note = get_text(ld, node, "note");
	conf = imr__ymap_get(node, "confidence", NULL);
	if (conf && pick(ld, conf, "confidence", confidence_names, 3) >= 0)
		cit->confidence = get_text(ld, node, "confidence");
}

/* Whether some criterion of @p rule can decide the service (an all-advisory
 * rule would find every request necessary, whatever the record says). */
static int has_decisive(const imr_rule *rule)
{
	size_t i;
	for (i = 0; i < rule->ncrits; i++)
		if (!rule->crits[i].advisory)
			return 1;
	return 0;
}

static void load_criterion(loader *ld, imr_rule *rule, const imr_ynode *node)
{
	imr_crit *c = &rule->crits[rule->ncrits];
	const imr_ynode *v;
	size_t i;

	if (node->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", node, "each criterion must be a mapping, found %s",
		     imr__ynode_describe(node));
		return;
	}
	memset(c, 0, sizeof(*c));
	c->line = node->line;
	c->col = node->col;
	check_keys(ld, node, "a criterion", crit_keys, 9);
	c->id = get_ident(ld, node, "id");
	c->text = get_text(ld, node, "text");
	c->advice = get_text(ld, node, "advice");
	c->contraindication = get_bool(ld, node, "contraindication", 0);
	if ((v = imr__ymap_get(node, "role", NULL))) {
		c->advisory = pick(ld, v, "role", role_names, 2) == 1;
		if (c->advisory && c->contraindication)
			lerr(ld, "bad-value", v,
			     "a contraindication decides the service, so its role cannot be advisory");
	}
	if ((v = imr__ymap_get(node, "if_undocumented", NULL))) {
		int u = pick(ld, v, "if_undocumented value", undoc_names, 3);
		c->if_undocumented = u < 0 ? IMR_UNDOC_NOT_DOCUMENTED : (imr_undoc)u;
	}
	if ((v = imr__ymap_get(node, "citation", NULL)))
		load_citation(ld, &c->cit, v, 1);
	if ((v = imr__ymap_get(node, "when", NULL)))
		parse_expr(ld, &c->when, v, IMR_ALLOW_ALL, "when");
	if ((v = imr__ymap_get(node, "require", NULL)))
		parse_expr(ld, &c->require, v, IMR_ALLOW_ALL, "require");
	if (!c->id) {
		/* keep the criterion (its other errors are reported) but unnamed */
		rule->ncrits++;
		return;
	}
	for (i = 0; i < rule->ncrits; i++) {
		if (rule->crits[i].id && strcmp(rule->crits[i].id, c->id) == 0) {
			lerr(ld, "duplicate-id", imr__ymap_get(node, "id", NULL),
			     "criterion '%s' is already defined in this rule at line %u", c->id,
			     rule->crits[i].line);
			imr_diags_relate(ld->diags, rule->crits[i].line, rule->crits[i].col);
			break;
		}
	}
	if (rule->id) {
		imr_buf full = IMR_BUF_INIT;
		if (imr_buf_printf(&full, "%s/%s", rule->id, c->id) < 0)
			oom(ld);
		c->full_id = imr_buf_detach(&full);
		if (!c->full_id)
			oom(ld);
	}
	rule->ncrits++;
}

static int find_crit(const imr_rule *rule, const char *id)
{
	size_t i;
	for (i = 0; i < rule->ncrits; i++)
		if (rule->crits[i].id && strcmp(rule->crits[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Read the mapping @p map of a test case into @p out, through the
 * loader's scratch set (one slot per vocabulary fact), which is left empty
 * for the next. */
static void read_test_facts(loader *ld, imr_fact_pack *out, const imr_ynode *map, const char *prefix)
{
	if (!ld->scratch && imr_facts_new(&ld->scratch, ld->rules) < 0) {
		oom(ld);
		return;
	}
	ld->errors += imr__facts_read_map(ld->scratch, map, prefix, NULL, 0, ld->file, ld->diags);
	if (imr__facts_pack(out, ld->scratch) < 0)
		oom(ld);
}

static void load_expect(loader *ld, imr_rule *rule, imr_rtest *t, const imr_ynode *ex)
{
	const imr_ynode *crits, *nec;
	size_t i;
	int flag;

	if (ex->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", ex, "'expect' must be a mapping, found %s", imr__ynode_describe(ex));
		return;
	}
	check_keys(ld, ex, "'expect'", expect_keys, 2);
	if ((nec = imr__ymap_get(ex, "medically_necessary", NULL))) {
		if (imr__ynode_as_bool(nec, &flag) < 0)
			lerr(ld, "wrong-type", nec, "'medically_necessary' must be true or false, found %s",
			     imr__ynode_describe(nec));
		else
			t->expect_necessary = flag;
	}
	crits = get_map(ld, ex, "criteria");
	if (!crits)
		return;
	t->expect = imr__calloc(crits->count + 1, sizeof(imr_expect));
	if (!t->expect) {
		oom(ld);
		return;
	}
	for (i = 0; i < crits->count; i++) {
		const imr_ynode *k = crits->kids[2 * i], *v = crits->kids[2 * i + 1];
		int ci = find_crit(rule, k->str), st;
		if (ci < 0) {
			const char *names[256];
			size_t n, m = 0;
			const char *best;
			for (n = 0; n < rule->ncrits && m < 256; n++)
				if (rule->crits[n].id)
					names[m++] = rule->crits[n].id;
			best = imr__suggest(k->str, names, m);
			if (best)
				lerr(ld, "unknown-criterion", k, "unknown criterion '%s' (did you mean '%s'?)", k->str, best);
			else
				lerr(ld, "unknown-criterion", k, "unknown criterion '%s' in this rule", k->str);
			continue;
		}
		st = pick(ld, v, "criterion status", status_names, 4);
		if (st < 0)
			continue;
		t->expect[t->nexpect].crit = (size_t)ci;
		t->expect[t->nexpect].status = st;
		t->expect[t->nexpect].line = k->line;
		t->expect[t->nexpect].col = k->col;
		t->nexpect++;
	}
}

static void load_test(loader *ld, imr_rule *rule, const imr_ynode *node)
{
	imr_rtest *t = &rule->tests[rule->ntests];
	const imr_ynode *v;
	size_t i;

	if (node->kind != IMR_Y_MAP) {
		lerr(ld, "wrong-type", node, "each test case must be a mapping, found %s",
		     imr__ynode_describe(node));
		return;
	}
	memset(t, 0, sizeof(*t));
	t->expect_necessary = -1;
	t->line = node->line;
	t->col = node->col;
	rule->ntests++;
	check_keys(ld, node, "a test case", test_keys, 6);
	t->name = get_text(ld, node, "name");
	if (!get_date(ld, node, "date", &t->date)) {
		if (rule->has_from)
			t->date = rule->from;
		else
			imr_date_from_ymd(&t->date, 2015, 1, 1);
	}
	if ((v = imr__ymap_get(node, "request", NULL)))
		read_test_facts(ld, &t->request, v, "request.");
	if ((v = imr__ymap_get(node, "primary", NULL)))
		read_test_facts(ld, &t->primary, v, "primary.");
	if ((v = imr__ymap_get(node, "facts", NULL)))
		read_test_facts(ld, &t->facts, v, NULL);
	if (ld->hard)
		return;
	if ((v = imr__ymap_get(node, "expect", NULL)))
		load_expect(ld, rule, t, v);
	if (ld->diags->oom)
		ld->hard = IMR_ENOMEM;
	for (i = 0; t->name && i + 1 < rule->ntests; i++) {
		if (rule->tests[i].name && strcmp(rule->tests[i].name, t->name) == 0) {
			lerr(ld, "duplicate-id", imr__ymap_get(node, "name", NULL),
			     "test case '%s' is already defined in this rule at line %u", t->name,
			     rule->tests[i].line);
			break;
		}
	}
}

static void load_rule(loader *ld, const srcfile *f)
{
	imr_rules *r = ld->rules;
	const imr_ynode *root = imr__ydoc_root(f->doc), *v, *crits, *tests;
	imr_rule *rule = &r->rules[r->nrules];
	size_t i;

	memset(rule, 0, sizeof(*rule));
	rule->file = f->path;
	rule->line = root->line;
	rule->col = root->col;
	rule->complete = 1;
	rule->tier = -1;
	r->nrules++;
	check_keys(ld, root, "a rule", rule_keys, 12);
	rule->id = get_ident(ld, root, "id");
	rule->title = get_text(ld, root, "title");
	rule->summary = get_text(ld, root, "summary");
	rule->guideline = get_text(ld, root, "guideline");
	if (rule->guideline && (rule->tier = find_tier(r, rule->guideline)) < 0 && r->ntiers)
		tier_error(ld, imr__ymap_get(root, "guideline", NULL), rule->guideline);
	if ((v = imr__ymap_get(root, "citation", NULL)))
		load_citation(ld, &rule->cit, v, 0);
	if ((v = get_map(ld, root, "effective"))) {
		rule->eff_line = v->line;
		rule->eff_col = v->col;
		check_keys(ld, v, "'effective'", eff_keys, 2);
		rule->has_from = get_date(ld, v, "from", &rule->from);
		rule->has_to = get_date(ld, v, "to", &rule->to);
		if (rule->has_from && rule->has_to && rule->from > rule->to)
			lerr(ld, "bad-date", imr__ymap_get(v, "to", NULL),
			     "'to' is before 'from': the rule would never be in effect");
	}
	if ((v = imr__ymap_get(root, "applies", NULL)))
		parse_expr(ld, &rule->applies, v, IMR_ALLOW_REQUEST | IMR_ALLOW_PRIMARY, "applies");
	rule->complete = get_bool(ld, root, "complete", 1);
	if ((v = imr__ymap_get(root, "recommendation", NULL))) {
		int rec = pick(ld, v, "recommendation", rec_names, 3);
		rule->rec = rec < 0 ? IMR_CONDITIONAL : (imr_recommendation)rec;
	}
	for (i = 0; rule->id && i + 1 < r->nrules; i++) {
		const imr_rule *other = &r->rules[i];
		if (other->id && strcmp(other->id, rule->id) == 0) {
			lerr(ld, "duplicate-id", imr__ymap_get(root, "id", NULL),
			     "rule '%s' is already defined in %s:%u:%u", rule->id, other->file, other->line,
			     other->col);
			break;
		}
	}
	crits = get_seq(ld, root, "criteria");
	if (crits) {
		rule->crits = imr__calloc(crits->count + 1, sizeof(imr_crit));
		if (!rule->crits) {
			oom(ld);
			return;
		}
		for (i = 0; i < crits->count && !ld->hard; i++)
			load_criterion(ld, rule, crits->kids[i]);
	}
	if (rule->rec == IMR_CONDITIONAL && crits && !crits->count)
		lerr(ld, "bad-value", crits, "a conditional rule needs at least one criterion");
	else if (crits && crits->count && !has_decisive(rule))
		lerr(ld, "no-decisive-criterion", crits,
		     "every criterion of rule '%s' is advisory: at least one must be decisive",
		     rule->id ? rule->id : "?");
	tests = get_seq(ld, root, "tests");
	if (tests) {
		rule->tests = imr__calloc(tests->count + 1, sizeof(imr_rtest));
		if (!rule->tests) {
			oom(ld);
			return;
		}
		for (i = 0; i < tests->count && !ld->hard; i++)
			load_test(ld, rule, tests->kids[i]);
	}
	if (!rule->ntests)
		lwarn(ld, "no-tests", root, "rule '%s' has no test cases", rule->id ? rule->id : "?");
}

/* What every evaluation of @p rule would otherwise format again: its
 * citations (each criterion's with what it inherits) and its dates. */
static void prepare_texts(loader *ld, imr_rule *rule)
{
	size_t i;
	if (imr__cit_format(&rule->cit.text, &rule->cit, NULL) < 0) {
		oom(ld);
		return;
	}
	for (i = 0; i < rule->ncrits; i++) {
		if (imr__cit_format(&rule->crits[i].cit.text, &rule->crits[i].cit, &rule->cit) < 0) {
			oom(ld);
			return;
		}
	}
	if (rule->has_from)
		imr_date_format(rule->from_text, rule->from);
	if (rule->has_to)
		imr_date_format(rule->to_text, rule->to);
}

static void load_rules(loader *ld)
{
	size_t i, n = 0;
	for (i = 0; i < ld->nfiles; i++)
		n += ld->files[i].kind == kinds[K_RULE];
	ld->rules->rules = imr__calloc(n + 1, sizeof(imr_rule));
	if (!ld->rules->rules) {
		oom(ld);
		return;
	}
	for (i = 0; i < ld->nfiles && !ld->hard; i++) {
		if (ld->files[i].kind != kinds[K_RULE])
			continue;
		ld->file = ld->files[i].path;
		load_rule(ld, &ld->files[i]);
	}
	for (i = 0; i < ld->rules->nrules && !ld->hard; i++)
		prepare_texts(ld, &ld->rules->rules[i]);
}

/* ---- lexicons and context ---- */

/* How often words occur in the text searched (wordfreq.h): read before the
 * patterns are compiled, since it weighs the choice of their atoms, and
 * freed after them. NULL when the rule set has no such file. */
static imr_wordfreq *load_word_frequency(loader *ld)
{
	imr_wordfreq_src *srcs = imr__calloc(ld->nfiles + 1, sizeof(imr_wordfreq_src));
	imr_wordfreq *wf = NULL;
	size_t i, n = 0;
	int err;
	if (!srcs) {
		oom(ld);
		return NULL;
	}
	for (i = 0; i < ld->nfiles; i++)
		if (ld->files[i].kind == kinds[K_WORDFREQ]) {
			srcs[n].file = ld->files[i].path;
			srcs[n].root = imr__ydoc_root(ld->files[i].doc);
			n++;
		}
	err = imr__wordfreq_load(&wf, srcs, n, ld->diags);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err < 0)
		ld->errors++;
	imr__free(srcs);
	return wf;
}

static void load_text_rules(loader *ld)
{
	/* room for the lexicons made from the drug files */
	imr_lexsrc *lex = imr__calloc(ld->nfiles + 3, sizeof(imr_lexsrc));
	imr_lexsrc *ctx = imr__calloc(ld->nfiles + 1, sizeof(imr_lexsrc));
	imr_wordfreq *words = NULL;
	size_t i, nlex = 0, nctx = 0, ngen = 0;
	int err;

	if (!lex || !ctx) {
		oom(ld);
		goto done;
	}
	for (i = 0; i < ld->nfiles; i++) {
		imr_lexsrc *dst = ld->files[i].kind == kinds[K_LEXICON] ? &lex[nlex++]
				  : ld->files[i].kind == kinds[K_CONTEXT] ? &ctx[nctx++] : NULL;
		if (!dst)
			continue;
		dst->file = ld->files[i].path;
		dst->root = imr__ydoc_root(ld->files[i].doc);
	}
	words = load_word_frequency(ld);
	if (ld->hard)
		goto done;
	err = imr__drugs_lexicons(ld->rules, &ld->lim, ld->diags, &lex[nlex], &ngen);
	if (err == IMR_ENOMEM) {
		oom(ld);
		goto done;
	}
	if (err < 0)
		ld->errors++;
	err = imr__lexicon_load_all(ld->rules, lex, nlex + ngen, words, &ld->lim, ld->diags);
	imr__drugs_lexicons_done(ld->rules);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err < 0)
		ld->errors++;
	err = imr__context_load(ld->rules, ctx, nctx, words, &ld->lim, ld->diags);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err < 0)
		ld->errors++;
	/* one automaton over the atoms of every pattern (prefilter.h) */
	if (!ld->hard && !ld->errors && (err = imr__lexicon_index(ld->rules)) < 0) {
		if (err == IMR_ENOMEM) {
			oom(ld);
		} else {
			imr_diags_add(ld->diags, IMR_SEVERITY_ERROR, "limit", NULL, 0, 0,
				      "the lexicon patterns hold more literal text than the prefilter can index");
			ld->limit = 1;
		}
	}
done:
	imr__wordfreq_free(words);
	imr__free(lex);
	imr__free(ctx);
}

/* ---- letter layout ---- */

/* The words of determination letters: independent of the vocabulary, so
 * they are checked even when the vocabulary has errors. */
static void load_letter_layout(loader *ld)
{
	imr_layout_src *srcs = imr__calloc(ld->nfiles + 1, sizeof(imr_layout_src));
	size_t i, n = 0;
	int err;
	if (!srcs) {
		oom(ld);
		return;
	}
	for (i = 0; i < ld->nfiles; i++) {
		if (ld->files[i].kind != kinds[K_LAYOUT])
			continue;
		srcs[n].file = ld->files[i].path;
		srcs[n].root = imr__ydoc_root(ld->files[i].doc);
		n++;
	}
	err = imr__layout_load(&ld->rules->layout, srcs, n, &ld->lim, ld->diags);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err < 0)
		ld->errors++;
	imr__free(srcs);
}

/* ---- mute files ---- */

/* The findings an audit leaves out (mute.h): rules/audit-mute.yaml. */
static void load_mutes(loader *ld)
{
	size_t i;
	for (i = 0; i < ld->nfiles && !ld->hard; i++) {
		const srcfile *f = &ld->files[i];
		int err;
		if (f->kind != kinds[K_MUTE] || !f->doc)
			continue;
		if (!ld->rules->mute && imr_mute_new(&ld->rules->mute) < 0) {
			oom(ld);
			return;
		}
		err = imr__mute_add_tree(ld->rules->mute, imr__ydoc_root(f->doc), f->path, &ld->lim, ld->diags);
		if (err == IMR_ENOMEM)
			oom(ld);
		else if (err < 0)
			ld->errors++;
	}
}

/* ---- reviewers' specialties ---- */

static void load_specialties(loader *ld)
{
	imr_specialty_src *srcs = imr__calloc(ld->nfiles + 1, sizeof(imr_specialty_src));
	size_t i, n = 0;
	int err;
	if (!srcs) {
		oom(ld);
		return;
	}
	for (i = 0; i < ld->nfiles; i++) {
		if (ld->files[i].kind != kinds[K_SPECIALTIES])
			continue;
		srcs[n].file = ld->files[i].path;
		srcs[n].root = imr__ydoc_root(ld->files[i].doc);
		n++;
	}
	err = imr__specialty_load(&ld->rules->specialties, srcs, n, &ld->lim, ld->diags);
	if (err == IMR_ENOMEM)
		oom(ld);
	else if (err < 0)
		ld->errors++;
	imr__free(srcs);
}

/* ---- digest ---- */

static void compute_digest(loader *ld)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;
	static const char hex[] = "0123456789abcdef";

	sha256_init(&ctx);
	for (i = 0; i < ld->nfiles; i++) {
		const srcfile *f = &ld->files[i];
		/* a mute file changes what an audit report leaves out, not what
		 * the rules decide, and a merge of shards applies its own */
		if (f->kind == kinds[K_MUTE])
			continue;
		sha256_update(&ctx, strlen(f->rel) + 1, (const uint8_t *)f->rel);
		if (f->data)
			sha256_update(&ctx, f->len, (const uint8_t *)f->data);
		sha256_update(&ctx, 1, (const uint8_t *)"");
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		ld->rules->digest[2 * i] = hex[digest[i] >> 4];
		ld->rules->digest[2 * i + 1] = hex[digest[i] & 15];
	}
	ld->rules->digest[64] = '\0';
}

/* ---- entry points ---- */

int imr_rules_load_paths(imr_rules **out, const char *const *paths, size_t count,
			 const imr_rules_options *opts, imr_diags *diags)
{
	return imr__rules_load_buffer(out, paths, count, NULL, NULL, 0, opts, diags);
}

int imr__rules_load_buffer(imr_rules **out, const char *const *paths, size_t count,
			   const char *name, const char *data, size_t len,
			   const imr_rules_options *opts, imr_diags *diags)
{
	loader ld;
	size_t i, errors_before = diags->errors;
	int errors_before_vocab;
	int err;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.diags = diags;
	ld.lim = imr_limits_resolve(opts ? opts->limits : NULL);
	ld.rules = imr__calloc(1, sizeof(imr_rules));
	if (!ld.rules)
		return IMR_ENOMEM;
	ld.rules->f_procedure = ld.rules->f_date = -1;
	if (collect(&ld, paths, count) == IMR_ENOMEM)
		oom(&ld);
	if (!ld.hard && name && add_buffer(&ld, name, data, len) == IMR_ENOMEM)
		oom(&ld);
	if (!ld.hard && !ld.nfiles && !ld.errors) {
		imr_diags_add(diags, IMR_SEVERITY_ERROR, "empty-rules", count ? paths[0] : NULL, 0, 0,
			      "no rule files (*.yaml) found");
		ld.errors++;
	}
	if (!ld.hard)
		parse_files(&ld);
	errors_before_vocab = ld.errors;
	if (!ld.hard)
		load_enums(&ld);
	if (!ld.hard)
		load_drugs(&ld);
	if (!ld.hard)
		load_facts(&ld);
	if (!ld.hard && ld.nfiles)
		resolve_wellknown(&ld);
	if (!ld.hard && ld.errors == errors_before_vocab)
		load_gives(&ld);
	if (!ld.hard && ld.errors == errors_before_vocab) {
		err = imr__drugs_bind(ld.rules, diags);
		if (err == IMR_ENOMEM)
			oom(&ld);
		else if (err < 0)
			ld.errors++;
	}
	/* Rules need a sound vocabulary; with vocabulary errors every rule
	 * would repeat them as unknown facts. Files that did not parse are
	 * skipped, and the others are still checked. */
	if (!ld.hard && ld.errors == errors_before_vocab) {
		load_precedence(&ld);
		if (!ld.hard)
			load_rules(&ld);
	}
	if (!ld.hard && ld.errors == errors_before_vocab)
		load_text_rules(&ld);
	if (!ld.hard)
		load_letter_layout(&ld);
	if (!ld.hard)
		load_mutes(&ld);
	if (!ld.hard)
		load_specialties(&ld);
	compute_digest(&ld);
	/* what the evaluator looks up, once the rule set is known to be sound */
	if (!ld.hard && !ld.errors && diags->errors == errors_before &&
	    (imr__eval_prepare(ld.rules) < 0 || imr__demand_prepare(ld.rules) < 0))
		oom(&ld);

	/* keep the file list; release the sources */
	ld.rules->files = imr__calloc(ld.nfiles + 1, sizeof(char *));
	if (!ld.rules->files)
		oom(&ld);
	for (i = 0; i < ld.nfiles; i++) {
		if (ld.rules->files) {
			ld.rules->files[i] = ld.files[i].path;
			ld.rules->nfiles++;
		} else {
			imr__free(ld.files[i].path);
		}
		imr__free(ld.files[i].rel);
		imr__free(ld.files[i].data);
		imr__ydoc_free(ld.files[i].doc);
	}
	imr__free(ld.files);
	imr_facts_free(ld.scratch);

	if (ld.hard)
		err = ld.hard;
	else if (ld.limit)
		err = IMR_ELIMIT;
	else if (ld.io)
		err = IMR_EIO;
	else
		err = ld.errors || diags->errors > errors_before ? IMR_EINVALID : IMR_OK;
	if (err < 0) {
		imr_rules_free(ld.rules);
		if (err == IMR_ENOMEM)
			diags->oom = 1;
		return err;
	}
	*out = ld.rules;
	return IMR_OK;
}

int imr_rules_load_dir(imr_rules **out, const char *dir, const imr_rules_options *opts,
		       imr_diags *diags)
{
	return imr_rules_load_paths(out, &dir, 1, opts, diags);
}
