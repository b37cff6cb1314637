/* imrcheck/eval.h - deciding requested items against the rules.
 *
 * imr_eval_request() decides every item of a request: which rules apply
 * (procedure, dates, precedence), each criterion in three-valued logic with
 * the evidence that decided it, the item's medical necessity and predicted
 * IMR outcome, what would change a denial, and associated services after
 * their primary. The result is a read-only tree of plain structs owned by
 * the imr_result; every pointer in it lives as long as the result. */
#ifndef IMRCHECK_EVAL_H
#define IMRCHECK_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "facts.h"
#include "request.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum imr_status {
	IMR_STATUS_MET = 0,
	IMR_STATUS_NOT_MET,
	IMR_STATUS_NOT_DOCUMENTED,
	IMR_STATUS_NOT_APPLICABLE
} imr_status;

typedef enum imr_outcome {
	IMR_OUTCOME_OVERTURNED = 0, /* medically necessary: the denial would be overturned */
	IMR_OUTCOME_UPHELD,         /* not medically necessary: the denial would stand */
	IMR_OUTCOME_INDETERMINATE   /* no rule governs, or the request is unclassifiable */
} imr_outcome;

/** A fact that took part in deciding a criterion. */
typedef struct imr_fact_use {
	const char *fact;        /* vocabulary name */
	const char *value;       /* "true", "60", "absent", "not documented", ... */
	const char *atom;        /* the expression atom it was tested by */
	int derived;             /* value computed from other facts */
	const imr_evidence *evidence;
	size_t evidence_count;
	size_t evidence_more;    /* further matches that agree with the value, beyond
				  * limits.evidence; they are not listed (added) */
} imr_fact_use;

typedef struct imr_criterion_result {
	const char *id;          /* "<rule-id>/<criterion-id>" */
	const char *rule_id;
	const char *local_id;
	imr_status status;
	const char *text;
	const char *advice;
	const char *citation;    /* formatted: the criterion's own or the rule's */
	int contraindication;
	int advisory;            /* role advisory: shown as advice, never decides */
	int assumed;             /* the status comes from if_undocumented, not from
				  * documented facts */
	const imr_fact_use *evidence;  /* facts that decided the status */
	size_t evidence_count;
	const char *const *missing;    /* facts not documented (for not_documented) */
	size_t missing_count;
} imr_criterion_result;

typedef enum imr_rule_role {
	IMR_RULE_GOVERNING = 0,  /* consulted, and named as the item's rule */
	IMR_RULE_CONSULTED,      /* consulted under precedence */
	IMR_RULE_SUPERSEDED      /* applies, but a higher guideline governs */
} imr_rule_role;

typedef struct imr_rule_use {
	const char *id;
	const char *title;
	const char *guideline;
	const char *citation;    /* formatted */
	const char *recommendation;
	int complete;
	int satisfied;           /* every applicable criterion met and recommended */
	imr_rule_role role;
	const char *effective_from, *effective_to;  /* "YYYY-MM-DD" or NULL */
} imr_rule_use;

/** What a decided item's prediction rests on, strongest first. */
typedef enum imr_strength {
	IMR_STRENGTH_DOCUMENTED = 0,     /* a decisive criterion met or not met by
					  * documented facts, or the guideline's
					  * position on the service itself */
	IMR_STRENGTH_UNDOCUMENTED,       /* only on documentation that is missing (or
					  * assumed, such as absent red flags) */
	IMR_STRENGTH_EARLIER_GUIDELINE,  /* evaluated under an earlier encoded version
					  * because the guideline in force is not encoded */
	IMR_STRENGTH_NONE                /* indeterminate: nothing was predicted */
} imr_strength;

