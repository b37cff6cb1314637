/* demand.h - the case facts an evaluation can read, and the facts each is
 * made from, so that an audit searches a case summary for those alone
 * (internal).
 *
 * An item is decided by the rules of its procedure (eval.c); they read the
 * case facts their applies, when and require name, and the governing-
 * guideline entries (rules/precedence.yaml) read theirs. A fact's value
 * comes from the matches of its own lexicon entries, and from other facts
 * in four ways: a `notes` lexicon's inference sets it when its `when`
 * holds, a computed number is made from its inputs, the ingredients and
 * classes of the medications named come from the drugs named, and a
 * derived boolean is read through its derivation when undocumented.
 * Entries of other facts never change it (extract.c combines each fact
 * from its own matches). So a summary searched with the entries of the
 * closure of the facts read over those four edges gives each of those
 * facts the value a search of every entry gives it.
 *
 * Made once after loading (imr__eval_prepare() first), read-only after:
 * threads share it. */
#ifndef IMR_DEMAND_H
#define IMR_DEMAND_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct imr_demand imr_demand;

/* Build rules->demand. Returns 0 or IMR_ENOMEM. */
int imr__demand_prepare(imr_rules *rules);

void imr__demand_free(imr_demand *demand);

/* Mark in @p want (rules->nfacts bytes) every fact the evaluation of an
 * item with procedure member @p member can read, with the facts they are
 * made from; marks already there are kept. An item without a procedure
 * (@p member < 0) is not evaluated and reads none. Returns 0, or -1 when
 * the rule set has no demand index (then every fact is wanted). */
int imr__demand_procedure(const imr_rules *rules, int member, unsigned char *want);

/* Mark in @p want what evaluating @p n items can read, knowing their
 * request.* attributes (@p attrs, one set per item): for each item with a procedure, the rules
 * of its procedure but those whose applies its attributes alone make false
 * (an applies that reads only attributes a service text documents: the
 * region of a knee MRI rules out the lumbar MRI rules), and the
 * governing-guideline entries, all with their sources. When an item of
 * the request lends attributes to its primary, each item's whole
 * procedure list instead. Returns 0, or -1 as above. */
int imr__demand_items(const imr_rules *rules, const imr_facts *const *attrs, size_t n, unsigned char *want);

/* Mark fact @p fact in @p want, with the facts it is made from. Returns
 * 0, or -1 as above. */
int imr__demand_fact(const imr_rules *rules, int fact, unsigned char *want);

/* How many facts the evaluation of procedure member @p member reads with
 * their sources (for tests and the benchmark); 0 without an index. */
size_t imr__demand_count(const imr_rules *rules, int member);

#endif
