/* pathlist.h - a long list of paths, kept small (internal).
 *
 * An audit names every letter it read, by index, long after the letter
 * itself is gone (the first letter of a case given twice, the first letter
 * of a stock phrase, the letters of a finding across letters), so it keeps
 * the list of its inputs to the end. Paths of one corpus share most of
 * their bytes with the path before them (the same directories, names that
 * differ in a few digits), so the list keeps each path as the length it
 * shares with the one before and the bytes that differ ("front coding"),
 * with a small number per path beside it. Every 16th path is kept whole,
 * so reading one back decodes at most 16. Bytes live in chunks of 64 KiB
 * that never move: the list grows without copying what it holds.
 *
 * Appending is for one thread; reading (imr__pathlist_get) only reads, so
 * any number of threads may read a list nobody appends to. */
#ifndef IMR_PATHLIST_H
#define IMR_PATHLIST_H

#include <stddef.h>
#include <stdint.h>

#include "imrcheck/buf.h"

typedef struct imr__pathlist_block imr__pathlist_block;

typedef struct imr__pathlist {
	unsigned char **chunks;    /* owned */
	size_t nchunks, capchunks;
	size_t used;               /* bytes used of the last chunk */
	size_t last_size;          /* size of the last chunk */
	imr__pathlist_block *blocks; /* owned: where each run of paths starts */
	size_t nblocks, capblocks;
	size_t count;              /* paths held */
	size_t in_block;           /* paths in the last block */
	char *prev;                /* owned: the last path added, to share with */
	size_t prev_len, prev_cap;
} imr__pathlist;

#define IMR__PATHLIST_INIT { NULL, 0, 0, 0, 0, NULL, 0, 0, 0, 0, NULL, 0, 0 }

/* Append @p path (@p len bytes, which may hold any byte but NUL) with
 * the number @p tag. @return 0, IMR_ENOMEM or IMR_ELIMIT (more than
 * UINT32_MAX paths); the list is unchanged on error. */
int imr__pathlist_add(imr__pathlist *list, const char *path, size_t len, uint32_t tag);

static inline size_t imr__pathlist_count(const imr__pathlist *list)
{
	return list->count;
}

/* Path @p index into @p out (emptied first; NUL-terminated) and, when
 * @p tag is not NULL, its number into *tag. @return 0, IMR_EINVALID
 * (no such index) or IMR_ENOMEM. */
int imr__pathlist_get(const imr__pathlist *list, size_t index, imr_buf *out, uint32_t *tag);

void imr__pathlist_dispose(imr__pathlist *list);

#endif
