/* test_text.c - text normalisation: each rule, the map back, refusals, limits. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Normalise @p len bytes; fails the test unless it succeeds. */
static imr_text *norm_n(const char *data, size_t len)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	int err = imr_text_new(&t, "in.txt", data, len, NULL, &diags);
	if (err != IMR_OK) {
		imr_test_print_diags(&diags);
		fail_msg("imr_text_new failed: %d", err);
	}
	imr_diags_dispose(&diags);
	return t;
}

static imr_text *norm(const char *data)
{
	return norm_n(data, strlen(data));
}

static void assert_normalises(const char *in, size_t len, const char *want)
{
	imr_text *t = norm_n(in, len);
	size_t n;
	const char *got = imr_text_data(t, &n);
	if (n != strlen(want) || memcmp(got, want, n) != 0)
		fail_msg("normalised to \"%s\", expected \"%s\"", got, want);
	assert_int_equal(got[n], '\0');
	imr_text_free(t);
}

#define ASSERT_NORM(in, want) assert_normalises((in), sizeof(in) - 1, (want))

/* ---- each rule ---- */

static void clean_utf8_is_unchanged(void **state)
{
	imr_text *t;
	size_t i, n;
	(void)state;
	t = norm("caf\xc3\xa9 L4-L5\nsecond line\n");
	assert_string_equal(imr_text_data(t, &n), "caf\xc3\xa9 L4-L5\nsecond line\n");
	for (i = 0; i < n; i++)
		assert_int_equal(imr_text_original_offset(t, i), i);
	assert_int_equal(imr_text_repaired_bytes(t), 0);
	assert_int_equal(imr_text_was_utf16(t), 0);
	assert_string_equal(imr_text_name(t), "in.txt");
	imr_text_free(t);
}

static void line_ends_become_lf(void **state)
{
	(void)state;
	ASSERT_NORM("a\r\nb\rc\nd", "a\nb\nc\nd");
	ASSERT_NORM("a\r\r\nb", "a\n\nb");
}

static void form_feed_is_a_page_break(void **state)
{
	imr_text *t;
	size_t n;
	const char *d;
	(void)state;
	t = norm("page one\n\fpage two\fpage three");
	d = imr_text_data(t, &n);
	assert_string_equal(d, "page one\n\npage two\npage three");
	assert_int_equal(imr_text_page_count(t), 3);
	assert_int_equal(imr_text_page(t, 0), 1);
	assert_int_equal(imr_text_page(t, 9), 1);   /* the LF that was the form feed */
	assert_int_equal(imr_text_page(t, 10), 2);  /* "page two" */
	assert_int_equal(imr_text_page(t, 19), 3);
	/* a form feed does not end an original line */
	assert_int_equal(imr_text_line(t, 10), 2);
	assert_int_equal(imr_text_line(t, 19), 2);
	assert_int_equal(imr_text_column(t, 19), 11);
	imr_text_free(t);
}

static void unicode_spaces_become_space(void **state)
{
	(void)state;
	/* NBSP, en space, thin space, narrow NBSP, ideographic space */
	ASSERT_NORM("a\xc2\xa0" "b\xe2\x80\x82" "c\xe2\x80\x89" "d\xe2\x80\xaf" "e\xe3\x80\x80" "f",
		    "a b c d e f");
	/* zero-width space and a BOM inside the text vanish */
	ASSERT_NORM("ab\xe2\x80\x8b" "cd\xef\xbb\xbf" "ef", "abcdef");
}

static void soft_hyphen_is_removed(void **state)
{
	(void)state;
	ASSERT_NORM("radiculo\xc2\xadpathy", "radiculopathy");
	/* at a line end it marks a broken word and stays visible */
	ASSERT_NORM("radiculo\xc2\xad \r\npathy", "radiculo-\npathy");
	ASSERT_NORM("radiculo\xad\npathy", "radiculo-\npathy"); /* Windows-1252 */
	ASSERT_NORM("end\xc2\xad", "end-");
}

static void ligatures_are_spelled_out(void **state)
{
	imr_text *t;
	size_t n;
	(void)state;
	ASSERT_NORM("\xef\xac\x80 \xef\xac\x81 \xef\xac\x82 \xef\xac\x83 \xef\xac\x84",
		    "ff fi fl ffi ffl");
	/* both bytes of "fi" map to the start of the ligature */
	t = norm("con\xef\xac\x81rmed");
	assert_string_equal(imr_text_data(t, &n), "confirmed");
	assert_int_equal(imr_text_original_offset(t, 3), 3);
	assert_int_equal(imr_text_original_offset(t, 4), 3);
	assert_int_equal(imr_text_original_offset(t, 5), 6); /* 'r' */
	imr_text_free(t);
}

