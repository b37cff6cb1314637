/* alloc.h - the one allocation seam of libimrcheck (internal).
 *
 * Every allocation of the library goes through these functions so that a
 * test can fail the Nth allocation and check that each failure path returns
 * IMR_ENOMEM cleanly, without leaks. The hook costs one atomic load when it
 * is off. Memory from these functions is released with imr__free() (which
 * is free(), so strings handed to callers may be released with free()). */
#ifndef IMR_ALLOC_H
#define IMR_ALLOC_H

#include <stddef.h>

void *imr__malloc(size_t size);
void *imr__calloc(size_t count, size_t size);
void *imr__realloc(void *ptr, size_t size);
void imr__free(void *ptr);
char *imr__strdup(const char *str);
char *imr__strndup(const char *str, size_t len);

/* Grow *items (of *cap elements of @p elem bytes) to hold at least @p need
 * elements, doubling. Returns 0, or -1 on overflow or allocation failure
 * (the array is then unchanged). */
int imr__grow(void **items, size_t *cap, size_t need, size_t elem);

/* Test hook: fail the allocation @p n calls from now (1 = the next one) and
 * every later one until reset; 0 turns the hook off. */
void imr__alloc_fail_after(long n);

/* Allocations made since the hook was last set (for sizing OOM loops). */
long imr__alloc_calls(void);

#endif
