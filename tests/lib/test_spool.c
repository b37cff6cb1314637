/* test_spool.c - bytes set aside in a temporary file and read back. */
#include "test.h"

#include <string.h>

#include "imrcheck/buf.h"
#include "spool.h"

static int to_buf(void *ctx, const char *data, size_t len)
{
	return imr_buf_put(ctx, data, len);
}

static int refuse(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return IMR_EIO;
}

/* Nothing appended: no file, nothing copied, nothing read. */
static void an_empty_spool_has_no_file(void **state)
{
	imr__spool s = IMR__SPOOL_INIT;
	imr_buf out = IMR_BUF_INIT;
	char c;
	(void)state;
	assert_int_equal(imr__spool_put(&s, "", 0), 0);
	assert_null(s.fp);
	assert_int_equal(imr__spool_copy(&s, to_buf, &out), 0);
	assert_int_equal(out.size, 0);
	assert_int_equal(imr__spool_read(&s, &c, 1), 0);
	imr__spool_dispose(&s);
}

/* More than one chunk of the copy, appended to after a copy, copied again
 * whole; the sink's failure stops the copy with its status. */
static void copies_are_whole_and_repeatable(void **state)
{
	imr__spool s = IMR__SPOOL_INIT;
	imr_buf want = IMR_BUF_INIT, out = IMR_BUF_INIT;
	size_t i;
	(void)state;
	for (i = 0; i < 20000; i++) {
		char line[32];
		int n = snprintf(line, sizeof(line), "line %zu\n", i);
		assert_int_equal(imr__spool_put(&s, line, (size_t)n), 0);
		assert_int_equal(imr_buf_put(&want, line, (size_t)n), 0);
	}
	assert_true(want.size > 65536 * 2);
	assert_int_equal(imr__spool_copy(&s, to_buf, &out), 0);
	assert_int_equal(out.size, want.size);
	assert_memory_equal(out.ptr, want.ptr, want.size);
	assert_int_equal(imr__spool_put(&s, "tail", 4), 0);
	assert_int_equal(imr_buf_put(&want, "tail", 4), 0);
	imr_buf_clear(&out);
	assert_int_equal(imr__spool_copy(&s, to_buf, &out), 0);
	assert_int_equal(out.size, want.size);
	assert_memory_equal(out.ptr, want.ptr, want.size);
	assert_int_equal(imr__spool_copy(&s, refuse, NULL), IMR_EIO);
	imr__spool_dispose(&s);
	imr_buf_dispose(&want);
	imr_buf_dispose(&out);
}

/* Records read back in order; a record cut short is an error, the end is 0. */
static void records_read_back_in_order(void **state)
{
	imr__spool s = IMR__SPOOL_INIT;
	size_t i, v;
	char half[2];
	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(imr__spool_put(&s, &i, sizeof(i)), 0);
	assert_int_equal(imr__spool_put(&s, "x", 1), 0);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(imr__spool_read(&s, &v, sizeof(v)), 1);
		assert_int_equal(v, i);
	}
	assert_int_equal(imr__spool_read(&s, half, 2), IMR_EIO);
	imr__spool_dispose(&s);
	assert_int_equal(imr__spool_read(&s, half, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_empty_spool_has_no_file),
		cmocka_unit_test(copies_are_whole_and_repeatable),
		cmocka_unit_test(records_read_back_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
