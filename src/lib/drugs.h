/* drugs.h - drug data: names, ingredients, classes, forms and morphine
 * equivalents, read from files of kind `drugs` (internal).
 *
 * The drug files under rules/ say what each drug is: a generic ingredient
 * (its names, drug classes and, for an opioid, its morphine milligram
 * equivalent conversion factor) or a product (brand or compounded: its
 * names, ingredients in the order their strengths are written, forms,
 * routes). This module knows the shape of those files and nothing of their
 * content. Loading runs in three steps, interleaved with the vocabulary:
 *
 *   imr__drugs_load()     after the vocabulary enums: reads the files,
 *                         checks classes, forms and routes against the
 *                         vocabulary enums drug_class, dose_form, route and
 *                         strength_unit, and adds the enums 'ingredient'
 *                         and 'drug' (ingredients first, then products);
 *   imr__drugs_bind()     after the facts: finds the request.* and
 *                         medication.* facts the drug data fills and checks
 *                         their types (docs/rule-language.md, "Drug files");
 *   imr__drugs_lexicons() with the lexicons: the names become lexicon
 *                         entries of the ordinary lexicon machinery, one per
 *                         drug, for service text and for clinical notes.
 *
 * After matching, imr__drugs_resolve() completes what the names imply:
 * ingredients, classes, a product's only form and route (before the
 * lexicons' inferences), the strength of the opioid ingredient and its
 * conversion factor (after them). Everything is read-only
 * after loading. */
#ifndef IMR_DRUGS_H
#define IMR_DRUGS_H

#include <stdint.h>

#include "arena.h"
#include "imrcheck/drugs.h"
#include "lexicon.h"
#include "model.h"

/* ---- the table (drugs_load.c builds it, drugs.c reads it) ----
 *
 * Drug i is member i of the generated enum 'drug' and ingredient i member i
 * of the enum 'ingredient'; the first ningr drugs are the generic
 * ingredients (drug i names ingredient i), the products follow in file
 * order. Class, form, route and unit members are indexes into the
 * vocabulary enums of the file format. Strings live in the arena. */

typedef struct imr_drugcit {
	const char *id;
	const char *document, *chapter, *section, *pages, *confidence, *note;
} imr_drugcit;

typedef struct imr_drugingr {
	const char *id, *description, *note, *no_mme;
	const char **names;
	size_t nnames;
	uint16_t *classes;
	size_t nclasses;
	int has_mme, continuous, per; /* per: member of strength_unit, or -1 */
	double factor;
	imr_mme_tier *tiers;
	size_t ntiers;
	int cit;                  /* index into cits, or -1 */
	const char *file;
	unsigned line, col;
} imr_drugingr;

typedef struct imr_drugdef {
	const char *id, *description, *note;
	int product;
	const char **names;
	size_t nnames;
	unsigned names_line, names_col;
	unsigned *name_lines, *name_cols;  /* of each name, for diagnostics */
	uint16_t *ingr;           /* ingredient indexes, in written order */
	size_t ningr;
	uint16_t *classes;        /* union of the ingredients' and the product's, sorted */
	size_t nclasses;
	uint16_t *forms, *routes;
	size_t nforms, nroutes;
	int compounded, extended_release;
	/* string views for the public API */
	const char **ingr_ids, **class_ids, **form_ids, **route_ids;
	const char *file;
	unsigned line, col;
} imr_drugdef;

/* Facts the drug data fills (-1 when the vocabulary does not declare them). */
typedef struct imr_drugfacts {
	int drug, drugs, ingredients, classes, form, route, compounded, extended_release;
	int strength[3], unit, units_per_dose, doses_per_day;
	int opioid_strength, opioid_rate, mme_factor;
	int med_drugs, med_ingredients, med_classes;
} imr_drugfacts;

struct imr_drugs {
	imr_arena arena;
	imr_drugcit *cits;
	size_t ncits;
	imr_drugingr *ingr;
	size_t ningr;
	imr_drugdef *drugs;          /* ningr generics, then the products */
	size_t ndrugs;
	const char **exclude;     /* notes_exclude patterns */
	size_t nexclude;
	const char *first_file;
	int e_class, e_form, e_route, e_unit;  /* vocabulary enums, or -1 */
	int e_ingr, e_drug;                    /* generated enums */
	imr_drugfacts f;
	imr_arena gen;            /* generated lexicon documents */
};


/* A name as compared: lower case, runs of spaces, dashes, slashes and
 * underscores as one space, no space at either end. In @p a; NULL when
 * out of memory. */
char *imr__drugs_name_key(imr_arena *a, const char *s);

/* Sort enum members ascending (sets keep sorted members). */
void imr__drugs_sort_members(uint16_t *m, size_t n);


/* ---- loading and use ---- */

/* Read and validate every drug file of @p srcs into @p rules and add the
 * generated enums (drugs_load.c). Without drug files nothing is done. Returns IMR_OK,
 * IMR_EINVALID (problems in @p diags), IMR_ENOMEM. */
int imr__drugs_load(imr_rules *rules, const imr_lexsrc *srcs, size_t count, imr_diags *diags);

/* Resolve the facts the drug data sets (once the vocabulary facts are
 * loaded) and check their types. Returns IMR_OK or IMR_EINVALID. */
int imr__drugs_bind(imr_rules *rules, imr_diags *diags);

/* The generated lexicon documents (at most 2) for imr__lexicon_load_all():
 * *count is set to how many were written to @p out. They live until
 * imr__drugs_lexicons_done(). A drug whose names make a pattern longer
 * than @p limits allow is reported at its names in @p diags. Returns
 * IMR_OK, IMR_EINVALID or IMR_ENOMEM. */
int imr__drugs_lexicons(imr_rules *rules, const imr_limits *limits, imr_diags *diags, imr_lexsrc *out,
			size_t *count);
void imr__drugs_lexicons_done(imr_rules *rules);

/* Complete the drug attributes of @p facts after the lexicons of @p target
 * matched, in two steps. IMR_DRUGS_NAMES, before the lexicons'
 * inferences (so that they may read them): for service text the
 * ingredients, classes, a product's only form and route, compounding and
 * extended release; for notes the medication.* ingredients and classes.
 * IMR_DRUGS_DOSES, after the inferences and before computed facts: the
 * opioid's strength in its written position and its conversion factor
 * (a factor by daily dose needs the units per dose and doses per day the
 * inferences may have set). Facts already documented are kept. Returns 0
 * or IMR_ENOMEM. */
typedef enum imr_drugs_step { IMR_DRUGS_NAMES = 0, IMR_DRUGS_DOSES } imr_drugs_step;

int imr__drugs_resolve(const imr_rules *rules, imr_lex_target target, imr_facts *facts, imr_drugs_step step);

/* The routes of drug @p drug: their count, with up to @p max members of
 * the 'route' enum written to @p out. */
size_t imr__drugs_routes(const imr_rules *rules, size_t drug, int *out, size_t max);

void imr__drugs_free(imr_drugs *drugs);

#endif
