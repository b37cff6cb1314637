/* expr.c - rule expressions: tokenizer, parser with type checks, evaluator.
 *
 * Atoms are short strings; the tokenizer keeps the byte offset of every
 * token so that a diagnostic points at the exact column inside the YAML
 * scalar. Combinators come from YAML mappings. The evaluator never
 * short-circuits: every atom is evaluated once so that the trace holds the
 * full evidence of a decision. */
#include "expr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/date.h"
#include "overlay.h"
#include "strutil.h"

/* ---- tokens ---- */

typedef enum tok_kind {
	T_END, T_NAME, T_NUMBER, T_DATE, T_OP, T_LBRACKET, T_RBRACKET, T_COMMA, T_LPAREN,
	T_RPAREN, T_BAD
} tok_kind;

typedef struct tok {
	tok_kind kind;
	const char *s;
	size_t len;
	size_t off;
	imr_op op;
} tok;

typedef struct lexer {
	const char *src;
	size_t len, pos;
} lexer;

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static tok next_tok(lexer *lx)
{
	tok t;
	const char *s = lx->src;
	size_t start;

	while (lx->pos < lx->len && (s[lx->pos] == ' ' || s[lx->pos] == '\t' ||
				     s[lx->pos] == '\n' || s[lx->pos] == '\r'))
		lx->pos++;
	memset(&t, 0, sizeof(t));
	t.off = lx->pos;
	t.s = s + lx->pos;
	if (lx->pos >= lx->len)
		return t;
	start = lx->pos;
	if (is_name_start(s[start])) {
		while (lx->pos < lx->len && is_name_char(s[lx->pos]))
			lx->pos++;
		t.kind = T_NAME;
	} else if ((s[start] >= '0' && s[start] <= '9') ||
		   (s[start] == '-' && start + 1 < lx->len && s[start + 1] >= '0' &&
		    s[start + 1] <= '9')) {
		lx->pos++;
		while (lx->pos < lx->len && ((s[lx->pos] >= '0' && s[lx->pos] <= '9') ||
					     s[lx->pos] == '.' || s[lx->pos] == '-'))
			lx->pos++;
		t.kind = lx->pos - start == 10 && s[start + 4] == '-' ? T_DATE : T_NUMBER;
	} else {
		char c = s[start], n = start + 1 < lx->len ? s[start + 1] : '\0';
		lx->pos++;
		t.kind = T_OP;
		switch (c) {
		case '[': t.kind = T_LBRACKET; break;
		case ']': t.kind = T_RBRACKET; break;
		case ',': t.kind = T_COMMA; break;
		case '(': t.kind = T_LPAREN; break;
		case ')': t.kind = T_RPAREN; break;
		case '=':
			t.op = IMR_OP_EQ;
			if (n == '=')
				lx->pos++;
			break;
		case '!':
			if (n == '=') {
				t.op = IMR_OP_NE;
				lx->pos++;
			} else {
				t.kind = T_BAD;
			}
			break;
		case '<':
			t.op = n == '=' ? IMR_OP_LE : IMR_OP_LT;
			if (n == '=')
				lx->pos++;
			break;
		case '>':
			t.op = n == '=' ? IMR_OP_GE : IMR_OP_GT;
			if (n == '=')
				lx->pos++;
			break;
		default:
			t.kind = T_BAD;
			break;
		}
	}
	t.len = lx->pos - start;
	if (t.kind == T_NAME && t.len == 2 && memcmp(t.s, "in", 2) == 0) {
		t.kind = T_OP;
		t.op = IMR_OP_IN;
	}
	return t;
}

/* ---- diagnostics ---- */

static unsigned col_at(const imr_ynode *node, size_t off)
{
	return imr__ynode_column(node, off);
}

static void perr(imr_expr_parser *p, const char *code, unsigned line, unsigned col,
		 const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void perr(imr_expr_parser *p, const char *code, unsigned line, unsigned col,
		 const char *fmt, ...)
{
	va_list ap;
	imr_buf msg = IMR_BUF_INIT;
	va_start(ap, fmt);
	if (imr_buf_vprintf(&msg, fmt, ap) == 0)
		imr_diags_add(p->diags, IMR_SEVERITY_ERROR, code, p->file, line, col, "%s",
			      imr_buf_cstr(&msg));
	else
		p->diags->oom = 1;
	va_end(ap);
	imr_buf_dispose(&msg);
	p->errors++;
}

static void unknown_fact(imr_expr_parser *p, const imr_ynode *node, const tok *t)
{
	char *name = imr__strndup(t->s, t->len);
	const char *best = NULL;
	size_t i, best_d = (t->len / 3 ? t->len / 3 : 1) + 1;
	if (!name) {
		p->diags->oom = 1;
		return;
	}
	for (i = 0; i < p->rules->nfacts; i++) {
		size_t d = imr__edit_distance(name, p->rules->facts[i].name, best_d);
		if (d < best_d) {
			best_d = d;
			best = p->rules->facts[i].name;
		}
	}
	if (best)
		perr(p, "unknown-fact", node->line, col_at(node, t->off),
		     "unknown fact '%s' (did you mean '%s'?)", name, best);
	else
		perr(p, "unknown-fact", node->line, col_at(node, t->off), "unknown fact '%s'", name);
	imr__free(name);
}

static void unknown_member(imr_expr_parser *p, const imr_ynode *node, const tok *t,
			   const imr_enum *en)
{
	char *name = imr__strndup(t->s, t->len);
	const char *best;
	if (!name) {
		p->diags->oom = 1;
		return;
	}
	best = imr__suggest(name, (const char *const *)en->members, en->count);
	if (best)
		perr(p, "unknown-value", node->line, col_at(node, t->off),
		     "'%s' is not a value of '%s' (did you mean '%s'?)", name, en->name, best);
	else
		perr(p, "unknown-value", node->line, col_at(node, t->off),
		     "'%s' is not a value of '%s'", name, en->name);
	imr__free(name);
}

/* ---- expression nodes ---- */

void imr__expr_free(imr_expr *expr)
{
	size_t i;
	if (!expr)
		return;
	for (i = 0; i < expr->nkids; i++)
		imr__expr_free(expr->kids[i]);
	imr__free(expr->kids);
	imr__free(expr->list);
	imr__free(expr->text);
	imr__free(expr);
}

static imr_expr *new_expr(imr_expr_kind kind, const imr_ynode *node)
{
	imr_expr *e = imr__calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->kind = kind;
	e->line = node->line;
	e->col = node->col;
	e->fact = -1;
	return e;
}

static int compare_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return (x > y) - (x < y);
}

