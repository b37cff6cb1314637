/* audit_stats.c - the statistics of an audit, counted as letters are emitted.
 *
 * Letters are counted in input order as they are handed out, so nothing
 * of a letter but its compact keys outlives its record: strings by number
 * in one table (each stored once), tallies by string id, the criteria
 * left unmet. The sorted statistics are made once, at the end. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit_impl.h"
#include "model.h"
#include "specialty.h"
#include "mute_internal.h"

/* ---- what is kept of a letter ---- */

static uint64_t str_hash(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static int strtab_rehash(imr__strtab *t, size_t nindex)
{
	uint32_t *index = imr__calloc(nindex, sizeof(uint32_t));
	size_t i;
	if (!index)
		return IMR_ENOMEM;
	for (i = 0; i < t->count; i++) {
		size_t j = str_hash(t->strs[i]) & (nindex - 1);
		while (index[j])
			j = (j + 1) & (nindex - 1);
		index[j] = (uint32_t)(i + 1);
	}
	imr__free(t->index);
	t->index = index;
	t->nindex = nindex;
	return 0;
}

/* The id of @p str, copied into @p arena when new; -1 when memory runs out. */
long imr__strtab_intern(imr__strtab *t, imr_arena *arena, const char *str)
{
	size_t j;
	void *grown;
	const char *copy;
	if ((t->count + 1) * 2 > t->nindex && strtab_rehash(t, t->nindex ? t->nindex * 2 : 256) < 0)
		return -1;
	for (j = str_hash(str) & (t->nindex - 1); t->index[j]; j = (j + 1) & (t->nindex - 1))
		if (strcmp(t->strs[t->index[j] - 1], str) == 0)
			return (long)t->index[j] - 1;
	grown = (void *)t->strs;
	if (t->count >= UINT32_MAX - 1 || imr__grow(&grown, &t->cap, t->count + 1, sizeof(char *)) < 0)
		return -1;
	t->strs = grown;
	if (!(copy = imr__arena_strdup(arena, str)))
		return -1;
	t->strs[t->count] = copy;
	t->index[j] = (uint32_t)(t->count + 1);
	return (long)t->count++;
}

void imr__strtab_dispose(imr__strtab *t)
{
	imr__free((void *)t->strs);
	imr__free(t->index);
}

/* Room for @p id in an array of @p size-byte elements indexed by string
 * id, new elements zeroed. */
int imr__audit_grow_by_id(void *array, size_t *cap, size_t id, size_t size)
{
	void **a = array;
	size_t old = *cap;
	if (id < old)
		return 0;
	if (imr__grow(a, cap, id + 1, size) < 0)
		return IMR_ENOMEM;
	memset((char *)*a + old * size, 0, (*cap - old) * size);
	return 0;
}

static void count_into(imr_tally *t, const imr_audit_item *it)
{
	t->items++;
	if (it->agrees > 0)
		t->agree++;
	else if (it->agrees == 0)
		t->disagree++;
	else
		t->indeterminate++;
}

static int tally(imr_audit *au, imr__tally_set *set, const char *key, const imr_audit_item *it)
{
	long id = imr__strtab_intern(&au->strings, &au->arena, key);
	if (id < 0 || imr__audit_grow_by_id(&set->where, &set->capwhere, (size_t)id, sizeof(size_t)) < 0)
		return IMR_ENOMEM;
	if (!set->where[id]) {
		void *grown = set->items;
		if (imr__grow(&grown, &set->cap, set->count + 1, sizeof(imr_tally)) < 0)
			return IMR_ENOMEM;
		set->items = grown;
		memset(&set->items[set->count], 0, sizeof(imr_tally));
		set->items[set->count].key = au->strings.strs[id];
		set->where[id] = ++set->count;
	}
	count_into(&set->items[set->where[id] - 1], it);
	return 0;
}

static int count_unmet(imr_audit *au, const char *criterion)
{
	long id = imr__strtab_intern(&au->strings, &au->arena, criterion);
	if (id < 0 || imr__audit_grow_by_id(&au->unmet_count, &au->capunmet, (size_t)id, sizeof(size_t)) < 0)
		return IMR_ENOMEM;
	if (!au->unmet_count[id]++) {
		void *grown = au->unmet_ids;
		if (imr__grow(&grown, &au->capunmet_ids, au->nunmet_ids + 1, sizeof(uint32_t)) < 0)
			return IMR_ENOMEM;
		au->unmet_ids = grown;
		au->unmet_ids[au->nunmet_ids++] = (uint32_t)id;
	}
	return 0;
}


/* Whether the letter of @p s repeats the case of a letter counted before
 * it: then it is marked so, its items and findings are left out of its
 * record (its first letter has them), and 1 is returned. */
static int repeats_a_case(imr_audit *au, imr__audit_slot *s)
{
	imr_audit_letter *l = &s->letter;
	uint32_t first;
	int seen;
	if (l->failed)
		return 0;
	seen = imr__casekeys_see(&au->cases, l->case_number, l->text_digest, (uint32_t)l->index, &first);
	if (seen <= 0)
		return seen;
	if (!(l->duplicate_of = imr__audit_letter_file(au, first)))
		return IMR_ENOMEM;
	l->items = NULL;
	l->item_count = 0;
	l->findings = NULL;
	l->finding_count = 0;
	s->nfindings = 0;
	au->stats.duplicates++;
	return 1;
}

/* Count item @p it under each reason its rationale gives (the table is by
 * fact index: a reason's count, never a list of its items). */
static int count_reasons(imr_audit *au, const imr_audit_item *it)
{
	const imr_rules *rules = au->rules;
	size_t r;
	if (!it->reason_count)
		return 0;
	au->stats.with_reasons++;
	if (!au->reasons && !(au->reasons = imr__calloc(rules->nfacts + 1, sizeof(imr_reason_tally))))
		return IMR_ENOMEM;
	for (r = 0; r < it->reason_count; r++) {
		int f = imr__vocab_fact(rules, it->reasons[r], strlen(it->reasons[r]));
		imr_reason_tally *t;
		if (f < 0)
			continue; /* not the rule set's: never, records are checked */
		t = &au->reasons[f];
		t->reason = rules->facts[f].name;
		t->items++;
		t->upheld += it->actual == IMR_OUTCOME_UPHELD;
		t->overturned += it->actual == IMR_OUTCOME_OVERTURNED;
		t->predicted_upheld += it->predicted == IMR_OUTCOME_UPHELD;
		t->predicted_overturned += it->predicted == IMR_OUTCOME_OVERTURNED;
		t->indeterminate += it->predicted == IMR_OUTCOME_INDETERMINATE;
		t->agree += it->agrees > 0;
	}
	return 0;
}

/* ---- muting ---- */

int imr__audit_mute(imr_audit *au, const imr_finding *f)
{
	size_t k, base = 0;
	for (k = 0; k < 2; k++) {
		long e = au->mutes[k] ? imr__mute_find(au->mutes[k], au->mute_matcher, f->code, f->message, f->evidence)
				      : -1;
		if (e >= 0) {
			au->mute_counts[base + (size_t)e].count++;
			au->stats.muted++;
			return 1;
		}
		base += imr_mute_count(au->mutes[k]);
	}
	return 0;
}

/* Move the letter's muted findings aside (kept in the record for JSON
 * Lines), in their order. */
static int mute_letter(imr_audit *au, imr__audit_slot *s)
{
	size_t i, n = 0;
	if (!au->nmutes)
		return 0;
	for (i = 0; i < s->nfindings; i++) {
		if (!imr__audit_mute(au, &s->findings[i])) {
			s->findings[n++] = s->findings[i];
			continue;
		}
		{
			void *grown = s->muted;
			if (imr__grow(&grown, &s->capmuted, s->nmuted + 1, sizeof(imr_finding)) < 0)
				return IMR_ENOMEM;
			s->muted = grown;
			s->muted[s->nmuted++] = s->findings[i];
		}
	}
	s->nfindings = n;
	s->letter.findings = s->findings;
	s->letter.finding_count = n;
	s->letter.muted = s->muted;
	s->letter.muted_count = s->nmuted;
	return 0;
}

/* Count an emitted letter into the statistics and keep what the pass
 * across letters needs of it. */
int imr__audit_account_letter(imr_audit *au, imr__audit_slot *s)
{
	imr_audit_stats *st = &au->stats;
	const imr_audit_letter *l = &s->letter;
	imr_buf spec = IMR_BUF_INIT; /* the specialty under its canonical names */
	size_t i, j, k;
	int err = 0;

	st->letters++;
	if (!l->failed && l->index > UINT32_MAX)
		return IMR_ELIMIT;
	if ((err = repeats_a_case(au, s)) != 0)
		return err < 0 ? err : 0;
	if ((err = mute_letter(au, s)) < 0)
		return err;
	if ((err = imr__audit_note_phrases(au, s)) < 0)
		return err;
	for (i = 0; i < l->finding_count; i++)
		st->findings_by_type[l->findings[i].type]++;
	if (l->failed) {
		st->failed++;
		return 0;
	}
	st->parsed++;
	if (l->item_count && (err = imr__specialty_canonical(&spec, au->rules->specialties, l->specialty)) < 0) {
		imr_buf_dispose(&spec);
		return err;
	}
	for (j = 0; j < l->item_count && !err; j++) {
		const imr_audit_item *it = &l->items[j];
		int a = it->actual == IMR_OUTCOME_OVERTURNED;
		int p = it->predicted == IMR_OUTCOME_OVERTURNED ? 0 : it->predicted == IMR_OUTCOME_UPHELD ? 1 : 2;
		st->items++;
		if (it->agrees < 0)
			st->ungoverned++;
		else
			st->governed++;
		st->confusion[a][p]++;
		count_into(&st->overall, it);
		err = tally(au, &au->proc, it->procedure ? it->procedure : "unclassified", it);
		if (!err)
			err = tally(au, &au->guide, it->guideline ? it->guideline : "none", it);
		if (!err)
			err = tally(au, &au->spec, spec.size ? spec.ptr : "not stated", it);
		if (!err && it->agrees < 0)
			err = tally(au, &au->uncov, it->category, it);
		if (!err && it->agrees < 0)
			err = tally(au, &au->why, imr_undecided_name(it->undecided), it);
		if (!err && it->agrees >= 0)
			err = tally(au, &au->strength, imr_strength_name(it->strength), it);
		if (!err)
			err = count_reasons(au, it);
		if (!err && it->agrees >= 0 && it->procedure)
			err = imr__audit_keep_item(au, l, j);
		if (!err && it->case_print)
			err = imr__audit_keep_print(au, l, j);
		if (it->actual != IMR_OUTCOME_UPHELD || it->agrees < 0)
			continue;
		for (k = 0; k < it->unmet_count && !err; k++)
			err = count_unmet(au, it->unmet[k]);
	}
	imr_buf_dispose(&spec);
	return err;
}

/* ---- statistics ---- */

static int compare_tally(const void *a, const void *b)
{
	const imr_tally *x = a, *y = b;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int compare_unmet(const void *a, const void *b)
{
	const imr_unmet_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->criterion, y->criterion);
}

/* Strength tallies in the order of imr_strength, strongest first, rather
 * than by size: a reader compares the rows in that order. */
static int strength_rank(const char *name)
{
	int s;
	for (s = IMR_STRENGTH_DOCUMENTED; s <= IMR_STRENGTH_NONE; s++)
		if (strcmp(name, imr_strength_name((imr_strength)s)) == 0)
			return s;
	return IMR_STRENGTH_NONE + 1;
}

static int compare_strength_tally(const void *a, const void *b)
{
	return strength_rank(((const imr_tally *)a)->key) - strength_rank(((const imr_tally *)b)->key);
}

/* Copy a tally set into the arena, sorted. */
static const imr_tally *finish_tallies_by(imr_audit *au, imr__tally_set *set, size_t *count,
					  int (*compare)(const void *, const void *))
{
	imr_tally *out = imr__arena_alloc(&au->arena, (set->count + 1) * sizeof(imr_tally));
	if (out && set->count) {
		memcpy(out, set->items, set->count * sizeof(imr_tally));
		qsort(out, set->count, sizeof(imr_tally), compare);
	}
	*count = out ? set->count : 0;
	return out;
}

static const imr_tally *finish_tallies(imr_audit *au, imr__tally_set *set, size_t *count)
{
	return finish_tallies_by(au, set, count, compare_tally);
}

void imr__tally_set_dispose(imr__tally_set *set)
{
	imr__free(set->items);
	imr__free(set->where);
}

static int compare_reason(const void *a, const void *b)
{
	const imr_reason_tally *x = a, *y = b;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	return strcmp(x->reason, y->reason);
}

/* Every reason given, most items first. */
static int finish_reasons(imr_audit *au)
{
	imr_audit_stats *st = &au->stats;
	imr_reason_tally *out;
	size_t f, n = 0;
	for (f = 0; au->reasons && f < au->rules->nfacts; f++)
		n += au->reasons[f].items > 0;
	if (!(out = imr__arena_alloc(&au->arena, (n + 1) * sizeof(imr_reason_tally))))
		return IMR_ENOMEM;
	for (f = 0, n = 0; au->reasons && f < au->rules->nfacts; f++)
		if (au->reasons[f].items)
			out[n++] = au->reasons[f];
	if (n > 1)
		qsort(out, n, sizeof(imr_reason_tally), compare_reason);
	st->by_reason = out;
	st->by_reason_count = n;
	return 0;
}

/* The statistics from what imr__audit_account_letter() counted. */
int imr__audit_finish_stats(imr_audit *au, size_t ncross)
{
	imr_audit_stats *st = &au->stats;
	imr_unmet_count *unmet;
	size_t i, n = au->nunmet_ids;

	st->by_procedure = finish_tallies(au, &au->proc, &st->by_procedure_count);
	st->by_guideline = finish_tallies(au, &au->guide, &st->by_guideline_count);
	st->by_specialty = finish_tallies(au, &au->spec, &st->by_specialty_count);
	st->uncovered = finish_tallies(au, &au->uncov, &st->uncovered_count);
	st->by_undecided = finish_tallies(au, &au->why, &st->by_undecided_count);
	st->by_strength = finish_tallies_by(au, &au->strength, &st->by_strength_count, compare_strength_tally);
	unmet = imr__calloc(n + 1, sizeof(imr_unmet_count));
	if (!unmet)
		return IMR_ENOMEM;
	for (i = 0; i < n; i++) {
		unmet[i].criterion = au->strings.strs[au->unmet_ids[i]];
		unmet[i].count = au->unmet_count[au->unmet_ids[i]];
	}
	qsort(unmet, n, sizeof(imr_unmet_count), compare_unmet);
	if (n > 10)
		n = 10;
	{
		imr_unmet_count *top = imr__arena_alloc(&au->arena, (n + 1) * sizeof(imr_unmet_count));
		if (top && n)
			memcpy(top, unmet, n * sizeof(imr_unmet_count));
		st->top_unmet = top;
		st->top_unmet_count = top ? n : 0;
	}
	imr__free(unmet);
	st->findings_by_type[IMR_FINDING_INCONSISTENCY] += ncross;
	if (finish_reasons(au) < 0)
		return IMR_ENOMEM;
	if (imr__audit_finish_phrases(au) < 0)
		return IMR_ENOMEM;
	st->by_mute = au->mute_counts;
	st->by_mute_count = au->nmutes;
	return au->arena.failed ? IMR_ENOMEM : 0;
}
