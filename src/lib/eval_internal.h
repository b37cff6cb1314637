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

/* Whether @p rule is in effect on @p date. */
int imr__eval_in_effect(const imr_rule *rule, int32_t date);

#endif
