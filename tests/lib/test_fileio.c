/* test_fileio.c - whole-file reads: sizes, limits, streams, sniffing. */
#include "test.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"

static char root[] = "/tmp/imr-test-fileio-XXXXXX";

static const char *at(const char *rel)
{
	static char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

static void put(const char *rel, const char *data, size_t len)
{
	FILE *f = fopen(at(rel), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A text of @p len bytes that no two offsets of which look alike in a
 * short window, so a byte read twice or skipped shows. */
static char *pattern_text(size_t len)
{
	char *s = malloc(len + 1);
	size_t i;
	assert_non_null(s);
	for (i = 0; i < len; i++)
		s[i] = (char)('a' + (i * 7 + i / 26) % 26);
	s[len] = '\0';
	return s;
}

static int pdf_head(const char *data, size_t len)
{
	return len >= 5 && memcmp(data, "%PDF-", 5) == 0;
}

static int sniff_calls;
static size_t sniff_len;

static int counting_sniff(const char *data, size_t len)
{
	(void)data;
	sniff_calls++;
	sniff_len = len;
	return 0;
}

static void read_ok(const char *path, size_t max, const char *want, size_t want_len)
{
	imr_diags diags = IMR_DIAGS_INIT;
	char *data = NULL;
	size_t len = 99;
	int err = imr__file_read(&data, &len, path, max, &diags);
	if (err != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("imr__file_read(%s) failed: %d", path, err);
	}
	assert_int_equal(diags.count, 0);
	assert_int_equal(len, want_len);
	assert_memory_equal(data, want, want_len);
	assert_int_equal(data[len], '\0');
	imr__free(data);
	imr_diags_dispose(&diags);
}

static void sizes_around_the_first_read(void **state)
{
	static const size_t sizes[] = { 0, 1, 7, 8, 9, 4095, 4096, 65535, 65536, 65537, 200000 };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *s = pattern_text(sizes[i]);
		put("sized.txt", s, sizes[i]);
		read_ok(at("sized.txt"), 1 << 20, s, sizes[i]);
		free(s);
	}
}

static void the_limit_is_the_file_size_exactly(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	char *s = pattern_text(1000), *data = (char *)1;
	size_t len = 5;
	(void)state;
	put("limit.txt", s, 1000);
	read_ok(at("limit.txt"), 1000, s, 1000);
	assert_int_equal(imr__file_read(&data, &len, at("limit.txt"), 999, &diags), IMR_ELIMIT);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_int_equal(diags.count, 1);
	assert_non_null(strstr(diags.items[0].message, "larger than the limit of 999 bytes"));
	assert_string_equal(diags.items[0].file, at("limit.txt"));
	imr_diags_dispose(&diags);
	free(s);
}

/* A file whose size says nothing (a /proc file says 0) is read to its end. */
static void a_file_whose_size_is_zero_but_is_not_empty(void **state)
{
	struct stat st;
	imr_diags diags = IMR_DIAGS_INIT;
	char *data = NULL;
	size_t len = 0;
	(void)state;
	if (stat("/proc/self/status", &st) != 0 || st.st_size != 0)
		skip();
	assert_int_equal(imr__file_read(&data, &len, "/proc/self/status", 1 << 20, &diags), IMR_OK);
	assert_true(len > 0);
	assert_non_null(strstr(data, "Name:"));
	assert_int_equal(data[len], '\0');
	imr__free(data);
	imr_diags_dispose(&diags);
}

static void a_sniffed_file_is_not_read_on(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	char *data = (char *)1;
	size_t len = 5;
	char big[300000];
	(void)state;
	memset(big, 'x', sizeof(big));
	memcpy(big, "%PDF-1.4\n", 9);
	put("doc.pdf", big, sizeof(big));
	/* larger than the limit, yet no limit error: nothing past the head */
	assert_int_equal(imr__file_read_sniffed(&data, &len, at("doc.pdf"), 1000, pdf_head, &diags),
			 IMR__FILE_SNIFFED);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_int_equal(diags.count, 0);
	/* a text is read whole, and the sniffer sees at most eight bytes */
	put("plain.txt", "Case Number: CM16-0000001\n", 26);
	sniff_calls = 0;
	assert_int_equal(imr__file_read_sniffed(&data, &len, at("plain.txt"), 1000, counting_sniff, &diags),
			 IMR_OK);
	assert_int_equal(sniff_calls, 1);
	assert_int_equal(sniff_len, 8);
	assert_int_equal(len, 26);
	assert_string_equal(data, "Case Number: CM16-0000001\n");
	imr__free(data);
	/* a short file: the sniffer sees what there is; an empty one, nothing */
	put("short.txt", "%PD", 3);
	sniff_calls = 0;
	assert_int_equal(imr__file_read_sniffed(&data, &len, at("short.txt"), 1000, counting_sniff, &diags),
			 IMR_OK);
	assert_int_equal(sniff_len, 3);
	imr__free(data);
	put("empty.txt", "", 0);
	sniff_calls = 0;
	assert_int_equal(imr__file_read_sniffed(&data, &len, at("empty.txt"), 1000, counting_sniff, &diags),
			 IMR_OK);
	assert_int_equal(sniff_calls, 0);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	imr__free(data);
	assert_int_equal(diags.count, 0);
	imr_diags_dispose(&diags);
}

/* A FIFO is read as a stream and never sniffed; with no writer it reads
 * as empty, at once. */
static void a_fifo_is_a_stream_and_never_sniffed(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	char *data = NULL;
	size_t len = 7;
	(void)state;
	assert_int_equal(mkfifo(at("pipe.txt"), 0600), 0);
	sniff_calls = 0;
	assert_int_equal(imr__file_read_sniffed(&data, &len, at("pipe.txt"), 1000, counting_sniff, &diags),
			 IMR_OK);
	assert_int_equal(sniff_calls, 0);
	assert_int_equal(len, 0);
	imr__free(data);
	/* rule files must be regular */
	assert_int_equal(imr__file_read_regular(&data, &len, at("pipe.txt"), 1000, &diags), IMR_EIO);
	assert_int_equal(diags.count, 1);
	assert_string_equal(diags.items[0].message, "not a regular file");
	imr_diags_dispose(&diags);
}

static void missing_files_and_directories(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	char *data = NULL;
	size_t len = 0;
	(void)state;
	assert_int_equal(imr__file_read(&data, &len, at("nowhere.txt"), 1000, &diags), IMR_EIO);
	assert_int_equal(mkdir(at("dir.txt"), 0700), 0);
	assert_int_equal(imr__file_read_sniffed(&data, &len, at("dir.txt"), 1000, pdf_head, &diags), IMR_EIO);
	assert_int_equal(diags.count, 2);
	assert_non_null(strstr(diags.items[0].message, "cannot open"));
	assert_string_equal(diags.items[1].message, "is a directory, not a file");
	assert_null(data);
	imr_diags_dispose(&diags);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[256];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes_around_the_first_read),
		cmocka_unit_test(the_limit_is_the_file_size_exactly),
		cmocka_unit_test(a_file_whose_size_is_zero_but_is_not_empty),
		cmocka_unit_test(a_sniffed_file_is_not_read_on),
		cmocka_unit_test(a_fifo_is_a_stream_and_never_sniffed),
		cmocka_unit_test(missing_files_and_directories),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
