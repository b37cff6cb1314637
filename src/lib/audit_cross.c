/* audit_cross.c - the pass across letters: items alike decided unalike.
 *
 * What it needs of each governed item is kept as the item is emitted (a
 * key of procedure and criterion statuses, the decisions, the service);
 * at the end the keys are sorted and every group decided both ways gives
 * its findings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit_impl.h"

/* The compact key of a governed item with a procedure, for the pass
 * across letters. */
int imr__audit_keep_item(imr_audit *au, const imr_audit_letter *l, size_t j)
{
	const imr_audit_item *it = &l->items[j];
	imr_buf b = IMR_BUF_INIT;
	long key, service, proc, unmet;
	size_t u;
	imr__kept_item *k;
	void *grown = au->kept;
	int failed;

	/* an audit that does not report the finding keeps nothing for it */
	if (!au->all_findings && imr_finding_code_experimental("cross-letter-inconsistency"))
		return 0;
	failed = imr_buf_printf(&b, "%s|%s", it->procedure, it->signature) < 0;
	key = failed ? -1 : imr__strtab_intern(&au->strings, &au->arena, imr_buf_cstr(&b));
	imr_buf_clear(&b);
	for (u = 0; u < it->unmet_count; u++)
		failed |= imr_buf_printf(&b, "%s%s", u ? ", " : "", it->unmet[u]) < 0;
	unmet = key < 0 || failed ? -1 : imr__strtab_intern(&au->strings, &au->arena, imr_buf_cstr(&b));
	imr_buf_dispose(&b);
	proc = unmet < 0 ? -1 : imr__strtab_intern(&au->strings, &au->arena, it->procedure);
	service = proc < 0 ? -1 : imr__strtab_intern(&au->strings, &au->arena, it->service ? it->service : "");
	if (service < 0 || imr__audit_grow_by_id(&au->key_procedure, &au->capkeyproc, (size_t)key, sizeof(uint32_t)) < 0 ||
	    imr__audit_grow_by_id(&au->key_unmet, &au->capkeyunmet, (size_t)key, sizeof(uint32_t)) < 0)
		return IMR_ENOMEM;
	au->key_procedure[key] = (uint32_t)proc;
	au->key_unmet[key] = (uint32_t)unmet;
	if (imr__grow(&grown, &au->capkept, au->nkept + 1, sizeof(imr__kept_item)) < 0)
		return IMR_ENOMEM;
	au->kept = grown;
	k = &au->kept[au->nkept++];
	k->letter = (uint32_t)l->index;
	k->item = (uint32_t)j;
	k->key = (uint32_t)key;
	k->service = (uint32_t)service;
	k->actual = (unsigned char)it->actual;
	k->predicted = (unsigned char)it->predicted;
	return 0;
}

/* ---- across letters ---- */

static const imr_audit *sort_audit; /* for qsort's comparison; set under sort_lock */
static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

