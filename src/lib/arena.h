/* arena.h - bump allocation for objects that are released together (internal).
 *
 * Results, parse trees and reports are built from many small pieces that
 * all die at once; an arena makes that one free instead of thousands, and
 * keeps every pointer stable while the arena lives. */
#ifndef IMR_ARENA_H
#define IMR_ARENA_H

#include <stddef.h>

#include <stddef.h>

/* A chunk's header; the blocks follow it (arena.c). Declared here for the
 * inline fast path of imr__arena_take(). */
typedef struct imr_arena_chunk {
	struct imr_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
} imr_arena_chunk;

typedef struct imr_arena {
	imr_arena_chunk *chunks;
	int failed;   /* an allocation failed since init */
	size_t first; /* bytes of the first chunk, when the owner knows what
		       * it will hold; 0: the usual 8 KiB */
} imr_arena;

#define IMR_ARENA_INIT { NULL, 0, 0 }

/* Zeroed memory for @p size bytes, aligned for any type; NULL on failure
 * (and arena->failed is set). */
void *imr__arena_alloc(imr_arena *arena, size_t size);

/* imr__arena_take() when the newest chunk has no room (or there is none):
 * a new chunk. */
void *imr__arena_take_new(imr_arena *arena, size_t size);

/* imr__arena_alloc() without the zeroing, for memory the caller fills
 * whole at once. Inline: results and reports take many small blocks, and
 * most fit the newest chunk. */
static inline void *imr__arena_take(imr_arena *arena, size_t size)
{
	imr_arena_chunk *c = arena->chunks;
	size_t align = sizeof(max_align_t);
	if (c && size && size <= c->cap - c->used &&
	    (size + align - 1) / align * align <= c->cap - c->used) {
		size = (size + align - 1) / align * align;
		c->used += size;
		return (char *)c->data + c->used - size;
	}
	return imr__arena_take_new(arena, size);
}

/* Copies of strings; NULL in gives NULL out (not a failure). */
char *imr__arena_strdup(imr_arena *arena, const char *str);
char *imr__arena_strndup(imr_arena *arena, const char *str, size_t len);

/* printf into the arena. */
char *imr__arena_printf(imr_arena *arena, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

void imr__arena_dispose(imr_arena *arena);

#endif
