/* overlay.c - a fact set seen through a few changed values.
 *
 * The entries are kept in a small array searched from the start: an item
 * changes a handful of facts, and reading one is a few integer compares
 * before the base set's slot. Growing copies the entries to a larger block
 * of the arena (the old block stays in the arena until it is released). */
#include "overlay.h"

#include <string.h>

#include "imrcheck/buf.h"

/* Entries a fresh overlay makes room for: the date, a computed number or
 * two, and a few lent or mirrored attributes. */
#define OVERLAY_FIRST_CAP 8

/* ---- reading ---- */

static int find(const imr_overlay *o, int fact)
{
	size_t i;
	for (i = 0; i < o->count; i++)
		if (o->facts[i] == fact)
			return (int)i;
	return -1;
}

static const imr_value *overlay_get(const void *ctx, int fact)
{
	return imr__overlay_value(ctx, fact);
}

/* ---- changing ---- */

void imr__overlay_init(imr_overlay *o, const imr_rules *rules, const imr_facts *base,
		       imr_arena *arena)
{
	memset(o, 0, sizeof(*o));
	o->rules = rules;
	o->base = base;
	o->arena = arena;
}

/* The entry of @p fact, made (undocumented) when there is none; NULL when
 * the arena fails. */
static imr_value *entry(imr_overlay *o, int fact)
{
	int at = find(o, fact);
	if (at >= 0)
		return &o->values[at];
	if (o->count == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : OVERLAY_FIRST_CAP;
		int *facts = imr__arena_alloc(o->arena, cap * sizeof(int));
		imr_value *values = imr__arena_alloc(o->arena, cap * sizeof(imr_value));
		if (!facts || !values)
			return NULL;
		if (o->count) {
			memcpy(facts, o->facts, o->count * sizeof(int));
			memcpy(values, o->values, o->count * sizeof(imr_value));
		}
		o->facts = facts;
		o->values = values;
		o->cap = cap;
	}
	o->facts[o->count] = fact;
	memset(&o->values[o->count], 0, sizeof(imr_value));
	return &o->values[o->count++];
}

int imr__overlay_set(imr_overlay *o, int fact, imr_fact_status status, double num,
		     const uint16_t *members, size_t nmembers)
{
	uint16_t *copy = NULL;
	imr_value *v;
	if (nmembers) {
		copy = imr__arena_alloc(o->arena, nmembers * sizeof(uint16_t));
		if (!copy)
			return IMR_ENOMEM;
		memcpy(copy, members, nmembers * sizeof(uint16_t));
	}
	if (!(v = entry(o, fact)))
		return IMR_ENOMEM;
	memset(v, 0, sizeof(*v));
	v->status = status;
	v->num = num;
	v->members = copy;
	v->nmembers = nmembers;
	return IMR_OK;
}

int imr__overlay_add_ev(imr_overlay *o, int fact, const imr_evidence *ev)
{
	int at = find(o, fact);
	imr_value *v;
	imr_evidence *list;
	if (at < 0)
		return IMR_EINVALID;
	v = &o->values[at];
	list = imr__arena_alloc(o->arena, (v->nev + 1) * sizeof(*list));
	if (!list)
		return IMR_ENOMEM;
	if (v->nev)
		memcpy(list, v->ev, v->nev * sizeof(*list));
	list[v->nev] = *ev;
	list[v->nev].text = imr__arena_strdup(o->arena, ev->text);
	list[v->nev].source = imr__arena_strdup(o->arena, ev->source);
	if (o->arena->failed)
		return IMR_ENOMEM;
	v->ev = list;
	v->nev++;
	return IMR_OK;
}

/* ---- computed facts ---- */

int imr__overlay_compute(imr_overlay *o, const int *computed, size_t n)
{
	const imr_rules *rules = o->rules;
	size_t i, pass;
	/* as imr__facts_compute(): computed facts may feed each other (the
	 * loader refuses cycles), so repeat until nothing changes */
	for (pass = 0; pass <= rules->nfacts; pass++) {
		int changed = 0;
		for (i = 0; i < n; i++) {
			int fact = computed[i];
			imr_buf text = IMR_BUF_INIT;
			imr_evidence ev;
			double result;
			int err;
			if (imr__overlay_value(o, fact)->status != IMR_FACT_NOT_DOCUMENTED)
				continue;
			err = imr__compute_fact(rules, &rules->facts[fact], overlay_get, o, &result, &text);
			if (err > 0) {
				err = imr__overlay_set(o, fact, IMR_FACT_PRESENT, result, NULL, 0);
				memset(&ev, 0, sizeof(ev));
				ev.text = imr_buf_cstr(&text);
				ev.source = "computed";
				if (!err)
					err = imr__overlay_add_ev(o, fact, &ev);
				changed = 1;
			}
			imr_buf_dispose(&text);
			if (err < 0)
				return err;
		}
		if (!changed)
			break;
	}
	return 0;
}
