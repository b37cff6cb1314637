/* yamltree.c - libyaml event stream -> marked node tree, with safety rules.
 *
 * The tree is built on an explicit stack (never recursion), so a hostile
 * document can only reach the configured depth. Children are collected in
 * per-level growable arrays and copied into the arena when their
 * collection ends. Duplicate keys are found when a mapping ends, by sorting
 * key indices, so a mapping of n keys costs O(n log n). */
#include "yamltree.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "alloc.h"
#include "arena.h"
#include "strutil.h"
#include "fileio.h"

/* ---- the document ---- */

struct imr_ydoc {
	imr_arena arena;   /* every node and string of the tree */
	imr_ynode *root;
	char *file;
};

static void *arena_alloc(imr_ydoc *doc, size_t size)
{
	return imr__arena_alloc(&doc->arena, size);
}

void imr__ydoc_free(imr_ydoc *doc)
{
	if (!doc)
		return;
	imr__arena_dispose(&doc->arena);
	imr__free(doc->file);
	imr__free(doc);
}

const imr_ynode *imr__ydoc_root(const imr_ydoc *doc)
{
	return doc->root;
}

const char *imr__ydoc_file(const imr_ydoc *doc)
{
	return doc->file;
}

/* ---- builder ---- */

typedef struct level {
	imr_ynode *node;     /* collection being filled */
	imr_ynode **kids;    /* temporary child array */
	size_t count, cap;
} level;

typedef struct builder {
	imr_ydoc *doc;
	const char *file;
	const unsigned char *data;  /* the input, to locate reader errors */
	size_t len;
	imr_diags *diags;
	imr_limits limits;
	level *stack;
	size_t depth, cap;
	size_t nodes;
	int errors;          /* safety-rule errors seen; parsing continues */
	int status;          /* first hard failure (limit, memory) */
} builder;

static void error_at(builder *b, const char *code, const yaml_mark_t *mark, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Whether one more safety-rule error may be reported at @p line:@p col.
 * Past limits.yaml_errors the document is given up (IMR_ELIMIT): an alias
 * bomb has one error per alias, and listing a million of them helps no one. */
static int room_for_error(builder *b, unsigned line, unsigned col)
{
	if ((unsigned)b->errors < b->limits.yaml_errors)
		return 1;
	if (!b->status) {
		imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-limit", b->file, line, col,
			      "more than %u errors; the rest of the file was not read",
			      b->limits.yaml_errors);
		b->status = IMR_ELIMIT;
	}
	return 0;
}

static void error_at(builder *b, const char *code, const yaml_mark_t *mark, const char *fmt, ...)
{
	va_list ap;
	if (!room_for_error(b, (unsigned)mark->line + 1, (unsigned)mark->column + 1))
		return;
	va_start(ap, fmt);
	if (imr_diags_vadd(b->diags, IMR_SEVERITY_ERROR, code, b->file, (unsigned)mark->line + 1,
			   (unsigned)mark->column + 1, fmt, ap) < 0)
		b->status = IMR_ENOMEM;
	va_end(ap);
	b->errors++;
}

static imr_ynode *new_node(builder *b, imr_ykind kind, const yaml_mark_t *mark)
{
	imr_ynode *node;
	if (++b->nodes > b->limits.yaml_nodes) {
		if (!b->status) {
			imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-limit", b->file,
				      (unsigned)mark->line + 1, (unsigned)mark->column + 1,
				      "document has more than %u nodes", b->limits.yaml_nodes);
			b->status = IMR_ELIMIT;
		}
		return NULL;
	}
	node = arena_alloc(b->doc, sizeof(*node));
	if (!node) {
		b->status = IMR_ENOMEM;
		return NULL;
	}
	memset(node, 0, sizeof(*node));
	node->kind = kind;
	node->line = (unsigned)mark->line + 1;
	node->col = (unsigned)mark->column + 1;
	return node;
}

static int add_child(builder *b, imr_ynode *node)
{
	level *top;
	void *kids;
	if (!b->depth) {
		b->doc->root = node;
		return 0;
	}
	top = &b->stack[b->depth - 1];
	kids = top->kids;
	if (imr__grow(&kids, &top->cap, top->count + 1, sizeof(imr_ynode *)) < 0) {
		b->status = IMR_ENOMEM;
		return -1;
	}
	top->kids = kids;
	top->kids[top->count++] = node;
	return 0;
}

