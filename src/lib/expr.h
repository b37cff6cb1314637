/* expr.h - rule expressions: parsing, type checking, three-valued evaluation.
 *
 * An expression is an atom ("prior_injection.esi.relief_percent >= 50") or
 * a combinator (all / any / not / at_least N of). Parsing resolves every
 * fact name against the vocabulary and checks every literal against the
 * fact's type, reporting each problem at its line and column. Evaluation
 * follows Kleene's three-valued logic: a fact that is not documented makes
 * an atom unknown. (internal) */
#ifndef IMR_EXPR_H
#define IMR_EXPR_H

#include <stdint.h>

#include "model.h"
#include "yamltree.h"

typedef enum imr_tri { IMR_TRI_FALSE = 0, IMR_TRI_TRUE = 1, IMR_TRI_UNKNOWN = 2 } imr_tri;

/* Which fact scopes an expression may use. */
enum {
	IMR_ALLOW_CASE = 1,
	IMR_ALLOW_REQUEST = 2,
	IMR_ALLOW_PRIMARY = 4,
	IMR_ALLOW_ALL = 7
};

typedef struct imr_expr_parser {
	const imr_rules *rules;
	const char *file;
	imr_diags *diags;
	unsigned max_depth;
	int allow;              /* IMR_ALLOW_* mask */
	const char *context;    /* "applies", "require", ... for messages */
	int errors;             /* incremented per diagnostic */
} imr_expr_parser;

/* Parse @p node. Returns IMR_OK with *out set, IMR_EINVALID (diagnostics
 * added, *out NULL), IMR_ELIMIT or IMR_ENOMEM. */
int imr__expr_parse(imr_expr **out, const imr_ynode *node, imr_expr_parser *p);

void imr__expr_free(imr_expr *expr);

/* Whether the expression mentions facts outside the scopes in @p allow. */
int imr__expr_uses_fact(const imr_expr *expr, int fact);

/* One atom's outcome during an evaluation, for evidence. */
typedef struct imr_trace_entry {
	const imr_expr *atom;
	const imr_value *value; /* the fact's value as the atom read it
				 * (imr__env_value()), borrowed */
	int fact;
	imr_tri raw;            /* the atom's own value */
	int negated;            /* under an odd number of not */
	int derived;            /* the fact's value was derived */
} imr_trace_entry;

typedef struct imr_trace {
	imr_trace_entry *items;
	size_t count, cap;
	int oom;
} imr_trace;

struct imr_overlay;

typedef struct imr_env {
	const imr_rules *rules;
	const imr_facts *case_facts;
	const imr_facts *item_facts;  /* request.* attributes */
	const imr_facts *primary_facts; /* primary.* attributes, or NULL */
	/* When set, request.* (primary.*) values are read from these overlays
	 * instead of item_facts (primary_facts), as the evaluator keeps an
	 * item's attributes (overlay.h) */
	const struct imr_overlay *item_over, *primary_over;
	/* When set, one byte per vocabulary fact, zero at first: a derived
	 * fact's value is kept here (1 + imr_tri) the first time it is
	 * derived, for every later reading under the same facts */
	unsigned char *memo;
	int32_t date;
	int has_date;
	imr_trace *trace;             /* NULL: no tracing */
} imr_env;

imr_tri imr__expr_eval(const imr_expr *expr, const imr_env *env);

/* The value of fact @p fact as seen by expressions, derived if needed
 * (*derived is then 1). The pointer is borrowed: from the facts or
 * overlays of @p env, or for a derived value one of three constants
 * (true, false, not documented) that live as long as the program. */
const imr_value *imr__env_value(const imr_env *env, int fact, int *derived);

void imr__trace_dispose(imr_trace *trace);

/* Which values of enum fact @p fact (@p n members) @p expr can be true
 * with: when it can be true only if the fact is documented present with
 * one of some members, those members are marked 1 in @p out (n bytes) and
 * the result is 1; when it can be true with any value or none, 0 (out is
 * then meaningless). The reading is sound, not complete: a 0 promises
 * nothing, a 1 means every other value (and no value) makes @p expr false
 * or unknown. Used to index rules by procedure. Returns IMR_ENOMEM when
 * out of memory. */
int imr__expr_gate(const imr_expr *expr, int fact, size_t n, unsigned char *out);

#endif