static int compare_kept(const void *a, const void *b)
{
	const imr__kept_item *x = a, *y = b;
	int c = x->key == y->key ? 0
		: strcmp(sort_audit->strings.strs[x->key], sort_audit->strings.strs[y->key]);
	if (c)
		return c;
	if (x->letter != y->letter)
		return x->letter < y->letter ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* After a run that released the letters' records: a record for each
 * letter a cross-letter finding names, with its file and, for the items
 * named, their number and service, so that the reports can show them. */
static int ghost_item(imr_audit *au, const imr__kept_item *k)
{
	imr__audit_slot *s = au->slots[k->letter];
	imr_audit_item *items;
	if (!s) {
		imr_audit_input in;
		imr_buf scratch = IMR_BUF_INIT;
		int err;
		if (!(s = imr__calloc(1, sizeof(imr__audit_slot))))
			return IMR_ENOMEM;
		au->slots[k->letter] = s;
		s->letter.index = k->letter;
		err = imr_audit_inputs_get(au->inputs, k->letter, &in, &scratch);
		if (!err && au->own_inputs) { /* fed letters: their names are as shown already */
			s->letter.file = imr__arena_strdup(&s->arena, in.path);
			s->letter.link = imr__arena_strdup(&s->arena, in.link);
		} else if (!err) {
			s->letter.file = imr__audit_shown_name(&s->arena, in.path);
			s->letter.link = imr__audit_shown_name(&s->arena, in.link);
		}
		imr_buf_dispose(&scratch);
		if (err < 0 || s->arena.failed)
			return err < 0 ? err : IMR_ENOMEM;
	}
	if (k->item >= s->letter.item_count) {
		items = imr__arena_alloc(&s->arena, ((size_t)k->item + 1) * sizeof(imr_audit_item));
		if (!items)
			return IMR_ENOMEM;
		if (s->letter.item_count)
			memcpy(items, s->letter.items, s->letter.item_count * sizeof(imr_audit_item));
		s->letter.items = items;
		s->letter.item_count = (size_t)k->item + 1;
	}
	items = (imr_audit_item *)(uintptr_t)s->letter.items; /* ours: allocated above */
	items[k->item].number = (size_t)k->item + 1;
	items[k->item].service = au->strings.strs[k->service];
	return s->arena.failed ? IMR_ENOMEM : 0;
}

/* Items with the same procedure and the same criterion statuses should be
 * decided alike; each item decided against the majority of its group is
 * a finding, pointing at the first item of the majority. */
int imr__audit_inconsistencies(imr_audit *au, imr_finding **out, size_t *nout)
{
	imr__kept_item *keys = au->kept;
	size_t n = au->nkept, i, nf = 0, capf = 0;
	imr_finding *fs = NULL;
	int err = 0;

	if (keys) {
		pthread_mutex_lock(&sort_lock);
		sort_audit = au;
		qsort(keys, n, sizeof(imr__kept_item), compare_kept);
		pthread_mutex_unlock(&sort_lock);
	}
	for (i = 0; i < n;) {
		size_t end = i, upheld = 0, overturned = 0, k;
		imr_outcome majority;
		size_t first_major = (size_t)-1;
		while (end < n && keys[end].key == keys[i].key) {
			upheld += keys[end].actual == IMR_OUTCOME_UPHELD;
			overturned += keys[end].actual == IMR_OUTCOME_OVERTURNED;
			end++;
		}
		if (upheld && overturned) {
			/* a tie counts the guideline-conform decision as the majority */
			majority = upheld > overturned ? IMR_OUTCOME_UPHELD
				   : overturned > upheld ? IMR_OUTCOME_OVERTURNED
				   : (imr_outcome)keys[i].predicted;
			for (k = i; k < end && first_major == (size_t)-1; k++)
				if (keys[k].actual == majority)
					first_major = k;
			for (k = i; k < end; k++) {
				imr_finding *f;
				const imr__kept_item *it = &keys[k], *other = &keys[first_major];
				const char *unmet = au->strings.strs[au->key_unmet[it->key]];
				void *grown = fs;
				if (it->actual == majority)
					continue;
				if (!au->all_findings && imr_finding_code_experimental("cross-letter-inconsistency"))
					continue;
				if (imr__grow(&grown, &capf, nf + 1, sizeof(imr_finding)) < 0) {
					err = IMR_ENOMEM;
					goto done;
				}
				fs = grown;
				f = &fs[nf++];
				memset(f, 0, sizeof(*f));
				f->type = IMR_FINDING_INCONSISTENCY;
				f->code = "cross-letter-inconsistency";
				f->severity = IMR_FINDING_SEVERITY_MEDIUM;
				f->experimental = imr_finding_code_experimental(f->code);
				f->letter = it->letter;
				f->item = it->item;
				f->other_letter = other->letter;
				f->other_item = other->item;
				f->message = imr__arena_printf(&au->arena,
							       "%s request %s although %zu item(s) with the same criterion statuses were %s",
							       au->strings.strs[au->key_procedure[it->key]],
							       it->actual == IMR_OUTCOME_UPHELD ? "upheld" : "overturned",
							       it->actual == IMR_OUTCOME_UPHELD ? overturned : upheld,
							       majority == IMR_OUTCOME_UPHELD ? "upheld" : "overturned");
				if (au->release && ((err = ghost_item(au, it)) < 0 || (err = ghost_item(au, other)) < 0))
					goto done;
				/* the statuses are the same by construction: show the
				 * ones that matter, the criteria not met */
				f->evidence = imr__arena_printf(&au->arena, "for example %s item %zu (%s); %s%s",
								imr__audit_letter_file(au, other->letter), (size_t)other->item + 1,
								au->strings.strs[other->service],
								*unmet ? "criteria not met in both: "
								       : "every applicable criterion met in both",
								unmet);
			}
		}
		i = end;
	}
done:
	if (err) {
		imr__free(fs);
		return err;
	}
	*out = fs;
	*nout = nf;
	return au->arena.failed ? IMR_ENOMEM : 0;
}

/* ---- rationales copied across letters ---- */

/* Near copies across letters: SimHashes at most this many bits apart. Four
 * 16-bit bands find every such pair (three differing bits leave at least
 * one band whole); within a run of one band value, an item is compared
 * with at most PRINT_WINDOW items before it, so a stock text shared by
 * thousands of letters costs linear time. */
#define PRINT_MAX_DISTANCE 3
#define PRINT_WINDOW 64

int imr__audit_keep_print(imr_audit *au, const imr_audit_letter *l, size_t j)
{
	const imr_audit_item *it = &l->items[j];
	long service;
	void *grown = au->prints;
	imr__kept_print *p;
	if (!au->all_findings && imr_finding_code_experimental("rationale-copied-across-letters"))
		return 0;
	service = imr__strtab_intern(&au->strings, &au->arena, it->service ? it->service : "");
	if (service < 0 || imr__grow(&grown, &au->capprints, au->nprints + 1, sizeof(imr__kept_print)) < 0)
		return IMR_ENOMEM;
	au->prints = grown;
	p = &au->prints[au->nprints++];
	p->print = it->case_print;
	p->simprint = it->case_simprint;
	p->letter = (uint32_t)l->index;
	p->item = (uint32_t)j;
	p->service = (uint32_t)service;
	p->line = it->rationale_line;
	return 0;
}

static const imr__kept_print *sort_prints; /* for qsort's comparison; set under sort_lock */
static unsigned sort_band;                 /* -1u: by the exact print */

static uint64_t print_key(const imr__kept_print *p)
{
	return sort_band == (unsigned)-1 ? p->print : (p->simprint >> (16 * sort_band)) & 0xffff;
}

/* By key, then by position (letter order). */
static int compare_print(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t kx = print_key(&sort_prints[x]), ky = print_key(&sort_prints[y]);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x > y) - (x < y);
}

