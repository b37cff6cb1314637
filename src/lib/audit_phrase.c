/* audit_phrase.c - findings made by one stock phrase, counted once.
 *
 * Reviewers paste sentences: one rationale sentence under six items of a
 * letter, one guideline line under every letter of a reviewer. A finding
 * resting on such a sentence is raised wherever it is pasted, and the
 * findings list fills with copies of one observation. Two levels of
 * grouping, both by the finding's code, message and phrase (the phrase
 * compared without regard to ASCII case or runs of white space):
 *
 *  - within a letter, the copies are one finding on its first item, the
 *    other items listed (imr_finding.also), on the worker thread;
 *  - across letters, as letters are counted in input order, a finding
 *    whose phrase an earlier letter's finding had points back to the
 *    first (imr_finding.phrase_file), and the phrase is counted once
 *    (imr_audit_stats.by_phrase).
 *
 * Memory across letters stays small: 32 bytes per distinct phrase key (a
 * 64-bit hash of code, message and folded phrase; two different keys
 * share a hash with odds of about n^2 / 2^65 for n keys), and the texts
 * only of phrases that do repeat. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit_impl.h"

/* ---- comparing phrases ---- */

/* The next byte of @p *s as phrases are compared (ASCII lower case, a run
 * of white space as one space, none at the ends), or 0 at the end. */
static unsigned char folded_next(const char **s, int *started)
{
	const unsigned char *p = (const unsigned char *)*s;
	if (isspace(*p)) {
		while (isspace(*p))
			p++;
		if (*p && *started) {
			*s = (const char *)p;
			return ' ';
		}
	}
	if (!*p) {
		*s = (const char *)p;
		return 0;
	}
	*started = 1;
	*s = (const char *)(p + 1);
	return (unsigned char)tolower(*p);
}

int imr__phrase_same(const char *a, const char *b)
{
	int sa = 0, sb = 0;
	unsigned char x, y;
	if (!a || !b)
		return 0;
	do {
		x = folded_next(&a, &sa);
		y = folded_next(&b, &sb);
	} while (x && x == y);
	return x == y;
}

static uint64_t fnv1a(uint64_t h, unsigned char c)
{
	return (h ^ c) * 0x100000001b3ull;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = fnv1a(h, (unsigned char)*s);
	return fnv1a(h, 0);
}

uint64_t imr__phrase_key(const imr_finding *f)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *p = f->phrase;
	int started = 0;
	unsigned char c;
	h = hash_str(h, f->code);
	h = hash_str(h, f->message);
	while ((c = folded_next(&p, &started)) != 0)
		h = fnv1a(h, c);
	return h ? h : 1; /* 0 marks an empty slot */
}

/* ---- within a letter ---- */

static int same_finding(const imr_finding *a, const imr_finding *b)
{
	return a->phrase && b->phrase && strcmp(a->code, b->code) == 0 &&
	       strcmp(a->message ? a->message : "", b->message ? b->message : "") == 0 &&
	       imr__phrase_same(a->phrase, b->phrase);
}

/* Put @p item into @p f's sorted also[] (of room enough) unless it is
 * there already or is @p f's own item. */
static void add_item(imr_finding *f, size_t *also, size_t item)
{
	size_t i, j;
	if (item == f->item)
		return;
	for (i = 0; i < f->also_count && also[i] < item; i++)
		;
	if (i < f->also_count && also[i] == item)
		return;
	for (j = f->also_count; j > i; j--)
		also[j] = also[j - 1];
	also[i] = item;
	f->also_count++;
}

int imr__audit_collapse(imr__audit_slot *s)
{
	size_t *head, i, j, n = 0;
	int err = 0;
	if (s->nfindings < 2)
		return 0;
	if (!(head = imr__malloc(s->nfindings * sizeof(size_t))))
		return IMR_ENOMEM;
	for (i = 0; i < s->nfindings; i++) {
		head[i] = i;
		for (j = 0; j < i && head[i] == i; j++)
			if (head[j] == j && same_finding(&s->findings[j], &s->findings[i]))
				head[i] = j;
	}
	for (i = 0; i < s->nfindings && !err; i++) {
		imr_finding *f = &s->findings[i];
		size_t copies = 0;
		size_t *also;
		if (head[i] != i)
			continue;
		for (j = i + 1; j < s->nfindings; j++)
			copies += head[j] == i;
		if (!copies)
			continue;
		if (!(also = imr__arena_alloc(&s->arena, copies * sizeof(size_t)))) {
			err = IMR_ENOMEM;
			break;
		}
		for (j = i + 1; j < s->nfindings; j++) {
			if (head[j] != i)
				continue;
			add_item(f, also, s->findings[j].item);
			/* the copies are one finding: it weighs what the heaviest did */
			if (s->findings[j].severity > f->severity)
				f->severity = s->findings[j].severity;
		}
		f->also = also;
	}
	for (i = 0; i < s->nfindings && !err; i++)
		if (head[i] == i)
			s->findings[n++] = s->findings[i];
	if (!err)
		s->nfindings = n;
	imr__free(head);
	return err;
}

