/* arena.c - bump allocator with chunk list. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void *imr__arena_alloc(imr_arena *arena, size_t size)
{
	void *p = imr__arena_take(arena, size);
	return p ? memset(p, 0, size) : NULL;
}

void *imr__arena_take_new(imr_arena *arena, size_t size)
{
	imr_arena_chunk *c = arena->chunks;
	size_t align = sizeof(max_align_t);
	if (size > (size_t)-1 / 2) {
		arena->failed = 1;
		return NULL;
	}
	size = (size + align - 1) / align * align;
	if (!size)
		size = align;
	if (!c || c->cap - c->used < size) {
		size_t cap = !c && arena->first ? arena->first : 8192;
		if (cap < size)
			cap = size;
		c = imr__malloc(sizeof(*c) + cap);
		if (!c) {
			arena->failed = 1;
			return NULL;
		}
		c->next = arena->chunks;
		c->used = 0;
		c->cap = cap;
		arena->chunks = c;
	}
	c->used += size;
	return (char *)c->data + c->used - size;
}

char *imr__arena_strndup(imr_arena *arena, const char *str, size_t len)
{
	char *copy;
	if (!str)
		return NULL;
	copy = imr__arena_take(arena, len + 1);
	if (copy) {
		memcpy(copy, str, len);
		copy[len] = '\0';
	}
	return copy;
}

char *imr__arena_strdup(imr_arena *arena, const char *str)
{
	return str ? imr__arena_strndup(arena, str, strlen(str)) : NULL;
}

char *imr__arena_printf(imr_arena *arena, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *out;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0) {
		arena->failed = 1;
		return NULL;
	}
	out = imr__arena_alloc(arena, (size_t)len + 1);
	if (!out)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(out, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return out;
}

void imr__arena_dispose(imr_arena *arena)
{
	imr_arena_chunk *c, *next;
	for (c = arena->chunks; c; c = next) {
		next = c->next;
		imr__free(c);
	}
	arena->chunks = NULL;
	arena->failed = 0;
}