/* For each print, the first print of an earlier letter it copies, by the
 * key of @p band (-1u: the exact print): best[i] lowers to that index. */
static void match_prints(imr_audit *au, uint32_t *order, uint32_t *best, unsigned band)
{
	const imr__kept_print *p = au->prints;
	size_t n = au->nprints, i, j;
	pthread_mutex_lock(&sort_lock);
	sort_prints = p;
	sort_band = band;
	for (i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	qsort(order, n, sizeof(uint32_t), compare_print);
	for (i = 1; i < n; i++) {
		uint32_t e = order[i];
		uint64_t key = print_key(&p[e]);
		for (j = i; j-- > 0 && i - j <= PRINT_WINDOW && print_key(&p[order[j]]) == key;) {
			uint32_t f = order[j];
			if (p[f].letter >= p[e].letter)
				continue; /* the same letter: items of one case may share its words */
			if (band != (unsigned)-1 && imr__rationale_distance(p[f].simprint, p[e].simprint) > PRINT_MAX_DISTANCE)
				continue;
			if (f < best[e])
				best[e] = f;
		}
	}
	pthread_mutex_unlock(&sort_lock);
}

int imr__audit_copied_rationales(imr_audit *au, imr_finding **out, size_t *nout)
{
	const char *code = "rationale-copied-across-letters";
	size_t n = au->nprints, i, nf = 0, capf = 0;
	uint32_t *order, *best;
	imr_finding *fs = NULL;
	unsigned band;
	int err = 0;

	*out = NULL;
	*nout = 0;
	if (n < 2 || (!au->all_findings && imr_finding_code_experimental(code)))
		return 0;
	order = imr__malloc(n * sizeof(uint32_t));
	best = imr__malloc(n * sizeof(uint32_t));
	if (!order || !best) {
		imr__free(order);
		imr__free(best);
		return IMR_ENOMEM;
	}
	memset(best, 0xff, n * sizeof(uint32_t));
	match_prints(au, order, best, (unsigned)-1);
	for (band = 0; band < 4; band++)
		match_prints(au, order, best, band);
	for (i = 0; i < n && !err; i++) {
		const imr__kept_print *it = &au->prints[i], *other;
		imr__kept_item a, b;
		imr_finding *f;
		void *grown = fs;
		if (best[i] == UINT32_MAX)
			continue;
		other = &au->prints[best[i]];
		if (imr__grow(&grown, &capf, nf + 1, sizeof(imr_finding)) < 0) {
			err = IMR_ENOMEM;
			break;
		}
		fs = grown;
		f = &fs[nf++];
		memset(f, 0, sizeof(*f));
		f->type = IMR_FINDING_INCONSISTENCY;
		f->code = code;
		f->severity = IMR_FINDING_SEVERITY_MEDIUM;
		f->experimental = imr_finding_code_experimental(code);
		f->letter = it->letter;
		f->item = it->item;
		f->other_letter = other->letter;
		f->other_item = other->item;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		a.letter = it->letter, a.item = it->item, a.service = it->service;
		b.letter = other->letter, b.item = other->item, b.service = other->service;
		if (au->release && ((err = ghost_item(au, &a)) < 0 || (err = ghost_item(au, &b)) < 0))
			break;
		f->message = imr__arena_printf(&au->arena,
					       "what the rationale says of this case is %s what a rationale of another "
					       "letter says of its case",
					       it->print == other->print ? "word for word" : "nearly word for word");
		f->evidence = imr__arena_printf(&au->arena, "rationale of item %zu, line %u; for example %s item %zu (%s), line %u",
						(size_t)it->item + 1, it->line, imr__audit_letter_file(au, other->letter),
						(size_t)other->item + 1, au->strings.strs[other->service], other->line);
	}
	imr__free(order);
	imr__free(best);
	if (err || au->arena.failed) {
		imr__free(fs);
		return err ? err : IMR_ENOMEM;
	}
	*out = fs;
	*nout = nf;
	return 0;
}
