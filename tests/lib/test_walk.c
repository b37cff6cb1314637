/* test_walk.c - the directory walker shared by the rules loader and audit. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk.h"

typedef struct seen_items {
	char text[4096];  /* one line per item: "rel|link|error" */
	size_t count;
} seen_items;

static char root[] = "/tmp/imr-walk-XXXXXX";

static int collect(void *ctx, const imr__walk_item *it)
{
	seen_items *s = ctx;
	size_t n = strlen(s->text);
	char link[512] = "";
	if (it->link_len) {
		assert_true(it->link_len <= strlen(it->path));
		snprintf(link, sizeof(link), "%.*s", (int)it->link_len, it->path);
		/* the link is given as a prefix of the path as reached */
		assert_true(strncmp(link, root, strlen(root)) == 0);
		memmove(link, link + strlen(root) + 1, strlen(link + strlen(root)));
	}
	snprintf(s->text + n, sizeof(s->text) - n, "%s|%s|%s\n", it->rel, link, it->error ? it->error : "");
	s->count++;
	return 0;
}

static int yaml_names(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

static void put(const char *rel, const char *text)
{
	char path[1024];
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void dir(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static void link_to(const char *target, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static const char *walk_root(seen_items *s, const char *rel, unsigned depth)
{
	imr__walker w;
	char path[1024];
	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	imr__walker_init(&w, depth);
	assert_int_equal(imr__walk(&w, path, yaml_names, collect, s), 0);
	imr__walker_dispose(&w);
	return s->text;
}

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void byte_order_hidden_names_and_the_filter(void **state)
{
	seen_items s;
	(void)state;
	dir("order");
	dir("order/b");
	dir("order/.git");
	put("order/b/x.yaml", "x");
	put("order/a.yaml", "a");
	put("order/B.yaml", "B");
	put("order/c.txt", "c");
	put("order/.hidden.yaml", "h");
	put("order/.git/z.yaml", "z");
	assert_string_equal(walk_root(&s, "order", 64), "B.yaml||\na.yaml||\nb/x.yaml||\n");
}

static void a_fifo_is_an_error_and_is_never_opened(void **state)
{
	seen_items s;
	char path[1024];
	(void)state;
	dir("fifo");
	put("fifo/a.yaml", "a");
	snprintf(path, sizeof(path), "%s/fifo/b.yaml", root);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(path, sizeof(path), "%s/fifo/c.txt", root);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* opening b.yaml would block this test for ever */
	assert_string_equal(walk_root(&s, "fifo", 64), "a.yaml||\nb.yaml||not a regular file\n");
	/* a root that is a FIFO is not opened either */
	assert_string_equal(walk_root(&s, "fifo/c.txt", 64), "c.txt||not a regular file\n");
}

static void a_root_file_is_taken_whatever_its_name(void **state)
{
	seen_items s;
	(void)state;
	put("notes.md", "n");
	assert_string_equal(walk_root(&s, "notes.md", 64), "notes.md||\n");
	assert_string_equal(walk_root(&s, "missing", 64), "missing||cannot open: No such file or directory\n");
}

static void loops_are_errors_and_broken_links_are_reported(void **state)
{
	seen_items s;
	(void)state;
	dir("loop");
	put("loop/a.yaml", "a");
	link_to(".", "loop/self");
	link_to("nowhere.yaml", "loop/broken.yaml");
	link_to("chain2.yaml", "loop/chain1.yaml");
	link_to("chain1.yaml", "loop/chain2.yaml");
	assert_string_equal(walk_root(&s, "loop", 64),
			    "a.yaml||\n"
			    "broken.yaml|loop/broken.yaml|broken or looping symbolic link: No such file or directory\n"
			    "chain1.yaml|loop/chain1.yaml|broken or looping symbolic link: Too many levels of symbolic links\n"
			    "chain2.yaml|loop/chain2.yaml|broken or looping symbolic link: Too many levels of symbolic links\n"
			    "self|loop/self|symbolic link loop: this directory is already being read\n");
}

/* A link to a directory that sorts before the directory itself: each file
 * once, under the first path in walk order, saying which link it went
 * through; a link to a single file that is also reached directly counts
 * once too. */
static void each_file_once_and_the_link_it_was_reached_through(void **state)
{
	seen_items s;
	(void)state;
	dir("dup");
	dir("dup/real");
	dir("dup/real/sub");
	put("dup/real/f.yaml", "f");
	put("dup/real/sub/g.yaml", "g");
	link_to("real", "dup/a-link");
	link_to("real/f.yaml", "dup/z-file.yaml");
	put("dup/y.yaml", "y");
	link_to("y.yaml", "dup/b-file.yaml");
	assert_string_equal(walk_root(&s, "dup", 64),
			    "a-link/f.yaml|dup/a-link|\n"
			    "a-link/sub/g.yaml|dup/a-link|\n"
			    "b-file.yaml|dup/b-file.yaml|\n");
}

static void one_walker_reads_each_directory_once_across_roots(void **state)
{
	imr__walker w;
	seen_items s;
	char path[1024];
	(void)state;
	dir("twice");
	put("twice/t.yaml", "t");
	memset(&s, 0, sizeof(s));
	snprintf(path, sizeof(path), "%s/twice", root);
	imr__walker_init(&w, 64);
	assert_int_equal(imr__walk(&w, path, yaml_names, collect, &s), 0);
	assert_int_equal(imr__walk(&w, path, yaml_names, collect, &s), 0);
	imr__walker_dispose(&w);
	assert_int_equal(s.count, 1);
}

static void directories_deeper_than_the_limit(void **state)
{
	seen_items s;
	(void)state;
	dir("deep");
	dir("deep/1");
	dir("deep/1/2");
	dir("deep/1/2/3");
	put("deep/1/a.yaml", "a");
	put("deep/1/2/3/b.yaml", "b");
	assert_string_equal(walk_root(&s, "deep", 2),
			    "1/2||directories nested deeper than 2 levels (the limit)\n"
			    "1/a.yaml||\n");
}

/* Ids are kept exactly: packed in 8 bytes where they fit, whole where
 * they do not (a 256th device, an inode number of 2^56 or more). */
static void ids_are_told_apart_exactly(void **state)
{
	imr__walker w;
	dev_t d;
	ino_t i;
	(void)state;
	imr__walker_init(&w, 8);
	for (d = 1; d <= 300; d++)
		for (i = 1; i <= 40; i++)
			assert_int_equal(imr__walker_see(&w, d, i), 1);
	for (d = 1; d <= 300; d++)
		for (i = 1; i <= 40; i++)
			assert_int_equal(imr__walker_see(&w, d, i), 0);
	assert_int_equal(w.ndevices, IMR__WALK_DEVICES);
	assert_int_equal(w.npacked, IMR__WALK_DEVICES * 40);
	assert_int_equal(w.count, (300 - IMR__WALK_DEVICES) * 40);
	/* the inode's top bits are not dropped */
	assert_int_equal(imr__walker_see(&w, 1, (ino_t)1 << 56 | 5), 1);
	assert_int_equal(imr__walker_see(&w, 1, (ino_t)2 << 56 | 5), 1);
	assert_int_equal(imr__walker_see(&w, 1, (ino_t)1 << 56 | 5), 0);
	assert_int_equal(imr__walker_see(&w, 1, ((ino_t)1 << 56) - 1), 1);
	assert_int_equal(imr__walker_see(&w, 1, ((ino_t)1 << 56) - 1), 0);
	assert_int_equal(imr__walker_see(&w, 1, 5), 0);
	imr__walker_dispose(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(byte_order_hidden_names_and_the_filter),
		cmocka_unit_test(a_fifo_is_an_error_and_is_never_opened),
		cmocka_unit_test(a_root_file_is_taken_whatever_its_name),
		cmocka_unit_test(loops_are_errors_and_broken_links_are_reported),
		cmocka_unit_test(each_file_once_and_the_link_it_was_reached_through),
		cmocka_unit_test(one_walker_reads_each_directory_once_across_roots),
		cmocka_unit_test(directories_deeper_than_the_limit),
		cmocka_unit_test(ids_are_told_apart_exactly),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
