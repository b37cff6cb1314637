/* jsonw.c - JSON written as it is given, in jansson's bytes (see jsonw.h). */
#include "jsonw.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imrcheck/common.h"
#include "strutil.h"

static void put(imr__jw *w, const char *s, size_t n)
{
	if (!w->failed && imr_buf_put(w->out, s, n) < 0)
		w->failed = 1;
}

static void newline(imr__jw *w, size_t levels)
{
	static const char spaces[] = "\n                                ";
	size_t n = 2 * (w->base + levels);
	put(w, spaces, 1);
	while (n) {
		size_t k = n < sizeof(spaces) - 2 ? n : sizeof(spaces) - 2;
		put(w, spaces + 1, k);
		n -= k;
	}
}

void imr__jw_init(imr__jw *w, imr_buf *out, int indent, size_t base)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->indent = indent;
	w->base = base;
}

/* What comes before a value or a key: nothing at the top or after a
 * key; the line break of the first member; a comma and a line break. */
static void before_member(imr__jw *w)
{
	if (!w->depth)
		return;
	if (w->empty[w->depth - 1] == 1)
		w->empty[w->depth - 1] = 0;
	else
		put(w, ",", 1);
	if (w->indent)
		newline(w, w->depth);
}

/* Before a value: a key has already placed it inside an object. */
static void before_value(imr__jw *w)
{
	if (w->depth && w->empty[w->depth - 1] == 2) { /* right after a key */
		w->empty[w->depth - 1] = 0;
		return;
	}
	before_member(w);
}

static void open_container(imr__jw *w, char bracket)
{
	before_value(w);
	if (w->depth >= IMR__JW_MAX_DEPTH) {
		w->failed = -1;
		return;
	}
	put(w, &bracket, 1);
	w->closer[w->depth] = bracket == '{' ? '}' : ']';
	w->empty[w->depth++] = 1;
}

void imr__jw_open_object(imr__jw *w)
{
	open_container(w, '{');
}

void imr__jw_open_array(imr__jw *w)
{
	open_container(w, '[');
}

void imr__jw_close(imr__jw *w)
{
	if (!w->depth) {
		w->failed = -1;
		return;
	}
	w->depth--;
	if (w->empty[w->depth] == 2) /* a key with no value */
		w->failed = -1;
	if (w->empty[w->depth] != 1 && w->indent)
		newline(w, w->depth);
	put(w, &w->closer[w->depth], 1);
}

/* The JSON escape of a code point, as jansson writes it. */
static void put_code_point(imr__jw *w, unsigned long cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char seq[12];
	int n = 0, k;
	unsigned long units[2];
	int nunits = 0;
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		units[nunits++] = 0xD800 | (cp >> 10);
		units[nunits++] = 0xDC00 | (cp & 0x3FF);
	} else {
		units[nunits++] = cp;
	}
	for (k = 0; k < nunits; k++) {
		seq[n++] = '\\';
		seq[n++] = 'u';
		seq[n++] = hex[units[k] >> 12 & 0xF];
		seq[n++] = hex[units[k] >> 8 & 0xF];
		seq[n++] = hex[units[k] >> 4 & 0xF];
		seq[n++] = hex[units[k] & 0xF];
	}
	put(w, seq, (size_t)n);
}

static unsigned long decode(const unsigned char *p, size_t n)
{
	unsigned long cp = (unsigned long)(p[0] & (0xFF >> (n + 1)));
	size_t i;
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3Fu);
	return cp;
}

/* Whether byte @p c is written as it is: printable ASCII but the quote
 * and the backslash. */
static int plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* The first byte from @p p on, before @p end, that is not written as it is,
 * or @p end. A letter's texts go out whole, rationale and evidence, so
 * sixteen bytes are looked at a time where the processor can. */
static const unsigned char *plain_run(const unsigned char *p, const unsigned char *end)
{
#if defined(__SSE2__)
	const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\');
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* a signed compare: bytes of 0x80 and above are negative */
		__m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, space),
					   _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)));
		int mask = _mm_movemask_epi8(odd);
		if (mask)
			return p + __builtin_ctz((unsigned)mask);
	}
#endif
	while (p < end && plain_byte(*p))
		p++;
	return p;
}

static void put_string(imr__jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + strlen(s);
	put(w, "\"", 1);
	for (;;) {
		unsigned char c;
		const char *esc = NULL;
		size_t n;
		p = plain_run(p, end);
		c = *p;
		put(w, (const char *)run, (size_t)(p - run));
		if (!c)
			break;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			put(w, esc, 2);
			n = 1;
		} else if (c < 0x80) {
			put_code_point(w, c);
			n = 1;
		} else if ((n = imr__utf8_sequence(p)) != 0) {
			put_code_point(w, decode(p, n));
		} else {
			put_code_point(w, 0xFFFD); /* not UTF-8: one byte, as jsonb.h */
			n = 1;
		}
		p += n;
		run = p;
	}
	put(w, "\"", 1);
}

void imr__jw_key(imr__jw *w, const char *key)
{
	before_member(w);
	put_string(w, key);
	put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
	if (w->depth)
		w->empty[w->depth - 1] = 2;
}

void imr__jw_str(imr__jw *w, const char *s)
{
	before_value(w);
	if (s)
		put_string(w, s);
	else
		put(w, "null", 4);
}

void imr__jw_int(imr__jw *w, long long n)
{
	char digits[24];
	size_t i = sizeof(digits);
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	before_value(w);
	do {
		digits[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		digits[--i] = '-';
	put(w, digits + i, sizeof(digits) - i);
}

void imr__jw_bool(imr__jw *w, int value)
{
	before_value(w);
	put(w, value ? "true" : "false", value ? 4 : 5);
}

void imr__jw_null(imr__jw *w)
{
	before_value(w);
	put(w, "null", 4);
}

void imr__jw_kstr(imr__jw *w, const char *key, const char *s)
{
	imr__jw_key(w, key);
	imr__jw_str(w, s);
}

void imr__jw_kint(imr__jw *w, const char *key, long long n)
{
	imr__jw_key(w, key);
	imr__jw_int(w, n);
}

int imr__jw_finish(imr__jw *w)
{
	if (w->failed > 0)
		return IMR_ENOMEM;
	if (w->failed < 0 || w->depth)
		return IMR_EINVALID;
	return IMR_OK;
}
