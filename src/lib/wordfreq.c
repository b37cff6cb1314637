/* wordfreq.c - word counts -> occurrences per byte of short strings
 * (wordfreq.h).
 *
 * Every string of at most IMR_WORDFREQ_MAXSUB bytes that some counted word
 * contains is a key of one hash table (open addressing, linear probing,
 * never more than half full). Its four sums are the occurrences per byte
 * of text of the words that hold it anywhere, at their start, at their end
 * and whole, each word weighted by how often it holds the string so: a
 * lookup is one probe sequence. The C side knows no word: only how to add
 * up the file's counts. */
#include "wordfreq.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"

typedef struct slot {
	char key[IMR_WORDFREQ_MAXSUB];
	uint8_t len;                /* 0: the slot is free */
	float sum[4];               /* by IMR_WORDFREQ_* bits */
} slot;

struct imr_wordfreq {
	slot *slots;
	size_t cap;                 /* a power of two */
	size_t used;
	size_t words;
};

#define MAX_WORD 64 /* bytes of one counted word */

static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static slot *probe(const imr_wordfreq *wf, const char *s, size_t len)
{
	size_t i = hash(s, len) & (wf->cap - 1);
	while (wf->slots[i].len && (wf->slots[i].len != len || memcmp(wf->slots[i].key, s, len) != 0))
		i = (i + 1) & (wf->cap - 1);
	return &wf->slots[i];
}

static int grow(imr_wordfreq *wf)
{
	size_t cap = wf->cap ? wf->cap * 2 : 1024, i;
	slot *old = wf->slots, *fresh = imr__calloc(cap, sizeof(slot));
	size_t oldcap = wf->cap;
	if (!fresh)
		return IMR_ENOMEM;
	wf->slots = fresh;
	wf->cap = cap;
	for (i = 0; i < oldcap; i++)
		if (old[i].len)
			*probe(wf, old[i].key, old[i].len) = old[i];
	imr__free(old);
	return IMR_OK;
}

/* Count the string [s, s+len) of a word, at the word's start and end as
 * @p where says, @p per_byte times. */
static int add(imr_wordfreq *wf, const char *s, size_t len, unsigned where, double per_byte)
{
	slot *sl;
	if ((wf->used + 1) * 2 > wf->cap && grow(wf) < 0)
		return IMR_ENOMEM;
	sl = probe(wf, s, len);
	if (!sl->len) {
		memcpy(sl->key, s, len);
		sl->len = (uint8_t)len;
		wf->used++;
	}
	sl->sum[0] += (float)per_byte;
	if (where & IMR_WORDFREQ_START)
		sl->sum[IMR_WORDFREQ_START] += (float)per_byte;
	if (where & IMR_WORDFREQ_END)
		sl->sum[IMR_WORDFREQ_END] += (float)per_byte;
	if (where == (IMR_WORDFREQ_START | IMR_WORDFREQ_END))
		sl->sum[IMR_WORDFREQ_START | IMR_WORDFREQ_END] += (float)per_byte;
	return IMR_OK;
}

/* Every string of at most IMR_WORDFREQ_MAXSUB bytes inside @p word. */
static int add_word(imr_wordfreq *wf, const char *word, size_t len, double per_byte)
{
	size_t i, j;
	for (i = 0; i < len; i++)
		for (j = i + 1; j <= len && j - i <= IMR_WORDFREQ_MAXSUB; j++) {
			unsigned where = (i == 0 ? IMR_WORDFREQ_START : 0u) | (j == len ? IMR_WORDFREQ_END : 0u);
			if (add(wf, word + i, j - i, where, per_byte) < 0)
				return IMR_ENOMEM;
		}
	wf->words++;
	return IMR_OK;
}

double imr__wordfreq_of(const imr_wordfreq *wf, const char *s, size_t len, unsigned where)
{
	const slot *sl;
	if (!wf || !wf->cap || !len || len > IMR_WORDFREQ_MAXSUB)
		return 0;
	sl = probe(wf, s, len);
	return sl->len ? sl->sum[where & 3u] : 0;
}

size_t imr__wordfreq_words(const imr_wordfreq *wf)
{
	return wf ? wf->words : 0;
}

void imr__wordfreq_free(imr_wordfreq *wf)
{
	if (!wf)
		return;
	imr__free(wf->slots);
	imr__free(wf);
}

/* ---- loading ---- */

typedef struct wload {
	imr_wordfreq *wf;
	imr_ycheck ck;
} wload;

