/* imrcheck/rules.h - loading, validating and inspecting a rule set.
 *
 * A rule set is everything under a rules directory: the fact vocabulary,
 * the precedence of guidelines, the rules with their test cases and the
 * lexicons. It is built once per run, validated completely (every problem
 * of every file is reported) and read-only afterwards, so any number of
 * threads may use one rule set at the same time. */
#ifndef IMRCHECK_RULES_H
#define IMRCHECK_RULES_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "diag.h"
#include "limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_rules imr_rules;

typedef struct imr_rules_options {
	const imr_limits *limits;  /* NULL: the defaults of limits.h */
} imr_rules_options;

#define IMR_RULES_OPTIONS_INIT { NULL }

/** Load and validate every *.yaml file below @p dir (recursively).
 *  @return IMR_OK, or IMR_EINVALID with every problem in @p diags,
 *  IMR_EIO, IMR_ELIMIT, IMR_ENOMEM. On success the caller owns *out and
 *  releases it with imr_rules_free(); on failure *out is NULL. Warnings may
 *  be added to @p diags on success too. */
IMR_API int imr_rules_load_dir(imr_rules **out, const char *dir, const imr_rules_options *opts,
			       imr_diags *diags);

/** Load and validate a list of files and directories as one rule set. */
IMR_API int imr_rules_load_paths(imr_rules **out, const char *const *paths, size_t count,
				 const imr_rules_options *opts, imr_diags *diags);

IMR_API void imr_rules_free(imr_rules *rules);  /* NULL is a no-op */

/** Hex SHA-256 of the rule files' paths (relative to the loaded root) and
 *  contents in load order: identifies the rule set in reproducible output.
 *  Mute files (kind audit-mute) are left out: they change what an audit
 *  report leaves out, not what the rules decide. Borrowed from @p rules. */
IMR_API const char *imr_rules_digest(const imr_rules *rules);

/** The entries of the rule set's mute files (kind audit-mute, such as
 *  rules/audit-mute.yaml; mute.h), or NULL when it has none. Borrowed. */
IMR_API const struct imr_mute *imr_rules_mute(const imr_rules *rules);

/** Number of files that were loaded. */
IMR_API size_t imr_rules_file_count(const imr_rules *rules);

/* ---- inspecting rules (for explain and reports) ---- */

/** A rule's citation, as written in its file. Absent fields are NULL. */
typedef struct imr_citation {
	const char *document;
	const char *chapter;
	const char *section;
	const char *pages;
	const char *confidence;
	const char *note;
} imr_citation;

typedef enum imr_recommendation {
	IMR_RECOMMENDED = 0,
	IMR_CONDITIONAL,
	IMR_NOT_RECOMMENDED
} imr_recommendation;

typedef struct imr_criterion_info {
	const char *id;          /* local id within the rule */
	const char *text;
	const char *advice;
	const char *when;        /* source text of the when expression, or NULL */
	const char *require;     /* source text of the require expression */
	int contraindication;
	int advisory;            /* role advisory: advice, never decides the service */
	imr_citation citation;   /* the criterion's own fields; NULL = the rule's */
} imr_criterion_info;

typedef struct imr_rule_info {
	const char *id;
	const char *title;
	const char *guideline;
	const char *summary;
	imr_recommendation recommendation;
	int complete;
	int has_from, has_to;
	int32_t from, to;        /* effective dates (days, see date.h) */
	const char *applies;     /* source text of the applies expression */
	imr_citation citation;
	const char *file;
	unsigned line;
	size_t criteria;         /* number of criteria */
	size_t tests;            /* number of test cases */
} imr_rule_info;

IMR_API size_t imr_rules_count(const imr_rules *rules);

/** Rule @p index (0-based, in load order) or NULL when out of range. */
IMR_API int imr_rules_get(imr_rule_info *out, const imr_rules *rules, size_t index);

/** Find a rule by id. @return its index, or IMR_ENOTFOUND. */
IMR_API int imr_rules_find(const imr_rules *rules, const char *id);

IMR_API int imr_rules_criterion(imr_criterion_info *out, const imr_rules *rules, size_t rule,
				size_t criterion);

/** "MTUS Chronic Pain ... , Epidural steroid injections (ESIs), p. 46" */
IMR_API int imr_citation_format(char **out, const imr_citation *citation);

IMR_API const char *imr_recommendation_name(imr_recommendation rec);

/** The guideline precedence: @p index from 0 (highest) or NULL. */
IMR_API const char *imr_rules_guideline(const imr_rules *rules, size_t index, const char **title,
					const char **basis);

/* ---- the vocabulary ---- */

typedef struct imr_fact_info {
	const char *name;
	const char *type;        /* "boolean", "number", "date", "enum", "set" */
	const char *of;          /* enum name for enum and set facts */
	const char *unit;
	const char *description;
	int derived;
} imr_fact_info;

IMR_API size_t imr_rules_fact_count(const imr_rules *rules);
IMR_API int imr_rules_fact(imr_fact_info *out, const imr_rules *rules, size_t index);

/** An enum of the vocabulary (borrowed strings, valid as long as the rules). */
typedef struct imr_enum_info {
	const char *name;
	const char *description;
	size_t values;           /* number of members */
} imr_enum_info;

/** Enums in load order; IMR_ENOTFOUND past the end. */
IMR_API size_t imr_rules_enum_count(const imr_rules *rules);
IMR_API int imr_rules_enum(imr_enum_info *out, const imr_rules *rules, size_t index);
/** Member @p member of enum @p index: its name, and its description in
 *  *description when not NULL. NULL when out of range. */
IMR_API const char *imr_rules_enum_value(const imr_rules *rules, size_t index, size_t member,
					 const char **description);

#ifdef __cplusplus
}
#endif
#endif
