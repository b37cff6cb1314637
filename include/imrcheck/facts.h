/* imrcheck/facts.h - clinical facts and request attributes with evidence.
 *
 * A fact is a dotted name from the vocabulary in rules/ with a type. Its
 * value has a status: present (with a value), absent (documented as not
 * there) or not documented. "Not documented" is not "absent": the
 * difference is what a pre-submission check reports as missing.
 *
 * An imr_facts holds values for the facts of one vocabulary. It borrows the
 * rule set it was made from, which must outlive it. */
#ifndef IMRCHECK_FACTS_H
#define IMRCHECK_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct imr_rules imr_rules;
typedef struct imr_facts imr_facts;

typedef enum imr_fact_type {
	IMR_TYPE_BOOLEAN = 0,
	IMR_TYPE_NUMBER,
	IMR_TYPE_DATE,
	IMR_TYPE_ENUM,
	IMR_TYPE_SET
} imr_fact_type;

typedef enum imr_fact_status {
	IMR_FACT_NOT_DOCUMENTED = 0,
	IMR_FACT_PRESENT,
	IMR_FACT_ABSENT
} imr_fact_status;

/** Where a fact was found. Every string may be NULL. */
typedef struct imr_evidence {
	const char *text;    /* the sentence or phrase that documents the fact */
	const char *source;  /* section or document it came from */
	unsigned line;       /* 1-based line in the source text, 0 if unknown */
	size_t start, end;   /* byte span in the source text (end exclusive) */
	unsigned flags;      /* IMR_CONTEXT_* bits (see extract.h) */
} imr_evidence;

/** Make an empty fact set (everything not documented) for @p rules.
 *  The caller owns *out; release it with imr_facts_free(). */
IMR_API int imr_facts_new(imr_facts **out, const imr_rules *rules);
IMR_API void imr_facts_free(imr_facts *facts);

/** Setters by vocabulary name. Each returns IMR_ENOTFOUND for an unknown
 *  name, IMR_EINVALID for a value of the wrong type or outside the fact's
 *  range, IMR_ENOMEM. Setting a fact replaces its value and evidence. */
IMR_API int imr_facts_set_bool(imr_facts *facts, const char *name, int value);
IMR_API int imr_facts_set_number(imr_facts *facts, const char *name, double value);
IMR_API int imr_facts_set_date(imr_facts *facts, const char *name, int32_t date);
IMR_API int imr_facts_set_enum(imr_facts *facts, const char *name, const char *member);
IMR_API int imr_facts_add_member(imr_facts *facts, const char *name, const char *member);
IMR_API int imr_facts_set_absent(imr_facts *facts, const char *name);
IMR_API int imr_facts_clear(imr_facts *facts, const char *name);

/** Attach evidence to a fact that has a value. Strings are copied. */
IMR_API int imr_facts_add_evidence(imr_facts *facts, const char *name, const imr_evidence *ev);

/** Status of a fact as stored (derived facts are not computed here). */
IMR_API imr_fact_status imr_facts_status(const imr_facts *facts, const char *name);

/** Render a fact's stored value ("true", "60", "2015-06-15", "[L4-L5, L5-S1]",
 *  "absent", "not documented") into @p out of @p size bytes. */
IMR_API void imr_facts_value_text(const imr_facts *facts, const char *name, char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif
