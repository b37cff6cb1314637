/* overlay.h - a fact set seen through a few changed values (internal).
 *
 * Evaluating an item reads hundreds of facts and changes a handful of its
 * request attributes: the date, numbers computed from others, what an
 * associated item lends its primary, a primary's attributes mirrored for
 * the items that follow it. A full imr_facts holds a slot for every
 * vocabulary fact (hundreds of 64-byte values); an overlay holds only the
 * changed values, over a base set it borrows and never modifies, so an item
 * costs a few entries instead of a copy of the vocabulary.
 *
 * Invariants: a fact has at most one entry; an entry replaces the base's
 * value whole (status, number, members and evidence). Entries, members and
 * evidence live in the arena given at init, which must outlive the overlay;
 * nothing is freed one by one. */
#ifndef IMR_OVERLAY_H
#define IMR_OVERLAY_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "model.h"

typedef struct imr_overlay {
	const imr_rules *rules;
	const imr_facts *base;  /* borrowed; NULL: nothing documented below */
	imr_arena *arena;       /* borrowed: where entries and their data live */
	int *facts;             /* the changed facts, in order of first change */
	imr_value *values;      /* their values (ev_store is never used) */
	size_t count, cap;
} imr_overlay;

/* Start an empty overlay over @p base (may be NULL) for the vocabulary of
 * @p rules, allocating from @p arena. Cannot fail. */
void imr__overlay_init(imr_overlay *o, const imr_rules *rules, const imr_facts *base,
		       imr_arena *arena);

/* The value of fact @p fact: the overlay's entry, else the base's value,
 * else an undocumented value. A negative or out-of-range fact is
 * undocumented. The pointer is valid until the next change of @p fact.
 * Inline: evaluating a criterion reads a fact for every atom. */
static inline const imr_value *imr__overlay_value(const imr_overlay *o, int fact)
{
	size_t i;
	for (i = 0; i < o->count; i++)
		if (o->facts[i] == fact)
			return &o->values[i];
	return imr__facts_value(o->base, fact);
}

/* Set fact @p fact (0 <= fact < rules->nfacts) to a value with no
 * evidence, replacing any earlier value; @p members (nmembers entries) are
 * copied. Returns 0 or IMR_ENOMEM (the overlay is then unchanged). */
int imr__overlay_set(imr_overlay *o, int fact, imr_fact_status status, double num,
		     const uint16_t *members, size_t nmembers);

/* Add @p ev to the evidence of fact @p fact, which must have an entry of
 * its own (set first); its strings are copied. Returns 0 or IMR_ENOMEM. */
int imr__overlay_add_ev(imr_overlay *o, int fact, const imr_evidence *ev);

/* Set every undocumented fact of @p computed (@p n fact numbers, in
 * vocabulary order, each with a 'compute') from the facts it is computed
 * from, as imr__facts_compute() does for a whole set: the same values, in
 * the same passes, with the same evidence. Returns 0 or IMR_ENOMEM. */
int imr__overlay_compute(imr_overlay *o, const int *computed, size_t n);

#endif