/* ---- atoms ---- */

typedef struct atom_parse {
	imr_expr_parser *p;
	const imr_ynode *node;
	lexer lx;
	tok cur;
} atom_parse;

static void advance(atom_parse *a)
{
	a->cur = next_tok(&a->lx);
}

static int scope_allowed(imr_expr_parser *p, const imr_factdef *def)
{
	int bit = def->scope == IMR_SCOPE_CASE ? IMR_ALLOW_CASE
		  : def->scope == IMR_SCOPE_REQUEST ? IMR_ALLOW_REQUEST : IMR_ALLOW_PRIMARY;
	return (p->allow & bit) != 0;
}

/* Resolve a NAME token as a fact. Returns the index or -1 (reported). */
static int resolve_fact(atom_parse *a, const tok *t)
{
	imr_expr_parser *p = a->p;
	int idx = imr__vocab_fact(p->rules, t->s, t->len);
	if (idx < 0) {
		unknown_fact(p, a->node, t);
		return -1;
	}
	if (!scope_allowed(p, &p->rules->facts[idx])) {
		perr(p, "wrong-scope", a->node->line, col_at(a->node, t->off),
		     "'%s' cannot be used in '%s' (only request and primary attributes can)",
		     p->rules->facts[idx].name, p->context);
		return -1;
	}
	return idx;
}

/* Parse one scalar literal token against the type of fact @p def (or the
 * number type for function results). Stores into e->num. */
static int literal_value(atom_parse *a, const tok *t, const imr_factdef *def, imr_fn fn,
			 double *out)
{
	imr_expr_parser *p = a->p;
	unsigned col = col_at(a->node, t->off);
	imr_fact_type type = fn != IMR_FN_NONE ? IMR_TYPE_NUMBER : def->type;

	switch (type) {
	case IMR_TYPE_BOOLEAN:
		if (t->kind == T_NAME && t->len == 4 && memcmp(t->s, "true", 4) == 0) {
			*out = 1;
			return 0;
		}
		if (t->kind == T_NAME && t->len == 5 && memcmp(t->s, "false", 5) == 0) {
			*out = 0;
			return 0;
		}
		perr(p, "wrong-type", a->node->line, col, "'%s' is a boolean; compare it with true or false",
		     def->name);
		return -1;
	case IMR_TYPE_NUMBER: {
		char buf[64], *end;
		double v;
		if (t->kind != T_NUMBER || t->len >= sizeof(buf)) {
			perr(p, "wrong-type", a->node->line, col, "expected a number for '%s', found '%.*s'",
			     fn != IMR_FN_NONE ? "this function" : def->name, (int)t->len, t->s);
			return -1;
		}
		memcpy(buf, t->s, t->len);
		buf[t->len] = '\0';
		v = strtod(buf, &end);
		if (*end || !isfinite(v)) {
			perr(p, "wrong-type", a->node->line, col, "invalid number '%s'", buf);
			return -1;
		}
		if (fn == IMR_FN_NONE && ((def->has_min && v < def->min) || (def->has_max && v > def->max))) {
			perr(p, "out-of-range", a->node->line, col, "%s is outside the range of '%s' (%s)", buf,
			     def->name, imr__fact_range_text(def));
			return -1;
		}
		if (fn != IMR_FN_NONE && v < 0) {
			perr(p, "out-of-range", a->node->line, col, "%s is negative; counts and intervals are not",
			     buf);
			return -1;
		}
		*out = v;
		return 0;
	}
	case IMR_TYPE_DATE: {
		int32_t d;
		if (t->kind != T_DATE && t->kind != T_NUMBER) {
			perr(p, "wrong-type", a->node->line, col, "expected a date YYYY-MM-DD for '%s'", def->name);
			return -1;
		}
		if (imr_date_parse(&d, t->s, t->len) < 0) {
			perr(p, "bad-date", a->node->line, col, "invalid date '%.*s' (%s)", (int)t->len, t->s,
			     imr_date_problem(t->s, t->len));
			return -1;
		}
		*out = d;
		return 0;
	}
	case IMR_TYPE_ENUM:
	case IMR_TYPE_SET: {
		const imr_enum *en = &p->rules->enums[def->enum_index];
		int m;
		if (t->kind != T_NAME) {
			perr(p, "wrong-type", a->node->line, col, "expected a value of '%s' for '%s', found '%.*s'",
			     en->name, def->name, (int)t->len, t->s);
			return -1;
		}
		m = imr__vocab_member(en, t->s, t->len);
		if (m < 0) {
			unknown_member(p, a->node, t, en);
			return -1;
		}
		*out = m;
		return 0;
	}
	}
	return -1;
}