static int push(builder *b, imr_ynode *node, const yaml_mark_t *mark)
{
	void *stack = b->stack;
	if (b->depth >= b->limits.yaml_depth) {
		imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-limit", b->file,
			      (unsigned)mark->line + 1, (unsigned)mark->column + 1,
			      "nesting deeper than %u levels", b->limits.yaml_depth);
		b->status = IMR_ELIMIT;
		return -1;
	}
	if (add_child(b, node) < 0)
		return -1;
	if (imr__grow(&stack, &b->cap, b->depth + 1, sizeof(level)) < 0) {
		b->status = IMR_ENOMEM;
		return -1;
	}
	b->stack = stack;
	memset(&b->stack[b->depth], 0, sizeof(level));
	b->stack[b->depth++].node = node;
	return 0;
}

static const char *key_text(const imr_ynode *key)
{
	return key->kind == IMR_Y_SCALAR ? key->str : "";
}

/* qsort() has no context argument; several threads may parse at once. */
static _Thread_local const imr_ynode *const *sort_keys;

static int compare_key_index(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const imr_ynode *ka = sort_keys[2 * a], *kb = sort_keys[2 * b];
	int cmp;
	if (ka->len != kb->len)
		return ka->len < kb->len ? -1 : 1;
	cmp = memcmp(key_text(ka), key_text(kb), ka->len);
	if (cmp)
		return cmp;
	return a < b ? -1 : a > b;
}

/* Report each key that repeats an earlier key of the same mapping. */
static void check_duplicate_keys(builder *b, imr_ynode *map)
{
	size_t i, *order;
	if (map->count < 2)
		return;
	order = imr__malloc(map->count * sizeof(size_t));
	if (!order) {
		b->status = IMR_ENOMEM;
		return;
	}
	for (i = 0; i < map->count; i++)
		order[i] = i;
	sort_keys = (const imr_ynode *const *)map->kids;
	qsort(order, map->count, sizeof(size_t), compare_key_index);
	for (i = 1; i < map->count; i++) {
		const imr_ynode *prev = map->kids[2 * order[i - 1]];
		const imr_ynode *key = map->kids[2 * order[i]];
		/* non-scalar keys are reported on their own by pop() */
		if (prev->kind != IMR_Y_SCALAR || key->kind != IMR_Y_SCALAR)
			continue;
		if (prev->len == key->len && memcmp(prev->str, key->str, key->len) == 0) {
			if (!room_for_error(b, key->line, key->col))
				break;
			imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "duplicate-key", b->file,
				      key->line, key->col, "duplicate key '%s'", key->str);
			imr_diags_relate(b->diags, prev->line, prev->col);
			b->errors++;
		}
	}
	imr__free(order);
}

static int pop(builder *b, const yaml_mark_t *mark)
{
	level *top = &b->stack[b->depth - 1];
	imr_ynode *node = top->node;
	size_t n = top->count;

	node->end_line = (unsigned)mark->line + 1;
	node->kids = arena_alloc(b->doc, (n ? n : 1) * sizeof(imr_ynode *));
	if (!node->kids) {
		b->status = IMR_ENOMEM;
		return -1;
	}
	if (n)
		memcpy(node->kids, top->kids, n * sizeof(imr_ynode *));
	node->count = node->kind == IMR_Y_MAP ? n / 2 : n;
	imr__free(top->kids);
	top->kids = NULL;
	b->depth--;
	if (node->kind == IMR_Y_MAP) {
		size_t i;
		for (i = 0; i < node->count; i++) {
			const imr_ynode *key = node->kids[2 * i];
			if (key->kind != IMR_Y_SCALAR) {
				if (!room_for_error(b, key->line, key->col))
					break;
				imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-syntax", b->file,
					      key->line, key->col, "mapping keys must be scalars");
				b->errors++;
			}
		}
		check_duplicate_keys(b, node);
	}
	return 0;
}

static int in_key_position(const builder *b)
{
	return b->depth && b->stack[b->depth - 1].node->kind == IMR_Y_MAP &&
	       b->stack[b->depth - 1].count % 2 == 0;
}

