/* test_pathlist.c - the compact list of an audit's paths. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"
#include "pathlist.h"

/* A path of a corpus laid out as letters are kept: directories by year
 * and month, a case number in the name. */
static void corpus_path(char *out, size_t size, unsigned i)
{
	snprintf(out, size, "/srv/imr/letters/%u/%02u/CM%02u-%07u%s", 2015 + i / 40000, 1 + i / 4000 % 12,
		 15 + i / 40000, i * 7919 % 10000000, i % 3 ? ".pdf" : ".txt");
}

static void expect_path(const imr__pathlist *list, size_t index, const char *path, uint32_t tag)
{
	imr_buf b = IMR_BUF_INIT;
	uint32_t t = 12345;
	assert_int_equal(imr__pathlist_get(list, index, &b, &t), 0);
	assert_string_equal(imr_buf_cstr(&b), path);
	assert_int_equal(b.size, strlen(path));
	assert_int_equal(t, tag);
	imr_buf_dispose(&b);
}

/* Every path comes back as it went in, with its tag, read in any order:
 * longer and shorter than the one before, the same twice, empty, bytes
 * above ASCII. */
static void paths_come_back_whole(void **state)
{
	imr__pathlist list = IMR__PATHLIST_INIT;
	static const char *const paths[] = {
		"/a/b/c.txt", "/a/b/c.txt", "/a/b/cd.txt", "/a/b", "", "/a/b/c\xc3\xa9.pdf", "relative/x.txt",
		"/a/b/c.txt", "/", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p.txt", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/q.txt",
		"/z", "/zz", "/zz/", "/zz/1", "/zz/2", "/zz/3", "/zz/30", "/zz/300", "/zz/3000", "/y",
	};
	size_t n = sizeof(paths) / sizeof(paths[0]), i;
	imr_buf b = IMR_BUF_INIT;
	(void)state;
	for (i = 0; i < n; i++)
		assert_int_equal(imr__pathlist_add(&list, paths[i], strlen(paths[i]), (uint32_t)i * 1000), 0);
	assert_int_equal(imr__pathlist_count(&list), n);
	for (i = n; i-- > 0;)
		expect_path(&list, i, paths[i], (uint32_t)i * 1000);
	for (i = 0; i < n; i += 3)
		expect_path(&list, i, paths[i], (uint32_t)i * 1000);
	assert_int_equal(imr__pathlist_get(&list, n, &b, NULL), IMR_EINVALID);
	assert_string_equal(imr_buf_cstr(&b), "");
	imr_buf_dispose(&b);
	imr__pathlist_dispose(&list);
	imr__pathlist_dispose(&list); /* disposed twice is harmless */
}

/* A corpus's paths cost a few dozen bytes each, not their length plus a
 * pointer and an allocation's overhead. */
static void a_corpus_of_paths_is_small(void **state)
{
	imr__pathlist list = IMR__PATHLIST_INIT;
	char path[128];
	size_t bytes = 0, raw = 0;
	unsigned i;
	(void)state;
	for (i = 0; i < 100000; i++) {
		corpus_path(path, sizeof(path), i);
		raw += strlen(path) + 1;
		assert_int_equal(imr__pathlist_add(&list, path, strlen(path), i % 5 ? 0 : 17), 0);
	}
	for (i = 0; i < list.nchunks; i++)
		bytes += i + 1 < list.nchunks ? list.last_size : list.used;
	bytes += list.capblocks * 12;
	/* about 45 bytes a path as written; kept in under 20 */
	assert_true(bytes < 20u * 100000);
	assert_true(bytes * 2 < raw);
	for (i = 0; i < 100000; i += 997) {
		corpus_path(path, sizeof(path), i);
		expect_path(&list, i, path, i % 5 ? 0 : 17);
	}
	imr__pathlist_dispose(&list);
}

/* Paths longer than a chunk, and paths that no longer fit the rest of a
 * chunk, start blocks of their own; blocks of uneven size are found. */
static void chunk_ends_and_long_paths(void **state)
{
	imr__pathlist list = IMR__PATHLIST_INIT;
	size_t n = 3000, i, len;
	char *big = malloc(200000), **kept = calloc(n, sizeof(char *));
	(void)state;
	assert_non_null(big);
	assert_non_null(kept);
	for (i = 0; i < n; i++) {
		/* lengths from 1 to about 100 KiB, shared prefixes of any length */
		len = i % 97 == 0 ? 70000 + i * 10 : 1 + (i * 2654435761u) % 300;
		memset(big, 'a' + (int)(i % 26), len);
		big[len] = '\0';
		if (len > 5)
			big[len / 2] = (char)('0' + i % 10);
		kept[i] = strdup(big);
		assert_non_null(kept[i]);
		assert_int_equal(imr__pathlist_add(&list, big, len, (uint32_t)i), 0);
	}
	assert_true(list.nchunks > 10);
	for (i = 0; i < n; i++)
		expect_path(&list, i, kept[i], (uint32_t)i);
	for (i = 0; i < n; i++)
		free(kept[i]);
	free(kept);
	free(big);
	imr__pathlist_dispose(&list);
}

/* An allocation that fails leaves the list as it was: every path added
 * before reads back, and the next add works. */
static void a_failed_add_changes_nothing(void **state)
{
	imr__pathlist list = IMR__PATHLIST_INIT;
	char path[128];
	unsigned i, added = 0;
	long n;
	(void)state;
	for (n = 1; added < 200; n++) {
		int err;
		corpus_path(path, sizeof(path), added);
		imr__alloc_fail_after(n % 4 + 1);
		err = imr__pathlist_add(&list, path, strlen(path), added);
		imr__alloc_fail_after(0);
		if (err == 0)
			added++;
		else
			assert_int_equal(err, IMR_ENOMEM);
		assert_int_equal(imr__pathlist_count(&list), added);
	}
	for (i = 0; i < added; i++) {
		corpus_path(path, sizeof(path), i);
		expect_path(&list, i, path, i);
	}
	imr__pathlist_dispose(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_come_back_whole),
		cmocka_unit_test(a_corpus_of_paths_is_small),
		cmocka_unit_test(chunk_ends_and_long_paths),
		cmocka_unit_test(a_failed_add_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