/* Parse "[v, v, ...]" of enum members of @p def into e->list. */
static int parse_list(atom_parse *a, imr_expr *e, const imr_factdef *def)
{
	imr_expr_parser *p = a->p;
	size_t cap = 0;
	int bad = 0;

	if (def->type != IMR_TYPE_ENUM && def->type != IMR_TYPE_SET) {
		perr(p, "wrong-type", a->node->line, col_at(a->node, a->cur.off),
		     "a list needs an enum or set fact; '%s' is %s", def->name,
		     imr__fact_type_phrase(def->type));
		return -1;
	}
	advance(a); /* [ */
	e->list_literal = 1;
	while (a->cur.kind != T_RBRACKET) {
		double v;
		void *list = e->list;
		if (a->cur.kind == T_END) {
			perr(p, "bad-expression", a->node->line, col_at(a->node, a->cur.off),
			     "unterminated list: expected ']'");
			return -1;
		}
		if (literal_value(a, &a->cur, def, IMR_FN_NONE, &v) < 0) {
			bad = 1;
		} else {
			if (imr__grow(&list, &cap, e->nlist + 1, sizeof(uint16_t)) < 0)
				return IMR_ENOMEM;
			e->list = list;
			e->list[e->nlist++] = (uint16_t)v;
		}
		advance(a);
		if (a->cur.kind == T_COMMA)
			advance(a);
		else if (a->cur.kind != T_RBRACKET) {
			perr(p, "bad-expression", a->node->line, col_at(a->node, a->cur.off),
			     "expected ',' or ']' in list");
			return -1;
		}
	}
	if (!e->nlist && !bad) {
		perr(p, "bad-expression", a->node->line, col_at(a->node, a->cur.off), "empty list");
		return -1;
	}
	advance(a); /* ] */
	if (e->list) {
		size_t i, n = 0;
		qsort(e->list, e->nlist, sizeof(uint16_t), compare_u16);
		/* a repeated value means nothing more; keep each once so that
		 * set equality compares like with like */
		for (i = 0; i < e->nlist; i++)
			if (!n || e->list[n - 1] != e->list[i])
				e->list[n++] = e->list[i];
		e->nlist = n;
	}
	return bad ? -1 : 0;
}

static imr_fn fn_named(const tok *t)
{
	static const struct { const char *name; imr_fn fn; } fns[] = {
		{ "count", IMR_FN_COUNT },
		{ "days_since", IMR_FN_DAYS_SINCE },
		{ "weeks_since", IMR_FN_WEEKS_SINCE },
		{ "months_since", IMR_FN_MONTHS_SINCE },
		{ "known", IMR_FN_KNOWN },
	};
	size_t i;
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (strlen(fns[i].name) == t->len && memcmp(fns[i].name, t->s, t->len) == 0)
			return fns[i].fn;
	return IMR_FN_NONE;
}

static int check_op_for_type(atom_parse *a, const tok *optok, const imr_factdef *def, imr_fn fn)
{
	imr_op op = optok->op;
	imr_fact_type type = fn != IMR_FN_NONE ? IMR_TYPE_NUMBER : def->type;
	int relational = op == IMR_OP_LT || op == IMR_OP_LE || op == IMR_OP_GT || op == IMR_OP_GE;
	if (relational && type != IMR_TYPE_NUMBER && type != IMR_TYPE_DATE) {
		perr(a->p, "wrong-type", a->node->line, col_at(a->node, optok->off),
		     "operator '%.*s' needs a number or a date; '%s' is %s", (int)optok->len, optok->s,
		     def->name, imr__fact_type_phrase(type));
		return -1;
	}
	if (op == IMR_OP_IN && type != IMR_TYPE_ENUM && type != IMR_TYPE_SET) {
		perr(a->p, "wrong-type", a->node->line, col_at(a->node, optok->off),
		     "'in' needs an enum or set fact; '%s' is %s", def->name, imr__fact_type_phrase(type));
		return -1;
	}
	return 0;
}

/* member in SET_FACT */
static int parse_contains(atom_parse *a, imr_expr *e, tok member)
{
	imr_expr_parser *p = a->p;
	const imr_factdef *def;
	double v;
	int idx;

	advance(a); /* in */
	if (a->cur.kind != T_NAME) {
		perr(p, "bad-expression", a->node->line, col_at(a->node, a->cur.off),
		     "expected a set fact after 'in'");
		return -1;
	}
	if ((idx = resolve_fact(a, &a->cur)) < 0)
		return -1;
	def = &p->rules->facts[idx];
	if (def->type != IMR_TYPE_SET) {
		perr(p, "wrong-type", a->node->line, col_at(a->node, a->cur.off),
		     "'VALUE in %s' needs a set fact; '%s' is %s", def->name, def->name,
		     imr__fact_type_phrase(def->type));
		return -1;
	}
	if (literal_value(a, &member, def, IMR_FN_NONE, &v) < 0)
		return -1;
	e->fact = idx;
	e->scope = def->scope;
	e->type = def->type;
	e->op = IMR_OP_CONTAINS;
	e->num = v;
	advance(a);
	return 0;
}