/** Why an item is indeterminate. */
typedef enum imr_undecided {
	IMR_UNDECIDED_NONE = 0,      /* decided */
	IMR_UNDECIDED_UNREAD,        /* the service text names no service the lexicons know */
	IMR_UNDECIDED_NO_RULE,       /* the service was read, but no rule is encoded for it */
	IMR_UNDECIDED_NOT_IN_EFFECT, /* rules exist, none in effect on the date (strict dates) */
	IMR_UNDECIDED_UNENCODED,     /* the governing guideline is not encoded (strict dates) */
	IMR_UNDECIDED_NO_DATE,       /* the request has no date */
	IMR_UNDECIDED_PRIMARY        /* its primary is indeterminate or missing */
} imr_undecided;

typedef struct imr_item_result {
	const char *id;
	const char *service;     /* as written, or NULL */
	const char *procedure;   /* request.procedure member, or NULL */
	const char *region;
	const char *requested;   /* what was read of the service, in words:
				  * "physical therapy; lumbar; 12 sessions; 6 weeks" */
	const char *date;        /* request date used, "YYYY-MM-DD" */
	const char *primary;     /* id of the primary item, for associated items */
	const char *const *followers;  /* ids of the associated items that follow this one */
	size_t follower_count;
	imr_outcome outcome;
	int medically_necessary; /* 1, 0, or -1 when indeterminate */
	const char *reason;      /* why indeterminate; NULL otherwise */
	imr_undecided undecided; /* the kind of reason */
	const imr_rule_use *rule;       /* governing rule, NULL when indeterminate */
	const imr_rule_use *rules;      /* consulted then superseded rules */
	size_t rule_count;
	const imr_criterion_result *criteria;  /* of the consulted rules */
	size_t criteria_count;
	int can_change;          /* 1: meeting change[] would make it necessary */
	const char *const *change;     /* criterion ids to meet (when can_change) */
	size_t change_count;
	const char *no_change_reason;  /* when not necessary and !can_change */
	const char *const *decided_by; /* decisive criterion ids behind the decision:
					* those not met or not documented when not
					* necessary, those met when necessary */
	size_t decided_by_count;
	const char *const *advice;     /* advisory criterion ids not met or not documented */
	size_t advice_count;
	imr_strength strength;
	const char *era_note;    /* why the item was evaluated under an earlier
				  * guideline than the one in force, or NULL */
	const char *rules_as_of; /* "YYYY-MM-DD" the rules were chosen for, when
				  * that is not the request date; NULL otherwise */
} imr_item_result;

typedef struct imr_result imr_result;

typedef struct imr_eval_options {
	/* When the guideline in force on the request date is not encoded (or
	 * no encoded rule is in effect then), 0 evaluates the item under the
	 * most recent encoded version of the same topic and says so (strength
	 * IMR_STRENGTH_EARLIER_GUIDELINE); 1 leaves it indeterminate. */
	int strict_dates;
} imr_eval_options;

#define IMR_EVAL_OPTIONS_INIT { 0 }

/** Decide every item of @p req. The caller owns *out and releases it with
 *  imr_result_free(). @return IMR_OK or IMR_ENOMEM. */
IMR_API int imr_eval_request(imr_result **out, const imr_rules *rules, const imr_request *req,
			     const imr_eval_options *opts);

IMR_API void imr_result_free(imr_result *result);

IMR_API size_t imr_result_item_count(const imr_result *result);
IMR_API const imr_item_result *imr_result_item(const imr_result *result, size_t index);

/** "met", "not_met", "not_documented", "not_applicable". */
IMR_API const char *imr_status_name(imr_status status);
/** "unread", "no_rule", "not_in_effect", "unencoded", "no_date", "primary", "none". */
IMR_API const char *imr_undecided_name(imr_undecided why);
/** "documented", "undocumented", "earlier_guideline", "none". */
IMR_API const char *imr_strength_name(imr_strength strength);
/** "overturned", "upheld", "indeterminate". */
IMR_API const char *imr_outcome_name(imr_outcome outcome);

#ifdef __cplusplus
}
#endif
#endif