static void check_properties(builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
			     const yaml_char_t *tag, int implicit)
{
	if (anchor)
		error_at(b, "yaml-anchor", &ev->start_mark,
			 "anchors are not allowed ('&%s'); write the content out", (const char *)anchor);
	if (tag && !implicit)
		error_at(b, "yaml-tag", &ev->start_mark, "tags are not allowed ('%s')",
			 (const char *)tag);
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
	imr_ynode *node;
	char *str;
	const yaml_char_t *tag = ev->data.scalar.tag;
	int implicit = ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;

	check_properties(b, ev, ev->data.scalar.anchor, tag, implicit);
	if (in_key_position(b) && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.length == 2 && memcmp(ev->data.scalar.value, "<<", 2) == 0)
		error_at(b, "yaml-merge", &ev->start_mark, "merge keys ('%s') are not allowed", "<<");
	/* The reader refuses a raw NUL, so one here came from an escape ("\0",
	 * "\x00", "\u0000"): refused alike, since every string of the tree is
	 * used as a C string and would end at it (a rule id cut short). */
	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		error_at(b, "yaml-syntax", &ev->start_mark,
			 "an escape in this string makes a NUL character, which is not allowed");
	node = new_node(b, IMR_Y_SCALAR, &ev->start_mark);
	if (!node)
		return -1;
	str = arena_alloc(b->doc, ev->data.scalar.length + 1);
	if (!str) {
		b->status = IMR_ENOMEM;
		return -1;
	}
	memcpy(str, ev->data.scalar.value, ev->data.scalar.length);
	str[ev->data.scalar.length] = '\0';
	node->str = str;
	node->len = ev->data.scalar.length;
	node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
		       ev->data.scalar.style != YAML_ANY_SCALAR_STYLE;
	node->end_line = (unsigned)ev->end_mark.line + 1;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: node->style = '\''; break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: node->style = '"'; break;
	case YAML_LITERAL_SCALAR_STYLE: node->style = '|'; break;
	case YAML_FOLDED_SCALAR_STYLE: node->style = '>'; break;
	default: node->style = 0; break;
	}
	return add_child(b, node);
}

static int on_collection(builder *b, const yaml_event_t *ev, imr_ykind kind)
{
	imr_ynode *node;
	if (kind == IMR_Y_MAP)
		check_properties(b, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
				 ev->data.mapping_start.implicit);
	else
		check_properties(b, ev, ev->data.sequence_start.anchor,
				 ev->data.sequence_start.tag, ev->data.sequence_start.implicit);
	node = new_node(b, kind, &ev->start_mark);
	if (!node)
		return -1;
	return push(b, node, &ev->start_mark);
}

/* 1-based line and column (in characters) of byte @p offset of a UTF-8
 * input; 0, 0 for UTF-16 input, whose offsets count other units. Line
 * ends are LF, CRLF and a lone CR, as libyaml counts them. */
static void locate_offset(const builder *b, size_t offset, unsigned *line, unsigned *col)
{
	size_t i;
	*line = 1;
	*col = 1;
	if (b->len >= 2 && ((b->data[0] == 0xFF && b->data[1] == 0xFE) ||
			    (b->data[0] == 0xFE && b->data[1] == 0xFF))) {
		*line = *col = 0;
		return;
	}
	/* a UTF-8 byte-order mark takes no column */
	i = b->len >= 3 && b->data[0] == 0xEF && b->data[1] == 0xBB && b->data[2] == 0xBF ? 3 : 0;
	for (; i < offset && i < b->len; i++) {
		unsigned char c = b->data[i];
		if (c == '\n' || (c == '\r' && !(i + 1 < b->len && b->data[i + 1] == '\n'))) {
			++*line;
			*col = 1;
		} else if (c != '\r' && (c & 0xC0) != 0x80) {
			++*col;
		}
	}
}