int imr_finding_on_item(const imr_finding *f, size_t item)
{
	size_t i;
	if (f->item == item)
		return 1;
	for (i = 0; i < f->also_count; i++)
		if (f->also[i] == item)
			return 1;
	return 0;
}

/* ---- across letters ---- */

/* The entry of @p key, or a new empty one for it; NULL when memory runs
 * out. */
static imr__phrase_entry *entry_of(imr_audit *au, uint64_t key)
{
	size_t mask, i;
	if ((au->nphrases + 1) * 2 > au->capphrases) {
		size_t cap = au->capphrases ? au->capphrases * 2 : 256, k;
		imr__phrase_entry *grown = imr__calloc(cap, sizeof(*grown));
		if (!grown)
			return NULL;
		for (k = 0; k < au->capphrases; k++) {
			const imr__phrase_entry *e = &au->phrases[k];
			if (!e->key)
				continue;
			for (i = (size_t)e->key & (cap - 1); grown[i].key; i = (i + 1) & (cap - 1))
				;
			grown[i] = *e;
		}
		imr__free(au->phrases);
		au->phrases = grown;
		au->capphrases = cap;
	}
	mask = au->capphrases - 1;
	for (i = (size_t)key & mask; au->phrases[i].key; i = (i + 1) & mask)
		if (au->phrases[i].key == key)
			return &au->phrases[i];
	au->phrases[i].key = key;
	au->nphrases++;
	return &au->phrases[i];
}

/* The group of entry @p e, made when its phrase first repeats: the texts
 * from @p f (the repeat, whose code, message and phrase are the first's). */
static imr_phrase_group *group_of(imr_audit *au, imr__phrase_entry *e, const imr_finding *f)
{
	imr_phrase_group *g;
	if (e->group)
		return &au->groups[e->group - 1];
	if (au->ngroups >= UINT32_MAX - 1)
		return NULL;
	{
		void *grown = au->groups;
		if (imr__grow(&grown, &au->capgroups, au->ngroups + 1, sizeof(imr_phrase_group)) < 0)
			return NULL;
		au->groups = grown;
	}
	g = &au->groups[au->ngroups];
	memset(g, 0, sizeof(*g));
	g->code = imr__arena_strdup(&au->arena, f->code);
	g->message = imr__arena_strdup(&au->arena, f->message ? f->message : "");
	g->phrase = imr__arena_strdup(&au->arena, f->phrase);
	g->first_file = imr__audit_letter_file(au, e->first_letter);
	g->first_letter = e->first_letter;
	g->first_item = e->first_item;
	if (au->arena.failed || !g->first_file)
		return NULL;
	e->group = (uint32_t)++au->ngroups;
	return g;
}

int imr__audit_note_phrases(imr_audit *au, imr__audit_slot *s)
{
	size_t i;
	for (i = 0; i < s->nfindings; i++) {
		imr_finding *f = &s->findings[i];
		imr__phrase_entry *e;
		imr_phrase_group *g;
		if (!f->phrase)
			continue;
		if (!(e = entry_of(au, imr__phrase_key(f))))
			return IMR_ENOMEM;
		if (!e->letters) {
			e->first_letter = (uint32_t)f->letter;
			e->first_item = f->item > UINT32_MAX ? UINT32_MAX : (uint32_t)f->item;
		}
		e->letters++;
		e->items += 1 + (uint32_t)f->also_count;
		if (e->letters == 1 || e->first_letter == f->letter)
			continue; /* the first letter with it */
		if (!(g = group_of(au, e, f)))
			return IMR_ENOMEM;
		g->letters = e->letters;
		g->items = e->items;
		f->phrase_file = g->first_file;
		f->phrase_item = g->first_item;
		au->stats.phrase_repeats++;
	}
	return 0;
}

/* Most letters first, then most items, then the first seen first. */
static int compare_group(const void *a, const void *b)
{
	const imr_phrase_group *x = a, *y = b;
	if (x->letters != y->letters)
		return x->letters > y->letters ? -1 : 1;
	if (x->items != y->items)
		return x->items > y->items ? -1 : 1;
	if (x->first_letter != y->first_letter)
		return x->first_letter < y->first_letter ? -1 : 1;
	return x->first_item < y->first_item ? -1 : x->first_item > y->first_item;
}

int imr__audit_finish_phrases(imr_audit *au)
{
	imr_phrase_group *out;
	size_t n = au->ngroups;
	if (!(out = imr__arena_alloc(&au->arena, (n + 1) * sizeof(*out))))
		return IMR_ENOMEM;
	if (n) {
		memcpy(out, au->groups, n * sizeof(*out));
		qsort(out, n, sizeof(*out), compare_group);
	}
	au->stats.by_phrase = out;
	au->stats.by_phrase_count = n;
	return 0;
}

void imr__audit_phrases_dispose(imr_audit *au)
{
	imr__free(au->phrases);
	imr__free(au->groups);
	au->phrases = NULL;
	au->groups = NULL;
	au->nphrases = au->capphrases = au->ngroups = au->capgroups = 0;
}
