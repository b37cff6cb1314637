/* fuzz_text.c - libFuzzer target: raw bytes -> normalised text with a map back.
 *
 * imr_text_new() on the input, then every promise of text.h checked: the
 * normalised text is NUL-terminated valid UTF-8 with LF line ends and no
 * NUL, CR or form feed inside, and the map back gives, for every offset,
 * an original offset within the input, a line, a column and a page that
 * never go backwards as the offset grows. */
#include "fuzz.h"

/* Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		if (len - i <= n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += n + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imr_text *text = NULL;
	imr_diags diags;
	int err;

	imr_diags_init(&diags);
	err = imr_text_new(&text, "fuzz.txt", (const char *)data, size, NULL, &diags);
	FUZZ_CHECK((err == IMR_OK) == (text != NULL));
	FUZZ_CHECK(err == IMR_OK || diags.errors > 0 || err == IMR_ENOMEM);
	if (text) {
		size_t len, off, orig, prev_orig = 0;
		unsigned line, prev_line = 1, page, pages = imr_text_page_count(text);
		const char *s = imr_text_data(text, &len);
		FUZZ_CHECK(s[len] == '\0' && strlen(s) == len);
		FUZZ_CHECK(!memchr(s, '\r', len) && !memchr(s, '\f', len));
		FUZZ_CHECK(valid_utf8((const unsigned char *)s, len));
		FUZZ_CHECK(strcmp(imr_text_name(text), "fuzz.txt") == 0);
		FUZZ_CHECK(pages >= 1);
		for (off = 0; off <= len + 1; off++) {
			orig = imr_text_original_offset(text, off);
			line = imr_text_line(text, off);
			page = imr_text_page(text, off);
			FUZZ_CHECK(orig <= size && orig >= prev_orig);
			FUZZ_CHECK(line >= prev_line);
			FUZZ_CHECK(page >= 1 && page <= pages);
			/* a column costs a walk along its line: sample 64 */
			if (off % (len / 64 + 1) == 0 || off >= len)
				FUZZ_CHECK(imr_text_column(text, off) >= 1);
			prev_orig = orig;
			prev_line = line;
		}
		(void)imr_text_repaired_bytes(text);
		(void)imr_text_was_utf16(text);
	}
	fuzz_format_diags(&diags);
	imr_text_free(text);
	imr_diags_dispose(&diags);
	return 0;
}
