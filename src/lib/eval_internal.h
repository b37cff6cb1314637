/* eval_internal.h - evaluating one rule, shared with the rule tests (internal). */
#ifndef IMR_EVAL_INTERNAL_H
#define IMR_EVAL_INTERNAL_H

#include "arena.h"
#include "expr.h"
#include "imrcheck/eval.h"
#include "model.h"

/* Evaluate every criterion of @p rule under @p env into @p out (rule->ncrits
 * entries, strings in @p arena). Returns 1 when the rule is satisfied (it
 * recommends the service, or conditionally, and every applicable criterion
 * is met), 0 when not, IMR_ENOMEM. */
int imr__eval_rule(imr_arena *arena, const imr_rule *rule,
		   const imr_env *env, imr_criterion_result *out);

/* The evidence lists a result already holds copies of, by the list they
 * were copied from: a fact that decides several criteria of an item (or
 * of the items of a request) has its evidence copied into the result
 * once. Valid for one arena and for facts that do not change meanwhile;
 * when full, further lists are copied each time. */
#define IMR_EV_COPIES 16
typedef struct imr_ev_copies {
	const imr_evidence *src[IMR_EV_COPIES];
	const imr_evidence *copy[IMR_EV_COPIES];
	size_t nev[IMR_EV_COPIES];
	size_t count;
} imr_ev_copies;

/* imr__eval_rule() with @p scratch (empty or used before) as the trace of
 * each criterion in turn, so that a caller evaluating many rules grows one
 * trace; the caller disposes of it. @p copies (NULL: none kept) is shared
 * by every call with the same @p arena. */
int imr__eval_rule_traced(imr_arena *arena, const imr_rule *rule, const imr_env *env,
			  imr_criterion_result *out, imr_trace *scratch, imr_ev_copies *copies);

/* What the evaluator looks up in a loaded rule set, made once after
 * loading: the rules each procedure can be governed by (imr__expr_gate()
 * over every rule's applies), the computed facts, the primary.* facts with
 * the request.* facts they mirror, and the words of the names and members
 * an item's description uses. Stored as rules->eval_index. Returns 0 or
 * IMR_ENOMEM. */
int imr__eval_prepare(imr_rules *rules);

/* The members of request.procedure the index knows (0 when it has none),
 * and the rules an item with procedure member @p member can be governed by
 * (a member of nprocs or more: an item with no procedure), ascending: *n
 * rule numbers. Valid once imr__eval_prepare() succeeded. */
size_t imr__eval_procedures(const imr_rules *rules);
const uint32_t *imr__eval_candidates(const imr_rules *rules, size_t member, size_t *n);
void imr__eval_index_free(struct imr_eval_index *index);

/* Whether @p rule is in effect on @p date. */
int imr__eval_in_effect(const imr_rule *rule, int32_t date);

#endif
