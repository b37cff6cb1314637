/* test_jsonw.c - JSON written straight into a buffer, in jansson's bytes. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "imrcheck/common.h"
#include "jsonb.h"
#include "jsonw.h"

/* A document of every kind of value, built both ways: the same shape
 * through jansson (jsonb.h) and through the writer. */
static json_t *doc_jansson(jb *b, const char *text)
{
	json_t *o = json_object(), *arr = json_array(), *inner = json_object();
	jset(b, o, "text", jstr(b, text));
	jset(b, o, "none", jstr(b, NULL));
	jset(b, o, "count", json_integer(-1234567890123LL));
	jset(b, o, "zero", json_integer(0));
	jset(b, o, "yes", json_true());
	jset(b, o, "no", json_false());
	jset(b, o, "nothing", json_null());
	jset(b, o, "empty object", json_object());
	jset(b, o, "empty array", json_array());
	jpush(b, arr, json_integer(7));
	jpush(b, arr, jstr(b, text));
	jset(b, inner, "k\xc3\xa9y \"quoted\"", json_true());
	jset(b, inner, "list", json_array());
	jpush(b, arr, inner);
	jset(b, o, "array", arr);
	return o;
}

static void doc_writer(imr__jw *w, const char *text)
{
	imr__jw_open_object(w);
	imr__jw_kstr(w, "text", text);
	imr__jw_kstr(w, "none", NULL);
	imr__jw_kint(w, "count", -1234567890123LL);
	imr__jw_kint(w, "zero", 0);
	imr__jw_key(w, "yes");
	imr__jw_bool(w, 1);
	imr__jw_key(w, "no");
	imr__jw_bool(w, 0);
	imr__jw_key(w, "nothing");
	imr__jw_null(w);
	imr__jw_key(w, "empty object");
	imr__jw_open_object(w);
	imr__jw_close(w);
	imr__jw_key(w, "empty array");
	imr__jw_open_array(w);
	imr__jw_close(w);
	imr__jw_key(w, "array");
	imr__jw_open_array(w);
	imr__jw_int(w, 7);
	imr__jw_str(w, text);
	imr__jw_open_object(w);
	imr__jw_key(w, "k\xc3\xa9y \"quoted\"");
	imr__jw_bool(w, 1);
	imr__jw_key(w, "list");
	imr__jw_open_array(w);
	imr__jw_close(w);
	imr__jw_close(w);
	imr__jw_close(w);
	imr__jw_close(w);
}

/* jansson's rendering of @p doc, every line after the first indented by
 * 2 * @p base more spaces (how the reports place a document inside
 * another). */
static void jansson_bytes(imr_buf *out, json_t *doc, jb *b, size_t flags, size_t base)
{
	imr_buf tmp = IMR_BUF_INIT;
	size_t i, k;
	assert_int_equal(imr__jb_dump(&tmp, doc, b, flags), IMR_OK);
	tmp.size--; /* the dump's trailing newline */
	for (i = 0; i < tmp.size; i++) {
		assert_int_equal(imr_buf_put(out, tmp.ptr + i, 1), IMR_OK);
		for (k = 0; tmp.ptr[i] == '\n' && k < base; k++)
			assert_int_equal(imr_buf_puts(out, "  "), IMR_OK);
	}
	imr_buf_dispose(&tmp);
}

static void expect_same(const char *text)
{
	static const size_t flags[] = { JSON_COMPACT, JSON_INDENT(2), JSON_INDENT(2) };
	static const size_t bases[] = { 0, 0, 2 };
	size_t m;
	for (m = 0; m < 3; m++) {
		imr_buf want = IMR_BUF_INIT, got = IMR_BUF_INIT;
		jb b = { 0 };
		imr__jw w;
		jansson_bytes(&want, doc_jansson(&b, text), &b, flags[m], bases[m]);
		imr__jw_init(&w, &got, flags[m] != JSON_COMPACT, bases[m]);
		doc_writer(&w, text);
		assert_int_equal(imr__jw_finish(&w), IMR_OK);
		assert_string_equal(imr_buf_cstr(&got), imr_buf_cstr(&want));
		imr_buf_dispose(&want);
		imr_buf_dispose(&got);
	}
}