static int parse_atom(imr_expr *e, imr_expr_parser *p, const imr_ynode *node)
{
	atom_parse a;
	const imr_factdef *def;
	tok first, optok;
	imr_fn fn = IMR_FN_NONE;
	int idx;

	memset(&a, 0, sizeof(a));
	a.p = p;
	a.node = node;
	a.lx.src = node->str;
	a.lx.len = node->len;
	advance(&a);
	if (a.cur.kind == T_END) {
		perr(p, "bad-expression", node->line, node->col, "empty expression");
		return -1;
	}
	first = a.cur;
	advance(&a);

	/* "member in set" and "[..] in .." start with a literal */
	if (first.kind == T_NAME && a.cur.kind == T_OP && a.cur.op == IMR_OP_IN &&
	    imr__vocab_fact(p->rules, first.s, first.len) < 0)
		return parse_contains(&a, e, first);
	if (first.kind != T_NAME) {
		perr(p, "bad-expression", node->line, col_at(node, first.off),
		     "expected a fact name, found '%.*s'", (int)(first.len ? first.len : 1), first.s);
		return -1;
	}
	if (a.cur.kind == T_LPAREN) {
		fn = fn_named(&first);
		if (fn == IMR_FN_NONE) {
			perr(p, "bad-expression", node->line, col_at(node, first.off),
			     "unknown function '%.*s' (functions: count, days_since, weeks_since, months_since, known)",
			     (int)first.len, first.s);
			return -1;
		}
		advance(&a);
		if (a.cur.kind != T_NAME) {
			perr(p, "bad-expression", node->line, col_at(node, a.cur.off),
			     "expected a fact name inside '%.*s(...)'", (int)first.len, first.s);
			return -1;
		}
		first = a.cur;
		advance(&a);
		if (a.cur.kind != T_RPAREN) {
			perr(p, "bad-expression", node->line, col_at(node, a.cur.off), "expected ')'");
			return -1;
		}
		advance(&a);
	}
	if ((idx = resolve_fact(&a, &first)) < 0)
		return -1;
	def = &p->rules->facts[idx];
	e->fact = idx;
	e->scope = def->scope;
	e->type = def->type;
	e->fn = fn;
	if (fn == IMR_FN_KNOWN) {
		if (a.cur.kind != T_END) {
			perr(p, "bad-expression", node->line, col_at(node, a.cur.off),
			     "known(...) is true or false on its own; it takes no comparison");
			return -1;
		}
		e->op = IMR_OP_TRUTHY;
		return 0;
	}
	if (fn == IMR_FN_COUNT && def->type != IMR_TYPE_SET) {
		perr(p, "wrong-type", node->line, col_at(node, first.off),
		     "count() needs a set fact; '%s' is %s", def->name, imr__fact_type_phrase(def->type));
		return -1;
	}
	if (fn != IMR_FN_NONE && fn != IMR_FN_COUNT && def->type != IMR_TYPE_DATE) {
		perr(p, "wrong-type", node->line, col_at(node, first.off),
		     "this function needs a date fact; '%s' is %s", def->name,
		     imr__fact_type_phrase(def->type));
		return -1;
	}
	if (a.cur.kind == T_END) {
		if (fn != IMR_FN_NONE) {
			perr(p, "bad-expression", node->line, col_at(node, a.cur.off),
			     "a function result must be compared with a number");
			return -1;
		}
		e->op = IMR_OP_TRUTHY;
		return 0;
	}
	if (a.cur.kind != T_OP) {
		perr(p, "bad-expression", node->line, col_at(node, a.cur.off),
		     "expected an operator (=, !=, <, <=, >, >=, in) after '%s', found '%.*s'", def->name,
		     (int)a.cur.len, a.cur.s);
		return -1;
	}
	optok = a.cur;
	if (check_op_for_type(&a, &optok, def, fn) < 0)
		return -1;
	e->op = optok.op;
	advance(&a);
	if (a.cur.kind == T_LBRACKET && fn != IMR_FN_NONE) {
		perr(p, "wrong-type", node->line, col_at(node, a.cur.off),
		     "a function result is a number; compare it with a number, not a list");
		return -1;
	}
	if (a.cur.kind == T_LBRACKET) {
		if (e->op != IMR_OP_IN && !(def->type == IMR_TYPE_SET &&
					    (e->op == IMR_OP_EQ || e->op == IMR_OP_NE))) {
			perr(p, "wrong-type", node->line, col_at(node, a.cur.off),
			     "a list can only follow 'in' (or '=' and '!=' for a set)");
			return -1;
		}
		if (parse_list(&a, e, def) < 0)
			return -1;
	} else if (e->op == IMR_OP_IN) {
		perr(p, "bad-expression", node->line, col_at(node, a.cur.off), "expected '[' after 'in'");
		return -1;
	} else if (def->type == IMR_TYPE_SET && fn == IMR_FN_NONE) {
		perr(p, "wrong-type", node->line, col_at(node, a.cur.off),
		     "compare the set '%s' with a list, or test a member with 'VALUE in %s'", def->name,
		     def->name);
		return -1;
	} else {
		if (a.cur.kind == T_END) {
			perr(p, "bad-expression", node->line, col_at(node, a.cur.off), "expected a value after '%.*s'",
			     (int)optok.len, optok.s);
			return -1;
		}
		if (literal_value(&a, &a.cur, def, fn, &e->num) < 0)
			return -1;
		advance(&a);
	}
	if (a.cur.kind != T_END) {
		perr(p, "bad-expression", node->line, col_at(node, a.cur.off),
		     "unexpected '%.*s' after the comparison; combine atoms with all/any", (int)a.cur.len,
		     a.cur.s);
		return -1;
	}
	return 0;
}

/* ---- combinators ---- */

static const char *const combinator_keys[] = { "all", "any", "not", "at_least", "of" };

static int parse_node(imr_expr **out, const imr_ynode *node, imr_expr_parser *p, unsigned depth);