static void report_parser_error(builder *b, const yaml_parser_t *parser)
{
	const char *problem = parser->problem ? parser->problem : "malformed YAML";
	unsigned line = (unsigned)parser->problem_mark.line + 1;
	unsigned col = (unsigned)parser->problem_mark.column + 1;

	if (parser->error == YAML_MEMORY_ERROR) {
		b->status = IMR_ENOMEM;
		return;
	}
	if (parser->error == YAML_READER_ERROR) {
		/* Reader errors (bytes that are not UTF-8, control characters)
		 * carry a byte offset, not a line: find the line and column */
		locate_offset(b, parser->problem_offset, &line, &col);
		imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-syntax", b->file, line, col,
			      "%s at byte %zu", problem, parser->problem_offset);
	} else if (parser->context) {
		imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-syntax", b->file, line, col,
			      "%s %s", problem, parser->context);
		imr_diags_relate(b->diags, (unsigned)parser->context_mark.line + 1,
				 (unsigned)parser->context_mark.column + 1);
	} else {
		imr_diags_add(b->diags, IMR_SEVERITY_ERROR, "yaml-syntax", b->file, line, col, "%s",
			      problem);
	}
	b->errors++;
}

static void run_events(builder *b, yaml_parser_t *parser)
{
	int documents = 0, done = 0;

	while (!done && !b->status) {
		yaml_event_t ev;
		int rc = 0;
		if (!yaml_parser_parse(parser, &ev)) {
			report_parser_error(b, parser);
			return;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				error_at(b, "yaml-documents", &ev.start_mark,
					 "only one YAML document is allowed per file%s", "");
				done = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			error_at(b, "yaml-alias", &ev.start_mark,
				 "aliases are not allowed ('*%s'); write the content out",
				 (const char *)ev.data.alias.anchor);
			/* keep the tree shape: an alias stands for a null scalar */
			{
				imr_ynode *node = new_node(b, IMR_Y_SCALAR, &ev.start_mark);
				rc = node ? (node->str = "", add_child(b, node)) : -1;
			}
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			rc = on_collection(b, &ev, IMR_Y_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			rc = on_collection(b, &ev, IMR_Y_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = pop(b, &ev.start_mark);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (rc < 0 && !b->status)
			b->status = IMR_ERROR;
	}
}

int imr__yaml_parse(imr_ydoc **out, const char *file, const char *data, size_t len,
		    const imr_limits *limits, imr_diags *diags)
{
	yaml_parser_t parser;
	builder b;
	int err;
	size_t i;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.file = file;
	b.data = (const unsigned char *)data;
	b.len = len;
	b.diags = diags;
	b.limits = imr_limits_resolve(limits);
	b.doc = imr__calloc(1, sizeof(imr_ydoc));
	if (!b.doc)
		return IMR_ENOMEM;
	if (file && !(b.doc->file = imr__strdup(file))) {
		imr__ydoc_free(b.doc);
		return IMR_ENOMEM;
	}
	if (!yaml_parser_initialize(&parser)) {
		imr__ydoc_free(b.doc);
		return IMR_ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	run_events(&b, &parser);
	yaml_parser_delete(&parser);

	for (i = 0; i < b.depth; i++)
		imr__free(b.stack[i].kids);
	imr__free(b.stack);

	if (b.status)
		err = b.status;
	else if (b.errors)
		err = IMR_EINVALID;
	else
		err = IMR_OK;
	if (err == IMR_ENOMEM)
		diags->oom = 1;
	if (err < 0) {
		imr__ydoc_free(b.doc);
		return err;
	}
	*out = b.doc;
	return IMR_OK;
}

int imr__yaml_parse_file(imr_ydoc **out, const char *path, const imr_limits *limits,
			 imr_diags *diags)
{
	imr_limits lim = imr_limits_resolve(limits);
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	err = imr__file_read(&data, &len, path, lim.yaml_file_bytes, diags);
	if (err < 0)
		return err;
	err = imr__yaml_parse(out, path, data, len, &lim, diags);
	imr__free(data);
	return err;
}

/* ---- node helpers ---- */

const imr_ynode *imr__ymap_get(const imr_ynode *map, const char *key, const imr_ynode **key_out)
{
	size_t i, len = strlen(key);
	if (!map || map->kind != IMR_Y_MAP)
		return NULL;
	for (i = 0; i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		if (k->kind == IMR_Y_SCALAR && k->len == len && memcmp(k->str, key, len) == 0) {
			if (key_out)
				*key_out = k;
			return map->kids[2 * i + 1];
		}
	}
	return NULL;
}

int imr__ynode_is_null(const imr_ynode *node)
{
	if (!node || node->kind != IMR_Y_SCALAR || node->quoted)
		return 0;
	return node->len == 0 || strcmp(node->str, "~") == 0 || strcmp(node->str, "null") == 0 ||
	       strcmp(node->str, "Null") == 0 || strcmp(node->str, "NULL") == 0;
}

int imr__ynode_as_bool(const imr_ynode *node, int *out)
{
	if (!node || node->kind != IMR_Y_SCALAR || node->quoted)
		return -1;
	if (strcmp(node->str, "true") == 0 || strcmp(node->str, "True") == 0 ||
	    strcmp(node->str, "TRUE") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(node->str, "false") == 0 || strcmp(node->str, "False") == 0 ||
	    strcmp(node->str, "FALSE") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}

int imr__ynode_as_number(const imr_ynode *node, double *out)
{
	char *end;
	double v;
	if (!node || node->kind != IMR_Y_SCALAR || node->quoted || !node->len)
		return -1;
	/* strtod also accepts hex, inf and nan; a rule's numbers are decimal. */
	if (strpbrk(node->str, "xXiInN"))
		return -1;
	errno = 0;
	v = strtod(node->str, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int imr__ynode_as_int(const imr_ynode *node, long *out)
{
	char *end;
	long v;
	if (!node || node->kind != IMR_Y_SCALAR || node->quoted || !node->len)
		return -1;
	errno = 0;
	v = strtol(node->str, &end, 10);
	if (*end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

unsigned imr__ynode_column(const imr_ynode *node, size_t offset)
{
	unsigned col = node->col;
	size_t i;
	if (node->kind != IMR_Y_SCALAR || node->end_line != node->line || node->style == '|' ||
	    node->style == '>')
		return node->col;
	if (offset > node->len)
		offset = node->len;
	if (node->style)
		col++; /* the opening quote */
	for (i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)node->str[i];
		if ((c & 0xC0) == 0x80)
			continue; /* a UTF-8 continuation byte is part of the previous character */
		col++;
		if ((node->style == '\'' && c == '\'') || (node->style == '"' && (c == '\\' || c == '"')))
			col++;
	}
	return col;
}

void imr__ycheck_error(imr_ycheck *ck, const char *code, const imr_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (imr_diags_vadd(ck->diags, IMR_SEVERITY_ERROR, code, ck->file, at ? at->line : 0, at ? at->col : 0, fmt,
			   ap) < 0)
		ck->nomem = 1;
	va_end(ap);
	ck->errors++;
}

void imr__ycheck_keys(imr_ycheck *ck, const imr_ynode *map, const char *what, const char *const *keys, size_t n)
{
	size_t i, j;
	for (i = 0; map->kind == IMR_Y_MAP && i < map->count; i++) {
		const imr_ynode *k = map->kids[2 * i];
		const char *best;
		int known = 0;
		for (j = 0; j < n; j++)
			known |= k->kind == IMR_Y_SCALAR && strcmp(k->str, keys[j]) == 0;
		if (known)
			continue;
		best = k->kind == IMR_Y_SCALAR ? imr__suggest(k->str, keys, n) : NULL;
		if (best)
			imr__ycheck_error(ck, "unknown-key", k, "unknown key '%s' in %s (did you mean '%s'?)", k->str,
					  what, best);
		else
			imr__ycheck_error(ck, "unknown-key", k, "unknown key '%s' in %s",
					  k->kind == IMR_Y_SCALAR ? k->str : "?", what);
	}
}

const char *imr__ynode_describe(const imr_ynode *node)
{
	double num;
	int flag;
	if (!node)
		return "nothing";
	switch (node->kind) {
	case IMR_Y_MAP: return "a mapping";
	case IMR_Y_SEQ: return "a sequence";
	case IMR_Y_SCALAR: break;
	}
	if (imr__ynode_is_null(node))
		return "null";
	if (imr__ynode_as_bool(node, &flag) == 0)
		return "a boolean";
	if (imr__ynode_as_number(node, &num) == 0)
		return "a number";
	if (!node->quoted && node->len && !strpbrk(node->str, "xXiInN")) {
		/* decimal, but beyond what a double holds ("1e999") */
		char *end;
		errno = 0;
		(void)strtod(node->str, &end);
		if (!*end && errno == ERANGE)
			return "a number out of range";
	}
	return "a string";
}