static void unknown_keys(wload *ld, const imr_ynode *map)
{
	static const char *const keys[] = { "kind", "description", "bytes", "words" };
	imr__ycheck_keys(&ld->ck, map, "a word-frequency file", keys, sizeof(keys) / sizeof(keys[0]));
}

/* A plain integer from 1 to @p max, or 0 after a diagnostic. */
static long count_of(wload *ld, const imr_ynode *v, const char *what, long max)
{
	long n;
	if (imr__ynode_as_int(v, &n) < 0) {
		imr__ycheck_error(&ld->ck, "wrong-type", v, "%s must be a whole number, found %s", what, imr__ynode_describe(v));
		return 0;
	}
	if (n < 1 || n > max) {
		imr__ycheck_error(&ld->ck, "out-of-range", v, "%s must be from 1 to %ld, found %ld", what, max, n);
		return 0;
	}
	return n;
}

static int word_ok(const char *s, size_t len)
{
	size_t i;
	if (!len || len > MAX_WORD || strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

static void load_words(wload *ld, const imr_ynode *words, long bytes)
{
	size_t i;
	if (words->kind != IMR_Y_MAP) {
		imr__ycheck_error(&ld->ck, "wrong-type", words, "'words' must be a mapping of words to counts, found %s",
		       imr__ynode_describe(words));
		return;
	}
	for (i = 0; i < words->count && !ld->ck.nomem; i++) {
		const imr_ynode *k = words->kids[2 * i], *v = words->kids[2 * i + 1];
		long n;
		if (k->kind != IMR_Y_SCALAR || !word_ok(k->str, k->len)) {
			imr__ycheck_error(&ld->ck, "bad-value", k,
			       "a counted word is 1 to %d lower-case ASCII letters and digits, found %s%s%s", MAX_WORD,
			       k->kind == IMR_Y_SCALAR ? "'" : "",
			       k->kind == IMR_Y_SCALAR ? k->str : imr__ynode_describe(k),
			       k->kind == IMR_Y_SCALAR ? "'" : "");
			continue;
		}
		if (bytes < (long)k->len) {
			imr__ycheck_error(&ld->ck, "out-of-range", k, "'%s' is longer than the %ld bytes counted", k->str, bytes);
			continue;
		}
		/* a word of len bytes fits at most bytes / len times */
		if (!(n = count_of(ld, v, "a word's count", bytes / (long)k->len)))
			continue;
		if (add_word(ld->wf, k->str, k->len, (double)n / (double)bytes) < 0)
			ld->ck.nomem = 1;
	}
}

static void load_file(wload *ld, const imr_ynode *root)
{
	const imr_ynode *bytes_node, *words;
	long bytes;
	unknown_keys(ld, root);
	bytes_node = imr__ymap_get(root, "bytes", NULL);
	words = imr__ymap_get(root, "words", NULL);
	if (!bytes_node)
		imr__ycheck_error(&ld->ck, "missing-key", root, "a word-frequency file is missing required key 'bytes'");
	if (!words)
		imr__ycheck_error(&ld->ck, "missing-key", root, "a word-frequency file is missing required key 'words'");
	if (!bytes_node || !words)
		return;
	if (!(bytes = count_of(ld, bytes_node, "'bytes' (the size of the text counted)", LONG_MAX)))
		return;
	load_words(ld, words, bytes);
}

int imr__wordfreq_load(imr_wordfreq **out, const imr_wordfreq_src *srcs, size_t n, imr_diags *diags)
{
	wload ld;
	size_t i;

	*out = NULL;
	if (!n)
		return IMR_OK;
	memset(&ld, 0, sizeof(ld));
	ld.ck.diags = diags;
	if (!(ld.wf = imr__calloc(1, sizeof(*ld.wf))))
		return IMR_ENOMEM;
	for (i = 0; i < n && !ld.ck.nomem; i++) {
		ld.ck.file = srcs[i].file;
		if (i > 0) {
			imr__ycheck_error(&ld.ck, "duplicate-word-frequency", srcs[i].root,
			       "a rule set has at most one word-frequency file; %s is the first", srcs[0].file);
			continue;
		}
		load_file(&ld, srcs[i].root);
	}
	if (ld.ck.nomem || ld.ck.errors) {
		imr__wordfreq_free(ld.wf);
		return ld.ck.nomem ? IMR_ENOMEM : IMR_EINVALID;
	}
	*out = ld.wf;
	return IMR_OK;
}