static int parse_list_kids(imr_expr *e, const imr_ynode *seq, const char *key, imr_expr_parser *p,
			   unsigned depth)
{
	size_t i;
	int status = IMR_OK;
	if (!seq || seq->kind != IMR_Y_SEQ) {
		perr(p, "wrong-type", seq ? seq->line : e->line, seq ? seq->col : e->col,
		     "'%s' needs a list of expressions, found %s", key, imr__ynode_describe(seq));
		return IMR_EINVALID;
	}
	if (!seq->count) {
		perr(p, "bad-expression", seq->line, seq->col, "'%s' needs at least one expression", key);
		return IMR_EINVALID;
	}
	e->kids = imr__calloc(seq->count, sizeof(imr_expr *));
	if (!e->kids)
		return IMR_ENOMEM;
	for (i = 0; i < seq->count; i++) {
		int err = parse_node(&e->kids[e->nkids], seq->kids[i], p, depth + 1);
		if (err == IMR_ENOMEM || err == IMR_ELIMIT)
			return err;
		if (err < 0)
			status = IMR_EINVALID;
		else
			e->nkids++;
	}
	return status;
}

static int parse_map(imr_expr **out, const imr_ynode *node, imr_expr_parser *p, unsigned depth)
{
	const imr_ynode *kall = NULL, *kany = NULL, *knot = NULL, *kleast = NULL, *kof = NULL;
	const imr_ynode *vall = imr__ymap_get(node, "all", &kall);
	const imr_ynode *vany = imr__ymap_get(node, "any", &kany);
	const imr_ynode *vnot = imr__ymap_get(node, "not", &knot);
	const imr_ynode *vleast = imr__ymap_get(node, "at_least", &kleast);
	const imr_ynode *vof = imr__ymap_get(node, "of", &kof);
	int combinators = !!vall + !!vany + !!vnot + !!vleast, err, status = IMR_OK;
	imr_expr *e = NULL;
	size_t i;

	for (i = 0; i < node->count; i++) {
		const imr_ynode *k = node->kids[2 * i];
		size_t j;
		int known = 0;
		for (j = 0; j < sizeof(combinator_keys) / sizeof(combinator_keys[0]); j++)
			known |= strcmp(k->str, combinator_keys[j]) == 0;
		if (!known) {
			const char *best = imr__suggest(k->str, combinator_keys, 5);
			if (best)
				perr(p, "unknown-key", k->line, k->col,
				     "unknown key '%s' in an expression (did you mean '%s'?)", k->str, best);
			else
				perr(p, "unknown-key", k->line, k->col,
				     "unknown key '%s' in an expression (expected all, any, not, or at_least with of)",
				     k->str);
			status = IMR_EINVALID;
		}
	}
	if (combinators != 1) {
		if (combinators == 0 && status == IMR_OK)
			perr(p, "bad-expression", node->line, node->col,
			     "an expression mapping needs one of all, any, not, at_least");
		else if (combinators > 1)
			perr(p, "bad-expression", node->line, node->col,
			     "an expression mapping takes exactly one of all, any, not, at_least");
		return IMR_EINVALID;
	}
	if (vof && !vleast) {
		perr(p, "bad-expression", kof->line, kof->col, "'of' goes with 'at_least'");
		return IMR_EINVALID;
	}
	if (vall || vany) {
		e = new_expr(vall ? IMR_EX_ALL : IMR_EX_ANY, node);
		if (!e)
			return IMR_ENOMEM;
		err = parse_list_kids(e, vall ? vall : vany, vall ? "all" : "any", p, depth);
	} else if (vnot) {
		e = new_expr(IMR_EX_NOT, node);
		if (!e)
			return IMR_ENOMEM;
		e->kids = imr__calloc(1, sizeof(imr_expr *));
		if (!e->kids) {
			imr__expr_free(e);
			return IMR_ENOMEM;
		}
		err = parse_node(&e->kids[0], vnot, p, depth + 1);
		if (err == IMR_OK)
			e->nkids = 1;
	} else {
		long n;
		e = new_expr(IMR_EX_AT_LEAST, node);
		if (!e)
			return IMR_ENOMEM;
		if (imr__ynode_as_int(vleast, &n) < 0 || n < 1) {
			perr(p, "wrong-type", vleast->line, vleast->col,
			     "'at_least' needs a whole number of at least 1, found %s",
			     imr__ynode_describe(vleast));
			status = IMR_EINVALID;
			n = 1;
		}
		e->at_least = n;
		if (!vof) {
			perr(p, "bad-expression", kleast->line, kleast->col, "'at_least' needs 'of: [...]'");
			imr__expr_free(e);
			return IMR_EINVALID;
		}
		err = parse_list_kids(e, vof, "of", p, depth);
		if (err == IMR_OK && (size_t)n > vof->count) {
			perr(p, "bad-expression", vleast->line, vleast->col,
			     "'at_least: %ld' can never hold with %zu expressions", n, vof->count);
			err = IMR_EINVALID;
		}
	}
	if (err == IMR_OK)
		err = status;
	if (err < 0) {
		imr__expr_free(e);
		return err;
	}
	*out = e;
	return IMR_OK;
}

/* Render combinators compactly for explain output: "all(a, any(b, c))". */
static int render(imr_buf *buf, const imr_expr *e)
{
	size_t i;
	int err = 0;
	switch (e->kind) {
	case IMR_EX_ATOM:
		return imr_buf_puts(buf, e->text);
	case IMR_EX_ALL: err = imr_buf_puts(buf, "all("); break;
	case IMR_EX_ANY: err = imr_buf_puts(buf, "any("); break;
	case IMR_EX_NOT: err = imr_buf_puts(buf, "not("); break;
	case IMR_EX_AT_LEAST: err = imr_buf_printf(buf, "at_least %ld of(", e->at_least); break;
	}
	for (i = 0; !err && i < e->nkids; i++) {
		if (i)
			err = imr_buf_puts(buf, ", ");
		if (!err)
			err = render(buf, e->kids[i]);
	}
	return err ? err : imr_buf_puts(buf, ")");
}

