/* strutil.c - edit distance for "did you mean" and identifier checks. */
#include "strutil.h"

#include <string.h>

#include "alloc.h"
#include "imrcheck/buf.h"

size_t imr__edit_distance(const char *a, const char *b, size_t cap)
{
	/* Three rolling rows are enough for transpositions; names longer than
	 * 63 bytes are never typos of each other worth suggesting. */
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t rows[3][64];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (la > 63 || lb > 63)
		return cap;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		size_t *tmp;
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + cost < best)
				best = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[lb] < cap ? prev[lb] : cap;
}

const char *imr__suggest(const char *word, const char *const *candidates, size_t count)
{
	size_t len = strlen(word), limit = len / 3, best_dist, i;
	const char *best = NULL;

	if (limit < 1)
		limit = 1;
	best_dist = limit + 1;
	for (i = 0; i < count; i++) {
		size_t d = imr__edit_distance(word, candidates[i], best_dist);
		if (d < best_dist && d > 0) {
			best_dist = d;
			best = candidates[i];
		}
	}
	return best;
}

int imr__is_identifier(const char *s, size_t len)
{
	size_t i;
	if (!len || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

int imr__starts_with(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

size_t imr__utf8_sequence(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0; /* overlong, or a surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Whether the valid UTF-8 sequence of @p n bytes at @p p is a control
 * character (C0, DEL, C1) or a noncharacter: nothing a report should
 * show as it is. */
static int unshowable(const unsigned char *p, size_t n)
{
	unsigned long cp = n == 1 ? p[0] : (unsigned long)(p[0] & (0xFF >> (n + 1)));
	size_t i;
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3Fu);
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	       (cp & 0xFFFE) == 0xFFFE;
}

int imr__path_escape(imr_buf *out, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t n, i;
	int err = 0;
	for (; *p && !err; p += n) {
		n = imr__utf8_sequence(p);
		if (n == 1 && *p == '\\') {
			err = imr_buf_puts(out, "\\\\");
		} else if (n == 0 || unshowable(p, n)) {
			n = n ? n : 1; /* each byte of it */
			for (i = 0; i < n && !err; i++)
				err = imr_buf_printf(out, "\\x%02X", (unsigned)p[i]);
		} else {
			err = imr_buf_put(out, (const char *)p, n);
		}
	}
	return err;
}

char *imr__utf8_sanitize(const char *s, int *failed)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, bad = 0, len = 0;
	char *out, *o;
	while (p[len]) {
		n = imr__utf8_sequence(p + len);
		bad += n == 0;
		len += n ? n : 1;
	}
	if (!bad)
		return NULL;
	out = imr__malloc(len + 2 * bad + 1);
	if (!out) {
		*failed = 1;
		return NULL;
	}
	for (o = out; *p; p += n) {
		n = imr__utf8_sequence(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
		} else {
			memcpy(o, "\xEF\xBF\xBD", 3); /* U+FFFD */
			o += 3;
			n = 1;
		}
	}
	*o = '\0';
	return out;
}
