/* pathlist.c - a long list of paths, front-coded in blocks of 16.
 *
 * A path is written as three numbers (bytes shared with the path before,
 * bytes that follow, the tag), each in 7-bit groups, then the bytes that
 * follow. A block starts with a path shared with nothing, so a block can
 * be decoded on its own; one starts every 16 paths, and also wherever a
 * path does not fit in what is left of a chunk (a block never spans two
 * chunks). Blocks are found by binary search on the index of their first
 * path, since that early start makes their sizes uneven. */
#include "pathlist.h"

#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"

#define BLOCK_PATHS 16
#define CHUNK_BYTES ((size_t)64 * 1024)
#define VARINT_MAX 10 /* 7-bit groups of a 64-bit number */

struct imr__pathlist_block {
	uint32_t chunk;
	uint32_t offset;
	uint32_t first; /* index of its first path */
};

static size_t varint_put(unsigned char *out, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (unsigned char)v;
	return n;
}

static uint64_t varint_get(const unsigned char **p)
{
	uint64_t v = 0;
	unsigned shift = 0;
	while (**p & 0x80) {
		v |= (uint64_t)(**p & 0x7f) << shift;
		shift += 7;
		(*p)++;
	}
	v |= (uint64_t)**p << shift;
	(*p)++;
	return v;
}

static size_t shared_prefix(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = 0, max = alen < blen ? alen : blen;
	while (n < max && a[n] == b[n])
		n++;
	return n;
}

/* A new chunk of at least @p need bytes, made the current one. */
static int new_chunk(imr__pathlist *list, size_t need)
{
	void *chunks = list->chunks;
	size_t size = need > CHUNK_BYTES ? need : CHUNK_BYTES;
	unsigned char *chunk;
	if (list->nchunks >= UINT32_MAX)
		return IMR_ELIMIT;
	if (imr__grow(&chunks, &list->capchunks, list->nchunks + 1, sizeof(unsigned char *)) < 0)
		return IMR_ENOMEM;
	list->chunks = chunks;
	if (!(chunk = imr__malloc(size)))
		return IMR_ENOMEM;
	list->chunks[list->nchunks++] = chunk;
	list->used = 0;
	list->last_size = size;
	return 0;
}

static int new_block(imr__pathlist *list)
{
	void *blocks = list->blocks;
	imr__pathlist_block *b;
	if (imr__grow(&blocks, &list->capblocks, list->nblocks + 1, sizeof(imr__pathlist_block)) < 0)
		return IMR_ENOMEM;
	list->blocks = blocks;
	b = &list->blocks[list->nblocks++];
	b->chunk = (uint32_t)(list->nchunks - 1);
	b->offset = (uint32_t)list->used;
	b->first = (uint32_t)list->count;
	list->in_block = 0;
	return 0;
}

/* Room for a path of @p len bytes as the one to share with, before
 * anything changes, so that a failure leaves the list as it was. */
static int reserve_prev(imr__pathlist *list, size_t len)
{
	size_t cap = list->prev_cap ? list->prev_cap : 64;
	char *grown;
	if (len + 1 <= list->prev_cap)
		return 0;
	while (cap < len + 1)
		cap *= 2;
	if (!(grown = imr__realloc(list->prev, cap)))
		return IMR_ENOMEM;
	list->prev = grown;
	list->prev_cap = cap;
	return 0;
}

static size_t encode_head(unsigned char *head, size_t shared, size_t len, uint32_t tag)
{
	size_t n = varint_put(head, shared);
	n += varint_put(head + n, len - shared);
	return n + varint_put(head + n, tag);
}

int imr__pathlist_add(imr__pathlist *list, const char *path, size_t len, uint32_t tag)
{
	unsigned char head[3 * VARINT_MAX];
	size_t shared, nhead;
	int fresh_block, err;

	if (list->count >= UINT32_MAX)
		return IMR_ELIMIT;
	if ((err = reserve_prev(list, len)) < 0)
		return err;
	fresh_block = !list->nblocks || list->in_block == BLOCK_PATHS;
	shared = fresh_block ? 0 : shared_prefix(list->prev, list->prev_len, path, len);
	nhead = encode_head(head, shared, len, tag);
	if (!list->nchunks || list->last_size - list->used < nhead + len - shared) {
		/* a block never spans chunks: start both afresh, sharing nothing */
		if ((err = new_chunk(list, sizeof(head) + len)) < 0)
			return err;
		list->in_block = BLOCK_PATHS; /* the last block ended with its chunk */
		fresh_block = 1;
		shared = 0;
		nhead = encode_head(head, 0, len, tag);
	}
	if (fresh_block && (err = new_block(list)) < 0)
		return err;
	/* nothing can fail from here */
	memcpy(list->chunks[list->nchunks - 1] + list->used, head, nhead);
	memcpy(list->chunks[list->nchunks - 1] + list->used + nhead, path + shared, len - shared);
	list->used += nhead + len - shared;
	memcpy(list->prev, path, len);
	list->prev[len] = '\0';
	list->prev_len = len;
	list->in_block++;
	list->count++;
	return 0;
}

/* The block holding path @p index: the last whose first path is at most
 * @p index. */
static const imr__pathlist_block *find_block(const imr__pathlist *list, size_t index)
{
	size_t lo = 0, hi = list->nblocks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (list->blocks[mid].first <= index)
			lo = mid;
		else
			hi = mid;
	}
	return &list->blocks[lo];
}

int imr__pathlist_get(const imr__pathlist *list, size_t index, imr_buf *out, uint32_t *tag)
{
	const imr__pathlist_block *b;
	const unsigned char *p;
	size_t i;

	imr_buf_clear(out);
	if (index >= list->count)
		return IMR_EINVALID;
	b = find_block(list, index);
	p = list->chunks[b->chunk] + b->offset;
	for (i = b->first;; i++) {
		size_t shared = (size_t)varint_get(&p);
		size_t rest = (size_t)varint_get(&p);
		uint32_t t = (uint32_t)varint_get(&p);
		out->size = shared; /* the block's paths only ever share with the one before */
		if (imr_buf_put(out, p, rest) < 0)
			return IMR_ENOMEM;
		p += rest;
		if (i == index) {
			if (tag)
				*tag = t;
			return 0;
		}
	}
}

void imr__pathlist_dispose(imr__pathlist *list)
{
	size_t i;
	for (i = 0; i < list->nchunks; i++)
		imr__free(list->chunks[i]);
	imr__free(list->chunks);
	imr__free(list->blocks);
	imr__free(list->prev);
	memset(list, 0, sizeof(*list));
}