static int parse_node(imr_expr **out, const imr_ynode *node, imr_expr_parser *p, unsigned depth)
{
	imr_expr *e;
	int err;

	*out = NULL;
	if (depth > p->max_depth) {
		perr(p, "limit", node->line, node->col, "expression nested deeper than %u levels",
		     p->max_depth);
		return IMR_ELIMIT;
	}
	if (node->kind == IMR_Y_MAP) {
		err = parse_map(&e, node, p, depth);
		if (err < 0)
			return err;
	} else if (node->kind == IMR_Y_SCALAR && !imr__ynode_is_null(node)) {
		e = new_expr(IMR_EX_ATOM, node);
		if (!e)
			return IMR_ENOMEM;
		if (parse_atom(e, p, node) < 0) {
			imr__expr_free(e);
			return p->diags->oom ? IMR_ENOMEM : IMR_EINVALID;
		}
		if (!(e->text = imr__strndup(node->str, node->len))) {
			imr__expr_free(e);
			return IMR_ENOMEM;
		}
		*out = e;
		return IMR_OK;
	} else {
		perr(p, "wrong-type", node->line, node->col,
		     "expected an expression (a string or a mapping with all/any/not/at_least), found %s",
		     imr__ynode_describe(node));
		return IMR_EINVALID;
	}
	{
		imr_buf buf = IMR_BUF_INIT;
		if (render(&buf, e) < 0 || !(e->text = imr_buf_detach(&buf))) {
			imr_buf_dispose(&buf);
			imr__expr_free(e);
			return IMR_ENOMEM;
		}
	}
	*out = e;
	return IMR_OK;
}

int imr__expr_parse(imr_expr **out, const imr_ynode *node, imr_expr_parser *p)
{
	return parse_node(out, node, p, 0);
}

int imr__expr_uses_fact(const imr_expr *expr, int fact)
{
	size_t i;
	if (!expr)
		return 0;
	if (expr->kind == IMR_EX_ATOM)
		return expr->fact == fact;
	for (i = 0; i < expr->nkids; i++)
		if (imr__expr_uses_fact(expr->kids[i], fact))
			return 1;
	return 0;
}

/* ---- evaluation ---- */

/* The evaluator's hot path reads one atom in a few dozen instructions;
 * these helpers are inlined into it, and the rare cases kept apart. */
#ifdef __GNUC__
#define HOT_INLINE inline __attribute__((always_inline))
#define COLD __attribute__((noinline))
#else
#define HOT_INLINE inline
#define COLD
#endif

static imr_tri eval_node(const imr_expr *e, const imr_env *env, int negated, unsigned depth);

/* Where a fact of scope @p scope is read: its documented value, before
 * any derivation. */
static HOT_INLINE const imr_value *scope_value(const imr_env *env, imr_scope scope, int fact)
{
	const imr_overlay *over;
	const imr_facts *src;
	if (scope == IMR_SCOPE_CASE) {
		src = env->case_facts;
		over = NULL;
	} else if (scope == IMR_SCOPE_REQUEST) {
		src = env->item_facts;
		over = env->item_over;
	} else {
		src = env->primary_facts;
		over = env->primary_over;
	}
	if (over)
		return imr__overlay_value(over, fact);
	return imr__facts_value(src, fact);
}

/* A derived value: true, false or unknown, with no number but 1 for true
 * and no members or evidence, so one of three constant values. */
static const imr_value *derived_constant(imr_tri t)
{
	static const imr_value derived_true = { IMR_FACT_PRESENT, 1, NULL, 0, NULL, NULL, 0, 0 };
	static const imr_value derived_false = { IMR_FACT_ABSENT, 0, NULL, 0, NULL, NULL, 0, 0 };
	static const imr_value derived_unknown = { IMR_FACT_NOT_DOCUMENTED, 0, NULL, 0, NULL, NULL, 0, 0 };
	return t == IMR_TRI_TRUE ? &derived_true : t == IMR_TRI_FALSE ? &derived_false : &derived_unknown;
}

/* The value of an undocumented derived fact: its derivation, evaluated
 * once per memo and without tracing. Kept out of line: most readings are
 * of documented facts. */
static COLD const imr_value *derive_value(const imr_env *env, const imr_expr *derive, int fact)
{
	imr_tri t;
	imr_env quiet;

	if (env->memo && env->memo[fact]) {
		t = (imr_tri)(env->memo[fact] - 1);
	} else {
		quiet = *env;
		quiet.trace = NULL;
		t = eval_node(derive, &quiet, 0, 0);
		if (env->memo)
			env->memo[fact] = (unsigned char)(t + 1);
	}
	return derived_constant(t);
}

const imr_value *imr__env_value(const imr_env *env, int fact, int *derived)
{
	const imr_factdef *def = &env->rules->facts[fact];
	const imr_value *v = scope_value(env, def->scope, fact);

	*derived = 0;
	if (v->status != IMR_FACT_NOT_DOCUMENTED || !def->derive)
		return v;
	*derived = 1;
	return derive_value(env, def->derive, fact);
}