static void quotes_and_dashes_become_ascii(void **state)
{
	(void)state;
	ASSERT_NORM("\xe2\x80\x9cwords\xe2\x80\x9d and \xe2\x80\x98it\xe2\x80\x99s\xe2\x80\x99",
		    "\"words\" and 'it's'");
	ASSERT_NORM("L4\xe2\x80\x93L5 pain\xe2\x80\x94worse, \xe2\x88\x92" "1",
		    "L4-L5 pain--worse, -1");
	ASSERT_NORM("wait\xe2\x80\xa6", "wait...");
}

static void trailing_spaces_and_tabs(void **state)
{
	(void)state;
	ASSERT_NORM("a\tb  \nc \t\xc2\xa0\r\nd   ", "a b\nc\nd");
	ASSERT_NORM("  indented\n", "  indented\n");
	ASSERT_NORM("x \f y", "x\n y");
}

static void windows_1252_bytes_are_repaired(void **state)
{
	imr_text *t;
	size_t n;
	(void)state;
	/* e-acute, curly quotes, en dash, euro sign, in otherwise UTF-8 text */
	t = norm("caf\xe9 \x93quoted\x94 \x96 \x80" "5 and caf\xc3\xa9");
	assert_string_equal(imr_text_data(t, &n),
			    "caf\xc3\xa9 \"quoted\" - \xe2\x82\xac" "5 and caf\xc3\xa9");
	assert_int_equal(imr_text_repaired_bytes(t), 5);
	/* the euro sign's three bytes map back to its single input byte */
	assert_int_equal(imr_text_original_offset(t, 17), 16);
	assert_int_equal(imr_text_original_offset(t, 19), 16);
	assert_int_equal(imr_text_original_offset(t, 20), 17);
	imr_text_free(t);
	/* a truncated sequence and an overlong form are not UTF-8 either */
	t = norm("a\xe2\x80 b\xc0\xaf");
	assert_int_equal(imr_text_repaired_bytes(t), 4);
	imr_text_free(t);
}

static void utf8_bom_is_dropped(void **state)
{
	imr_text *t;
	size_t n;
	(void)state;
	t = norm("\xef\xbb\xbfHOW\n");
	assert_string_equal(imr_text_data(t, &n), "HOW\n");
	assert_int_equal(imr_text_original_offset(t, 0), 3);
	assert_int_equal(imr_text_line(t, 0), 1);
	imr_text_free(t);
}

static void utf16_with_bom(void **state)
{
	/* "Hé\r\nok 😀" in UTF-16 LE and BE */
	static const char le[] = "\xff\xfe" "H\0\xe9\0\r\0\n\0o\0k\0 \0\x3d\xd8\x00\xde";
	static const char be[] = "\xfe\xff" "\0H\0\xe9\0\r\0\n\0o\0k\0 \xd8\x3d\xde\x00";
	imr_text *t;
	size_t n;
	(void)state;
	t = norm_n(le, sizeof(le) - 1);
	assert_string_equal(imr_text_data(t, &n), "H\xc3\xa9\nok \xf0\x9f\x98\x80");
	assert_int_equal(imr_text_was_utf16(t), 1);
	assert_int_equal(imr_text_repaired_bytes(t), 0);
	assert_int_equal(imr_text_original_offset(t, 0), 2);
	assert_int_equal(imr_text_original_offset(t, 3), 8);  /* the LF, after the CR */
	assert_int_equal(imr_text_original_offset(t, 4), 10); /* 'o' */
	assert_int_equal(imr_text_original_offset(t, 7), 16); /* the emoji */
	assert_int_equal(imr_text_line(t, 4), 2);
	imr_text_free(t);
	t = norm_n(be, sizeof(be) - 1);
	assert_string_equal(imr_text_data(t, &n), "H\xc3\xa9\nok \xf0\x9f\x98\x80");
	assert_int_equal(imr_text_was_utf16(t), 1);
	imr_text_free(t);
	/* an unpaired surrogate is repaired as U+FFFD */
	t = norm_n("\xff\xfe" "a\0\x00\xd8" "b\0", 8);
	assert_string_equal(imr_text_data(t, &n), "a\xef\xbf\xbd" "b");
	assert_int_equal(imr_text_repaired_bytes(t), 2);
	imr_text_free(t);
}

