/* test_arena.c - the bump allocator: alignment, zeroing, copies, and the
 * size of the first chunk an owner asks for. */
#include "test.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"

/* Whether [p, p + size) and q follow each other in one chunk: q is the
 * next aligned address after p's block. */
static int adjacent(const void *p, size_t size, const void *q)
{
	size_t align = sizeof(max_align_t);
	return (const char *)q == (const char *)p + (size + align - 1) / align * align;
}

static void blocks_are_aligned_and_zeroed(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	unsigned char *p;
	size_t i;
	(void)state;
	p = imr__arena_alloc(&arena, 3);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % sizeof(max_align_t), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(p[i], 0);
	p = imr__arena_alloc(&arena, 1000);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % sizeof(max_align_t), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0);
	assert_false(arena.failed);
	imr__arena_dispose(&arena);
	assert_null(arena.chunks);
}

static void strings_are_copied(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	char src[] = "radicular pain";
	char *copy;
	(void)state;
	copy = imr__arena_strdup(&arena, src);
	src[0] = 'X';
	assert_string_equal(copy, "radicular pain");
	assert_string_equal(imr__arena_strndup(&arena, "L5-S1 caudal", 5), "L5-S1");
	assert_null(imr__arena_strdup(&arena, NULL));
	assert_false(arena.failed);
	imr__arena_dispose(&arena);
}

/* 8 KiB by default: a 6 KB block does not fit after a 4 KB one */
static void default_chunk_is_eight_kib(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	void *p, *q;
	(void)state;
	p = imr__arena_take(&arena, 4000);
	q = imr__arena_take(&arena, 6000);
	assert_non_null(p);
	assert_non_null(q);
	assert_false(adjacent(p, 4000, q));
	imr__arena_dispose(&arena);
}

/* An owner that knows what the arena will hold sizes the first chunk for
 * it: both blocks come from one allocation. Later chunks are the usual
 * size, and a block larger than the first chunk still gets room. */
static void first_chunk_takes_the_size_asked(void **state)
{
	imr_arena arena = IMR_ARENA_INIT;
	char *p, *q, *r, *big;
	(void)state;
	arena.first = 16 * 1024;
	p = imr__arena_take(&arena, 4000);
	q = imr__arena_take(&arena, 6000);
	r = imr__arena_take(&arena, 6000);
	assert_true(adjacent(p, 4000, q));
	assert_true(adjacent(q, 6000, r));
	/* about 16,000 of its 16,384 bytes used: the next block starts a
	 * chunk of its own */
	q = imr__arena_take(&arena, 1000);
	assert_false(adjacent(r, 6000, q));
	memset(q, 'x', 1000);
	imr__arena_dispose(&arena);

	arena.first = 1024;
	big = imr__arena_take(&arena, 5000);
	assert_non_null(big);
	memset(big, 'y', 5000);
	assert_false(arena.failed);
	imr__arena_dispose(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks_are_aligned_and_zeroed),
		cmocka_unit_test(strings_are_copied),
		cmocka_unit_test(default_chunk_is_eight_kib),
		cmocka_unit_test(first_chunk_takes_the_size_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
