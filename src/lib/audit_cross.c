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

	int failed = imr_buf_printf(&b, "%s|%s", it->procedure, it->signature) < 0;
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
		const imr_audit_input *in = imr_audit_inputs_get(au->inputs, k->letter);
		if (!(s = imr__calloc(1, sizeof(imr__audit_slot))))
			return IMR_ENOMEM;
		au->slots[k->letter] = s;
		s->letter.index = k->letter;
		s->letter.file = au->own_inputs ? in->path : imr__audit_shown_name(&s->arena, in->path);
		s->letter.link = au->own_inputs ? in->link : imr__audit_shown_name(&s->arena, in->link);
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