/* ---- the map back ---- */

/* Runs of visible ASCII are measured sixteen bytes at a time: a piece
 * that ends a run (two spaces, a tab, a line end, a space before a line
 * end, non-ASCII) at every place of a 40-byte run with single spaces in
 * it, against the rules spelled out here: a tab is a space, white space
 * before a line end or the end goes, a non-breaking space is a space, an
 * en dash a hyphen; and each copied byte maps back to itself. */
static void every_place_of_a_long_run(void **state)
{
	static const struct { const char *in, *out; } pieces[] = {
		{ "  ", "  " }, { "\t", " " }, { "\n", "\n" }, { " \n", "\n" }, { "\t\n", "\n" },
		{ "\xc3\xa9", "\xc3\xa9" }, { "\xc2\xa0", " " }, { "\xe2\x80\x93", "-" }, { " ", " " },
	};
	char in[64], want[64];
	size_t p, at, k;
	(void)state;
	for (p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++)
		for (at = 1; at < 40; at++) {
			size_t n = strlen(pieces[p].in), len, wlen, i, got_len;
			imr_text *t;
			const char *got;
			for (k = 0; k < 40; k++)
				in[k] = k % 7 == 6 ? ' ' : (char)('a' + k % 26);
			in[at - 1] = 'x'; /* a visible byte before the piece */
			memcpy(in + at, pieces[p].in, n);
			len = at + n;
			for (k = at; k < 40; k++)
				in[len++] = k % 7 == 6 ? 'y' : (char)('a' + k % 26);
			/* the rules, on the prefix, the piece and the rest */
			memcpy(want, in, at);
			wlen = at;
			if (pieces[p].out[0] == '\n')
				while (wlen && want[wlen - 1] == ' ')
					wlen--;
			memcpy(want + wlen, pieces[p].out, strlen(pieces[p].out));
			wlen += strlen(pieces[p].out);
			memcpy(want + wlen, in + at + n, len - at - n);
			wlen += len - at - n;
			t = norm_n(in, len);
			got = imr_text_data(t, &got_len);
			if (got_len != wlen || memcmp(got, want, wlen) != 0)
				fail_msg("piece %zu at %zu: \"%s\", expected \"%.*s\"", p, at, got, (int)wlen, want);
			for (i = 0; i < got_len; i++)
				if (got[i] > ' ' && got[i] < 0x7f && got[i] != '-')
					assert_int_equal(in[imr_text_original_offset(t, i)], got[i]);
			imr_text_free(t);
		}
}

/* For inputs mixing every rule: offsets never go backwards, every byte
 * kept as it was maps to itself in the input, and the line of each byte
 * is the number of line ends before its original offset, plus one. */
static void map_round_trips(void **state)
{
	static const char in[] = "Re: L4\xe2\x80\x93L5\r\n\tcaf\xe9 \xef\xac\x81ne  \r\n"
				 "\xc2\xa0x\xc2\xady\rz\f\xe2\x80\x9cq\xe2\x80\x9d end  ";
	imr_text *t = norm_n(in, sizeof(in) - 1);
	size_t n, i, prev = 0;
	const char *d = imr_text_data(t, &n);
	(void)state;
	assert_string_equal(d, "Re: L4-L5\n caf\xc3\xa9 fine\n xy\nz\n\"q\" end");
	for (i = 0; i < n; i++) {
		size_t o = imr_text_original_offset(t, i), k;
		unsigned lines = 1;
		assert_true(o >= prev);
		assert_true(o < sizeof(in) - 1);
		prev = o;
		/* an ASCII input byte is only ever copied, never replaced */
		if ((unsigned char)in[o] < 0x80 && in[o] > ' ')
			assert_int_equal(in[o], d[i]);
		for (k = 0; k < o; k++)
			if (in[k] == '\n' || (in[k] == '\r' && in[k + 1] != '\n'))
				lines++;
		if (imr_text_line(t, i) != lines)
			fail_msg("byte %zu ('%c'): line %u, expected %u", i, d[i],
				 imr_text_line(t, i), lines);
	}
	/* past the end maps to the end */
	assert_int_equal(imr_text_original_offset(t, n + 100),
			 imr_text_original_offset(t, n));
	imr_text_free(t);
}

