/* alloc.c - allocation seam with a failure-injection hook for tests. */
#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- failure injection ---- */

static atomic_long fail_after;  /* 0: off; n: the nth call from now fails */
static atomic_long calls;

void imr__alloc_fail_after(long n)
{
	atomic_store(&calls, 0);
	atomic_store(&fail_after, n);
}

long imr__alloc_calls(void)
{
	return atomic_load(&calls);
}

static int should_fail(void)
{
	long limit = atomic_load_explicit(&fail_after, memory_order_relaxed);
	if (limit <= 0)
		return 0;
	return atomic_fetch_add(&calls, 1) + 1 >= limit;
}

/* ---- public API ---- */

void *imr__malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *imr__calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *imr__realloc(void *ptr, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(ptr, size ? size : 1);
}

void imr__free(void *ptr)
{
	free(ptr);
}

char *imr__strndup(const char *str, size_t len)
{
	char *copy = imr__malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, str, len);
	copy[len] = '\0';
	return copy;
}

char *imr__strdup(const char *str)
{
	return imr__strndup(str, strlen(str));
}

int imr__grow(void **items, size_t *cap, size_t need, size_t elem)
{
	size_t new_cap;
	void *grown;

	if (need <= *cap)
		return 0;
	new_cap = *cap ? *cap : 4;
	while (new_cap < need) {
		if (new_cap > SIZE_MAX / 2)
			return -1;
		new_cap *= 2;
	}
	if (new_cap > SIZE_MAX / elem)
		return -1;
	grown = imr__realloc(*items, new_cap * elem);
	if (!grown)
		return -1;
	*items = grown;
	*cap = new_cap;
	return 0;
}