/* Escapes, every control character, DEL, non-ASCII in one to four
 * bytes, and bytes that are not UTF-8 (shown as U+FFFD). */
static void strings_are_written_as_jansson_writes_them(void **state)
{
	static const char *const texts[] = {
		"",
		"plain ASCII / with a slash",
		"quote \" backslash \\ tab \t newline \n return \r bs \b ff \f",
		"\x01\x02\x1f\x7f del",
		"caf\xc3\xa9 \xe2\x80\x94 \xe2\x80\xa8 \xef\xbb\xbf \xf0\x9d\x84\x9e \xf4\x8f\xbf\xbf",
		"stray \x80 cut \xc3 overlong \xc0\xaf surrogate \xed\xa0\x80 high \xf5\x80\x80\x80 end \xe2\x82",
	};
	char all[256];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		expect_same(texts[i]);
	for (i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	expect_same(all);
}

/* Random bytes, any of which may start, cut or break a sequence. */
static void random_bytes_match_jansson(void **state)
{
	char text[64];
	unsigned seed = 12345;
	int round;
	size_t i, n;
	(void)state;
	for (round = 0; round < 2000; round++) {
		seed = seed * 1103515245u + 12345u;
		n = seed >> 16 & 63;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = (char)(1 + (seed >> 16) % 255);
		}
		text[n] = '\0';
		expect_same(text);
	}
}

/* Long plain runs are looked at sixteen bytes at a time: one byte to
 * escape or decode at every place of a run of 40, first, last and across
 * the blocks. */
static void one_odd_byte_anywhere_in_a_run(void **state)
{
	static const char *const odd[] = { "\"", "\\", "\n", "\x1f", "\x7f", "\x80", "\xc3\xa9", "\xe2\x80\x94" };
	char text[48];
	size_t o, at;
	(void)state;
	for (o = 0; o < sizeof(odd) / sizeof(odd[0]); o++)
		for (at = 0; at < 40; at++) {
			size_t n = strlen(odd[o]);
			memset(text, 'a' + (int)(at % 26), sizeof(text));
			memcpy(text + at, odd[o], n);
			text[40 + n] = '\0';
			expect_same(text);
		}
}

/* A document left open, or nested too deep, is an error; so are closing
 * what was never opened and a key left without its value. */
static void misuse_is_an_error(void **state)
{
	imr_buf out = IMR_BUF_INIT;
	imr__jw w;
	int i;
	(void)state;
	imr__jw_init(&w, &out, 0, 0);
	imr__jw_open_object(&w);
	assert_int_equal(imr__jw_finish(&w), IMR_EINVALID);
	imr__jw_init(&w, &out, 0, 0);
	imr__jw_close(&w);
	assert_int_equal(imr__jw_finish(&w), IMR_EINVALID);
	imr__jw_init(&w, &out, 0, 0);
	imr__jw_open_object(&w);
	imr__jw_key(&w, "dangling");
	imr__jw_close(&w);
	assert_int_equal(imr__jw_finish(&w), IMR_EINVALID);
	imr__jw_init(&w, &out, 1, 0);
	for (i = 0; i < IMR__JW_MAX_DEPTH + 1; i++)
		imr__jw_open_array(&w);
	for (i = 0; i < IMR__JW_MAX_DEPTH; i++)
		imr__jw_close(&w);
	assert_int_equal(imr__jw_finish(&w), IMR_EINVALID);
	imr_buf_dispose(&out);
}

/* Memory running out is told once, at the end. */
static void a_failed_allocation_is_reported(void **state)
{
	imr_buf out = IMR_BUF_INIT;
	imr__jw w;
	(void)state;
	imr__jw_init(&w, &out, 1, 0);
	imr__alloc_fail_after(1);
	doc_writer(&w, "some text that needs a buffer");
	imr__alloc_fail_after(0);
	assert_int_equal(imr__jw_finish(&w), IMR_ENOMEM);
	imr_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_are_written_as_jansson_writes_them),
		cmocka_unit_test(random_bytes_match_jansson),
		cmocka_unit_test(one_odd_byte_anywhere_in_a_run),
		cmocka_unit_test(misuse_is_an_error),
		cmocka_unit_test(a_failed_allocation_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