static void large_clean_text_maps_linearly(void **state)
{
	size_t len = 1 << 20, i;
	char *big = malloc(len);
	imr_text *t;
	(void)state;
	assert_non_null(big);
	for (i = 0; i < len; i++)
		big[i] = (i % 80 == 79) ? '\n' : (char)('a' + i % 26);
	t = norm_n(big, len);
	assert_int_equal(imr_text_original_offset(t, 123457), 123457);
	assert_int_equal(imr_text_line(t, 80 * 1000), 1001);
	assert_int_equal(imr_text_column(t, 80 * 1000 + 5), 6);
	imr_text_free(t);
	free(big);
}

static void columns_count_characters(void **state)
{
	imr_text *t = norm("ab\ncaf\xc3\xa9 x");
	(void)state;
	assert_int_equal(imr_text_column(t, 0), 1);
	assert_int_equal(imr_text_column(t, 3), 1);
	assert_int_equal(imr_text_column(t, 9), 6); /* 'x' after the two-byte e-acute */
	imr_text_free(t);
}

static void empty_input(void **state)
{
	imr_text *t = norm_n("", 0);
	size_t n;
	(void)state;
	assert_string_equal(imr_text_data(t, &n), "");
	assert_int_equal(n, 0);
	assert_int_equal(imr_text_line(t, 0), 1);
	assert_int_equal(imr_text_page_count(t), 1);
	imr_text_free(t);
}

/* ---- refusals and limits ---- */

static void nul_byte_is_binary(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = (imr_text *)1;
	(void)state;
	assert_int_equal(imr_text_new(&t, "x.pdf", "ab\ncd\0ef", 8, NULL, &diags), IMR_EINVALID);
	assert_null(t);
	assert_diag(&diags, "binary", 2, 3);
	assert_string_equal(diags.items[0].message, "binary data at byte 5, not text");
	assert_string_equal(diags.items[0].file, "x.pdf");
	imr_diags_dispose(&diags);
}

static void control_characters_are_binary(void **state)
{
	char buf[5000];
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	size_t i;
	(void)state;
	/* 10% control characters in the first 4 KiB is still text ... */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (i < 4096 && i % 10 == 9) ? '\x01' : 'a';
	assert_int_equal(imr_text_new(&t, "ok", buf, sizeof(buf), NULL, &diags), IMR_OK);
	imr_text_free(t);
	/* ... one more is not */
	buf[0] = '\x02';
	assert_int_equal(imr_text_new(&t, "bad", buf, sizeof(buf), NULL, &diags), IMR_EINVALID);
	assert_diag(&diags, "binary", 1, 1);
	assert_string_equal(diags.items[0].message, "binary data at byte 0, not text");
	imr_diags_dispose(&diags);
	/* control characters after the first 4 KiB do not count */
	memset(buf, 'a', sizeof(buf));
	memset(buf + 4200, '\x03', 700);
	assert_int_equal(imr_text_new(&t, "ok", buf, sizeof(buf), NULL, &diags), IMR_OK);
	imr_text_free(t);
	imr_diags_dispose(&diags);
	/* a vertical tab or DEL counts, a form feed, tab or line end does not;
	 * the first one counted is where the data is said to be binary */
	memset(buf, 'a', sizeof(buf));
	for (i = 7; i < 4096; i += 8)
		buf[i] = i % 16 == 7 ? '\v' : '\x7f';
	assert_int_equal(imr_text_new(&t, "bad", buf, sizeof(buf), NULL, &diags), IMR_EINVALID);
	assert_string_equal(diags.items[0].message, "binary data at byte 7, not text");
	imr_diags_dispose(&diags);
	for (i = 7; i < 4096; i += 8)
		buf[i] = "\f\t\n\r"[(i / 8) % 4];
	assert_int_equal(imr_text_new(&t, "ok", buf, sizeof(buf), NULL, &diags), IMR_OK);
	imr_text_free(t);
	imr_diags_dispose(&diags);
	/* the edges: 0x1F counts, a space and bytes from 0x80 on do not */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (i < 4096 && i % 10 == 9) ? '\x1f' : " \x80\xff"[i % 3];
	assert_int_equal(imr_text_new(&t, "ok", buf, sizeof(buf), NULL, &diags), IMR_OK);
	imr_text_free(t);
	buf[4] = '\x1f';
	assert_int_equal(imr_text_new(&t, "bad", buf, sizeof(buf), NULL, &diags), IMR_EINVALID);
	assert_string_equal(diags.items[0].message, "binary data at byte 4, not text");
	imr_diags_dispose(&diags);
}