static int list_has(const uint16_t *list, size_t n, uint16_t v)
{
	size_t i;
	if (n > 16)
		return bsearch(&v, list, n, sizeof(uint16_t), compare_u16) != NULL;
	/* most lists hold a few members: a scan of the sorted values is
	 * cheaper than the calls of a binary search */
	for (i = 0; i < n && list[i] <= v; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

static imr_tri tri_of(int cond)
{
	return cond ? IMR_TRI_TRUE : IMR_TRI_FALSE;
}

static imr_tri compare_num(imr_op op, double a, double b)
{
	switch (op) {
	case IMR_OP_EQ: return tri_of(a == b);
	case IMR_OP_NE: return tri_of(a != b);
	case IMR_OP_LT: return tri_of(a < b);
	case IMR_OP_LE: return tri_of(a <= b);
	case IMR_OP_GT: return tri_of(a > b);
	case IMR_OP_GE: return tri_of(a >= b);
	default: return IMR_TRI_UNKNOWN;
	}
}

static double months_between(int32_t from, int32_t to)
{
	int y1, m1, d1, y2, m2, d2;
	double months;
	imr_date_to_ymd(from, &y1, &m1, &d1);
	imr_date_to_ymd(to, &y2, &m2, &d2);
	months = (y2 - y1) * 12 + (m2 - m1);
	if (d2 < d1)
		months -= 1; /* a month counts once its day of month is reached */
	return months;
}

/* An atom of a function (count, days_since, ..., known) over value @p v. */
static COLD imr_tri eval_function(const imr_expr *e, const imr_env *env, const imr_value *v)
{
	double days, amount;
	if (e->fn == IMR_FN_KNOWN)
		return tri_of(v->status != IMR_FACT_NOT_DOCUMENTED);
	if (e->fn == IMR_FN_COUNT) {
		if (v->status == IMR_FACT_NOT_DOCUMENTED)
			return IMR_TRI_UNKNOWN;
		return compare_num(e->op, v->status == IMR_FACT_PRESENT ? (double)v->nmembers : 0, e->num);
	}
	if (v->status == IMR_FACT_NOT_DOCUMENTED || !env->has_date)
		return IMR_TRI_UNKNOWN;
	if (v->status == IMR_FACT_ABSENT)
		return IMR_TRI_FALSE;
	days = (double)env->date - v->num;
	amount = e->fn == IMR_FN_DAYS_SINCE ? days
		 : e->fn == IMR_FN_WEEKS_SINCE ? floor(days / 7)
		 : months_between((int32_t)v->num, env->date);
	return compare_num(e->op, amount, e->num);
}

/* An atom over value @p v of its fact. */
static HOT_INLINE imr_tri eval_value(const imr_expr *e, const imr_env *env, const imr_value *v)
{
	size_t i;

	if (e->fn != IMR_FN_NONE)
		return eval_function(e, env, v);
	if (v->status == IMR_FACT_NOT_DOCUMENTED)
		return IMR_TRI_UNKNOWN;
	if (v->status == IMR_FACT_ABSENT) {
		/* a boolean documented as false compares as the value false */
		if (e->type == IMR_TYPE_BOOLEAN && e->op != IMR_OP_TRUTHY)
			return compare_num(e->op, 0, e->num);
		return e->op == IMR_OP_NE ? IMR_TRI_TRUE : IMR_TRI_FALSE;
	}
	switch (e->op) {
	case IMR_OP_TRUTHY:
		return e->type == IMR_TYPE_BOOLEAN ? tri_of(v->num != 0) : IMR_TRI_TRUE;
	case IMR_OP_CONTAINS:
		return tri_of(list_has(v->members, v->nmembers, (uint16_t)e->num));
	case IMR_OP_IN:
		if (e->type == IMR_TYPE_ENUM)
			return tri_of(list_has(e->list, e->nlist, (uint16_t)v->num));
		for (i = 0; i < v->nmembers; i++)
			if (!list_has(e->list, e->nlist, v->members[i]))
				return IMR_TRI_FALSE;
		return IMR_TRI_TRUE;
	default:
		break;
	}
	if (e->type == IMR_TYPE_SET) {
		int equal = v->nmembers == e->nlist &&
			    (!e->nlist || memcmp(v->members, e->list, e->nlist * sizeof(uint16_t)) == 0);
		return tri_of(e->op == IMR_OP_EQ ? equal : !equal);
	}
	return compare_num(e->op, v->num, e->num);
}

static HOT_INLINE void trace_add(imr_trace *tr, const imr_expr *atom, const imr_value *value,
				 imr_tri raw, int negated, int derived)
{
	imr_trace_entry *te;
	if (tr->count == tr->cap) {
		void *items = tr->items;
		if (imr__grow(&items, &tr->cap, tr->count + 1, sizeof(imr_trace_entry)) < 0) {
			tr->oom = 1;
			return;
		}
		tr->items = items;
	}
	te = &tr->items[tr->count++];
	te->atom = atom;
	te->value = value;
	te->fact = atom->fact;
	te->raw = raw;
	te->negated = negated;
	te->derived = derived;
}

/* An atom over a derived fact that is not documented. When tracing, the
 * derivation's own atoms are evidence too and are traced after the atom;
 * that traced evaluation gives the derived value as well, so the
 * derivation is not evaluated a second time for the value. */
static COLD imr_tri eval_derived_atom(const imr_expr *e, const imr_env *env, const imr_expr *derive,
				 int negated, unsigned depth)
{
	imr_trace *tr = env->trace;
	size_t at;
	int placed;
	imr_tri d, t;

	const imr_value *v;

	if (!tr || depth >= 8) {
		v = derive_value(env, derive, e->fact);
		t = eval_value(e, env, v);
		if (tr)
			trace_add(tr, e, v, t, negated, 1);
		return t;
	}
	/* the atom's entry comes first; its outcome is known once the
	 * derivation is */
	at = tr->count;
	trace_add(tr, e, NULL, IMR_TRI_UNKNOWN, negated, 1);
	placed = tr->count > at;
	d = eval_node(derive, env, negated, depth + 1);
	/* a value in the memo stands, as for an untraced reading */
	if (env->memo && env->memo[e->fact])
		d = (imr_tri)(env->memo[e->fact] - 1);
	else if (env->memo)
		env->memo[e->fact] = (unsigned char)(d + 1);
	v = derived_constant(d);
	t = eval_value(e, env, v);
	if (placed) {
		tr->items[at].value = v;
		tr->items[at].raw = t;
	}
	return t;
}

/* An atom: its fact read where its scope keeps it (derived when it is
 * undocumented and has a derivation), compared, and traced. */
static imr_tri eval_atom(const imr_expr *e, const imr_env *env, int negated, unsigned depth)
{
	const imr_value *v = scope_value(env, e->scope, e->fact);
	const imr_expr *derive;
	imr_tri t;

	if (v->status == IMR_FACT_NOT_DOCUMENTED &&
	    (derive = env->rules->facts[e->fact].derive) != NULL)
		return eval_derived_atom(e, env, derive, negated, depth);
	t = eval_value(e, env, v);
	if (env->trace)
		trace_add(env->trace, e, v, t, negated, 0);
	return t;
}

static imr_tri eval_node(const imr_expr *e, const imr_env *env, int negated, unsigned depth)
{
	size_t i, yes = 0, unknown = 0;
	imr_tri t;

	switch (e->kind) {
	case IMR_EX_ATOM:
		return eval_atom(e, env, negated, depth);
	case IMR_EX_NOT:
		t = eval_node(e->kids[0], env, !negated, depth);
		return t == IMR_TRI_UNKNOWN ? t : tri_of(t == IMR_TRI_FALSE);
	case IMR_EX_ALL:
	case IMR_EX_ANY:
	case IMR_EX_AT_LEAST:
		for (i = 0; i < e->nkids; i++) {
			const imr_expr *kid = e->kids[i];
			t = kid->kind == IMR_EX_ATOM ? eval_atom(kid, env, negated, depth)
						     : eval_node(kid, env, negated, depth);
			yes += t == IMR_TRI_TRUE;
			unknown += t == IMR_TRI_UNKNOWN;
		}
		if (e->kind == IMR_EX_ALL) {
			if (yes == e->nkids)
				return IMR_TRI_TRUE;
			return yes + unknown == e->nkids ? IMR_TRI_UNKNOWN : IMR_TRI_FALSE;
		}
		if (e->kind == IMR_EX_ANY)
			return yes ? IMR_TRI_TRUE : unknown ? IMR_TRI_UNKNOWN : IMR_TRI_FALSE;
		if (yes >= (size_t)e->at_least)
			return IMR_TRI_TRUE;
		return yes + unknown < (size_t)e->at_least ? IMR_TRI_FALSE : IMR_TRI_UNKNOWN;
	}
	return IMR_TRI_UNKNOWN;
}

imr_tri imr__expr_eval(const imr_expr *expr, const imr_env *env)
{
	return eval_node(expr, env, 0, 0);
}

void imr__trace_dispose(imr_trace *trace)
{
	imr__free(trace->items);
	memset(trace, 0, sizeof(*trace));
}

/* ---- gates ---- */

/* Mark in @p out the members of gate fact @p fact (an enum) allowed by
 * atom @p e; 1 when the atom limits them, 0 when it does not. An atom is
 * true only for a documented value: "fact = m" only for m, "fact in
 * [list]" only for the list's members. */
static int gate_atom(const imr_expr *e, int fact, size_t n, unsigned char *out)
{
	size_t i;
	if (e->fact != fact || e->fn != IMR_FN_NONE)
		return 0;
	if (e->op == IMR_OP_EQ && e->num >= 0 && e->num < (double)n) {
		out[(size_t)e->num] = 1;
		return 1;
	}
	if (e->op == IMR_OP_IN) {
		for (i = 0; i < e->nlist; i++)
			if (e->list[i] < n)
				out[e->list[i]] = 1;
		return 1;
	}
	return 0;
}

static int gate_node(const imr_expr *e, int fact, size_t n, unsigned char *out)
{
	unsigned char *kid;
	size_t i, j;
	int limited = 0, r = 0;

	switch (e->kind) {
	case IMR_EX_ATOM:
		return gate_atom(e, fact, n, out);
	case IMR_EX_NOT:
		return 0;  /* true when its operand is false: no member implied */
	case IMR_EX_ALL:
	case IMR_EX_ANY:
	case IMR_EX_AT_LEAST:
		break;
	}
	if (e->kind == IMR_EX_AT_LEAST && e->at_least <= 0)
		return 0;
	if (!e->nkids)
		return 0;
	if (!(kid = imr__calloc(n ? n : 1, 1)))
		return IMR_ENOMEM;
	for (i = 0; i < e->nkids; i++) {
		memset(kid, 0, n);
		if ((r = gate_node(e->kids[i], fact, n, kid)) < 0)
			break;
		if (e->kind == IMR_EX_ALL) {
			/* true only when every operand is: the intersection */
			if (!r)
				continue;
			for (j = 0; j < n; j++)
				out[j] = limited ? (unsigned char)(out[j] & kid[j]) : kid[j];
			limited = 1;
		} else {
			/* true when some operand (at least N of them) is: the union */
			if (!r) {
				limited = 0;
				break;
			}
			for (j = 0; j < n; j++)
				out[j] |= kid[j];
			limited = 1;
		}
	}
	imr__free(kid);
	if (r < 0)
		return r;
	return limited;
}

int imr__expr_gate(const imr_expr *expr, int fact, size_t n, unsigned char *out)
{
	memset(out, 0, n);
	return gate_node(expr, fact, n, out);
}
