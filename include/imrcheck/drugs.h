/* imrcheck/drugs.h - what a rule set knows of drugs.
 *
 * The drug files of a rule set (kind: drugs, docs/rule-language.md) list
 * generic ingredients, with their drug classes and, for opioids, their
 * morphine milligram equivalent (MME) conversion factors, and products
 * (brands, compounded products, medical foods) with their ingredients,
 * forms and routes. Every ingredient is also a drug of its own: the generic
 * drug named by the ingredient's names. Drugs are numbered like the members
 * of the generated enum 'drug': ingredients first, then products, in file
 * order. Everything returned is borrowed from the rule set. */
#ifndef IMRCHECK_DRUGS_H
#define IMRCHECK_DRUGS_H

#include <stddef.h>
#include "common.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One step of a dose-dependent conversion factor (methadone): the factor
 *  applies to daily doses up to @p up_to (inclusive), or to any higher dose
 *  when @p has_up_to is 0. */
typedef struct imr_mme_tier {
	int has_up_to;
	double up_to;
	double factor;
} imr_mme_tier;

typedef struct imr_ingredient_info {
	const char *id;
	const char *const *names;    /* generic names and synonyms */
	size_t nnames;
	const char *const *classes;  /* members of the enum drug_class */
	size_t nclasses;
	int has_mme;                 /* a conversion factor is given */
	double mme_factor;           /* when ntiers is 0 */
	const imr_mme_tier *tiers;   /* by daily dose, lowest first */
	size_t ntiers;
	const char *mme_per;         /* strength unit the factor applies to ("mg") */
	int mme_continuous;          /* the strength is a rate (a patch): MED = rate x factor */
	const char *no_mme;          /* why no factor is given, or NULL */
	imr_citation mme_citation;   /* fields NULL when not given */
	const char *description, *note;
	const char *file;
	unsigned line;
} imr_ingredient_info;

typedef struct imr_drug_info {
	const char *id;
	int product;                 /* 1: a product; 0: a generic ingredient */
	const char *const *names;
	size_t nnames;
	const char *const *ingredients;  /* ingredient ids, in the order strengths are written */
	size_t ningredients;
	const char *const *classes;  /* of the ingredients and of the product */
	size_t nclasses;
	const char *const *forms;    /* members of the enum dose_form */
	size_t nforms;
	const char *const *routes;   /* members of the enum route */
	size_t nroutes;
	int compounded;
	int extended_release;
	const char *description, *note;
	const char *file;
	unsigned line;
} imr_drug_info;

/** Number of drugs (ingredients and products); 0 without drug files. */
IMR_API size_t imr_drugs_count(const imr_rules *rules);

/** Drug @p index. @return IMR_OK, or IMR_ENOTFOUND when out of range. */
IMR_API int imr_drugs_get(imr_drug_info *out, const imr_rules *rules, size_t index);

/** The drug whose id or one of whose names is @p name, ignoring case and
 *  runs of spaces, dashes and slashes. @return its index, or IMR_ENOTFOUND. */
IMR_API int imr_drugs_find(const imr_rules *rules, const char *name);

/** Ingredient @p id. @return IMR_OK, or IMR_ENOTFOUND. */
IMR_API int imr_drugs_ingredient(imr_ingredient_info *out, const imr_rules *rules, const char *id);

#ifdef __cplusplus
}
#endif
#endif