static void utf16_nul_is_binary(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	(void)state;
	assert_int_equal(imr_text_new(&t, "u16", "\xff\xfe" "a\0\0\0b\0", 8, NULL, &diags),
			 IMR_EINVALID);
	assert_diag(&diags, "binary", 1, 2);
	assert_string_equal(diags.items[0].message, "binary data at byte 4, not text");
	imr_diags_dispose(&diags);
}

static void text_limit(void **state)
{
	imr_limits lim = IMR_LIMITS_INIT;
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	(void)state;
	lim.text_bytes = 10;
	assert_int_equal(imr_text_new(&t, "big", "12345\n67890", 11, &lim, &diags), IMR_ELIMIT);
	assert_null(t);
	assert_diag(&diags, "limit", 2, 5);
	assert_string_equal(diags.items[0].message, "text is larger than the limit of 10 bytes");
	imr_diags_dispose(&diags);
	/* exactly at the limit is fine */
	assert_int_equal(imr_text_new(&t, "ok", "12345\n6789", 10, &lim, &diags), IMR_OK);
	imr_text_free(t);
	/* four euro signs in Windows-1252 grow to twelve bytes of UTF-8 */
	assert_int_equal(imr_text_new(&t, "grow", "\x80\x80\x80\x80", 4, &lim, &diags), IMR_ELIMIT);
	assert_diag(&diags, "limit", 1, 0);
	assert_string_equal(diags.items[0].message,
			    "normalised text is larger than the limit of 10 bytes");
	imr_diags_dispose(&diags);
}

static void load_file(void **state)
{
	imr_diags diags = IMR_DIAGS_INIT;
	imr_text *t = NULL;
	size_t n;
	const char *path = imr_test_write_temp("letter.txt", "HOW\r\nTHE\r\n");
	imr_limits lim = IMR_LIMITS_INIT;
	(void)state;
	assert_int_equal(imr_text_load_file(&t, path, NULL, &diags), IMR_OK);
	assert_string_equal(imr_text_data(t, &n), "HOW\nTHE\n");
	assert_string_equal(imr_text_name(t), path);
	imr_text_free(t);
	assert_int_equal(imr_text_load_file(&t, "/nonexistent/letter.txt", NULL, &diags), IMR_EIO);
	assert_null(t);
	assert_diag(&diags, "io", 0, 0);
	imr_diags_dispose(&diags);
	lim.text_bytes = 4;
	assert_int_equal(imr_text_load_file(&t, path, &lim, &diags), IMR_ELIMIT);
	assert_diag(&diags, "limit", 0, 0);
	imr_diags_dispose(&diags);
}

static void every_allocation_failure_is_clean(void **state)
{
	static const char in[] = "a\r\nb\xc2\xa0 \n\fc\xef\xac\x81 \x93q\x94";
	long n;
	(void)state;
	for (n = 1; n < 200; n++) {
		imr_diags diags = IMR_DIAGS_INIT;
		imr_text *t = NULL;
		int err;
		imr__alloc_fail_after(n);
		err = imr_text_new(&t, "oom", in, sizeof(in) - 1, NULL, &diags);
		imr__alloc_fail_after(0);
		imr_diags_dispose(&diags);
		if (err == IMR_OK) {
			imr_text_free(t);
			break;
		}
		assert_int_equal(err, IMR_ENOMEM);
		assert_null(t);
	}
	assert_true(n < 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_utf8_is_unchanged),
		cmocka_unit_test(line_ends_become_lf),
		cmocka_unit_test(form_feed_is_a_page_break),
		cmocka_unit_test(unicode_spaces_become_space),
		cmocka_unit_test(soft_hyphen_is_removed),
		cmocka_unit_test(ligatures_are_spelled_out),
		cmocka_unit_test(quotes_and_dashes_become_ascii),
		cmocka_unit_test(trailing_spaces_and_tabs),
		cmocka_unit_test(windows_1252_bytes_are_repaired),
		cmocka_unit_test(utf8_bom_is_dropped),
		cmocka_unit_test(utf16_with_bom),
		cmocka_unit_test(every_place_of_a_long_run),
		cmocka_unit_test(map_round_trips),
		cmocka_unit_test(large_clean_text_maps_linearly),
		cmocka_unit_test(columns_count_characters),
		cmocka_unit_test(empty_input),
		cmocka_unit_test(nul_byte_is_binary),
		cmocka_unit_test(control_characters_are_binary),
		cmocka_unit_test(utf16_nul_is_binary),
		cmocka_unit_test(text_limit),
		cmocka_unit_test(load_file),
		cmocka_unit_test(every_allocation_failure_is_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
